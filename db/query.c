/*
 * query.c - the tracker's reads (see query.h).
 *
 * A version's sections are a JSON array of section text ids; queries expand
 * it with json_each(), whose `key` keeps document order.
 */
#include "db/query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db/record.h"
#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

/* One row as a JSON object, columns by name; JSON-typed columns listed in `json_cols`. */
static json_t *row_object(sqlite3_stmt *st, const char *const *json_cols)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default: {
			const char *s = (const char *)sqlite3_column_text(st, i);
			v = NULL;
			for (const char *const *j = json_cols; j && *j; j++)
				if (!strcmp(*j, name))
					v = json_loads(s, JSON_DECODE_ANY, NULL);
			if (!v)
				v = json_stringn(s, (size_t)sqlite3_column_bytes(st, i));
			if (!v) /* not UTF-8: cannot happen for imported text, but never crash */
				v = json_string("");
		}
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

int query_collect(json_t **out, struct ct_db *db, sqlite3_stmt *st, const char *const *json_cols)
{
	json_t *arr = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, row_object(st, json_cols));
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		db_error(db, "query");
		sqlite3_finalize(st);
		return CT_EDB;
	}
	sqlite3_finalize(st);
	*out = arr;
	return 0;
}

void query_doc_release(struct query_doc *d)
{
	free(d->name);
	free(d->repo);
	free(d->path);
	free(d->main_ref);
	memset(d, 0, sizeof(*d));
}


const char *query_short_ref(const char *ref)
{
	static const char *const prefixes[] = { "refs/heads/", "refs/tags/", "refs/remotes/", "refs/" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(ref, prefixes[i], strlen(prefixes[i])))
			return ref + strlen(prefixes[i]);
	return ref;
}

int query_document(struct query_doc *out, struct ct_db *db, const char *name)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT id, name, repo, path, main_ref FROM documents ORDER BY name") < 0)
		return CT_EDB;
	struct strbuf names = STRBUF_INIT;
	int found = 0, count = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 1);
		count++;
		strbuf_addf(&names, "%s%s", names.len ? ", " : "", n);
		if (found || (name && strcasecmp(n, name)))
			continue;
		out->id = sqlite3_column_int64(st, 0);
		out->name = record_text(st, 1);
		out->repo = record_text(st, 2);
		out->path = record_text(st, 3);
		out->main_ref = record_text(st, 4);
		found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		rc = db_error(db, "reading documents");
	else if (!count)
		rc = ct_error_set(CT_ENOTFOUND, "database '%s' holds no document yet; run 'cabtrack import REPO --path FILE'", db->path);
	else if (!name && count > 1)
		rc = ct_error_set(CT_EINVALID, "database '%s' holds several documents (%s); name one with --doc", db->path, names.buf);
	else if (!found)
		rc = ct_error_set(CT_ENOTFOUND, "no document '%s' in database '%s' (it holds: %s)", name, db->path, names.buf);
	else
		rc = 0;
	strbuf_release(&names);
	if (rc < 0)
		query_doc_release(out);
	return rc;
}

int query_document_names(json_t **out, struct ct_db *db)
{
	sqlite3_stmt *st;
	*out = NULL;
	if (db_prepare(&st, db, "SELECT name FROM documents ORDER BY name") < 0)
		return CT_EDB;
	json_t *rows = NULL, *r;
	size_t i;
	int rc = query_collect(&rows, db, st, NULL);
	if (rc < 0)
		return rc;
	*out = json_array();
	json_array_foreach(rows, i, r)
		json_array_append(*out, json_object_get(r, "name"));
	json_decref(rows);
	return 0;
}

static int version_of_commit(struct query_at *out, struct ct_db *db, const struct query_doc *doc, const char *oid,
			     const char *given)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT version_id FROM commits WHERE doc_id = ?1 AND oid = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc->id);
	db_bind_text(st, 2, oid);
	int rc = sqlite3_step(st);
	int found = rc == SQLITE_ROW;
	int64_t v = found && sqlite3_column_type(st, 0) != SQLITE_NULL ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!found)
		return ct_error_set(CT_ENOTFOUND, "'%s': commit %.12s was not imported", given, oid);
	if (!v)
		return ct_error_set(CT_ENOTFOUND, "'%s': %s does not exist at commit %.12s", given, doc->path, oid);
	out->version_id = v;
	snprintf(out->commit, sizeof(out->commit), "%s", oid);
	return 0;
}

int query_resolve(struct query_at *out, struct ct_db *db, const struct query_doc *doc, const char *at)
{
	memset(out, 0, sizeof(*out));
	const char *given = at ? at : doc->main_ref;
	if (!given)
		return ct_error_set(CT_ENOTFOUND, "document %s has no main ref; name a version with --at", doc->name);
	snprintf(out->ref, sizeof(out->ref), "%s", given);

	/* A ref, full or short. */
	static const char *const prefixes[] = { "", "refs/", "refs/heads/", "refs/tags/", "refs/remotes/", "refs/pull/" };
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT name, oid FROM refs WHERE doc_id = ?1 AND name = ?2") < 0)
		return CT_EDB;
	struct strbuf name = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s", prefixes[i], given);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, doc->id);
		db_bind_text(st, 2, name.buf);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char oid[80];
			snprintf(out->ref, sizeof(out->ref), "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(oid, sizeof(oid), "%s", (const char *)sqlite3_column_text(st, 1));
			sqlite3_finalize(st);
			strbuf_release(&name);
			return version_of_commit(out, db, doc, oid, given);
		}
	}
	sqlite3_finalize(st);
	strbuf_release(&name);

	/* A commit id or prefix. */
	size_t n = strlen(given);
	int hex = n >= 4 && n <= 40;
	for (size_t i = 0; i < n && hex; i++)
		hex = isxdigit((unsigned char)given[i]);
	if (hex) {
		if (db_prepare(&st, db, "SELECT oid FROM commits WHERE doc_id = ?1 AND oid >= ?2 AND oid < ?2 || 'g' LIMIT 2") < 0)
			return CT_EDB;
		sqlite3_bind_int64(st, 1, doc->id);
		char lower[41];
		for (size_t i = 0; i <= n; i++)
			lower[i] = (char)tolower((unsigned char)given[i]);
		db_bind_text(st, 2, lower);
		char oid[80] = "";
		int matches = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!matches)
				snprintf(oid, sizeof(oid), "%s", (const char *)sqlite3_column_text(st, 0));
			matches++;
		}
		sqlite3_finalize(st);
		if (matches > 1)
			return ct_error_set(CT_EINVALID, "'%s' is an ambiguous commit prefix; give more digits", given);
		if (matches == 1)
			return version_of_commit(out, db, doc, oid, given);
	}

	/* A version label: the earliest version that carries it. */
	if (db_prepare(&st, db, "SELECT id FROM versions WHERE doc_id = ?1 AND label = ?2 ORDER BY first_time LIMIT 1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc->id);
	db_bind_text(st, 2, given);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->version_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	return ct_error_set(CT_ENOTFOUND, "'%s' names no ref, commit or version of %s that was imported", given, doc->name);
}

int query_version(json_t **out, struct ct_db *db, int64_t version_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT id, blob, title, subtitle, label, doc_date AS date, size FROM versions WHERE id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, version_id);
	json_t *arr;
	if (query_collect(&arr, db, st, NULL) < 0)
		return CT_EDB;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return ct_error_set(CT_ENOTFOUND, "version %lld not found", (long long)version_id);
	}
	*out = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return 0;
}

/* A section's heading line as written (its anchor is made from it); NULL for the front matter. */
#define HEADING_LINE                                                                                  \
	"CASE WHEN s.level = 0 THEN NULL WHEN instr(s.text, char(10)) > 0 "                           \
	"THEN rtrim(substr(s.text, 1, instr(s.text, char(10)) - 1), char(13)) ELSE s.text END AS heading"

json_t *query_json_stringn(const char *s, size_t len)
{
	if (!s)
		return json_null();
	json_t *v = json_stringn(s, len);
	return v ? v : json_string("");
}

/* Column i as an owned copy of its bytes (NULL for SQL NULL), its length in *len. */
static char *col_dupn(sqlite3_stmt *st, int i, size_t *len)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	if (len)
		*len = s ? n : 0;
	if (!s)
		return NULL;
	char *out = xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}



/* A string array as a JSON array. */
static json_t *strings_json(char *const *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, record_json_text(v[k]));
	return arr;
}


/* The columns of query_section_list, in SELECT order. */
enum { SEC_ID, SEC_NUMBER, SEC_TITLE, SEC_LEVEL, SEC_LINES, SEC_HEADING, SEC_TEXT };

static int section_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_section *x = item;
	x->id = sqlite3_column_int64(st, SEC_ID);
	x->number = record_text(st, SEC_NUMBER);
	x->title = col_dupn(st, SEC_TITLE, &x->title_len);
	if (!x->title)
		x->title = xstrdup("");
	x->level = sqlite3_column_int(st, SEC_LEVEL);
	x->lines = (long)sqlite3_column_int64(st, SEC_LINES);
	x->heading = col_dupn(st, SEC_HEADING, &x->heading_len);
	if (*(const int *)arg)
		x->text = col_dupn(st, SEC_TEXT, &x->text_len);
	return 0;
}

int query_section_list(struct ct_section_list *out, struct ct_db *db, int64_t version_id, int with_text)
{
	*out = (struct ct_section_list)CT_SECTION_LIST_INIT;
	sqlite3_stmt *st;
	const char *sql = with_text
		? "SELECT s.id, s.number, s.title, s.level, s.lines, " HEADING_LINE ", s.text "
		  "FROM versions v, json_each(v.sections) j "
		  "JOIN section_texts s ON s.id = j.value WHERE v.id = ?1 ORDER BY j.key"
		: "SELECT s.id, s.number, s.title, s.level, s.lines, " HEADING_LINE " "
		  "FROM versions v, json_each(v.sections) j "
		  "JOIN section_texts s ON s.id = j.value WHERE v.id = ?1 ORDER BY j.key";
	if (db_prepare(&st, db, sql) < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, version_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, section_fill, &with_text,
			   "reading sections");
	if (rc < 0)
		ct_section_list_release(out);
	return rc;
}

void ct_section_list_release(struct ct_section_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->items[i].number);
		free(list->items[i].title);
		free(list->items[i].heading);
		free(list->items[i].text);
	}
	free(list->items);
	*list = (struct ct_section_list)CT_SECTION_LIST_INIT;
}

json_t *ct_section_to_json(const struct ct_section *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "number", record_json_text(s->number));
	json_object_set_new(o, "title", query_json_stringn(s->title, s->title_len));
	json_object_set_new(o, "level", json_integer(s->level));
	json_object_set_new(o, "lines", json_integer(s->lines));
	json_object_set_new(o, "heading", query_json_stringn(s->heading, s->heading_len));
	if (s->text)
		json_object_set_new(o, "text", query_json_stringn(s->text, s->text_len));
	return o;
}


/* The columns of query_requirement_list, in SELECT order. */
enum { REQ_ID, REQ_SECTION, REQ_KEYWORD, REQ_KEYWORDS, REQ_NEGATED, REQ_LINE, REQ_TEXT, REQ_POS };

static int requirement_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_requirement *x = item;
	(void)arg;
	x->id = record_text(st, REQ_ID);
	x->section = record_text(st, REQ_SECTION);
	x->keyword = record_text(st, REQ_KEYWORD);
	x->keywords = record_text(st, REQ_KEYWORDS);
	x->negated = sqlite3_column_int(st, REQ_NEGATED);
	x->line = (long)sqlite3_column_int64(st, REQ_LINE);
	x->text = col_dupn(st, REQ_TEXT, &x->text_len);
	x->pos = (long)sqlite3_column_int64(st, REQ_POS);
	return 0;
}

int query_requirement_list(struct ct_requirement_list *out, struct ct_db *db, int64_t version_id, const char *section,
			   const char *keyword)
{
	*out = (struct ct_requirement_list)CT_REQUIREMENT_LIST_INIT;
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT r.rid, s.number, r.keyword, r.keywords, r.negated, r.line, r.text, j.key "
		       "FROM versions v, json_each(v.sections) j JOIN section_texts s ON s.id = j.value "
		       "JOIN requirements r ON r.section_text_id = s.id "
		       "WHERE v.id = ?1 AND (?2 IS NULL OR s.number = ?2 OR s.number LIKE ?2 || '.%') "
		       "AND (?3 IS NULL OR r.keyword = upper(?3) OR (',' || r.keywords || ',') LIKE '%,' || upper(?3) || ',%') "
		       "ORDER BY j.key, r.ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, version_id);
	db_bind_text(st, 2, section);
	db_bind_text(st, 3, keyword);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, requirement_fill, NULL,
			   "reading requirements");
	if (rc < 0)
		ct_requirement_list_release(out);
	return rc;
}

void ct_requirement_list_release(struct ct_requirement_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_requirement *r = &list->items[i];
		free(r->id);
		free(r->section);
		free(r->keyword);
		free(r->keywords);
		free(r->text);
	}
	free(list->items);
	*list = (struct ct_requirement_list)CT_REQUIREMENT_LIST_INIT;
}

json_t *ct_requirement_to_json(const struct ct_requirement *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", record_json_text(r->id));
	json_object_set_new(o, "section", record_json_text(r->section));
	json_object_set_new(o, "keyword", record_json_text(r->keyword));
	json_object_set_new(o, "keywords", record_json_text(r->keywords));
	json_object_set_new(o, "negated", json_integer(r->negated));
	json_object_set_new(o, "line", json_integer(r->line));
	json_object_set_new(o, "text", query_json_stringn(r->text, r->text_len));
	json_object_set_new(o, "pos", json_integer(r->pos));
	return o;
}


/* A section as references name it: its number, else "Appendix B" for an appendix (md_appendix_name). */
#define SECTION_REFERENCE                                                                             \
	"CASE WHEN s.number IS NULL AND s.level > 0 AND lower(substr(s.title, 1, 9)) = 'appendix ' "  \
	"AND substr(s.title, 10, 1) GLOB '[A-Za-z]' AND NOT substr(s.title, 11, 1) GLOB '[A-Za-z0-9]' " \
	"THEN 'Appendix ' || upper(substr(s.title, 10, 1)) ELSE s.number END"

/* The columns of query_obligation_list, in SELECT order. */
enum {
	OBL_DATE, OBL_KEYWORD, OBL_BALLOT, OBL_BALLOT_KEY, OBL_VERSION, OBL_DESCRIPTION, OBL_SECTIONS, OBL_SOURCE,
	OBL_PHRASE, OBL_RID, OBL_SECTION, OBL_LINE, OBL_SECTION_TEXT_ID, OBL_POS, OBL_RKEY, OBL_SKEY,
	OBL_ORIGIN_COMMIT, OBL_ORIGIN_VERSION, OBL_ORIGIN_BALLOT, OBL_ORIGIN_BALLOT_KEY
};

char *query_forum_ballot(const char *b)
{
	char name[32];
	if (!b)
		return NULL;
	if (ballot_name_display(name, sizeof(name), b) != 0) {
		ct_error_drop("a name the Forum's spelling cannot take stays as the document writes it");
		return xstrdup(b);
	}
	return xstrdup(name);
}

/* Column i, a ballot's name, as the Forum writes it; NULL for SQL NULL. */
static char *col_ballot(sqlite3_stmt *st, int i)
{
	return query_forum_ballot((const char *)sqlite3_column_text(st, i));
}

static int obligation_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_obligation *x = item;
	(void)arg;
	x->date = record_text(st, OBL_DATE);
	x->keyword = record_text(st, OBL_KEYWORD);
	x->ballot = col_ballot(st, OBL_BALLOT);
	x->ballot_key = record_text(st, OBL_BALLOT_KEY);
	x->version = record_text(st, OBL_VERSION);
	x->description = record_text(st, OBL_DESCRIPTION);
	x->sections = record_strings(st, OBL_SECTIONS, &x->nsections);
	x->source = record_text(st, OBL_SOURCE);
	x->phrase = record_text(st, OBL_PHRASE);
	x->rid = record_text(st, OBL_RID);
	x->section = record_text(st, OBL_SECTION);
	x->line = (long)sqlite3_column_int64(st, OBL_LINE);
	x->section_text_id = sqlite3_column_int64(st, OBL_SECTION_TEXT_ID);
	x->pos = (long)sqlite3_column_int64(st, OBL_POS);
	x->rkey = record_text(st, OBL_RKEY);
	x->skey = record_text(st, OBL_SKEY);
	x->origin_commit = record_text(st, OBL_ORIGIN_COMMIT);
	x->origin_version = record_text(st, OBL_ORIGIN_VERSION);
	x->origin_ballot = col_ballot(st, OBL_ORIGIN_BALLOT);
	x->origin_ballot_key = record_text(st, OBL_ORIGIN_BALLOT_KEY);
	return 0;
}

int query_obligation_list(struct ct_obligation_list *out, struct ct_db *db, int64_t doc_id, int64_t version_id)
{
	*out = (struct ct_obligation_list)CT_OBLIGATION_LIST_INIT;
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "WITH o AS (SELECT o.*, " SECTION_REFERENCE " AS section, j.key AS pos, "
		       " 'r|' || o.date || '|' || coalesce(o.keyword, '') || '|' || coalesce(o.rid, '') AS rkey, "
		       " 's|' || o.date || '|' || coalesce(o.keyword, '') || '|' || coalesce(s.number, '') AS skey "
		       " FROM versions v, json_each(v.sections) j JOIN section_texts s ON s.id = j.value "
		       " JOIN obligations o ON o.section_text_id = s.id WHERE v.id = ?1) "
		       "SELECT o.date, o.keyword, o.ballot, o.ballot_key, o.version, o.description, o.sections, o.source, "
		       "o.phrase, o.rid, o.section, o.line, o.section_text_id, o.pos, o.rkey, o.skey, "
		       "d.commit_oid AS origin_commit, ov.label AS origin_version, d.ballot AS origin_ballot, "
		       "d.ballot_key AS origin_ballot_key "
		       "FROM o LEFT JOIN date_origins d ON o.source = 'text' AND d.doc_id = ?2 AND d.okey = "
		       " (SELECT x.okey FROM date_origins x WHERE x.doc_id = ?2 AND x.okey IN (o.rkey, o.skey) ORDER BY x.pos LIMIT 1) "
		       "LEFT JOIN versions ov ON ov.id = d.version_id "
		       "ORDER BY o.date, o.pos, o.ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, version_id);
	sqlite3_bind_int64(st, 2, doc_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, obligation_fill, NULL,
			   "reading dated obligations");
	if (rc < 0)
		ct_obligation_list_release(out);
	return rc;
}

void ct_obligation_list_release(struct ct_obligation_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_obligation *o = &list->items[i];
		char *owned[] = { o->date, o->keyword, o->ballot, o->ballot_key, o->version, o->description, o->source,
				  o->phrase, o->rid, o->section, o->rkey, o->skey, o->origin_commit, o->origin_version,
				  o->origin_ballot, o->origin_ballot_key };
		for (size_t k = 0; k < sizeof(owned) / sizeof(owned[0]); k++)
			free(owned[k]);
		record_strings_free(o->sections, o->nsections);
	}
	free(list->items);
	*list = (struct ct_obligation_list)CT_OBLIGATION_LIST_INIT;
}

json_t *ct_obligation_to_json(const struct ct_obligation *o)
{
	json_t *x = json_object();
	json_object_set_new(x, "date", record_json_text(o->date));
	json_object_set_new(x, "keyword", record_json_text(o->keyword));
	json_object_set_new(x, "ballot", record_json_text(o->ballot));
	json_object_set_new(x, "ballot_key", record_json_text(o->ballot_key));
	json_object_set_new(x, "version", record_json_text(o->version));
	json_object_set_new(x, "description", record_json_text(o->description));
	json_object_set_new(x, "sections", strings_json(o->sections, o->nsections));
	json_object_set_new(x, "source", record_json_text(o->source));
	json_object_set_new(x, "phrase", record_json_text(o->phrase));
	json_object_set_new(x, "rid", record_json_text(o->rid));
	json_object_set_new(x, "section", record_json_text(o->section));
	json_object_set_new(x, "line", json_integer(o->line));
	json_object_set_new(x, "section_text_id", json_integer(o->section_text_id));
	json_object_set_new(x, "pos", json_integer(o->pos));
	json_object_set_new(x, "rkey", record_json_text(o->rkey));
	json_object_set_new(x, "skey", record_json_text(o->skey));
	json_object_set_new(x, "origin_commit", record_json_text(o->origin_commit));
	json_object_set_new(x, "origin_version", record_json_text(o->origin_version));
	json_object_set_new(x, "origin_ballot", record_json_text(o->origin_ballot));
	json_object_set_new(x, "origin_ballot_key", record_json_text(o->origin_ballot_key));
	return x;
}

/* The columns of query_origin_list, in SELECT order. */
enum { ORG_OKEY, ORG_COMMIT, ORG_VERSION, ORG_BALLOT, ORG_BALLOT_KEY, ORG_POS };

static int origin_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_origin *x = item;
	(void)arg;
	x->okey = record_text(st, ORG_OKEY);
	x->commit = record_text(st, ORG_COMMIT);
	x->version = record_text(st, ORG_VERSION);
	x->ballot = col_ballot(st, ORG_BALLOT);
	x->ballot_key = record_text(st, ORG_BALLOT_KEY);
	x->pos = (long)sqlite3_column_int64(st, ORG_POS);
	return 0;
}

int query_origin_list(struct ct_origin_list *out, struct ct_db *db, int64_t doc_id, const char *prefix)
{
	*out = (struct ct_origin_list)CT_ORIGIN_LIST_INIT;
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT d.okey, d.commit_oid, v.label, d.ballot, d.ballot_key, d.pos "
		       "FROM date_origins d LEFT JOIN versions v ON v.id = d.version_id "
		       "WHERE d.doc_id = ?1 AND substr(d.okey, 1, length(?2)) = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, prefix);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, origin_fill, NULL,
			   "reading date origins");
	if (rc < 0)
		ct_origin_list_release(out);
	return rc;
}

void ct_origin_list_release(struct ct_origin_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_origin *o = &list->items[i];
		free(o->okey);
		free(o->commit);
		free(o->version);
		free(o->ballot);
		free(o->ballot_key);
	}
	free(list->items);
	*list = (struct ct_origin_list)CT_ORIGIN_LIST_INIT;
}

const struct ct_origin *ct_origin_find(const struct ct_origin_list *list, const char *okey)
{
	/* the last of a key wins, as when the rows were an object keyed by it */
	for (size_t i = list->n; i > 0; i--)
		if (list->items[i - 1].okey && !strcmp(list->items[i - 1].okey, okey))
			return &list->items[i - 1];
	return NULL;
}

/* The columns of query_sighting_list, in SELECT order. */
enum {
	SGT_DATE, SGT_KEYWORD, SGT_BALLOT, SGT_BALLOT_KEY, SGT_SECTIONS, SGT_DESCRIPTION, SGT_SOURCE, SGT_SECTION,
	SGT_FIRST_VERSION, SGT_FIRST_COMMIT, SGT_ON_MAIN, SGT_REFS
};

static int sighting_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_sighting *x = item;
	(void)arg;
	x->date = record_text(st, SGT_DATE);
	x->keyword = record_text(st, SGT_KEYWORD);
	x->ballot = col_ballot(st, SGT_BALLOT);
	x->ballot_key = record_text(st, SGT_BALLOT_KEY);
	x->sections = record_strings(st, SGT_SECTIONS, &x->nsections);
	x->description = record_text(st, SGT_DESCRIPTION);
	x->source = record_text(st, SGT_SOURCE);
	x->section = record_text(st, SGT_SECTION);
	x->first_version = record_text(st, SGT_FIRST_VERSION);
	x->first_commit = record_text(st, SGT_FIRST_COMMIT);
	x->on_main = sqlite3_column_int(st, SGT_ON_MAIN);
	x->refs = record_strings(st, SGT_REFS, &x->nrefs);
	return 0;
}

int query_sighting_list(struct ct_sighting_list *out, struct ct_db *db, int64_t doc_id, int with_refs)
{
	*out = (struct ct_sighting_list)CT_SIGHTING_LIST_INIT;
	sqlite3_stmt *st;
	/* The refs lists are long (every pull request that carried a date): read them only when wanted. */
	if (db_prepare(&st, db, with_refs
		       ? "SELECT o.date, o.keyword, d.ballot, d.ballot_key, o.sections, o.description, o.source, d.section, "
			 "v.label AS first_version, d.first_commit, d.on_main, d.refs "
			 "FROM date_sightings d JOIN obligations o ON o.section_text_id = d.section_text_id AND o.ord = d.ord "
			 "JOIN versions v ON v.id = d.first_version_id WHERE d.doc_id = ?1 ORDER BY d.ord_seen"
		       : "SELECT o.date, o.keyword, d.ballot, d.ballot_key, o.sections, o.description, o.source, d.section, "
			 "v.label AS first_version, d.first_commit, d.on_main, json_quote(json_extract(d.refs, '$[0]')) AS first_ref "
			 "FROM date_sightings d JOIN obligations o ON o.section_text_id = d.section_text_id AND o.ord = d.ord "
			 "JOIN versions v ON v.id = d.first_version_id WHERE d.doc_id = ?1 ORDER BY d.ord_seen") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, sighting_fill, NULL,
			   "reading date sightings");
	if (rc < 0)
		ct_sighting_list_release(out);
	return rc;
}

void ct_sighting_list_release(struct ct_sighting_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_sighting *x = &list->items[i];
		char *owned[] = { x->date, x->keyword, x->ballot, x->ballot_key, x->description, x->source, x->section,
				  x->first_version, x->first_commit };
		for (size_t k = 0; k < sizeof(owned) / sizeof(owned[0]); k++)
			free(owned[k]);
		record_strings_free(x->sections, x->nsections);
		record_strings_free(x->refs, x->nrefs);
	}
	free(list->items);
	*list = (struct ct_sighting_list)CT_SIGHTING_LIST_INIT;
}

json_t *ct_sighting_to_json(const struct ct_sighting *s, int with_refs)
{
	json_t *x = json_object();
	json_object_set_new(x, "date", record_json_text(s->date));
	json_object_set_new(x, "keyword", record_json_text(s->keyword));
	json_object_set_new(x, "ballot", record_json_text(s->ballot));
	json_object_set_new(x, "ballot_key", record_json_text(s->ballot_key));
	json_object_set_new(x, "sections", strings_json(s->sections, s->nsections));
	json_object_set_new(x, "description", record_json_text(s->description));
	json_object_set_new(x, "source", record_json_text(s->source));
	json_object_set_new(x, "section", record_json_text(s->section));
	json_object_set_new(x, "first_version", record_json_text(s->first_version));
	json_object_set_new(x, "first_commit", record_json_text(s->first_commit));
	json_object_set_new(x, "on_main", json_integer(s->on_main));
	if (with_refs)
		json_object_set_new(x, "refs", strings_json(s->refs, s->nrefs));
	return x;
}

/* The columns of query_revision_list, in SELECT order. */
enum { REV_VERSION, REV_BALLOT, REV_BALLOT_KEY, REV_DESCRIPTION, REV_DATES };

static int revision_fill(void *item, sqlite3_stmt *st, void *arg)
{
	struct ct_revision *x = item;
	(void)arg;
	x->version = record_text(st, REV_VERSION);
	x->ballot = col_ballot(st, REV_BALLOT);
	x->ballot_key = record_text(st, REV_BALLOT_KEY);
	x->description = record_text(st, REV_DESCRIPTION);
	json_t *dates = json_loads((const char *)sqlite3_column_text(st, REV_DATES), JSON_DECODE_ANY, NULL), *v;
	const char *col;
	x->dates = xcalloc(json_object_size(dates) + 1, sizeof(*x->dates));
	json_object_foreach(dates, col, v)
		if (json_is_string(v))
			x->dates[x->ndates++] = (struct ct_revision_date){ xstrdup(col), xstrdup(json_string_value(v)) };
	json_decref(dates);
	return 0;
}

int query_revision_list(struct ct_revision_list *out, struct ct_db *db, int64_t version_id)
{
	*out = (struct ct_revision_list)CT_REVISION_LIST_INIT;
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT r.version, r.ballot, r.ballot_key, r.description, r.dates "
		       "FROM versions v, json_each(v.sections) j JOIN revisions r ON r.section_text_id = j.value "
		       "WHERE v.id = ?1 ORDER BY j.key, r.ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, version_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, revision_fill, NULL,
			   "reading the Revisions table");
	if (rc < 0)
		ct_revision_list_release(out);
	return rc;
}

void ct_revision_list_release(struct ct_revision_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_revision *r = &list->items[i];
		free(r->version);
		free(r->ballot);
		free(r->ballot_key);
		free(r->description);
		for (size_t k = 0; k < r->ndates; k++) {
			free(r->dates[k].column);
			free(r->dates[k].date);
		}
		free(r->dates);
	}
	free(list->items);
	*list = (struct ct_revision_list)CT_REVISION_LIST_INIT;
}

const char *ct_revision_column(const struct ct_revision *r, const char *word)
{
	for (size_t k = 0; k < r->ndates; k++)
		if (strcasestr(r->dates[k].column, word))
			return r->dates[k].date;
	return NULL;
}

json_t *ct_revision_dates_to_json(const struct ct_revision *r)
{
	json_t *dates = json_object();
	for (size_t k = 0; k < r->ndates; k++)
		json_object_set_new(dates, r->dates[k].column, record_json_text(r->dates[k].date));
	return dates;
}

json_t *ct_revision_to_json(const struct ct_revision *r)
{
	json_t *x = json_object(), *dates = ct_revision_dates_to_json(r);
	json_object_set_new(x, "version", record_json_text(r->version));
	json_object_set_new(x, "ballot", record_json_text(r->ballot));
	json_object_set_new(x, "ballot_key", record_json_text(r->ballot_key));
	json_object_set_new(x, "description", record_json_text(r->description));
	json_object_set_new(x, "dates", dates);
	return x;
}


/*
 * The first-parent chain ending at commit `oid`, or, when oid is NULL, at
 * the commit ref `ref` points to (none when neither is found), oldest first.
 */
static int chain_of(json_t **out, struct ct_db *db, int64_t doc_id, const char *oid, const char *ref)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "WITH RECURSIVE chain(oid, n) AS ("
		       " SELECT coalesce(?2, (SELECT oid FROM refs WHERE doc_id = ?1 AND name = ?3)), 0"
		       " UNION ALL SELECT c.parent, chain.n + 1 FROM chain JOIN commits c ON c.doc_id = ?1 AND c.oid = chain.oid"
		       " WHERE c.parent IS NOT NULL) "
		       "SELECT c.oid, c.time, c.summary, c.ballot, c.version_id, v.label FROM chain "
		       "JOIN commits c ON c.doc_id = ?1 AND c.oid = chain.oid LEFT JOIN versions v ON v.id = c.version_id "
		       "ORDER BY chain.n DESC") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, oid);
	db_bind_text(st, 3, ref);
	return query_collect(out, db, st, NULL);
}

int query_main_history(json_t **out, struct ct_db *db, const struct query_doc *doc)
{
	if (!doc->main_ref) {
		*out = json_array();
		return 0;
	}
	return chain_of(out, db, doc->id, NULL, doc->main_ref);
}

int query_refs_for_version(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT r.name FROM refs r JOIN commits c ON c.doc_id = r.doc_id AND c.oid = r.oid "
		       "WHERE r.doc_id = ?1 AND c.version_id = ?2 ORDER BY r.name") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	sqlite3_bind_int64(st, 2, version_id);
	return query_collect(out, db, st, NULL);
}

int query_versions(json_t **out, struct ct_db *db, int64_t doc_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT v.id, v.label, v.first_time, "
		       "(SELECT c.oid FROM commits c WHERE c.doc_id = v.doc_id AND c.version_id = v.id ORDER BY c.time LIMIT 1) AS first_commit "
		       "FROM versions v WHERE v.doc_id = ?1 ORDER BY v.first_time, v.id") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	return query_collect(out, db, st, NULL);
}

int query_refs(json_t **out, struct ct_db *db, int64_t doc_id, const char *prefix)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT r.name, r.oid, r.base, c.summary, c.time FROM refs r "
		       "LEFT JOIN commits c ON c.doc_id = r.doc_id AND c.oid = r.oid WHERE r.doc_id = ?1 "
		       "AND (?2 IS NULL OR substr(r.name, 1, length(?2)) = ?2) ORDER BY r.name") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, prefix);
	return query_collect(out, db, st, NULL);
}

int query_is_ancestor(int *out, struct ct_db *db, int64_t doc_id, const char *ancestor, const char *descendant)
{
	sqlite3_stmt *st;
	*out = 0;
	if (db_prepare(&st, db,
		       "WITH RECURSIVE anc(oid) AS (SELECT ?2 UNION "
		       " SELECT p.parent FROM commit_parents p JOIN anc ON p.doc_id = ?1 AND p.oid = anc.oid) "
		       "SELECT 1 FROM anc WHERE oid = ?3 LIMIT 1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, descendant);
	db_bind_text(st, 3, ancestor);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(db, "deciding ancestry");
}

int query_commit(json_t **out, struct ct_db *db, int64_t doc_id, const char *oid)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT c.oid, c.parent, c.time, c.summary, c.ballot, c.version_id, v.label "
		       "FROM commits c LEFT JOIN versions v ON v.id = c.version_id WHERE c.doc_id = ?1 AND c.oid = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, oid);
	int rc = query_collect(out, db, st, NULL);
	if (rc < 0)
		return rc;
	if (!json_array_size(*out)) {
		json_decref(*out);
		*out = NULL;
		return ct_error_set(CT_ENOTFOUND, "no commit %s in the database", oid);
	}
	json_t *row = json_incref(json_array_get(*out, 0));
	json_decref(*out);
	*out = row;
	return 0;
}

int query_ref_base(char **out, struct ct_db *db, int64_t doc_id, const char *ref)
{
	sqlite3_stmt *st;
	*out = NULL;
	if (db_prepare(&st, db, "SELECT base FROM refs WHERE doc_id = ?1 AND name = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, ref);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(db, "reading a ref");
}

int query_chain(json_t **out, struct ct_db *db, int64_t doc_id, const char *oid)
{
	return chain_of(out, db, doc_id, oid, NULL);
}

int query_version_section_ids(json_t **out, struct ct_db *db, int64_t doc_id)
{
	static const char *const json_cols[] = { "sections", NULL };
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT id, sections FROM versions WHERE doc_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	return query_collect(out, db, st, json_cols);
}

int query_requirement_texts(json_t **out, struct ct_db *db, const char *rid)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT DISTINCT section_text_id FROM requirements WHERE rid = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, rid);
	return query_collect(out, db, st, NULL);
}

int query_branch_commits(json_t **out, struct ct_db *db, int64_t doc_id, const char *head, const char *base, int limit)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "WITH RECURSIVE chain(oid, n) AS (SELECT ?2, 0 WHERE ?2 IS NOT ?3"
		       " UNION ALL SELECT c.parent, chain.n + 1 FROM chain JOIN commits c ON c.doc_id = ?1 AND c.oid = chain.oid"
		       " WHERE c.parent IS NOT NULL AND c.parent IS NOT ?3 AND chain.n + 1 < ?4) "
		       "SELECT c.oid, c.summary FROM chain JOIN commits c ON c.doc_id = ?1 AND c.oid = chain.oid ORDER BY chain.n") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, head);
	db_bind_text(st, 3, base);
	sqlite3_bind_int(st, 4, limit);
	return query_collect(out, db, st, NULL);
}

int query_parent(char **out, struct ct_db *db, int64_t doc_id, const char *oid, int n)
{
	sqlite3_stmt *st;
	*out = NULL;
	if (db_prepare(&st, db, "SELECT parent FROM commit_parents WHERE doc_id = ?1 AND oid = ?2 AND n = ?3") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, oid);
	sqlite3_bind_int(st, 3, n);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(db, "reading a commit's parents");
}
