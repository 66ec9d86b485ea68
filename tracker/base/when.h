/*
 * when.h - points in time for ballot deadlines and meetings: parsed from
 * what a chair types, stored in UTC, shown in UTC and a meeting's zone.
 *
 * Zones are IANA names ("America/New_York") read from the system's tzdata
 * (/usr/share/zoneinfo); an unknown name is an error, never silently UTC.
 */
#ifndef CT_WHEN_H
#define CT_WHEN_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

/*
 * The times cabtrack takes: the years 1000 to 9999 in UTC, which every
 * output (YYYY-MM-DD, ISO 8601, iCalendar) can show.  1000-01-01T00:00:00Z
 * and 9999-12-31T23:59:59Z as seconds since the epoch.
 */
#define WHEN_YEAR_MIN 1000
#define WHEN_YEAR_MAX 9999
#define WHEN_MIN INT64_C(-30610224000)
#define WHEN_MAX INT64_C(253402300799)

/* 0 when t is within WHEN_MIN..WHEN_MAX, else CT_EINVALID (no message: the caller names the value). */
int when_check_range(int64_t t);

/*
 * The one grammar of days and times a person types, for every option that
 * takes one (--from, --to, --at, --meeting, --vote-end, meeting add,
 * config meeting.*, in-force DAY).  Document text has its own reader
 * (importers/datephrase.h).
 *
 * A day: "2023-12-06", "2023/12/06", "Dec 6, 2023", "December 6th 2023",
 * "6 December 2023", "6-Dec-2023", "today", "yesterday", "tomorrow", or an
 * offset from today "[+|-]N unit" (d, w, m, y and their words: "+6m",
 * "-2w", "+10 days", "18m").  "12/06/2023" and the like (month or day
 * first?) are refused with a hint naming the readings as YYYY-MM-DD.
 *
 * Days are counted from 1970-01-01 (negative before it) and lie in the
 * years WHEN_YEAR_MIN..WHEN_YEAR_MAX.  `today` is such a count
 * (when_today()).  0, or CT_EINVALID with a message naming `s`.
 */
int when_parse_day(long *out, const char *s, long today);

/*
 * A span "[+|-]N unit" as when_parse_day's offsets take it ("+6 months",
 * "2w", "-1y"): *months and *days signed, *negative when a '-' was written.
 * 0 or CT_EINVALID naming `s`.
 */
int when_parse_span(long *months, long *days, int *negative, const char *s);

/* Today in UTC as a day count. */
long when_today(void);

/* Write a day count as "2023-12-06" into out. */
void when_day_format(char out[11], long days);

/*
 * A time of day alone: "11:00", "9:30", "23:05", "11am", "11 a.m.",
 * "11:00 p.m." (12am is midnight, 12pm noon).  *minutes from midnight.
 * 0 or CT_EINVALID naming `s`.
 */
int when_parse_clock(int *minutes, const char *s);

/* Write minutes from midnight (0..1439) as "HH:MM" into out. */
void when_clock_format(char out[6], int minutes);

/*
 * The zone an abbreviation stands for: "EST", "EDT", "ET" America/New_York;
 * CT/CST/CDT America/Chicago; MT/MST/MDT America/Denver; PT/PST/PDT
 * America/Los_Angeles; CET/CEST/MET/MEST Europe/Berlin; WET/WEST
 * Europe/Lisbon; BST Europe/London; EET/EEST Europe/Athens (any case).
 * NULL when `abbr` is not one of them.
 */
const char *when_zone_alias(const char *abbr);

/*
 * The zone `given` names: an abbreviation of when_zone_alias (then
 * *alias_of = the abbreviation in upper case, a static string, so the
 * caller can say which zone it took; else NULL), "Z", "UTC" or "GMT" ("UTC"), or an IANA name.  Other upper-case
 * abbreviations ("IST", "AEST") are refused; the zone is checked with
 * when_check_zone.  *out is a static string or `given`.  0 or CT_EINVALID.
 */
int when_zone_resolve(const char **out, const char **alias_of, const char *given);

/*
 * Parse `s` into seconds since the epoch (UTC): a day of when_parse_day,
 * optionally followed by a time ("T11:00", " 11:00:30", ", 11am", " at
 * 11:00 a.m.") and a zone ("Z", "UTC", "+01:00", "-0500", an IANA name or
 * an abbreviation of when_zone_alias, which sets *alias_of when alias_of
 * is not NULL).  Without a zone the time is in `default_tz` (NULL: UTC); a
 * day alone means 00:00.  The time must fall within WHEN_MIN..WHEN_MAX once
 * in UTC.  0 or CT_EINVALID with a message naming `s`.
 */
int when_parse_at(int64_t *out, const char **alias_of, const char *s, const char *default_tz, long today);

/* when_parse_at with today's date and no alias reported. */
int when_parse(int64_t *out, const char *s, const char *default_tz);

/*
 * Check that `tz` names a zone in the system's tzdata: "UTC" or a zone file
 * (TZif) under /usr/share/zoneinfo; a folder ("America") or a data file
 * ("leapseconds") is not a zone.  Every place a zone is read (options,
 * the project file, minutes, import state) checks it here.  0 or CT_EINVALID.
 */
int when_check_zone(const char *tz);

/* Append "2023-12-08T17:00:00Z". */
void when_format_iso(struct strbuf *sb, int64_t t);

/* Write the UTC day of t, "2023-12-08", into out. */
void when_day(char out[11], int64_t t);

/* Append "2023-12-08 17:00 UTC". */
void when_format_utc(struct strbuf *sb, int64_t t);

/* Append "2023-12-08 12:00 EST" for zone `tz` (UTC when NULL or unknown). */
void when_format_zone(struct strbuf *sb, int64_t t, const char *tz);

/*
 * Parse exactly the ISO form when_format_iso writes (a real day, in range).
 * 0 or CT_EINVALID naming `s`.
 */
int when_parse_iso(int64_t *out, const char *s);

/* Zone `tz` at one instant: the local wall clock, the offset from UTC and the name in use. */
struct when_local {
	int year, month, day, hour, minute, second;
	long offset;            /* seconds east of UTC: -18000 for EST */
	int isdst;
	char abbr[16];          /* "EST", or "" */
};

/* Where `t` falls in zone `tz` (a name when_check_zone accepts). 0 or CT_EINVALID. */
int when_local(struct when_local *out, int64_t t, const char *tz);

/* A change of zone `tz`'s UTC offset or name: `at` (UTC) and the observance before and from it. */
struct when_transition {
	int64_t at;
	long offset_from, offset_to;
	int isdst;              /* of the observance from `at` */
	char abbr[16];          /* of the observance from `at` */
};

/*
 * The transitions of zone `tz` in [from, to), found by stepping through the
 * span a day at a time with localtime_r and bisecting each change to the
 * second (a change undone within the same day is not seen).  Writes up to `max`
 * into out and returns how many there are (may exceed max), or CT_EINVALID.
 */
int when_zone_transitions(struct when_transition *out, size_t max, const char *tz, int64_t from, int64_t to);

#endif
