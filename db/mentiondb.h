/*
 * mentiondb.h - reads and writes of minutes_mentions (migration 7): the
 * compare and branch links and the IP review ends a minutes post states.
 *
 * They are written from jansson objects {kind, url, owner, repo, base,
 * head, ballot_key, name, time, context} and read as records (struct
 * ct_mention).  Only `cabtrack import minutes` writes them.  Every function returns 0 or a negative CT_E* code with the
 * message kept.
 */
#ifndef CT_MENTIONDB_H
#define CT_MENTIONDB_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

/* Replace the mentions of the meeting on `date` by `rows` (objects with the fields above; missing ones are NULL). */
int mentiondb_replace(struct ct_db *db, const char *date, json_t *rows);

/*
 * One row of minutes_mentions.  Strings are owned; meeting, kind and
 * context are never NULL, the others are NULL where the kind has none.
 */
struct ct_mention {
	char *meeting;          /* the meeting's date */
	int64_t ord;            /* place in the post */
	char *kind;             /* compare, branch, ipr_end */
	char *url, *owner, *repo, *base, *head;   /* compare, branch */
	char *ballot_key, *name, *time;           /* ipr_end: the ballot and the end (ISO UTC, or a day) */
	char *context;          /* the paragraph that says it */
};
struct ct_mention_list {
	struct ct_mention *items;
	size_t n;
};
#define CT_MENTION_LIST_INIT { NULL, 0 }

/* Fill `out` with the mentions of the meeting on `date` (NULL: of every meeting), in meeting and post order. */
int mentiondb_query(struct ct_mention_list *out, struct ct_db *db, const char *date);

/* Free what `list` holds and reset it to CT_MENTION_LIST_INIT. */
void ct_mention_list_release(struct ct_mention_list *list);

#endif
