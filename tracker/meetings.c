/*
 * meetings.c - minutes posts and meeting lookup (see meetings.h).
 *
 * A minutes post is Markdown with YAML-like front matter; only the simple
 * forms cabforum.org uses are read ("key: value" and "- item" lists), and
 * nothing in the post is trusted beyond being text.
 */
#include "tracker/meetings.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/record.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"

static const struct { const char *word; const char *zone; } zones[] = {
	{ "eastern", "America/New_York" }, { "et", "America/New_York" }, { "est", "America/New_York" },
	{ "edt", "America/New_York" }, { "pacific", "America/Los_Angeles" }, { "pt", "America/Los_Angeles" },
	{ "central european", "Europe/Berlin" }, { "cet", "Europe/Berlin" }, { "cest", "Europe/Berlin" },
	{ "central", "America/Chicago" }, { "mountain", "America/Denver" }, { "utc", "UTC" }, { "gmt", "UTC" },
};

const char *meetings_zone_of(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		size_t n = strlen(zones[i].word);
		if (n <= len && !strncasecmp(s, zones[i].word, n) && (n == len || !isalpha((unsigned char)s[n])))
			return zones[i].zone;
	}
	return NULL;
}

void meetings_minutes_release(struct meetings_minutes *m)
{
	free(m->title);
	json_decref(m->tags);
	m->title = NULL;
	m->tags = NULL;
}

/* Strip quotes and blanks around a front-matter value. */
static char *value_dup(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0])
		s++, len -= 2;
	return xstrndup(s, len);
}

/* The first date anywhere in s[0..len): its length consumed, 0 when none. */
static size_t find_date(struct ct_date *d, const char *s, size_t len, size_t *at)
{
	for (size_t i = 0; i < len; i++) {
		if (i && isalnum((unsigned char)s[i - 1]))
			continue;
		size_t n = datephrase_parse_date(d, s + i, len - i);
		if (n) {
			*at = i;
			return n;
		}
	}
	return 0;
}

/* Does the word w (lower case) start s[0..len), followed by no letter? */
static int word_at(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	return n <= len && !strncasecmp(s, w, n) && (n == len || !isalpha((unsigned char)s[n]));
}

/* "am", "a.m.", "AM", "a. m." (and the same with p) at s: 1 am, 2 pm, 0 none; *used the bytes. */
static int read_meridiem(const char *s, size_t len, size_t *used)
{
	size_t i = 0;
	int which = len && tolower((unsigned char)s[0]) == 'a' ? 1 : len && tolower((unsigned char)s[0]) == 'p' ? 2 : 0;
	if (!which)
		return 0;
	i = 1;
	if (i < len && s[i] == '.')
		i++;
	if (i < len && s[i] == ' ' && i == 2)
		i++;
	if (i >= len || tolower((unsigned char)s[i]) != 'm')
		return 0;
	i++;
	if (i < len && s[i] == '.')
		i++;
	else if (i < len && isalpha((unsigned char)s[i]))
		return 0;
	*used = i;
	return which;
}

/*
 * A time of day at s: "11:00", "2 pm", "12:00 p.m.", "12 noon", "noon",
 * "midnight".  Minutes after midnight, or -1 when none starts there;
 * *used the bytes read.
 */
static int read_clock(const char *s, size_t len, size_t *used)
{
	size_t i = 0;
	int h = 0, mi = 0, colon = 0;
	if (word_at(s, len, "noon") || word_at(s, len, "midnight")) {
		*used = tolower((unsigned char)s[0]) == 'n' ? 4 : 8;
		return tolower((unsigned char)s[0]) == 'n' ? 12 * 60 : 0;
	}
	while (i < len && i < 2 && isdigit((unsigned char)s[i]))
		h = h * 10 + (s[i++] - '0');
	if (!i || (i < len && isdigit((unsigned char)s[i])))
		return -1;
	if (i + 2 < len && s[i] == ':' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
	    (i + 3 == len || !isdigit((unsigned char)s[i + 3]))) {
		mi = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		i += 3;
		colon = 1;
	}
	size_t j = i, n = 0;
	while (j < len && s[j] == ' ')
		j++;
	int m = read_meridiem(s + j, len - j, &n);
	if (m) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (m == 2 ? 12 : 0);
		i = j + n;
	} else if (h == 12 && !colon && (word_at(s + j, len - j, "noon") || word_at(s + j, len - j, "midnight"))) {
		h = tolower((unsigned char)s[j]) == 'n' ? 12 : 0;
		i = j + (h ? 4 : 8);
	} else if (!colon) {
		return -1;   /* a bare number is not a time */
	}
	if (h > 23 || mi > 59)
		return -1;
	*used = i;
	return h * 60 + mi;
}

/*
 * "at 11:00 am Eastern Time" after the date: the time (24 h) and the zone.
 * A time with no zone, or with words cabtrack does not know as a zone
 * ("Mars Time"), is not recorded: next_note says why, nothing is guessed.
 */
static void next_call_time(struct meetings_minutes *m, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t n = 0;
		if (i && isalnum((unsigned char)s[i - 1]))
			continue;
		int clock = read_clock(s + i, len - i, &n);
		if (clock < 0)
			continue;
		const char *p = s + i + n;
		size_t rest = len - i - n;
		while (rest && (*p == ' ' || *p == '('))
			p++, rest--;
		size_t words = 0;
		while (words < rest && !strchr(".,;:)(", p[words]))
			words++;
		while (words && p[words - 1] == ' ')
			words--;
		const char *zone = meetings_zone_of(p, rest);
		if (!zone) {
			if (words)
				snprintf(m->next_note, sizeof(m->next_note),
					 "'%.*s' is not a time zone cabtrack knows (Eastern, Central, Mountain, Pacific, "
					 "Central European, UTC)", (int)(words < 60 ? words : 60), p);
			else
				snprintf(m->next_note, sizeof(m->next_note), "the time %.*s names no time zone", (int)n, s + i);
			return;
		}
		when_clock_format(m->next_time, clock);   /* read_clock gives 0..1439 */
		snprintf(m->next_tz, sizeof(m->next_tz), "%s", zone);
		return;
	}
}

int meetings_parse_minutes(struct meetings_minutes *m, const char *name, const char *text, size_t len)
{
	m->tags = json_array();
	if (len < 4 || strncmp(text, "---", 3))
		return ct_error_set(CT_EINVALID, "'%s' has no front matter (a '---' block with title and date); is it a minutes post?",
				    name);
	const char *p = text + 3, *end = text + len;
	p = memchr(p, '\n', (size_t)(end - p));
	int in_tags = 0;
	while (p && p < end) {
		p++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n >= 3 && !strncmp(p, "---", 3))
			break;
		if (in_tags && n > 1 && (p[0] == '-' || (p[0] == ' ' && memchr(p, '-', n)))) {
			const char *dash = memchr(p, '-', n);
			char *v = value_dup(dash + 1, n - (size_t)(dash + 1 - p));
			json_array_append_new(m->tags, json_string(v));
			free(v);
		} else {
			in_tags = 0;
			const char *colon = memchr(p, ':', n);
			if (colon) {
				size_t klen = (size_t)(colon - p);
				char *v = value_dup(colon + 1, n - klen - 1);
				if (klen == 5 && !strncmp(p, "title", 5)) {
					free(m->title);
					m->title = v, v = NULL;
				} else if (klen == 4 && !strncmp(p, "date", 4)) {
					struct ct_date d;
					size_t at;
					if (find_date(&d, v, strlen(v), &at))
						ct_date_format(m->date, &d);
				} else if (klen == 4 && !strncmp(p, "tags", 4) && !*v) {
					in_tags = 1;
				}
				free(v);
			}
		}
		p = nl;
	}
	if (!p || p >= end)
		return ct_error_set(CT_EINVALID, "'%s': the front matter does not end (no closing '---')", name);

	/* The body: "Next call: Wednesday, December 6, 2023 at 11:00 am Eastern Time". */
	for (const char *q = p; q < end;) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		const char *line = q;
		q = nl ? nl + 1 : end;
		while (n && (*line == '#' || *line == '*' || *line == ' '))
			line++, n--;
		if (n < 10 || (strncasecmp(line, "next call", 9) && strncasecmp(line, "next meeting", 12)))
			continue;
		struct ct_date d;
		size_t at, dl = find_date(&d, line, n, &at);
		if (!dl)
			continue;
		ct_date_format(m->next_date, &d);
		next_call_time(m, line + at + dl, n - at - dl);
		break;
	}
	if (!*m->date) {
		/* No date in the front matter: the first date of the body. */
		struct ct_date d;
		size_t at;
		if (find_date(&d, p, (size_t)(end - p), &at))
			ct_date_format(m->date, &d);
	}
	if (!*m->date)
		return ct_error_set(CT_EINVALID, "'%s': no meeting date (front matter 'date:' or a date in the text)", name);
	return 0;
}

int meetings_recorded(const struct ct_meeting *m)
{
	return m->id > 0;
}

json_t *meetings_pick_to_json(const struct ct_meeting *m)
{
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:b}", "date", record_json_text(m->date), "time",
			      record_json_text(m->time), "tz", record_json_text(m->tz), "start_utc",
			      record_json_text(m->start_utc), "title", record_json_text(m->title), "recorded",
			      meetings_recorded(m));
	if (!meetings_recorded(m) && m->source)
		json_object_set_new(o, "source", json_string(m->source));
	return o;
}

/* The day `d` alone: no meeting is recorded on it. */
static void day_alone(struct ct_meeting *out, const char *d)
{
	memset(out, 0, sizeof(*out));
	out->date = xstrdup(d);
}

int meetings_pick(struct ct_meeting *out, const struct ct_meeting_list *list, const char *which, struct ct_date today,
		  const struct meetings_cadence *cadence)
{
	char t[11];
	ct_date_format(t, &today);
	memset(out, 0, sizeof(*out));
	if (!strcmp(which, "next") || !strcmp(which, "last")) {
		int next = !strcmp(which, "next");
		const struct ct_meeting *found = NULL;
		for (size_t i = 0; i < list->n; i++) {
			const char *d = list->items[i].date;
			if (next && strcmp(d, t) >= 0) {
				found = &list->items[i];
				break;
			}
			if (!next && strcmp(d, t) < 0)
				found = &list->items[i];
		}
		if (cadence) {
			/* The cadence's meeting on or after today, or the one before it. */
			struct ct_date from = next ? today : ct_date_add_days(today, -7 * cadence->weeks);
			struct ct_meeting_list two = CT_MEETING_LIST_INIT;
			meetings_cadence_next(&two, cadence, from, 2, list);
			const struct ct_meeting *a = two.n > 0 ? &two.items[0] : NULL, *b = two.n > 1 ? &two.items[1] : NULL;
			const struct ct_meeting *scheduled;
			if (next)
				scheduled = a;
			else
				scheduled = b && strcmp(b->date, t) < 0 ? b : a && strcmp(a->date, t) < 0 ? a : NULL;
			int taken = 0;
			if (scheduled && (!found || (next ? strcmp(scheduled->date, found->date) < 0
						     : strcmp(scheduled->date, found->date) > 0))) {
				ct_meeting_copy(out, scheduled);
				taken = 1;
			}
			ct_meeting_list_release(&two);
			if (taken)
				return 0;
		}
		if (!found)
			return ct_error_set(CT_ENOTFOUND, "no %s meeting is recorded; add one with 'cabtrack meeting add DATE', "
					    "'cabtrack import minutes FILE.md', or set a cadence ('cabtrack config meeting.cadence "
					    "\"every other Wednesday\"')", next ? "upcoming" : "past");
		ct_meeting_copy(out, found);
		return 0;
	}
	long day;
	if (when_parse_day(&day, which, ct_date_to_days(today)) < 0) {
		struct strbuf why = STRBUF_INIT;
		strbuf_addstr(&why, ct_error_last());
		ct_error_set(CT_EINVALID, "--meeting: %s (or 'next', 'last')", why.buf);
		strbuf_release(&why);
		return CT_EINVALID;
	}
	when_day_format(t, day);
	for (size_t i = 0; i < list->n; i++)
		if (!strcmp(list->items[i].date, t)) {
			ct_meeting_copy(out, &list->items[i]);
			return 0;
		}
	day_alone(out, t);
	return 0;
}

const struct ct_meeting *meetings_previous(const struct ct_meeting_list *list, const char *date)
{
	const struct ct_meeting *found = NULL;
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->items[i].date, date) < 0)
			found = &list->items[i];
	return found;
}

const struct ct_meeting *meetings_following(const struct ct_meeting_list *list, const char *date)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->items[i].date, date) > 0)
			return &list->items[i];
	return NULL;
}

int64_t meetings_as_of(const struct ct_meeting *meeting)
{
	int64_t t;
	const char *start = meeting->start_utc;
	if (start && when_parse_iso(&t, start) == 0)
		return t;
	ct_error_drop("no start, or one that does not read: the meeting counts from the end of its day");
	char buf[32];
	snprintf(buf, sizeof(buf), "%s 23:59", meeting->date ? meeting->date : "");
	if (when_parse(&t, buf, NULL) < 0) {
		ct_error_drop("a meeting day that does not read is no point in time: 0 means now");
		return 0;
	}
	return t + 59;
}

void meetings_cadence_next(struct ct_meeting_list *out, const struct meetings_cadence *c, struct ct_date from, int n,
			   const struct ct_meeting_list *recorded)
{
	size_t alloc = 0;
	*out = (struct ct_meeting_list)CT_MEETING_LIST_INIT;
	for (int i = 0; i < n; i++) {
		struct ct_meeting *m = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*m));
		meetings_cadence_meeting(m, c, from, i);
		const struct ct_meeting *hit = NULL;
		for (size_t j = 0; recorded && j < recorded->n; j++)
			if (!strcmp(recorded->items[j].date, m->date))
				hit = &recorded->items[j];
		if (hit) {
			ct_meeting_release(m);
			ct_meeting_copy(m, hit);
		}
	}
}
