/*
 * mentions.c - compare links and IP review ends in minutes posts (see
 * mentions.h).
 *
 * A post is read paragraph by paragraph (blank lines between).  Reference
 * definitions ("[1]: https://...") are collected first so that "[text][1]"
 * finds its link; a link cited both in the text and in the definitions
 * keeps the paragraph of the text.
 */
#include "tracker/mentions.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/mentiondb.h"
#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/ghlink.h"
#include "tracker/base/strbuf.h"

#define CONTEXT_MAX 1000

/* Where the body starts: after a front matter block ("---" ... "---"), else 0. */
static size_t body_start(const char *t, size_t len)
{
	if (len < 4 || strncmp(t, "---\n", 4))
		return 0;
	for (size_t i = 4; i + 4 <= len; i++)
		if (t[i - 1] == '\n' && !strncmp(t + i, "---", 3) && (i + 3 == len || t[i + 3] == '\n'))
			return i + 3 < len ? i + 4 : len;
	return 0;
}

/* The end of a link written in text: white space, or what closes Markdown around it. */
static size_t url_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && !isspace((unsigned char)*q) && !strchr(")]<>\"'", *q))
		q++;
	return (size_t)(q - p);
}

static void add_link(json_t *out, json_t *seen, const char *url, size_t n, const char *para, size_t plen)
{
	struct ghlink l;
	if (ghlink_parse(&l, url, n) < 0) {
		ct_error_drop("a link that is no GitHub compare or branch link is no mention");
		return;
	}
	struct strbuf key = STRBUF_INIT;
	strbuf_addf(&key, "%d|%s|%s|%s|%s", (int)l.kind, l.owner, l.repo, l.base, l.head);
	json_t *had = json_object_get(seen, key.buf);
	if (had && strstr(json_string_value(json_object_get(had, "url")), "\xe2\x80\xa6") && !memmem(url, n, "\xe2\x80\xa6", 3)) {
		/* The text showed the link shortened ("…"); the reference gives it whole. */
		json_object_set_new(had, "url", json_stringn(url, n));
	} else if (!had) {
		struct strbuf u = STRBUF_INIT, c = STRBUF_INIT;
		strbuf_add(&u, url, n);
		strbuf_add(&c, para, plen > CONTEXT_MAX ? CONTEXT_MAX : plen);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:s}", "kind", l.kind == GHLINK_COMPARE ? "compare" : "branch",
					"url", u.buf, "owner", l.owner, "repo", l.repo, "base", *l.base ? l.base : NULL, "head",
					l.head, "context", c.buf);
		json_array_append_new(out, row);
		json_object_set(seen, key.buf, row);
		strbuf_release(&u);
		strbuf_release(&c);
	}
	strbuf_release(&key);
}

static const char *const months[] = { "january", "february", "march", "april", "may", "june", "july",
				      "august", "september", "october", "november", "december" };

/* "December 8" or "December 8, 2023" or "8 December 2023" at p: month 1-12, day, year (0 when absent); bytes read, 0 if none. */
static size_t month_day(int *month, int *day, int *year, const char *p, const char *end)
{
	const char *q = p;
	*year = 0;
	for (int m = 0; m < 12; m++) {
		size_t n = strlen(months[m]);
		if ((size_t)(end - q) >= n && !strncasecmp(q, months[m], n) && (q + n == end || !isalpha((unsigned char)q[n]))) {
			q += n;
			while (q < end && *q == ' ')
				q++;
			if (q >= end || !isdigit((unsigned char)*q))
				return 0;
			/* by hand, not strtol: the paragraph is not NUL-terminated */
			*day = 0;
			while (q < end && isdigit((unsigned char)*q)) {
				if (*day < 100)
					*day = *day * 10 + (*q - '0');
				q++;
			}
			while (q < end && isalpha((unsigned char)*q)) /* 8th */
				q++;
			const char *y = q;
			while (y < end && (*y == ',' || *y == ' '))
				y++;
			if (end - y >= 4 && isdigit((unsigned char)y[0]) && isdigit((unsigned char)y[1]) && isdigit((unsigned char)y[2]) &&
			    isdigit((unsigned char)y[3]) && (end - y == 4 || !isdigit((unsigned char)y[4]))) {
				*year = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
				q = y + 4;
			}
			*month = m + 1;
			return *day >= 1 && *day <= 31 ? (size_t)(q - p) : 0;
		}
	}
	return 0;
}

/* "1700 UTC", "17:00 UTC", "17:00 GMT": hour and minute; bytes read, 0 if none. */
static size_t utc_time(int *hour, int *minute, const char *p, const char *end)
{
	const char *q = p;
	int digits = 0, h = 0, m = 0;
	while (q < end && isdigit((unsigned char)*q) && digits < 4) {
		h = h * 10 + (*q - '0');
		q++, digits++;
	}
	if (digits == 4) {
		m = h % 100, h /= 100;
	} else if ((digits == 1 || digits == 2) && q < end && *q == ':' && end - q >= 3 && isdigit((unsigned char)q[1]) &&
		   isdigit((unsigned char)q[2])) {
		m = (q[1] - '0') * 10 + (q[2] - '0');
		q += 3;
	} else {
		return 0;
	}
	while (q < end && *q == ' ')
		q++;
	if (end - q < 3 || (strncmp(q, "UTC", 3) && strncmp(q, "GMT", 3)) || h > 23 || m > 59)
		return 0;
	*hour = h, *minute = m;
	return (size_t)(q + 3 - p);
}

/* "Ballot X ... IP review, ending at 1700 UTC on December 8": an ipr_end, or nothing. */
static void ipr_end(json_t *out, const char *para, size_t plen, const char *date)
{
	static const char *const phrases[] = { "ip review", "ipr review", "ip rights review", "review period" };
	const char *end = para + plen, *at = NULL;
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]) && !at; i++)
		for (const char *p = para; p + strlen(phrases[i]) <= end && !at; p++)
			if (!strncasecmp(p, phrases[i], strlen(phrases[i])))
				at = p;
	if (!at)
		return;
	struct strbuf pt = STRBUF_INIT;
	strbuf_add(&pt, para, (size_t)(at - para));
	size_t bs, bl;
	int found = ballot_name_find(&bs, &bl, pt.buf, 0) == 0;
	char key[64] = "", name[64] = "";
	if (found) {
		snprintf(name, sizeof(name), "%.*s", (int)bl, pt.buf + bs);
		found = ballot_name_normalize(key, sizeof(key), name) == 0;
	}
	ct_error_drop("a paragraph that names no ballot states no IP review end");
	strbuf_release(&pt);
	if (!found)
		return;
	/* After the phrase, within the sentence: a date, and a UTC time before or after it. */
	int month = 0, day = 0, year = 0, hour = -1, minute = 0;
	const char *stop = at;
	while (stop < end && !(*stop == '.' && (stop + 1 == end || isspace((unsigned char)stop[1]))))
		stop++;
	for (const char *p = at; p < stop; p++) {
		if (!month && (p == at || !isalpha((unsigned char)p[-1])) && month_day(&month, &day, &year, p, stop))
			continue;
		if (hour < 0 && (p == at || !isdigit((unsigned char)p[-1])) && isdigit((unsigned char)*p))
			utc_time(&hour, &minute, p, stop);
	}
	if (!month)
		return;
	int my = 0, mm = 0;
	if (sscanf(date, "%4d-%2d", &my, &mm) != 2)
		return;
	if (!year)
		year = month < mm - 6 ? my + 1 : my; /* "December 8" said in November; "January 5" said in December */
	char when[64];
	if (hour >= 0)
		snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:00Z", year, month, day, hour, minute);
	else
		snprintf(when, sizeof(when), "%04d-%02d-%02d", year, month, day);
	struct strbuf c = STRBUF_INIT;
	strbuf_add(&c, para, plen > CONTEXT_MAX ? CONTEXT_MAX : plen);
	json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "ipr_end", "ballot_key", key, "name", name,
					     "time", when, "context", c.buf));
	strbuf_release(&c);
}

json_t *mentions_parse(const char *text, size_t len, const char *date)
{
	json_t *out = json_array(), *seen = json_object(), *defs = json_object();
	const char *t = text + body_start(text, len), *end = text + len;
	/* Reference definitions: "[label]: URL" at the start of a line. */
	for (const char *line = t; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		const char *close = line < le && *line == '[' ? memchr(line, ']', (size_t)(le - line)) : NULL;
		if (close && close + 1 < le && close[1] == ':') {
			const char *u = close + 2;
			while (u < le && *u == ' ')
				u++;
			struct strbuf label = STRBUF_INIT, url = STRBUF_INIT;
			strbuf_add(&label, line + 1, (size_t)(close - line - 1));
			strbuf_add(&url, u, url_len(u, le));
			json_object_set_new(defs, label.buf, json_string(url.buf));
			strbuf_release(&label);
			strbuf_release(&url);
		}
		line = nl ? nl + 1 : end;
	}
	/* Paragraphs. */
	for (const char *p = t; p < end;) {
		while (p < end && (*p == '\n' || *p == ' ' || *p == '\t'))
			p++;
		const char *q = p;
		while (q < end && !(q[0] == '\n' && q + 1 < end && q[1] == '\n'))
			q++;
		size_t plen = (size_t)(q - p);
		for (const char *s = p; s < q; s++) {
			if ((size_t)(q - s) > 8 && !memcmp(s, "http", 4) && (s == p || !isalnum((unsigned char)s[-1]))) {
				/* "[LINK TEXT][1]": the reference's link is the link; the text may be shortened. */
				size_t n = url_len(s, q);
				if (!(s + n + 1 < q && s[n] == ']' && s[n + 1] == '['))
					add_link(out, seen, s, n, p, plen);
			}
			if (s[0] == ']' && s + 1 < q && s[1] == '[') {
				const char *close = memchr(s + 2, ']', (size_t)(q - s - 2));
				if (close) {
					struct strbuf label = STRBUF_INIT;
					strbuf_add(&label, s + 2, (size_t)(close - s - 2));
					const char *u = json_string_value(json_object_get(defs, label.buf));
					if (u)
						add_link(out, seen, u, strlen(u), p, plen);
					strbuf_release(&label);
				}
			}
		}
		if (plen)
			ipr_end(out, p, plen, date);
		p = q;
	}
	json_decref(seen);
	json_decref(defs);
	return out;
}

int mentions_record(struct ct_db *db, const char *date, const char *text, size_t len)
{
	json_t *rows = mentions_parse(text, len, date);
	int rc = mentiondb_replace(db, date, rows);
	json_decref(rows);
	return rc;
}
