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

/*
 * The lifecycle of recorded ballot `rec` (NULL: nothing recorded), with
 * times in UTC and in `tz` (NULL: UTC):
 *
 *   {type, steps: [{key, label, time, utc, local, derived, rule?}], and
 *    each step also under its key}
 *
 * in the order they happen.  Keys: discussion_start, last_version,
 * earliest_vote_start (last version, else the discussion's start, + 7
 * days), auto_fail (the same + 90 days, while no vote is recorded),
 * vote_start, vote_end (vote start + 7 days), result (recorded
 * result_at, else due 3 business days after the vote's end), review_start
 * (recorded, else the Review Notice due 3 business days after the result),
 * ipr_ends (recorded, else 30 days, 60 for a Final Guideline, after the
 * review's recorded start, else the result, else the vote's end, as the
 * Forum's Review Notices go out with the result).  A recorded time always
 * wins over the one derived for it; each step says whether it was derived
 * and by what rule.  A key without a time is null.
 *
 * `next` receives the first step after `as_of` (0: now) as "LABEL UTC
 * (LOCAL)", and *next_out points at it (NULL when there is none).
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
