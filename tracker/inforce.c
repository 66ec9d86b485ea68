/*
 * inforce.c - what is in force on a day (see inforce.h).
 */
#include "tracker/inforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/dates.h"
#include "tracker/diff.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/base/jsonget.h"

/* The main history and the Revisions rows of its tip, by version label (the first row of each label). */
static int load(json_t **history, json_t **by_label, struct ct_db *db, const struct query_doc *doc)
{
	json_t *revs = NULL, *c, *r;
	int64_t tip = 0;
	size_t i;
	*by_label = NULL;
	int rc = query_main_history(history, db, doc);
	if (rc < 0)
		return rc;
	json_array_foreach(*history, i, c)
		if (json_integer_value(json_object_get(c, "version_id")))
			tip = json_integer_value(json_object_get(c, "version_id"));
	if (tip && (rc = query_revisions(&revs, db, tip)) < 0) {
		json_decref(*history);
		return rc;
	}
	*by_label = json_object();
	json_array_foreach(revs, i, r)
		if (jsonget_str(r, "version") && !json_object_get(*by_label, jsonget_str(r, "version")))
			json_object_set(*by_label, jsonget_str(r, "version"), r);
	json_decref(revs);
	return 0;
}

/* {label, adopted, effective, ballot, description, commit} of history entry `c`. */
static json_t *describe(json_t *c, json_t *row)
{
	json_t *dates = json_object_get(row, "dates");
	const char *eff = dates_revision_date(dates, 0), *adopted = dates_revision_date(dates, 1);
	return json_pack("{s:O, s:s?, s:s?, s:O?, s:O?, s:O}", "label", json_object_get(c, "label"), "adopted", adopted,
			 "effective", eff, "ballot", json_object_get(row, "ballot"), "description",
			 json_object_get(row, "description"), "commit", json_object_get(c, "oid"));
}

int inforce_resolve(struct query_at *out, json_t **info, struct ct_db *db, const struct query_doc *doc, const char *day)
{
	json_t *history = NULL, *by_label = NULL, *c, *pick = NULL, *first = NULL;
	size_t i;
	if (info)
		*info = NULL;
	int rc = load(&history, &by_label, db, doc);
	if (rc < 0)
		return rc;
	json_array_foreach(history, i, c) {
		json_t *row = jsonget_str(c, "label") ? json_object_get(by_label, jsonget_str(c, "label")) : NULL;
		const char *adopted = row ? dates_revision_date(json_object_get(row, "dates"), 1) : NULL;
		if (!adopted || !json_integer_value(json_object_get(c, "version_id")))
			continue;
		if (!first || strcmp(adopted, dates_revision_date(json_object_get(json_object_get(by_label, jsonget_str(first, "label")), "dates"), 1)) < 0)
			first = c;
		if (strcmp(adopted, day) <= 0)
			pick = c;
	}
	if (!pick) {
		if (first)
			rc = ct_error_set(CT_EINVALID, "'%s' is before the first version of %s on its main ref (%s, adopted %s)", day,
					  doc->name, jsonget_str(first, "label"),
					  dates_revision_date(json_object_get(json_object_get(by_label, jsonget_str(first, "label")), "dates"), 1));
		else
			rc = ct_error_set(CT_ENOTFOUND, "%s: no version on the main ref is dated by the Revisions table, so none is known to be in force on %s",
					  doc->name, day);
	} else {
		memset(out, 0, sizeof(*out));
		out->version_id = json_integer_value(json_object_get(pick, "version_id"));
		snprintf(out->commit, sizeof(out->commit), "%s", jsonget_str(pick, "oid"));
		snprintf(out->ref, sizeof(out->ref), "%s@%s", doc->main_ref ? doc->main_ref : "main", day);
		if (info)
			*info = describe(pick, json_object_get(by_label, jsonget_str(pick, "label")));
	}
	json_decref(history);
	json_decref(by_label);
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
	json_t *info = NULL, *history = NULL, *by_label = NULL, *revs = NULL, *rows = NULL, *r;
	size_t i;
	*out = NULL;
	int rc = inforce_resolve(&at, &info, db, doc, day);
	if (rc == 0)
		rc = load(&history, &by_label, db, doc);
	if (rc == 0)
		rc = query_revisions(&revs, db, at.version_id);
	if (rc == 0)
		rc = dates_rows(&rows, db, doc->id, at.version_id);
	json_t *v = json_pack("{s:s, s:s, s:O, s:[], s:[], s:[]}", "document", doc->name, "date", day, "version",
			      info ? info : json_null(), "pending_ballots", "effective", "pending");
	/* Ballots the version contains whose changes are adopted but not yet in force. */
	json_array_foreach(revs, i, r) {
		if (rc < 0)
			break;
		json_t *dates = json_object_get(r, "dates");
		const char *eff = dates_revision_date(dates, 0), *adopted = dates_revision_date(dates, 1);
		if (!eff || strcmp(eff, day) <= 0 || (adopted && strcmp(adopted, day) > 0))
			continue;
		int64_t head = 0, base = 0;
		json_t *secs = NULL;
		if (jsonget_str(r, "version"))
			label_versions(&head, &base, history, jsonget_str(r, "version"));
		if ((rc = changed_sections(&secs, db, doc, base, head)) < 0)
			break;
		/* Its sections are numbered as in its own version (on main). */
		json_array_append_new(json_object_get(v, "pending_ballots"),
				      json_pack("{s:O, s:O, s:s?, s:s, s:O, s:o, s:{s:s, s:O?}}", "ballot", json_object_get(r, "ballot"),
						"version", json_object_get(r, "version"), "adopted", adopted, "effective", eff,
						"description", json_object_get(r, "description"), "sections", secs,
						"sections_from", "ref", "main", "version", json_object_get(r, "version")));
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
	json_decref(by_label);
	json_decref(revs);
	json_decref(rows);
	if (rc < 0) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return 0;
}
