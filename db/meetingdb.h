/*
 * meetingdb.h - reads and writes of the meetings table (migration 4).
 *
 * Meetings are hand-recorded: only `cabtrack meeting add` and `cabtrack
 * import minutes` call meetingdb_put.  Rows come back as jansson objects
 * {id, date, time, tz, start_utc, title, source, minutes, tags}.  Every
 * function returns 0 or a negative CT_E* code with the message kept.
 */
#ifndef CT_MEETINGDB_H
#define CT_MEETINGDB_H

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

/* Every meeting, by date. */
int meetingdb_list(json_t **out, struct ct_db *db);

#endif
