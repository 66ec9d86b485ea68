/*
 * mdsplit.c - front matter and section boundaries by line scanning.
 *
 * Invariants: sections are contiguous and cover the whole buffer in order
 * (the concatenation of their texts is the document); section 0 exists and
 * has level 0 even when empty; nothing here reads past `len`.
 */
#include "importers/mdsplit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "tracker/base/error.h"

void md_hash(unsigned char out[16], const void *data, size_t len)
{
	XXH128_hash_t h = XXH3_128bits(data, len);
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, h);
	memcpy(out, c.digest, 16);
}

static void push(struct md_document *doc, const char *text, size_t len, int level, size_t line, size_t lines)
{
	if (doc->nr == doc->alloc) {
		doc->alloc = doc->alloc ? doc->alloc * 2 : 64;
		doc->sections = xrealloc(doc->sections, doc->alloc * sizeof(*doc->sections));
	}
	struct md_section *s = &doc->sections[doc->nr++];
	s->text = text;
	s->len = len;
	s->level = level;
	s->line = line;
	s->lines = lines;
	md_hash(s->hash, text, len);
}

/* Level of an ATX heading line, or 0. */
static int heading_level(const char *p, const char *end)
{
	int indent = 0;
	while (p < end && *p == ' ' && indent < 4) {
		p++;
		indent++;
	}
	if (indent > 3)
		return 0;
	int n = 0;
	while (p < end && *p == '#' && n < 7) {
		p++;
		n++;
	}
	if (n < 1 || n > 6)
		return 0;
	if (p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
		return 0;
	return n;
}

/* Is the line a code fence?  Sets *ch and *n to the fence character and length. */
static int fence(const char *p, const char *end, char *ch, int *n)
{
	int indent = 0;
	while (p < end && *p == ' ' && indent < 4) {
		p++;
		indent++;
	}
	if (indent > 3 || p >= end || (*p != '`' && *p != '~'))
		return 0;
	char c = *p;
	int k = 0;
	while (p < end && *p == c) {
		p++;
		k++;
	}
	if (k < 3)
		return 0;
	*ch = c;
	*n = k;
	return 1;
}

static char *value_dup(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (end - p >= 2 && ((*p == '"' && end[-1] == '"') || (*p == '\'' && end[-1] == '\''))) {
		p++;
		end--;
	}
	return xstrndup(p, (size_t)(end - p));
}

/* Read title, subtitle and date from the front matter lines [p, end). */
static void front_matter(struct md_document *doc, const char *p, const char *end)
{
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon && p < eol && *p != ' ' && *p != '\t') {
			size_t klen = (size_t)(colon - p);
			char **slot = NULL;
			if (klen == 5 && !memcmp(p, "title", 5))
				slot = &doc->title;
			else if (klen == 8 && !memcmp(p, "subtitle", 8))
				slot = &doc->subtitle;
			else if (klen == 4 && !memcmp(p, "date", 4))
				slot = &doc->date;
			if (slot && !*slot) {
				*slot = value_dup(colon + 1, eol);
				if (!**slot) {
					free(*slot);
					*slot = NULL;
				}
			}
		}
		p = eol + 1;
	}
	if (doc->subtitle) {
		/* "Version 1.0.10" -> "1.0.10" */
		const char *s = doc->subtitle;
		const char *v = strcasestr(s, "version");
		if (v) {
			v += 7;
			while (*v == ' ' || *v == '.')
				v++;
			size_t n = 0;
			while (isdigit((unsigned char)v[n]) || (v[n] == '.' && isdigit((unsigned char)v[n + 1])))
				n++;
			if (n)
				doc->label = xstrndup(v, n);
		}
	}
}

int md_split(struct md_document *doc, const char *name, const char *buf, size_t len)
{
	if (len == 0)
		return ct_error_set(CT_EINVALID, "%s: the file is empty", name);
	if (len > MD_MAX_BYTES)
		return ct_error_set(CT_EINVALID, "%s: %zu bytes is more than the %zu KB a guideline document may have",
				    name, len, MD_MAX_BYTES >> 10);
	const char *nul = memchr(buf, '\0', len);
	if (nul) {
		size_t line = 1;
		for (const char *q = buf; q < nul; q++)
			line += *q == '\n';
		return ct_error_set(CT_EINVALID, "%s: binary file (NUL byte at line %zu), not Markdown", name, line);
	}

	const char *p = buf, *end = buf + len;
	size_t line = 1;

	/* Front matter: a first line of "---", up to the next "---" or "...". */
	if (len >= 3 && !memcmp(buf, "---", 3) && (len == 3 || buf[3] == '\n' || buf[3] == '\r')) {
		const char *q = memchr(buf, '\n', len);
		size_t l = 2;
		while (q && q + 1 < end) {
			const char *s = q + 1;
			const char *eol = memchr(s, '\n', (size_t)(end - s));
			const char *e = eol ? eol : end;
			size_t n = (size_t)(e - s);
			if (n && s[n - 1] == '\r')
				n--;
			if ((n == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)))) {
				front_matter(doc, memchr(buf, '\n', len) + 1, s);
				p = eol ? eol + 1 : end;
				line = l + 1;
				break;
			}
			q = eol;
			l++;
		}
	}

	const char *start = buf; /* section 0 starts at the top */
	size_t start_line = 1;
	int level = 0;
	int in_fence = 0, fence_n = 0;
	char fence_ch = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		/* Fast path: most lines start with neither '#', '`', '~' nor a space. */
		char c = *p;
		if (c == '#' || c == '`' || c == '~' || c == ' ') {
			char fc;
			int fn;
			if (in_fence) {
				if (fence(p, next, &fc, &fn) && fc == fence_ch && fn >= fence_n)
					in_fence = 0;
			} else if (fence(p, next, &fc, &fn)) {
				in_fence = 1;
				fence_ch = fc;
				fence_n = fn;
			} else {
				int lv = heading_level(p, next);
				if (lv) {
					push(doc, start, (size_t)(p - start), level, start_line, line - start_line);
					start = p;
					start_line = line;
					level = lv;
				}
			}
		}
		p = next;
		line++;
	}
	size_t lines = line - start_line;
	if (len && buf[len - 1] != '\n' && lines == 0)
		lines = 1;
	push(doc, start, (size_t)(end - start), level, start_line, lines);
	return 0;
}

void md_document_release(struct md_document *doc)
{
	if (!doc)
		return;
	free(doc->sections);
	free(doc->title);
	free(doc->subtitle);
	free(doc->label);
	free(doc->date);
	memset(doc, 0, sizeof(*doc));
}

/* A no-break space (U+00A0) at p: BR history writes one after a section number. */
static int nbsp(const char *p, const char *end)
{
	return end - p >= 2 && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0;
}

void md_section_heading(struct strbuf *number, struct strbuf *title, const struct md_section *s)
{
	strbuf_reset(number);
	strbuf_reset(title);
	if (s->level == 0) {
		strbuf_addstr(title, "Front matter");
		return;
	}
	const char *p = s->text, *end = s->text + s->len;
	const char *eol = memchr(p, '\n', s->len);
	if (eol)
		end = eol;
	while (p < end && *p == ' ')
		p++;
	while (p < end && *p == '#')
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	/* closing sequence of #s, preceded by a space */
	const char *q = end;
	while (q > p && q[-1] == '#')
		q--;
	if (q < end && (q == p || q[-1] == ' ' || q[-1] == '\t')) {
		end = q;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
	}
	/* number: digits and dots, optionally wrapped in emphasis, optional trailing '.' */
	const char *n = p;
	while (n < end && (*n == '*' || *n == '_'))
		n++;
	const char *ns = n;
	while (n < end && (isdigit((unsigned char)*n) || (*n == '.' && n + 1 < end && isdigit((unsigned char)n[1]))))
		n++;
	if (n > ns && isdigit((unsigned char)*ns)) {
		const char *ne = n;
		if (n < end && *n == '.')
			n++;
		if (n == end || *n == ' ' || *n == '\t' || *n == '*' || *n == '_' || nbsp(n, end)) {
			strbuf_add(number, ns, (size_t)(ne - ns));
			while (n < end && (*n == ' ' || *n == '\t' || nbsp(n, end)))
				n += nbsp(n, end) ? 2 : 1;
			p = n;
		}
	}
	strbuf_add(title, p, (size_t)(end - p));
}

int md_check_utf8(const char *name, const char *s, size_t len, size_t first_line)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t line = first_line;
	while (p < end) {
		unsigned char c = *p;
		if (c < 0x80) {
			line += c == '\n';
			p++;
			continue;
		}
		size_t n;
		unsigned int cp;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if ((size_t)(end - p) <= n)
			goto bad;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		p += n + 1;
	}
	return 0;
bad:
	return ct_error_set(CT_EINVALID, "%s: invalid UTF-8 at line %zu (byte 0x%02x); convert the file to UTF-8",
			    name, line, *p);
}

int md_appendix_name(char *out, const char *title)
{
	if (!title || strncasecmp(title, "appendix ", 9) || !isalpha((unsigned char)title[9]) ||
	    isalnum((unsigned char)title[10]))
		return 0;
	snprintf(out, 12, "Appendix %c", toupper((unsigned char)title[9]));
	return 1;
}
