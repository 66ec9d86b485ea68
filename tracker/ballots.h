/*
 * ballots.h - ballots: where they are found, what was recorded by hand,
 * and the view that `ballot list`, `ballot show`, `ballot diff` and
 * `dates --ballot` share.
 *
 * A ballot is known by its key: ballot_name_normalize() of its name
 * ("SMC05", "Ballot_SMC05" and "SMC-05" are all SMC5), or for a draft
 * that has no ballot name yet the name it was declared or found under
 * ("CAA", "srdavidson/Pseudo").  Found sources (import) and hand-recorded
 * facts (`ballot add/set/plan`) are merged per key; hand-recorded facts
 * win, except that a publication date in the Revisions table ends the
 * lifecycle.
 */
#ifndef CT_BALLOTS_H
#define CT_BALLOTS_H

#include <jansson.h>

#include "db/ballotdb.h"
#include "db/db.h"
#include "db/query.h"

/*
 * Rebuild the document's ballot_sources from what the import recorded:
 * commits on the main ref's first-parent history whose subject names a
 * ballot (base: their first parent; pull request from "(#228)"), tags
 * whose name carries a ballot, pull-request refs tied to such a commit or
 * whose head names a ballot (base: the merge base with main), fork and
 * local branches not merged into main (named by the ballot in their name,
 * else as drafts under their short name), and the rows of the main
 * version's Revisions table.  Runs inside the import's transaction.
 */
int ballots_discover(struct ct_db *db, const struct query_doc *doc);

/*
 * The key for what a user typed: the normalised ballot name, else the text
 * itself.  `out` has room for outsz bytes.
 */
void ballots_key(char *out, size_t outsz, const char *id);

struct ballots_view_options {
	const char *tz;          /* the meeting's zone for times (NULL: UTC only) */
	int64_t as_of;           /* describe the ballot as it stood then (UTC seconds; 0: now): sources
	                          * found later, publications after it and passed deadlines are left out */
};
#define BALLOTS_VIEW_OPTIONS_INIT { NULL, 0 }

/*
 * Every ballot of the document, found or recorded, in ballot order:
 * [{id, key, title, state, state_source, base, head, pr, published,
 * next_deadline, ipr_ends (the lifecycle's step, or null), found_in}].
 * `opts` may be NULL.
 */
int ballots_list(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct ballots_view_options *opts);

/*
 * The version on the main ref's first-parent history at `as_of` (UTC
 * seconds, 0: the tip): *vid 0 when there is none.
 */
int ballots_main_version(int64_t *vid, struct ct_db *db, const struct query_doc *doc, int64_t as_of);

/*
 * One ballot's view: {id, key, name, title, state, state_source, type,
 * base, head, base_ref, head_ref, pr, sources, lifecycle (times in UTC and
 * in the zone, ipr_ends_derived), published, plan (from, adoption,
 * phases with projected and actual dates), dates (the dated obligations
 * it introduced, at main), recorded (bool), log}.  `id` is what the user
 * typed: a ballot name, a draft's name, or a ref that a source carries.
 * CT_ENOTFOUND naming `id` when no ballot matches.
 */
int ballots_view(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *id,
		 const struct ballots_view_options *opts);

/*
 * The day a Revisions table row's dates (column -> YYYY-MM-DD) say the
 * ballot was published: its "Publication Date", else its adoption date;
 * NULL when it has neither.  Borrowed from `dates`.
 */
const char *ballots_publication(json_t *dates);

/*
 * The same for a found source (a revision's "dates"), into `day`: 1 when
 * it says one, else 0 and "" (also for a NULL source).
 */
int ballots_source_publication(char day[32], const struct ct_ballot_source *s);

/* bylaws_ipr_end (tracker/bylaws.h), kept for the callers that name it here (tracker/check_adoption.c). */
int64_t ballots_ipr_end(int64_t vote_end, const char *type);

#endif
