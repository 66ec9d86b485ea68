/*
 * anchor_match.c - the heading a broken anchor most likely meant (see
 * anchor_match.h).
 *
 * The closest anchor of all is found in a trie of the anchors: each trie
 * node holds the Levenshtein row of its prefix against the wanted anchor,
 * computed from its parent's, and a subtree is left out as soon as its
 * row's smallest entry exceeds the distance searched for (no string below
 * can come closer).  The distance searched for grows from 0 until a match
 * is found, so a near miss costs a walk near one path.  An anchor longer
 * than TRIE_MAX_WANT is compared heading by heading instead (only headings
 * whose length is close enough), so that the rows stay small.
 */
#include "tracker/anchor_match.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tracker/base/strbuf.h"

#define TRIE_MAX_WANT 512

struct tnode {
	uint32_t child, sibling; /* 0: none (node 0 is the root, never a child) */
	long idx;                /* the heading whose anchor ends here, else -1 */
	unsigned char ch;
};

struct anchor_match {
	char **anchors;
	size_t *lens;
	size_t n;
	json_t *words;  /* an anchor's words (after "NNN-") -> first heading index */
	json_t *digits; /* a number's digits ("3.2.2.4" -> "3224") -> [heading index...] */
	struct tnode *nodes;
	size_t nr, alloc;
};

/* The section number's digits ("3.2.2.4" -> "3224") into buf (size n). */
static void number_digits(char *buf, size_t n, const char *number)
{
	size_t k = 0;
	for (const char *p = number; p && *p && k + 1 < n; p++)
		if (isdigit((unsigned char)*p))
			buf[k++] = *p;
	buf[k] = '\0';
}

static uint32_t node_new(struct anchor_match *m, unsigned char ch)
{
	if (m->nr == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 64;
		m->nodes = xrealloc(m->nodes, m->alloc * sizeof(*m->nodes));
	}
	m->nodes[m->nr] = (struct tnode){ 0, 0, -1, ch };
	return (uint32_t)m->nr++;
}

static void trie_add(struct anchor_match *m, const char *s, long idx)
{
	uint32_t at = 0;
	for (; *s; s++) {
		uint32_t c = m->nodes[at].child, last = 0;
		while (c && m->nodes[c].ch != (unsigned char)*s) {
			last = c;
			c = m->nodes[c].sibling;
		}
		if (!c) {
			c = node_new(m, (unsigned char)*s);
			if (last)
				m->nodes[last].sibling = c;
			else
				m->nodes[at].child = c;
		}
		at = c;
	}
	if (m->nodes[at].idx < 0)
		m->nodes[at].idx = idx;
}

struct anchor_match *anchor_match_new(const char *const *anchors, const char *const *numbers, size_t n)
{
	struct anchor_match *m = xcalloc(1, sizeof(*m));
	m->anchors = xcalloc(n ? n : 1, sizeof(*m->anchors));
	m->lens = xcalloc(n ? n : 1, sizeof(*m->lens));
	m->n = n;
	m->words = json_object();
	m->digits = json_object();
	node_new(m, 0);
	for (size_t i = 0; i < n; i++) {
		const char *s = anchors[i];
		if (!s)
			continue;
		m->anchors[i] = xstrdup(s);
		m->lens[i] = strlen(s);
		trie_add(m, s, (long)i);
		size_t sl = strspn(s, "0123456789");
		if (sl && s[sl] == '-' && !json_object_get(m->words, s + sl + 1))
			json_object_set_new_nocheck(m->words, s + sl + 1, json_integer((json_int_t)i));
		char digits[32];
		number_digits(digits, sizeof(digits), numbers[i]);
		if (*digits) {
			json_t *list = json_object_get(m->digits, digits);
			if (!list) {
				list = json_array();
				json_object_set_new_nocheck(m->digits, digits, list);
			}
			json_array_append_new(list, json_integer((json_int_t)i));
		}
	}
	return m;
}

void anchor_match_free(struct anchor_match *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->anchors[i]);
	free(m->anchors);
	free(m->lens);
	json_decref(m->words);
	json_decref(m->digits);
	free(m->nodes);
	free(m);
}

/* Levenshtein distance between a and b. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t *row = xmalloc((nb + 1) * sizeof(*row));
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[nb];
	free(row);
	return d;
}

/* The search for the closest anchor: the best so far, and one distance row per trie depth. */
struct search {
	const struct anchor_match *m;
	const char *want;
	size_t len;    /* strlen(want) */
	size_t limit;  /* the largest distance taken in this round */
	size_t best_d; /* the best distance so far (SIZE_MAX before any) */
	long best;
	uint32_t *rows; /* rows[depth * (len + 1) + j] */
	size_t depths;  /* rows allocated */
};

static void found(struct search *s, long idx, size_t d)
{
	if (d < s->best_d || (d == s->best_d && idx < s->best)) {
		s->best_d = d;
		s->best = idx;
	}
}

#define FAR (UINT32_MAX / 4) /* a distance beyond any bound */

/*
 * Visit the children of trie node `at`, whose row (depth `depth`) is
 * computed.  Only the band of a row within s->limit of the diagonal is
 * computed (a cell farther off is farther than the limit); the cells just
 * outside it are set FAR for the next row to read.
 */
static void visit(struct search *s, uint32_t at, size_t depth)
{
	size_t w = s->len + 1, b = s->limit, d1 = depth + 1;
	if (d1 > s->len + b)
		return;
	if (depth + 2 > s->depths) {
		s->depths = 2 * (depth + 2);
		s->rows = xrealloc(s->rows, s->depths * w * sizeof(*s->rows));
	}
	size_t lo = d1 > b ? d1 - b : 1, hi = d1 + b < s->len ? d1 + b : s->len;
	int next = depth < s->len ? (unsigned char)s->want[depth] : -1;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t c = s->m->nodes[at].child; c; c = s->m->nodes[c].sibling) {
			const struct tnode *t = &s->m->nodes[c];
			if ((t->ch == next) != (pass == 0))
				continue;
			const uint32_t *up = s->rows + depth * w;
			uint32_t *row = s->rows + d1 * w;
			row[0] = (uint32_t)d1;
			if (lo > 1)
				row[lo - 1] = FAR;
			if (hi < s->len)
				row[hi + 1] = FAR;
			uint32_t low = row[0];
			for (size_t j = lo; j <= hi; j++) {
				uint32_t v = up[j - 1] + ((unsigned char)s->want[j - 1] != t->ch);
				if (up[j] + 1 < v)
					v = up[j] + 1;
				if (row[j - 1] + 1 < v)
					v = row[j - 1] + 1;
				row[j] = v;
				if (v < low)
					low = v;
			}
			if (t->idx >= 0 && hi == s->len && row[s->len] <= b)
				found(s, t->idx, row[s->len]);
			if (low <= b)
				visit(s, c, d1);
		}
	}
}

/*
 * The closest anchor within `limit`, into s->best (-1 when none): the
 * trie searched for distance 0, then 1, and so on, so that a close match
 * is found without looking at what lies farther (each round costs a
 * fraction of the next).
 */
static void closest(struct search *s, size_t limit)
{
	if (s->len > TRIE_MAX_WANT) {
		for (size_t i = 0; i < s->m->n; i++) {
			size_t l = s->m->lens[i];
			size_t gap = l > s->len ? l - s->len : s->len - l;
			if (s->m->anchors[i] && gap <= limit && gap <= s->best_d) {
				size_t d = edit_distance(s->want, s->m->anchors[i]);
				if (d <= limit)
					found(s, (long)i, d);
			}
		}
		return;
	}
	s->depths = 16;
	s->rows = xmalloc(s->depths * (s->len + 1) * sizeof(*s->rows));
	for (size_t j = 0; j <= s->len; j++)
		s->rows[j] = (uint32_t)j;
	for (s->limit = 0; s->limit <= limit && s->best < 0; s->limit++) {
		if (s->m->nodes[0].idx >= 0 && s->len <= s->limit) /* the empty anchor */
			found(s, s->m->nodes[0].idx, s->len);
		visit(s, 0, 0);
	}
	free(s->rows);
}

long anchor_match_meant(struct anchor_match *m, const char *want, const char **why)
{
	size_t lead = strspn(want, "0123456789");
	const char *words = want[lead] == '-' && lead ? want + lead + 1 : want;
	if (lead) {
		json_t *r = json_object_get(m->words, words);
		if (r) {
			*why = "the same heading under another number";
			return (long)json_integer_value(r);
		}
		json_t *list = NULL;
		char digits[32];
		if (lead < sizeof(digits)) {
			memcpy(digits, want, lead);
			digits[lead] = '\0';
			list = json_object_get(m->digits, digits);
		}
		long same = -1;
		size_t same_d = (size_t)-1;
		json_t *v;
		size_t i;
		json_array_foreach(list, i, v) {
			long k = (long)json_integer_value(v);
			size_t d = edit_distance(want, m->anchors[k]);
			if (d < same_d) {
				same = k;
				same_d = d;
			}
		}
		if (same >= 0) {
			*why = "the section with that number";
			return same;
		}
	}
	*why = "the closest anchor";
	struct search s = { m, want, strlen(want), 0, (size_t)-1, -1, NULL, 0 };
	closest(&s, s.len / 3);
	return s.best;
}
