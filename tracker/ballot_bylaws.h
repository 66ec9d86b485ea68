/*
 * ballot_bylaws.h - what the Bylaws (v2.5, 2.3 and 2.4; IPR Policy 4.1)
 * imply for one hand-recorded ballot: its lifecycle with every date the
 * recorded ones imply, the tally of a recorded vote, and whether it has
 * the endorsements it needs.  tracker/bylaws.h does the arithmetic; this
 * turns a recorded row (db/ballotdb.h) into the view `ballot show`, the
 * status page, the agenda and the calendar share.
 */
#ifndef CT_BALLOT_BYLAWS_H
#define CT_BALLOT_BYLAWS_H

#include <stdint.h>
#include <jansson.h>

#include "db/ballotdb.h"
#include "tracker/base/strbuf.h"

/* The steps of a ballot's lifecycle, in the order they happen. */
enum ballot_bylaws_step_key {
	BALLOT_BYLAWS_DISCUSSION_START,
	BALLOT_BYLAWS_LAST_VERSION,
	BALLOT_BYLAWS_EARLIEST_VOTE_START, /* last version, else the discussion's start, + 7 days */
	BALLOT_BYLAWS_AUTO_FAIL,           /* the same + 90 days, while no vote is recorded */
	BALLOT_BYLAWS_VOTE_START,
	BALLOT_BYLAWS_VOTE_END,            /* vote start + 7 days */
	BALLOT_BYLAWS_RESULT,              /* recorded result_at, else due 3 business days after the vote's end */
	BALLOT_BYLAWS_REVIEW_START,        /* recorded, else the Review Notice due 3 business days after the result */
	BALLOT_BYLAWS_IPR_ENDS,            /* recorded, else 30 days (60 for a Final Guideline) after the review's
	                                    * recorded start, else the result, else the vote's end */
	BALLOT_BYLAWS_NSTEPS
};

/* One step: a recorded time, or one the Bylaws derive from the nearest known fact before it. */
struct ballot_bylaws_step {
	int64_t t;              /* UTC seconds; 0: no time */
	const char *label;      /* "voting may start" */
	int derived;            /* 1 when derived, by `rule` */
	char rule[96];          /* "vote end + 3 business days", "" when recorded */
};

/* The lifecycle of a recorded ballot: every step by key (a recorded time always wins over the derived one). */
struct ballot_bylaws_lifecycle {
	const char *type;       /* the recorded type (borrowed), NULL */
	struct ballot_bylaws_step steps[BALLOT_BYLAWS_NSTEPS];
	int64_t now;            /* as_of, else the clock */
	int next;               /* the key of the first step after `now` that is a deadline, -1: none */
};

/* Fill `out` with the lifecycle of recorded ballot `rec` (NULL: nothing recorded) as of `as_of` (0: now). */
void ballot_bylaws_steps(struct ballot_bylaws_lifecycle *out, const struct ct_ballot *rec, int64_t as_of);

/* The JSON name of step `key` ("ipr_ends"). */
const char *ballot_bylaws_step_name(enum ballot_bylaws_step_key key);

/* Step `key` as JSON, times in UTC and in `tz` (NULL: UTC): {key, label, time, utc, local, derived, rule?}, or null. */
json_t *ballot_bylaws_step_to_json(const struct ballot_bylaws_lifecycle *lc, enum ballot_bylaws_step_key key,
				   const char *tz);

/*
 * The lifecycle as JSON: {type, steps: [the steps with a time, in order],
 * and each step also under its key (null when it has no time)}.
 */
json_t *ballot_bylaws_lifecycle_to_json(const struct ballot_bylaws_lifecycle *lc, const char *tz);

/* Append the next deadline to `next` as "LABEL UTC (LOCAL)" (LOCAL only for a zone other than UTC); nothing when none. */
void ballot_bylaws_next(struct strbuf *next, const struct ballot_bylaws_lifecycle *lc, const char *tz);

/*
 * The lifecycle of `rec` as JSON (ballot_bylaws_lifecycle_to_json) and
 * its next deadline: `next` receives it, and *next_out points at it (NULL
 * when there is none).
 */
json_t *ballot_bylaws_lifecycle(const struct ct_ballot *rec, const char *tz, int64_t as_of, const char **next_out,
				struct strbuf *next);

/*
 * The recorded vote of `rec` by the pass rule (2.3(5), 2.3(6)):
 * {issuers: {yes, no, abstain}, consumers: {...}, issuers_ok,
 * consumers_ok, yes_in_each, passed, result: "passed" | "failed"}, or
 * NULL when no vote is recorded for both classes.
 */
json_t *ballot_bylaws_vote(const struct ct_ballot *rec);

/*
 * The endorsements of `rec` (2.3(3)): {proposer, endorsers: [names],
 * other_members (the distinct members endorsing other than the
 * proposer's), enough (at least 2), flag (why not, or null)}, or NULL when
 * neither a proposer nor endorsers are recorded and the recorded state is
 * not discussion or voting (a ballot in discussion or voting with no
 * endorsers recorded is flagged).  A member is the text in
 * the last parentheses of a name ("Ben Wilson (Mozilla)" is Mozilla),
 * else the name itself.
 */
json_t *ballot_bylaws_endorsement(const struct ct_ballot *rec);

#endif
