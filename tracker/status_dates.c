/*
 * status_dates.c - the dates part of a meeting's status view model: the
 * effective dates of the main version as it stood, from three months
 * before the meeting to eighteen after, with the Revisions table's
 * effective dates, and the timeline's events; and the date order that
 * the status and calendar lists share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importers/datephrase.h"
#include "tracker/ballots.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/dates.h"
#include "tracker/status_part.h"

static void shift_months(char out[11], const char *day, int months)
{
	struct ct_date d;
	if (ct_date_parse_strict(&d, day) < 0) {
		ct_error_drop("a day that is no calendar date is shown as written, unshifted");
		snprintf(out, 11, "%s", day);
		return;
	}
	d = ct_date_add_months(d, months);
	ct_date_format(out, &d);
}

static int source_rank(const char *source)
{
	return !strcmp(source, "table") ? 0 : !strcmp(source, "text") ? 1 : 2;
}

/* Date order; on one day the table first, then the text, then the Revisions table. */
int status_by_date(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jsonget_text(x, "date"), jsonget_text(y, "date"));
	return c ? c : source_rank(jsonget_text(x, "source")) - source_rank(jsonget_text(y, "source"));
}

/*
 * The Revisions table's effective dates, from..to: when each version
 * takes effect, and rows such as "Transition end for Extant S/MIME CAs".
 * Appended to rows (as dates rows, source "revisions") and, when not
 * NULL, to events (timeline events).
 */
int status_revision_dates(json_t *rows, json_t *events, struct ct_db *db, int64_t vid, const char *from, const char *to,
			  const char *today)
{
	struct ct_revision_list revs = CT_REVISION_LIST_INIT;
	int rc = query_revision_list(&revs, db, vid);
	for (size_t i = 0; i < revs.n; i++) {
		const struct ct_revision *r = &revs.items[i];
		for (size_t k = 0; k < r->ndates; k++) {
			const char *col = r->dates[k].column, *date = r->dates[k].date;
			if (!strcasestr(col, "effective") || (from && strcmp(date, from) < 0) || (to && strcmp(date, to) > 0))
				continue;
			const char *ver = r->version, *description = r->description ? r->description : "";
			int versioned = ver && *ver && strspn(ver, "0123456789.") == strlen(ver);
			json_t *desc = versioned ? json_sprintf("Version %s takes effect: %s", ver, description)
						 : json_string(description);
			json_array_append_new(rows, json_pack("{s:s, s:n, s:o, s:[], s:O, s:s, s:b}", "date", date, "keyword",
							      "ballot", r->ballot ? json_string(r->ballot) : json_null(),
							      "sections", "description", desc, "source", "revisions",
							      "past", today && strcmp(date, today) < 0));
			if (events)
				json_array_append_new(events, json_pack("{s:s, s:s, s:o, s:s}", "date", date, "keyword", "",
									"label", desc, "kind", "obligation"));
			else
				json_decref(desc);
		}
	}
	ct_revision_list_release(&revs);
	return rc;
}

int status_main_dates(json_t **rows, int64_t *vid, struct ct_db *db, const struct query_doc *doc, int64_t as_of)
{
	*rows = NULL;
	*vid = 0;
	int rc = ballots_main_version(vid, db, doc, as_of);
	if (rc == 0 && *vid)
		rc = dates_rows(rows, db, doc->id, *vid);
	if (*rows) {
		/* One obligation stated by the table and the text is one row. */
		dates_group(*rows);
		json_t *merged = dates_merge(*rows);
		json_decref(*rows);
		*rows = merged;
	}
	return rc;
}

int status_dates_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *today)
{
	int64_t vid = 0;
	char from[11], to[11];
	shift_months(from, today, -3);
	shift_months(to, today, 18);
	json_t *rows = NULL, *r, *kept = json_array(), *events = json_array();
	size_t i;
	int rc = status_main_dates(&rows, &vid, db, doc, as_of);
	json_array_foreach(rows, i, r) {
		const char *date = jsonget_text(r, "date");
		if (strcmp(date, from) < 0 || strcmp(date, to) > 0)
			continue;
		json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O?, s:b}", "date", json_object_get(r, "date"), "keyword",
					json_object_get(r, "keyword"), "ballot", json_object_get(r, "ballot"), "sections",
					json_object_get(r, "sections"), "description", json_object_get(r, "description"),
					"source", json_object_get(r, "source"), "sources", json_object_get(r, "sources"),
					"past", strcmp(date, today) < 0);
		json_array_append_new(kept, row);
		/* The timeline shows each table row, and the text's dates the tables do not state. */
		json_array_append_new(events, json_pack("{s:O, s:O, s:O, s:s}", "date", json_object_get(r, "date"), "keyword",
							json_object_get(r, "keyword"), "label", json_object_get(r, "description"),
							"kind", "obligation"));
	}
	json_decref(rows);
	if (rc == 0 && vid)
		rc = status_revision_dates(kept, events, db, vid, from, to, today);
	/* By date; on one day table rows first, so a date both the table and the text state reads from the table. */
	size_t n = json_array_size(kept);
	json_t **v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_array_get(kept, i);
	qsort(v, n, sizeof(*v), status_by_date);
	json_t *sorted = json_array();
	for (i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	json_decref(kept);
	json_object_set_new(model, "dates", json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "rows", sorted));
	/* the day line marks the meeting the page is for, not the day it is rendered */
	json_object_set_new(model, "timeline", json_pack("{s:s, s:s, s:s, s:s, s:o}", "from", from, "to", to, "today", today,
							 "marker", "meeting", "events", events));
	return rc;
}
