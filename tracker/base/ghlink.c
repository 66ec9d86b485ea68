/*
 * ghlink.c - GitHub compare and branch links (see ghlink.h).
 */
#include "tracker/base/ghlink.h"

#include <stdio.h>
#include <string.h>

#include "tracker/base/error.h"

/* The length of the path part starting at p: up to '?', '#', white space or the end. */
static size_t part_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && *q != '/' && *q != '?' && *q != '#' && *q != ' ' && *q != '\t' && *q != '\n')
		q++;
	return (size_t)(q - p);
}

/* Letters, digits and the punctuation GitHub allows in names and refs; no '..' (a path out). */
static int name_ok(const char *p, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && (!c || !strchr("-_.:/", c)))
			return 0;
		if (c == '.' && i + 1 < n && p[i + 1] == '.')
			return 0;
	}
	return 1;
}

/* How much of the link an error message quotes: at most 200 bytes, up to a control character (one line). */
static int shown(const char *url, size_t len)
{
	size_t n = 0;
	while (n < len && n < 200 && (unsigned char)url[n] >= 0x20 && url[n] != 0x7f)
		n++;
	return (int)n;
}

static int copy(char *out, size_t outsz, const char *p, size_t n)
{
	if (n >= outsz)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int ghlink_parse(struct ghlink *out, const char *url, size_t len)
{
	memset(out, 0, sizeof(*out));
	const char *end = url + len, *p = url;
	static const char *const hosts[] = { "https://github.com/", "http://github.com/", "https://www.github.com/",
					     "http://www.github.com/" };
	int host = 0;
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]) && !host; i++)
		if ((size_t)(end - p) >= strlen(hosts[i]) && !strncmp(p, hosts[i], strlen(hosts[i]))) {
			p += strlen(hosts[i]);
			host = 1;
		}
	if (!host)
		return ct_error_set(CT_EINVALID, "'%.*s' is not a github.com link", shown(url, len), url);
	size_t n = part_len(p, end);
	if (!name_ok(p, n) || copy(out->owner, sizeof(out->owner), p, n) < 0 || p + n >= end || p[n] != '/')
		goto bad;
	p += n + 1;
	n = part_len(p, end);
	if (!name_ok(p, n) || copy(out->repo, sizeof(out->repo), p, n) < 0 || p + n >= end || p[n] != '/')
		goto bad;
	p += n + 1;
	n = part_len(p, end);
	if (n == 7 && !strncmp(p, "compare", 7) && p + n < end && p[n] == '/') {
		p += n + 1;
		/* BASE...HEAD up to '?', '#' or white space; the head may carry "user:". */
		const char *q = p;
		while (q < end && *q != '?' && *q != '#' && *q != ' ' && *q != '\t' && *q != '\n')
			q++;
		const char *dots = NULL;
		size_t dlen = 0;
		for (const char *s = p; s < q && !dots; s++) {
			if (s + 3 <= q && !strncmp(s, "...", 3))
				dots = s, dlen = 3;
			else if (s + 3 <= q && !strncmp(s, "\xe2\x80\xa6", 3)) /* U+2026 */
				dots = s, dlen = 3;
			else if (s + 2 <= q && !strncmp(s, "..", 2))
				dots = s, dlen = 2;
		}
		if (!dots)
			goto bad;
		const char *h = dots + dlen, *hend = q;
		if (hend - h > 5 && (!strncmp(hend - 5, ".diff", 5)))
			hend -= 5;
		else if (hend - h > 6 && !strncmp(hend - 6, ".patch", 6))
			hend -= 6;
		const char *colon = memchr(h, ':', (size_t)(hend - h));
		if (colon) {
			if (!name_ok(h, (size_t)(colon - h)) || copy(out->head_owner, sizeof(out->head_owner), h, (size_t)(colon - h)) < 0)
				goto bad;
			h = colon + 1;
		}
		if (!name_ok(p, (size_t)(dots - p)) || !name_ok(h, (size_t)(hend - h)) || memchr(p, ':', (size_t)(dots - p)) ||
		    copy(out->base, sizeof(out->base), p, (size_t)(dots - p)) < 0 ||
		    copy(out->head, sizeof(out->head), h, (size_t)(hend - h)) < 0)
			goto bad;
		out->kind = GHLINK_COMPARE;
		return 0;
	}
	if (((n == 7 && !strncmp(p, "commits", 7)) || (n == 4 && !strncmp(p, "tree", 4))) && p + n < end && p[n] == '/') {
		p += n + 1;
		n = part_len(p, end);
		if (!name_ok(p, n) || memchr(p, ':', n) || copy(out->head, sizeof(out->head), p, n) < 0)
			goto bad;
		out->kind = GHLINK_BRANCH;
		return 0;
	}
bad:
	return ct_error_set(CT_EINVALID,
			    "'%.*s' is not a GitHub compare link (https://github.com/OWNER/REPO/compare/BASE...HEAD) "
			    "or branch link (.../commits/BRANCH, .../tree/BRANCH)",
			    shown(url, len), url);
}

int ghlink_is_change(const char *text)
{
	struct ghlink l;
	int rc = ghlink_parse(&l, text, strlen(text));
	ct_error_drop("a yes-or-no question: text that is not a change link is an answer, not a failure");
	return rc == 0;
}
