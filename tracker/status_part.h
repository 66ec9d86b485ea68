/*
 * status_part.h - private to status.c and the status_*.c files: each part
 * of the meeting's view model that status_build puts together, and the
 * helpers they share.  Not for use outside the status module.
 */
#ifndef CT_STATUS_PART_H
#define CT_STATUS_PART_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "db/query.h"
#include "tracker/base/jsonget.h"
#include "tracker/status.h"

/*
 * status_ballots.c: the ballots in flight ("ballots_in_flight") and the
 * drafts ("drafts") as of `as_of`, with their deadlines, pages and
 * changes; 0 or a negative CT_E* code.
 */
int status_ballots_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *since,
			const char *prev_date, const char *date, const char *repo, int64_t repo_id,
			const struct status_options *opts);

/*
 * status_ballots.c: make the drafts' page names ("slug", "page") unique
 * also where a file system ignores case: a later draft whose name is
 * taken gets "-2", "-3", ...
 */
void status_unique_pages(json_t *drafts);

/*
 * status_dates.c: the effective dates ("dates") and the timeline
 * ("timeline") of the main version as of `as_of`; 0 or a negative code.
 */
int status_dates_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *today);

/*
 * status_dates.c: the Revisions table's effective dates of version `vid`,
 * from..to (either may be NULL), appended to rows (as dates rows, source
 * "revisions") and, when not NULL, to events (timeline events).
 */
int status_revision_dates(json_t *rows, json_t *events, struct ct_db *db, int64_t vid, const char *from, const char *to,
			  const char *today);

/*
 * status_dates.c: the dates of the version on main as of `as_of` (0: the
 * latest) in *rows, grouped and merged (one obligation stated by the table
 * and the text is one row), and that version's id in *vid (0: none; *rows
 * NULL then).  0 or a negative code.
 */
int status_main_dates(json_t **rows, int64_t *vid, struct ct_db *db, const struct query_doc *doc, int64_t as_of);

/* status_dates.c: qsort order of dates rows: by date; on one day the table, then the text, then Revisions. */
int status_by_date(const void *a, const void *b);

/*
 * status_issues.c: the issues ("issues": new, updated, addressed, parked,
 * by section) of repository `repo_id` since `since`; `draft_keys` are the
 * keys of the changes that can address them, `outline` number -> section.
 */
int status_issues_part(json_t *model, struct ct_db *db, const char *repo_name, int64_t repo_id, const char *since,
		       const char *today, json_t *draft_keys, json_t *outline);

/*
 * status_issues.c: replace the ballot keys in an issue's addressed_by by
 * the names in `names` (key -> id).  The lists share issue objects: `done`
 * remembers which were renamed already.
 */
void status_rename_addressed(json_t *is, json_t *names, json_t *done);

#endif
