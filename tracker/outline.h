/*
 * outline.h - a version's outline (tracker/outline.c).
 */
#ifndef CT_OUTLINE_H
#define CT_OUTLINE_H

#include <stddef.h>
#include <jansson.h>

/*
 * The document line where each section starts, indexed like `sections`
 * (rows of query_sections, each with "lines"); element n is one past the
 * last line.  The caller frees the array.
 */
long *outline_section_starts(json_t *sections);

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
 * An outline: one entry per row of query_sections, in the same order.  The
 * numbers and titles point into the rows, which must outlive it; the
 * anchors are its own.
 */
struct outline {
	struct outline_section *v;
	size_t n;
	char *anchors;          /* every anchor, NUL-separated */
};
#define OUTLINE_INIT { NULL, 0, NULL }

/*
 * Fill `out` with the outline of `sections` (rows of query_sections, front
 * matter included).  Anchors are GitHub's (anchor.h), from the heading line
 * as written (rows without one: from number and title), repeats suffixed
 * -1, -2, ...  Linear in the number of sections.  Release with
 * outline_release.
 */
void outline_build(struct outline *out, json_t *sections);

/* Free what outline_build allocated and reset `o` to OUTLINE_INIT. */
void outline_release(struct outline *o);

/*
 * The outline of `sections` as JSON, one object per section in the same
 * order, front matter included: {number, title, level, parent, anchor,
 * line_start, line_end} (as struct outline_section; null for NULL).  A new
 * reference the caller owns.
 */
json_t *outline_sections(json_t *sections);

#endif
