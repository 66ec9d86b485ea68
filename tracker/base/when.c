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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

#define ZONEINFO "/usr/share/zoneinfo/"

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
	return ct_error_set(CT_EINVALID,
			    "invalid time '%s'; use YYYY-MM-DD [HH:MM] with an optional zone (Z, UTC, +01:00 or America/New_York)",
			    s);
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
	if (y < WHEN_YEAR_MIN || y > WHEN_YEAR_MAX || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return 0;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = sec;
	/* Reject 2023-02-30 and the like: timegm would roll it over. */
	struct tm check = *tm;
	timegm(&check);
	if (check.tm_mday != d || check.tm_mon != mo - 1)
		return 0;
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

int when_parse(int64_t *out, const char *s, const char *default_tz)
{
	struct tm tm;
	size_t n = read_stamp(&tm, s, " T");
	if (!n) {
		/* Say why when it is the year. */
		int y = digits(s, 4);
		if (y >= 0 && y < WHEN_YEAR_MIN && s[4] == '-')
			return out_of_range(s);
		return bad(s);
	}
	const char *p = s + n;
	struct tm utc = tm;
	int64_t probe = (int64_t)timegm(&utc);
	while (*p == ' ')
		p++;
	if (!*p) {
		if (!default_tz || !strcmp(default_tz, "UTC"))
			return in_range(out, probe, s);
		if (when_check_zone(default_tz) < 0)
			return CT_EINVALID;
		return in_range(out, local_to_utc(&tm, default_tz), s);
	}
	if (!strcmp(p, "Z") || !strcmp(p, "UTC") || !strcmp(p, "GMT"))
		return in_range(out, probe, s);
	if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
		int oh = digits(p + 1, 2), om = oh < 0 || p[3] != ':' ? -1 : digits(p + 4, 2);
		if (oh < 0 || om < 0 || p[6] || oh > 14 || om > 59)
			return bad(s);
		int64_t off = (int64_t)oh * 3600 + om * 60;
		return in_range(out, probe - (*p == '+' ? off : -off), s);
	}
	if (when_check_zone(p) < 0)
		return CT_EINVALID;
	return in_range(out, local_to_utc(&tm, p), s);
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
		ct_error_clear();
		when_format_utc(sb, t);
		return;
	}
	struct tz_saved saved;
	tz_enter(&saved, tz);
	format(sb, t, "%Y-%m-%d %H:%M %Z", 0);
	tz_leave(&saved);
}
