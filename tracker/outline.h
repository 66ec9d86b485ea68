/*
 * outline.h - a version's outline (tracker/outline.c).
 */
#ifndef CT_OUTLINE_H
#define CT_OUTLINE_H

#include <stddef.h>
#include <jansson.h>

#include "db/query.h"

/*
 * The document line where each section starts, indexed like `sections`;
 * element n is one past the last line.  The caller frees the array.
 */
long *outline_section_starts(const struct ct_section_list *sections);

/* One section of an outline. */
struct outline_section {
	const char *number;     /* NULL when it has none */
	const char *title;      /* never NULL ("" when the row has none) */
	const char *parent;     /* the number of the nearest preceding section of a lower level, or NULL */
	const char *anchor;     /* GitHub's, unique in the document; NULL for the front matter */
	int level;              /* 0 for the front matter */
	long line_start, line_end;
};

/*
 * An outline: one entry per section, in the same order.  The numbers and
 * titles point into the sections, which must outlive it; the anchors are
 * its own.
 */
struct outline {
	struct outline_section *v;
	size_t n;
	char *anchors;          /* every anchor, NUL-separated */
};
#define OUTLINE_INIT { NULL, 0, NULL }

/*
 * Fill `out` with the outline of `sections` (front matter included).
 * Anchors are GitHub's (anchor.h), from the heading line as written
 * (sections without one: from number and title), repeats suffixed -1, -2,
 * ...  Linear in the number of sections.  Release with outline_release.
 */
void outline_of_sections(struct outline *out, const struct ct_section_list *sections);

/* Free what outline_of_sections allocated and reset `o` to OUTLINE_INIT. */
void outline_release(struct outline *o);

/*
 * The outline as JSON, one object per section in the same order, front
 * matter included: {number, title, level, parent, anchor, line_start,
 * line_end} (as struct outline_section; null for NULL).  A new reference
 * the caller owns.
 */
json_t *outline_to_json(const struct outline *o);

#endif
