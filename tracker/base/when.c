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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

#define ZONEINFO "/usr/share/zoneinfo/"

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
	if (access(path, R_OK) != 0)
		return ct_error_set(CT_EINVALID, "unknown time zone '%s' (not in " ZONEINFO "; is tzdata installed?)", tz);
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

int when_parse(int64_t *out, const char *s, const char *default_tz)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return bad(s);
	const char *p = s + n;
	if ((*p == ' ' || *p == 'T') && isdigit((unsigned char)p[1])) {
		int m = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &m) != 2 || m != 5)
			return bad(s);
		p += 1 + m;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &sec, &m) != 1 || m != 2)
				return bad(s);
			p += 3;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return bad(s);
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	/* Reject 2023-02-30 and the like: timegm would roll it over. */
	struct tm check = tm;
	time_t probe = timegm(&check);
	if (check.tm_mday != d || check.tm_mon != mo - 1)
		return bad(s);

	while (*p == ' ')
		p++;
	if (!*p) {
		if (!default_tz || !strcmp(default_tz, "UTC")) {
			*out = (int64_t)probe;
			return 0;
		}
		if (when_check_zone(default_tz) < 0)
			return CT_EINVALID;
		*out = local_to_utc(&tm, default_tz);
		return 0;
	}
	if (!strcmp(p, "Z") || !strcmp(p, "UTC") || !strcmp(p, "GMT")) {
		*out = (int64_t)probe;
		return 0;
	}
	if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
		int oh, om = 0, m = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5 || p[1 + m] || oh > 14 || om > 59)
			return bad(s);
		int64_t off = (int64_t)oh * 3600 + om * 60;
		*out = (int64_t)probe - (*p == '+' ? off : -off);
		return 0;
	}
	if (when_check_zone(p) < 0)
		return CT_EINVALID;
	*out = local_to_utc(&tm, p);
	return 0;
}

int when_parse_iso(int64_t *out, const char *s)
{
	int y, mo, d, h, mi, sec, n = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 20)
		return ct_error_set(CT_EINVALID, "invalid stored time '%s'", s ? s : "");
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm);
	return 0;
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
