/*
 * ics.c - RFC 5545 calendars (see ics.h).
 *
 * Owns only the text: the events are read, never changed.  Every value
 * from the input is untrusted: TEXT values go through add_text (escaped,
 * control characters dropped) and URLs through add_uri (http(s) only,
 * percent-encoded), so no input can end a content line or start a
 * property.  Each content line is built whole in the writer's scratch
 * buffer and then folded by add_folded, the only place that writes CRLF,
 * so folding never splits a UTF-8 sequence.  Times are seconds since the
 * epoch in UTC, written with gmtime_r, or with when_local for an event in
 * a named zone (which sets TZ for that call only): no clock, locale or the
 * user's TZ is read.
 * An error truncates `out` back to its length on entry.
 */
#include "render/ics.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tracker/base/error.h"
#include "tracker/base/when.h"
#include "render/url.h"

#define ICS_FOLD 75             /* octets of a physical line, without its CRLF */
#define ICS_PRODID "-//cabtrack//cabtrack 0.1//EN"

struct ics_writer {
	struct strbuf *out;
	struct strbuf line;     /* the content line being built */
};

/* A start or end from the input. */
struct ics_time {
	int64_t t;              /* seconds since the epoch, UTC */
	int all_day;
	const char *tz;         /* a timed event's zone (written with TZID), or NULL for UTC */
};

/* Zones are read at most this far: a calendar's span of years past it gets no more transitions. */
#define ICS_MAX_TRANSITIONS 512

/* Whether s has the shape of pattern: 'd' is any digit, any other byte stands for itself. */
static int shaped(const char *s, const char *pattern)
{
	for (; *pattern; s++, pattern++)
		if (*pattern == 'd' ? !isdigit((unsigned char)*s) : *s != *pattern)
			return 0;
	return !*s;
}

/* Parse "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" of a real day and time; 0 or -1. */
static int parse_time(struct ics_time *out, const char *s)
{
	int all_day = shaped(s, "dddd-dd-dd");

	if (!all_day && !shaped(s, "dddd-dd-ddTdd:dd:ddZ"))
		return -1;
	if (memcmp(s, "1000", 4) < 0)    /* the years when.h takes: 1000 to 9999 */
		return -1;
	if (!all_day && s[17] > '5')    /* when_parse takes a leap second */
		return -1;
	if (when_parse(&out->t, s, NULL) < 0) {
		ct_error_drop("the caller names the field in its own message");
		return -1;
	}
	out->all_day = all_day;
	out->tz = NULL;
	return 0;
}

static void add_time(struct strbuf *sb, const struct ics_time *t)
{
	time_t tt = (time_t)t->t;
	struct tm tm;
	char buf[32];
	struct when_local l;

	if (t->tz && !t->all_day && when_local(&l, t->t, t->tz) == 0) {
		strbuf_addf(sb, "%04d%02d%02dT%02d%02d%02d", l.year, l.month, l.day, l.hour, l.minute, l.second);
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), t->all_day ? "%Y%m%d" : "%Y%m%dT%H%M%SZ", &tm);
	strbuf_addstr(sb, buf);
}

/* Append s[0..len) as an RFC 5545 TEXT value. */
static void add_text(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\\' || c == ';' || c == ',') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else if (c == '\n' || (c == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
			strbuf_addstr(sb, "\\n");
		} else if (c >= 0x20 && c != 0x7f) {
			strbuf_addch(sb, c);
		} else if (c == '\t') {
			strbuf_addch(sb, c);
		}
		/* the CR of a CRLF and other control characters are dropped */
	}
}

/* Append an http(s) URL with the bytes a URI cannot hold percent-encoded; -1 for another scheme. */
static int add_uri(struct strbuf *sb, const char *s, size_t len)
{
	if (!url_is_web(s, len))
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c))
			strbuf_addf(sb, "%%%02X", c);
		else
			strbuf_addch(sb, c);
	}
	return 0;
}

/* Write line[0..len) folded to ICS_FOLD octets, each piece ending on a character boundary. */
static void add_folded(struct strbuf *out, const char *s, size_t len)
{
	size_t room = ICS_FOLD;

	while (len > room) {
		size_t n = room;

		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		strbuf_add(out, s, n);
		strbuf_addstr(out, "\r\n ");
		s += n;
		len -= n;
		room = ICS_FOLD - 1;    /* after the leading space */
	}
	strbuf_add(out, s, len);
	strbuf_addstr(out, "\r\n");
}

/* Start a content line "NAME" (the caller adds parameters, ':' and the value). */
static struct strbuf *line_start(struct ics_writer *w, const char *name)
{
	strbuf_reset(&w->line);
	strbuf_addstr(&w->line, name);
	return &w->line;
}

static void line_end(struct ics_writer *w)
{
	add_folded(w->out, w->line.buf, w->line.len);
}

/* A whole line "NAME:value" with value as TEXT. */
static void prop_text(struct ics_writer *w, const char *name, const char *s, size_t len)
{
	struct strbuf *l = line_start(w, name);

	strbuf_addch(l, ':');
	add_text(l, s, len);
	line_end(w);
}

/* "NAME:..." or "NAME;VALUE=DATE:..." for a start or end. */
static void prop_time(struct ics_writer *w, const char *name, const struct ics_time *t)
{
	struct strbuf *l = line_start(w, name);

	if (t->tz && !t->all_day)
		strbuf_addf(l, ";TZID=%s:", t->tz);
	else
		strbuf_addstr(l, t->all_day ? ";VALUE=DATE:" : ":");
	add_time(l, t);
	line_end(w);
}

/* Record the error of event i's field; names the event by index and, when it has one, uid. */
__attribute__((format(printf, 4, 5)))
static int field_error(size_t i, json_t *ev, const char *field, const char *fmt, ...)
{
	const char *uid = json_string_value(json_object_get(ev, "uid"));
	struct strbuf why = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&why, fmt, ap);
	va_end(ap);
	if (uid)
		ct_error_set(CT_EINVALID, "ics: events[%zu] (uid '%.80s'): %s: %s", i, uid, field, why.buf);
	else
		ct_error_set(CT_EINVALID, "ics: events[%zu]: %s: %s", i, field, why.buf);
	strbuf_release(&why);
	return CT_EINVALID;
}

/*
 * The string at `key`: 1 and *s, *len set; 0 when absent or null; -1 when
 * it is another type (the error recorded).
 */
static int get_string(const char **s, size_t *len, size_t i, json_t *ev, const char *key)
{
	json_t *v = json_object_get(ev, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		field_error(i, ev, key, "is not a string");
		return -1;
	}
	*s = json_string_value(v);
	*len = json_string_length(v);
	return 1;
}

/* A required non-empty string; 0 or CT_EINVALID. */
static int get_required(const char **s, size_t *len, size_t i, json_t *ev, const char *key)
{
	int r = get_string(s, len, i, ev, key);

	if (r < 0)
		return CT_EINVALID;
	if (!r || !*len)
		return field_error(i, ev, key, "is missing or empty");
	return 0;
}

static int get_time(struct ics_time *t, size_t i, json_t *ev, const char *key, int *present)
{
	const char *s;
	size_t len;
	int r = get_string(&s, &len, i, ev, key);

	*present = r > 0;
	if (r < 0)
		return CT_EINVALID;
	if (r > 0 && (strlen(s) != len || parse_time(t, s) < 0))
		return field_error(i, ev, key, "'%.40s' is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)", s);
	return 0;
}

/*
 * The event's zone: 1 and *tz set for a zone other than UTC, 0 when absent,
 * null or "UTC", CT_EINVALID for a name that is not a zone (one a TZID
 * parameter can hold: letters, digits, / _ + -).
 */
static int get_zone(const char **tz, size_t i, json_t *ev)
{
	const char *s;
	size_t len;
	int r = get_string(&s, &len, i, ev, "tz");

	if (r < 0)
		return CT_EINVALID;
	if (!r || !len || !strcmp(s, "UTC"))
		return 0;
	if (strlen(s) != len || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") != len ||
	    when_check_zone(s) < 0) {
		ct_error_drop("replaced by the message naming the event and its field");
		return field_error(i, ev, "tz", "'%.60s' is not a time zone (an IANA name such as America/New_York)", s);
	}
	*tz = s;
	return 1;
}

static int add_categories(struct ics_writer *w, size_t i, json_t *ev)
{
	json_t *cats = json_object_get(ev, "categories"), *c;
	struct strbuf *l = line_start(w, "CATEGORIES:");
	size_t j, empty = l->len;

	if (!cats || json_is_null(cats))
		return 0;
	if (!json_is_array(cats))
		return field_error(i, ev, "categories", "is not an array of strings");
	json_array_foreach(cats, j, c) {
		if (!json_is_string(c))
			return field_error(i, ev, "categories", "is not an array of strings");
		if (!json_string_length(c))
			continue;
		if (l->len > empty)
			strbuf_addch(l, ',');
		add_text(l, json_string_value(c), json_string_length(c));
	}
	if (l->len > empty)
		line_end(w);
	return 0;
}

static int add_event(struct ics_writer *w, size_t i, json_t *ev, const char *dtstamp)
{
	static const char *const optional[][2] = {
		{ "description", "DESCRIPTION" }, { "location", "LOCATION" },
	};
	static const char *const statuses[] = { "TENTATIVE", "CONFIRMED", "CANCELLED" };
	const char *uid, *summary, *s;
	size_t uid_len, summary_len, len;
	struct ics_time start, end;
	int has_start, has_end, r;

	if (!json_is_object(ev))
		return ct_error_set(CT_EINVALID, "ics: events[%zu]: is not an object", i);
	if (get_required(&uid, &uid_len, i, ev, "uid") < 0 ||
	    get_required(&summary, &summary_len, i, ev, "summary") < 0 ||
	    get_time(&start, i, ev, "start", &has_start) < 0 ||
	    get_time(&end, i, ev, "end", &has_end) < 0)
		return CT_EINVALID;
	if (!has_start)
		return field_error(i, ev, "start", "is missing");
	if ((r = get_zone(&start.tz, i, ev)) < 0)
		return CT_EINVALID;
	if (!r || start.all_day)
		start.tz = NULL;
	if (!has_end) {
		/* A day, or an hour; none past 9999-12-31 (a DATE alone is one day, RFC 5545 3.6.1). */
		end = start;
		end.t += start.all_day ? 86400 : 3600;
		has_end = when_check_range(end.t) == 0;
	} else if (end.all_day != start.all_day) {
		return field_error(i, ev, "end", "is not of the same form as start (a date or a UTC time)");
	} else if (end.t <= start.t) {
		return field_error(i, ev, "end", "is not later than start");
	}
	end.tz = start.tz;

	strbuf_addstr(w->out, "BEGIN:VEVENT\r\n");
	prop_text(w, "UID", uid, uid_len);
	strbuf_addf(w->out, "DTSTAMP:%s\r\n", dtstamp);
	prop_time(w, "DTSTART", &start);
	if (has_end)
		prop_time(w, "DTEND", &end);
	prop_text(w, "SUMMARY", summary, summary_len);
	for (size_t k = 0; k < sizeof(optional) / sizeof(optional[0]); k++) {
		r = get_string(&s, &len, i, ev, optional[k][0]);
		if (r < 0)
			return CT_EINVALID;
		if (r && len)
			prop_text(w, optional[k][1], s, len);
	}
	r = get_string(&s, &len, i, ev, "url");
	if (r < 0)
		return CT_EINVALID;
	if (r && len) {
		if (add_uri(line_start(w, "URL:"), s, len) < 0)
			return field_error(i, ev, "url", "'%.80s' is not an http:// or https:// URL", s);
		line_end(w);
	}
	if (add_categories(w, i, ev) < 0)
		return CT_EINVALID;
	r = get_string(&s, &len, i, ev, "status");
	if (r < 0)
		return CT_EINVALID;
	if (r) {
		size_t k;

		for (k = 0; k < sizeof(statuses) / sizeof(statuses[0]); k++)
			if (strlen(s) == len && !strcasecmp(s, statuses[k]))
				break;
		if (k == sizeof(statuses) / sizeof(statuses[0]))
			return field_error(i, ev, "status", "'%.40s' is not TENTATIVE, CONFIRMED or CANCELLED", s);
		strbuf_addf(w->out, "STATUS:%s\r\n", statuses[k]);
	}
	strbuf_addstr(w->out, "END:VEVENT\r\n");
	return 0;
}

/* "+HHMM" or "-HHMM" (with seconds when there are any), as TZOFFSETFROM and TZOFFSETTO take. */
static void add_offset(struct strbuf *sb, long off)
{
	long a = off < 0 ? -off : off;

	strbuf_addf(sb, "%c%02ld%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	if (a % 60)
		strbuf_addf(sb, "%02ld", a % 60);
}

/* One STANDARD or DAYLIGHT observance from `at` (written in the local time of the offset before it). */
static void add_observance(struct ics_writer *w, const struct when_transition *tr)
{
	const char *kind = tr->isdst ? "DAYLIGHT" : "STANDARD";
	struct ics_time onset = { tr->at + tr->offset_from, 0, NULL };
	struct strbuf *l;

	strbuf_addf(w->out, "BEGIN:%s\r\n", kind);
	l = line_start(w, "DTSTART:");
	add_time(l, &onset);
	strbuf_setlen(l, l->len - 1); /* a local time: no Z */
	line_end(w);
	add_offset(line_start(w, "TZOFFSETFROM:"), tr->offset_from);
	line_end(w);
	add_offset(line_start(w, "TZOFFSETTO:"), tr->offset_to);
	line_end(w);
	if (*tr->abbr)
		prop_text(w, "TZNAME", tr->abbr, strlen(tr->abbr));
	strbuf_addf(w->out, "END:%s\r\n", kind);
}

/*
 * One VTIMEZONE (RFC 5545 3.6.5) for zone tz over [from, to): the
 * observance in force at `from`, then one per transition in the span.
 */
static void add_vtimezone(struct ics_writer *w, const char *tz, int64_t from, int64_t to)
{
	struct when_transition *tr = xmalloc(ICS_MAX_TRANSITIONS * sizeof(*tr)), first;
	struct when_local l;
	int n = when_zone_transitions(tr, ICS_MAX_TRANSITIONS, tz, from, to);

	if (n < 0 || when_local(&l, from, tz) < 0) {
		ct_error_drop("a zone checked by get_zone: a VTIMEZONE with no transitions is still valid");
		n = 0;
		memset(&l, 0, sizeof(l));
	}
	if (n > ICS_MAX_TRANSITIONS)
		n = ICS_MAX_TRANSITIONS;
	strbuf_addstr(w->out, "BEGIN:VTIMEZONE\r\n");
	prop_text(w, "TZID", tz, strlen(tz));
	first.at = from;
	first.offset_from = first.offset_to = l.offset;
	first.isdst = l.isdst;
	memcpy(first.abbr, l.abbr, sizeof(first.abbr));
	add_observance(w, &first);
	for (int k = 0; k < n; k++)
		add_observance(w, &tr[k]);
	strbuf_addstr(w->out, "END:VTIMEZONE\r\n");
	free(tr);
}

/* January 1 of t's year (UTC), `years` years on. */
static int64_t year_start(int64_t t, int years)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_year += years;
	tm.tm_mon = 0, tm.tm_mday = 1, tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm);
}

/*
 * A VTIMEZONE for each zone the timed events use, in the order of first
 * use, covering the years of that zone's events: from January 1 of the
 * earliest start to the end of the year of the latest end.  Events in
 * error are skipped here; add_event reports them.
 */
static void add_vtimezones(struct ics_writer *w, json_t *events)
{
	json_t *ev, *order = json_array(), *span = json_object(), *z;
	size_t i;

	json_array_foreach(events, i, ev) {
		struct ics_time start, end;
		int has_start, has_end;
		const char *tz = NULL;

		if (json_is_object(ev) && get_time(&start, i, ev, "start", &has_start) == 0 && has_start &&
		    !start.all_day && get_time(&end, i, ev, "end", &has_end) == 0 && get_zone(&tz, i, ev) == 1) {
			int64_t last = has_end && end.t > start.t ? end.t : start.t + 3600;
			if (!(z = json_object_get(span, tz))) {
				json_array_append_new(order, json_string(tz));
				json_object_set_new(span, tz, json_pack("[I, I]", (json_int_t)start.t, (json_int_t)last));
			} else {
				if (start.t < json_integer_value(json_array_get(z, 0)))
					json_array_set_new(z, 0, json_integer(start.t));
				if (last > json_integer_value(json_array_get(z, 1)))
					json_array_set_new(z, 1, json_integer(last));
			}
		}
		ct_error_drop("a bad event is reported when it is written; here it only has no zone to cover");
	}
	json_array_foreach(order, i, ev) {
		z = json_object_get(span, json_string_value(ev));
		add_vtimezone(w, json_string_value(ev), year_start(json_integer_value(json_array_get(z, 0)), 0),
			      year_start(json_integer_value(json_array_get(z, 1)), 1));
	}
	json_decref(order);
	json_decref(span);
}

/* Check "YYYYMMDDTHHMMSSZ" names a real UTC time. */
static int check_dtstamp(const char *s)
{
	struct ics_time t;
	char iso[21];

	if (!s || !shaped(s, "ddddddddTddddddZ"))
		return -1;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 9, s + 11, s + 13);
	return parse_time(&t, iso);
}

int render_ics(struct strbuf *out, json_t *events, const struct ics_options *opts)
{
	struct ics_writer w = { out, STRBUF_INIT };
	size_t start = out->len, i;
	const char *prodid;
	json_t *ev;
	int ret = 0;

	if (!json_is_array(events))
		return ct_error_set(CT_EINVALID, "ics: the events are not a JSON array");
	if (!opts || check_dtstamp(opts->dtstamp) < 0)
		return ct_error_set(CT_EINVALID, "ics: dtstamp '%s' is not a UTC time YYYYMMDDTHHMMSSZ",
				    opts && opts->dtstamp ? opts->dtstamp : "");

	strbuf_addstr(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	prodid = opts->prodid ? opts->prodid : ICS_PRODID;
	prop_text(&w, "PRODID", prodid, strlen(prodid));
	strbuf_addstr(out, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	if (opts->name)
		prop_text(&w, "X-WR-CALNAME", opts->name, strlen(opts->name));
	add_vtimezones(&w, events);
	json_array_foreach(events, i, ev) {
		ret = add_event(&w, i, ev, opts->dtstamp);
		if (ret < 0)
			break;
	}
	if (ret < 0)
		strbuf_setlen(out, start);
	else
		strbuf_addstr(out, "END:VCALENDAR\r\n");
	strbuf_release(&w.line);
	return ret;
}
