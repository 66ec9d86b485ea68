/*
 * extract.c - requirements, dated obligations and revision rows of one
 * section text (see extract.h).
 *
 * The section is parsed with cmark-gfm (table extension attached).  Block
 * quotes are quotations, not requirements, and are skipped; code blocks and
 * HTML blocks carry no requirements.  Paragraphs (at any list depth) are
 * split into sentences; table rows are requirements as a whole.  Nothing is
 * recursive over the input's nesting except cmark's own tree, which we walk
 * with its iterator.
 */
#include "importers/extract.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <xxhash.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/typography.h"
#include "tracker/base/strbuf.h"

/* ---- keywords ---------------------------------------------------------- */

static const char *const keywords[] = {
	/* longer spellings first so "MUST NOT" wins over "MUST" */
	"MUST NOT", "SHALL NOT", "SHOULD NOT", "NOT RECOMMENDED",
	"MUST", "REQUIRED", "SHALL", "SHOULD", "RECOMMENDED", "MAY", "OPTIONAL",
};

static int is_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

size_t extract_keyword_at(const char **kw, const char *s, size_t len, size_t pos)
{
	if (pos > 0 && is_word_char((unsigned char)s[pos - 1]))
		return 0;
	if (pos >= len || !isupper((unsigned char)s[pos]))
		return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		size_t n = strlen(keywords[i]);
		if (pos + n > len || memcmp(s + pos, keywords[i], n))
			continue;
		if (pos + n < len && is_word_char((unsigned char)s[pos + n]))
			continue;
		*kw = keywords[i];
		return n;
	}
	return 0;
}

const char *extract_first_keyword(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		const char *kw;
		if (extract_keyword_at(&kw, s, len, i))
			return kw;
	}
	return NULL;
}

void extract_requirement_id(char out[17], const char *given, size_t glen)
{
	/* Typography is no change: curly quotes, Unicode hyphens and dashes, no-break spaces fold to ASCII. */
	struct strbuf folded = STRBUF_INIT, norm = STRBUF_INIT;
	typo_fold(&folded, NULL, given, glen);
	const char *text = folded.buf;
	size_t len = folded.len;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = norm.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&norm, ' ');
		space = 0;
		strbuf_addch(&norm, c);
	}
	XXH64_hash_t h = XXH3_64bits(norm.buf, norm.len);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++)
		out[i] = hex[(h >> (60 - 4 * i)) & 0xf];
	out[16] = '\0';
	strbuf_release(&norm);
	strbuf_release(&folded);
}

/* ---- result arrays ----------------------------------------------------- */

#define GROW(arr, nr, alloc)                                                   \
	do {                                                                   \
		if ((nr) == (alloc)) {                                         \
			(alloc) = (alloc) ? (alloc) * 2 : 16;                  \
			(arr) = xrealloc((arr), (alloc) * sizeof(*(arr)));     \
		}                                                              \
	} while (0)

void extract_result_release(struct extract_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->nreqs; i++) {
		free(res->reqs[i].text);
		free(res->reqs[i].keywords);
	}
	for (size_t i = 0; i < res->nobls; i++) {
		free(res->obls[i].ballot);
		free(res->obls[i].version);
		free(res->obls[i].description);
		free(res->obls[i].sections);
	}
	for (size_t i = 0; i < res->nrevs; i++) {
		free(res->revs[i].version);
		free(res->revs[i].ballot);
		free(res->revs[i].description);
		free(res->revs[i].dates);
	}
	free(res->reqs);
	free(res->obls);
	free(res->revs);
	memset(res, 0, sizeof(*res));
}

/* ---- plain text of inline content -------------------------------------- */

/*
 * Append the plain text of node's inline children.  Soft and hard breaks
 * become spaces, and their offsets are recorded so a sentence can be given
 * its line.  Raw HTML is dropped (a <br> counts as a space).
 */
struct plain {
	struct strbuf text;
	size_t *breaks;   /* offsets in text where a source line ended */
	size_t nbreaks, breaks_alloc;
};

static void plain_break(struct plain *pl)
{
	GROW(pl->breaks, pl->nbreaks, pl->breaks_alloc);
	pl->breaks[pl->nbreaks++] = pl->text.len;
	strbuf_addch(&pl->text, ' ');
}

static void plain_inline(struct plain *pl, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (n == node || ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				strbuf_addstr(&pl->text, lit);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			plain_break(pl);
			break;
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			if (lit && !strncasecmp(lit, "<br", 3))
				strbuf_addch(&pl->text, ' ');
			break;
		}
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void plain_release(struct plain *pl)
{
	strbuf_release(&pl->text);
	free(pl->breaks);
	pl->breaks = NULL;
	pl->nbreaks = pl->breaks_alloc = 0;
}

/* Fold runs of white space to one space and trim; returns a new string. */
static char *fold_space(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int nbsp = c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || nbsp) {
			space = sb.len > 0;
			i += nbsp;
			continue;
		}
		if (space)
			strbuf_addch(&sb, ' ');
		space = 0;
		strbuf_addch(&sb, c);
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- sentences ---------------------------------------------------------- */

static const char *const abbreviations[] = {
	"e.g", "i.e", "etc", "vs", "cf", "No", "no", "Sec", "sec", "Inc", "Ltd", "Co", "St", "Mr", "Ms", "Dr", "approx",
};

static int is_abbreviation(const char *s, size_t dot)
{
	size_t b = dot;
	while (b > 0 && (isalpha((unsigned char)s[b - 1]) || s[b - 1] == '.'))
		b--;
	size_t n = dot - b;
	if (n == 1 && isupper((unsigned char)s[b]))
		return 1; /* an initial, or a list label like "A." */
	for (size_t i = 0; i < sizeof(abbreviations) / sizeof(abbreviations[0]); i++)
		if (strlen(abbreviations[i]) == n && !memcmp(s + b, abbreviations[i], n))
			return 1;
	return 0;
}

/* Where does the sentence starting at `from` end?  Returns the end offset. */
static size_t sentence_end(const char *s, size_t len, size_t from)
{
	for (size_t i = from; i < len; i++) {
		char c = s[i];
		if (c != '.' && c != '!' && c != '?')
			continue;
		size_t j = i + 1;
		while (j < len && (s[j] == '"' || s[j] == ')' || s[j] == '\'' || s[j] == '*'))
			j++;
		if (j >= len)
			return len;
		if (s[j] == ' ') {
			size_t k = j;
			while (k < len && s[k] == ' ')
				k++;
			if (k >= len)
				return len;
			unsigned char d = (unsigned char)s[k];
			if ((isupper(d) || d == '"' || d == '(' || d == '[' || d == '*' || d == '_') &&
			    !(c == '.' && is_abbreviation(s, i)))
				return j;
		} else if (c == '.' && isupper((unsigned char)s[j]) && j + 1 < len &&
			   islower((unsigned char)s[j + 1]) && i > 1 && islower((unsigned char)s[i - 1]) &&
			   islower((unsigned char)s[i - 2])) {
			/* "to issue.Starting on ...": a missing space after a sentence */
			return j;
		}
	}
	return len;
}

/* ---- requirements and dated phrases ------------------------------------ */

struct found_kw {
	const char *kw;
	size_t pos;
};

static size_t find_keywords(struct found_kw *out, size_t max, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		const char *kw;
		size_t k = extract_keyword_at(&kw, s, len, i);
		if (!k)
			continue;
		if (n < max)
			out[n] = (struct found_kw){ kw, i };
		n++;
		i += k - 1;
	}
	return n < max ? n : max;
}

static void sections_json(struct strbuf *out, const char *number)
{
	strbuf_addch(out, '[');
	if (number && *number)
		strbuf_addf(out, "\"%s\"", number);
	strbuf_addch(out, ']');
}

static void add_requirement(struct extract_result *res, const char *number, const char *s, size_t len,
			    int line, int dated)
{
	struct found_kw kws[32];
	size_t nk = find_keywords(kws, 32, s, len);
	if (!nk)
		return;
	GROW(res->reqs, res->nreqs, res->reqs_alloc);
	struct extract_requirement *r = &res->reqs[res->nreqs++];
	r->text = fold_space(s, len);
	snprintf(r->keyword, sizeof(r->keyword), "%s", kws[0].kw);
	r->negated = strstr(kws[0].kw, "NOT") != NULL;
	r->line = line;
	struct strbuf all = STRBUF_INIT;
	for (size_t i = 0; i < nk; i++) {
		if (i)
			strbuf_addch(&all, ',');
		strbuf_addstr(&all, kws[i].kw);
	}
	r->keywords = strbuf_detach(&all, NULL);
	extract_requirement_id(r->rid, r->text, strlen(r->text));
	if (!dated)
		return;

	/* Dated phrases in the requirement's folded text. */
	const char *t = r->text;
	size_t tlen = strlen(t);
	struct datephrase dp[16];
	size_t nd = datephrase_find(dp, 16, t, tlen);
	if (nd > 16)
		nd = 16;
	nk = find_keywords(kws, 32, t, tlen);
	for (size_t i = 0; i < nd; i++) {
		if (dp[i].kind == DATEPHRASE_BARE)
			continue;
		/* the keyword this date governs: the next one after it, else the last before */
		const char *kw = NULL;
		for (size_t k = 0; k < nk && !kw; k++)
			if (kws[k].pos >= dp[i].end)
				kw = kws[k].kw;
		for (size_t k = nk; k > 0 && !kw; k--)
			if (kws[k - 1].pos < dp[i].start)
				kw = kws[k - 1].kw;
		GROW(res->obls, res->nobls, res->obls_alloc);
		struct extract_obligation *o = &res->obls[res->nobls++];
		memset(o, 0, sizeof(*o));
		o->date = dp[i].date;
		snprintf(o->keyword, sizeof(o->keyword), "%s", kw ? kw : "");
		o->description = xstrdup(t);
		struct strbuf sj = STRBUF_INIT;
		sections_json(&sj, number);
		o->sections = strbuf_detach(&sj, NULL);
		o->source = EXTRACT_TEXT;
		o->phrase = datephrase_kind_name(dp[i].kind);
		memcpy(o->rid, r->rid, sizeof(o->rid));
		o->line = line;
	}
}

/* Split a paragraph into sentences and record those with keywords. */
static void paragraph(struct extract_result *res, const char *number, cmark_node *para)
{
	struct plain pl = { STRBUF_INIT, NULL, 0, 0 };
	plain_inline(&pl, para);
	int line0 = cmark_node_get_start_line(para);
	const char *s = pl.text.buf;
	size_t len = pl.text.len, from = 0, brk = 0;
	while (from < len) {
		while (from < len && s[from] == ' ')
			from++;
		if (from >= len)
			break;
		size_t end = sentence_end(s, len, from);
		while (brk < pl.nbreaks && pl.breaks[brk] < from)
			brk++;
		add_requirement(res, number, s + from, end - from, line0 + (int)brk, 1);
		from = end;
	}
	plain_release(&pl);
}

/* ---- tables --------------------------------------------------------------- */

struct table {
	char **cells;   /* rows * cols, row-major; NULL where a row is short */
	int *lines;     /* per row */
	size_t rows, cols;
};

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->lines);
}

static int is_type(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);
	return t && !strcmp(t, name);
}

static void table_read(struct table *t, cmark_node *table)
{
	memset(t, 0, sizeof(*t));
	t->cols = cmark_gfm_extensions_get_table_columns(table);
	if (!t->cols)
		return;
	size_t alloc = 0;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
		if (alloc == t->rows) {
			alloc = alloc ? alloc * 2 : 16;
			t->cells = xrealloc(t->cells, alloc * t->cols * sizeof(char *));
			t->lines = xrealloc(t->lines, alloc * sizeof(int));
		}
		char **cells = t->cells + t->rows * t->cols;
		memset(cells, 0, t->cols * sizeof(char *));
		t->lines[t->rows] = cmark_node_get_start_line(row);
		size_t c = 0;
		for (cmark_node *cell = cmark_node_first_child(row); cell && c < t->cols; cell = cmark_node_next(cell)) {
			struct plain pl = { STRBUF_INIT, NULL, 0, 0 };
			plain_inline(&pl, cell);
			cells[c++] = fold_space(pl.text.buf, pl.text.len);
			plain_release(&pl);
		}
		t->rows++;
	}
}

static const char *cell(const struct table *t, size_t row, int col)
{
	if (col < 0 || (size_t)col >= t->cols)
		return NULL;
	const char *s = t->cells[row * t->cols + (size_t)col];
	return s && *s ? s : NULL;
}

/* Header text without emphasis markers, escapes and trailing stars. */
static char *clean_header(const char *h)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = h ? h : ""; *p; p++)
		if (*p != '*' && *p != '\\' && *p != '_')
			strbuf_addch(&sb, *p);
	char *r = fold_space(sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static int header_col(const struct table *t, const char *needle)
{
	for (size_t c = 0; c < t->cols; c++) {
		const char *h = cell(t, 0, (int)c);
		if (h && strcasestr(h, needle))
			return (int)c;
	}
	return -1;
}

/* A date at the start of a cell ("2025-03-15", "**September 15, 2024**", "2016-06-30 (note)"). */
static int cell_date(struct ct_date *d, const char *s)
{
	if (!s)
		return 0;
	while (*s == '*' || *s == '_' || *s == ' ')
		s++;
	return datephrase_parse_date(d, s, strlen(s)) > 0;
}

/*
 * Section numbers named in a cell: "[4.9.9](#...)", "3.2.2.4 and 3.2.2.5",
 * "Appendix B".  A bare number in parentheses after a section is its item
 * ("3.2.2.1 (5)" names 3.2.2.1, not section 5).
 */
static char *cell_sections(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '[');
	int n = 0;
	for (const char *p = s ? s : ""; *p;) {
		if (isdigit((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]))) {
			const char *q = p;
			int dots = 0;
			while (isdigit((unsigned char)*q) || (*q == '.' && isdigit((unsigned char)q[1]))) {
				dots += *q == '.';
				q++;
			}
			int item = n && !dots && p > s && p[-1] == '(' && *q == ')';
			if (!item && (dots > 0 || (q - p <= 2 && (q == p + 1 || *p != '0'))) && !isalpha((unsigned char)*q)) {
				strbuf_addf(&sb, "%s\"%.*s\"", n++ ? "," : "", (int)(q - p), p);
			}
			p = q;
		} else if (!strncasecmp(p, "appendix", 8) && (p == s || !isalnum((unsigned char)p[-1])) &&
			   (p[8] == ' ' || p[8] == '\t') && isalpha((unsigned char)p[9]) && !isalnum((unsigned char)p[10])) {
			/* the appendix's section, as its heading names it */
			strbuf_addf(&sb, "%s\"Appendix %c\"", n++ ? "," : "", toupper((unsigned char)p[9]));
			p += 10;
		} else {
			p++;
		}
	}
	strbuf_addch(&sb, ']');
	return strbuf_detach(&sb, NULL);
}

static void compliance_table(struct extract_result *res, const struct table *t, int date_col)
{
	int sec_col = header_col(t, "section");
	int desc_col = header_col(t, "desc");
	if (desc_col < 0)
		desc_col = header_col(t, "summary");
	int ballot_col = header_col(t, "ballot");
	int ver_col = header_col(t, "ver");
	for (size_t r = 1; r < t->rows; r++) {
		struct ct_date d;
		if (!cell_date(&d, cell(t, r, date_col)))
			continue;
		GROW(res->obls, res->nobls, res->obls_alloc);
		struct extract_obligation *o = &res->obls[res->nobls++];
		memset(o, 0, sizeof(*o));
		o->date = d;
		const char *desc = cell(t, r, desc_col);
		o->description = xstrdup(desc ? desc : "");
		const char *kw = extract_first_keyword(o->description);
		snprintf(o->keyword, sizeof(o->keyword), "%s", kw ? kw : "");
		const char *b = cell(t, r, ballot_col);
		char key[32];
		o->ballot = b && ballot_name_normalize(key, sizeof(key), b) == 0 ? xstrdup(b) : NULL;
		o->sections = cell_sections(cell(t, r, sec_col));
		const char *v = cell(t, r, ver_col);
		o->version = v && isdigit((unsigned char)*v) ? xstrdup(v) : NULL;
		o->source = EXTRACT_TABLE;
		o->line = t->lines[r];
	}
}

static void revisions_table(struct extract_result *res, const struct table *t, int ver_col, int ballot_col)
{
	int desc_col = header_col(t, "desc");
	for (size_t r = 1; r < t->rows; r++) {
		json_t *dates = json_object();
		for (size_t c = 0; c < t->cols; c++) {
			struct ct_date d;
			if ((int)c == ver_col || (int)c == ballot_col || (int)c == desc_col)
				continue;
			if (!cell_date(&d, cell(t, r, (int)c)))
				continue;
			char buf[11];
			ct_date_format(buf, &d);
			char *h = clean_header(cell(t, 0, (int)c));
			json_object_set_new(dates, *h ? h : "Date", json_string(buf));
			free(h);
		}
		const char *v = cell(t, r, ver_col);
		const char *b = cell(t, r, ballot_col);
		const char *desc = cell(t, r, desc_col);
		if (!v && !b && !desc && !json_object_size(dates)) {
			json_decref(dates);
			continue;
		}
		GROW(res->revs, res->nrevs, res->revs_alloc);
		struct extract_revision *rv = &res->revs[res->nrevs++];
		char key[32];
		rv->version = v && isdigit((unsigned char)*v) ? xstrdup(v) : NULL;
		rv->ballot = b && ballot_name_normalize(key, sizeof(key), b) == 0 ? xstrdup(b) : NULL;
		rv->description = xstrdup(desc ? desc : "");
		rv->dates = json_dumps(dates, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(dates);
	}
}

static void table(struct extract_result *res, const char *number, cmark_node *node)
{
	struct table t;
	table_read(&t, node);
	if (t.rows == 0) {
		table_free(&t);
		return;
	}
	int comp = header_col(&t, "compliance");
	int ver = header_col(&t, "ver");
	int ballot = header_col(&t, "ballot");
	if (comp >= 0) {
		compliance_table(res, &t, comp);
	} else if (ver >= 0 && ballot >= 0) {
		revisions_table(res, &t, ver, ballot);
	} else {
		/* An ordinary table: each body row with a keyword is a requirement. */
		struct strbuf row = STRBUF_INIT;
		for (size_t r = 1; r < t.rows; r++) {
			strbuf_reset(&row);
			for (size_t c = 0; c < t.cols; c++) {
				const char *x = cell(&t, r, (int)c);
				if (c)
					strbuf_addstr(&row, " | ");
				strbuf_addstr(&row, x ? x : "");
			}
			add_requirement(res, number, row.buf, row.len, t.lines[r], 0);
		}
		strbuf_release(&row);
	}
	table_free(&t);
}

/* ---- the walk ----------------------------------------------------------- */

static cmark_syntax_extension *table_extension(void)
{
	static cmark_syntax_extension *ext;
	if (!ext) {
		cmark_gfm_core_extensions_ensure_registered();
		ext = cmark_find_syntax_extension("table");
	}
	return ext;
}

int extract_section(struct extract_result *res, const char *number, const char *text, size_t len)
{
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_syntax_extension *ext = table_extension();
	if (ext)
		cmark_parser_attach_syntax_extension(parser, ext);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);

	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_HEADING) {
			/* quotations and headings state no requirement: skip their subtree */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		} else if (type == CMARK_NODE_PARAGRAPH) {
			paragraph(res, number, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		} else if (is_type(n, "table")) {
			table(res, number, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return 0;
}
