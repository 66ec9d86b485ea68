/*
 * status.h - the view model of a meeting's status page and minutes
 * appendix: what the chair needs before a call, as it stood at the
 * meeting.
 *
 * The model is plain JSON (design decision 3); `render status --format
 * json` prints it, the templates receive it.  Strings whose name ends in
 * "_md" are Markdown from the document or GitHub: the page renderer adds
 * a "..._html" twin rendered safely; every other string is text.
 *
 *   { document: {name, title, version},
 *     meeting: {date, time, tz, utc, local, title, recorded},
 *     previous: {date, title} | null, since: YYYY-MM-DD,
 *     next: {date, utc, local, title, projected (computed from the cadence,
 *            not announced)} | null,
 *     repo: OWNER/REPO | null,
 *     ballots_in_flight: [{id, title, state, next_deadline, pr, pr_url,
 *                          deadlines: [{label, utc, local, derived, rule}]}],
 *     drafts: [{id, slug, title, state, base, head, page, sections: [...],
 *               sections_from: {ref, version} (the head, whose numbers they carry),
 *               requirements: [{change, section, keyword, old_keyword,
 *               strength, text_md}], dates: [...], plan: {...},
 *               addresses: [issue numbers], diff (the diff view model)}],
 *     dates: {from, to, rows: [{date, keyword, ballot, sections,
 *             description, source, past}]},
 *     timeline: {from, to, today, events: [{date, keyword, label, kind}]},
 *     issues: {new, updated, addressed, parked: [issue], by_section:
 *              [{section, title, issues}], open},
 *     pulls_by_section: [{section, title, pulls: [{number, title, url,
 *                         sections}]}] (open pull requests by the sections
 *                         their heads change, tracker/pr_sections.h),
 *     counts: {...} }
 *
 * An issue is {number, title, url (null unless http(s)), state (at the
 * meeting), is_pull_request, labels (but "parked"), created_at,
 * updated_at, parked, sections, ballots, addressed_by}, in that order
 * (tracker/status_issues.c builds it from the issue records).
 */
#ifndef CT_STATUS_H
#define CT_STATUS_H

#include <jansson.h>

#include "db/db.h"
#include "db/meetingdb.h"
#include "db/query.h"

struct meetings_cadence;

struct status_options {
	const char *tz;          /* the zone to show times in beside UTC (NULL: the meeting's) */
	int with_diffs;          /* put each draft's full diff view model in drafts[].diff */
	const struct meetings_cadence *cadence;  /* schedules the next call when none is recorded; may be NULL */
	const char *wg;          /* the working group's name (cabtrack.wg) heading every page; may be NULL */
};
#define STATUS_OPTIONS_INIT { NULL, 1, NULL, NULL }

/*
 * Build the status of `doc` at `meeting` (as meetings_pick gives it)
 * given every recorded meeting in `meetings` (meetingdb_query's).  0 or a
 * negative CT_E* code.
 */
int status_build(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct ct_meeting *meeting,
		 const struct ct_meeting_list *meetings, const struct status_options *opts);

/*
 * The status of several documents at one meeting, one model: each
 * document's ballots in flight, drafts, dates and timeline events in one
 * list (dates and events by date), each item's title, description or
 * label prefixed with its document's name and carrying "document"; the
 * issues of the first document's repository; "document" naming them all
 * ("BR, EVG") and "documents" each one's {name, title, version,
 * imported}.  With one document, status_build.
 */
int status_build_documents(json_t **out, struct ct_db *db, const struct query_doc *docs, size_t ndocs,
			   const struct ct_meeting *meeting, const struct ct_meeting_list *meetings,
			   const struct status_options *opts);

struct status_calendar_options {
	const char *from;        /* effective dates from this day (YYYY-MM-DD) on; NULL: all */
	const char *wg;          /* the working group's name (cabtrack.wg); NULL: from a minutes title */
	const struct meetings_cadence *cadence; /* the usual call time, and the projected next call; may be NULL */
};
#define STATUS_CALENDAR_OPTIONS_INIT { NULL, NULL, NULL }

/*
 * The events of the documents' calendar, one timeline for all `ndocs` of
 * `docs`: effective dates at main (from opts->from on) with a summary that
 * says what takes effect ("SBR: SHALL adoption of CAA for S/MIME (SMC05)"),
 * IP review ends of recorded ballots, and the recorded meetings as timed
 * events ("S/MIME Certificate Working Group call": UTC start, from the
 * meeting's time, else the working group's usual time, which the
 * description then names), each pointing to its own minutes; with a
 * cadence, the next call after the last recorded one, projected
 * (TENTATIVE).  [{uid, summary, description, start, end?, url?, status?,
 * categories}], each uid stable across runs and imports.  `*stamp` is the
 * "YYYYMMDDTHHMMSSZ" of the newest commit imported (a DTSTAMP that
 * changes only with the data).  `opts` may be NULL.
 */
int status_calendar(json_t **out, char stamp[17], struct ct_db *db, const struct query_doc *docs, size_t ndocs,
		    const struct status_calendar_options *opts);

#endif
