/*
 * table.c - aligned text, CSV and JSON listings (see table.h).
 */
#include "render/table.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <utf8proc.h>

#include "tracker/base/error.h"
#include "render/names.h"
#include "render/redline.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/suggest.h"

int render_format_parse(enum render_format *out, const char *s)
{
	if (!strcmp(s, "text"))
		*out = RENDER_TEXT;
	else if (!strcmp(s, "json"))
		*out = RENDER_JSON;
	else if (!strcmp(s, "csv"))
		*out = RENDER_CSV;
	else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
		*out = RENDER_MARKDOWN;
	else if (!strcmp(s, "html"))
		*out = RENDER_HTML;
	else {
		static const char *const names[] = { "text", "json", "csv", "markdown", "html" };
		const char *near = suggest_nearest(s, names, sizeof(names) / sizeof(names[0]));
		if (near)
			return ct_error_set(CT_EINVALID,
					    "unknown format '%s'; did you mean '%s'? (use text, json, csv, markdown or html)", s, near);
		return ct_error_set(CT_EINVALID, "unknown format '%s'; use text, json, csv, markdown or html", s);
	}
	return 0;
}

void render_cell_text(struct strbuf *sb, json_t *v)
{
	if (!v || json_is_null(v)) {
		strbuf_addch(sb, '-');
	} else if (json_is_string(v)) {
		strbuf_add(sb, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
	} else if (json_is_true(v)) {
		strbuf_addstr(sb, "yes");
	} else if (json_is_false(v)) {
		strbuf_addstr(sb, "no");
	} else if (json_is_array(v)) {
		size_t i;
		json_t *e;
		if (!json_array_size(v))
			strbuf_addch(sb, '-');
		json_array_foreach(v, i, e) {
			if (i)
				strbuf_addstr(sb, ", ");
			render_cell_text(sb, e);
		}
	} else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		strbuf_addstr(sb, s ? s : "");
		free(s);
	}
}

void render_text_escape(struct strbuf *sb, const char *s, size_t len, int keep_lines)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			strbuf_addf(sb, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if (keep_lines && (cp == '\n' || cp == '\t'))
			strbuf_addch(sb, (char)cp);
		else if (cp < 0x20 || cp == 0x7f)
			strbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp < 0xa0)
			strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		else
			strbuf_add(sb, s + i, (size_t)n);
		i += (size_t)n;
	}
}

/* Characters (not bytes) in UTF-8 text. */
static size_t width(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* Cut UTF-8 text to at most `w` characters; returns the byte length. */
static size_t cut(const char *s, size_t len, size_t w)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == w)
				return i;
			n++;
		}
	}
	return len;
}

static void csv_field(struct strbuf *out, const char *s, size_t len)
{
	int quote = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		strbuf_add(out, s, len);
		return;
	}
	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, s[i]);
	}
	strbuf_addch(out, '"');
}

void render_md_escape(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r' || c == '\t')
			strbuf_addch(sb, ' ');
		else if (c == '<')
			strbuf_addstr(sb, "&lt;");
		else if (c == '>')
			strbuf_addstr(sb, "&gt;");
		else if (c == '&')
			strbuf_addstr(sb, "&amp;");
		else if (strchr("\\`*_[]|#!~", c)) {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else
			strbuf_addch(sb, c);
	}
}

/* The cells of a table: their texts one after another in `text`, cell i at cell[i]. */
struct cells {
	struct strbuf text;
	struct cell {
		size_t off, len;
	} *cell;
};

/* A Markdown or HTML table of the cells (the first row is the heading). */
static int markup_table(FILE *out, const struct cells *cells, size_t nrows, size_t ncols, int html)
{
	struct strbuf sb = STRBUF_INIT;
	if (html)
		strbuf_addstr(&sb, "<table>\n");
	for (size_t r = 0; r <= nrows; r++) {
		strbuf_addstr(&sb, html ? "<tr>" : "|");
		for (size_t c = 0; c < ncols; c++) {
			const struct cell *cell = &cells->cell[r * ncols + c];
			const char *text = cells->text.buf + cell->off;
			if (html) {
				strbuf_addstr(&sb, r ? "<td>" : "<th>");
				render_html_escape(&sb, text, cell->len);
				strbuf_addstr(&sb, r ? "</td>" : "</th>");
			} else {
				strbuf_addch(&sb, ' ');
				render_md_escape(&sb, text, cell->len);
				strbuf_addstr(&sb, " |");
			}
		}
		strbuf_addstr(&sb, html ? "</tr>\n" : "\n");
		if (!html && r == 0) {
			strbuf_addch(&sb, '|');
			for (size_t c = 0; c < ncols; c++)
				strbuf_addstr(&sb, "---|");
			strbuf_addch(&sb, '\n');
		}
	}
	if (html)
		strbuf_addstr(&sb, "</table>\n");
	int rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : ct_error_set(CT_ERROR, "cannot write the output");
	strbuf_release(&sb);
	return rc;
}

int render_json(FILE *out, json_t *value)
{
	json_t *v = render_forum_named(value); /* ballots as the Forum writes them, no keys */
	int bad = json_dumpf(v, out, JSON_INDENT(2) | JSON_ENCODE_ANY) != 0 || fputc('\n', out) == EOF;
	json_decref(v);
	return bad ? ct_error_set(CT_ERROR, "cannot write the output") : 0;
}

static int table(FILE *out, json_t *rows, const struct render_column *cols, size_t ncols, enum render_format fmt);

int render_table(FILE *out, json_t *given, const struct render_column *cols, size_t ncols, enum render_format fmt)
{
	if (fmt == RENDER_JSON)
		return render_json(out, given);
	return table(out, given, cols, ncols, fmt);
}

static int table(FILE *out, json_t *rows, const struct render_column *cols, size_t ncols, enum render_format fmt)
{

	size_t nrows = json_array_size(rows);
	struct cells cells = { STRBUF_INIT, xcalloc((nrows + 1) * ncols, sizeof(struct cell)) };
	size_t *widths = xcalloc(ncols, sizeof(size_t));
	struct strbuf raw = STRBUF_INIT; /* a text cell before its escaping */
	for (size_t r = 0; r <= nrows; r++) {
		json_t *row = r ? json_array_get(rows, r - 1) : NULL;
		for (size_t c = 0; c < ncols; c++) {
			struct cell *cell = &cells.cell[r * ncols + c];
			cell->off = cells.text.len;
			if (r) {
				/* ballots as the Forum writes them, no keys */
				json_t *v = render_forum_named_get(row, cols[c].key);
				if (fmt == RENDER_TEXT) {
					/* one line per row in text: fold newlines and tabs; other controls escaped */
					strbuf_reset(&raw);
					render_cell_text(&raw, v);
					for (size_t i = 0; i < raw.len; i++)
						if (raw.buf[i] == '\n' || raw.buf[i] == '\t' || raw.buf[i] == '\r')
							raw.buf[i] = ' ';
					render_text_escape(&cells.text, raw.buf, raw.len, 0);
				} else {
					render_cell_text(&cells.text, v);
				}
				json_decref(v);
			} else
				strbuf_addstr(&cells.text, cols[c].heading);
			cell->len = cells.text.len - cell->off;
			size_t w = width(cells.text.buf + cell->off, cell->len);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	int rc = 0;
	if (fmt == RENDER_MARKDOWN || fmt == RENDER_HTML) {
		rc = markup_table(out, &cells, nrows, ncols, fmt == RENDER_HTML);
		goto done;
	}
	size_t term = 0;
	struct winsize ws;
	if (fmt == RENDER_TEXT && isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0)
		term = ws.ws_col;

	struct strbuf line = STRBUF_INIT;
	for (size_t r = 0; r <= nrows && rc == 0; r++) {
		strbuf_reset(&line);
		size_t col_start = 0;
		for (size_t c = 0; c < ncols; c++) {
			const struct cell *cell = &cells.cell[r * ncols + c];
			const char *text = cells.text.buf + cell->off;
			if (fmt == RENDER_CSV) {
				if (c)
					strbuf_addch(&line, ',');
				csv_field(&line, text, cell->len);
				continue;
			}
			if (c)
				strbuf_addstr(&line, "  ");
			if (c + 1 == ncols) {
				size_t len = cell->len;
				if (term && col_start + 2 < term && width(text, len) > term - col_start - 2)
					len = cut(text, len, term - col_start - 2);
				strbuf_add(&line, text, len);
				if (len < cell->len)
					strbuf_addstr(&line, "…");
			} else {
				strbuf_add(&line, text, cell->len);
				for (size_t w = width(text, cell->len); w < widths[c]; w++)
					strbuf_addch(&line, ' ');
			}
			col_start += (c ? 2 : 0) + widths[c];
		}
		if (fmt == RENDER_TEXT)
			strbuf_rtrim(&line);
		strbuf_addch(&line, fmt == RENDER_CSV ? '\r' : '\n');
		if (fmt == RENDER_CSV)
			strbuf_addch(&line, '\n');
		if (fwrite(line.buf, 1, line.len, out) != line.len)
			rc = ct_error_set(CT_ERROR, "cannot write the output");
	}
	strbuf_release(&line);
done:
	strbuf_release(&cells.text);
	free(cells.cell);
	free(widths);
	strbuf_release(&raw);
	return rc;
}
