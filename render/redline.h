/*
 * redline.h - a word diff shown as a redline, in plain text or HTML.
 *
 * The input is a segment array as wdiff_compute() makes it: objects
 * {"op": "=" | "-" | "+", "text": "..."} in text order.  Elements that are
 * not such objects, or have another op, are skipped.  Renderers append to
 * a strbuf and never fail.  Markdown output uses the HTML form (GitHub
 * renders <del> and <ins>).
 */
#ifndef CT_RENDER_REDLINE_H
#define CT_RENDER_REDLINE_H

#include <stddef.h>
#include <jansson.h>

#include "tracker/base/strbuf.h"

/*
 * Text redline, as git diff --word-diff=plain writes it: "=" text as is,
 * "-" text as [-text-], "+" text as {+text+}.
 */
void render_redline_text(struct strbuf *out, json_t *segments);

/*
 * HTML redline: every text HTML-escaped (render_html_escape), "-" text in
 * <del>...</del>, "+" text in <ins>...</ins>; newlines are kept as they are.
 */
void render_redline_html(struct strbuf *out, json_t *segments);

/* Append s[0..len) to out with & < > " ' as &amp; &lt; &gt; &quot; &#39;. */
void render_html_escape(struct strbuf *out, const char *s, size_t len);

#endif
