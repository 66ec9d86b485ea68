/*
 * dates.c - the dated obligations of a version as every view shows them
 * (see dates.h): one row per table row or dated phrase, with the ballot
 * that brought it to main.
 */
#include "tracker/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/query.h"
#include "db/record.h"
#include "tracker/link.h"
#include "tracker/outline.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/strbuf.h"

static int eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/*
 * The view-model row of one obligation.  Its ballot is the one that
 * brought it to main (`origin`, for a table row: its entry in
 * date_origins, may be NULL); a table row whose history names none keeps
 * the ballot its table names.
 */
static json_t *view_row(const struct ct_obligation *o, long doc_line, const struct ct_origin *origin)
{
	int text = eq(o->source, "text");
	json_t *r = json_object(), *secs = json_array();
	json_object_set_new(r, "date", record_json_text(o->date));
	json_object_set_new(r, "keyword", record_json_text(o->keyword));
	if (text) {
		json_object_set_new(r, "ballot", record_json_text(o->origin_ballot));
		json_object_set_new(r, "ballot_key", record_json_text(o->origin_ballot_key));
	} else if (origin && origin->ballot_key) {
		json_object_set_new(r, "ballot", record_json_text(origin->ballot));
		json_object_set_new(r, "ballot_key", record_json_text(origin->ballot_key));
	} else {
		json_object_set_new(r, "ballot", record_json_text(o->ballot));
		json_object_set_new(r, "ballot_key", record_json_text(o->ballot_key));
	}
	for (size_t i = 0; i < o->nsections; i++)
		json_array_append_new(secs, record_json_text(o->sections[i]));
	json_object_set_new(r, "sections", secs);
	json_object_set_new(r, "description", record_json_text(o->description));
	json_object_set_new(r, "source", record_json_text(o->source));
	json_object_set_new(r, "version", record_json_text(text ? o->origin_version : o->version));
	json_object_set_new(r, "phrase", record_json_text(o->phrase));
	json_object_set_new(r, "commit", text ? record_json_text(o->origin_commit)
					  : origin ? record_json_text(origin->commit) : json_null());
	json_object_set_new(r, "requirements", text && o->rid ? json_pack("[s]", o->rid) : json_array());
	json_object_set_new(r, "line", json_integer(doc_line));
	json_object_set_new(r, "in_section", record_json_text(o->section));
	return r;
}

/* Append `row` to the list `index` keeps under `key`, making the list when it is the first. */
static void bucket_add(json_t *index, const char *key, json_t *row)
{
	json_t *list = json_object_get(index, key);
	if (!list) {
		list = json_array();
		json_object_set_new_nocheck(index, key, list);
	}
	json_array_append(list, row);
}

/* The key of a row's date, keyword and ballot ("" when one is missing: such rows match none). */
static void match_key(struct strbuf *key, json_t *r)
{
	const char *d = jsonget_str(r, "date"), *k = jsonget_str(r, "keyword"), *b = jsonget_str(r, "ballot_key");
	strbuf_reset(key);
	if (d && k && b)
		strbuf_addf(key, "%s\x1f%s\x1f%s", d, k, b);
}

/*
 * Table rows without sections borrow those of the phrases they summarise
 * (the phrases of the same date, keyword and ballot, in row order);
 * every table row gets the requirements of those phrases.  The phrases
 * are looked up by that key, and the sections kept once each by a set.
 */
static void borrow_links(json_t *rows)
{
	size_t i, j;
	json_t *t, *x, *by_key = json_object();
	struct strbuf key = STRBUF_INIT;
	json_array_foreach(rows, i, x) {
		match_key(&key, x);
		if (!eq(jsonget_str(x, "source"), "text") || !key.len)
			continue;
		bucket_add(by_key, key.buf, x);
	}
	json_array_foreach(rows, i, t) {
		match_key(&key, t);
		if (!eq(jsonget_str(t, "source"), "table") || !key.len)
			continue;
		int named = json_array_size(json_object_get(t, "sections")) > 0;
		json_t *secs = json_array(), *seen = json_object();
		json_array_foreach(json_object_get(by_key, key.buf), j, x) {
			/* The table row is carried by the requirements that state its date. */
			json_array_extend(json_object_get(t, "requirements"), json_object_get(x, "requirements"));
			size_t k;
			json_t *s;
			json_array_foreach(json_object_get(x, "sections"), k, s) {
				const char *v = json_string_value(s);
				if (v && json_object_get(seen, v))
					continue;
				if (v)
					json_object_set_new_nocheck(seen, v, json_true());
				json_array_append(secs, s);
			}
		}
		json_decref(seen);
		if (named)
			json_decref(secs);
		else
			json_object_set_new(t, "sections", secs);
	}
	strbuf_release(&key);
	json_decref(by_key);
}

int dates_rows(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version_id)
{
	struct ct_origin_list origins = CT_ORIGIN_LIST_INIT;
	struct ct_obligation_list obls = CT_OBLIGATION_LIST_INIT;
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	int rc = query_obligation_list(&obls, db, doc_id, version_id);
	if (rc == 0)
		rc = query_section_list(&sections, db, version_id, 0);
	if (rc == 0)
		rc = query_origin_list(&origins, db, doc_id, "t|");
	if (rc < 0) {
		ct_obligation_list_release(&obls);
		ct_section_list_release(&sections);
		return rc;
	}
	struct strbuf key = STRBUF_INIT;
	long *starts = outline_section_starts(&sections);
	json_t *rows = json_array();
	for (size_t i = 0; i < obls.n; i++) {
		const struct ct_obligation *o = &obls.items[i];
		const struct ct_origin *origin = NULL;
		if (eq(o->source, "table")) {
			link_table_key(&key, o->date, o->keyword, o->description);
			origin = ct_origin_find(&origins, key.buf);
		}
		json_array_append_new(rows, view_row(o, starts[o->pos] + o->line - 1, origin));
	}
	borrow_links(rows);
	strbuf_release(&key);
	ct_origin_list_release(&origins);
	free(starts);
	ct_section_list_release(&sections);
	ct_obligation_list_release(&obls);
	*out = rows;
	return 0;
}


const char *dates_revision_date(const struct ct_revision *r, int adopted)
{
	static const char *const in_force[] = { "effective", "adopt", "publication" };
	static const char *const adoption[] = { "adopt", "publication", "effective" };
	const char *const *order = adopted ? adoption : in_force;
	for (int i = 0; i < 3; i++) {
		const char *d = ct_revision_column(r, order[i]);
		if (d)
			return d;
	}
	return NULL;
}

int dates_version_rows(json_t *rows, struct ct_db *db, const char *doc_name, int64_t version_id)
{
	struct ct_revision_list revs = CT_REVISION_LIST_INIT;
	int rc = query_revision_list(&revs, db, version_id);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < revs.n; i++) {
		const struct ct_revision *r = &revs.items[i];
		const char *date = dates_revision_date(r, 0);
		if (!date)
			continue;
		const char *ver = r->version, *desc = r->description;
		json_t *d = ver ? json_sprintf("%s %s takes effect: %s", doc_name, ver, desc ? desc : "")
				: json_string(desc ? desc : "");
		json_array_append_new(rows, json_pack("{s:s, s:n, s:o, s:o, s:[], s:o, s:s, s:o, s:n, s:n, s:[], s:n, s:n}",
						      "date", date, "keyword", "ballot", record_json_text(r->ballot),
						      "ballot_key", record_json_text(r->ballot_key), "sections", "description", d,
						      "source", "version", "version", record_json_text(r->version), "phrase",
						      "commit", "requirements", "line", "in_section"));
	}
	ct_revision_list_release(&revs);
	return 0;
}

static int has_section(json_t *secs, const char *s)
{
	json_t *x;
	size_t i;
	json_array_foreach(secs, i, x)
		if (eq(json_string_value(x), s))
			return 1;
	return 0;
}

/*
 * The key a text row is grouped by: its date, keyword (or none) and first
 * section, each length-prefixed so that no two triples share a key.  0
 * when the row can join no table row (no date or no first section).
 */
static int group_key(struct strbuf *key, const char *date, const char *keyword, const char *section)
{
	strbuf_reset(key);
	if (!date || !section)
		return 0;
	strbuf_addf(key, "%zu:%s", strlen(date), date);
	if (keyword)
		strbuf_addf(key, "%zu:%s", strlen(keyword), keyword);
	else
		strbuf_addch(key, '-');
	strbuf_addstr(key, section);
	return 1;
}

/*
 * The text rows are indexed by group_key; each table row, in row order,
 * takes the index entries of its sections.  An entry is taken whole, so
 * it is removed once taken: linear in the rows and the table rows' sections.
 */
void dates_group(json_t *rows)
{
	json_t *t, *x, *s, *by_key = json_object();
	size_t i, j, k;
	json_int_t next = 1;
	struct strbuf key = STRBUF_INIT;
	json_array_foreach(rows, i, x) {
		json_object_del(x, "group");
		if (!eq(jsonget_str(x, "source"), "text") ||
		    !group_key(&key, jsonget_str(x, "date"), jsonget_str(x, "keyword"),
			       json_string_value(json_array_get(json_object_get(x, "sections"), 0))))
			continue;
		bucket_add(by_key, key.buf, x);
	}
	json_array_foreach(rows, i, t) {
		if (!eq(jsonget_str(t, "source"), "table"))
			continue;
		json_t *g = json_integer(next++);
		json_object_set(t, "group", g);
		json_array_foreach(json_object_get(t, "sections"), j, s) {
			if (!group_key(&key, jsonget_str(t, "date"), jsonget_str(t, "keyword"), json_string_value(s)))
				continue;
			json_array_foreach(json_object_get(by_key, key.buf), k, x)
				json_object_set(x, "group", g);
			json_object_del(by_key, key.buf);
		}
		json_decref(g);
	}
	json_array_foreach(rows, i, x)
		if (!json_object_get(x, "group"))
			json_object_set_new(x, "group", json_integer(next++));
	strbuf_release(&key);
	json_decref(by_key);
}

json_t *dates_merge(json_t *rows)
{
	json_t *out = json_array(), *by_group = json_object(), *r;
	size_t i;
	json_array_foreach(rows, i, r) {
		json_t *g = json_object_get(r, "group");
		char key[32];
		if (!json_is_integer(g)) {
			json_array_append_new(out, json_copy(r));
			continue;
		}
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(g));
		json_t *m = json_object_get(by_group, key);
		if (!m) {
			/* members are shared, not copied: only "sections" is added to, so that one is the row's own */
			m = json_copy(r);
			json_object_set_new(m, "sections", json_copy(json_object_get(r, "sections")));
			json_object_set_new(m, "sources", json_pack("[O]", json_object_get(r, "source")));
			json_object_set_new(by_group, key, json_incref(m));
			json_array_append_new(out, m);
			continue;
		}
		/* The table row's wording and ballot lead; sections, sources and requirements add up. */
		if (eq(jsonget_str(r, "source"), "table")) {
			json_t *keep_secs = json_incref(json_object_get(m, "sections"));
			json_t *keep_srcs = json_incref(json_object_get(m, "sources"));
			json_object_update(m, r);
			json_object_set_new(m, "sections", keep_secs);
			json_object_set_new(m, "sources", keep_srcs);
		}
		json_t *x;
		size_t j;
		json_array_foreach(json_object_get(r, "sections"), j, x)
			if (!has_section(json_object_get(m, "sections"), json_string_value(x)))
				json_array_append(json_object_get(m, "sections"), x);
		if (!has_section(json_object_get(m, "sources"), jsonget_str(r, "source")))
			json_array_append(json_object_get(m, "sources"), json_object_get(r, "source"));
		json_object_set_new(m, "source", json_string("table+text"));
	}
	json_decref(by_group);
	return out;
}

static int source_rank(const char *source)
{
	return eq(source, "table") ? 0 : eq(source, "text") ? 1 : 2;
}

int dates_compare(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jsonget_str(x, "date") ? jsonget_str(x, "date") : "", jsonget_str(y, "date") ? jsonget_str(y, "date") : "");
	return c ? c : source_rank(jsonget_str(x, "source")) - source_rank(jsonget_str(y, "source"));
}

void dates_sort(json_t *rows)
{
	jsonget_sort(rows, dates_compare);
}
