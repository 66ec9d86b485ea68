/*
 * page.h - pages from templates: a view model (JSON) through a Mustache
 * template into HTML or Markdown.
 *
 * Templates are looked up by name ("status" is status.mustache): first in
 * the folder given with --templates, then among those built into cabtrack
 * from templates/ at build time, so any of them can be overridden by
 * name.  Partials ({{> name}}) are looked up the same way.
 *
 * Before rendering, a copy of the view gains presentation fields, so that
 * templates need no logic and nothing untrusted reaches a page unescaped:
 *   - for each string "X_md" (Markdown from a document or an issue), an
 *     "X_html" rendered by cmark-gfm in its safe mode (raw HTML dropped;
 *     a link or image whose URL is not http(s) becomes its text, url.h),
 *     one paragraph unwrapped;
 *   - for each array "redline" (wdiff segments), a "redline_html" of its
 *     hunks with <del>/<ins>;
 *   - for a top-level object "timeline", a "timeline_svg" picture.
 * Only these fields are meant for triple mustaches; every other value is
 * escaped for the page's markup (HTML, Markdown with render_md_escape, or
 * plain text with control characters shown as \xNN).  Every object in a
 * list gains "last" (true on the list's last one), for separators
 * ({{^last}}; {{/last}}).
 */
#ifndef CT_RENDER_PAGE_H
#define CT_RENDER_PAGE_H

#include <jansson.h>

#include "tracker/base/strbuf.h"

enum page_markup { PAGE_HTML, PAGE_MARKDOWN, PAGE_TEXT /* plain text: control characters as \xNN */ };

struct page_options {
	const char *templates_dir;   /* overrides by name; NULL: only the built-in templates */
	enum page_markup markup;
};
#define PAGE_OPTIONS_INIT { NULL, PAGE_HTML }

/*
 * Render template `name` with `view` into out.  0, CT_ENOTFOUND when there
 * is no such template, or CT_EINVALID for a template that does not parse
 * (the message names it).
 */
int render_page(struct strbuf *out, const char *name, json_t *view, const struct page_options *opts);

/* Safe HTML of Markdown text (see above); one paragraph is unwrapped. */
void render_markdown_html(struct strbuf *out, const char *md, size_t len);

#endif
