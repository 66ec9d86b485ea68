/*
 * mentiondb.h - reads and writes of minutes_mentions (migration 7): the
 * compare and branch links and the IP review ends a minutes post states.
 *
 * Rows are jansson objects {meeting, ord, kind, url, owner, repo, base,
 * head, ballot_key, name, time, context}.  Only `cabtrack import minutes`
 * writes them.  Every function returns 0 or a negative CT_E* code with the
 * message kept.
 */
#ifndef CT_MENTIONDB_H
#define CT_MENTIONDB_H

#include <jansson.h>

#include "db/db.h"

/* Replace the mentions of the meeting on `date` by `rows` (objects with the fields above; missing ones are NULL). */
int mentiondb_replace(struct ct_db *db, const char *date, json_t *rows);

/* The mentions of the meeting on `date` (NULL: of every meeting), in meeting and post order. */
int mentiondb_list(json_t **out, struct ct_db *db, const char *date);

#endif
