/*
 * svg.h - the timeline of effective dates as an SVG picture, for the
 * meeting status page.
 *
 * The picture is one self-contained <svg> element: no script, no links or
 * external references, presentation attributes only, so it can be inlined
 * into HTML or saved as a file, and it prints as it shows (nothing relies
 * on hover; the <title> tooltips repeat what the labels say).  Its output
 * is the same bytes for the same model and options.  Render never queries
 * the database.
 */
#ifndef CT_RENDER_SVG_H
#define CT_RENDER_SVG_H

#include <jansson.h>

#include "tracker/base/strbuf.h"

struct svg_options {
	int width;              /* pixels, default 960 */
	const char *title;      /* <title> of the picture, may be NULL */
};
#define SVG_OPTIONS_INIT { 960, NULL }

/*
 * model: {from: "YYYY-MM-DD", to: "YYYY-MM-DD", today: "YYYY-MM-DD" (optional, marked when inside the range),
 *   events: [{date: "YYYY-MM-DD", keyword: "SHALL"|"SHOULD"|"MUST"|"MAY"|..., label: text, kind: "obligation"|"deadline"|"meeting", id?: text}]}
 * Appends one self-contained <svg> element (no script, no external references, inline styles or presentation attributes).
 *
 * In detail: a horizontal axis with month ticks (labelled every month, or
 * every quarter when months are narrow) and year labels; each event in
 * [from, to] a marker whose shape and colour tell its kind: SHALL, MUST
 * and REQUIRED (with or without NOT) a filled dark-red diamond; SHOULD,
 * RECOMMENDED, MAY and OPTIONAL a hollow amber circle; another keyword
 * a small grey dot; a deadline a blue triangle; a meeting a green square.
 * A legend names the kinds shown.  Markers sit in lanes below the axis,
 * joined to their date by a leader line and labelled "DATE KEYWORD label"
 * on a white ground (labels past about 60 characters, or past the room
 * near the picture's ends, are cut with an ellipsis; the <title> keeps
 * them whole).  Lanes are chosen greedily in date order from label widths
 * estimated per character, so that labels do not overlap, and the picture
 * grows with them.  Each event is a <g class="marker KIND" transform=
 * "translate(X,Y)">, KIND one of strong, weak, other, deadline, meeting,
 * with its id (if any) as data-id.  today, inside the range, is a dashed
 * line labelled "today".  Events outside the range are skipped.
 *
 * width is clamped to [320, 20000] (0 or less: 960).  kind defaults to
 * "obligation", keyword to none; to must not be before from.  Returns 0
 * or CT_EINVALID naming the field ("svg: events[2].date: ..."); on error
 * `out` is left as it was.
 */
int render_svg_timeline(struct strbuf *out, json_t *model, const struct svg_options *opts);

#endif
