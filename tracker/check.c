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
 * This file owns the driver (check_run), the rule table and the walk; each
 * rule lives in its own file behind the table, sharing struct check
 * (check_rule.h) and the helpers of check_finding.c (findings, names and
 * severities of the rules, section numbers), which sits below both:
 *   check_anchor.c     broken-anchor (fuzzy "did you mean": anchor_match.c)
 *   check_numbering.c  section-numbering
 *   check_dates.c      date-mismatch
 *   check_revision.c   revision-row
 *   check_adoption.c   date-before-adoption
 *   check_keyword.c    lowercase-keyword (called by the walk)
 *   check_terms.c      undefined-term
 * Each file's top comment says what its rule takes as a match, tuned on
 * the S/MIME and TLS BRs.
 *
 * Invariants: a finding's `line` is a line of the head document (from 1);
 * findings come out sorted by line, in the order the rules found them
 * within a line; nothing here writes to the database.
 */
#include "tracker/check.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "db/query.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"
#include "tracker/diff.h"
#include "tracker/outline.h"

/*
 * The rule table, in the order the rules run (a finding's place within a
 * line follows it).  lowercase-keyword has no run: the walk finds it.
 */
struct check_rule_entry {
	enum check_rule rule;
	int needs_diff;         /* it runs only with a base (the diff) */
	int (*run)(struct check *c);
};

static const struct check_rule_entry rules[] = {
	{ CHECK_LOWERCASE_KEYWORD, 0, NULL },
	{ CHECK_BROKEN_ANCHOR, 0, check_broken_anchor },
	{ CHECK_SECTION_NUMBERING, 0, check_numbering },
	{ CHECK_DATE_MISMATCH, 0, check_date_mismatch },
	{ CHECK_REVISION_ROW, 1, check_revision_row },
	{ CHECK_DATE_BEFORE_ADOPTION, 1, check_date_before_adoption },
	{ CHECK_UNDEFINED_TERM, 1, check_undefined_term },
};

unsigned check_rules_not_run(const struct check_options *opts, int has_base)
{
	unsigned out = 0;
	if (!has_base)
		out |= 1u << CHECK_REVISION_ROW | 1u << CHECK_UNDEFINED_TERM | 1u << CHECK_DATE_BEFORE_ADOPTION;
	if (!opts->vote_end)
		out |= 1u << CHECK_DATE_BEFORE_ADOPTION;
	return out & opts->rules;
}

static int on(const struct check *c, int rule)
{
	return (c->opts->rules >> rule) & 1;
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

/*
 * One section's Markdown: its internal links and explicit anchors, and
 * (when the rule is on and the section is normative) lower-case keywords
 * outside headings, quotations, code and links.
 */
static void walk_section(struct check *c, size_t pos)
{
	const char *text = c->sections.items[pos].text;
	int lower = on(c, CHECK_LOWERCASE_KEYWORD) && c->normative[pos] && !check_is_definitions(check_number_of(c, pos));
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
				check_keyword_scan(c, lit, cmark_node_get_start_line(n), pos, &quoted);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

/* ---- broken-anchor ------------------------------------------------------ */
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
	struct check c = { db, opts, CT_SECTION_LIST_INIT, OUTLINE_INIT, NULL, 0, CT_REQUIREMENT_LIST_INIT, CT_OBLIGATION_LIST_INIT, NULL, NULL, json_array(), json_object(), json_array(),
			   base ? base->version_id : 0, head->version_id };
	int rc = 0;
	size_t i;
	*findings = NULL;
	if ((rc = query_section_list(&c.sections, db, head->version_id, 1)) < 0 ||
	    (rc = query_requirement_list(&c.reqs, db, head->version_id, NULL, NULL)) < 0 ||
	    (rc = query_obligation_list(&c.obls, db, doc->id, head->version_id)) < 0)
		goto out;
	if (base && (opts->rules & (1u << CHECK_REVISION_ROW | 1u << CHECK_UNDEFINED_TERM | 1u << CHECK_DATE_BEFORE_ADOPTION))) {
		struct diff_options dopts = DIFF_OPTIONS_INIT;
		dopts.redline = 0;
		if ((rc = diff_versions(&c.diff, db, doc->id, base->version_id, head->version_id, &dopts)) < 0)
			goto out;
	}
	c.nsections = c.sections.n;
	outline_of_sections(&c.outline, &c.sections);
	c.starts = outline_section_starts(&c.sections);
	c.normative = xcalloc(c.nsections + 1, 1);
	for (i = 0; i < c.reqs.n; i++) {
		long pos = c.reqs.items[i].pos;
		if (pos >= 0 && (size_t)pos < c.nsections)
			c.normative[pos] = 1;
	}

	if (on(&c, CHECK_BROKEN_ANCHOR) || on(&c, CHECK_LOWERCASE_KEYWORD))
		for (i = 0; i < c.nsections; i++)
			walk_section(&c, i);
	/* The rules that cannot run without a base or a vote end are named by check_rules_not_run. */
	unsigned runnable = ~check_rules_not_run(opts, base != NULL);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct check_rule_entry *r = &rules[i];
		if (!r->run || !on(&c, r->rule) || !(runnable & 1u << r->rule) || (r->needs_diff && !c.diff))
			continue;
		if ((rc = r->run(&c)) < 0) {
			ct_error_prefix(rc, "check: %s could not run: ", check_rule_name(r->rule));
			goto out;
		}
	}
	*findings = sort_findings(c.findings);
out:
	free(c.starts);
	free(c.normative);
	ct_section_list_release(&c.sections);
	outline_release(&c.outline);
	ct_requirement_list_release(&c.reqs);
	ct_obligation_list_release(&c.obls);
	json_decref(c.diff);
	json_decref(c.links);
	json_decref(c.ids);
	json_decref(c.findings);
	return rc;
}
