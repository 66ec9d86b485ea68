/*
 * mustache.h - a Mustache template engine over jansson values.
 *
 * Implements the Mustache spec (interpolation, sections, inverted sections,
 * comments, partials, set delimiters and the standalone-line rules); lambdas
 * are not supported.  Templates are byte ranges that need not be
 * NUL-terminated.  A template is parsed completely before anything is
 * rendered, so a syntax error is reported whatever the data.
 *
 * One extension: a dotted name's part made of digits indexes an array
 * ("drafts.0" is the first draft), so "{{#drafts.0}}<ul>{{/drafts.0}}"
 * opens a list only when there is something in it.
 *
 * Values: strings render as themselves, integers as integers, reals in the
 * shortest form that reads back to the same double (1.21 -> "1.21"), true as
 * "true"; null, false, missing names, objects and arrays render as the empty
 * string.  In sections, null, false, missing names and empty arrays are
 * false; every other value (including 0 and "") is true.
 *
 * Hostile input is bounded: sections and partials nest at most max_depth
 * levels (recursive partials included), and one render does at most
 * MUSTACHE_MAX_STEPS steps and appends at most MUSTACHE_MAX_OUTPUT bytes;
 * going past any bound is an error, never a crash.
 */
#ifndef CT_MUSTACHE_H
#define CT_MUSTACHE_H

#include <stddef.h>
#include <jansson.h>

#include "tracker/base/strbuf.h"

/*
 * Loads the partial `name`; on success sets *out (caller frees with free())
 * and *outlen and returns 0; returns CT_ENOTFOUND when there is no such
 * partial (renders as empty string, per spec).  Any other negative result
 * stops the render and is passed back to its caller.
 */
typedef int (*mustache_partial_fn)(char **out, size_t *outlen, const char *name, void *payload);

struct mustache_options {
	unsigned int version;
	mustache_partial_fn partial;   /* may be NULL: every partial is empty */
	void *partial_payload;
	/*
	 * Escape function for {{var}}; NULL = HTML escaping (mustache_escape_html).
	 * Text renderers (Markdown, ICS) pass their own.  It appends the escaped
	 * form of s[0..len) to out.
	 */
	void (*escape)(struct strbuf *out, const char *s, size_t len, void *payload);
	void *escape_payload;
	/* Bound on nested sections/partials, 0 = default 100; at most 1000. */
	unsigned int max_depth;
};
#define MUSTACHE_OPTIONS_VERSION 1
#define MUSTACHE_OPTIONS_INIT { MUSTACHE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0 }

/* Default and largest max_depth. */
#define MUSTACHE_DEFAULT_DEPTH 100
#define MUSTACHE_DEPTH_LIMIT 1000

/* Work bounds of one mustache_render call (tags, text runs and iterations; output bytes). */
#define MUSTACHE_MAX_STEPS (1UL << 27)
#define MUSTACHE_MAX_OUTPUT (256UL << 20)

/*
 * Render template tpl[0..len) against the JSON context `data` (may be NULL)
 * and append to out.  opts may be NULL for the defaults.  Returns 0, or
 * CT_EINVALID with a message naming the template name `tpl_name` (or the
 * partial's name) and line ("template 'status.mustache' line 12: unclosed
 * section 'ballots'") on a syntax error, too deep nesting or too much work;
 * a failing partial callback's code is passed back.  On error out may hold
 * partial output.
 */
int mustache_render(struct strbuf *out, const char *tpl_name, const char *tpl, size_t len,
		    json_t *data, const struct mustache_options *opts);

/*
 * The HTML escaper used by default, exported for render code: & < > " '
 * become &amp; &lt; &gt; &quot; &#39;.  payload is unused.
 */
void mustache_escape_html(struct strbuf *out, const char *s, size_t len, void *payload);

#endif
