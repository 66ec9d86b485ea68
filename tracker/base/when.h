/*
 * when.h - points in time for ballot deadlines and meetings: parsed from
 * what a chair types, stored in UTC, shown in UTC and a meeting's zone.
 *
 * Zones are IANA names ("America/New_York") read from the system's tzdata
 * (/usr/share/zoneinfo); an unknown name is an error, never silently UTC.
 */
#ifndef CT_WHEN_H
#define CT_WHEN_H

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
 * Parse `s` into seconds since the epoch (UTC): "YYYY-MM-DD", optionally
 * followed by " HH:MM[:SS]" or "THH:MM[:SS]" and a zone: "Z", "UTC",
 * "+HH:MM"/"-HH:MM", or an IANA name after a space.  Without a zone the
 * time is in `default_tz` (NULL: UTC); a date alone means 00:00.  The day
 * must exist and the time fall within WHEN_MIN..WHEN_MAX once in UTC.
 * 0 or CT_EINVALID with a message naming `s`.
 */
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

#endif
