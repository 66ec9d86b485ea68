/*
 * wdiff.c - word-level diff of two texts (see wdiff.h).
 *
 * Owns the tokenizer, the diff and the cleanup.  The steps:
 *  1. cut both texts into tokens (an array of start offsets per text);
 *  2. drop the tokens the two texts share at the start and at the end;
 *  3. number the remaining tokens so that equal tokens share one id (a hash
 *     table on XXH3-64, with a byte comparison when hashes match, so equal
 *     ids mean equal bytes);
 *  4. Myers' O(ND) diff in linear space (bisect on the middle snake, then
 *     recurse on both halves) over the ids, marking deleted and inserted
 *     tokens; past the work bound the whole middle is marked changed;
 *  5. walk the marks into hunks (equal runs and changes), absorb
 *     white-space-only equal runs between changes, emit the segments.
 *
 * Invariants:
 *  - A token is never empty; tokens of one text tile it exactly, so a hunk
 *    is a byte range of old and a byte range of new.
 *  - The marks always describe a valid edit script (every unmarked old
 *    token pairs with the unmarked new token of the same rank), so the
 *    segments rebuild both texts whatever the diff decided.
 *  - Work is counted (diagonals visited, tokens compared, scratch cells
 *    cleared) and checked once per edit step of a bisection, so a diff
 *    stops soon after max_cost units; one unit is a few nanoseconds.
 */
#include "tracker/wdiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

enum char_class { C_WORD, C_SPACE, C_PUNCT };

static enum char_class char_class(unsigned char c)
{
	if (c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return C_WORD;
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return C_SPACE;
	return C_PUNCT;
}

/* Token i of a text is s[start[i] .. start[i + 1]); start[nr] is the length. */
struct tokens {
	const char *s;
	size_t *start;
	size_t nr;
};

static void tokenize(struct tokens *t, const char *s, size_t len)
{
	size_t alloc = len / 4 + 2;
	size_t i = 0;

	t->s = s;
	t->nr = 0;
	t->start = xmalloc(alloc * sizeof(*t->start));
	while (i < len) {
		enum char_class c = char_class(s[i]);

		if (t->nr + 2 > alloc) {
			alloc *= 2;
			t->start = xrealloc(t->start, alloc * sizeof(*t->start));
		}
		t->start[t->nr++] = i++;
		if (c != C_PUNCT)
			while (i < len && char_class(s[i]) == c)
				i++;
	}
	t->start[t->nr] = len;
}

static size_t tok_len(const struct tokens *t, size_t i)
{
	return t->start[i + 1] - t->start[i];
}

static int tok_eq(const struct tokens *a, size_t i, const struct tokens *b, size_t j)
{
	size_t len = tok_len(a, i);
	return len == tok_len(b, j) && !memcmp(a->s + a->start[i], b->s + b->start[j], len);
}

/* Token numbering: equal bytes get equal ids. */
struct intern_slot {
	uint64_t hash;
	uint32_t id1;   /* id + 1; 0 = empty slot */
};

struct intern {
	struct intern_slot *slot;
	size_t mask;
	const char **rep;   /* rep[id], rep_len[id]: the bytes of the token with that id */
	size_t *rep_len;
	uint32_t nr;
};

static uint32_t intern_token(struct intern *in, const char *p, size_t len)
{
	uint64_t h = XXH3_64bits(p, len);
	size_t i = (size_t)h & in->mask;

	for (;; i = (i + 1) & in->mask) {
		struct intern_slot *sl = &in->slot[i];
		uint32_t id;

		if (!sl->id1) {
			id = in->nr++;
			sl->hash = h;
			sl->id1 = id + 1;
			in->rep[id] = p;
			in->rep_len[id] = len;
			return id;
		}
		id = sl->id1 - 1;
		if (sl->hash == h && in->rep_len[id] == len && !memcmp(in->rep[id], p, len))
			return id;
	}
}

/* Number tokens t[first .. first + n) into ids[0 .. n). */
static void intern_range(uint32_t *ids, struct intern *in, const struct tokens *t, size_t first, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ids[i] = intern_token(in, t->s + t->start[first + i], tok_len(t, first + i));
}

/* The state of one Myers diff over token ids. */
struct diff {
	const uint32_t *a, *b;   /* ids of the old and new tokens */
	unsigned char *ca, *cb;  /* set to 1: a[i] is deleted, b[j] is inserted */
	ptrdiff_t *v1, *v2;      /* furthest reach per diagonal, forward and backward */
	size_t work, max_work;
};

/* One direction of the middle-snake search: a box side by side with its v array. */
struct reach {
	ptrdiff_t *v;       /* v[off + k]: furthest x reached on diagonal k, -1 before any */
	ptrdiff_t klo, khi; /* diagonals skipped at each end because their paths left the box */
	int rev;            /* walks from the bottom-right corner, x and y counted from there */
};

/*
 * Take the path on diagonal k (of -e..e) one edit further, then along its
 * snake of equal tokens.  Returns the x reached, or -1 when the path left
 * the box (the diagonal range then narrows at that end).
 */
static inline ptrdiff_t reach_step(struct diff *d, struct reach *r, ptrdiff_t *p, ptrdiff_t k, ptrdiff_t e,
				   const uint32_t *a, ptrdiff_t n, const uint32_t *b, ptrdiff_t m)
{
	ptrdiff_t x = (k == -e || (k != e && p[-1] < p[1])) ? p[1] : p[-1] + 1;
	ptrdiff_t y = x - k, x0 = x;

	if (r->rev)
		while (x < n && y < m && a[n - 1 - x] == b[m - 1 - y])
			x++, y++;
	else
		while (x < n && y < m && a[x] == b[y])
			x++, y++;
	*p = x;
	d->work += 1 + (size_t)(x - x0);
	if (x > n) {
		r->khi += 2;
		return -1;
	}
	if (y > m) {
		r->klo += 2;
		return -1;
	}
	return x;
}

/*
 * Find where an optimal edit path through the box a[lo1..hi1) x b[lo2..hi2)
 * crosses its middle (Myers' middle snake): grow paths forward from the
 * top-left corner and backward from the bottom-right one, one edit at a
 * time, until a forward path reaches past a backward one on the same
 * diagonal (k = x - y; the backward diagonal delta - k).  Both ends of the
 * box must differ.  Sets *sx, *sy to a point strictly inside the box and
 * returns 1; returns 0 when the two have no token in common, -1 when the
 * work bound is spent.  An unreached diagonal holds -1, which never passes
 * the overlap tests (they need x <= n).
 */
static int bisect(struct diff *d, size_t *sx, size_t *sy, size_t lo1, size_t hi1, size_t lo2, size_t hi2)
{
	const uint32_t *a = d->a + lo1, *b = d->b + lo2;
	ptrdiff_t n = hi1 - lo1, m = hi2 - lo2;
	ptrdiff_t maxd = (n + m + 1) / 2, off = maxd + 1, vlen = 2 * maxd + 3;
	ptrdiff_t delta = n - m;
	int front = delta % 2 != 0;
	struct reach f = { d->v1, 0, 0, 0 }, r = { d->v2, 0, 0, 1 };

	for (ptrdiff_t i = 0; i < vlen; i++)
		f.v[i] = r.v[i] = -1;
	d->work += vlen;
	f.v[off + 1] = r.v[off + 1] = 0;
	for (ptrdiff_t e = 0; e < maxd; e++) {
		for (ptrdiff_t k = -e + f.klo; k <= e - f.khi; k += 2) {
			ptrdiff_t x = reach_step(d, &f, f.v + off + k, k, e, a, n, b, m);

			if (x >= 0 && front && (size_t)(off + delta - k) < (size_t)vlen &&
			    x >= n - r.v[off + delta - k]) {
				*sx = lo1 + x;
				*sy = lo2 + x - k;
				return 1;
			}
		}
		for (ptrdiff_t k = -e + r.klo; k <= e - r.khi; k += 2) {
			ptrdiff_t x = reach_step(d, &r, r.v + off + k, k, e, a, n, b, m);

			if (x >= 0 && !front && (size_t)(off + delta - k) < (size_t)vlen &&
			    f.v[off + delta - k] >= n - x) {
				ptrdiff_t fx = f.v[off + delta - k];

				*sx = lo1 + fx;
				*sy = lo2 + fx - (delta - k);
				return 1;
			}
		}
		if (d->work > d->max_work)
			return -1;
	}
	return 0;
}

/* Mark the changes between a[lo1..hi1) and b[lo2..hi2).  0, or -1 past the work bound. */
static int compare(struct diff *d, size_t lo1, size_t hi1, size_t lo2, size_t hi2)
{
	size_t x, y;
	int rc;

	d->work += 1 + (hi1 - lo1);
	while (lo1 < hi1 && lo2 < hi2 && d->a[lo1] == d->b[lo2])
		lo1++, lo2++;
	while (lo1 < hi1 && lo2 < hi2 && d->a[hi1 - 1] == d->b[hi2 - 1])
		hi1--, hi2--;
	if (lo1 == hi1 || lo2 == hi2) {
		memset(d->ca + lo1, 1, hi1 - lo1);
		memset(d->cb + lo2, 1, hi2 - lo2);
		return 0;
	}
	rc = bisect(d, &x, &y, lo1, hi1, lo2, hi2);
	if (rc < 0)
		return -1;
	/* A split on the box's corner would recurse for ever: never expected, treated as no match. */
	if (!rc || (x == lo1 && y == lo2) || (x == hi1 && y == hi2)) {
		memset(d->ca + lo1, 1, hi1 - lo1);
		memset(d->cb + lo2, 1, hi2 - lo2);
		return 0;
	}
	if (compare(d, lo1, x, lo2, y) < 0)
		return -1;
	return compare(d, x, hi1, y, hi2);
}

/*
 * Mark changed tokens among ta[a0 .. a0 + na) (into ca[0 .. na)) and
 * tb[b0 .. b0 + nb) (into cb[0 .. nb)).  Past the work bound every one of
 * them is marked.
 */
static void diff_middle(unsigned char *ca, unsigned char *cb, const struct tokens *ta, size_t a0, size_t na,
			const struct tokens *tb, size_t b0, size_t nb, size_t max_work)
{
	struct diff d = { 0 };
	struct intern in = { 0 };
	size_t nt = na + nb, cap = 16;
	size_t maxd = (nt + 1) / 2;
	uint32_t *ids;

	if (!na || !nb || nt >= UINT32_MAX)
		goto all_changed;

	while (cap < 2 * nt)
		cap <<= 1;
	in.slot = xcalloc(cap, sizeof(*in.slot));
	in.mask = cap - 1;
	in.rep = xmalloc(nt * sizeof(*in.rep));
	in.rep_len = xmalloc(nt * sizeof(*in.rep_len));
	ids = xmalloc(nt * sizeof(*ids));
	intern_range(ids, &in, ta, a0, na);
	intern_range(ids + na, &in, tb, b0, nb);
	free(in.slot);
	free(in.rep);
	free(in.rep_len);

	d.a = ids;
	d.b = ids + na;
	d.ca = ca;
	d.cb = cb;
	d.v1 = xmalloc((2 * maxd + 3) * sizeof(*d.v1));
	d.v2 = xmalloc((2 * maxd + 3) * sizeof(*d.v2));
	d.max_work = max_work;
	int rc = compare(&d, 0, na, 0, nb);
	free(d.v1);
	free(d.v2);
	free(ids);
	if (!rc)
		return;
all_changed:
	memset(ca, 1, na);
	memset(cb, 1, nb);
}

/* A run of the texts: equal (old[o0..o1) == new[n0..n1)) or a change. */
struct hunk {
	size_t o0, o1, n0, n1;
	int same;
};

static int all_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (char_class(s[i]) != C_SPACE)
			return 0;
	return 1;
}

/*
 * Turn the marks into hunks, absorbing each white-space-only equal hunk
 * that stands between two changes when the merged change both deletes and
 * inserts.  Returns the hunk array (caller frees) and sets *nr.
 */
static struct hunk *make_hunks(size_t *nr, const struct tokens *ta, const unsigned char *ca,
			       const struct tokens *tb, const unsigned char *cb)
{
	size_t na = ta->nr, nb = tb->nr, i = 0, j = 0, n = 0, alloc = 16;
	struct hunk *h = xmalloc(alloc * sizeof(*h));

	while (i < na || j < nb) {
		struct hunk cur = { ta->start[i], 0, tb->start[j], 0, 0 };

		if (i < na && j < nb && !ca[i] && !cb[j]) {
			cur.same = 1;
			while (i < na && j < nb && !ca[i] && !cb[j])
				i++, j++;
		} else {
			/* Once one side is used up, the rest of the other side is changed. */
			while (i < na && (ca[i] || j == nb))
				i++;
			while (j < nb && (cb[j] || i == na))
				j++;
		}
		cur.o1 = ta->start[i];
		cur.n1 = tb->start[j];

		if (!cur.same && n >= 2 && !h[n - 2].same && h[n - 1].same &&
		    all_space(ta->s + h[n - 1].o0, h[n - 1].o1 - h[n - 1].o0) &&
		    cur.o1 > h[n - 2].o0 + (h[n - 1].o1 - h[n - 1].o0) &&
		    cur.n1 > h[n - 2].n0 + (h[n - 1].n1 - h[n - 1].n0)) {
			/* The merged change deletes and inserts more than the white space. */
			h[n - 2].o1 = cur.o1;
			h[n - 2].n1 = cur.n1;
			n--;
			continue;
		}
		if (n == alloc) {
			alloc *= 2;
			h = xrealloc(h, alloc * sizeof(*h));
		}
		h[n++] = cur;
	}
	*nr = n;
	return h;
}

/* Append {"op": op, "text": s[0..len)} unless len is 0.  0, or -1 when s is not UTF-8. */
static int add_segment(json_t *arr, const char *op, const char *s, size_t len)
{
	json_t *seg, *text;

	if (!len)
		return 0;
	text = json_stringn(s, len);
	if (!text)
		return -1;
	seg = json_object();
	json_object_set_new(seg, "op", json_string(op));
	json_object_set_new(seg, "text", text);
	json_array_append_new(arr, seg);
	return 0;
}

int wdiff_compute(json_t **out, const char *old, size_t old_len,
		  const char *new_, size_t new_len, const struct wdiff_options *opts)
{
	size_t max_work = opts && opts->max_cost ? opts->max_cost : WDIFF_DEFAULT_MAX_COST;
	struct tokens ta, tb;
	unsigned char *ca, *cb;
	struct hunk *h;
	size_t nh, pre = 0, suf = 0;
	json_t *arr;
	int rc = 0;

	*out = NULL;
	tokenize(&ta, old ? old : "", old ? old_len : 0);
	tokenize(&tb, new_ ? new_ : "", new_ ? new_len : 0);
	while (pre < ta.nr && pre < tb.nr && tok_eq(&ta, pre, &tb, pre))
		pre++;
	while (pre + suf < ta.nr && pre + suf < tb.nr &&
	       tok_eq(&ta, ta.nr - 1 - suf, &tb, tb.nr - 1 - suf))
		suf++;

	ca = xcalloc(ta.nr + 1, 1);
	cb = xcalloc(tb.nr + 1, 1);
	diff_middle(ca + pre, cb + pre, &ta, pre, ta.nr - pre - suf, &tb, pre, tb.nr - pre - suf, max_work);
	h = make_hunks(&nh, &ta, ca, &tb, cb);

	arr = json_array();
	for (size_t i = 0; i < nh && !rc; i++) {
		if (h[i].same) {
			if (add_segment(arr, "=", ta.s + h[i].o0, h[i].o1 - h[i].o0))
				rc = ct_error_set(CT_EINVALID, "word diff: the old text is not valid UTF-8");
			continue;
		}
		if (add_segment(arr, "-", ta.s + h[i].o0, h[i].o1 - h[i].o0))
			rc = ct_error_set(CT_EINVALID, "word diff: the old text is not valid UTF-8");
		else if (add_segment(arr, "+", tb.s + h[i].n0, h[i].n1 - h[i].n0))
			rc = ct_error_set(CT_EINVALID, "word diff: the new text is not valid UTF-8");
	}
	free(h);
	free(ca);
	free(cb);
	free(ta.start);
	free(tb.start);
	if (rc)
		json_decref(arr);
	else
		*out = arr;
	return rc;
}

static size_t count_words(const char *s, size_t len)
{
	size_t n = 0;
	int in_word = 0;

	for (size_t i = 0; i < len; i++) {
		int w = char_class(s[i]) == C_WORD;
		n += w && !in_word;
		in_word = w;
	}
	return n;
}

void wdiff_stats(size_t *ins_words, size_t *del_words, json_t *segments)
{
	size_t i;
	json_t *seg;

	*ins_words = *del_words = 0;
	json_array_foreach(segments, i, seg) {
		const char *op = json_string_value(json_object_get(seg, "op"));
		json_t *text = json_object_get(seg, "text");
		size_t n;

		if (!op || !json_is_string(text))
			continue;
		n = count_words(json_string_value(text), json_string_length(text));
		if (!strcmp(op, "+"))
			*ins_words += n;
		else if (!strcmp(op, "-"))
			*del_words += n;
	}
}
