/*
 * datephrase.c - dates as the CA/B Forum documents write them (see
 * datephrase.h): parsing one date in the documents' many styles, calendar
 * arithmetic, command-line dates and durations, and the dated phrases of a
 * requirement sentence.
 *
 * Every scanner works on (s, len) with an index that is checked against len
 * before each read; nothing recurses, and white space runs inside a date are
 * bounded so that scanning stays linear.
 */
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/typography.h"
#include "tracker/base/when.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_GAP 32 /* longest white space run accepted inside a phrase */

/* Bytes of white space starting at s[i] (0 when none): ASCII or UTF-8 NBSP. */
static size_t ws_at(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return 0;
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

/* Bytes of white space ending right before s[i] (0 when none). */
static size_t ws_before(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	unsigned char c = (unsigned char)s[i - 1];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (c == 0xA0 && i >= 2 && (unsigned char)s[i - 2] == 0xC2)
		return 2;
	return 0;
}

/*
 * Skip a white space run inside a date starting at *pi: at most MAX_GAP
 * bytes and one line break.  Returns the number of bytes skipped, or -1
 * when the run is too long to be part of one date.
 */
static int skip_gap(const char *s, size_t len, size_t *pi)
{
	size_t i = *pi, n, newlines = 0;
	while ((n = ws_at(s, len, i)) > 0) {
		if (s[i] == '\n' && ++newlines > 1)
			return -1;
		i += n;
		if (i - *pi > MAX_GAP)
			return -1;
	}
	n = i - *pi;
	*pi = i;
	return (int)n;
}

static int is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long long y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int valid_date(int y, int m, int d)
{
	return y >= 1990 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

/*
 * Read between min and max digits, not followed by another digit.  Stores
 * the value and advances *pi; returns 0 on failure.
 */
static int read_number(const char *s, size_t len, size_t *pi, int min, int max, int *val)
{
	size_t i = *pi;
	int n = 0, v = 0;
	while (i < len && isdigit((unsigned char)s[i])) {
		if (++n > max)
			return 0;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (n < min)
		return 0;
	*val = v;
	*pi = i;
	return 1;
}

static int read_year(const char *s, size_t len, size_t *pi, int *year)
{
	size_t i = *pi;
	int y;
	if (!read_number(s, len, &i, 4, 4, &y) || y < 1990 || y > 2099)
		return 0;
	*year = y;
	*pi = i;
	return 1;
}

/* A day of the month: one or two digits and an optional st/nd/rd/th. */
static int read_day(const char *s, size_t len, size_t *pi, int *day)
{
	size_t i = *pi;
	int d;
	if (!read_number(s, len, &i, 1, 2, &d))
		return 0;
	if (i + 1 < len) {
		unsigned char a = tolower((unsigned char)s[i]);
		unsigned char b = tolower((unsigned char)s[i + 1]);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
		    (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
			if (i + 2 >= len || !isalnum((unsigned char)s[i + 2]))
				i += 2;
	}
	if (i < len && isalnum((unsigned char)s[i]))
		return 0;
	*day = d;
	*pi = i;
	return 1;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
};

/*
 * A month name at s[*pi]: the full name, its first three letters, or
 * "sept", in any case, not followed by another letter; an abbreviation may
 * carry a period.  Stores 1..12 and advances; returns 0 when none.
 */
static int read_month(const char *s, size_t len, size_t *pi, int *month)
{
	size_t i = *pi, n = 0;
	char word[10];
	while (i + n < len && isalpha((unsigned char)s[i + n])) {
		if (n == sizeof(word))
			return 0;
		word[n] = (char)tolower((unsigned char)s[i + n]);
		n++;
	}
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(month_names[m]);
		int is_full = n == full && !memcmp(word, month_names[m], n);
		int is_abbr = (n == 3 && !memcmp(word, month_names[m], 3)) ||
			      (m == 8 && n == 4 && !memcmp(word, "sept", 4));
		if (!is_full && !is_abbr)
			continue;
		i += n;
		if (i < len && s[i] == '.' && is_abbr)
			i++;
		*month = m + 1;
		*pi = i;
		return 1;
	}
	return 0;
}

/*
 * After a date: the next byte must not continue a word or a number
 * ("2024-09-15x", "2024-09-15.3"); "T" and a digit (an ISO time) is allowed
 * when `iso` is set.
 */
static int date_ends_at(const char *s, size_t len, size_t i, int iso)
{
	if (i >= len)
		return 1;
	unsigned char c = (unsigned char)s[i];
	unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;
	if (iso && (c == 'T' || c == 't') && isdigit(next))
		return 1;
	if (isalnum(c))
		return 0;
	if ((c == '.' || c == '-' || c == '/') && isdigit(next))
		return 0;
	return 1;
}

/* YYYY-MM-DD or YYYY/MM/DD (one- or two-digit month and day). */
static int parse_iso(const char *s, size_t len, size_t *pi, struct ct_date *d)
{
	size_t i = *pi;
	int y, m, day;
	if (!read_year(s, len, &i, &y) || i >= len || (s[i] != '-' && s[i] != '/'))
		return 0;
	char sep = s[i++];
	if (!read_number(s, len, &i, 1, 2, &m) || i >= len || s[i] != sep)
		return 0;
	i++;
	if (!read_number(s, len, &i, 1, 2, &day) || !valid_date(y, m, day) ||
	    !date_ends_at(s, len, i, 1))
		return 0;
	d->year = y;
	d->month = m;
	d->day = day;
	*pi = i;
	return 1;
}

/*
 * Between the day (or month) and the year: white space, a comma with
 * optional white space around it, or both; at least one of them.
 */
static int skip_year_sep(const char *s, size_t len, size_t *pi)
{
	size_t i = *pi;
	int n = skip_gap(s, len, &i);
	if (n < 0)
		return 0;
	if (i < len && s[i] == ',') {
		i++;
		if (skip_gap(s, len, &i) < 0)
			return 0;
	} else if (n == 0) {
		return 0;
	}
	*pi = i;
	return 1;
}

/* "September 15, 2024", "Sept 2 2020", "Sep. 2, 2020", "March 1st, 2024". */
static int parse_month_first(const char *s, size_t len, size_t *pi, struct ct_date *d)
{
	size_t i = *pi;
	int y, m, day;
	if (!read_month(s, len, &i, &m))
		return 0;
	int had_period = s[i - 1] == '.';
	int n = skip_gap(s, len, &i);
	if (n < 0 || (n == 0 && !had_period))
		return 0;
	if (!read_day(s, len, &i, &day) || !skip_year_sep(s, len, &i) ||
	    !read_year(s, len, &i, &y) || !valid_date(y, m, day) ||
	    !date_ends_at(s, len, i, 0))
		return 0;
	d->year = y;
	d->month = m;
	d->day = day;
	*pi = i;
	return 1;
}

/* "15 September 2024", "13 Aug 2019", "1 October, 2021", "31-March-2026". */
static int parse_day_first(const char *s, size_t len, size_t *pi, struct ct_date *d)
{
	size_t i = *pi;
	int y, m, day;
	if (!read_day(s, len, &i, &day) || i >= len)
		return 0;
	if (s[i] == '-') {
		i++;
		if (!read_month(s, len, &i, &m) || i >= len || s[i] != '-')
			return 0;
		i++;
	} else {
		if (skip_gap(s, len, &i) <= 0 || !read_month(s, len, &i, &m) ||
		    !skip_year_sep(s, len, &i))
			return 0;
	}
	if (!read_year(s, len, &i, &y) || !valid_date(y, m, day) ||
	    !date_ends_at(s, len, i, 0))
		return 0;
	d->year = y;
	d->month = m;
	d->day = day;
	*pi = i;
	return 1;
}

/* A date starting exactly at s[i] (no white space skipped); 0 when none. */
static size_t parse_date_at(struct ct_date *out, const char *s, size_t len, size_t i)
{
	struct ct_date d;
	size_t j = i;
	if (i >= len)
		return 0;
	if (isalpha((unsigned char)s[i])) {
		if (!parse_month_first(s, len, &j, &d))
			return 0;
	} else if (isdigit((unsigned char)s[i])) {
		if (!parse_iso(s, len, &j, &d) && !parse_day_first(s, len, &j, &d))
			return 0;
	} else {
		return 0;
	}
	*out = d;
	return j;
}

static size_t parse_date_ascii(struct ct_date *out, const char *s, size_t len)
{
	size_t i = 0, n;
	while ((n = ws_at(s, len, i)) > 0)
		i += n;
	return parse_date_at(out, s, len, i);
}

/* Dates are read through typographic hyphens, dashes and spaces ("2024‐03‐15" with U+2010). */
size_t datephrase_parse_date(struct ct_date *out, const char *s, size_t len)
{
	if (!s)
		return 0;
	if (!typo_has(s, len))
		return parse_date_ascii(out, s, len);
	struct strbuf f = STRBUF_INIT;
	size_t *map;
	typo_fold(&f, &map, s, len);
	size_t n = parse_date_ascii(out, f.buf, f.len);
	n = n ? map[n] : 0;
	free(map);
	strbuf_release(&f);
	return n;
}

void ct_date_format(char *buf, const struct ct_date *d)
{
	int y = d->year, m = d->month, day = d->day;
	if (y < 0 || y > 9999)
		y = 0;
	if (m < 0 || m > 99)
		m = 0;
	if (day < 0 || day > 99)
		day = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + day / 10);
	buf[9] = (char)('0' + day % 10);
	buf[10] = '\0';
}

static int is_emphasis(unsigned char c)
{
	return c == '*' || c == '_';
}

/* ct_date_parse_strict on folded text: 0 or -1. */
static int parse_strict(struct ct_date *out, const char *s, size_t len)
{
	size_t b = 0, e = len, n;
	for (;;) {
		if ((n = ws_at(s, e, b)) > 0)
			b += n;
		else if (b < e && is_emphasis((unsigned char)s[b]))
			b++;
		else
			break;
	}
	while (e > b) {
		if ((n = ws_before(s, e)) > 0 && e - n >= b)
			e -= n;
		else if (is_emphasis((unsigned char)s[e - 1]))
			e--;
		else
			break;
	}
	struct ct_date d;
	if (e > b && parse_date_at(&d, s + b, e - b, 0) == e - b) {
		*out = d;
		return 0;
	}
	return -1;
}

int ct_date_parse_strict(struct ct_date *out, const char *given)
{
	if (!given)
		return ct_error_set(CT_EINVALID, "not a date: (null)");
	struct strbuf f = STRBUF_INIT;
	typo_fold(&f, NULL, given, strlen(given));
	int rc = parse_strict(out, f.buf, f.len);
	strbuf_release(&f);
	return rc < 0 ? ct_error_set(CT_EINVALID, "not a date: '%.100s'", given) : 0;
}

/* Floor division for the calendar formulas. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

struct ct_date ct_date_add_months(struct ct_date d, int months)
{
	if (d.year == 0)
		return d;
	long long total = (long long)d.year * 12 + ((long long)d.month - 1) + months;
	long long y = floor_div(total, 12);
	int m = (int)(total - y * 12) + 1;
	int dim = days_in_month(y, m);
	struct ct_date r = { (int)y, m, d.day > dim ? dim : d.day };
	return r;
}

struct ct_date ct_date_add_days(struct ct_date d, int days)
{
	if (d.year == 0)
		return d;
	return ct_date_from_days(ct_date_to_days(d) + days);
}

/* After Howard Hinnant's days_from_civil / civil_from_days. */
long ct_date_to_days(struct ct_date d)
{
	long long y = (long long)d.year - (d.month <= 2);
	long long era = floor_div(y, 400);
	long long yoe = y - era * 400;
	long long mp = ((long long)d.month + 9) % 12;
	long long doy = (153 * mp + 2) / 5 + (long long)d.day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long)(era * 146097 + doe - 719468);
}

struct ct_date ct_date_from_days(long days)
{
	long long z = (long long)days + 719468;
	long long era = floor_div(z, 146097);
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	struct ct_date r = { (int)(y + (m <= 2)), m, d };
	return r;
}

struct ct_date ct_date_today(void)
{
	long long t = (long long)time(NULL);
	return ct_date_from_days((long)floor_div(t, 86400));
}

int ct_date_cmp(struct ct_date a, struct ct_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

int ct_duration_parse(struct ct_duration *out, const char *s)
{
	long months, days;
	int negative;
	if (!s)
		return ct_error_set(CT_EINVALID, "invalid duration: (null)");
	/* The offsets of the command line's dates (tracker/base/when.h), one reader. */
	if (when_parse_span(&months, &days, &negative, s) < 0)
		return ct_error_set(CT_EINVALID,
				    "invalid duration '%.100s' (expected e.g. +6 months, +30 days, +1 year, 2w)", s);
	if (negative)
		return ct_error_set(CT_EINVALID, "invalid duration '%.100s': must not be negative", s);
	out->months = (int)months;
	out->days = (int)days;
	return 0;
}

/*
 * Lead-ins, matched backwards from the date, so a phrase must come before
 * any shorter phrase it ends with ("on or after" before "after").  A space
 * stands for a run of white space.
 */
static const struct {
	const char *text;
	enum datephrase_kind kind;
} leadins[] = {
	{ "on or after", DATEPHRASE_ON_OR_AFTER },
	{ "on and after", DATEPHRASE_ON_OR_AFTER },
	{ "not before", DATEPHRASE_ON_OR_AFTER },
	{ "on or before", DATEPHRASE_ON_OR_BEFORE },
	{ "not after", DATEPHRASE_ON_OR_BEFORE },
	{ "effective as of", DATEPHRASE_EFFECTIVE },
	{ "effective from", DATEPHRASE_EFFECTIVE },
	{ "effective on", DATEPHRASE_EFFECTIVE },
	{ "is effective", DATEPHRASE_EFFECTIVE },
	{ "effective", DATEPHRASE_EFFECTIVE },
	{ "starting on", DATEPHRASE_STARTING },
	{ "starting from", DATEPHRASE_STARTING },
	{ "starting", DATEPHRASE_STARTING },
	{ "beginning on", DATEPHRASE_STARTING },
	{ "beginning", DATEPHRASE_STARTING },
	{ "commencing on", DATEPHRASE_STARTING },
	{ "commencing", DATEPHRASE_STARTING },
	{ "as of", DATEPHRASE_STARTING },
	{ "as from", DATEPHRASE_STARTING },
	{ "from", DATEPHRASE_STARTING },
	{ "after", DATEPHRASE_AFTER },
	{ "prior to", DATEPHRASE_PRIOR_TO },
	{ "before", DATEPHRASE_PRIOR_TO },
	{ "no later than", DATEPHRASE_NO_LATER_THAN },
	{ "not later than", DATEPHRASE_NO_LATER_THAN },
	{ "by", DATEPHRASE_NO_LATER_THAN },
	{ "until", DATEPHRASE_UNTIL },
	{ "through", DATEPHRASE_UNTIL },
};

/*
 * Does `text` end right before s[end], as whole words no earlier than
 * `floor`?  Stores where it starts.
 */
static int leadin_ends_at(const char *s, size_t floor, size_t end, const char *text, size_t *start)
{
	size_t k = end, t = strlen(text);
	while (t > 0) {
		char pc = text[--t];
		if (pc == ' ') {
			size_t n, run = 0;
			while ((n = ws_before(s, k)) > 0 && k - n >= floor && run < MAX_GAP) {
				k -= n;
				run += n;
			}
			if (run == 0)
				return 0;
		} else {
			if (k <= floor || tolower((unsigned char)s[k - 1]) != (unsigned char)pc)
				return 0;
			k--;
		}
	}
	if (k > 0 && isalnum((unsigned char)s[k - 1]))
		return 0;
	*start = k;
	return 1;
}

/*
 * The lead-in before a date at s[ds], over white space and emphasis, not
 * reaching below `floor`; stores where the phrase starts.
 */
static enum datephrase_kind find_leadin(const char *s, size_t floor, size_t ds, size_t *start)
{
	size_t k = ds, n, run = 0;
	*start = ds;
	while (k > floor && run < MAX_GAP) {
		n = ws_before(s, k);
		if (n == 0 || k - n < floor)
			n = is_emphasis((unsigned char)s[k - 1]) ? 1 : 0;
		if (n == 0)
			break;
		k -= n;
		run += n;
	}
	for (size_t i = 0; i < sizeof(leadins) / sizeof(leadins[0]); i++)
		if (leadin_ends_at(s, floor, k, leadins[i].text, start))
			return leadins[i].kind;
	*start = ds;
	return DATEPHRASE_BARE;
}

/*
 * May a date start at s[i]?  Not inside a word or a number, nor right after
 * a token joined on by '.', '-', '/' or '_' ("1.", "SC-", "foo_").
 */
static int date_may_start(const char *s, size_t i)
{
	if (i == 0)
		return 1;
	unsigned char p = (unsigned char)s[i - 1];
	if (isalnum(p))
		return 0;
	if ((p == '.' || p == '-' || p == '/' || p == '_') && i >= 2 && isalnum((unsigned char)s[i - 2]))
		return 0;
	return 1;
}

static size_t find_ascii(struct datephrase *out, size_t max, const char *s, size_t len)
{
	size_t count = 0, i = 0, prev_end = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c)) {
			i++;
			continue;
		}
		struct ct_date d;
		size_t end = date_may_start(s, i) ? parse_date_at(&d, s, len, i) : 0;
		if (!end) {
			while (i < len && isalnum((unsigned char)s[i]))
				i++;
			continue;
		}
		size_t start;
		enum datephrase_kind kind = find_leadin(s, prev_end, i, &start);
		if (out && count < max) {
			out[count].date = d;
			out[count].kind = kind;
			out[count].start = start;
			out[count].end = end;
		}
		count++;
		prev_end = i = end;
	}
	return count;
}

/* Phrases are found through typographic hyphens, dashes and spaces; their ranges are the input's. */
size_t datephrase_find(struct datephrase *out, size_t max, const char *s, size_t len)
{
	if (!s)
		return 0;
	if (!typo_has(s, len))
		return find_ascii(out, max, s, len);
	struct strbuf f = STRBUF_INIT;
	size_t *map;
	typo_fold(&f, &map, s, len);
	size_t count = find_ascii(out, max, f.buf, f.len);
	for (size_t i = 0; out && i < count && i < max; i++) {
		out[i].start = map[out[i].start];
		out[i].end = map[out[i].end];
	}
	free(map);
	strbuf_release(&f);
	return count;
}

const char *datephrase_kind_name(enum datephrase_kind k)
{
	switch (k) {
	case DATEPHRASE_BARE:
		return "bare";
	case DATEPHRASE_STARTING:
		return "starting";
	case DATEPHRASE_EFFECTIVE:
		return "effective";
	case DATEPHRASE_ON_OR_AFTER:
		return "on-or-after";
	case DATEPHRASE_AFTER:
		return "after";
	case DATEPHRASE_PRIOR_TO:
		return "prior-to";
	case DATEPHRASE_ON_OR_BEFORE:
		return "on-or-before";
	case DATEPHRASE_NO_LATER_THAN:
		return "no-later-than";
	case DATEPHRASE_UNTIL:
		return "until";
	}
	return "unknown";
}
