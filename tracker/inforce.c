/*
 * inforce.c - what is in force on a day (see inforce.h).
 */
#include "tracker/inforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/record.h"
#include "tracker/dates.h"
#include "tracker/diff.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/base/jsonget.h"

/* The main history and the Revisions rows of its tip. */
static int load(json_t **history, struct ct_revision_list *revs, struct ct_db *db, const struct query_doc *doc)
{
	json_t *c;
	int64_t tip = 0;
	size_t i;
	*revs = (struct ct_revision_list)CT_REVISION_LIST_INIT;
	int rc = query_main_history(history, db, doc);
	if (rc < 0)
		return rc;
	json_array_foreach(*history, i, c)
		if (json_integer_value(json_object_get(c, "version_id")))
			tip = json_integer_value(json_object_get(c, "version_id"));
	if (tip && (rc = query_revision_list(revs, db, tip)) < 0) {
		json_decref(*history);
		*history = NULL;
		return rc;
	}
	return 0;
}

/* The first of the Revisions rows of version `label`, or NULL (NULL label: NULL). */
static const struct ct_revision *row_of(const struct ct_revision_list *revs, const char *label)
{
	for (size_t i = 0; label && i < revs->n; i++)
		if (revs->items[i].version && !strcmp(revs->items[i].version, label))
			return &revs->items[i];
	return NULL;
}

/* {label, adopted, effective, ballot, description, commit} of history entry `c`. */
static json_t *describe(json_t *c, const struct ct_revision *row)
{
	const char *eff = dates_revision_date(row, 0), *adopted = dates_revision_date(row, 1);
	return json_pack("{s:O, s:s?, s:s?, s:o, s:o, s:O}", "label", json_object_get(c, "label"), "adopted", adopted,
			 "effective", eff, "ballot", record_json_text(row->ballot), "description", record_json_text(row->description),
			 "commit", json_object_get(c, "oid"));
}

int inforce_resolve(struct query_at *out, json_t **info, struct ct_db *db, const struct query_doc *doc, const char *day)
{
	json_t *history = NULL, *c, *pick = NULL, *first = NULL;
	struct ct_revision_list revs = CT_REVISION_LIST_INIT;
	const char *first_adopted = NULL;
	size_t i;
	if (info)
		*info = NULL;
	int rc = load(&history, &revs, db, doc);
	if (rc < 0)
		return rc;
	json_array_foreach(history, i, c) {
		const struct ct_revision *row = row_of(&revs, jsonget_str(c, "label"));
		const char *adopted = row ? dates_revision_date(row, 1) : NULL;
		if (!adopted || !json_integer_value(json_object_get(c, "version_id")))
			continue;
		if (!first || strcmp(adopted, first_adopted) < 0) {
			first = c;
			first_adopted = adopted;
		}
		if (strcmp(adopted, day) <= 0)
			pick = c;
	}
	if (!pick) {
		if (first)
			rc = ct_error_set(CT_EINVALID, "'%s' is before the first version of %s on its main ref (%s, adopted %s)", day,
					  doc->name, jsonget_str(first, "label"), first_adopted);
		else
			rc = ct_error_set(CT_ENOTFOUND, "%s: no version on the main ref is dated by the Revisions table, so none is known to be in force on %s",
					  doc->name, day);
	} else {
		memset(out, 0, sizeof(*out));
		out->version_id = json_integer_value(json_object_get(pick, "version_id"));
		snprintf(out->commit, sizeof(out->commit), "%s", jsonget_str(pick, "oid"));
		snprintf(out->ref, sizeof(out->ref), "%s@%s", doc->main_ref ? doc->main_ref : "main", day);
		if (info)
			*info = describe(pick, row_of(&revs, jsonget_str(pick, "label")));
	}
	json_decref(history);
	ct_revision_list_release(&revs);
	return rc;
}

int inforce_resolve_at(struct query_at *out, struct ct_db *db, const struct query_doc *doc, const char *at)
{
	int rc = query_resolve(out, db, doc, at);
	if (rc != CT_ENOTFOUND || !at)
		return rc;
	/* Not a ref: a day?  If not that either, the message stays "names no ref". */
	char *msg = xstrdup(ct_error_last() ? ct_error_last() : "");
	long day;
	if (when_parse_day(&day, at, when_today()) == 0) {
		char buf[11];
		when_day_format(buf, day);
		ct_error_drop("AT is a day, not a ref: the day is resolved instead");
		rc = inforce_resolve(out, NULL, db, doc, buf);
	} else if (ct_error_last() && strstr(ct_error_last(), "ambiguous (month first")) {
		rc = CT_EINVALID; /* "12/06/2023": no ref, and which day is not clear: say so */
	} else {
		ct_error_set(rc, "%s", msg);
	}
	free(msg);
	return rc;
}

/* The last main-history version carrying `label` and the one before its first commit with it (0: none). */
static void label_versions(int64_t *head, int64_t *base, json_t *history, const char *label)
{
	json_t *c;
	size_t i;
	int64_t before = 0;
	*head = *base = 0;
	json_array_foreach(history, i, c) {
		int64_t v = json_integer_value(json_object_get(c, "version_id"));
		if (!v)
			continue;
		if (jsonget_str(c, "label") && !strcmp(jsonget_str(c, "label"), label)) {
			if (!*head)
				*base = before;
			*head = v;
		} else if (!*head) {
			before = v;
		}
	}
}

/* The sections a version's change touched: [{number, title, change}]. */
static int changed_sections(json_t **out, struct ct_db *db, const struct query_doc *doc, int64_t base, int64_t head)
{
	struct diff_options opts = DIFF_OPTIONS_INIT;
	json_t *model = NULL, *s;
	size_t i;
	*out = json_array();
	if (!base || !head)
		return 0;
	opts.redline = 0;
	int rc = diff_versions(&model, db, doc->id, base, head, &opts);
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(model, "sections"), i, s)
		if (strcmp(jsonget_str(s, "change"), "unchanged") && !json_is_true(json_object_get(s, "whitespace_only")))
			json_array_append_new(*out, json_pack("{s:O, s:O, s:O}", "number", json_object_get(s, "number"), "title",
							      json_object_get(s, "title"), "change", json_object_get(s, "change")));
	json_decref(model);
	return 0;
}

int inforce_view(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *day, const char *until)
{
	struct query_at at;
	json_t *info = NULL, *history = NULL, *rows = NULL, *r;
	struct ct_revision_list tip_revs = CT_REVISION_LIST_INIT, revs = CT_REVISION_LIST_INIT;
	size_t i;
	*out = NULL;
	int rc = inforce_resolve(&at, &info, db, doc, day);
	if (rc == 0)
		rc = load(&history, &tip_revs, db, doc);
	if (rc == 0)
		rc = query_revision_list(&revs, db, at.version_id);
	if (rc == 0)
		rc = dates_rows(&rows, db, doc->id, at.version_id);
	json_t *v = json_pack("{s:s, s:s, s:O, s:[], s:[], s:[]}", "document", doc->name, "date", day, "version",
			      info ? info : json_null(), "pending_ballots", "effective", "pending");
	/* Ballots the version contains whose changes are adopted but not yet in force. */
	for (i = 0; i < revs.n && rc == 0; i++) {
		const struct ct_revision *rv = &revs.items[i];
		const char *eff = dates_revision_date(rv, 0), *adopted = dates_revision_date(rv, 1);
		if (!eff || strcmp(eff, day) <= 0 || (adopted && strcmp(adopted, day) > 0))
			continue;
		int64_t head = 0, base = 0;
		json_t *secs = NULL;
		if (rv->version)
			label_versions(&head, &base, history, rv->version);
		if ((rc = changed_sections(&secs, db, doc, base, head)) < 0)
			break;
		/* Its sections are numbered as in its own version (on main). */
		json_array_append_new(json_object_get(v, "pending_ballots"),
				      json_pack("{s:o, s:o, s:s?, s:s, s:o, s:o, s:{s:s, s:o}}", "ballot", record_json_text(rv->ballot),
						"version", record_json_text(rv->version), "adopted", adopted, "effective", eff,
						"description", record_json_text(rv->description), "sections", secs,
						"sections_from", "ref", "main", "version", record_json_text(rv->version)));
	}
	json_array_foreach(rows, i, r) {
		const char *date = jsonget_str(r, "date");
		json_object_del(r, "ballot_key");
		if (strcmp(date, day) <= 0)
			json_array_append(json_object_get(v, "effective"), r);
		else if (!until || strcmp(date, until) <= 0)
			json_array_append(json_object_get(v, "pending"), r);
	}
	json_decref(info);
	json_decref(history);
	ct_revision_list_release(&tip_revs);
	ct_revision_list_release(&revs);
	json_decref(rows);
	if (rc < 0) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return 0;
}
