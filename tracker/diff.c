/*
 * diff.c - compare two versions of a document (see diff.h).
 *
 * Content addressing does most of the work: a section whose text id is the
 * same on both sides is unchanged and never read word by word, and a
 * requirement whose id (the hash of its normalised text) is on both sides
 * is unchanged wherever it moved.  What is left is paired up:
 *
 *   sections      same text under another number or title      -> moved
 *                 same number and title, other text            -> modified
 *                 same title (unique), other number            -> moved
 *                 same number, other title                     -> modified
 *                 the rest                                     -> added / removed
 *   requirements  same text once keywords are masked           -> modified (keyword change)
 *                 same section, most words shared (Dice >= .5) -> modified
 *   dates         same obligation (table row description, or
 *                 section, keyword and phrase in the text),
 *                 other date                                   -> moved
 *
 * Invariants: every base section and every head section appears in the
 * result at most once; output follows the head document's order, removed
 * sections placed after the head section their predecessor became.
 */
#include "tracker/diff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "importers/keymap.h"
#include "importers/mdsplit.h"
#include "db/query.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/typography.h"
#include "tracker/wdiff.h"

int diff_keyword_strength(const char *kw)
{
	if (!kw)
		return 0;
	if (!strcmp(kw, "MAY") || !strcmp(kw, "OPTIONAL"))
		return 1;
	if (!strncmp(kw, "SHOULD", 6) || !strcmp(kw, "RECOMMENDED") || !strcmp(kw, "NOT RECOMMENDED"))
		return 2;
	if (!strncmp(kw, "MUST", 4) || !strncmp(kw, "SHALL", 5) || !strcmp(kw, "REQUIRED"))
		return 3;
	return 0;
}

/* The string, or "" for NULL. */
static const char *nz(const char *s)
{
	return s ? s : "";
}

static void key_of(unsigned char key[16], const char *s)
{
	md_hash(key, s, strlen(s));
}

/* ---- sections -------------------------------------------------------- */

struct sec {
	const struct ct_section *row; /* with text */
	int64_t id;
	const char *number, *title, *text, *body;
	int match;              /* index on the other side, -1 when none */
	const char *how;        /* change for a matched pair */
};

static void secs_load(struct sec **out, size_t *n, const struct ct_section_list *rows)
{
	*n = rows->n;
	struct sec *s = xcalloc(*n ? *n : 1, sizeof(*s));
	for (size_t i = 0; i < *n; i++) {
		const struct ct_section *r = &rows->items[i];
		s[i].row = r;
		s[i].id = r->id;
		s[i].number = r->number ? r->number : "";
		s[i].title = r->title ? r->title : "";
		s[i].text = r->text ? r->text : "";
		const char *nl = strchr(s[i].text, '\n');
		s[i].body = nl ? nl + 1 : "";
		s[i].match = -1;
	}
	*out = s;
}

static void pair(struct sec *a, size_t i, struct sec *b, size_t j, const char *how)
{
	a[i].match = (int)j;
	b[j].match = (int)i;
	a[i].how = b[j].how = how;
}

/* Index the unmatched sections of `s` by a string key; a key seen twice maps to -1 (ambiguous). */
static void index_by(struct keymap *map, struct sec *s, size_t n, const char *(*field)(const struct sec *))
{
	keymap_init(map, 16);
	for (size_t i = 0; i < n; i++) {
		if (s[i].match >= 0 || s[i].row == NULL)
			continue;
		const char *f = field(&s[i]);
		if (!*f)
			continue;
		unsigned char k[16];
		int64_t v;
		key_of(k, f);
		keymap_put(map, k, keymap_get(map, k, &v) ? -1 : (int64_t)i);
	}
}

static const char *f_body(const struct sec *s) { return s->body; }
static const char *f_title(const struct sec *s) { return s->title; }
static const char *f_number(const struct sec *s) { return s->number; }

/* Pair unmatched a[i] with the unmatched b[j] that has the same field (unique on both sides). */
static void pair_by(struct sec *a, size_t na, struct sec *b, size_t nb,
		    const char *(*field)(const struct sec *), int same_number, const char *how_same, const char *how_other)
{
	struct keymap ma, mb;
	index_by(&ma, a, na, field);
	index_by(&mb, b, nb, field);
	for (size_t i = 0; i < na; i++) {
		if (a[i].match >= 0 || !*field(&a[i]))
			continue;
		unsigned char k[16];
		int64_t ia, jb;
		key_of(k, field(&a[i]));
		if (!keymap_get(&ma, k, &ia) || ia != (int64_t)i || !keymap_get(&mb, k, &jb) || jb < 0)
			continue;
		int same = !strcmp(a[i].number, b[jb].number);
		if (same_number >= 0 && same != same_number)
			continue;
		pair(a, i, b, (size_t)jb, same ? how_same : how_other);
	}
	keymap_release(&ma);
	keymap_release(&mb);
}

/* Does `number` fall under `prefix` ("4.2" covers 4.2 and 4.2.x)? */
static int under(const char *number, const char *prefix)
{
	if (!prefix)
		return 1;
	size_t n = strlen(prefix);
	return !strncmp(number, prefix, n) && (number[n] == '\0' || number[n] == '.');
}

/*
 * The text as the redline compares it: runs of blanks as one space, no
 * blanks at line ends, CRLF as LF, runs of three or more hyphens as
 * "---".  Re-padding a table's columns or trimming trailing spaces changes
 * nothing a reader sees, so it is no word change; line breaks are kept,
 * so hunks still follow lines.
 */
static void squeeze_space(struct strbuf *sb, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			size_t n = strspn(p, " \t\r");
			if (p[n] != '\n' && p[n] != '\0')
				strbuf_addch(sb, ' ');
			p += n - 1;
			continue;
		}
		if (p[0] == '-' && p[1] == '-' && p[2] == '-') {
			/* a table's delimiter row, however wide it is padded */
			strbuf_addstr(sb, "---");
			p += strspn(p, "-") - 1;
			continue;
		}
		strbuf_addch(sb, *p);
	}
}

/*
 * The word diff's work bounds (wdiff_options.max_cost; a unit is a few
 * nanoseconds): per section about 1 ms, and for the whole diff about 25
 * ms shared evenly among the changed sections.  A section rewritten past
 * its share is shown as one deletion and one insertion.  Sections a
 * ballot edits stay far below both; a diff across years of history (124
 * sections changed between BR 1.7.8 and 2.1.8) stays under 100 ms.
 */
#define SECTION_MAX_COST 250000
#define DIFF_MAX_COST 6000000

static json_t *section_entry(const struct sec *s, const struct sec *old, const char *change, const struct diff_options *opts,
			     size_t max_cost)
{
	json_t *e = json_pack("{s:s, s:s, s:s}", "number", s->number, "title", s->title, "change", change);
	if (old && (strcmp(old->number, s->number) || strcmp(old->title, s->title))) {
		json_object_set_new(e, "old_number", json_string(old->number));
		json_object_set_new(e, "old_title", json_string(old->title));
	}
	size_t add = 0, del = 0;
	if (old && old->id != s->id) {
		json_t *seg = NULL;
		struct wdiff_options wo = WDIFF_OPTIONS_INIT;
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		squeeze_space(&a, old->text);
		squeeze_space(&b, s->text);
		wo.max_cost = max_cost;
		if (!strcmp(a.buf, b.buf)) {
			json_object_set_new(e, "whitespace_only", json_true());
		} else if (!opts->sections_only && wdiff_compute(&seg, a.buf, a.len, b.buf, b.len, &wo) == 0) {
			wdiff_stats(&add, &del, seg);
			if (opts->redline)
				json_object_set_new(e, "redline", seg);
			else
				json_decref(seg);
		}
		strbuf_release(&a);
		strbuf_release(&b);
	} else if (!old && !opts->sections_only) {
		json_t *seg = NULL;
		struct wdiff_options wo = WDIFF_OPTIONS_INIT;
		int removed = !strcmp(change, "removed");
		if (wdiff_compute(&seg, removed ? s->text : "", removed ? strlen(s->text) : 0,
				  removed ? "" : s->text, removed ? 0 : strlen(s->text), &wo) == 0) {
			wdiff_stats(&add, &del, seg);
			json_decref(seg);
		}
	}
	if (!opts->sections_only) {
		json_object_set_new(e, "words_added", json_integer((json_int_t)add));
		json_object_set_new(e, "words_removed", json_integer((json_int_t)del));
	}
	return e;
}

static json_t *diff_sections(const struct ct_section_list *base_rows, const struct ct_section_list *head_rows, json_t *number_map, const struct diff_options *opts,
			     json_t *summary)
{
	struct sec *a, *b;
	size_t na, nb;
	secs_load(&a, &na, base_rows);
	secs_load(&b, &nb, head_rows);

	/* Same text id on both sides, in order: unchanged (the common case). */
	struct keymap ids;
	keymap_init(&ids, 16);
	for (size_t j = 0; j < nb; j++) {
		unsigned char k[16] = { 0 };
		memcpy(k, &b[j].id, sizeof(b[j].id));
		int64_t v;
		if (!keymap_get(&ids, k, &v))
			keymap_put(&ids, k, (int64_t)j);
	}
	for (size_t i = 0; i < na; i++) {
		unsigned char k[16] = { 0 };
		memcpy(k, &a[i].id, sizeof(a[i].id));
		int64_t j;
		if (keymap_get(&ids, k, &j) && b[j].match < 0)
			pair(a, i, b, (size_t)j, "unchanged");
	}
	keymap_release(&ids);

	pair_by(a, na, b, nb, f_body, 0, "modified", "moved");      /* same body, new heading */
	pair_by(a, na, b, nb, f_number, 1, "modified", "modified"); /* same number (title may differ) */
	pair_by(a, na, b, nb, f_title, 0, "modified", "moved");     /* same title, new number */

	/* Base number -> head number, for the requirements pass. */
	for (size_t i = 0; i < na; i++)
		if (a[i].match >= 0 && *a[i].number)
			json_object_set_new(number_map, a[i].number, json_string(b[a[i].match].number));

	size_t changed = 0;
	for (size_t j = 0; j < nb; j++)
		changed += b[j].match >= 0 && strcmp(b[j].how, "unchanged") && under(b[j].number, opts->section);
	size_t max_cost = changed ? DIFF_MAX_COST / changed : SECTION_MAX_COST;
	if (max_cost > SECTION_MAX_COST)
		max_cost = SECTION_MAX_COST;

	json_t *out = json_array();
	size_t counts[4] = { 0 };   /* added, removed, modified, moved */
	size_t ai = 0;
	for (size_t j = 0; j <= nb; j++) {
		/* Removed base sections whose predecessor maps before this point. */
		while (ai < na && (a[ai].match >= 0 ? (size_t)a[ai].match < j : 1)) {
			if (a[ai].match < 0 && under(a[ai].number, opts->section) && a[ai].row->level > 0) {
				json_array_append_new(out, section_entry(&a[ai], NULL, "removed", opts, 0));
				counts[1]++;
			}
			ai++;
		}
		if (j == nb)
			break;
		if (b[j].row->level == 0 || !under(b[j].number, opts->section))
			continue;
		if (b[j].match < 0) {
			json_array_append_new(out, section_entry(&b[j], NULL, "added", opts, 0));
			counts[0]++;
		} else if (strcmp(b[j].how, "unchanged")) {
			int moved = !strcmp(b[j].how, "moved");
			json_array_append_new(out, section_entry(&b[j], &a[b[j].match], b[j].how, opts, max_cost));
			counts[moved ? 3 : 2]++;
		}
	}
	json_object_set_new(summary, "sections_added", json_integer((json_int_t)counts[0]));
	json_object_set_new(summary, "sections_removed", json_integer((json_int_t)counts[1]));
	json_object_set_new(summary, "sections_modified", json_integer((json_int_t)counts[2]));
	json_object_set_new(summary, "sections_moved", json_integer((json_int_t)counts[3]));
	free(a);
	free(b);
	return out;
}

/* ---- requirements ---------------------------------------------------- */

/*
 * The text with every RFC 2119 keyword replaced by one marker, lower-cased,
 * spaces collapsed, typography folded (a change of dashes or quotes alone
 * is none).
 */
static char *masked(const char *given)
{
	static const char *const words[] = { "MUST", "SHALL", "SHOULD", "MAY", "NOT", "REQUIRED", "RECOMMENDED", "OPTIONAL" };
	struct strbuf sb = STRBUF_INIT, folded = STRBUF_INIT;
	typo_fold(&folded, NULL, given, strlen(given));
	const char *p = folded.buf;
	while (*p) {
		if (isspace((unsigned char)*p)) {
			while (isspace((unsigned char)*p))
				p++;
			strbuf_addch(&sb, ' ');
			continue;
		}
		size_t n = 0;
		while (isupper((unsigned char)p[n]))
			n++;
		int kw = 0;
		for (size_t k = 0; n && k < sizeof(words) / sizeof(words[0]); k++)
			if (strlen(words[k]) == n && !strncmp(p, words[k], n))
				kw = 1;
		if (kw) {
			/* "SHALL NOT" is one keyword: fold the marker. */
			if (!(sb.len >= 2 && sb.buf[sb.len - 1] == ' ' && sb.buf[sb.len - 2] == '\1'))
				strbuf_addch(&sb, '\1');
			else
				strbuf_setlen(&sb, sb.len - 1);
			p += n;
			continue;
		}
		if (!n)
			n = 1;
		for (size_t k = 0; k < n; k++)
			strbuf_addch(&sb, tolower((unsigned char)p[k]));
		p += n;
	}
	strbuf_release(&folded);
	return strbuf_detach(&sb, NULL);
}

/* Sorted distinct word hashes of a text, for similarity. */
static size_t word_set(uint64_t **out, const char *text)
{
	size_t n = 0, alloc = 16;
	uint64_t *w = xmalloc(alloc * sizeof(*w));
	const char *p = text;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		if (p == s)
			break;
		unsigned char h[16];
		md_hash(h, s, (size_t)(p - s));
		if (n == alloc)
			w = xrealloc(w, (alloc *= 2) * sizeof(*w));
		memcpy(&w[n++], h, sizeof(uint64_t));
	}
	for (size_t i = 1; i < n; i++) {   /* insertion sort: sentences are short */
		uint64_t v = w[i];
		size_t j = i;
		while (j && w[j - 1] > v) {
			w[j] = w[j - 1];
			j--;
		}
		w[j] = v;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || w[m - 1] != w[i])
			w[m++] = w[i];
	*out = w;
	return m;
}

static double dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	if (!na || !nb)
		return 0;
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			common++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double)common / (double)(na + nb);
}

double diff_text_similarity(const char *a, const char *b)
{
	uint64_t *wa = NULL, *wb = NULL;
	size_t na = word_set(&wa, a ? a : ""), nb = word_set(&wb, b ? b : "");
	double d = dice(wa, na, wb, nb);
	free(wa);
	free(wb);
	return d;
}

/* Is `piece` (less a final full stop) part of the longer `whole`? */
static int is_piece(const char *piece, const char *whole)
{
	size_t n = strlen(piece);
	if (n && piece[n - 1] == '.')
		n--;
	if (n < 20 || n >= strlen(whole))
		return 0;
	char *p = xstrndup(piece, n);
	int found = strstr(whole, p) != NULL;
	free(p);
	return found;
}

/*
 * Head requirements in the section a base requirement's section became:
 * an array of indexes (borrowed), or NULL (which json_array_foreach takes
 * as empty).
 */
static json_t *candidates(json_t *by_section, json_t *number_map, const struct ct_requirement *base_row)
{
	const char *mapped = json_string_value(json_object_get(number_map, nz(base_row->section)));
	return mapped ? json_object_get(by_section, mapped) : NULL;
}

/* A possible edit: base requirement i became head requirement j. */
struct cand {
	double score;
	size_t i, j;
};

/* Best score first; ties in document order, so the result does not depend on qsort. */
static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

struct req {
	const struct ct_requirement *row;
	char *mask;
	uint64_t *words;
	size_t nwords;
	int match;
	int split;              /* a piece of (or whole made of) requirements on the other side */
};

static void reqs_free(struct req *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].mask);
		free(r[i].words);
	}
	free(r);
}

/* Requirements of `rows` whose id is not in `other` (as many times as it is missing). */
static struct req *reqs_unmatched(size_t *n, const struct ct_requirement_list *rows, const struct ct_requirement_list *other,
				   const char *section)
{
	json_t *count = json_object();
	size_t i;
	for (i = 0; i < other->n; i++) {
		const char *id = nz(other->items[i].id);
		json_object_set_new(count, id, json_integer(json_integer_value(json_object_get(count, id)) + 1));
	}
	struct req *out = xcalloc(rows->n + 1, sizeof(*out));
	*n = 0;
	for (i = 0; i < rows->n; i++) {
		const struct ct_requirement *r = &rows->items[i];
		const char *id = nz(r->id);
		json_int_t c = json_integer_value(json_object_get(count, id));
		if (c > 0) {
			json_object_set_new(count, id, json_integer(c - 1));
			continue;
		}
		if (!under(nz(r->section), section))
			continue;
		out[*n].row = r;
		out[*n].mask = masked(nz(r->text));
		out[*n].nwords = word_set(&out[*n].words, nz(r->text));
		out[*n].match = -1;
		(*n)++;
	}
	json_decref(count);
	return out;
}

static json_t *req_entry(const struct ct_requirement *row, const struct ct_requirement *old, const char *change)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "change", change, "section", nz(row->section),
			      "keyword", nz(row->keyword), "text", nz(row->text), "id", nz(row->id));
	if (old) {
		if (strcmp(nz(old->section), nz(row->section)))
			json_object_set_new(e, "old_section", json_string(nz(old->section)));
		if (strcmp(nz(old->keyword), nz(row->keyword))) {
			int o = diff_keyword_strength(nz(old->keyword)), n = diff_keyword_strength(nz(row->keyword));
			json_object_set_new(e, "old_keyword", json_string(nz(old->keyword)));
			json_object_set_new(e, "strength", json_string(n > o ? "strengthened" : n < o ? "weakened" : "same"));
		}
		json_object_set_new(e, "old_text", json_string(nz(old->text)));
		json_object_set_new(e, "old_id", json_string(nz(old->id)));
		json_t *seg = NULL;
		struct wdiff_options wo = WDIFF_OPTIONS_INIT;
		const char *a = nz(old->text), *b = nz(row->text);
		if (wdiff_compute(&seg, a, strlen(a), b, strlen(b), &wo) == 0)
			json_object_set_new(e, "redline", seg);
	}
	return e;
}

static json_t *diff_requirements(const struct ct_requirement_list *base, const struct ct_requirement_list *head, json_t *number_map, const char *section, json_t *summary)
{
	size_t na, nb;
	struct req *a = reqs_unmatched(&na, base, head, NULL);
	struct req *b = reqs_unmatched(&nb, head, base, section);

	/* Candidates are looked for in the section a base requirement's section became. */
	json_t *by_section = json_object();
	for (size_t j = 0; j < nb; j++) {
		const char *sec = nz(b[j].row->section);
		json_t *list = json_object_get(by_section, sec);
		if (!list)
			json_object_set_new(by_section, sec, list = json_array());
		json_array_append_new(list, json_integer((json_int_t)j));
	}

	/*
	 * A sentence split in two (a full stop added) or two joined: each
	 * piece is part of the other side's text.  Nothing normative changed,
	 * so neither side is reported; the section's redline shows the edit.
	 */
	for (size_t i = 0; i < na; i++) {
		json_t *x, *cands = candidates(by_section, number_map, a[i].row);
		size_t k;
		json_array_foreach(cands, k, x) {
			size_t j = (size_t)json_integer_value(x);
			if (is_piece(nz(b[j].row->text), nz(a[i].row->text)) ||
			    is_piece(nz(a[i].row->text), nz(b[j].row->text)))
				a[i].split = b[j].split = 1;
		}
	}
	for (size_t i = 0; i < na; i++)
		if (a[i].split)
			a[i].match = -2;
	for (size_t j = 0; j < nb; j++)
		if (b[j].split)
			b[j].match = -2;

	/* A keyword change: the same text once keywords are masked, anywhere. */
	json_t *by_mask = json_object();
	for (size_t j = 0; j < nb; j++)
		if (b[j].match == -1 && !json_object_get(by_mask, b[j].mask))
			json_object_set_new(by_mask, b[j].mask, json_integer((json_int_t)j));
	for (size_t i = 0; i < na; i++) {
		json_t *x = a[i].match == -1 ? json_object_get(by_mask, a[i].mask) : NULL;
		if (!x)
			continue;
		size_t j = (size_t)json_integer_value(x);
		if (b[j].match != -1)
			continue;
		a[i].match = (int)j;
		b[j].match = (int)i;
	}
	json_decref(by_mask);

	/* An edit: the same (mapped) section and most words shared; best pairs first. */
	struct cand *pairs = NULL;
	size_t npairs = 0, alloc = 0;
	for (size_t i = 0; i < na; i++) {
		if (a[i].match != -1)
			continue;
		json_t *x, *cands = candidates(by_section, number_map, a[i].row);
		size_t k;
		json_array_foreach(cands, k, x) {
			size_t j = (size_t)json_integer_value(x);
			if (b[j].match != -1)
				continue;
			double d = dice(a[i].words, a[i].nwords, b[j].words, b[j].nwords);
			if (d < 0.5)
				continue;
			if (npairs == alloc)
				pairs = xrealloc(pairs, (alloc = alloc ? 2 * alloc : 64) * sizeof(*pairs));
			pairs[npairs++] = (struct cand){ d, i, j };
		}
	}
	if (npairs)
		qsort(pairs, npairs, sizeof(*pairs), cand_cmp);
	for (size_t k = 0; k < npairs; k++) {
		if (a[pairs[k].i].match != -1 || b[pairs[k].j].match != -1)
			continue;
		a[pairs[k].i].match = (int)pairs[k].j;
		b[pairs[k].j].match = (int)pairs[k].i;
	}
	free(pairs);
	json_decref(by_section);

	json_t *out = json_array();
	size_t added = 0, removed = 0, modified = 0, strengthened = 0, weakened = 0;
	for (size_t j = 0; j < nb; j++) {
		if (b[j].split)
			continue;
		json_t *e = req_entry(b[j].row, b[j].match >= 0 ? a[b[j].match].row : NULL,
				      b[j].match >= 0 ? "modified" : "added");
		const char *s = json_string_value(json_object_get(e, "strength"));
		strengthened += s && !strcmp(s, "strengthened");
		weakened += s && !strcmp(s, "weakened");
		if (b[j].match >= 0)
			modified++;
		else
			added++;
		json_array_append_new(out, e);
	}
	for (size_t i = 0; i < na; i++) {
		if (a[i].match >= 0 || a[i].split)
			continue;
		const char *mapped = json_string_value(json_object_get(number_map, nz(a[i].row->section)));
		if (!under(mapped ? mapped : nz(a[i].row->section), section))
			continue;
		json_array_append_new(out, req_entry(a[i].row, NULL, "removed"));
		removed++;
	}
	json_object_set_new(summary, "requirements_added", json_integer((json_int_t)added));
	json_object_set_new(summary, "requirements_removed", json_integer((json_int_t)removed));
	json_object_set_new(summary, "requirements_modified", json_integer((json_int_t)modified));
	json_object_set_new(summary, "requirements_strengthened", json_integer((json_int_t)strengthened));
	json_object_set_new(summary, "requirements_weakened", json_integer((json_int_t)weakened));
	reqs_free(a, na);
	reqs_free(b, nb);
	return out;
}

/* ---- dates ----------------------------------------------------------- */

/* What makes an obligation the same one when its date changes. */
static void obligation_ident(struct strbuf *sb, const struct ct_obligation *o)
{
	strbuf_reset(sb);
	if (!strcmp(nz(o->source), "table")) {
		char *m = masked(nz(o->description));
		strbuf_addf(sb, "t|%s|%s", nz(o->keyword), m);
		free(m);
	} else {
		strbuf_addf(sb, "x|%s|%s|%s", nz(o->section), nz(o->keyword), nz(o->phrase));
	}
}

static void obligation_exact(struct strbuf *sb, const struct ct_obligation *o)
{
	obligation_ident(sb, o);
	strbuf_addf(sb, "|%s", nz(o->date));
}

static json_t *date_entry(const struct ct_obligation *o, const struct ct_obligation *old, const char *change)
{
	json_t *secs = json_array();
	for (size_t i = 0; i < o->nsections; i++)
		json_array_append_new(secs, json_string(o->sections[i]));
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "change", change, "date", nz(o->date),
			      "keyword", nz(o->keyword), "source", nz(o->source), "section", nz(o->section),
			      "sections", secs, "description", nz(o->description));
	json_object_set_new(e, "ballot", o->ballot ? json_string(o->ballot) : json_null());
	if (old)
		json_object_set_new(e, "old_date", json_string(nz(old->date)));
	return e;
}

/* Obligations of `rows` with no exact twin in `other`: array of indexes. */
static json_t *dates_unmatched(const struct ct_obligation_list *rows, const struct ct_obligation_list *other,
			       struct strbuf *sb)
{
	json_t *count = json_object(), *left = json_array();
	size_t i;
	for (i = 0; i < other->n; i++) {
		obligation_exact(sb, &other->items[i]);
		json_object_set_new(count, sb->buf, json_integer(json_integer_value(json_object_get(count, sb->buf)) + 1));
	}
	for (i = 0; i < rows->n; i++) {
		obligation_exact(sb, &rows->items[i]);
		json_int_t c = json_integer_value(json_object_get(count, sb->buf));
		if (c > 0)
			json_object_set_new(count, sb->buf, json_integer(c - 1));
		else
			json_array_append_new(left, json_integer((json_int_t)i));
	}
	json_decref(count);
	return left;
}

static int date_in_section(const struct ct_obligation *o, const char *section)
{
	if (!section)
		return 1;
	if (under(nz(o->section), section))
		return 1;
	for (size_t i = 0; i < o->nsections; i++)
		if (under(o->sections[i], section))
			return 1;
	return 0;
}

static json_t *diff_dates(const struct ct_obligation_list *base, const struct ct_obligation_list *head, const char *section,
			  json_t *summary)
{
	struct strbuf sb = STRBUF_INIT, sb2 = STRBUF_INIT;
	json_t *la = dates_unmatched(base, head, &sb), *lb = dates_unmatched(head, base, &sb);
	json_t *out = json_array(), *x, *y;
	size_t i, j, added = 0, removed = 0, moved = 0;
	json_t *used = json_object();
	json_array_foreach(lb, j, y) {
		const struct ct_obligation *o = &head->items[json_integer_value(y)];
		const struct ct_obligation *old = NULL;
		obligation_ident(&sb, o);
		json_array_foreach(la, i, x) {
			char k[32];
			snprintf(k, sizeof(k), "%zu", i);
			if (json_object_get(used, k))
				continue;
			const struct ct_obligation *cand = &base->items[json_integer_value(x)];
			obligation_ident(&sb2, cand);
			if (!strcmp(sb.buf, sb2.buf)) {
				old = cand;
				json_object_set_new(used, k, json_true());
				break;
			}
		}
		if (!date_in_section(o, section))
			continue;
		json_array_append_new(out, date_entry(o, old, old ? "moved" : "added"));
		if (old)
			moved++;
		else
			added++;
	}
	json_array_foreach(la, i, x) {
		char k[32];
		snprintf(k, sizeof(k), "%zu", i);
		const struct ct_obligation *o = &base->items[json_integer_value(x)];
		if (json_object_get(used, k) || !date_in_section(o, section))
			continue;
		json_array_append_new(out, date_entry(o, NULL, "removed"));
		removed++;
	}
	json_object_set_new(summary, "dates_added", json_integer((json_int_t)added));
	json_object_set_new(summary, "dates_removed", json_integer((json_int_t)removed));
	json_object_set_new(summary, "dates_moved", json_integer((json_int_t)moved));
	json_decref(used);
	json_decref(la);
	json_decref(lb);
	strbuf_release(&sb);
	strbuf_release(&sb2);
	return out;
}

int diff_versions(json_t **out, struct ct_db *db, int64_t doc_id, int64_t base_vid, int64_t head_vid,
		  const struct diff_options *given)
{
	struct diff_options opts = DIFF_OPTIONS_INIT;
	if (given)
		opts = *given;
	struct ct_section_list bs = CT_SECTION_LIST_INIT, hs = CT_SECTION_LIST_INIT;
	struct ct_requirement_list br = CT_REQUIREMENT_LIST_INIT, hr = CT_REQUIREMENT_LIST_INIT;
	struct ct_obligation_list bo = CT_OBLIGATION_LIST_INIT, ho = CT_OBLIGATION_LIST_INIT;
	*out = NULL;
	int rc = query_section_list(&bs, db, base_vid, 1);
	if (!rc)
		rc = query_section_list(&hs, db, head_vid, 1);
	if (!rc && !opts.sections_only)
		rc = query_requirement_list(&br, db, base_vid, NULL, NULL);
	if (!rc && !opts.sections_only)
		rc = query_requirement_list(&hr, db, head_vid, NULL, NULL);
	if (!rc && !opts.sections_only)
		rc = query_obligation_list(&bo, db, doc_id, base_vid);
	if (!rc && !opts.sections_only)
		rc = query_obligation_list(&ho, db, doc_id, head_vid);
	if (!rc) {
		json_t *summary = json_object(), *number_map = json_object();
		json_t *sections = diff_sections(&bs, &hs, number_map, &opts, summary);
		json_t *reqs = diff_requirements(&br, &hr, number_map, opts.section, summary);
		json_t *dates = diff_dates(&bo, &ho, opts.section, summary);
		*out = json_pack("{s:o, s:o, s:o, s:o}", "sections", sections, "requirements", reqs,
				 "dates", dates, "summary", summary);
		json_decref(number_map);
	}
	ct_section_list_release(&bs);
	ct_section_list_release(&hs);
	ct_requirement_list_release(&br);
	ct_requirement_list_release(&hr);
	ct_obligation_list_release(&bo);
	ct_obligation_list_release(&ho);
	return rc;
}

const struct ct_requirement *diff_predecessor(const struct ct_requirement_list *candidates, const struct ct_requirement *req)
{
	char *mask = masked(nz(req->text));
	uint64_t *w = NULL;
	size_t nw = word_set(&w, nz(req->text));
	const struct ct_requirement *best = NULL;
	double best_score = 0.5;
	for (size_t i = 0; i < candidates->n; i++) {
		const struct ct_requirement *c = &candidates->items[i];
		if (!strcmp(nz(c->id), nz(req->id)))
			continue;
		char *m = masked(nz(c->text));
		int same = !strcmp(m, mask);
		free(m);
		if (same) {
			best = c;
			break;
		}
		if (strcmp(nz(c->section), nz(req->section)))
			continue;
		uint64_t *cw = NULL;
		size_t ncw = word_set(&cw, nz(c->text));
		double d = dice(w, nw, cw, ncw);
		free(cw);
		if (d >= best_score) {
			best_score = d;
			best = c;
		}
	}
	free(mask);
	free(w);
	return best;
}
