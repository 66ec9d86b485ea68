/*
 * table.c - aligned text, CSV and JSON listings (see table.h).
 */
#include "render/table.h"

#include <string.h>

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

static struct render_terminal terminal = RENDER_TERMINAL_INIT;

void render_terminal_set(const struct render_terminal *t)
{
	terminal = *t;
}

/* Terminal columns of the character at s (0 for combining marks), *n its bytes. */
static size_t char_width(const char *s, size_t len, size_t *n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
	if (k <= 0) {
		*n = 1;
		return 1;
	}
	*n = (size_t)k;
	int w = utf8proc_charwidth(cp);
	return w < 0 ? 1 : (size_t)w;
}

/* Terminal columns of UTF-8 text (cells are escaped already: no controls). */
static size_t width(const char *s, size_t len)
{
	size_t w = 0, n;
	for (size_t i = 0; i < len; i += n)
		w += char_width(s + i, len - i, &n);
	return w;
}

/*
 * The bytes of s that fit in `w` columns, ending at a space when there is
 * one to break at (the space is left out: *skip is 1); at least one
 * character, so that a long word still moves on.
 */
static size_t fit(const char *s, size_t len, size_t w, size_t *skip)
{
	size_t used = 0, i = 0, n, space = 0;
	*skip = 0;
	while (i < len) {
		size_t cw = char_width(s + i, len - i, &n);
		if (used + cw > w && i > 0)
			break;
		if (s[i] == ' ')
			space = i;
		used += cw;
		i += n;
	}
	if (i == len)
		return len;
	if (s[i] == ' ') {
		*skip = 1;
		return i;
	}
	if (space > 0) {
		*skip = 1;
		return space;
	}
	return i;
}

/*
 * The last column's text onto `line` (which holds the columns before it,
 * `indent` wide), wrapped to the terminal's width in continuation lines.
 */
static void last_column(struct strbuf *line, const char *text, size_t len, size_t indent)
{
	/* A column narrower than this is not worth wrapping into. */
	const size_t least = 16;
	if (!terminal.width || indent + least > terminal.width) {
		strbuf_add(line, text, len);
		return;
	}
	size_t room = terminal.width - indent, skip;
	for (int first = 1; first || len; first = 0) {
		size_t n = fit(text, len, room, &skip);
		if (!first) {
			strbuf_addch(line, '\n');
			for (size_t k = 0; k < indent; k++)
				strbuf_addch(line, ' ');
		}
		strbuf_add(line, text, n);
		text += n + skip;
		len -= n + skip;
		while (len && *text == ' ')
			text++, len--;
	}
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
	struct strbuf line = STRBUF_INIT;
	int bold = fmt == RENDER_TEXT && terminal.color;
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
			if (c == 0 && r == 0 && bold)
				strbuf_addstr(&line, "\033[1m");
			if (c + 1 == ncols) {
				last_column(&line, text, cell->len, col_start + (c ? 2 : 0));
			} else {
				strbuf_add(&line, text, cell->len);
				for (size_t w = width(text, cell->len); w < widths[c]; w++)
					strbuf_addch(&line, ' ');
			}
			col_start += (c ? 2 : 0) + widths[c];
		}
		if (fmt == RENDER_TEXT)
			strbuf_rtrim(&line);
		if (r == 0 && bold)
			strbuf_addstr(&line, "\033[0m");
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
