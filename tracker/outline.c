/*
 * outline.c - a version's outline: where each section starts in the
 * document, its parent and its GitHub anchor.
 *
 * Owns the one walk over query_sections rows that `sections`, `show`,
 * `check`, `dates` and the issue linker share.  Invariants: the outline has
 * one entry per row, in the same order; anchors are unique in the document
 * (anchor.h); the walk is linear in the number of sections.  The outline is
 * a plain array (struct outline): `check` and the issue linker read it for
 * documents of 100,000 headings, where an object per section would cost
 * more than the rules themselves.
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

void outline_build(struct outline *out, json_t *sections)
{
	size_t n = json_array_size(sections), depth = 0, i;
	struct outline_section *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t *stack = xcalloc(n ? n : 1, sizeof(*stack));
	size_t *at = xcalloc(n ? n : 1, sizeof(*at)); /* where each anchor starts in `all` */
	struct anchor_set seen = ANCHOR_SET_INIT;
	struct strbuf heading = STRBUF_INIT, slug = STRBUF_INIT, all = STRBUF_INIT;
	long line = 1;
	json_t *s;
	json_array_foreach(sections, i, s) {
		struct outline_section *o = &v[i];
		const char *title = json_string_value(json_object_get(s, "title"));
		o->number = json_string_value(json_object_get(s, "number"));
		o->title = title ? title : "";
		o->level = (int)json_integer_value(json_object_get(s, "level"));
		o->line_start = line;
		line += (long)json_integer_value(json_object_get(s, "lines"));
		o->line_end = line - 1;

		/* the nearest preceding section of a lower level: top of the stack */
		while (depth > 0 && v[stack[depth - 1]].level >= o->level)
			depth--;
		o->parent = depth > 0 ? v[stack[depth - 1]].number : NULL;
		stack[depth++] = i;

		if (o->level <= 0)
			continue;
		/* From the heading line as written; rows without it (older callers) from number and title. */
		json_t *h = json_object_get(s, "heading");
		strbuf_reset(&heading);
		if (json_is_string(h)) {
			strbuf_add(&heading, json_string_value(h), json_string_length(h));
		} else {
			if (o->number && *o->number)
				strbuf_addf(&heading, "%s ", o->number);
			strbuf_addstr(&heading, o->title);
		}
		strbuf_reset(&slug);
		anchor_slug(&slug, heading.buf, strlen(heading.buf));
		at[i] = all.len + 1; /* 0: none */
		anchor_set_unique(&all, &seen, slug.buf, slug.len);
		strbuf_addch(&all, '\0');
	}
	out->anchors = strbuf_detach(&all, NULL);
	for (i = 0; i < n; i++)
		v[i].anchor = at[i] ? out->anchors + at[i] - 1 : NULL;
	out->v = v;
	out->n = n;
	strbuf_release(&heading);
	strbuf_release(&slug);
	anchor_set_free(&seen);
	free(at);
	free(stack);
}

void outline_release(struct outline *o)
{
	free(o->v);
	free(o->anchors);
	*o = (struct outline)OUTLINE_INIT;
}

static json_t *string_or_null(const char *s)
{
	json_t *v = s ? json_string(s) : NULL;
	return v ? v : json_null();
}

json_t *outline_sections(json_t *sections)
{
	struct outline ol = OUTLINE_INIT;
	outline_build(&ol, sections);
	json_t *out = json_array();
	for (size_t i = 0; i < ol.n; i++) {
		const struct outline_section *o = &ol.v[i];
		json_t *row = json_array_get(sections, i);
		json_t *number = json_object_get(row, "number"), *title = json_object_get(row, "title");
		json_t *x = json_object();
		json_object_set_new(x, "number", json_is_string(number) ? json_incref(number) : json_null());
		/* share the row's title rather than copy it (a copy would stop at a NUL) */
		json_object_set_new(x, "title", json_is_string(title) && strlen(o->title) == json_string_length(title)
							? json_incref(title) : json_string(o->title));
		json_object_set_new(x, "level", json_integer(o->level));
		json_object_set_new(x, "parent", string_or_null(o->parent));
		json_object_set_new(x, "anchor", string_or_null(o->anchor));
		json_object_set_new(x, "line_start", json_integer(o->line_start));
		json_object_set_new(x, "line_end", json_integer(o->line_end));
		json_array_append_new(out, x);
	}
	outline_release(&ol);
	return out;
}
