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
#include "db/github_query.h"
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

/* status_issues.c: one issue or pull request as the status page shows it. */
struct status_issue {
	const struct ct_issue *is;          /* the record, in status_issues.all */
	int was_open;                       /* open at the meeting (not closed by its day) */
	int parked;                         /* labelled "parked" (any case) */
	unsigned lists;                     /* the STATUS_ISSUE_* lists it is in */
	/*
	 * Link targets, in the order of the links: resolved sections, ballot
	 * keys, and the ballot keys of the changes that address it (the
	 * drafts' declared names after status_issues_rename).  The strings
	 * belong to status_issues.links (or to the names given to rename).
	 */
	const char **sections, **ballots, **addressed_by;
	size_t nsections, nballots, naddressed;
};

/* The lists of the "issues" part an issue is in. */
enum {
	STATUS_ISSUE_NEW = 1,               /* opened since the previous meeting */
	STATUS_ISSUE_UPDATED = 2,           /* not new, updated since then and by the meeting */
	STATUS_ISSUE_ADDRESSED = 4,         /* open, addressed by a draft or ballot in flight */
	STATUS_ISSUE_PARKED = 8,
	STATUS_ISSUE_OPEN = 16,             /* an open issue (not a pull request), not parked: by_section */
};

/* status_issues.c: the issues of a repository as of a meeting; the caller releases them. */
struct status_issues {
	struct ct_issue_list all;           /* every issue and pull request of the repository */
	struct ct_issue_link_list links;    /* and their links */
	struct status_issue *items;         /* those opened by the meeting, oldest first */
	size_t n;
};
#define STATUS_ISSUES_INIT { CT_ISSUE_LIST_INIT, CT_ISSUE_LINK_LIST_INIT, NULL, 0 }

/*
 * status_issues.c: the issues of repository `repo_id` (0: none) as of the
 * meeting on `today`, with the lists each is in since `since`;
 * `draft_keys` (an object whose keys are ballot keys) are the changes
 * that can address them.  0 or a negative code.
 */
int status_issues_read(struct status_issues *out, struct ct_db *db, int64_t repo_id, const char *since,
		       const char *today, json_t *draft_keys);

/*
 * status_issues.c: name the ballot keys in each issue's addressed_by by
 * the names in `names` (key -> id string), which must live as long as
 * `si` is used.
 */
void status_issues_rename(struct status_issues *si, json_t *names);

/*
 * status_issues.c: the "issues" part of the view model (new, updated,
 * addressed, parked, by_section, open) and "repo" (`repo_name`, or null)
 * into `model`; `outline` (number -> section) titles the sections.
 */
void status_issues_to_json(json_t *model, const struct status_issues *si, const char *repo_name, json_t *outline);

/* status_issues.c: how many issues are in list `list` (a STATUS_ISSUE_* bit). */
size_t status_issues_count(const struct status_issues *si, unsigned list);

/* status_issues.c: free what `si` holds and reset it to STATUS_ISSUES_INIT. */
void status_issues_release(struct status_issues *si);

#endif
