/*
 * datephrase.h - dates as the CA/B Forum documents write them.
 *
 * Owns the calendar date type (struct ct_date) and its arithmetic, the
 * parsing of one date in any of the styles the guideline documents use
 * ("2024-09-15", "September 15, 2024", "Sept 2 2020", "15 September 2024",
 * "31-March-2026", "March 1st, 2024", ...), the durations of phase-in plans
 * ("+6 months"), and the finding of dated
 * phrases ("Starting on September 15, 2024", "Effective 2026-03-15", "prior
 * to March 15, 2025") inside one requirement sentence.
 *
 * The scanners take a pointer and a length, never read past the length and
 * do not need a NUL terminator; they run in time linear in the input.
 */
#ifndef CT_DATEPHRASE_H
#define CT_DATEPHRASE_H

#include <stddef.h>

/* A calendar date (proleptic Gregorian); year 0 means "no date". */
struct ct_date {
	int year, month, day;
};

/*
 * Parse one date at s[0..len) after skipping leading white space.  On
 * success store it in *out and return the number of bytes consumed, counting
 * the skipped white space (always > 0); return 0 (and leave *out alone) when
 * no valid date starts there.  Years must have four digits in 1990..2099;
 * the day must exist in that month.  A time after an ISO date
 * ("2025-03-15T00:00:00Z") is not consumed.  The date must not run on into a
 * word or number ("2024-09-15x", "September 15, 20245").
 */
size_t datephrase_parse_date(struct ct_date *out, const char *s, size_t len);

/* Format as YYYY-MM-DD plus NUL into buf (at least 11 bytes). */
void ct_date_format(char *buf, const struct ct_date *d);

/*
 * Parse a C string that must be exactly one date, allowing white space and
 * Markdown emphasis (**, *, _) around it.  Returns 0, or CT_EINVALID with a
 * message naming the text.
 */
int ct_date_parse_strict(struct ct_date *out, const char *s);

/*
 * Add months, keeping the day unless the target month is shorter, in which
 * case the day becomes that month's last ("2024-01-31" + 1 month is
 * "2024-02-29").  A date with year 0 is returned unchanged.
 */
struct ct_date ct_date_add_months(struct ct_date d, int months);

/* Add (or with a negative count subtract) days.  Year 0 is returned unchanged. */
struct ct_date ct_date_add_days(struct ct_date d, int days);

/* The number of days from 1970-01-01 to d (negative before it). */
long ct_date_to_days(struct ct_date d);

/* The date `days` days after 1970-01-01. */
struct ct_date ct_date_from_days(long days);

/* Today's date in UTC. */
struct ct_date ct_date_today(void);

/* Compare: negative, 0 or positive as a is before, equal to or after b. */
int ct_date_cmp(struct ct_date a, struct ct_date b);

/* A span of time as the phase-in plans state it: months, then days. */
struct ct_duration {
	int months, days;
};

/*
 * Parse a duration: "+6 months", "6 months", "+12 months", "+30 days",
 * "+1 year", "2w" (d, w, m, y and their words, as when_parse_day; years are stored as 12
 * months and weeks as 7 days).  A negative duration is refused.  Returns 0,
 * or CT_EINVALID with a message naming the text.
 */
int ct_duration_parse(struct ct_duration *out, const char *s);

/* How a dated phrase introduces its date. */
enum datephrase_kind {
	DATEPHRASE_BARE = 0,      /* a date with no recognised lead-in */
	DATEPHRASE_STARTING,      /* "Starting on", "Starting", "Beginning on", "From", "As of", "Commencing" */
	DATEPHRASE_EFFECTIVE,     /* "Effective", "Effective on", "effective as of", "is effective" */
	DATEPHRASE_ON_OR_AFTER,   /* "On or after", "on and after" */
	DATEPHRASE_AFTER,         /* "After" */
	DATEPHRASE_PRIOR_TO,      /* "Prior to", "Before" */
	DATEPHRASE_ON_OR_BEFORE,  /* "On or before" */
	DATEPHRASE_NO_LATER_THAN, /* "No later than", "By" */
	DATEPHRASE_UNTIL,         /* "Until", "through" */
};

/* One dated phrase found in a sentence. */
struct datephrase {
	struct ct_date date;
	enum datephrase_kind kind;
	size_t start, end; /* byte range of the whole phrase (lead-in + date) in the input */
};

/*
 * Find every dated phrase in s[0..len), in order.  Store at most `max` in
 * out (which may be NULL when max is 0) and return how many there are; when
 * that exceeds max only the first max were stored.  A lead-in is recognised
 * case-insensitively as the whole words right before the date, with white
 * space or Markdown emphasis (*, _) between ("Effective **March 15,
 * 2025**").  Dates are only taken at the start of a word, so "v12 May 2024"
 * or "1.15 September 2024" yield nothing inside the token.
 */
size_t datephrase_find(struct datephrase *out, size_t max, const char *s, size_t len);

/*
 * The kind's stable name: "bare", "starting", "effective", "on-or-after",
 * "after", "prior-to", "on-or-before", "no-later-than", "until";
 * "unknown" for any other value.
 */
const char *datephrase_kind_name(enum datephrase_kind k);

#endif
