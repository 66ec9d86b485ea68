/*
 * meetings_cadence.h - a meeting cadence ("every other Wednesday at 11:00
 * America/New_York") read from text or from the project file, and the
 * time of day it names.  It sits below the meetings (tracker/meetings.c)
 * and the checks of recorded values (tracker/valid.c), which both read a
 * cadence through it; it calls only base, the date type and the project file.
 */
#ifndef CT_MEETINGS_CADENCE_H
#define CT_MEETINGS_CADENCE_H

#include "db/meetingdb.h"
#include "importers/datephrase.h"

/* A meeting cadence: "every other Wednesday", "weekly on Thursday", "every 3 weeks on Tuesday 11:00". */
struct meetings_cadence {
	int weeks;               /* 1 weekly, 2 every other week, ... */
	int weekday;             /* 0 Monday .. 6 Sunday */
	char time[6];            /* HH:MM in tz, "" when not given */
	char tz[64];             /* IANA zone, "" for UTC */
	long anchor;             /* a day (ct_date_to_days) of one meeting, fixing the phase */
};

/*
 * Read a cadence: `text` names the weekday and how many weeks apart
 * ("every other", "biweekly", "every 2 weeks", "weekly"); `time` and `tz`
 * (either may be NULL, or be given inside text: "every other Wednesday
 * 11:00 America/New_York"); `anchor` a date of one meeting, else the latest
 * recorded meeting on that weekday in `recorded` (may be NULL), else
 * `today`'s week.  A
 * meeting in `recorded` after the anchor re-anchors the cadence to its
 * week (a call held off the cadence moves the ones after it).
 * Only weekly cadences read: a word it does not know ("first Wednesday of
 * the month") is refused, naming the word, never read as weekly.
 * 0 or CT_EINVALID naming the text.
 */
int meetings_cadence_parse(struct meetings_cadence *out, const char *text, const char *time, const char *tz,
			   const char *anchor, const struct ct_meeting_list *recorded, struct ct_date today);

/*
 * The cadence the project file sets (meeting.cadence, meeting.time,
 * meeting.tz, meeting.anchor) for the database at `db_path`: *have 0 when
 * it sets none.  0 or CT_EINVALID for a cadence that does not read.
 */
int meetings_project_cadence(struct meetings_cadence *out, int *have, const char *db_path,
			     const struct ct_meeting_list *recorded, struct ct_date today);

/*
 * The cadence's `i`-th meeting (0: the first) on or after `from`, as a
 * record that `out` owns: date, the cadence's time and zone (NULL when it
 * gives none), start_utc when it gives a time, source "cadence", no id.
 * Release with ct_meeting_release.
 */
void meetings_cadence_meeting(struct ct_meeting *out, const struct meetings_cadence *c, struct ct_date from, int i);

/*
 * 0 when `s` is a time of day as cabtrack stores it (HH:MM, 24 hours),
 * else CT_EINVALID naming it.
 */
int meetings_cadence_clock(const char *s);

#endif
