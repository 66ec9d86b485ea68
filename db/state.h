/*
 * state.h - the hand-recorded facts (ballots with their lifecycle, plans
 * and change logs; meetings) as one JSON document, out and back in:
 * `cabtrack export` and `cabtrack import state FILE`.
 *
 *   { "cabtrack_state": 1,
 *     "ballots":  [{doc, ballot_key, name, title, base, head, pr, state,
 *                   type, discussion_start, vote_start, vote_end,
 *                   ipr_ends, plan_from, proposer, endorsers: [names],
 *                   last_version, result_at, review_start,
 *                   votes_issuers, votes_consumers ("Y/N/A"),
 *                   created, updated,
 *                   phases: [{keyword, offset}],
 *                   log: [{time, field, old, new}]}],
 *     "meetings": [{date, time, tz, start_utc, title, source, minutes,
 *                   tags, created, updated}] }
 *
 * Everything an import or a sync writes can be made again from the
 * repositories and GitHub; this is what cannot.
 */
#ifndef CT_STATE_H
#define CT_STATE_H

#include <jansson.h>

#include "db/db.h"

#define STATE_FORMAT 1

/*
 * The fields of a "ballots" or "meetings" object (kind), without a
 * ballot's "phases" and "log"; *n their count.
 */
const char *const *state_fields(const char *kind, size_t *n);

/* The hand-recorded facts of the database.  0 or CT_EDB. */
int state_export(json_t **out, struct ct_db *db);

/*
 * Write the facts of `state` into the database (inside the caller's
 * transaction): ballots by document and key and meetings by date are
 * replaced by the file's, plans replaced, log entries added when missing.
 * The whole document is checked before anything is written: CT_EINVALID
 * naming the first thing wrong.  *ballots and *meetings count what was
 * written.
 */
int state_import(size_t *ballots, size_t *meetings, struct ct_db *db, json_t *state);

#endif
