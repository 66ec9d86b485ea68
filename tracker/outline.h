/*
 * outline.h - a version's outline (tracker/outline.c).
 */
#ifndef CT_OUTLINE_H
#define CT_OUTLINE_H

#include <jansson.h>

/*
 * The document line where each section starts, indexed like `sections`
 * (rows of query_sections, each with "lines"); element n is one past the
 * last line.  The caller frees the array.
 */
long *outline_section_starts(json_t *sections);

/*
 * The outline of `sections` (rows of query_sections), one object per
 * section in the same order, front matter included: {number, title, level,
 * parent, anchor, line_start, line_end}.  `parent` is the number of the
 * nearest preceding section of a lower level (null when it has none);
 * anchors are GitHub's, repeats suffixed -1, -2, ...; the front matter has
 * no anchor.  A new reference the caller owns.
 */
json_t *outline_sections(json_t *sections);

#endif
