/*
 * typography.c - fold typographic variants to ASCII (see typography.h).
 *
 * Invariants: every folded character is a 2- or 3-byte UTF-8 sequence
 * replaced by one ASCII byte, so the folded text is never longer than the
 * input; anything else, invalid UTF-8 included, is copied byte for byte.
 */
#include "tracker/base/typography.h"

/* The ASCII form of the character at s[i] and its length in *n, or 0. */
static char folded_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0xa0) {
		*n = 2;
		return ' ';
	}
	if (s[i] != 0xe2 || i + 2 >= len)
		return 0;
	unsigned int cp = ((s[i] & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
	if ((s[i + 1] & 0xc0) != 0x80 || (s[i + 2] & 0xc0) != 0x80)
		return 0;
	char c = 0;
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
		c = '-';
	else if ((cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f)
		c = ' ';
	else if ((cp >= 0x2018 && cp <= 0x201b) || cp == 0x2032)
		c = '\'';
	else if ((cp >= 0x201c && cp <= 0x201f) || cp == 0x2033)
		c = '"';
	if (c)
		*n = 3;
	return c;
}

int typo_has(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	for (size_t i = 0; i < len; i++)
		if ((p[i] == 0xc2 || p[i] == 0xe2) && folded_at(p, len, i, &n))
			return 1;
	return 0;
}

void typo_fold(struct strbuf *out, size_t **map, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t *m = map ? xmalloc((len + 1) * sizeof(*m)) : NULL;
	size_t k = 0;
	strbuf_grow(out, len);
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		char c = (p[i] == 0xc2 || p[i] == 0xe2) ? folded_at(p, len, i, &n) : 0;
		strbuf_addch(out, c ? c : s[i]);
		if (m)
			m[k] = i;
		k++;
		i += c ? n : 1;
	}
	if (m) {
		m[k] = len;
		*map = m;
	}
}
