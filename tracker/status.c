/*
 * status.c - a meeting's status view model and the document's calendar
 * (see status.h).
 *
 * Everything is described as it stood at the meeting ("as of"): the
 * meeting's start when its time is known, else the end of its day (UTC).
 * Ballots come from ballots_view/ballots_list with that as_of, the dates
 * from the main version of that moment, issues from what GitHub says
 * today about when each was opened, updated and closed.  "Since" is the
 * previous recorded meeting, or two weeks before when there is none.
 *
 * This file owns status_build, which sets the meeting, the previous and
 * next calls and the document as it stood, and puts the parts together
 * (the open pull requests by section come from pr_sections.c), and
 * status_build_documents, which merges several documents' models.  Each
 * part lives in its own file behind status_part.h:
 *   status_ballots.c   ballots in flight and drafts
 *   status_dates.c     effective dates and the timeline
 *   status_issues.c    issues new, updated, addressed, parked, by section
 *   status_calendar.c  the calendar (status_calendar)
 *
 * Invariant: nothing here writes the database; the model holds no clock
 * reading of its own, so the same database gives the same model.
 */
#include "tracker/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/record.h"
#include "tracker/ballots.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "db/github_query.h"
#include "tracker/meetings.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/pr_sections.h"
#include "tracker/status_part.h"

#define DEFAULT_WINDOW_DAYS 14

/* {utc, local} strings of an ISO time, local in tz. */
static void set_times(json_t *o, const char *iso, const char *tz)
{
	int64_t t;
	if (!iso || when_parse_iso(&t, iso) < 0) {
		if (iso)
			ct_error_drop("a start time that does not parse is shown as unknown, as a missing one is");
		json_object_set_new(o, "utc", json_null());
		json_object_set_new(o, "local", json_null());
		return;
	}
	struct strbuf u = STRBUF_INIT, l = STRBUF_INIT;
	when_format_utc(&u, t);
	when_format_zone(&l, t, tz);
	json_object_set_new(o, "utc", json_string(u.buf));
	json_object_set_new(o, "local", json_string(l.buf));
	strbuf_release(&u);
	strbuf_release(&l);
}

/* The GitHub repository whose issues link against `doc` (the first one synced or imported for it), or NULL. */
static const struct ct_gh_repo *repo_of(const struct ct_gh_repo_list *repos, const struct query_doc *doc)
{
	const struct ct_gh_repo *found = NULL;
	for (size_t i = 0; i < repos->n; i++) {
		const struct ct_gh_repo *r = &repos->items[i];
		int mine = r->doc && !strcmp(r->doc, doc->name);
		if (!found || mine)
			found = r;
		if (mine)
			break;
	}
	return found;
}

int status_build(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct ct_meeting *meeting,
		 const struct ct_meeting_list *meetings, const struct status_options *given)
{
	struct status_options opts = STATUS_OPTIONS_INIT;
	if (given)
		opts = *given;
	const char *tz = opts.tz ? opts.tz : meeting->tz;
	opts.tz = tz;
	const char *date = meeting->date;
	int64_t as_of = meetings_as_of(meeting);
	*out = NULL;

	json_t *model = json_object();
	json_t *m = json_pack("{s:s, s:o, s:o, s:o, s:b}", "date", date, "time", record_json_text(meeting->time), "tz",
			      record_json_text(meeting->tz), "title", record_json_text(meeting->title), "recorded",
			      meetings_recorded(meeting));
	set_times(m, meeting->start_utc, tz);
	json_object_set_new(model, "meeting", m);
	json_object_set_new(model, "wg", opts.wg && *opts.wg ? json_string(opts.wg) : json_null());

	const struct ct_meeting *prev = meetings_previous(meetings, date), *next = meetings_following(meetings, date);
	struct ct_meeting_list scheduled = CT_MEETING_LIST_INIT;
	if (opts.cadence) {
		/* The cadence's next call, when it comes before any recorded one. */
		struct ct_date d;
		if (ct_date_parse_strict(&d, date) == 0) {
			meetings_cadence_next(&scheduled, opts.cadence, ct_date_add_days(d, 1), 1, meetings);
			const struct ct_meeting *c = scheduled.n ? &scheduled.items[0] : NULL;
			if (c && (!next || strcmp(c->date, next->date) < 0))
				next = c;
		} else {
			ct_error_drop("a meeting date that does not parse has no projected next call");
		}
	}
	int projected = scheduled.n && next == &scheduled.items[0];
	char since[11];
	if (prev) {
		snprintf(since, sizeof(since), "%s", prev->date);
		json_object_set_new(model, "previous", json_pack("{s:s, s:o}", "date", prev->date, "title",
								 record_json_text(prev->title)));
	} else {
		struct ct_date d;
		if (ct_date_parse_strict(&d, date) == 0) {
			d = ct_date_add_days(d, -DEFAULT_WINDOW_DAYS);
			ct_date_format(since, &d);
		} else {
			snprintf(since, sizeof(since), "%s", date);
			ct_error_drop("a meeting date that does not parse is its own window's start");
		}
		json_object_set_new(model, "previous", json_null());
	}
	json_object_set_new(model, "since", json_string(since));
	if (next) {
		json_t *n = json_pack("{s:s, s:o, s:o, s:b}", "date", next->date, "time", record_json_text(next->time), "title",
				      record_json_text(next->title), "projected", projected);
		set_times(n, next->start_utc, tz ? tz : next->tz);
		json_object_set_new(model, "next", n);
	} else {
		json_object_set_new(model, "next", json_null());
	}

	/* The document as it stood. */
	int64_t vid = 0;
	json_t *version = NULL, *outline = json_object();
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	struct status_issues issues = STATUS_ISSUES_INIT;
	int rc = ballots_main_version(&vid, db, doc, as_of);
	if (rc == 0 && vid)
		rc = query_version(&version, db, vid);
	if (rc == 0 && vid)
		rc = query_section_list(&sections, db, vid, 0);
	/* The numbered sections by number, as JSON at the edge: the issues and pull requests take their titles. */
	for (size_t k = 0; k < sections.n; k++)
		if (sections.items[k].number)
			json_object_set_new(outline, sections.items[k].number, ct_section_to_json(&sections.items[k]));
	size_t i;
	/* "imported" false: the meeting was before the document's first version on main. */
	json_object_set_new(model, "document", json_pack("{s:s, s:O?, s:O?, s:b}", "name", doc->name, "title",
							 version ? json_object_get(version, "title") : NULL, "version",
							 version ? json_object_get(version, "label") : NULL, "imported", version != NULL));

	const char *repo = NULL;
	int64_t repo_id = 0;
	const struct ct_gh_repo *r = NULL;
	if (rc == 0 && (rc = github_query_repo_list(&repos, db)) == 0 && (r = repo_of(&repos, doc))) {
		repo = r->name;
		repo_id = r->id;
	}
	if (rc == 0)
		rc = status_ballots_part(model, db, doc, as_of, since, prev ? prev->date : NULL, date, repo, repo_id, &opts);
	if (rc == 0)
		rc = status_dates_part(model, db, doc, as_of, date);
	/* Drafts, and ballots in flight with a change of their own: what issues can be addressed by. */
	json_t *changes = json_array(), *c;
	json_array_foreach(json_object_get(model, "ballots_in_flight"), i, c)
		if (json_object_get(c, "keys"))
			json_array_append(changes, c);
	json_array_extend(changes, json_object_get(model, "drafts"));
	if (rc == 0) {
		json_t *keys = json_object(), *d;
		json_array_foreach(changes, i, d)
			json_object_update(keys, json_object_get(d, "keys"));
		rc = status_issues_read(&issues, db, repo_id, since, date, keys);
		/* Which issues each draft addresses, for its entry. */
		json_array_foreach(changes, i, d) {
			json_t *nums = json_array(), *dkeys = json_object_get(d, "keys");
			for (size_t j = 0; j < issues.n; j++) {
				const struct status_issue *is = &issues.items[j];
				int hit = 0;
				for (size_t x = 0; x < is->naddressed && (is->lists & STATUS_ISSUE_ADDRESSED); x++)
					hit |= json_object_get(dkeys, is->addressed_by[x]) != NULL;
				if (hit)
					json_array_append_new(nums, json_integer((json_int_t)is->is->number));
			}
			json_object_set_new(d, "addresses", nums);
		}
		json_decref(keys);
		/* Name drafts as the chair declared them ("D1"), not by the branch they absorbed. */
		json_t *names = json_object(), *k;
		const char *key;
		json_array_foreach(changes, i, d)
			json_object_foreach(json_object_get(d, "keys"), key, k)
				json_object_set(names, key, json_object_get(d, "id"));
		status_issues_rename(&issues, names);
		status_issues_to_json(model, &issues, repo, outline);
		json_decref(names);
	}
	/* Open pull requests by the sections their heads change (tracker/pr_sections.h). */
	if (rc == 0) {
		json_t *pulls = NULL;
		rc = pr_sections_by_section(&pulls, db, repo_id, date, outline);
		json_object_set_new(model, "pulls_by_section", pulls ? pulls : json_array());
	}
	/* The next call also goes on the timeline. */
	if (rc == 0 && next) {
		json_t *ev = json_object_get(json_object_get(model, "timeline"), "events");
		json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:s}", "date", next->date, "keyword", "", "label",
						    projected ? "next call (projected)" : "next call", "kind", "meeting"));
	}
	if (rc == 0) {
		json_t *b, *ev = json_object_get(json_object_get(model, "timeline"), "events");
		json_array_foreach(json_object_get(model, "ballots_in_flight"), i, b) {
			json_t *dl;
			size_t j;
			json_array_foreach(json_object_get(b, "deadlines"), j, dl) {
				char day[11];
				snprintf(day, sizeof(day), "%.10s", jsonget_text(dl, "time"));
				json_array_append_new(ev, json_pack("{s:s, s:s, s:o, s:s}", "date", day, "keyword", "", "label",
								    json_sprintf("%s %s", jsonget_text(b, "id"), jsonget_text(dl, "label")), "kind",
								    "deadline"));
			}
		}
		json_object_set_new(model, "counts",
				    json_pack("{s:I, s:I, s:I, s:I, s:I}", "ballots_in_flight",
					      (json_int_t)json_array_size(json_object_get(model, "ballots_in_flight")), "drafts",
					      (json_int_t)json_array_size(json_object_get(model, "drafts")), "dates",
					      (json_int_t)json_array_size(json_object_get(json_object_get(model, "dates"), "rows")),
					      "issues_new", (json_int_t)status_issues_count(&issues, STATUS_ISSUE_NEW),
					      "issues_parked", (json_int_t)status_issues_count(&issues, STATUS_ISSUE_PARKED)));
	}
	json_decref(changes);
	json_decref(version);
	ct_section_list_release(&sections);
	json_decref(outline);
	status_issues_release(&issues);
	ct_gh_repo_list_release(&repos);
	ct_meeting_list_release(&scheduled);
	if (rc < 0) {
		json_decref(model);
		return rc;
	}
	*out = model;
	return 0;
}

/* ---- several documents ---------------------------------------------------- */

/* "NAME: text" in place of o.key (a string), so that a merged list says which document. */
static void prefix_doc(json_t *o, const char *key, const char *name)
{
	const char *t = jsonget_str(o, key);
	json_object_set_new(o, key, t ? json_sprintf("%s: %s", name, t) : json_string(name));
}

/* Append the items of list `key` of `from` to that of `into`, each item's `field` prefixed with the document. */
static void merge_list(json_t *into, json_t *from, const char *key, const char *field, const char *name)
{
	json_t *x, *dst = json_object_get(into, key);
	size_t i;
	json_array_foreach(json_object_get(from, key), i, x) {
		prefix_doc(x, field, name);
		json_object_set_new(x, "document", json_string(name));
		json_array_append(dst, x);
	}
}

int status_build_documents(json_t **out, struct ct_db *db, const struct query_doc *docs, size_t ndocs,
			   const struct ct_meeting *meeting, const struct ct_meeting_list *meetings,
			   const struct status_options *opts)
{
	*out = NULL;
	if (ndocs == 1)
		return status_build(out, db, &docs[0], meeting, meetings, opts);
	json_t *model = NULL, *documents = json_array();
	struct strbuf names = STRBUF_INIT, versions = STRBUF_INIT;
	int rc = 0, imported = 0;
	for (size_t k = 0; k < ndocs && rc == 0; k++) {
		json_t *m = NULL;
		if ((rc = status_build(&m, db, &docs[k], meeting, meetings, opts)) < 0)
			break;
		json_t *d = json_object_get(m, "document");
		json_array_append(documents, d);
		strbuf_addf(&names, "%s%s", k ? ", " : "", docs[k].name);
		if (json_is_true(json_object_get(d, "imported"))) {
			imported = 1;
			strbuf_addf(&versions, "%s%s", versions.len ? ", " : "", docs[k].name);
			if (jsonget_str(d, "version"))
				strbuf_addf(&versions, " version %s", jsonget_str(d, "version"));
		}
		/* Every list says which document its items are of; the issues are the repository's, once. */
		if (!model) {
			model = json_object();
			json_object_update(model, m);
			static const char *const lists[] = { "ballots_in_flight", "drafts" };
			for (size_t l = 0; l < 2; l++)
				json_object_set_new(model, lists[l], json_array());
			/* Its own dates, timeline and counts objects: the first document's lists are merged into them. */
			static const char *const parts[] = { "dates", "timeline", "counts" };
			for (size_t l = 0; l < 3; l++)
				json_object_set_new(model, parts[l], json_copy(json_object_get(m, parts[l])));
			json_object_set_new(json_object_get(model, "dates"), "rows", json_array());
			json_object_set_new(json_object_get(model, "timeline"), "events", json_array());
		}
		merge_list(model, m, "ballots_in_flight", "title", docs[k].name);
		merge_list(model, m, "drafts", "title", docs[k].name);
		merge_list(json_object_get(model, "dates"), json_object_get(m, "dates"), "rows", "description", docs[k].name);
		merge_list(json_object_get(model, "timeline"), json_object_get(m, "timeline"), "events", "label",
			   docs[k].name);
		json_decref(m);
	}
	if (rc == 0) {
		/* One timeline and one table of dates for all the documents. */
		jsonget_sort(json_object_get(json_object_get(model, "dates"), "rows"), status_by_date);
		jsonget_sort(json_object_get(json_object_get(model, "timeline"), "events"), status_by_date);
		status_unique_pages(json_object_get(model, "drafts"));
		/* The page shows one section per document: each document's own items, named as in the lists. */
		for (size_t k = 0; k < ndocs; k++) {
			static const char *const lists[] = { "ballots_in_flight", "drafts" };
			json_t *d = json_array_get(documents, k);
			for (size_t l = 0; l < 2; l++) {
				json_t *mine = json_array(), *x;
				size_t i;
				json_array_foreach(json_object_get(model, lists[l]), i, x)
					if (!strcmp(jsonget_str(x, "document") ? jsonget_str(x, "document") : "", docs[k].name))
						json_array_append(mine, x);
				json_object_set_new(d, lists[l], mine);
			}
		}
		json_object_set_new(model, "document", json_pack("{s:s, s:s?, s:n, s:b}", "name", names.buf, "title",
								 versions.len ? versions.buf : NULL, "version",
								 "imported", imported));
		json_object_set(model, "documents", documents);
		json_t *counts = json_object_get(model, "counts");
		json_object_set_new(counts, "ballots_in_flight",
				    json_integer((json_int_t)json_array_size(json_object_get(model, "ballots_in_flight"))));
		json_object_set_new(counts, "drafts", json_integer((json_int_t)json_array_size(json_object_get(model, "drafts"))));
		json_object_set_new(counts, "dates", json_integer((json_int_t)json_array_size(
						     json_object_get(json_object_get(model, "dates"), "rows"))));
		*out = model;
	} else {
		json_decref(model);
	}
	json_decref(documents);
	strbuf_release(&names);
	strbuf_release(&versions);
	return rc;
}

