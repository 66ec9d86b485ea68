/*
 * table.h - listings as aligned text, JSON or CSV.
 *
 * The input is the view model: a JSON array of objects.  JSON output is the
 * array itself; text and CSV show the named columns in order.  Ballots are
 * named as the Forum writes them and their keys left out (names.h).  Render
 * never queries the database.
 */
#ifndef CT_RENDER_TABLE_H
#define CT_RENDER_TABLE_H

#include <stdio.h>
#include <jansson.h>

enum render_format { RENDER_TEXT, RENDER_JSON, RENDER_CSV, RENDER_MARKDOWN, RENDER_HTML };

/* Parse "text", "json", "csv", "markdown" (or "md") or "html".  0 or CT_EINVALID naming the value. */
int render_format_parse(enum render_format *out, const char *s);

struct render_column {
	const char *key;        /* object key; arrays are joined with ", ", null shows as "-" */
	const char *heading;    /* column heading in text and CSV */
};

/*
 * How text tables are shown to a person; the command line finds out
 * (tracker/cli/terminal.c) and says so once.  Render never looks at the
 * terminal itself.
 */
struct render_terminal {
	size_t width; /* columns to fit the text into; 0: no limit (a pipe, a file) */
	int color;    /* headings in bold (a terminal, NO_COLOR not set) */
};
#define RENDER_TERMINAL_INIT { 0, 0 }

/* Use `t` for the text tables written from now on (the default: no limit, no colour). */
void render_terminal_set(const struct render_terminal *t);

/*
 * Write rows to `out`.  Text: a heading line and columns padded to the
 * widest cell (counted in terminal columns); with a width set
 * (render_terminal_set) the last column is wrapped at spaces to fit, its
 * continuation lines indented to the column.  Markdown: a GFM pipe table,
 * cells escaped with render_md_escape.  HTML: a <table>, cells escaped.
 * Returns 0 or CT_ERROR on a write error.
 */
int render_table(FILE *out, json_t *rows, const struct render_column *cols, size_t ncols, enum render_format fmt);

/* Write any JSON value, indented, with a final newline.  0 or CT_ERROR. */
int render_json(FILE *out, json_t *value);

/* The text form of a cell as render_table shows it; appended to `sb`. */
struct strbuf;
/*
 * Append `s` as literal Markdown inline text: HTML special characters as
 * entities, Markdown punctuation and pipes backslashed, line breaks as
 * spaces, so no document or issue text becomes a link, markup or a new
 * table cell.
 */
void render_md_escape(struct strbuf *sb, const char *s, size_t len);

/*
 * Append `s` for a terminal: control characters (C0, DEL, and C1 such as
 * U+009B) and bytes that are not UTF-8 are shown escaped (ESC as \x1b,
 * U+009B as \u009b, a stray byte as \xff), so no text from a document, an
 * issue or a ballot can move the cursor, ring the bell or change colours.
 * With keep_lines, line feeds and tabs stay as they are.
 */
void render_text_escape(struct strbuf *sb, const char *s, size_t len, int keep_lines);

void render_cell_text(struct strbuf *sb, json_t *v);

#endif
