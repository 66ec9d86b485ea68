/*
 * meetings.h - the working group's meetings: reading a minutes post, and
 * finding the meeting a command names and its neighbours.
 */
#ifndef CT_MEETINGS_H
#define CT_MEETINGS_H

#include <jansson.h>

#include "importers/datephrase.h"
#include "db/db.h"
#include "tracker/meetings_cadence.h"

/* What a minutes post says about its meeting and the next one. */
struct meetings_minutes {
	char date[11];           /* the meeting's day: front matter date, else a date line in the text */
	char *title;             /* front matter title, or NULL */
	json_t *tags;            /* front matter tags: array of strings */
	char next_date[11];      /* "Next call: Wednesday, December 6, 2023 at 11:00 am Eastern Time", "" when absent */
	char next_time[6];       /* "11:00", "" when not given */
	char next_tz[64];        /* "America/New_York", "" when not given */
	char next_note[160];     /* why a time given was not taken (no zone, or one not known), "" when none */
};
#define MEETINGS_MINUTES_INIT { "", NULL, NULL, "", "", "", "" }

/*
 * Read a minutes post (front matter `title`, `date`, `tags`, as cabforum.org
 * posts have them).  The next call's time is read in 24 hours from "11:00",
 * "2 pm", "11:00 a.m.", "12:00 pm" (noon), "12 midnight", "noon"; it is
 * taken only with a zone meetings_zone_of knows, else next_note says why.  `name` names it in messages.  0, or CT_EINVALID when
 * it has no front matter or no date.
 */
int meetings_parse_minutes(struct meetings_minutes *out, const char *name, const char *text, size_t len);
void meetings_minutes_release(struct meetings_minutes *m);

/*
 * The IANA zone a minutes post means by "Eastern Time", "Pacific", "UTC",
 * ... (NULL when unknown).
 */
const char *meetings_zone_of(const char *words, size_t len);

/*
 * The meetings below are records (struct ct_meeting, db/meetingdb.h): a
 * recorded one is a row of the table (id > 0); one the cadence schedules
 * has id 0 and source "cadence"; a day named with no meeting recorded on
 * it has only its date (id 0, source NULL).
 */

/* 1 when `m` is a recorded meeting (a row of the table), else 0. */
int meetings_recorded(const struct ct_meeting *m);

/*
 * A picked meeting as JSON, for output and view models: {date, time, tz,
 * start_utc, title, recorded} and, for one the cadence schedules,
 * "source": "cadence".  New reference.
 */
json_t *meetings_pick_to_json(const struct ct_meeting *m);

/*
 * The first `n` meetings of the cadence on or after `from` into `out`
 * (release it with ct_meeting_list_release): the cadence's meetings,
 * except that a meeting of `recorded` (may be NULL) on the same day is
 * copied in its place.
 */
void meetings_cadence_next(struct ct_meeting_list *out, const struct meetings_cadence *c, struct ct_date from, int n,
			   const struct ct_meeting_list *recorded);

/*
 * Pick a meeting from `list` (meetingdb_query's, by date) into `out`
 * (release it with ct_meeting_release): "next" (the first on or after
 * `today`), "last" (the latest before `today`), or a date (the recorded
 * one, else that day alone).  With a cadence (may be NULL), "next" and
 * "last" also consider the meetings it schedules.  CT_ENOTFOUND when
 * "next"/"last" have none; CT_EINVALID for a bad date.
 */
int meetings_pick(struct ct_meeting *out, const struct ct_meeting_list *list, const char *which, struct ct_date today,
		  const struct meetings_cadence *cadence);

/* The recorded meetings strictly before and after `date` (borrowed from list, or NULL). */
const struct ct_meeting *meetings_previous(const struct ct_meeting_list *list, const char *date);
const struct ct_meeting *meetings_following(const struct ct_meeting_list *list, const char *date);

/*
 * The meeting's start as UTC seconds: its start_utc, else the end of its
 * day (23:59:59 UTC), which is what "as of the meeting" means without a time.
 */
int64_t meetings_as_of(const struct ct_meeting *meeting);

#endif
