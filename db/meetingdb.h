/*
 * meetingdb.h - reads and writes of the meetings table (migration 4).
 *
 * Meetings are hand-recorded: only `cabtrack meeting add` and `cabtrack
 * import minutes` call meetingdb_put.  Rows come back as records (struct
 * ct_meeting); ct_meeting_to_json makes one JSON at the edge, for output
 * and view models.  Every function returns 0 or a negative CT_E* code
 * with the message kept.
 */
#ifndef CT_MEETINGDB_H
#define CT_MEETINGDB_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

struct meetingdb_meeting {
	const char *date;       /* YYYY-MM-DD, required */
	const char *time;       /* HH:MM or NULL */
	const char *tz;         /* IANA zone or NULL (UTC) */
	const char *start_utc;  /* ISO UTC or NULL */
	const char *title;      /* may be NULL */
	const char *source;     /* recorded, minutes, announced */
	const char *minutes;    /* file name or NULL */
	const char *tags;       /* JSON array text or NULL */
};

/*
 * Record a meeting, or update the one on that date: given fields replace
 * stored ones, NULL fields keep them, except that an 'announced' meeting
 * never overwrites what was recorded or read from minutes.
 * *created is 1 when the row is new.
 */
int meetingdb_put(int *created, struct ct_db *db, const struct meetingdb_meeting *m);

/*
 * One row of `meetings`.  Strings are owned; date and source are never
 * NULL, the others are NULL for SQL NULL.
 */
struct ct_meeting {
	int64_t id;
	char *date;             /* YYYY-MM-DD */
	char *time;             /* HH:MM in tz, or NULL */
	char *tz;               /* IANA zone, or NULL (UTC) */
	char *start_utc;        /* ISO UTC start, or NULL */
	char *title;
	char *source;           /* recorded, minutes, announced */
	char *minutes;          /* the minutes' file name or URL, or the announcement's */
	char *tags;             /* a JSON array as text ("[]" when none), or NULL */
};
struct ct_meeting_list {
	struct ct_meeting *items;
	size_t n;
};
#define CT_MEETING_LIST_INIT { NULL, 0 }

/* Fill `out` with every meeting, by date. */
int meetingdb_query(struct ct_meeting_list *out, struct ct_db *db);

/* Free what `m` holds and zero it. */
void ct_meeting_release(struct ct_meeting *m);

/* Free what `list` holds and reset it to CT_MEETING_LIST_INIT. */
void ct_meeting_list_release(struct ct_meeting_list *list);

/*
 * A meeting as JSON: {id, date, time, tz, start_utc, title, source,
 * minutes, tags}, NULL fields as null, tags parsed.  New reference.
 */
json_t *ct_meeting_to_json(const struct ct_meeting *m);

/* Fill `out` with copies of what `m` holds (release it with ct_meeting_release). */
void ct_meeting_copy(struct ct_meeting *out, const struct ct_meeting *m);

#endif
