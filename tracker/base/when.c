/*
 * when.c - parse and format points in time (see when.h).
 *
 * Conversions to and from a named zone go through the C library with TZ
 * set for the duration of the call and restored afterwards; cabtrack is
 * single-threaded, so this is safe.  UTC arithmetic uses timegm and
 * gmtime_r and never looks at TZ.
 */
#include "tracker/base/when.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

#define ZONEINFO "/usr/share/zoneinfo/"

/* The hints every refusal ends with, so each option says the same. */
#define WHEN_HINT_DAY "write 2023-12-06, Dec 6, 2023, 6 December 2023, today, or an offset such as +6m, -2w, +10d"
#define WHEN_HINT_TIME                                                                                                 \
	"write a day (2023-12-06, Dec 6, 2023, +2w) with an optional time (11:00, 11am, 11:00 a.m.) and zone (Z, "  \
	"+01:00, America/New_York)"
#define WHEN_HINT_AMBIGUOUS "write the day as YYYY-MM-DD"

/* Is `path` a regular file that starts with the TZif magic (RFC 8536)? */
static int is_tzif(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	struct stat st;
	char magic[4];
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 && !memcmp(magic, "TZif", 4);
	close(fd);
	return ok;
}

int when_check_zone(const char *tz)
{
	if (!tz || !*tz || strstr(tz, "..") || tz[0] == '/' || strlen(tz) > 64)
		return ct_error_set(CT_EINVALID, "'%s' is not a time zone name; use an IANA name such as America/New_York",
				    tz ? tz : "");
	for (const char *p = tz; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return ct_error_set(CT_EINVALID, "'%s' is not a time zone name; use an IANA name such as America/New_York", tz);
	if (!strcmp(tz, "UTC"))
		return 0;
	char path[128];
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	struct stat st;
	if (stat(path, &st) != 0)
		return ct_error_set(CT_EINVALID, "unknown time zone '%s' (not in " ZONEINFO "; is tzdata installed?)", tz);
	/* A folder (America) or a data file (leapseconds, zone.tab) is not a zone. */
	if (!is_tzif(path))
		return ct_error_set(CT_EINVALID, "'%s' is not a time zone (" ZONEINFO "%s is not a zone file); use an IANA "
				    "name such as America/New_York", tz, tz);
	return 0;
}

/* Run localtime_r or mktime with TZ = tz; restores TZ. */
struct tz_saved {
	char *old;
	int had;
};

static void tz_enter(struct tz_saved *s, const char *tz)
{
	const char *old = getenv("TZ");
	s->had = old != NULL;
	s->old = old ? xstrdup(old) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

static void tz_leave(struct tz_saved *s)
{
	if (s->had)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(s->old);
}

static int64_t local_to_utc(struct tm *tm, const char *tz)
{
	struct tz_saved saved;
	tz_enter(&saved, tz);
	tm->tm_isdst = -1;
	time_t t = mktime(tm);
	tz_leave(&saved);
	return (int64_t)t;
}

static int bad(const char *s)
{
	return ct_error_set(CT_EINVALID, "'%s' is not a time; " WHEN_HINT_TIME, s);
}

static int out_of_range(const char *s)
{
	return ct_error_set(CT_EINVALID, "time '%s' is outside the years 1000 to 9999 (UTC) that cabtrack can show", s);
}

/* The n digits at s as a number, or -1 when they are not all digits. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Is y-mo-d a real day of the years WHEN_YEAR_MIN..WHEN_YEAR_MAX? */
static int real_day(int y, int mo, int d)
{
	if (y < WHEN_YEAR_MIN || y > WHEN_YEAR_MAX || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	/* Reject 2023-02-30 and the like: timegm would roll it over. */
	struct tm check = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d };
	timegm(&check);
	return check.tm_mday == d && check.tm_mon == mo - 1;
}

/*
 * "YYYY-MM-DD" at s into tm (a real day, years 1000..9999), then "HH:MM" or
 * "HH:MM:SS" after `sep` when present.  Returns the bytes read, or 0.
 */
static size_t read_stamp(struct tm *tm, const char *s, const char *sep)
{
	int y = digits(s, 4), mo, d, h = 0, mi = 0, sec = 0;
	size_t n = 10;
	if (y < 0 || s[4] != '-' || (mo = digits(s + 5, 2)) < 0 || s[7] != '-' || (d = digits(s + 8, 2)) < 0)
		return 0;
	if (s[10] && strchr(sep, s[10]) && isdigit((unsigned char)s[11])) {
		if ((h = digits(s + 11, 2)) < 0 || s[13] != ':' || (mi = digits(s + 14, 2)) < 0)
			return 0;
		n = 16;
		if (s[16] == ':') {
			if ((sec = digits(s + 17, 2)) < 0)
				return 0;
			n = 19;
		}
	}
	if (!real_day(y, mo, d) || h > 23 || mi > 59 || sec > 60)
		return 0;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = sec;
	return n;
}

int when_check_range(int64_t t)
{
	return t >= WHEN_MIN && t <= WHEN_MAX ? 0 : CT_EINVALID;
}

/* *out = t when it is in range, else an error naming s. */
static int in_range(int64_t *out, int64_t t, const char *s)
{
	if (when_check_range(t) < 0)
		return out_of_range(s);
	*out = t;
	return 0;
}

/* ---- the grammar a person types (when_parse_day, when_parse_clock, when_parse_at) ---- */

static long floor_div(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days from 1970-01-01 of a real day. */
static long day_number(int y, int mo, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d };
	return (long)floor_div((long)timegm(&tm), 86400);
}

/* The civil date of a day number. */
static void civil(int *y, int *mo, int *d, long days)
{
	time_t t = (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*mo = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

long when_today(void)
{
	return floor_div((long)time(NULL), 86400);
}

void when_day_format(char out[11], long days)
{
	int y, mo, d;
	civil(&y, &mo, &d, days);
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, mo, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* Does s[0..n) equal the lower-case word w, ignoring case? */
static int word_eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(s, w, n);
}

/* The length of the run of letters at s. */
static size_t letters(const char *s)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[n]))
		n++;
	return n;
}

/* The month a name or its abbreviation ("Dec", "Sept", "december") names, 1..12, or 0. */
static int month_named(const char *s, size_t n)
{
	static const char *const names[] = { "january", "february", "march", "april", "may", "june", "july",
					     "august", "september", "october", "november", "december" };
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (n <= strlen(names[m]) && !strncasecmp(s, names[m], n) && (n == 3 || n == strlen(names[m]) ||
									       (m == 8 && n == 4)))
			return m + 1;
	return 0;
}

/* A run of 1..max digits at s[*i] into *v; 0 when there is none or it is longer. */
static int number_at(const char *s, size_t *i, int max, int *v)
{
	size_t b = *i;
	int n = 0;
	while (isdigit((unsigned char)s[*i]) && *i - b < (size_t)max)
		n = n * 10 + (s[(*i)++] - '0');
	if (*i == b || isdigit((unsigned char)s[*i]))
		return 0;
	*v = n;
	return 1;
}

/* Skip spaces (and one comma among them when `comma`). */
static size_t skip_sep(const char *s, size_t i, int comma)
{
	while (s[i] == ' ' || s[i] == '\t' || (comma && s[i] == ','))
		i++;
	return i;
}

enum day_read { DAY_NONE, DAY_OK, DAY_AMBIGUOUS, DAY_NOT_REAL };

/*
 * A calendar date at s: "2023-12-06", "2023/12/06", "Dec 6, 2023",
 * "December 6 2023", "6 December 2023", "6 Dec, 2023".  Sets *end past it.
 * "12/06/2023" and the like are DAY_AMBIGUOUS (the 6th of December or the
 * 12th of June?) with *a, *b the two numbers.
 */
static enum day_read read_calendar(int *y, int *mo, int *d, size_t *end, const char *s, int *a, int *b)
{
	size_t i = 0;
	int n1, n2, n3;
	if (isdigit((unsigned char)s[0])) {
		if (!number_at(s, &i, 4, &n1))
			return DAY_NONE;
		char sep = s[i];
		if (i == 4 && (sep == '-' || sep == '/')) {
			i++;
			if (!number_at(s, &i, 2, &n2) || s[i] != sep)
				return DAY_NONE;
			i++;
			if (!number_at(s, &i, 2, &n3))
				return DAY_NONE;
			*y = n1, *mo = n2, *d = n3, *end = i;
			return real_day(*y, *mo, *d) ? DAY_OK : DAY_NOT_REAL;
		}
		if (i <= 2 && (sep == '/' || sep == '.' || sep == '-') && isdigit((unsigned char)s[i + 1])) {
			i++;
			if (!number_at(s, &i, 2, &n2) || s[i] != sep)
				return DAY_NONE;
			i++;
			if (!number_at(s, &i, 4, &n3))
				return DAY_NONE;
			*a = n1, *b = n2, *y = n3, *end = i;
			return DAY_AMBIGUOUS;
		}
		/* "6 December 2023" */
		if (i > 2 || (s[i] != ' ' && s[i] != '-'))
			return DAY_NONE;
		size_t m = s[i] == '-' ? i + 1 : skip_sep(s, i, 0), len = letters(s + m);
		if (!(n2 = month_named(s + m, len)))
			return DAY_NONE;
		i = m + len;
		if (s[i] == '.')
			i++;
		i = s[i] == '-' ? i + 1 : skip_sep(s, i, 1);
		size_t ys = i;
		if (!number_at(s, &i, 4, &n3) || i - ys != 4)
			return DAY_NONE;
		*y = n3, *mo = n2, *d = n1, *end = i;
		return real_day(*y, *mo, *d) ? DAY_OK : DAY_NOT_REAL;
	}
	/* "Dec 6, 2023", "December 6th 2023" */
	size_t len = letters(s);
	if (!(n2 = month_named(s, len)))
		return DAY_NONE;
	i = len;
	if (s[i] == '.')
		i++;
	i = skip_sep(s, i, 0);
	if (!number_at(s, &i, 2, &n1))
		return DAY_NONE;
	size_t suffix = letters(s + i);
	if (suffix == 2 && (word_eq(s + i, 2, "st") || word_eq(s + i, 2, "nd") || word_eq(s + i, 2, "rd") ||
			    word_eq(s + i, 2, "th")))
		i += 2;
	i = skip_sep(s, i, 1);
	size_t ys = i;
	if (!number_at(s, &i, 4, &n3) || i - ys != 4)
		return DAY_NONE;
	*y = n3, *mo = n2, *d = n1, *end = i;
	return real_day(*y, *mo, *d) ? DAY_OK : DAY_NOT_REAL;
}

/*
 * An offset "[+|-]N[ ]unit" at s (units d, w, m, y and their words).
 * Returns the bytes read or 0; *months and *days get the signed amounts.
 */
static size_t read_offset(const char *s, long *months, long *days)
{
	static const struct {
		const char *name;
		int months, days;
	} units[] = {
		{ "d", 0, 1 }, { "day", 0, 1 }, { "days", 0, 1 },
		{ "w", 0, 7 }, { "wk", 0, 7 }, { "wks", 0, 7 }, { "week", 0, 7 }, { "weeks", 0, 7 },
		{ "m", 1, 0 }, { "mo", 1, 0 }, { "mon", 1, 0 }, { "month", 1, 0 }, { "months", 1, 0 },
		{ "y", 12, 0 }, { "yr", 12, 0 }, { "yrs", 12, 0 }, { "year", 12, 0 }, { "years", 12, 0 },
	};
	size_t i = 0;
	int neg = 0, n;
	if (s[0] == '+' || s[0] == '-')
		neg = s[i++] == '-';
	if (!number_at(s, &i, 6, &n))
		return 0;
	i = skip_sep(s, i, 0);
	size_t len = letters(s + i);
	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (word_eq(s + i, len, units[k].name)) {
			*months = (neg ? -1L : 1L) * n * units[k].months;
			*days = (neg ? -1L : 1L) * n * units[k].days;
			return i + len;
		}
	return 0;
}

/* today + months + days, clamping the day to the month's last; 0 or -1 when out of range. */
static int shift(long *out, long today, long months, long days)
{
	int y, mo, d;
	civil(&y, &mo, &d, today);
	long total = (long)y * 12 + (mo - 1) + months;
	long ny = floor_div(total, 12);
	int nm = (int)(total - ny * 12) + 1;
	if (ny < WHEN_YEAR_MIN || ny > WHEN_YEAR_MAX)
		return -1;
	while (d > 28 && !real_day((int)ny, nm, d))
		d--;
	long r = day_number((int)ny, nm, d) + days;
	civil(&y, &mo, &d, r);
	if (r < day_number(WHEN_YEAR_MIN, 1, 1) || r > day_number(WHEN_YEAR_MAX, 12, 31))
		return -1;
	*out = r;
	return 0;
}

/*
 * A day at s (any form of when_parse_day), setting *end past it.  0, or
 * CT_EINVALID with the message naming `whole` (the text the user gave).
 */
static int read_day(long *out, size_t *end, const char *s, long today, const char *whole)
{
	int y, mo, d, a = 0, b = 0;
	long months, days;
	size_t n = letters(s);
	enum day_read r;
	static const struct {
		const char *word;
		int days;
	} words[] = { { "today", 0 }, { "yesterday", -1 }, { "tomorrow", 1 } };
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (word_eq(s, n, words[k].word)) {
			if (shift(out, today, 0, words[k].days) < 0)
				return ct_error_set(CT_EINVALID, "'%s' is outside the years 1000 to 9999", whole);
			*end = n;
			return 0;
		}
	switch ((r = read_calendar(&y, &mo, &d, end, s, &a, &b))) {
	case DAY_OK:
		*out = day_number(y, mo, d);
		return 0;
	case DAY_AMBIGUOUS:
		/* Named as written (the date alone, without a time after it). */
		if (a <= 12 && b <= 12 && a != b && real_day(y, a, b) && real_day(y, b, a))
			return ct_error_set(CT_EINVALID, "'%.*s' is ambiguous (month first or day first?); " WHEN_HINT_AMBIGUOUS
					    ": %04d-%02d-%02d or %04d-%02d-%02d", (int)*end, s, y, a, b, y, b, a);
		if (real_day(y, a, b) || real_day(y, b, a)) {
			int m = real_day(y, a, b) ? a : b, dd = m == a ? b : a;
			return ct_error_set(CT_EINVALID, "'%.*s' is ambiguous (month first or day first?); " WHEN_HINT_AMBIGUOUS
					    ": %04d-%02d-%02d", (int)*end, s, y, m, dd);
		}
		return ct_error_set(CT_EINVALID, "'%s' is not a date; " WHEN_HINT_DAY, whole);
	case DAY_NOT_REAL:
		if (y < WHEN_YEAR_MIN || y > WHEN_YEAR_MAX)
			return ct_error_set(CT_EINVALID, "'%s' is outside the years 1000 to 9999", whole);
		return ct_error_set(CT_EINVALID, "'%s' is not a date: there is no %04d-%02d-%02d", whole, y, mo, d);
	case DAY_NONE:
		break;
	}
	if ((*end = read_offset(s, &months, &days)) > 0) {
		if (shift(out, today, months, days) < 0)
			return ct_error_set(CT_EINVALID, "'%s' is outside the years 1000 to 9999", whole);
		return 0;
	}
	return ct_error_set(CT_EINVALID, "'%s' is not a date; " WHEN_HINT_DAY, whole);
}

/* s without the spaces around it, copied into buf; its length, or -1 when it does not fit. */
static long trimmed_copy(char *buf, size_t size, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return (long)n;
}

int when_parse_day(long *out, const char *s, long today)
{
	if (!s)
		return ct_error_set(CT_EINVALID, "no date given; " WHEN_HINT_DAY);
	size_t end = 0;
	char buf[128];
	long len = trimmed_copy(buf, sizeof(buf), s);
	if (len < 0)
		return ct_error_set(CT_EINVALID, "'%.60s...' is not a date; " WHEN_HINT_DAY, s);
	long day;
	if (read_day(&day, &end, buf, today, s) < 0)
		return CT_EINVALID;
	if (end != (size_t)len)
		return ct_error_set(CT_EINVALID, "'%s' is not a date; " WHEN_HINT_DAY, s);
	*out = day;
	return 0;
}

int when_parse_span(long *months, long *days, int *negative, const char *s)
{
	char buf[64];
	long len = trimmed_copy(buf, sizeof(buf), s ? s : "");
	if (len <= 0 || read_offset(buf, months, days) != (size_t)len)
		return ct_error_set(CT_EINVALID, "'%s' is not a span of time; write +6m, 6 months, -2w, +10d or 1y", s ? s : "");
	*negative = buf[0] == '-';
	return 0;
}

/* A clock at s: "11:00", "9:30:15", "11am", "11 a.m.", "11:00 p.m.".  Bytes read or 0; *secs from midnight. */
static size_t read_clock(long *secs, const char *s)
{
	size_t i = 0;
	int h, m = 0, sec = 0, colon = 0;
	if (!number_at(s, &i, 2, &h))
		return 0;
	if (s[i] == ':') {
		colon = 1;
		i++;
		size_t b = i;
		if (!number_at(s, &i, 2, &m) || i - b != 2)
			return 0;
		if (s[i] == ':') {
			i++;
			b = i;
			if (!number_at(s, &i, 2, &sec) || i - b != 2)
				return 0;
		}
	}
	size_t j = skip_sep(s, i, 0);
	int pm = -1;
	/* am, pm, a.m., p.m., a.m, any case */
	if ((s[j] == 'a' || s[j] == 'A' || s[j] == 'p' || s[j] == 'P')) {
		size_t k = j + 1;
		if (s[k] == '.')
			k++;
		if (s[k] == 'm' || s[k] == 'M') {
			k++;
			if (s[k] == '.')
				k++;
			if (!isalnum((unsigned char)s[k])) {
				pm = s[j] == 'p' || s[j] == 'P';
				i = k;
			}
		}
	}
	if (pm < 0 && !colon)
		return 0;
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	*secs = h * 3600L + m * 60L + sec;
	return i;
}

int when_parse_clock(int *minutes, const char *s)
{
	long secs;
	char buf[32];
	long len = trimmed_copy(buf, sizeof(buf), s ? s : "");
	if (len > 0 && read_clock(&secs, buf) == (size_t)len && secs % 60 == 0) {
		*minutes = (int)(secs / 60);
		return 0;
	}
	return ct_error_set(CT_EINVALID, "'%s' is not a time of day; use 11:00, 15:30, 11am or 11:00 a.m.", s ? s : "");
}

void when_clock_format(char out[6], int minutes)
{
	int h = (minutes / 60) % 24, m = minutes % 60;
	if (h < 0 || m < 0)
		h = m = 0;
	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

/* Abbreviations people write for a zone, and the zone cabtrack takes them for. */
static const struct {
	const char *abbr, *zone;
} aliases[] = {
	{ "ET", "America/New_York" }, { "EST", "America/New_York" }, { "EDT", "America/New_York" },
	{ "CT", "America/Chicago" }, { "CST", "America/Chicago" }, { "CDT", "America/Chicago" },
	{ "MT", "America/Denver" }, { "MST", "America/Denver" }, { "MDT", "America/Denver" },
	{ "PT", "America/Los_Angeles" }, { "PST", "America/Los_Angeles" }, { "PDT", "America/Los_Angeles" },
	{ "CET", "Europe/Berlin" }, { "CEST", "Europe/Berlin" }, { "MET", "Europe/Berlin" }, { "MEST", "Europe/Berlin" },
	{ "WET", "Europe/Lisbon" }, { "WEST", "Europe/Lisbon" }, { "BST", "Europe/London" },
	{ "EET", "Europe/Athens" }, { "EEST", "Europe/Athens" },
};

/* The entry for abbr, or -1. */
static int alias_index(const char *abbr)
{
	for (size_t k = 0; abbr && k < sizeof(aliases) / sizeof(aliases[0]); k++)
		if (!strcasecmp(abbr, aliases[k].abbr))
			return (int)k;
	return -1;
}

const char *when_zone_alias(const char *abbr)
{
	int k = alias_index(abbr);
	return k < 0 ? NULL : aliases[k].zone;
}

int when_zone_resolve(const char **out, const char **alias_of, const char *given)
{
	int k = alias_index(given);
	const char *z = k < 0 ? NULL : aliases[k].zone;
	if (alias_of)
		*alias_of = k < 0 ? NULL : aliases[k].abbr;
	if (!z && given && (!strcasecmp(given, "Z") || !strcasecmp(given, "UTC") || !strcasecmp(given, "GMT")))
		z = "UTC";
	if (!z && given && strlen(given) >= 2 && strlen(given) <= 5 && letters(given) == strlen(given)) {
		int upper = 1;
		for (const char *p = given; *p; p++)
			upper &= isupper((unsigned char)*p) != 0;
		if (upper)
			return ct_error_set(CT_EINVALID, "'%s' is a zone abbreviation cabtrack does not place; use an IANA "
					    "name such as America/New_York or Europe/Berlin", given);
	}
	if (!z)
		z = given;
	if (when_check_zone(z) < 0)
		return CT_EINVALID;
	*out = z;
	return 0;
}

/* The zone part at the end of a time: 0 and *utc_off or *zone set, else an error naming whole. */
static int read_zone(int64_t *off, const char **zone, const char **alias_of, const char *z, const char *whole)
{
	*zone = NULL;
	*off = 0;
	if ((*z == '+' || *z == '-') && isdigit((unsigned char)z[1])) {
		int oh = digits(z + 1, 2), om = oh < 0 ? -1 : z[3] == ':' ? digits(z + 4, 2) : z[3] ? digits(z + 3, 2) : 0;
		size_t n = z[3] == ':' ? 6 : z[3] ? 5 : 3;
		if (oh < 0 || om < 0 || strlen(z) != n || oh > 14 || om > 59)
			return bad(whole);
		*off = (*z == '+' ? 1 : -1) * ((int64_t)oh * 3600 + om * 60);
		return 0;
	}
	const char *resolved;
	if (when_zone_resolve(&resolved, alias_of, z) < 0)
		return CT_EINVALID;
	if (strcmp(resolved, "UTC"))
		*zone = resolved;
	return 0;
}

int when_parse_at(int64_t *out, const char **alias_of, const char *s, const char *default_tz, long today)
{
	if (alias_of)
		*alias_of = NULL;
	if (!s)
		return bad("");
	size_t end = 0;
	char buf[160];
	if (trimmed_copy(buf, sizeof(buf), s) < 0)
		return ct_error_set(CT_EINVALID, "'%.60s...' is not a time; " WHEN_HINT_TIME, s);
	long day, secs = 0;
	/* Say why when it is the year. */
	int y = digits(buf, 4);
	if (y >= 0 && y < WHEN_YEAR_MIN && buf[4] == '-')
		return out_of_range(s);
	if (read_day(&day, &end, buf, today, s) < 0)
		return CT_EINVALID;
	size_t i = end;
	/* "2023-12-06T11:00", "2023-12-06 11:00", "Dec 6, 2023, 11am", "Dec 6, 2023 at 11am" */
	if (buf[i] == 'T' && isdigit((unsigned char)buf[i + 1]))
		i++;
	else {
		i = skip_sep(buf, i, 1);
		if (word_eq(buf + i, letters(buf + i), "at"))
			i = skip_sep(buf, i + 2, 0);
	}
	size_t c = isdigit((unsigned char)buf[i]) ? read_clock(&secs, buf + i) : 0;
	if (c)
		i += c;
	else if (isdigit((unsigned char)buf[i]))
		return bad(s);
	else
		i = end;
	i = skip_sep(buf, i, 0);
	int64_t local = (int64_t)day * 86400 + secs, off = 0;
	const char *zone = default_tz && strcmp(default_tz, "UTC") ? default_tz : NULL;
	if (buf[i]) {
		if (read_zone(&off, &zone, alias_of, buf + i, s) < 0)
			return CT_EINVALID;
	} else if (zone && when_check_zone(zone) < 0) {
		return CT_EINVALID;
	}
	if (!zone)
		return in_range(out, local - off, s);
	struct tm tm;
	time_t lt = (time_t)local;
	gmtime_r(&lt, &tm);
	return in_range(out, local_to_utc(&tm, zone), s);
}

int when_parse(int64_t *out, const char *s, const char *default_tz)
{
	return when_parse_at(out, NULL, s, default_tz, when_today());
}

int when_parse_iso(int64_t *out, const char *s)
{
	struct tm tm;
	if (!s || read_stamp(&tm, s, "T") != 19 || strcmp(s + 19, "Z"))
		return ct_error_set(CT_EINVALID, "invalid stored time '%s'; cabtrack writes YYYY-MM-DDTHH:MM:SSZ",
				    s ? s : "");
	return in_range(out, (int64_t)timegm(&tm), s);
}

static void format(struct strbuf *sb, int64_t t, const char *fmt, int utc)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[64];
	if (utc)
		gmtime_r(&tt, &tm);
	else
		localtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), fmt, &tm);
	strbuf_addstr(sb, buf);
}

void when_format_iso(struct strbuf *sb, int64_t t)
{
	format(sb, t, "%Y-%m-%dT%H:%M:%SZ", 1);
}

void when_day(char out[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void when_format_utc(struct strbuf *sb, int64_t t)
{
	format(sb, t, "%Y-%m-%d %H:%M UTC", 1);
}

void when_format_zone(struct strbuf *sb, int64_t t, const char *tz)
{
	if (!tz || !strcmp(tz, "UTC") || when_check_zone(tz) < 0) {
		ct_error_drop("a zone this system does not know is shown in UTC, which the text says");
		when_format_utc(sb, t);
		return;
	}
	struct tz_saved saved;
	tz_enter(&saved, tz);
	format(sb, t, "%Y-%m-%d %H:%M %Z", 0);
	tz_leave(&saved);
}

/* localtime_r of t under the TZ already entered. */
static void local_fields(struct when_local *out, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	out->year = tm.tm_year + 1900, out->month = tm.tm_mon + 1, out->day = tm.tm_mday;
	out->hour = tm.tm_hour, out->minute = tm.tm_min, out->second = tm.tm_sec;
	out->offset = tm.tm_gmtoff;
	out->isdst = tm.tm_isdst > 0;
	snprintf(out->abbr, sizeof(out->abbr), "%s", tm.tm_zone ? tm.tm_zone : "");
}

int when_local(struct when_local *out, int64_t t, const char *tz)
{
	if (when_check_zone(tz) < 0)
		return CT_EINVALID;
	struct tz_saved saved;
	tz_enter(&saved, tz);
	local_fields(out, t);
	tz_leave(&saved);
	return 0;
}

static int same_observance(const struct when_local *a, const struct when_local *b)
{
	return a->offset == b->offset && a->isdst == b->isdst && !strcmp(a->abbr, b->abbr);
}

int when_zone_transitions(struct when_transition *out, size_t max, const char *tz, int64_t from, int64_t to)
{
	if (when_check_zone(tz) < 0)
		return CT_EINVALID;
	struct tz_saved saved;
	struct when_local a, b;
	size_t n = 0;
	tz_enter(&saved, tz);
	local_fields(&a, from);
	for (int64_t t = from; t < to;) {
		int64_t next = t + 86400 < to ? t + 86400 : to;
		local_fields(&b, next);
		if (same_observance(&a, &b)) {
			t = next;
			continue;
		}
		/* the change is in (t, next]: bisect to the first second of the new observance */
		int64_t lo = t, hi = next;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			local_fields(&b, mid);
			if (same_observance(&a, &b))
				lo = mid;
			else
				hi = mid;
		}
		local_fields(&b, hi);
		if (hi >= to)
			break;
		if (n < max) {
			out[n].at = hi;
			out[n].offset_from = a.offset;
			out[n].offset_to = b.offset;
			out[n].isdst = b.isdst;
			snprintf(out[n].abbr, sizeof(out[n].abbr), "%s", b.abbr);
		}
		n++;
		a = b;
		t = hi; /* a second change may follow within the day */
	}
	tz_leave(&saved);
	return (int)n;
}
