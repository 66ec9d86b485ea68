/*
 * check.c - the rules of `cabtrack check` (see check.h).
 *
 * Everything is read from what the import stored: the head version's
 * sections (with their texts), requirements, dated obligations and
 * Revisions rows, and with a base the diff between the two (diff.h).  Each
 * section text is parsed once with cmark-gfm (tables attached) for its
 * links, explicit anchors and lower-case keywords; source positions are
 * relative to the section, whose first line is its heading.
 *
 * What the rules take as a match, tuned on the S/MIME and TLS BRs:
 *   anchors     GitHub's (anchor.h): the outline's, made from the heading
 *               lines as written; compared after %XX decoding, in lower case
 *   numbers     the outline's, or a title's "3.2.2.4.13:"; the usual level
 *               offset is learnt from the document; an orphan's siblings
 *               wait for their parent
 *   dates       a table row matches when its sections write its date (give
 *               or take a day: "after May 31" is June 1) or, its date
 *               dropped, 60% of its words; text dates older than the
 *               table's first row were retired from it on purpose
 *   rows        a row is new by its version; placeholders ("1.0.X") and
 *               dates in the Version column are no versions
 *   terms       a run of capitalised words is a term when a word of it is
 *               written in lower case elsewhere in the document (else it is
 *               a name: "Germany") and no 1.6.1 term, 1.6.2 acronym, term
 *               defined on the spot ("as defined in", "hereinafter"),
 *               heading title or reference ("Section 4") covers it
 *
 * Invariants: a finding's `line` is a line of the head document (from 1);
 * findings come out sorted by line, in the order the rules found them
 * within a line; nothing here writes to the database.
 */
#include "tracker/check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "importers/anchor.h"
#include "tracker/anchor_match.h"
#include "tracker/ballots.h"
#include "importers/datephrase.h"
#include "tracker/diff.h"
#include "tracker/base/error.h"
#include "importers/extract.h"
#include "importers/mdsplit.h"
#include "tracker/base/strbuf.h"
#include "db/query.h"
#include "tracker/outline.h"

static const char *const rule_names[CHECK_NRULES] = {
	"broken-anchor", "section-numbering", "revision-row", "date-mismatch",
	"date-before-adoption", "lowercase-keyword", "undefined-term",
};

const char *check_rule_name(enum check_rule rule)
{
	return rule < CHECK_NRULES ? rule_names[rule] : "?";
}

unsigned check_rules_not_run(const struct check_options *opts, int has_base)
{
	unsigned out = 0;
	if (!has_base)
		out |= 1u << CHECK_REVISION_ROW | 1u << CHECK_UNDEFINED_TERM | 1u << CHECK_DATE_BEFORE_ADOPTION;
	if (!opts->vote_end)
		out |= 1u << CHECK_DATE_BEFORE_ADOPTION;
	return out & opts->rules;
}

/* Is a finding of `rule` an error (else a warning)? */
static int is_error(int rule)
{
	return rule == CHECK_BROKEN_ANCHOR || rule == CHECK_SECTION_NUMBERING || rule == CHECK_REVISION_ROW ||
	       rule == CHECK_DATE_MISMATCH;
}

struct check {
	struct ct_db *db;
	const struct check_options *opts;
	json_t *sections;       /* the head's sections, with text */
	struct outline outline; /* outline_build(sections) */
	long *starts;           /* first document line of each section */
	size_t nsections;
	json_t *reqs;           /* the head's requirements */
	json_t *obls;           /* the head's dated obligations, "doc_line" added */
	json_t *diff;           /* base..head (diff_versions), or NULL */
	char *normative;        /* per section: it holds a requirement */
	json_t *links;          /* internal links: [{anchor, line, pos}] */
	json_t *ids;            /* explicit anchors (<a id>, <a name>): id -> line */
	json_t *findings;
};

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int on(const struct check *c, int rule)
{
	return (c->opts->rules >> rule) & 1;
}

/* Section `pos`'s number, or NULL when it has none. */
static const char *number_of(const struct check *c, size_t pos)
{
	return pos < c->outline.n ? c->outline.v[pos].number : NULL;
}

/* What a table row calls the section at pos: its number, else "Appendix B" for an appendix (buf: 12 bytes). */
static const char *reference_of(const struct check *c, size_t pos, char *buf)
{
	const char *num = number_of(c, pos);
	if (num)
		return num;
	return pos < c->outline.n && md_appendix_name(buf, c->outline.v[pos].title) ? buf : NULL;
}

/* Is section number `num` `parent` or one of its subsections? */
static int under(const char *num, const char *parent)
{
	size_t n = strlen(parent);
	return num && n && !strncmp(num, parent, n) && (num[n] == '\0' || num[n] == '.');
}

/* Record a finding; returns it (borrowed) for the caller to add fields. */
__attribute__((format(printf, 4, 5)))
static json_t *finding(struct check *c, int rule, long line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	json_t *f = json_pack("{s:s, s:s, s:I, s:s}", "severity", is_error(rule) ? "error" : "warning",
			      "rule", rule_names[rule], "line", (json_int_t)line, "message", msg.buf);
	strbuf_release(&msg);
	json_array_append_new(c->findings, f);
	return f;
}

static void set_str(json_t *f, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(f, key, json_string(value));
}

/* ---- one pass over each section's Markdown --------------------------- */

static void add_link(struct check *c, const char *anchor, size_t len, long line, size_t pos)
{
	json_array_append_new(c->links, json_pack("{s:s%, s:I, s:I}", "anchor", anchor, len, "line", (json_int_t)line,
						  "pos", (json_int_t)pos));
}

/*
 * Find attribute `name` in the HTML at s[0..len) from `from`: 1 with its
 * value's offset in *at and length in *n, else 0.
 */
static int html_attr(size_t *at, size_t *n, const char *s, size_t len, size_t from, const char *name)
{
	size_t k = strlen(name);
	for (size_t i = from; i + k + 1 < len; i++) {
		if ((i && !isspace((unsigned char)s[i - 1])) || strncasecmp(s + i, name, k) || s[i + k] != '=')
			continue;
		size_t v = i + k + 1;
		char q = s[v] == '"' || s[v] == '\'' ? s[v++] : 0;
		size_t e = v;
		while (e < len && (q ? s[e] != q : !isspace((unsigned char)s[e]) && s[e] != '>'))
			e++;
		*at = v;
		*n = e - v;
		return 1;
	}
	return 0;
}

/* Links (href="#x") and explicit anchors (id="x", name="x") in raw HTML that starts at section line `line`. */
static void scan_html(struct check *c, const char *s, long line, size_t pos)
{
	static const char *const attrs[] = { "href", "id", "name" };
	size_t len = strlen(s);
	for (size_t a = 0; a < 3; a++) {
		size_t at, n, from = 0;
		while (html_attr(&at, &n, s, len, from, attrs[a])) {
			long l = c->starts[pos] + line - 1;
			for (size_t k = 0; k < at; k++)
				l += s[k] == '\n';
			if (a == 0 && n && s[at] == '#') {
				add_link(c, s + at + 1, n - 1, l, pos);
			} else if (a > 0 && n) {
				char *id = xstrndup(s + at, n);
				json_object_set_new(c->ids, id, json_integer(l));
				free(id);
			}
			from = at + n;
		}
	}
}

static const char *const lower_keywords[] = { "must", "shall", "should" };

/*
 * Lower-case "must", "shall" and "should" in one text node, outside
 * quotations; *quoted carries the quotation state across the nodes of a
 * paragraph or table cell.
 */
static void scan_lowercase(struct check *c, const char *s, long line, size_t pos, int *quoted)
{
	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"') {
			*quoted = !*quoted;
			continue;
		}
		if (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] == 0x9c ||
								    (unsigned char)s[i + 2] == 0x9d)) {
			*quoted = (unsigned char)s[i + 2] == 0x9c; /* “ opens, ” closes */
			i += 2;
			continue;
		}
		if (*quoted || !islower(ch) || (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')))
			continue;
		for (size_t k = 0; k < sizeof(lower_keywords) / sizeof(lower_keywords[0]); k++) {
			size_t n = strlen(lower_keywords[k]);
			if (strncmp(s + i, lower_keywords[k], n) || isalnum((unsigned char)s[i + n]) || s[i + n] == '_')
				continue;
			char upper[8];
			for (size_t j = 0; j <= n; j++)
				upper[j] = (char)toupper((unsigned char)lower_keywords[k][j]);
			json_t *f = finding(c, CHECK_LOWERCASE_KEYWORD, c->starts[pos] + line - 1,
					    "\"%s\" in lower case in a normative section: write %s if it states a requirement, else reword",
					    lower_keywords[k], upper);
			set_str(f, "section", number_of(c, pos));
			set_str(f, "word", lower_keywords[k]);
			i += n - 1;
			break;
		}
	}
}

/* Sections 1.6 and under (definitions, acronyms, references, conventions) quote and define, not require. */
static int is_definitions(const char *number)
{
	return under(number, "1.6");
}

/*
 * One section's Markdown: its internal links and explicit anchors, and
 * (when the rule is on and the section is normative) lower-case keywords
 * outside headings, quotations, code and links.
 */
static void walk_section(struct check *c, size_t pos)
{
	const char *text = str(json_array_get(c->sections, pos), "text");
	int lower = on(c, CHECK_LOWERCASE_KEYWORD) && c->normative[pos] && !is_definitions(number_of(c, pos));
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_gfm_core_extensions_ensure_registered();
	cmark_syntax_extension *tables = cmark_find_syntax_extension("table");
	if (tables)
		cmark_parser_attach_syntax_extension(parser, tables);
	cmark_parser_feed(parser, text, strlen(text));
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int quiet = 0, quoted = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		const char *name = cmark_node_get_type_string(n);
		int hush = type == CMARK_NODE_HEADING || type == CMARK_NODE_BLOCK_QUOTE || !strcmp(name, "table_header");
		if (ev == CMARK_EVENT_EXIT) {
			quiet -= hush;
			continue;
		}
		quiet += hush;
		if (type == CMARK_NODE_PARAGRAPH || !strcmp(name, "table_cell"))
			quoted = 0;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
			const char *url = cmark_node_get_url(n);
			if (type == CMARK_NODE_LINK && url && *url == '#')
				add_link(c, url + 1, strlen(url + 1), c->starts[pos] + cmark_node_get_start_line(n) - 1, pos);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* link text is no sentence */
		} else if (type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK) {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				scan_html(c, lit, cmark_node_get_start_line(n), pos);
		} else if (type == CMARK_NODE_TEXT && lower && !quiet) {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				scan_lowercase(c, lit, cmark_node_get_start_line(n), pos, &quoted);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

/* ---- broken-anchor ------------------------------------------------------ */

/* A link's or an explicit id's fragment as anchors are compared (anchor_link_key). */
static char *anchor_key(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	anchor_link_key(&sb, s, len);
	return strbuf_detach(&sb, NULL);
}

static void rule_broken_anchor(struct check *c)
{
	json_t *valid = json_object(); /* anchor -> null: a set (no value to allocate) */
	size_t i, n = c->outline.n;
	const char **as = xcalloc(n ? n : 1, sizeof(*as)), **nums = xcalloc(n ? n : 1, sizeof(*nums));
	for (i = 0; i < n; i++) {
		/* outline_build makes them as GitHub does (anchor.h). */
		const char *a = c->outline.v[i].anchor;
		if (a)
			json_object_set_new(valid, a, json_null());
		as[i] = a;
		nums[i] = c->outline.v[i].number;
	}
	struct anchor_match *match = anchor_match_new(as, nums, n);
	free(nums);
	const char *id;
	json_t *v;
	json_object_foreach(c->ids, id, v) {
		char *k = anchor_key(id, strlen(id));
		json_object_set_new(valid, k, json_null());
		free(k);
	}
	json_t *l;
	json_array_foreach(c->links, i, l) {
		const char *want = str(l, "anchor");
		char *k = anchor_key(want, strlen(want));
		if (!json_object_get(valid, k)) {
			const char *why = NULL;
			long m = anchor_match_meant(match, k, &why);
			size_t pos = (size_t)json_integer_value(json_object_get(l, "pos"));
			json_t *f;
			if (m >= 0) {
				const struct outline_section *h = &c->outline.v[m];
				const char *num = h->number;
				f = finding(c, CHECK_BROKEN_ANCHOR, (long)json_integer_value(json_object_get(l, "line")),
					    "link to #%s matches no heading; did you mean #%s (%s%s%s, line %lld; %s)?", want,
					    as[m], num ? num : "", num ? " " : "",
					    h->title, (long long)h->line_start, why);
				json_object_set_new(f, "meant", json_pack("{s:s, s:s?, s:s}", "anchor",
							as[m], "section", num,
							"title", h->title));
			} else {
				f = finding(c, CHECK_BROKEN_ANCHOR, (long)json_integer_value(json_object_get(l, "line")),
					    "link to #%s matches no heading or anchor", want);
			}
			set_str(f, "anchor", want);
			set_str(f, "section", number_of(c, pos));
		}
		free(k);
	}
	anchor_match_free(match);
	free(as);
	json_decref(valid);
}

/* ---- section-numbering -------------------------------------------------- */

static int parts_of(const char *number)
{
	int n = 1;
	for (const char *p = number; *p; p++)
		n += *p == '.';
	return n;
}

/*
 * A heading's section number: the outline's, else one the title starts
 * with before a colon ("3.2.2.4.13: Email to DNS CAA Contact", which
 * mdsplit leaves unnumbered).  Returns a new string or NULL.
 */
static char *heading_number(const struct outline_section *o)
{
	const char *num = o->number;
	if (num)
		return *num ? xstrdup(num) : NULL;
	const char *t = o->title;
	size_t n = 0;
	while (isdigit((unsigned char)t[n]) || (t[n] == '.' && isdigit((unsigned char)t[n + 1])))
		n++;
	return n && isdigit((unsigned char)*t) && t[n] == ':' ? xstrndup(t, n) : NULL;
}

/*
 * Judge heading `o` numbered `num`, given the usual level `offset` and
 * what came before: `seen` (number -> line), `last` (parent -> its last
 * child's number), `missing` (parents reported absent).
 */
static void number_one(struct check *c, const struct outline_section *o, const char *num, int offset, json_t *seen,
		       json_t *last, json_t *missing)
{
	if (!num)
		return;
	long line = o->line_start;
	int level = o->level;
	int want = parts_of(num) + offset;
	if (level != want) {
		json_t *f = finding(c, CHECK_SECTION_NUMBERING, line,
				    "section %s is a level-%d heading (%.*s) but its number has %d part%s: expected %.*s",
				    num, level, level, "######", parts_of(num), parts_of(num) == 1 ? "" : "s",
				    want > 0 && want <= 6 ? want : 0, "######");
		set_str(f, "section", num);
	}
	json_t *first = json_object_get(seen, num);
	if (first) {
		json_t *f = finding(c, CHECK_SECTION_NUMBERING, line, "duplicate section number %s (also at line %lld)",
				    num, (long long)json_integer_value(first));
		set_str(f, "section", num);
		return;
	}
	json_object_set_new(seen, num, json_integer(line));

	const char *dot = strrchr(num, '.');
	char *parent = dot ? xstrndup(num, (size_t)(dot - num)) : xstrdup("");
	long k = strtol(dot ? dot + 1 : num, NULL, 10);
	long prev = (long)json_integer_value(json_object_get(last, parent));
	if (*parent && !json_object_get(seen, parent)) {
		if (!json_object_get(missing, parent)) {
			json_t *f = finding(c, CHECK_SECTION_NUMBERING, line,
					    "section %s has no parent: there is no section %s before it", num, parent);
			set_str(f, "section", num);
			json_object_set_new(missing, parent, json_true());
		}
		free(parent);
		return; /* its siblings are judged once the parent comes */
	}
	if (k > prev + 1) {
		const char *sep = *parent ? "." : "";
		struct strbuf after = STRBUF_INIT, lack = STRBUF_INIT;
		if (prev)
			strbuf_addf(&after, "follows %s%s%ld", parent, sep, prev);
		else if (*parent)
			strbuf_addf(&after, "is the first under %s", parent);
		else
			strbuf_addstr(&after, "is the first section");
		strbuf_addf(&lack, "%s%s%ld", parent, sep, prev + 1);
		if (k > prev + 2)
			strbuf_addf(&lack, " to %s%s%ld", parent, sep, k - 1);
		json_t *f = finding(c, CHECK_SECTION_NUMBERING, line, "gap: section %s %s; there is no %s", num,
				    after.buf, lack.buf);
		set_str(f, "section", num);
		strbuf_release(&after);
		strbuf_release(&lack);
	} else if (k <= prev) {
		json_t *f = finding(c, CHECK_SECTION_NUMBERING, line, "section %s comes after %s%s%ld: out of order",
				    num, parent, *parent ? "." : "", prev);
		set_str(f, "section", num);
	}
	if (k > prev)
		json_object_set_new(last, parent, json_integer(k));
	free(parent);
}

static void rule_numbering(struct check *c)
{
	/* The usual distance between heading level and number depth ("# 1." is 0). */
	int counts[16] = { 0 }, offset = 0;
	size_t i;
	for (i = 0; i < c->outline.n; i++) {
		char *num = heading_number(&c->outline.v[i]);
		int d = c->outline.v[i].level - (num ? parts_of(num) : 0);
		if (num && d >= -8 && d < 8)
			counts[d + 8]++;
		free(num);
	}
	for (int k = 0; k < 16; k++)
		if (counts[k] > counts[offset + 8])
			offset = k - 8;

	json_t *seen = json_object(), *last = json_object(), *missing = json_object();
	for (i = 0; i < c->outline.n; i++) {
		char *num = heading_number(&c->outline.v[i]);
		number_one(c, &c->outline.v[i], num, offset, seen, last, missing);
		free(num);
	}
	json_decref(seen);
	json_decref(last);
	json_decref(missing);
}

/* ---- date-mismatch ------------------------------------------------------ */

/* Is one of the two sections the other or under it? */
static int related(const char *a, const char *b)
{
	return under(a, b) || under(b, a);
}

static void norm_word(struct strbuf *sb, const char *w, size_t n);

/* What the date rules know of each section, filled in as needed. */
struct texts {
	json_t *dates;          /* per section: the dates its text writes (object), or null */
	json_t *words;          /* per section: its words, normalised (object), or null */
	const char *table;      /* per section: it holds compliance-table rows */
};

/* Add the words of s (three letters or more, or with a digit: "3.2.2.4.2") to `set`, normalised. */
static void add_words(json_t *set, const char *s, struct strbuf *sb)
{
	while (*s) {
		if (!isalnum((unsigned char)*s)) {
			s++;
			continue;
		}
		size_t n = 0, digits = 0;
		while (isalnum((unsigned char)s[n]) || (s[n] == '.' && isdigit((unsigned char)s[n + 1])))
			digits += isdigit((unsigned char)s[n++]) != 0;
		if (n >= 3 || digits) {
			strbuf_reset(sb);
			norm_word(sb, s, n);
			json_object_set_new(set, sb->buf, json_true());
		}
		s += n;
	}
}

/* Section `pos`'s dates (words: 0) or words (1), computed once. */
static json_t *section_set(struct check *c, struct texts *x, size_t pos, int words)
{
	json_t *cache = words ? x->words : x->dates, *set = json_array_get(cache, pos);
	if (!json_is_null(set))
		return set;
	const char *t = str(json_array_get(c->sections, pos), "text");
	set = json_object();
	if (words) {
		struct strbuf sb = STRBUF_INIT;
		add_words(set, t, &sb);
		strbuf_release(&sb);
	} else {
		size_t len = strlen(t), n = datephrase_find(NULL, 0, t, len);
		struct datephrase *dp = xcalloc(n ? n : 1, sizeof(*dp));
		datephrase_find(dp, n, t, len);
		for (size_t k = 0; k < n; k++) {
			char buf[11];
			ct_date_format(buf, &dp[k].date);
			json_object_set_new(set, buf, json_true());
		}
		free(dp);
	}
	json_array_set_new(cache, pos, set);
	return set;
}

/* Does the row name section `pos` (any section but the table's own when it names none)? */
static int row_names(struct check *c, struct texts *x, json_t *row, size_t pos)
{
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (x->table[pos])
		return 0;
	if (!json_array_size(secs))
		return 1;
	char appendix[12];
	const char *ref = reference_of(c, pos, appendix);
	json_array_foreach(secs, i, s)
		if (under(ref, json_string_value(s)))
			return 1;
	return 0;
}

/*
 * The row's date and the days either side, as YYYY-MM-DD: "after May 31"
 * and "from June 1" are the same date.
 */
static void near_dates(char out[3][11], const char *date)
{
	struct ct_date d;
	memset(out, 0, 3 * 11);
	if (ct_date_parse_strict(&d, date) < 0) {
		ct_error_drop("a row's date that is no calendar date still matches the same text exactly");
		snprintf(out[0], 11, "%s", date);
		return;
	}
	for (int k = -1; k <= 1; k++) {
		struct ct_date e = ct_date_add_days(d, k);
		ct_date_format(out[k + 1], &e);
	}
}

/* Are the two dates (YYYY-MM-DD) at most a day apart? */
static int dates_near(const char *a, const char *b)
{
	char near[3][11];
	near_dates(near, a);
	return !strcmp(near[0], b) || !strcmp(near[1], b) || !strcmp(near[2], b);
}

/* Do the sections the row names write its date (give or take a day)?  *named: do they exist? */
static int row_date_written(struct check *c, struct texts *x, json_t *row, int *named)
{
	char near[3][11];
	near_dates(near, str(row, "date"));
	*named = 0;
	for (size_t pos = 0; pos < c->nsections; pos++) {
		if (!row_names(c, x, row, pos))
			continue;
		json_t *set = section_set(c, x, pos, 0);
		*named = 1;
		for (int k = 0; k < 3; k++)
			if (*near[k] && json_object_get(set, near[k]))
				return 1;
	}
	return 0;
}

/*
 * The share (percent) of the row's description words that the sections it
 * names write: a requirement kept after its date passed and was dropped
 * from the text still matches its row.
 */
static int row_words_written(struct check *c, struct texts *x, json_t *row)
{
	json_t *want = json_object();
	struct strbuf sb = STRBUF_INIT;
	add_words(want, str(row, "description"), &sb);
	strbuf_release(&sb);
	size_t total = json_object_size(want), found = 0;
	for (size_t pos = 0; pos < c->nsections && found < total; pos++) {
		if (!row_names(c, x, row, pos))
			continue;
		json_t *have = section_set(c, x, pos, 1), *v;
		const char *w;
		void *tmp;
		json_object_foreach_safe(want, tmp, w, v)
			if (json_object_get(have, w)) {
				json_object_del(want, w);
				found++;
			}
	}
	json_decref(want);
	return total ? (int)(found * 100 / total) : 100;
}

/* The share of a row's words its sections must write for the row to match without its date. */
#define CHECK_WORDS_MATCH 60

/* Does the table row cover the text obligation: same date, and a section of the row holds it? */
static int row_covers(json_t *row, json_t *text)
{
	if (!dates_near(str(row, "date"), str(text, "date")))
		return 0;
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (!json_array_size(secs))
		return 1;
	json_array_foreach(secs, i, s)
		if (related(str(text, "section"), json_string_value(s)))
			return 1;
	return 0;
}

/* Could the text obligation be the one the row meant, at another date? */
static int same_obligation(json_t *row, json_t *text)
{
	const char *kr = str(row, "keyword"), *kt = str(text, "keyword");
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (!json_array_size(secs))
		return *kr && !strcmp(kr, kt) && *str(row, "ballot_key") &&
		       !strcmp(str(row, "ballot_key"), str(text, "origin_ballot_key"));
	if (*kr && *kt && strcmp(kr, kt))
		return 0;
	json_array_foreach(secs, i, s)
		if (related(str(text, "section"), json_string_value(s)))
			return 1;
	return 0;
}

static void sections_list(struct strbuf *sb, json_t *secs)
{
	json_t *s;
	size_t i;
	json_array_foreach(secs, i, s)
		strbuf_addf(sb, "%s%s", i ? ", " : "", json_string_value(s));
}

static void rule_date_mismatch(struct check *c)
{
	json_t *rows = json_array(), *texts = json_array(), *o;
	char *table = xcalloc(c->nsections + 1, 1);
	const char *earliest = NULL;
	size_t i, j;
	json_array_foreach(c->obls, i, o) {
		if (!strcmp(str(o, "source"), "table")) {
			json_array_append(rows, o);
			table[json_integer_value(json_object_get(o, "pos"))] = 1;
			if (!earliest || strcmp(str(o, "date"), earliest) < 0)
				earliest = str(o, "date");
		}
	}
	if (!earliest)
		goto out; /* no compliance table: nothing to compare */
	/*
	 * The table lists dates from its first row on: older dates in the text
	 * were retired from it on purpose (the BR's table starts in 2025).
	 */
	json_array_foreach(c->obls, i, o)
		if (strcmp(str(o, "source"), "table") && strcmp(str(o, "date"), earliest) >= 0 &&
		    !table[json_integer_value(json_object_get(o, "pos"))])
			json_array_append(texts, o);

	struct texts x = { json_array(), json_array(), table };
	for (i = 0; i < c->nsections; i++) {
		json_array_append_new(x.dates, json_null());
		json_array_append_new(x.words, json_null());
	}
	char *text_ok = xcalloc(json_array_size(texts) + 1, 1);
	json_t *r, *t;
	json_array_foreach(texts, j, t)
		json_array_foreach(rows, i, r)
			if (row_covers(r, t)) {
				text_ok[j] = 1;
				break;
			}

	struct strbuf secs = STRBUF_INIT;
	json_array_foreach(rows, i, r) {
		int named;
		if (row_date_written(c, &x, r, &named))
			continue;
		strbuf_reset(&secs);
		sections_list(&secs, json_object_get(r, "sections"));
		long line = (long)json_integer_value(json_object_get(r, "doc_line"));
		json_t *f = NULL;
		if (!named) {
			f = finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") names section %s, which the document does not have",
				    str(r, "date"), str(r, "description"), secs.buf);
			set_str(f, "date", str(r, "date"));
			set_str(f, "section", secs.buf);
			continue;
		}
		json_array_foreach(texts, j, t) {
			if (text_ok[j] || !same_obligation(r, t))
				continue;
			f = finding(c, CHECK_DATE_MISMATCH, line,
				    "the compliance table dates \"%s\" %s, but the text of %s (line %lld) says %s",
				    str(r, "description"), str(r, "date"), str(t, "section"),
				    (long long)json_integer_value(json_object_get(t, "doc_line")), str(t, "date"));
			set_str(f, "text_date", str(t, "date"));
			json_object_set(f, "text_line", json_object_get(t, "doc_line"));
			text_ok[j] = 1;
			break;
		}
		if (!f) {
			int share = row_words_written(c, &x, r);
			if (share >= CHECK_WORDS_MATCH)
				continue;
			f = finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") has no matching text in %s%s: neither the date nor the requirement (%d%% of its words)",
				    str(r, "date"), str(r, "description"), secs.len ? "section " : "the document",
				    secs.buf, share);
		}
		set_str(f, "date", str(r, "date"));
		set_str(f, "section", secs.len ? secs.buf : NULL);
	}
	const char *table_num = number_of(c, (size_t)json_integer_value(json_object_get(json_array_get(rows, 0), "pos")));
	json_array_foreach(texts, j, t) {
		if (text_ok[j])
			continue;
		json_t *f = finding(c, CHECK_DATE_MISMATCH, (long)json_integer_value(json_object_get(t, "doc_line")),
				    "dated requirement (%s%s%s) in %s is missing from the compliance table%s%s",
				    str(t, "date"), *str(t, "keyword") ? ", " : "", str(t, "keyword"), str(t, "section"),
				    table_num ? " in " : "", table_num ? table_num : "");
		set_str(f, "date", str(t, "date"));
		set_str(f, "section", str(t, "section"));
	}
	strbuf_release(&secs);
	free(text_ok);
	json_decref(x.dates);
	json_decref(x.words);
out:
	free(table);
	json_decref(rows);
	json_decref(texts);
}

/* ---- revision-row ------------------------------------------------------- */

/* Split "1.0.10" into parts; returns how many (at most 8). */
static int version_parts(long *out, const char *v)
{
	int n = 0;
	while (v && isdigit((unsigned char)*v) && n < 8) {
		char *end;
		out[n++] = strtol(v, &end, 10);
		v = *end == '.' ? end + 1 : "";
	}
	return n;
}

static int version_cmp(const char *a, const char *b)
{
	long pa[8] = { 0 }, pb[8] = { 0 };
	version_parts(pa, a);
	version_parts(pb, b);
	for (int i = 0; i < 8; i++)
		if (pa[i] != pb[i])
			return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

/* Is `v` the version right after `last`: one part up by one, the parts after it zero? */
static int version_follows(const char *v, const char *last)
{
	long pv[8] = { 0 }, pl[8] = { 0 };
	int nv = version_parts(pv, v), nl = version_parts(pl, last);
	int n = nv > nl ? nv : nl, k = 0;
	if (!nv || !nl)
		return 1; /* not a version number: nothing to say */
	while (k < n && pv[k] == pl[k])
		k++;
	if (k == n || pv[k] != pl[k] + 1)
		return 0;
	for (int i = k + 1; i < n; i++)
		if (pv[i])
			return 0;
	return 1;
}

static void revision_key(struct strbuf *sb, json_t *row)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s|%s|%s", str(row, "version"), str(row, "ballot_key"), str(row, "description"));
}

/*
 * The document line of a Revisions row: a table line whose first cell is
 * its version ("--" or empty when it has none) and which holds its
 * description (else its ballot); 0 when none is found.
 */
static long revision_line(struct check *c, json_t *row)
{
	const char *v = str(row, "version"), *want = *str(row, "description") ? str(row, "description") : str(row, "ballot");
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *t = str(json_array_get(c->sections, pos), "text");
		long line = c->starts[pos];
		for (const char *p = t; *p; line++) {
			const char *eol = strchrnul(p, '\n'), *q = p + 1;
			while (q < eol && (*q == ' ' || *q == '*'))
				q++;
			const char *e = q;
			while (e < eol && *e != '|' && *e != ' ' && *e != '*')
				e++;
			size_t n = (size_t)(e - q);
			int version_ok = *v ? n == strlen(v) && !strncmp(q, v, n) : n == 0 || strspn(q, "-") == n;
			if (*p == '|' && version_ok && (!*want || memmem(p, (size_t)(eol - p), want, strlen(want))))
				return line;
			p = *eol ? eol + 1 : eol;
		}
	}
	return 0;
}

/* A version cell that is no version number: a draft's placeholder ("1.0.X", "TBD") or a date. */
static int is_placeholder(const char *v)
{
	return strspn(v, "0123456789.") != strlen(v);
}

static int row_version_cmp(const void *a, const void *b)
{
	return version_cmp(str(*(json_t *const *)a, "version"), str(*(json_t *const *)b, "version"));
}

/* Sort Revisions rows by version number, in place. */
static void sort_by_version(json_t *rows)
{
	size_t n = json_array_size(rows);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(rows, i));
	qsort(v, n, sizeof(*v), row_version_cmp);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, v[i]);
	free(v);
}

static int rule_revision_row(struct check *c, int64_t base_vid, int64_t head_vid)
{
	json_t *brevs = NULL, *hrevs = NULL, *keys = json_object(), *added = json_array(), *r;
	struct strbuf key = STRBUF_INIT;
	size_t i;
	int rc = query_revisions(&brevs, c->db, base_vid);
	if (rc == 0)
		rc = query_revisions(&hrevs, c->db, head_vid);
	if (rc < 0)
		goto out; /* could not read the Revisions tables: said, not taken for "no finding" */
	if (!json_array_size(hrevs))
		goto out; /* no Revisions table to keep */
	/*
	 * A row is new when its version is (or, without one, its whole text);
	 * a ballot that edits old rows' descriptions adds none.
	 */
	const char *last = NULL;
	json_array_foreach(brevs, i, r) {
		const char *v = json_string_value(json_object_get(r, "version"));
		revision_key(&key, r);
		json_object_set_new(keys, v ? v : key.buf, json_true());
		if (v && !is_placeholder(v) && strchr(v, '.') && (!last || version_cmp(v, last) > 0))
			last = v;
	}
	json_array_foreach(hrevs, i, r) {
		const char *v = json_string_value(json_object_get(r, "version"));
		revision_key(&key, r);
		if (!json_object_get(keys, v ? v : key.buf))
			json_array_append(added, r);
	}
	size_t nreqs = json_array_size(json_object_get(c->diff, "requirements"));
	size_t ndates = json_array_size(json_object_get(c->diff, "dates"));
	if (!json_array_size(added) && (nreqs || ndates)) {
		long line = revision_line(c, json_array_get(hrevs, json_array_size(hrevs) - 1));
		finding(c, CHECK_REVISION_ROW, line ? line : 1,
			"the change alters normative text (%zu requirement%s, %zu date%s) but the Revisions table gained no row",
			nreqs, nreqs == 1 ? "" : "s", ndates, ndates == 1 ? "" : "s");
	}
	/* the new versions in order, each following the one before (rows of one version share it) */
	json_t *versions = json_array();
	json_array_foreach(added, i, r) {
		const char *v = json_string_value(json_object_get(r, "version"));
		if (v && !is_placeholder(v))
			json_array_append(versions, r);
	}
	sort_by_version(versions);
	json_array_foreach(versions, i, r) {
		const char *v = str(r, "version");
		if (!last || !version_cmp(v, last) || version_follows(v, last)) {
			last = v;
			continue;
		}
		long line = revision_line(c, r);
		json_t *f = finding(c, CHECK_REVISION_ROW, line ? line : 1,
				    "the new Revisions row's version %s does not follow the last one, %s", v, last);
		set_str(f, "version", v);
		set_str(f, "previous_version", last);
		last = v;
	}
	json_decref(versions);
out:
	strbuf_release(&key);
	json_decref(keys);
	json_decref(added);
	json_decref(brevs);
	json_decref(hrevs);
	return rc;
}

/* ---- date-before-adoption ----------------------------------------------- */

/* The head obligation a diff date entry stands for, or NULL. */
static json_t *obligation_of(struct check *c, json_t *d)
{
	json_t *o;
	size_t i;
	json_array_foreach(c->obls, i, o)
		if (!strcmp(str(o, "date"), str(d, "date")) && !strcmp(str(o, "source"), str(d, "source")) &&
		    !strcmp(str(o, "description"), str(d, "description")) && !strcmp(str(o, "section"), str(d, "section")))
			return o;
	return NULL;
}

static void rule_date_before_adoption(struct check *c)
{
	const struct check_options *opts = c->opts;
	int64_t ipr = opts->ipr_end ? opts->ipr_end : ballots_ipr_end(opts->vote_end, opts->type);
	struct ct_date end = ct_date_from_days((long)(ipr / 86400)), vote = ct_date_from_days((long)(opts->vote_end / 86400));
	char end_s[11], vote_s[11];
	ct_date_format(end_s, &end);
	ct_date_format(vote_s, &vote);
	json_t *d;
	size_t i;
	json_array_foreach(json_object_get(c->diff, "dates"), i, d) {
		const char *change = str(d, "change");
		struct ct_date date;
		if ((strcmp(change, "added") && strcmp(change, "moved")) || ct_date_parse_strict(&date, str(d, "date")) < 0 ||
		    ct_date_cmp(date, end) >= 0)
			continue;
		json_t *o = obligation_of(c, d);
		json_t *f = finding(c, CHECK_DATE_BEFORE_ADOPTION, o ? (long)json_integer_value(json_object_get(o, "doc_line")) : 1,
				    "new date %s is earlier than the end of %s's IP review (%s: vote end %s + %lld days), "
				    "so it could fall before the ballot takes effect",
				    str(d, "date"), opts->ballot ? opts->ballot : "the ballot", end_s, vote_s,
				    (long long)((ipr - opts->vote_end) / 86400));
		set_str(f, "date", str(d, "date"));
		set_str(f, "section", *str(d, "section") ? str(d, "section") : NULL);
	}
	ct_error_drop("a diff date that is no calendar date (as written, unparsed) has no day to compare with the IP review's end");
}

/* ---- undefined-term ----------------------------------------------------- */

struct terms {
	json_t *defined;        /* normalised phrase ("mailbox address") -> true */
	json_t *leads;          /* the first word of each defined phrase ("publicly-trusted") -> true */
	json_t *acronyms;       /* as written ("CAA") -> true */
	json_t *lower;          /* every word the document writes in lower case, normalised */
	char *titles;           /* the headings' titles, one a line: a section's title names it */
	int maxwords;
};

/* Append word w[0..n) in the form terms are compared: lower case, no possessive, no plural. */
static void norm_word(struct strbuf *sb, const char *w, size_t n)
{
	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	else if (n > 4 && !memcmp(w + n - 4, "\xe2\x80\x99s", 4))
		n -= 4;
	else if (n > 1 && w[n - 1] == '\'')
		n--;
	size_t start = sb->len;
	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, tolower((unsigned char)w[i]));
	char *s = sb->buf + start;
	size_t len = sb->len - start;
	if (len > 4 && !strcmp(s + len - 3, "ies")) {
		strbuf_setlen(sb, sb->len - 3);
		strbuf_addch(sb, 'y');
	} else if (len > 4 && (!strcmp(s + len - 4, "sses") || !strcmp(s + len - 3, "xes") ||
			       !strcmp(s + len - 4, "ches") || !strcmp(s + len - 4, "shes"))) {
		strbuf_setlen(sb, sb->len - 2);
	} else if (len > 2 && s[len - 1] == 's' && s[len - 2] != 's' && s[len - 2] != 'u' && s[len - 2] != 'i') {
		strbuf_setlen(sb, sb->len - 1);
	}
}

static int is_acronym(const char *w, size_t n)
{
	size_t upper = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (islower(ch) && !(i == n - 1 && ch == 's'))
			return 0;
		upper += isupper(ch) != 0;
	}
	return upper >= 2;
}

/* Record a defined term (and its acronym when it is one). */
static void term_add(struct terms *t, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == ':' || s[len - 1] == '*'))
		len--;
	while (len && (*s == ' ' || *s == '*')) {
		s++;
		len--;
	}
	if (!len)
		return;
	struct strbuf sb = STRBUF_INIT;
	int words = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < len && s[j] != ' ')
			j++;
		if (j > i) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			norm_word(&sb, s + i, j - i);
			if (!words++)
				json_object_set_new(t->leads, sb.buf, json_true());
		}
		i = j;
	}
	json_object_set_new(t->defined, sb.buf, json_true());
	if (words > t->maxwords)
		t->maxwords = words;
	if (words == 1 && is_acronym(s, len)) {
		char *a = xstrndup(s, len);
		json_object_set_new(t->acronyms, a, json_true());
		free(a);
	}
	strbuf_release(&sb);
}

/* A definition's term: "Certification Authority (or CA)" is both "Certification Authority" and "CA". */
static void term_add_entry(struct terms *t, const char *s, size_t len)
{
	const char *open = memchr(s, '(', len);
	if (!open) {
		term_add(t, s, len);
		return;
	}
	term_add(t, s, (size_t)(open - s));
	const char *close = memchr(open, ')', len - (size_t)(open - s));
	const char *p = open + 1, *e = close ? close : s + len;
	static const char *const lead[] = { "also known as ", "or ", "also ", "each a ", "each an ", "a ", "an " };
	for (size_t i = 0; i < sizeof(lead) / sizeof(lead[0]); i++)
		if ((size_t)(e - p) > strlen(lead[i]) && !strncasecmp(p, lead[i], strlen(lead[i])))
			p += strlen(lead[i]);
	term_add(t, p, (size_t)(e - p));
}

/*
 * The terms of 1.6.1 (each paragraph or list item starting with a bold
 * term) and the acronyms of 1.6.2 (a table's first column, or bold terms).
 */
static void terms_load(struct terms *t, struct check *c)
{
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *num = number_of(c, pos);
		int defs = num && !strcmp(num, "1.6.1"), acr = num && !strcmp(num, "1.6.2");
		if (!defs && !acr)
			continue;
		const char *text = str(json_array_get(c->sections, pos), "text");
		for (const char *p = text; *p;) {
			const char *eol = strchrnul(p, '\n');
			const char *q = p;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 1 < eol && (*q == '-' || *q == '*' || *q == '+') && q[1] == ' ')
				q += 2;
			if (q + 2 < eol && !strncmp(q, "**", 2)) {
				const char *end = strstr(q + 2, "**");
				if (end && end < eol)
					term_add_entry(t, q + 2, (size_t)(end - q - 2));
			} else if (acr && *q == '|') {
				const char *cell = q + 1, *bar = memchr(cell, '|', (size_t)(eol - cell));
				size_t n = bar ? (size_t)(bar - cell) : 0;
				if (n && !memchr(cell, '-', n) && !memmem(cell, n, "Acronym", 7))
					term_add(t, cell, n);
			}
			p = *eol ? eol + 1 : eol;
		}
	}
}

/* The words the document writes in lower case ("request", "date"): capitalising one of them marks a term. */
static void lower_words_load(struct terms *t, struct check *c)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *p = str(json_array_get(c->sections, pos), "text");
		while (*p) {
			/* one token between blanks; links' addresses ("wiki.debian.org") are no words */
			size_t n = strcspn(p, " \t\n");
			const char *end = p + n;
			char *tok = xstrndup(p, n);
			int url = strstr(tok, "://") || strstr(tok, "www.");
			free(tok);
			for (const char *q = p; !url && q < end;) {
				if (!islower((unsigned char)*q) || (q > p && isalnum((unsigned char)q[-1]))) {
					q++;
					continue;
				}
				const char *e = q;
				int lower = 1;
				while (e < end && (isalnum((unsigned char)*e) || *e == '-'))
					lower &= !isupper((unsigned char)*e++);
				if (lower) {
					strbuf_reset(&sb);
					norm_word(&sb, q, (size_t)(e - q));
					json_object_set_new(t->lower, sb.buf, json_true());
				}
				q = e;
			}
			p = *end ? end + 1 : end;
		}
	}
	strbuf_release(&sb);
}

/*
 * Words capitalised as names or references, never terms: months ("May 15",
 * though "may" is a word) and the parts of a document.
 */
static const char *const proper_words[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
	"November", "December", "Section", "Sections", "Subsection", "Appendix", "Article", "Table", "Figure", "Note",
};

static int is_proper(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(proper_words) / sizeof(proper_words[0]); i++)
		if (strlen(proper_words[i]) == n && !memcmp(w, proper_words[i], n))
			return 1;
	return 0;
}

/* Can the word be (part of) a term: capitalised or an acronym, two letters or more, no digits, no month? */
static int term_word(const char *w, size_t n)
{
	if (n < 2 || !(isupper((unsigned char)*w) || is_acronym(w, n)) || is_proper(w, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)w[i]))
			return 0;
	return 1;
}

/* A list label ("1", "a" before "." or ")", "iv"), which leaves the sentence still to start. */
static int is_label(const char *w, size_t n)
{
	if (strspn(w, "0123456789") >= n)
		return 1;
	if (w[n] != '.' && w[n] != ')')
		return 0;
	return n == 1 || strspn(w, "ivx") >= n;
}

/* Words that start a sentence even where no full stop came before ("... Phone Contact The DNS TXT ..."). */
static int is_opener(const char *w, size_t n)
{
	static const char *const openers[] = { "The", "This", "These", "Each", "If", "When", "Where", "Any", "All", "Such" };
	for (size_t i = 0; i < sizeof(openers) / sizeof(openers[0]); i++)
		if (strlen(openers[i]) == n && !memcmp(w, openers[i], n))
			return 1;
	return 0;
}

struct word {
	const char *s;
	size_t n;
	int cap;                /* capitalised (not a month), or an acronym */
	int initial;            /* the first word of a sentence */
	int joined;             /* separated from the previous word by one space only */
	int numbered;           /* a reference or a label: a number follows ("Article 215", "Ballot SC25"), or a colon */
};

static int word_char(const char *s, size_t i)
{
	unsigned char ch = (unsigned char)s[i];
	return isalnum(ch) || ch == '-' || ch == '/' || ch == '\'' ||
	       (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99);
}

/* Split a requirement into words, leaving out quoted text and RFC 2119 keywords. */
static size_t split_words(struct word **out, const char *s)
{
	size_t n = 0, alloc = 16, len = strlen(s);
	struct word *w = xmalloc(alloc * sizeof(*w));
	int quoted = 0, initial = 1;
	size_t gap_start = 0;
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
				  ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d))) {
			quoted = ch == '"' ? !quoted : (unsigned char)s[i + 2] == 0x9c;
			i += ch == '"' ? 1 : 3;
			continue;
		}
		if (!isalnum(ch)) {
			if (ch == '.' || ch == ':' || ch == '!' || ch == '?' || ch == '|')
				initial = 1; /* a table row's cells are joined with " | " */
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && word_char(s, j))
			j += (unsigned char)s[j] == 0xe2 ? 3 : 1;
		/* trailing hyphens, slashes and quotes ('XG'), but not a plural's possessive (Subscribers') */
		while (j > i && (s[j - 1] == '-' || s[j - 1] == '/' || (s[j - 1] == '\'' && s[j - 2] != 's')))
			j--;
		const char *kw;
		size_t k = extract_keyword_at(&kw, s, len, i);
		if (k) {
			j = i + k; /* SHALL NOT is one keyword */
		} else if (!quoted && !(i && s[i - 1] == '\'') && !(i > 2 && !memcmp(s + i - 3, "\xe2\x80\x98", 3))) {
			if (n == alloc)
				w = xrealloc(w, (alloc *= 2) * sizeof(*w));
			size_t after = j, digit = 0;
			while (after < len && s[after] == ' ')
				after++;
			for (size_t d = after; d < len && isalnum((unsigned char)s[d]) && !digit; d++)
				digit = isdigit((unsigned char)s[d]) != 0;
			int opener = is_opener(s + i, j - i);
			w[n] = (struct word){ s + i, j - i, term_word(s + i, j - i), initial || opener,
					      n && gap_start + 1 == i && s[gap_start] == ' ' && !opener,
					      (after > j && digit) || s[j] == ':' };
			n++;
		}
		initial = initial && is_label(s + i, j - i);
		gap_start = j;
		i = j;
	}
	*out = w;
	return n;
}

/* Is words[i..i+k) a defined term (or, alone, an acronym)? */
static int defined(struct terms *t, struct word *w, size_t i, size_t k, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t m = i; m < i + k; m++) {
		if (m > i)
			strbuf_addch(sb, ' ');
		norm_word(sb, w[m].s, w[m].n);
	}
	if (json_object_get(t->defined, sb->buf))
		return 1;
	if (k == 1 && is_acronym(w[i].s, w[i].n)) {
		/* "CAs", "CA's", "CA’s" are "CA" */
		size_t n = w[i].n;
		if (n > 2 && w[i].s[n - 1] == 's')
			n -= w[i].s[n - 2] == '\'' ? 2 : n > 4 && !memcmp(w[i].s + n - 4, "\xe2\x80\x99", 3) ? 4 : 1;
		char *whole = xstrndup(w[i].s, w[i].n), *a = xstrndup(w[i].s, n);
		int hit = json_object_get(t->acronyms, whole) || json_object_get(t->acronyms, a);
		free(whole);
		free(a);
		return hit;
	}
	return 0;
}

/*
 * What word `m` of a run says about it: 0 nothing (covered by a defined
 * term, an acronym, the sentence's first word, a reference such as
 * "Section 4", or the first word of a defined term used as an adjective:
 * "Legacy Generation"); 1 a word the document writes in lower case
 * elsewhere, capitalised here as a term is; -1 a word it never writes in
 * lower case, a name ("Germany", "European Union").
 */
static int word_kind(struct terms *t, struct word *w, size_t m, const char *covered, struct strbuf *sb)
{
	if (covered[m] || is_acronym(w[m].s, w[m].n) || w[m].initial || w[m].numbered)
		return 0;
	strbuf_reset(sb);
	norm_word(sb, w[m].s, w[m].n);
	if (json_object_get(t->leads, sb->buf))
		return 0;
	return json_object_get(t->lower, sb->buf) ? 1 : -1;
}

/*
 * Is `span` no run of words of the Markdown source: absent from it (it
 * crosses a line break or emphasis: "d. Other Subject Attributes  \n When
 * ...") or only inside code (`...`) or a link's text ([...](...))?
 */
static int not_in_source(const char *md, const char *span)
{
	size_t n = strlen(span);
	for (const char *p = strstr(md, span); p; p = strstr(p + 1, span)) {
		const char *bol = p;
		while (bol > md && bol[-1] != '\n')
			bol--;
		int ticks = 0, bracket = 0;
		for (const char *q = bol; q < p; q++) {
			ticks += *q == '`';
			bracket = *q == '[' ? 1 : *q == ']' ? 0 : bracket;
		}
		const char *close = strchr(p + n, ']');
		const char *eol = strchrnul(p + n, '\n');
		int in_link = bracket && close && close < eol && close[1] == '(';
		if (!(ticks % 2) && !in_link)
			return 0;
	}
	return 1;
}

/*
 * Does what follows a capitalised run show it is no term of the document:
 * defined on the spot ("External Account Binding as defined by RFC 8555"),
 * or the name of a part of something ("the Attributes section", "the
 * Location HTTP response header")?
 */
static int named_on_the_spot(const char *rest, int defining)
{
	static const char *const after[] = {
		"as defined", "defined in", "as specified", /* defining */
		"section", "field", "extension", "header", "response", "attribute", "element", "column", "method",
	};
	while (*rest == ' ' || *rest == ',' || *rest == '(')
		rest++;
	for (size_t i = 0; i < (defining ? 3 : sizeof(after) / sizeof(after[0])); i++) {
		size_t n = strlen(after[i]);
		if (!strncmp(rest, after[i], n) && !isalpha((unsigned char)rest[n]) && rest[n] != '-')
			return 1;
	}
	return 0;
}

/* The end of the run of capitalised words starting at word i. */
static size_t run_end(struct word *w, size_t n, size_t i)
{
	size_t end = i + 1;
	while (end < n && w[end].cap && w[end].joined)
		end++;
	return end;
}

/*
 * Terms the text defines on the spot, anywhere in the document: a run of
 * capitalised words followed by "as defined in" ("Global Number as
 * defined in RFC 3966"), or a quotation after "hereinafter" ("(hereinafter
 * 'Law')").
 */
static void terms_on_the_spot(struct terms *t, struct check *c)
{
	json_t *r;
	size_t k;
	json_array_foreach(c->reqs, k, r) {
		const char *text = str(r, "text");
		struct word *w;
		size_t n = split_words(&w, text);
		for (size_t i = 0; i < n;) {
			if (!w[i].cap) {
				i++;
				continue;
			}
			size_t end = run_end(w, n, i);
			if (named_on_the_spot(w[end - 1].s + w[end - 1].n, 1))
				term_add(t, w[i].s, (size_t)(w[end - 1].s + w[end - 1].n - w[i].s));
			i = end;
		}
		free(w);
		for (const char *h = strstr(text, "hereinafter"); h; h = strstr(h + 1, "hereinafter")) {
			const char *q = h + 11;
			while (*q == ' ' || *q == '(')
				q++;
			size_t open = *q == '\'' || *q == '"' ? 1 : !strncmp(q, "\xe2\x80\x98", 3) || !strncmp(q, "\xe2\x80\x9c", 3) ? 3 : 0;
			size_t len = open ? strcspn(q + open, "'\"\xe2") : 0;
			if (len)
				term_add(t, q + open, len);
		}
	}
}

/*
 * Report the capitalised terms of one new requirement that 1.6.1 does not
 * define (each term once: `reported`); `old` is the text it replaced, whose
 * terms are not new; `md` the Markdown of its section.
 */
static void terms_in(struct check *c, struct terms *t, json_t *req, const char *old, const char *md, long line,
		     json_t *reported)
{
	const char *text = str(req, "text");
	struct word *w;
	size_t n = split_words(&w, text);
	char *covered = xcalloc(n + 1, 1);
	struct strbuf sb = STRBUF_INIT, span = STRBUF_INIT;
	/* defined terms, longest first, starting at a capitalised word ("Terms of Use" takes its "of") */
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		if (w[i].cap) {
			size_t joined = 1;
			while (i + joined < n && joined < (size_t)t->maxwords && w[i + joined].joined)
				joined++;
			for (k = joined; k > 0 && !defined(t, w, i, k, &sb); k--)
				;
		}
		for (size_t x = i; x < i + k; x++)
			covered[x] = 1;
		i += k ? k : 1;
	}
	/* runs of capitalised words */
	for (size_t i = 0; i < n;) {
		if (!w[i].cap) {
			i++;
			continue;
		}
		size_t end = run_end(w, n, i);
		size_t from = i;
		if (w[from].initial && !covered[from] && from + 1 < end)
			from++; /* capitalised because it starts the sentence */
		const char *stop = w[end - 1].s + w[end - 1].n;
		defined(t, w, from, end - from, &sb);
		int lower = 0, names = 0;
		for (size_t m = i; m < end; m++) {
			int kind = word_kind(t, w, m, covered, &span);
			lower += kind > 0;
			names += kind < 0;
		}
		strbuf_reset(&span);
		strbuf_add(&span, w[from].s, (size_t)(stop - w[from].s));
		if (lower && !names && !named_on_the_spot(stop, 0) && !json_object_get(reported, sb.buf) &&
		    !(old && strstr(old, span.buf)) && !strstr(t->titles, span.buf) &&
		    !(md && not_in_source(md, span.buf))) {
			json_object_set_new(reported, sb.buf, json_true());
			json_t *f = finding(c, CHECK_UNDEFINED_TERM, line,
					    "\"%s\" looks like a defined term but 1.6.1 does not define it", span.buf);
			set_str(f, "term", span.buf);
			set_str(f, "section", str(req, "section"));
		}
		i = end;
	}
	strbuf_release(&sb);
	strbuf_release(&span);
	free(covered);
	free(w);
}

static void rule_undefined_term(struct check *c)
{
	struct terms t = { json_object(), json_object(), json_object(), json_object(), NULL, 1 };
	struct strbuf titles = STRBUF_INIT;
	json_t *lines = json_object(), *reported = json_object(), *positions = json_object(), *r;
	size_t i;
	terms_load(&t, c);
	if (!json_object_size(t.defined))
		goto out; /* no definitions to hold the terms to */
	lower_words_load(&t, c);
	terms_on_the_spot(&t, c);
	for (i = 0; i < c->nsections; i++) {
		if (number_of(c, i))
			json_object_set_new(positions, number_of(c, i), json_integer((json_int_t)i));
		strbuf_addf(&titles, "%s\n", c->outline.v[i].title);
	}
	t.titles = titles.buf;
	json_array_foreach(c->reqs, i, r)
		if (!json_object_get(lines, str(r, "id")))
			json_object_set_new(lines, str(r, "id"), json_integer(c->starts[json_integer_value(json_object_get(r, "pos"))] +
									    json_integer_value(json_object_get(r, "line")) - 1));
	json_array_foreach(json_object_get(c->diff, "requirements"), i, r) {
		const char *change = str(r, "change");
		if ((strcmp(change, "added") && strcmp(change, "modified")) || is_definitions(str(r, "section")))
			continue; /* 1.6 defines and cites terms */
		json_t *line = json_object_get(lines, str(r, "id"));
		json_t *pos = json_object_get(positions, str(r, "section"));
		const char *md = pos ? str(json_array_get(c->sections, (size_t)json_integer_value(pos)), "text") : NULL;
		terms_in(c, &t, r, json_string_value(json_object_get(r, "old_text")), md,
			 line ? (long)json_integer_value(line) : 1, reported);
	}
out:
	json_decref(lines);
	json_decref(reported);
	json_decref(positions);
	json_decref(t.defined);
	json_decref(t.leads);
	json_decref(t.acronyms);
	json_decref(t.lower);
	strbuf_release(&titles);
}

/* ---- the run ------------------------------------------------------------ */

struct sorted {
	json_t *f;
	long line;
	size_t seq;
};

static int sorted_cmp(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static json_t *sort_findings(json_t *findings)
{
	size_t n = json_array_size(findings), i;
	struct sorted *s = xcalloc(n ? n : 1, sizeof(*s));
	json_t *f;
	json_array_foreach(findings, i, f)
		s[i] = (struct sorted){ f, (long)json_integer_value(json_object_get(f, "line")), i };
	qsort(s, n, sizeof(*s), sorted_cmp);
	json_t *out = json_array();
	for (i = 0; i < n; i++)
		json_array_append(out, s[i].f);
	free(s);
	return out;
}

int check_run(json_t **findings, struct ct_db *db, const struct query_doc *doc, const struct query_at *head,
	      const struct query_at *base, const struct check_options *opts)
{
	struct check c = { db, opts, NULL, OUTLINE_INIT, NULL, 0, NULL, NULL, NULL, NULL, json_array(), json_object(), json_array() };
	int rc = 0;
	size_t i;
	json_t *o;
	*findings = NULL;
	if ((rc = query_sections(&c.sections, db, head->version_id, 1)) < 0 ||
	    (rc = query_requirements(&c.reqs, db, head->version_id, NULL, NULL)) < 0 ||
	    (rc = query_obligations(&c.obls, db, doc->id, head->version_id)) < 0)
		goto out;
	if (base && (opts->rules & (1u << CHECK_REVISION_ROW | 1u << CHECK_UNDEFINED_TERM | 1u << CHECK_DATE_BEFORE_ADOPTION))) {
		struct diff_options dopts = DIFF_OPTIONS_INIT;
		dopts.redline = 0;
		if ((rc = diff_versions(&c.diff, db, doc->id, base->version_id, head->version_id, &dopts)) < 0)
			goto out;
	}
	c.nsections = json_array_size(c.sections);
	outline_build(&c.outline, c.sections);
	c.starts = outline_section_starts(c.sections);
	c.normative = xcalloc(c.nsections + 1, 1);
	json_array_foreach(c.reqs, i, o) {
		json_int_t pos = json_integer_value(json_object_get(o, "pos"));
		if (pos >= 0 && (size_t)pos < c.nsections)
			c.normative[pos] = 1;
	}
	json_array_foreach(c.obls, i, o) {
		json_int_t pos = json_integer_value(json_object_get(o, "pos"));
		json_int_t line = json_integer_value(json_object_get(o, "line"));
		json_object_set_new(o, "doc_line", json_integer(pos >= 0 && (size_t)pos < c.nsections ? c.starts[pos] + line - 1 : line));
	}

	if (on(&c, CHECK_BROKEN_ANCHOR) || on(&c, CHECK_LOWERCASE_KEYWORD))
		for (i = 0; i < c.nsections; i++)
			walk_section(&c, i);
	if (on(&c, CHECK_BROKEN_ANCHOR))
		rule_broken_anchor(&c);
	if (on(&c, CHECK_SECTION_NUMBERING))
		rule_numbering(&c);
	if (on(&c, CHECK_DATE_MISMATCH))
		rule_date_mismatch(&c);
	/* The rules that cannot run without a base or a vote end are named by check_rules_not_run. */
	unsigned runnable = ~check_rules_not_run(opts, base != NULL);
	if (c.diff && on(&c, CHECK_REVISION_ROW) && (runnable & 1u << CHECK_REVISION_ROW) &&
	    (rc = rule_revision_row(&c, base->version_id, head->version_id)) < 0) {
		ct_error_prefix(rc, "check: revision-row could not run: ");
		goto out;
	}
	if (c.diff && on(&c, CHECK_DATE_BEFORE_ADOPTION) && (runnable & 1u << CHECK_DATE_BEFORE_ADOPTION))
		rule_date_before_adoption(&c);
	if (c.diff && on(&c, CHECK_UNDEFINED_TERM) && (runnable & 1u << CHECK_UNDEFINED_TERM))
		rule_undefined_term(&c);
	*findings = sort_findings(c.findings);
out:
	free(c.starts);
	free(c.normative);
	json_decref(c.sections);
	outline_release(&c.outline);
	json_decref(c.reqs);
	json_decref(c.obls);
	json_decref(c.diff);
	json_decref(c.links);
	json_decref(c.ids);
	json_decref(c.findings);
	return rc;
}
