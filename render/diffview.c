/*
 * diffview.c - a diff view model as text, JSON, Markdown or HTML (see
 * diffview.h).
 *
 * Redlines are shown as hunks: the lines of a section that hold a change,
 * with one line of context either side and "…" for what is left out, so a
 * one-word change in a long section (1.6.1 Definitions) stays one line.
 * Every document string goes through put(), which escapes it for the
 * output (render_html_escape or render_md_escape), never straight out.
 */
#include "render/diffview.h"

#include <string.h>

#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "render/redline.h"
#include "tracker/base/strbuf.h"

static long num(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

/* ---- redline hunks ---------------------------------------------------- */

/* Split redline segments into lines: array of {changed, segments}. */
static json_t *redline_lines(json_t *segments)
{
	json_t *lines = json_array(), *cur = json_array(), *seg;
	int changed = 0;
	size_t i;
	json_array_foreach(segments, i, seg) {
		const char *op = jsonget_text(seg, "op"), *t = jsonget_text(seg, "text");
		while (*t) {
			const char *nl = strchr(t, '\n');
			size_t n = nl ? (size_t)(nl - t) : strlen(t);
			if (n) {
				json_array_append_new(cur, json_pack("{s:s, s:s%}", "op", op, "text", t, n));
				changed |= strcmp(op, "=") != 0;
			}
			if (!nl)
				break;
			if (strcmp(op, "="))
				changed = 1;  /* a line break added or removed */
			json_array_append_new(lines, json_pack("{s:b, s:o}", "changed", changed, "segments", cur));
			cur = json_array();
			changed = 0;
			t = nl + 1;
		}
	}
	if (json_array_size(cur))
		json_array_append_new(lines, json_pack("{s:b, s:o}", "changed", changed, "segments", cur));
	else
		json_decref(cur);
	return lines;
}

/* Which lines to show: changed ones and one line of context. */
static char *hunk_mask(json_t *lines)
{
	size_t n = json_array_size(lines);
	char *show = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		if (!json_is_true(json_object_get(json_array_get(lines, i), "changed")))
			continue;
		show[i] = 1;
		if (i)
			show[i - 1] = 1;
		if (i + 1 < n)
			show[i + 1] = 1;
	}
	return show;
}

void render_redline_hunks(struct strbuf *sb, json_t *segments, int html)
{
	json_t *lines = redline_lines(segments);
	char *show = hunk_mask(lines);
	size_t n = json_array_size(lines);
	int gap = 0;
	for (size_t i = 0; i < n; i++) {
		if (!show[i]) {
			gap = 1;
			continue;
		}
		if (gap)
			strbuf_addstr(sb, "…\n");
		gap = 0;
		json_t *segs = json_object_get(json_array_get(lines, i), "segments");
		if (html)
			render_redline_html(sb, segs);
		else
			render_redline_text(sb, segs);
		strbuf_addch(sb, '\n');
	}
	if (gap)
		strbuf_addstr(sb, "…\n");
	free(show);
	json_decref(lines);
}

/* ---- shared wording --------------------------------------------------- */

static void side(struct strbuf *sb, json_t *s)
{
	strbuf_addstr(sb, jsonget_text(s, "ref"));
	const char *version = jsonget_text(s, "version"), *commit = jsonget_text(s, "commit");
	if (*version || *commit) {
		strbuf_addstr(sb, " (");
		if (*version)
			strbuf_addf(sb, "%s%s", version, *commit ? ", " : "");
		if (*commit)
			strbuf_addf(sb, "%.12s", commit);
		strbuf_addch(sb, ')');
	}
}

static void heading(struct strbuf *sb, json_t *model, const struct diffview_options *opts)
{
	if (opts->title) {
		strbuf_addstr(sb, opts->title);
		return;
	}
	side(sb, json_object_get(model, "base"));
	strbuf_addstr(sb, " → ");
	side(sb, json_object_get(model, "head"));
}

static void summary_line(struct strbuf *sb, json_t *sum, const char *what)
{
	if (!strcmp(what, "sections"))
		strbuf_addf(sb, "%ld added, %ld removed, %ld modified, %ld moved", num(sum, "sections_added"),
			    num(sum, "sections_removed"), num(sum, "sections_modified"), num(sum, "sections_moved"));
	else if (!strcmp(what, "requirements"))
		strbuf_addf(sb, "%ld added, %ld removed, %ld modified (%ld strengthened, %ld weakened)",
			    num(sum, "requirements_added"), num(sum, "requirements_removed"),
			    num(sum, "requirements_modified"), num(sum, "requirements_strengthened"),
			    num(sum, "requirements_weakened"));
	else
		strbuf_addf(sb, "%ld added, %ld removed, %ld moved", num(sum, "dates_added"), num(sum, "dates_removed"),
			    num(sum, "dates_moved"));
}

static void keyword_change(struct strbuf *sb, json_t *r)
{
	const char *old = jsonget_text(r, "old_keyword");
	if (*old)
		strbuf_addf(sb, "%s → %s (%s)", old, jsonget_text(r, "keyword"), jsonget_text(r, "strength"));
	else
		strbuf_addstr(sb, jsonget_text(r, "keyword"));
}

static void section_was(struct strbuf *sb, json_t *s)
{
	if (json_object_get(s, "old_number"))
		strbuf_addf(sb, "was %s %s", jsonget_text(s, "old_number"), jsonget_text(s, "old_title"));
}

static void date_sections(struct strbuf *sb, json_t *d)
{
	json_t *v;
	size_t i;
	const char *sec = jsonget_text(d, "section");
	json_t *named = json_object_get(d, "sections");
	if (*sec && (strcmp(jsonget_text(d, "source"), "table") || !json_array_size(named))) {
		strbuf_addstr(sb, sec);
		return;
	}
	json_array_foreach(named, i, v)
		strbuf_addf(sb, "%s%s", i ? ", " : "", json_string_value(v) ? json_string_value(v) : "");
}

/* ---- text ----------------------------------------------------------- */

static void text_out(struct strbuf *sb, json_t *m, const struct diffview_options *opts)
{
	json_t *sum = json_object_get(m, "summary"), *v;
	size_t i;
	heading(sb, m, opts);
	strbuf_addstr(sb, "\n\nSections: ");
	summary_line(sb, sum, "sections");
	strbuf_addch(sb, '\n');
	json_array_foreach(json_object_get(m, "sections"), i, v) {
		strbuf_addf(sb, "  %-9s %-9s %s", jsonget_text(v, "change"), jsonget_text(v, "number"), jsonget_text(v, "title"));
		if (json_object_get(v, "old_number")) {
			strbuf_addstr(sb, " (");
			section_was(sb, v);
			strbuf_addch(sb, ')');
		}
		if (json_is_true(json_object_get(v, "whitespace_only")))
			strbuf_addstr(sb, "  (spacing only)");
		else if (!num(v, "words_added") && !num(v, "words_removed") && strcmp(jsonget_text(v, "change"), "moved"))
			strbuf_addstr(sb, "  (punctuation only)");
		else if (!strcmp(jsonget_text(v, "change"), "modified") || !strcmp(jsonget_text(v, "change"), "moved"))
			strbuf_addf(sb, "  +%ld -%ld words", num(v, "words_added"), num(v, "words_removed"));
		strbuf_addch(sb, '\n');
	}
	strbuf_addstr(sb, "\nRequirements: ");
	summary_line(sb, sum, "requirements");
	strbuf_addch(sb, '\n');
	json_array_foreach(json_object_get(m, "requirements"), i, v) {
		strbuf_addf(sb, "  %-9s %-9s ", jsonget_text(v, "change"), jsonget_text(v, "section"));
		keyword_change(sb, v);
		strbuf_addf(sb, ": %s\n", jsonget_text(v, "text"));
		if (json_object_get(v, "old_section"))
			strbuf_addf(sb, "            (was in %s)\n", jsonget_text(v, "old_section"));
	}
	strbuf_addstr(sb, "\nDates: ");
	summary_line(sb, sum, "dates");
	strbuf_addch(sb, '\n');
	json_array_foreach(json_object_get(m, "dates"), i, v) {
		strbuf_addf(sb, "  %-9s %s", jsonget_text(v, "change"), jsonget_text(v, "date"));
		if (json_object_get(v, "old_date"))
			strbuf_addf(sb, " (was %s)", jsonget_text(v, "old_date"));
		strbuf_addf(sb, "  %-6s %-5s ", jsonget_text(v, "keyword"), jsonget_text(v, "source"));
		date_sections(sb, v);
		strbuf_addf(sb, ": %s\n", jsonget_text(v, "description"));
	}
	if (!opts->redline)
		return;
	json_array_foreach(json_object_get(m, "sections"), i, v) {
		json_t *red = json_object_get(v, "redline");
		if (!red)
			continue;
		strbuf_addf(sb, "\n=== %s %s ===\n", jsonget_text(v, "number"), jsonget_text(v, "title"));
		render_redline_hunks(sb, red, 0);
	}
}

/* ---- Markdown and HTML ---------------------------------------------------- */

/*
 * The two markup outputs share one walk over the model; `struct markup`
 * says how each piece is written.  Every document string goes through
 * put(), which escapes it for the output.
 */
struct markup {
	struct strbuf *sb;
	int html;
};

static void put(struct markup *mk, const char *s)
{
	if (mk->html)
		render_html_escape(mk->sb, s, strlen(s));
	else
		render_md_escape(mk->sb, s, strlen(s));
}

static const char css[] =
	"body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
	"h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;"
	"text-align:left;vertical-align:top}th{background:#f1f1f1}"
	"td.added{color:#05620b}td.removed{color:#a00}td.moved,td.modified{color:#6a4a00}"
	"pre{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.5rem;font-size:13px}"
	"del{background:#fdd;color:#900}ins{background:#dfd;color:#050;text-decoration:none}"
	"@media print{body{margin:0;max-width:none}pre{break-inside:avoid}}";

/* A section heading (level 2 or 3 of the page), and the summary sentence below it. */
static void part(struct markup *mk, const char *id, const char *title, json_t *sum)
{
	if (mk->html)
		strbuf_addf(mk->sb, "<h2 id=\"%s\">%s</h2><p>", id, title);
	else
		strbuf_addf(mk->sb, "\n### %s\n\n", title);
	summary_line(mk->sb, sum, id);
	strbuf_addstr(mk->sb, mk->html ? "</p>\n" : ".\n\n");
}

/* Start a table with these column headings (NULL-terminated). */
static void table_start(struct markup *mk, const char *const *heads)
{
	strbuf_addstr(mk->sb, mk->html ? "<table><tr>" : "|");
	for (const char *const *h = heads; *h; h++)
		strbuf_addf(mk->sb, mk->html ? "<th>%s</th>" : " %s |", *h);
	strbuf_addstr(mk->sb, mk->html ? "</tr>\n" : "\n|");
	for (const char *const *h = heads; *h && !mk->html; h++)
		strbuf_addstr(mk->sb, "---|");
	if (!mk->html)
		strbuf_addch(mk->sb, '\n');
}

static void table_end(struct markup *mk)
{
	if (mk->html)
		strbuf_addstr(mk->sb, "</table>\n");
}

/* A row's first cell: the change, coloured in HTML. */
static void row_start(struct markup *mk, const char *change)
{
	if (mk->html)
		strbuf_addf(mk->sb, "<tr><td class=\"%s\">%s</td>", change, change);
	else
		strbuf_addf(mk->sb, "| %s |", change);
}

static void cell_open(struct markup *mk)
{
	strbuf_addstr(mk->sb, mk->html ? "<td>" : " ");
}

static void cell_close(struct markup *mk)
{
	strbuf_addstr(mk->sb, mk->html ? "</td>" : " |");
}

static void cell(struct markup *mk, const char *text)
{
	cell_open(mk);
	put(mk, text);
	cell_close(mk);
}

static void row_end(struct markup *mk)
{
	strbuf_addstr(mk->sb, mk->html ? "</tr>\n" : "\n");
}

/* "(was …)" after a cell's text, smaller in HTML. */
static void aside(struct markup *mk, const char *text)
{
	strbuf_addstr(mk->sb, mk->html ? " <small>(" : " (");
	put(mk, text);
	strbuf_addstr(mk->sb, mk->html ? ")</small>" : ")");
}

static void markup_out(struct markup *mk, json_t *m, const struct diffview_options *opts)
{
	static const char *const sec_heads[] = { "Change", "Section", "Title", "Words", NULL };
	static const char *const req_heads[] = { "Change", "Section", "Keyword", "Requirement", NULL };
	static const char *const date_heads[] = { "Change", "Date", "Keyword", "Sections", "Description", NULL };
	json_t *sum = json_object_get(m, "summary"), *v;
	struct strbuf h = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t i;
	heading(&h, m, opts);
	if (mk->html) {
		strbuf_addstr(mk->sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
		put(mk, h.buf);
		strbuf_addf(mk->sb, "</title><style>%s</style></head><body>\n<h1>", css);
		put(mk, h.buf);
		strbuf_addstr(mk->sb, "</h1>\n");
	} else {
		strbuf_addstr(mk->sb, "## ");
		put(mk, h.buf);
		strbuf_addch(mk->sb, '\n');
	}

	part(mk, "sections", "Sections", sum);
	table_start(mk, sec_heads);
	json_array_foreach(json_object_get(m, "sections"), i, v) {
		row_start(mk, jsonget_text(v, "change"));
		cell(mk, jsonget_text(v, "number"));
		cell_open(mk);
		put(mk, jsonget_text(v, "title"));
		if (json_object_get(v, "old_number")) {
			strbuf_reset(&tmp);
			section_was(&tmp, v);
			aside(mk, tmp.buf);
		}
		cell_close(mk);
		strbuf_reset(&tmp);
		if (json_is_true(json_object_get(v, "whitespace_only")))
			strbuf_addstr(&tmp, "spacing only");
		else if (!num(v, "words_added") && !num(v, "words_removed") && strcmp(jsonget_text(v, "change"), "moved"))
			strbuf_addstr(&tmp, "punctuation only");
		else
			strbuf_addf(&tmp, "+%ld −%ld", num(v, "words_added"), num(v, "words_removed"));
		cell(mk, tmp.buf);
		row_end(mk);
	}
	table_end(mk);

	part(mk, "requirements", "Requirements", sum);
	table_start(mk, req_heads);
	json_array_foreach(json_object_get(m, "requirements"), i, v) {
		row_start(mk, jsonget_text(v, "change"));
		cell(mk, jsonget_text(v, "section"));
		strbuf_reset(&tmp);
		keyword_change(&tmp, v);
		cell(mk, tmp.buf);
		json_t *red = json_object_get(v, "redline");
		cell_open(mk);
		if (red && mk->html)
			render_redline_html(mk->sb, red);
		else
			put(mk, jsonget_text(v, "text"));
		cell_close(mk);
		row_end(mk);
	}
	table_end(mk);

	part(mk, "dates", "Dates", sum);
	table_start(mk, date_heads);
	json_array_foreach(json_object_get(m, "dates"), i, v) {
		row_start(mk, jsonget_text(v, "change"));
		cell_open(mk);
		put(mk, jsonget_text(v, "date"));
		if (json_object_get(v, "old_date")) {
			strbuf_reset(&tmp);
			strbuf_addf(&tmp, "was %s", jsonget_text(v, "old_date"));
			aside(mk, tmp.buf);
		}
		cell_close(mk);
		cell(mk, jsonget_text(v, "keyword"));
		strbuf_reset(&tmp);
		date_sections(&tmp, v);
		cell(mk, tmp.buf);
		cell(mk, jsonget_text(v, "description"));
		row_end(mk);
	}
	table_end(mk);

	if (opts->redline) {
		strbuf_addstr(mk->sb, mk->html ? "<h2 id=\"redline\">Redline</h2>\n" : "\n### Redline\n");
		json_array_foreach(json_object_get(m, "sections"), i, v) {
			json_t *red = json_object_get(v, "redline");
			if (!red)
				continue;
			strbuf_addstr(mk->sb, mk->html ? "<h3>" : "\n#### ");
			put(mk, jsonget_text(v, "number"));
			strbuf_addch(mk->sb, ' ');
			put(mk, jsonget_text(v, "title"));
			/* GitHub renders <del>/<ins> inside <pre>, so Markdown uses the HTML form too. */
			strbuf_addstr(mk->sb, mk->html ? "</h3>\n<pre>" : "\n\n<pre>\n");
			render_redline_hunks(mk->sb, red, 1);
			strbuf_addstr(mk->sb, "</pre>\n");
		}
	}
	if (mk->html)
		strbuf_addstr(mk->sb, "</body></html>\n");
	strbuf_release(&h);
	strbuf_release(&tmp);
}

int render_diff(FILE *out, json_t *model, enum render_format fmt, const struct diffview_options *given)
{
	struct diffview_options opts = DIFFVIEW_OPTIONS_INIT;
	if (given)
		opts = *given;
	if (fmt == RENDER_JSON)
		return render_json(out, model);
	struct strbuf sb = STRBUF_INIT;
	switch (fmt) {
	case RENDER_TEXT:
		text_out(&sb, model, &opts);
		break;
	case RENDER_MARKDOWN:
	case RENDER_HTML: {
		struct markup mk = { &sb, fmt == RENDER_HTML };
		markup_out(&mk, model, &opts);
		break;
	}
	default:
		strbuf_release(&sb);
		return ct_error_set(CT_EINVALID, "a diff is shown as text, json, markdown or html, not csv");
	}
	int rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : ct_error_set(CT_ERROR, "cannot write the diff");
	strbuf_release(&sb);
	return rc;
}
