/*
 * outline.c - a version's outline: where each section starts in the
 * document, its parent and its GitHub anchor.
 *
 * Owns the one walk over a version's sections (struct ct_section_list)
 * that `sections`, `show`, `check`, `dates` and the issue linker share.  Invariants: the outline has
 * one entry per row, in the same order; anchors are unique in the document
 * (anchor.h); the walk is linear in the number of sections.  The outline is
 * a plain array (struct outline): `check` and the issue linker read it for
 * documents of 100,000 headings, where an object per section would cost
 * more than the rules themselves.
 */
#include "tracker/outline.h"

#include <stdlib.h>
#include <string.h>

#include "db/record.h"
#include "importers/anchor.h"
#include "tracker/base/strbuf.h"

long *outline_section_starts(const struct ct_section_list *sections)
{
	size_t n = sections->n;
	long *starts = xcalloc(n + 1, sizeof(long));
	long line = 1;
	for (size_t i = 0; i < n; i++) {
		starts[i] = line;
		line += sections->items[i].lines;
	}
	starts[n] = line;
	return starts;
}

void outline_of_sections(struct outline *out, const struct ct_section_list *sections)
{
	size_t n = sections->n, depth = 0, i;
	struct outline_section *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t *stack = xcalloc(n ? n : 1, sizeof(*stack));
	size_t *at = xcalloc(n ? n : 1, sizeof(*at)); /* where each anchor starts in `all` */
	struct anchor_set seen = ANCHOR_SET_INIT;
	struct strbuf heading = STRBUF_INIT, slug = STRBUF_INIT, all = STRBUF_INIT;
	long line = 1;
	for (i = 0; i < n; i++) {
		const struct ct_section *s = &sections->items[i];
		struct outline_section *o = &v[i];
		o->number = s->number;
		o->title = s->title ? s->title : "";
		o->level = s->level;
		o->line_start = line;
		line += s->lines;
		o->line_end = line - 1;

		/* the nearest preceding section of a lower level: top of the stack */
		while (depth > 0 && v[stack[depth - 1]].level >= o->level)
			depth--;
		o->parent = depth > 0 ? v[stack[depth - 1]].number : NULL;
		stack[depth++] = i;

		if (o->level <= 0)
			continue;
		/* From the heading line as written; sections without it from number and title. */
		strbuf_reset(&heading);
		if (s->heading) {
			strbuf_add(&heading, s->heading, s->heading_len);
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
	anchor_set_release(&seen);
	free(at);
	free(stack);
}

void outline_release(struct outline *o)
{
	free(o->v);
	free(o->anchors);
	*o = (struct outline)OUTLINE_INIT;
}

json_t *outline_to_json(const struct outline *ol)
{
	json_t *out = json_array();
	for (size_t i = 0; i < ol->n; i++) {
		const struct outline_section *o = &ol->v[i];
		json_t *x = json_object();
		json_object_set_new(x, "number", record_json_text(o->number));
		json_object_set_new(x, "title", query_json_stringn(o->title, strlen(o->title)));
		json_object_set_new(x, "level", json_integer(o->level));
		json_object_set_new(x, "parent", record_json_text(o->parent));
		json_object_set_new(x, "anchor", record_json_text(o->anchor));
		json_object_set_new(x, "line_start", json_integer(o->line_start));
		json_object_set_new(x, "line_end", json_integer(o->line_end));
		json_array_append_new(out, x);
	}
	return out;
}

