/*
 * diffview.h - a ballot's or two versions' diff (the view model of
 * tracker/diff.h, with "base" and "head" objects {ref, commit, version})
 * as text, JSON, Markdown or a self-contained HTML page.
 *
 * Text is for a terminal: a summary, the changes one per line, then the
 * redline of each changed section in git's --word-diff=plain style
 * ([-old-]{+new+}).  Markdown fits a minutes post or a pull-request
 * comment; its redlines use <del>/<ins>, which GitHub renders.  HTML is one
 * page with inline CSS.  Every string from the document is escaped in HTML
 * and Markdown output.  Render never queries the database.
 */
#ifndef CT_RENDER_DIFFVIEW_H
#define CT_RENDER_DIFFVIEW_H

#include <stdio.h>
#include <jansson.h>

#include "render/table.h"

struct diffview_options {
	int redline;            /* include the redlines (text, Markdown, HTML) */
	const char *title;      /* heading; NULL: "BASE → HEAD" */
};
#define DIFFVIEW_OPTIONS_INIT { 1, NULL }

/*
 * Write `model` to `out` in `fmt` (RENDER_TEXT, RENDER_JSON,
 * RENDER_MARKDOWN or RENDER_HTML).  0, CT_EINVALID for a format it does not
 * support, or CT_ERROR on a write error.
 */
int render_diff(FILE *out, json_t *model, enum render_format fmt, const struct diffview_options *opts);

/*
 * Append the hunks of a redline (wdiff segments): the lines holding a
 * change with one line of context either side, "…" for the lines left
 * out; each line as render_redline_html (html) or render_redline_text.
 */
struct strbuf;
void render_redline_hunks(struct strbuf *sb, json_t *segments, int html);

#endif
