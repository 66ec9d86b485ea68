/*
 * anchor.c - GitHub's heading anchors: the slug of a heading's text and the
 * uniqueness counter of a document (see anchor.h for the rules).
 *
 * Invariants: a heading line whose text needs no inline parsing (none of
 * \ ` * _ & [ <) is sliced directly, every other one goes through
 * cmark-gfm; character classes and case come from utf8proc; the set's
 * probing table is at most 3/4 full.
 */
#include "importers/anchor.h"

#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

/* The symbols Unicode counts as alphabetic: circled and squared Latin letters, which GitHub keeps. */
static int alphabetic_symbol(utf8proc_int32_t cp)
{
	return (cp >= 0x24b6 && cp <= 0x24e9) || (cp >= 0x1f130 && cp <= 0x1f149) ||
	       (cp >= 0x1f150 && cp <= 0x1f169) || (cp >= 0x1f170 && cp <= 0x1f189);
}

/* Does a (lower-cased) code point stay in a slug? */
static int kept(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_PC:
		return 1;
	case UTF8PROC_CATEGORY_SO:
		return alphabetic_symbol(cp);
	default:
		return 0;
	}
}

static void add_cp(struct strbuf *out, utf8proc_int32_t cp)
{
	utf8proc_uint8_t buf[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
	strbuf_add(out, buf, (size_t)n);
}

void anchor_slug_text(struct strbuf *out, const char *text, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++; /* not UTF-8: no letter */
			continue;
		}
		i += (size_t)n;
		if (cp == ' ') {
			strbuf_addch(out, '-');
		} else if (cp == '-') {
			strbuf_addch(out, '-');
		} else if (cp == 0x130) {
			/* The one unconditional full lower-case mapping that differs from the simple one. */
			strbuf_addch(out, 'i');
			add_cp(out, 0x307);
		} else {
			utf8proc_int32_t lc = utf8proc_tolower(cp);
			if (kept(lc))
				add_cp(out, lc);
		}
	}
}

/* The inline text of an ATX heading line [*s, *s + *n): markers, indentation and closing sequence cut off. */
static void atx_content(const char **s, size_t *n)
{
	const char *p = *s, *end = *s + *n;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	const char *q = p;
	for (int k = 0; k < 3 && q < end && *q == ' '; k++)
		q++;
	const char *h = q;
	while (q < end && *q == '#')
		q++;
	if (q > h && q - h <= 6 && (q == end || *q == ' ' || *q == '\t')) {
		p = q;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		const char *c = end;
		while (c > p && c[-1] == '#')
			c--;
		if (c < end && (c == p || c[-1] == ' ' || c[-1] == '\t'))
			end = c;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*s = p;
	*n = (size_t)(end - p);
}

/* The text cmark-gfm renders for inline Markdown: literals of text and code, nothing of HTML or images. */
static void inline_text(struct strbuf *out, const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				strbuf_addstr(out, lit);
			break;
		}
		case CMARK_NODE_IMAGE:
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* <img> has no text */
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

void anchor_slug(struct strbuf *out, const char *line, size_t len)
{
	const char *s = line;
	size_t n = len;
	atx_content(&s, &n);
	int plain = 1;
	for (size_t i = 0; i < n && plain; i++)
		plain = !strchr("\\`*_&[<", s[i]) || !s[i];
	if (plain) {
		anchor_slug_text(out, s, n);
		return;
	}
	struct strbuf text = STRBUF_INIT;
	/* Parsed alone as a heading, so that "1. Foo" or "- Foo" is no list. */
	struct strbuf md = STRBUF_INIT;
	strbuf_addstr(&md, "# ");
	strbuf_add(&md, s, n);
	inline_text(&text, md.buf, md.len);
	anchor_slug_text(out, text.buf, text.len);
	strbuf_release(&md);
	strbuf_release(&text);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

void anchor_link_key(struct strbuf *out, const char *fragment, size_t len)
{
	struct strbuf dec = STRBUF_INIT;
	size_t i = len && fragment[0] == '#';
	for (; i < len; i++) {
		int hi, lo;
		if (fragment[i] == '%' && i + 2 < len && (hi = hexval((unsigned char)fragment[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)fragment[i + 2])) >= 0) {
			strbuf_addch(&dec, hi * 16 + lo);
			i += 2;
		} else {
			strbuf_addch(&dec, fragment[i]);
		}
	}
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)dec.buf;
	for (size_t k = 0; k < dec.len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + k, (utf8proc_ssize_t)(dec.len - k), &cp);
		if (n <= 0) {
			strbuf_addch(out, dec.buf[k++]); /* kept as written: it matches nothing anyway */
			continue;
		}
		k += (size_t)n;
		if (cp == 0x130) {
			strbuf_addch(out, 'i');
			add_cp(out, 0x307);
		} else {
			add_cp(out, utf8proc_tolower(cp));
		}
	}
	strbuf_release(&dec);
}

/* ---- the set of anchors given out ------------------------------------------ */

struct anchor_slot {
	char *key;      /* NULL: empty */
	size_t len;
	uint64_t hash;
	long count;     /* repeats of this slug as a base */
};

static struct anchor_slot *lookup(struct anchor_set *set, const char *key, size_t len, uint64_t h)
{
	size_t mask = set->alloc - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct anchor_slot *s = &set->slots[i];
		if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

static void grow(struct anchor_set *set)
{
	struct anchor_set bigger = { NULL, set->nr, set->alloc ? set->alloc * 2 : 64 };
	bigger.slots = xcalloc(bigger.alloc, sizeof(*bigger.slots));
	for (size_t i = 0; i < set->alloc; i++)
		if (set->slots[i].key)
			*lookup(&bigger, set->slots[i].key, set->slots[i].len, set->slots[i].hash) = set->slots[i];
	free(set->slots);
	*set = bigger;
}

/* The slot of `key`, added with count 0 when absent; *added says which. */
static struct anchor_slot *intern(struct anchor_set *set, const char *key, size_t len, int *added)
{
	if ((set->nr + 1) * 4 > set->alloc * 3)
		grow(set);
	uint64_t h = XXH3_64bits(key, len);
	struct anchor_slot *s = lookup(set, key, len, h);
	*added = !s->key;
	if (!s->key) {
		s->key = xstrndup(key, len);
		s->len = len;
		s->hash = h;
		s->count = 0;
		set->nr++;
	}
	return s;
}

void anchor_set_unique(struct strbuf *out, struct anchor_set *set, const char *slug, size_t len)
{
	int added;
	struct anchor_slot *base = intern(set, slug, len, &added);
	if (added) {
		strbuf_add(out, slug, len);
		return;
	}
	struct strbuf try = STRBUF_INIT;
	for (;;) {
		/* `base` may move when the table grows: look it up again each time. */
		base = intern(set, slug, len, &added);
		long n = ++base->count;
		strbuf_reset(&try);
		strbuf_add(&try, slug, len);
		strbuf_addf(&try, "-%ld", n);
		intern(set, try.buf, try.len, &added);
		if (added)
			break;
	}
	strbuf_add(out, try.buf, try.len);
	strbuf_release(&try);
}

void anchor_set_release(struct anchor_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->alloc; i++)
		free(set->slots[i].key);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}
