/*
 * meetings_cadence.c - reading a meeting cadence (see meetings_cadence.h).
 *
 * Only weekly cadences read; any word not understood is refused by name.
 */
#include "tracker/meetings_cadence.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/project.h"

int meetings_cadence_clock(const char *s)
{
	if (s && strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == ':' &&
	    isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) && atoi(s) < 24 && atoi(s + 3) < 60)
		return 0;
	return ct_error_set(CT_EINVALID, "'%s' is not a time of day (HH:MM, 24 hours)", s ? s : "");
}

static const char *const weekdays[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };

/* Monday 0 .. Sunday 6 of a day count (1970-01-01, day 0, was a Thursday). */
static int weekday_of(long days)
{
	long w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* How many weeks a word of a cadence says: "other", "second", "2nd", "3" ... (0: not such a word). */
static int weeks_word(const char *w)
{
	static const char *const words[][3] = {
		{ "other", "second", "2nd" }, { "third", "3rd", NULL }, { "fourth", "4th", NULL },
	};
	for (int k = 0; k < 3; k++)
		for (int j = 0; j < 3; j++)
			if (words[k][j] && !strcmp(w, words[k][j]))
				return k + 2;
	char *end;
	long n = strtol(w, &end, 10);
	return *w && !*end && n > 0 && n <= 52 ? (int)n : 0;
}

/*
 * Read a cadence's words into `out`: a weekday (plural allowed), how often
 * ("every", "every other|second|third|fourth|N [weeks on]", "weekly",
 * "biweekly", "fortnightly"), and optionally "at HH:MM" and a zone
 * (Area/City or UTC).  Any other word is refused, naming it, so that
 * "first Wednesday of the month" is an error and never a silent weekly
 * cadence.
 */
static int cadence_words(struct meetings_cadence *out, const char *text)
{
	struct strbuf low = STRBUF_INIT;
	for (const char *p = text; *p; p++)
		strbuf_addch(&low, *p == ',' ? ' ' : (char)tolower((unsigned char)*p));
	int rc = 0, often = 0, minutes;
	char *save = NULL;
	for (char *w = strtok_r(low.buf, " \t", &save); w && rc == 0; w = strtok_r(NULL, " \t", &save)) {
		size_t len = strlen(w);
		int day = -1;
		for (int i = 0; i < 7; i++)
			if (!strcmp(w, weekdays[i]) || (len == strlen(weekdays[i]) + 1 && !strncmp(w, weekdays[i], len - 1) && w[len - 1] == 's'))
				day = i;
		if (day >= 0) {
			if (out->weekday >= 0 && out->weekday != day)
				rc = ct_error_set(CT_EINVALID, "meeting cadence '%s': name one weekday", text);
			out->weekday = day;
		} else if (!strcmp(w, "every") || !strcmp(w, "on") || !strcmp(w, "at") || !strcmp(w, "week") || !strcmp(w, "weeks")) {
			often |= !strcmp(w, "every");
		} else if (!strcmp(w, "weekly")) {
			often = 1;
		} else if (!strcmp(w, "biweekly") || !strcmp(w, "fortnightly")) {
			out->weeks = 2, often = 1;
		} else if (weeks_word(w)) {
			out->weeks = weeks_word(w);
		} else if (isdigit((unsigned char)w[0]) && when_parse_clock(&minutes, w) == 0) {
			/* the times every option takes (tracker/base/when.h): 11:00, 11am */
			when_clock_format(out->time, minutes);
		} else if (!strcmp(w, "utc")) {
			snprintf(out->tz, sizeof(out->tz), "UTC");
		} else if (when_zone_alias(w)) {
			snprintf(out->tz, sizeof(out->tz), "%s", when_zone_alias(w));
		} else if (strchr(w, '/')) {
			/* the zone as written (zone names are case-sensitive) */
			const char *orig = text + (w - low.buf);
			snprintf(out->tz, sizeof(out->tz), "%.*s", (int)(len < 63 ? len : 63), orig);
		} else {
			rc = ct_error_set(CT_EINVALID,
					  "meeting cadence '%s': '%s' is not understood; cabtrack reads weekly cadences such as "
					  "\"every Wednesday\" or \"every other Wednesday at 11:00 America/New_York\"",
					  text, w);
		}
		if (rc == 0)
			ct_error_drop("a word of the cadence that was read as something other than a time of day");
	}
	if (rc == 0 && !often)
		rc = ct_error_set(CT_EINVALID, "meeting cadence '%s': say how often, as in \"every other Wednesday\"", text);
	strbuf_release(&low);
	return rc;
}

int meetings_cadence_parse(struct meetings_cadence *out, const char *text, const char *time, const char *tz,
			   const char *anchor, const struct ct_meeting_list *recorded, struct ct_date today)
{
	memset(out, 0, sizeof(*out));
	out->weeks = 1;
	out->weekday = -1;
	int rc = cadence_words(out, text);
	if (rc < 0)
		return rc;
	if (time)
		snprintf(out->time, sizeof(out->time), "%s", time);
	if (tz)
		snprintf(out->tz, sizeof(out->tz), "%s", tz);
	if (out->weekday < 0 || out->weeks < 1 || out->weeks > 52)
		return ct_error_set(CT_EINVALID,
				    "meeting cadence '%s': name a weekday and how often, as in \"every other Wednesday\" (every 1 to 52 weeks)",
				    text);
	if (*out->tz && when_check_zone(out->tz) < 0)
		return CT_EINVALID;
	if (*out->time && meetings_cadence_clock(out->time) < 0)
		return ct_error_prefix(CT_EINVALID, "meeting time: ");

	/* The phase: the anchor, else the latest recorded meeting on that weekday, else this week. */
	struct ct_date d;
	out->anchor = LONG_MIN;
	if (anchor && *anchor) {
		if (ct_date_parse_strict(&d, anchor) < 0)
			return ct_error_set(CT_EINVALID, "meeting anchor '%s' is not a date", anchor);
		out->anchor = ct_date_to_days(d);
	} else {
		for (size_t i = 0; recorded && i < recorded->n; i++)
			if (ct_date_parse_strict(&d, recorded->items[i].date) == 0 &&
			    weekday_of(ct_date_to_days(d)) == out->weekday)
				out->anchor = ct_date_to_days(d);
		ct_error_drop("a recorded meeting whose day does not read anchors nothing");
	}
	if (out->anchor == LONG_MIN) {
		long t = ct_date_to_days(today);
		out->anchor = t + ((out->weekday - weekday_of(t)) + 7) % 7;
	}
	if (weekday_of(out->anchor) != out->weekday)
		return ct_error_set(CT_EINVALID, "meeting anchor %s is not a %s", anchor ? anchor : "", weekdays[out->weekday]);
	/*
	 * A call held off the cadence (a week late, or on another day) moves
	 * it: the calls after it count from its week.
	 */
	for (size_t i = 0; recorded && i < recorded->n; i++) {
		if (ct_date_parse_strict(&d, recorded->items[i].date) < 0)
			continue;
		long day = ct_date_to_days(d), week_day = day - weekday_of(day) + out->weekday;
		if (day > out->anchor && week_day > out->anchor)
			out->anchor = week_day;
	}
	ct_error_drop("a recorded meeting whose day does not read moves nothing");
	return 0;
}

int meetings_project_cadence(struct meetings_cadence *out, int *have, const char *db_path,
			     const struct ct_meeting_list *recorded, struct ct_date today)
{
	char *text = project_get(db_path, "meeting.cadence");
	*have = 0;
	if (!text || !*text) {
		free(text);
		return 0;
	}
	char *time = project_get(db_path, "meeting.time");
	char *tz = project_get(db_path, "meeting.tz");
	char *anchor = project_get(db_path, "meeting.anchor");
	int rc = meetings_cadence_parse(out, text, time, tz, anchor, recorded, today);
	*have = rc == 0;
	free(text);
	free(time);
	free(tz);
	free(anchor);
	return rc;
}

void meetings_cadence_meeting(struct ct_meeting *out, const struct meetings_cadence *c, struct ct_date from, int i)
{
	long f = ct_date_to_days(from), period = 7L * c->weeks;
	long k = (f - c->anchor) / period;
	long day = c->anchor + k * period;
	while (day < f)
		day += period;
	while (day - period >= f)
		day -= period;
	struct ct_date d = ct_date_from_days(day + i * period);
	char date[11];
	ct_date_format(date, &d);
	memset(out, 0, sizeof(*out));
	out->date = xstrdup(date);
	out->time = *c->time ? xstrdup(c->time) : NULL;
	out->tz = *c->tz ? xstrdup(c->tz) : NULL;
	out->source = xstrdup("cadence");
	if (*c->time) {
		char when[32];
		int64_t t;
		snprintf(when, sizeof(when), "%s %s", date, c->time);
		if (when_parse(&t, when, *c->tz ? c->tz : NULL) == 0) {
			struct strbuf iso = STRBUF_INIT;
			when_format_iso(&iso, t);
			out->start_utc = strbuf_detach(&iso, NULL);
		} else {
			ct_error_drop("a cadence time that names no instant (a zone's gap) leaves the start unknown");
		}
	}
}
