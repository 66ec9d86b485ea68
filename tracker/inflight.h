/*
 * inflight.h - ballots in flight and drafts found rather than typed: what
 * the status page and the agenda of a meeting show without any
 * hand-recorded ballot state.
 *
 *  - A ballot published in the Revisions table was in IP review before its
 *    publication: its review end is the one recorded, else its vote end
 *    plus 30 days (60 for a Final Guideline: the document's first
 *    version), else the end the minutes of an earlier meeting state, else
 *    its publication date.
 *  - An open pull request whose title or labels name a ballot (or that is
 *    labelled "ballot") is that ballot in discussion, unless the ballot was
 *    already on main or published.
 *  - The compare and branch links the previous meeting's minutes cite are
 *    drafts: by their commits when imported, else by the fork's branch the
 *    citing paragraph names, else an unresolved draft link.
 *
 * Entries of ballots in flight are {id, key, title, state, next_deadline,
 * pr, pr_url, base, head, note?, version?, deadlines: [{label, time, utc,
 * local, derived, rule}]}.
 */
#ifndef CT_INFLIGHT_H
#define CT_INFLIGHT_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "db/query.h"

struct inflight_context {
	int64_t as_of;          /* the meeting's moment (UTC seconds) */
	const char *day;        /* the meeting's day, YYYY-MM-DD */
	const char *tz;         /* the zone to show times in beside UTC, or NULL */
	const char *repo;       /* OWNER/REPO whose pull requests count, or NULL */
	int64_t repo_id;        /* its id (0: none) */
};

/* The ballots published in the Revisions table whose IP review was running at the meeting. 0 or CT_E*. */
int inflight_reviews(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct inflight_context *c);

/* The ballots in discussion that open pull requests carry at the meeting, one per ballot (the newest). 0 or CT_E*. */
int inflight_pulls(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct inflight_context *c);

/*
 * The web address of pull request `pr` of `repo` as JSON: `html_url` when
 * it is an http(s) address, else https://github.com/REPO/pull/PR; null when
 * there is none or it would not be an http(s) address (render/url.h).
 */
json_t *inflight_pr_url(const char *repo, int64_t pr, const char *html_url);

/*
 * The drafts the minutes of the meeting on `date` link to: [{kind, url,
 * owner, repo, ref (short ref name, or null), base, head, resolved, how,
 * meeting}].  `resolved` is false when neither the link's commits nor a
 * branch the paragraph names were imported.  0 or CT_E*.
 */
int inflight_minutes_drafts(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *date);

/*
 * A compare or branch link as a base and head `query_resolve` accepts
 * (`base`, `head` of at least 256 bytes): the link's commits or branch when
 * imported.  CT_ENOTFOUND naming the link otherwise; CT_EINVALID when it is
 * no such link.
 */
int inflight_link_resolve(char *base, char *head, size_t size, struct ct_db *db, const struct query_doc *doc,
			  const char *url);

#endif
