/*
 * outline.c - a version's outline: where each section starts in the
 * document, its parent and its GitHub anchor.
 *
 * Owns the one walk over query_sections rows that `sections`, `show`,
 * `check`, `dates` and the issue linker share.  Invariants: the outline has
 * one object per row, in the same order; anchors are unique in the document
 * (anchor.h); the walk is linear in the number of sections.
 */
#include "tracker/outline.h"

#include <stdlib.h>
#include <string.h>

#include "importers/anchor.h"
#include "tracker/base/strbuf.h"

long *outline_section_starts(json_t *sections)
{
	size_t n = json_array_size(sections);
	long *starts = xcalloc(n + 1, sizeof(long));
	long line = 1;
	for (size_t i = 0; i < n; i++) {
		starts[i] = line;
		line += (long)json_integer_value(json_object_get(json_array_get(sections, i), "lines"));
	}
	starts[n] = line;
	return starts;
}

/* GitHub's anchor for a heading line, unique in the document (anchor.h); `slug` and `anchor` are scratch. */
static json_t *unique_anchor(struct anchor_set *seen, struct strbuf *slug, struct strbuf *anchor,
			     const char *heading, size_t len)
{
	strbuf_reset(slug);
	strbuf_reset(anchor);
	anchor_slug(slug, heading, len);
	anchor_set_unique(anchor, seen, slug->buf, slug->len);
	json_t *a = json_stringn(anchor->buf, anchor->len);
	return a ? a : json_null();
}

/*
 * The outline of `sections` (from query_sections), one object per section
 * and in the same order, front matter included: {number, title, level,
 * parent, anchor, line_start, line_end}.  `parent` is the number of the
 * nearest preceding section of a lower level (null when it has none);
 * the front matter has no anchor.  Shared with cmd_show.c.
 */
json_t *outline_sections(json_t *sections)
{
	long *starts = outline_section_starts(sections);
	json_t *out = json_array(), *s;
	struct anchor_set seen = ANCHOR_SET_INIT;
	struct strbuf heading = STRBUF_INIT, slug = STRBUF_INIT, anchor = STRBUF_INIT;
	json_t **stack = xcalloc(json_array_size(sections) + 1, sizeof(*stack));
	size_t i, depth = 0;
	json_array_foreach(sections, i, s) {
		json_t *number = json_object_get(s, "number");
		json_t *title_v = json_object_get(s, "title");
		const char *title = json_string_value(title_v);
		json_int_t level = json_integer_value(json_object_get(s, "level"));
		json_t *o = json_object();
		json_object_set_new(o, "number", json_is_string(number) ? json_incref(number) : json_null());
		/* share the row's title rather than copy it (a copy would stop at a NUL) */
		json_object_set_new(o, "title", title && strlen(title) == json_string_length(title_v)
							? json_incref(title_v) : json_string(title ? title : ""));
		json_object_set_new(o, "level", json_integer(level));

		/* the nearest preceding section of a lower level: top of the stack */
		while (depth > 0 && json_integer_value(json_object_get(stack[depth - 1], "level")) >= level)
			depth--;
		json_t *parent = json_null();
		if (depth > 0) {
			json_t *pn = json_object_get(stack[depth - 1], "number");
			if (json_is_string(pn))
				parent = json_incref(pn);
		}
		stack[depth++] = s;
		json_object_set_new(o, "parent", parent);

		/* From the heading line as written; rows without it (older callers) from number and title. */
		json_t *line = json_object_get(s, "heading");
		strbuf_reset(&heading);
		if (json_is_string(line)) {
			strbuf_add(&heading, json_string_value(line), json_string_length(line));
		} else {
			if (json_is_string(number) && json_string_length(number))
				strbuf_addf(&heading, "%s ", json_string_value(number));
			strbuf_addstr(&heading, title ? title : "");
		}
		json_object_set_new(o, "anchor", level > 0 ? unique_anchor(&seen, &slug, &anchor, heading.buf, strlen(heading.buf)) : json_null());
		json_object_set_new(o, "line_start", json_integer(starts[i]));
		json_object_set_new(o, "line_end", json_integer(starts[i + 1] - 1));
		json_array_append_new(out, o);
	}
	strbuf_release(&heading);
	strbuf_release(&slug);
	strbuf_release(&anchor);
	anchor_set_free(&seen);
	free(stack);
	free(starts);
	return out;
}

