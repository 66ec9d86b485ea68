/*
 * json_split.c - long JSON string values decoded apart from jansson (see
 * json_split.h).
 *
 * The rules are jansson's (2.14, lex_scan_string and its UTF-8 checks):
 * no byte below 0x20, strict UTF-8 (no overlong form, no surrogate, nothing
 * above U+10FFFF), the escapes \" \\ \/ \b \f \n \r \t and \uXXXX, a high
 * surrogate escape followed by a low one, no lone low surrogate.  "\u0000"
 * is refused here, as jansson refuses it without JSON_ALLOW_NUL: the
 * placeholders are then the only strings of a skeleton that hold NUL.
 */
#include "importers/json_split.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOT_SURE ((size_t)-1)

/* Bytes that stand for themselves inside a string: printable ASCII but '"' and '\\'. */
static int plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

static int hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits at d[i..i+4) (before `end`) as a number, or -1. */
static long hex4(const unsigned char *d, size_t end, size_t i)
{
	if (end - i < 4)
		return -1;
	long v = 0;
	for (size_t k = 0; k < 4; k++) {
		int h = hex(d[i + k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The length of the one strict UTF-8 sequence at d[0..n) (n > 0, d[0] >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *d, size_t n)
{
	unsigned char c = d[0], lo = 0x80, hi = 0xBF;
	size_t len;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;          /* overlong */
		else if (c == 0xED)
			hi = 0x9F;          /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;          /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;          /* above U+10FFFF */
	} else
		return 0;
	if (n < len || d[1] < lo || d[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (d[k] < 0x80 || d[k] > 0xBF)
			return 0;
	return len;
}

/* Write code point u (1..0x10FFFF, no surrogate) as UTF-8 at out (when not NULL); its length. */
static size_t utf8_put(char *out, long u)
{
	unsigned char b[4];
	size_t n;
	if (u < 0x80) {
		b[0] = (unsigned char)u;
		n = 1;
	} else if (u < 0x800) {
		b[0] = (unsigned char)(0xC0 | (u >> 6));
		b[1] = (unsigned char)(0x80 | (u & 0x3F));
		n = 2;
	} else if (u < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (u >> 12));
		b[1] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (u & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (u >> 18));
		b[1] = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (u & 0x3F));
		n = 4;
	}
	if (out)
		memcpy(out, b, n);
	return n;
}

/*
 * Decode the string text d[i..end) (end: its closing quote) into out when
 * not NULL (room for end - i bytes: decoding never makes a string
 * longer); its decoded length, or NOT_SURE.
 */
static size_t decode(char *out, const unsigned char *d, size_t i, size_t end)
{
	static const char escapes[128] = {
		['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
	};
	size_t o = 0;
	while (i < end) {
		unsigned char c = d[i];
		if (plain(c)) {
			size_t s = i;
			while (i < end && plain(d[i]))
				i++;
			if (out)
				memcpy(out + o, d + s, i - s);
			o += i - s;
		} else if (c >= 0x80) {
			size_t n = utf8_len(d + i, end - i);
			if (!n)
				return NOT_SURE;
			if (out)
				memcpy(out + o, d + i, n);
			o += n;
			i += n;
		} else if (c != '\\' || i + 1 >= end) {
			return NOT_SURE;    /* a control character, or a '"' before the end */
		} else if (d[i + 1] == 'u') {
			long u = hex4(d, end, i + 2);
			i += 6;
			if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
				return NOT_SURE;   /* bad, "\u0000" or a lone low surrogate */
			if (u >= 0xD800 && u <= 0xDBFF) {
				long u2 = i + 1 < end && d[i] == '\\' && d[i + 1] == 'u' ? hex4(d, end, i + 2) : -1;
				if (u2 < 0xDC00 || u2 > 0xDFFF)
					return NOT_SURE;
				i += 6;
				u = ((u - 0xD800) << 10) + (u2 - 0xDC00) + 0x10000;
			}
			o += utf8_put(out ? out + o : NULL, u);
		} else if (d[i + 1] < 128 && escapes[d[i + 1]]) {
			if (out)
				out[o] = escapes[d[i + 1]];
			o++;
			i += 2;
		} else {
			return NOT_SURE;
		}
	}
	return i == end ? o : NOT_SURE;
}

/* The index of the quote that closes the string whose text starts at d[i], or NOT_SURE. */
static size_t string_end(const unsigned char *d, size_t len, size_t i)
{
	size_t from = i;
	for (;;) {
		const unsigned char *q = i < len ? memchr(d + i, '"', len - i) : NULL;
		if (!q)
			return NOT_SURE;
		size_t k = (size_t)(q - d), b = k;
		while (b > from && d[b - 1] == '\\')
			b--;
		if ((k - b) % 2 == 0)
			return k;
		i = k + 1;
	}
}

/* Does a ':' (and only JSON white space) come right before d[i]? */
static int after_colon(const unsigned char *d, size_t i)
{
	while (i > 0 && (d[i - 1] == ' ' || d[i - 1] == '\t' || d[i - 1] == '\n' || d[i - 1] == '\r'))
		i--;
	return i > 0 && d[i - 1] == ':';
}

int json_split(struct json_split *out, const char *data, size_t len, size_t min_len)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t i = 0, from = 0;
	while (i < len) {
		const unsigned char *q = memchr(d + i, '"', len - i);
		if (!q)
			break;
		size_t s = (size_t)(q - d), e = string_end(d, len, s + 1);
		if (e == NOT_SURE)
			goto whole;
		int take = e - s - 1 >= min_len && after_colon(d, s);
		char *buf = take ? xmalloc(e - s) : NULL;
		size_t n = decode(buf, d, s + 1, e);
		if (n == NOT_SURE) {
			free(buf);
			goto whole;
		}
		if (take) {
			buf[n] = '\0';
			if (out->n == out->alloc) {
				out->alloc = out->alloc ? out->alloc * 2 : 64;
				out->strings = xrealloc(out->strings, out->alloc * sizeof(*out->strings));
			}
			strbuf_add(&out->skeleton, d + from, s - from);
			strbuf_addf(&out->skeleton, "\"\\u0000%zu\"", out->n);
			out->strings[out->n++] = buf;
			from = e + 1;
		}
		i = e + 1;
	}
	strbuf_add(&out->skeleton, d + from, len - from);
	return 1;
whole:
	json_split_release(out);
	return 0;
}

/* The index of placeholder v in s, or -1 when v is no placeholder. */
static long placeholder(const struct json_split *s, const json_t *v)
{
	const char *t = json_string_value(v);
	if (!s || !t || json_string_length(v) < 2 || t[0] != '\0')
		return -1;
	char *end;
	unsigned long k = strtoul(t + 1, &end, 10);
	return *end == '\0' && k < s->n ? (long)k : -1;
}

const char *json_split_value(const struct json_split *s, const json_t *v)
{
	long k = placeholder(s, v);
	return k >= 0 ? s->strings[k] : json_string_value(v);
}

char *json_split_take(struct json_split *s, const json_t *v)
{
	long k = placeholder(s, v);
	if (k < 0) {
		const char *t = json_string_value(v);
		return t ? xstrdup(t) : NULL;
	}
	char *t = s->strings[k];
	s->strings[k] = NULL;
	return t;
}

void json_split_release(struct json_split *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->strings[i]);
	free(s->strings);
	strbuf_release(&s->skeleton);
	s->strings = NULL;
	s->n = s->alloc = 0;
}
