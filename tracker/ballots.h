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

/*
 * A ballot as the engine sees it: the sources found for its key and the
 * row recorded by hand, merged.  Everything but `id` and the arrays is
 * borrowed from the ballots_set that holds it.
 */
struct ballots_ballot {
	const char *key;
	char *id;                      /* as the Forum writes it ("SC063"), else as found or declared (owned) */
	const char *title;             /* recorded, else the Revisions row's, the merge's or the pull request's; NULL */
	const char *base, *head;       /* refs or commits query_resolve accepts (recorded first); NULL when not known */
	const char *from;              /* where head comes from: recorded, merge, tag, pull, fork, branch; NULL */
	int64_t pr;                    /* 0: none */
	const char *state;             /* effective (published), the recorded state, passed (on main) or draft */
	const char *state_source;      /* revisions, recorded, main or found */
	char published[32];            /* the day the Revisions table says it was published, "" when none */
	const char *version;           /* the version the Revisions table says it made, or NULL */
	const char *found_in[8];       /* the kinds of its sources, first seen first, then "recorded" */
	size_t nfound_in;
	const struct ct_ballot_source **sources; /* by kind (merge, tag, pull, fork, branch, revision) and order */
	size_t nsources, sources_alloc;
	const struct ct_ballot *rec;   /* the recorded row, or NULL */
};

/* Every ballot of a document, and the records they borrow from. */
struct ballots_set {
	struct ct_ballot_source_list sources;
	struct ct_ballot_list recorded;
	struct ballots_ballot *items;  /* first seen first */
	size_t n, alloc;
};
#define BALLOTS_SET_INIT { CT_BALLOT_SOURCE_LIST_INIT, CT_BALLOT_LIST_INIT, NULL, 0, 0 }

/*
 * Fill `out` with every ballot of the document as it stood at `as_of`
 * (UTC seconds, 0: now; sources found later and publications after it
 * are left out).  Release with ballots_set_release.
 */
int ballots_load(struct ballots_set *out, struct ct_db *db, const struct query_doc *doc, int64_t as_of);

/* Free what `set` holds and reset it to BALLOTS_SET_INIT. */
void ballots_set_release(struct ballots_set *set);

/* The ballot that what a user typed names: by key, else by a ref one of its sources carries; NULL when none. */
const struct ballots_ballot *ballots_find(const struct ballots_set *set, const char *id);

/*
 * The ballots of `set` in ballot order (by prefix and number: SMC5 before
 * SMC10; drafts after them by name), as a new array of set->n pointers
 * into it that the caller frees.
 */
const struct ballots_ballot **ballots_sorted(const struct ballots_set *set);

/*
 * A ballot's merged fields as JSON, the start of both the list's entries
 * and the view: {id, key, title, base, head, from, pr, state,
 * state_source, published, version, found_in}.  New reference.
 */
json_t *ballots_ballot_to_json(const struct ballots_ballot *b);

struct ballot_bylaws_lifecycle;

/*
 * The next deadline of ballot `b` whose lifecycle is `lc`, as `ballot
 * list`, `ballot show` and the status page give it: "LABEL UTC (LOCAL in
 * tz)" (ballot_bylaws_next), or null when no deadline is ahead or the
 * Revisions table says it was published.  New reference.
 */
json_t *ballots_next_deadline(const struct ballots_ballot *b, const struct ballot_bylaws_lifecycle *lc, const char *tz);

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

#endif
