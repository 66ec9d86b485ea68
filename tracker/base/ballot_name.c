/*
 * ballot_name.c - one ballot however it is spelled (see ballot_name.h):
 * normalising a spelling to its key and finding spellings in free text.
 */
#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIGITS 6 /* the longest ballot number taken */
#define MAX_VERSION_DIGITS 3

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Spelled prefixes and the key prefix each stands for. */
static const struct {
	const char *spelled;
	const char *key;
} prefixes[] = {
	{ "SMC", "SMC" },
	{ "SC", "SC" },
	{ "CSC", "CSC" },
	{ "CSCWG", "CSC" },
	{ "NS", "NS" },
	{ "FORUM", "FORUM" },
};

/* One ballot spelling as scanned: key prefix ("" for a bare number) and number. */
struct ballot {
	const char *prefix;
	long number;
};

/* Do the `n` bytes at s spell the upper-case word w, ignoring case? */
static int word_is(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (toupper((unsigned char)s[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

/* Letters at s[i..n), at most `max` + 1 counted. */
static size_t letters_at(const char *s, size_t n, size_t i, size_t max)
{
	size_t k = 0;
	while (i + k < n && k <= max && isalpha((unsigned char)s[i + k]))
		k++;
	return k;
}

/* 1..MAX_DIGITS digits at s[*pi] with a non-zero value; advances. */
static int read_number(const char *s, size_t n, size_t *pi, long *value)
{
	size_t i = *pi, k = 0;
	long v = 0;
	while (i < n && isdigit((unsigned char)s[i])) {
		if (++k > MAX_DIGITS)
			return 0;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (k == 0 || v == 0)
		return 0;
	*value = v;
	*pi = i;
	return 1;
}

/*
 * A draft version after the number: 'v' and digits, optionally after '-' or
 * '_' (or a space when allow_space).  Returns the index after it, or i when
 * there is none.
 */
static size_t skip_version(const char *s, size_t n, size_t i, int allow_space)
{
	size_t j = i, k = 0;
	if (j < n && (s[j] == '-' || s[j] == '_' || (allow_space && s[j] == ' ')))
		j++;
	if (j >= n || (s[j] != 'v' && s[j] != 'V'))
		return i;
	j++;
	while (j < n && isdigit((unsigned char)s[j]) && k <= MAX_VERSION_DIGITS)
		j++, k++;
	if (k == 0 || k > MAX_VERSION_DIGITS)
		return i;
	return j;
}

/*
 * A ballot name starting at s[i]: a known prefix (or, with allow_bare, no
 * prefix), an optional separator, the number and an optional draft
 * version.  Returns the index after it, or 0 when there is none.
 */
static size_t scan_name(const char *s, size_t n, size_t i, int allow_space, int allow_bare,
			struct ballot *b)
{
	size_t k = letters_at(s, n, i, 5);
	b->prefix = NULL;
	if (k == 0) {
		if (!allow_bare)
			return 0;
		b->prefix = "";
	}
	for (size_t p = 0; k && p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
		if (word_is(s + i, k, prefixes[p].spelled))
			b->prefix = prefixes[p].key;
	if (!b->prefix)
		return 0;
	i += k;
	if (k && i + 1 < n && isdigit((unsigned char)s[i + 1]) &&
	    (s[i] == '-' || s[i] == '_' || (allow_space && s[i] == ' ')))
		i++;
	if (!read_number(s, n, &i, &b->number))
		return 0;
	if (k)
		i = skip_version(s, n, i, allow_space);
	return i;
}

/* May a name found in free text end at s[i]? Not inside a word or a version number. */
static int name_ends_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 1;
	if (isalnum((unsigned char)s[i]))
		return 0;
	if (s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))
		return 0;
	return 1;
}

/* Separators after the word "Ballot": white space, '_', '-', ':'. */
static int is_ballot_sep(unsigned char c)
{
	return is_space(c) || c == '_' || c == '-' || c == ':';
}

int ballot_name_normalize(char *out, size_t outsz, const char *in)
{
	if (!in)
		return ct_error_set(CT_EINVALID, "not a ballot name: (null)");
	size_t b = 0, e = strlen(in);
	while (b < e && is_space((unsigned char)in[b]))
		b++;
	while (e > b && is_space((unsigned char)in[e - 1]))
		e--;
	if (e - b > 6 && word_is(in + b, 6, "BALLOT") &&
	    (is_ballot_sep((unsigned char)in[b + 6]) || isdigit((unsigned char)in[b + 6]))) {
		b += 6;
		while (b < e && is_ballot_sep((unsigned char)in[b]))
			b++;
	}
	struct ballot bal;
	if (e == b || scan_name(in + b, e - b, 0, 1, 1, &bal) != e - b)
		return ct_error_set(CT_EINVALID, "not a ballot name: '%.100s'", in);
	if (!out || outsz == 0)
		return ct_error_set(CT_ERROR, "no room for the key of ballot '%.100s'", in);
	int n = snprintf(out, outsz, "%s%ld", bal.prefix, bal.number);
	if (n < 0 || (size_t)n >= outsz)
		return ct_error_set(CT_ERROR, "no room for the key of ballot '%.100s'", in);
	return 0;
}

int ballot_name_find(size_t *start, size_t *len, const char *text, size_t from)
{
	return text ? ballot_name_findn(start, len, text, strlen(text), from) : CT_ENOTFOUND;
}

/*
 * Can a name found in free text start with c?  Only "Ballot" or a spelled
 * prefix can (a bare number needs "Ballot" before it): most words of prose
 * are turned away by their first letter, before they are scanned.
 */
static int may_start_name(char c)
{
	int u = toupper((unsigned char)c);
	if (u == 'B')
		return 1;
	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
		if (prefixes[p].spelled[0] == u)
			return 1;
	return 0;
}

int ballot_name_findn(size_t *start, size_t *len, const char *text, size_t n, size_t from)
{
	size_t i = from;
	if (from > n)
		return CT_ENOTFOUND;
	while (i < n) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		if ((i == 0 || !isalnum((unsigned char)text[i - 1])) && may_start_name(text[i])) {
			struct ballot bal;
			size_t end;
			size_t k = letters_at(text, n, i, 6);
			if (k == 6 && word_is(text + i, 6, "BALLOT")) {
				size_t j = i + 6, seps = 0;
				while (j < n && seps < 4 && is_ballot_sep((unsigned char)text[j]))
					j++, seps++;
				if (seps > 0 && (end = scan_name(text, n, j, 1, 1, &bal)) &&
				    name_ends_at(text, n, end)) {
					*start = j;
					*len = end - j;
					return 0;
				}
			} else if ((end = scan_name(text, n, i, 0, 0, &bal)) && name_ends_at(text, n, end)) {
				*start = i;
				*len = end - i;
				return 0;
			}
		}
		while (i < n && isalnum((unsigned char)text[i]))
			i++;
	}
	return CT_ENOTFOUND;
}

int ballot_name_display(char *out, size_t outsz, const char *in)
{
	char key[32];
	int rc = ballot_name_normalize(key, sizeof(key), in);
	if (rc < 0)
		return rc;
	size_t p = 0;
	while (isalpha((unsigned char)key[p]))
		p++;
	long number = strtol(key + p, NULL, 10);
	int n;
	if (p == 3 && !memcmp(key, "SMC", 3))
		n = snprintf(out, outsz, "SMC0%ld", number);   /* SMC05, SMC09, SMC010, SMC012 */
	else if ((p == 2 && !memcmp(key, "SC", 2)) || (p == 2 && !memcmp(key, "NS", 2)))
		n = snprintf(out, outsz, "%.2s%03ld", key, number); /* SC081, NS003 */
	else
		n = snprintf(out, outsz, "%s", key);               /* CSC25, FORUM9, 193 */
	if (n < 0 || (size_t)n >= outsz)
		return ct_error_set(CT_ERROR, "no room for the name of ballot '%.100s'", in);
	return 0;
}
