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
 * Parse `s` into seconds since the epoch (UTC): "YYYY-MM-DD", optionally
 * followed by " HH:MM[:SS]" or "THH:MM[:SS]" and a zone: "Z", "UTC",
 * "+HH:MM"/"-HH:MM", or an IANA name after a space.  Without a zone the
 * time is in `default_tz` (NULL: UTC); a date alone means 00:00.
 * 0 or CT_EINVALID with a message naming `s`.
 */
int when_parse(int64_t *out, const char *s, const char *default_tz);

/* Check that `tz` names a zone in the system's tzdata.  0 or CT_EINVALID. */
int when_check_zone(const char *tz);

/* Append "2023-12-08T17:00:00Z". */
void when_format_iso(struct strbuf *sb, int64_t t);

/* Write the UTC day of t, "2023-12-08", into out. */
void when_day(char out[11], int64_t t);

/* Append "2023-12-08 17:00 UTC". */
void when_format_utc(struct strbuf *sb, int64_t t);

/* Append "2023-12-08 12:00 EST" for zone `tz` (UTC when NULL or unknown). */
void when_format_zone(struct strbuf *sb, int64_t t, const char *tz);

/* Parse the ISO form when_format_iso writes.  0 or CT_EINVALID. */
int when_parse_iso(int64_t *out, const char *s);

#endif
