/*
 * anchor.h - heading anchors exactly as GitHub makes them.
 *
 * The one place cabtrack makes or compares a heading anchor: `sections`,
 * `show`, `check`'s broken-anchor rule and the issue linker all come here.
 *
 * GitHub's anchor for a heading (github/cmark-gfm rendering, the slug as
 * github-slugger reproduces it):
 *   - the text of the heading as cmark-gfm parses it: entities decoded,
 *     backslash escapes resolved, code spans, emphasis and links reduced to
 *     their text, inline HTML tags and images contributing nothing;
 *   - lower-cased by Unicode rules (full mapping: U+0130 becomes "i" and a
 *     combining dot above; no final-sigma rule);
 *   - every character removed that is not a letter, a mark, a decimal or
 *     letter number or connector punctuation ("_", "‿", "＿"), except the
 *     ASCII space and hyphen: punctuation, symbols, other numbers ("²",
 *     "½", "①"), format and control characters all go.  The few symbols
 *     Unicode counts as alphabetic (circled and squared Latin letters) stay;
 *   - each ASCII space becomes "-", never collapsed ("7.  Title" ->
 *     "7--title"); every other space separator (U+00A0 no-break space,
 *     U+2000..U+200A, U+202F, U+205F, U+3000) is removed like punctuation,
 *     as GitHub removes them;
 *   - within one document a repeated slug gets "-1", "-2", ... in document
 *     order, and a slug given out counts as taken ("a", "a-1", "a" ->
 *     "a", "a-1", "a-2").
 */
#ifndef CT_ANCHOR_H
#define CT_ANCHOR_H

#include <stddef.h>

#include "tracker/base/strbuf.h"

/*
 * Append the slug of a heading line ("### 3.2.2.8 CAA Records", the ATX
 * markers and closing sequence included) to `out`.  Text that is not a
 * heading line is taken as the heading's inline Markdown.
 */
void anchor_slug(struct strbuf *out, const char *line, size_t len);

/*
 * Append the slug of already plain heading text (no Markdown: "4.2.2.1 CAA
 * records") to `out`.
 */
void anchor_slug_text(struct strbuf *out, const char *text, size_t len);

/*
 * Append the form a link's fragment is compared in ("3228caa-records" for
 * "#3228CAA-Records" or "%33228caa-records"): a leading '#' dropped, %XX
 * escapes decoded, lower-cased by Unicode rules.  GitHub finds a fragment
 * by its decoded value, then by its lower case; the slugs are lower case.
 */
void anchor_link_key(struct strbuf *out, const char *fragment, size_t len);

/* The slugs given out in one document, for uniqueness. */
struct anchor_set {
	struct anchor_slot *slots;
	size_t nr, alloc;
};
#define ANCHOR_SET_INIT { NULL, 0, 0 }

/*
 * Append the unique anchor for `slug` (from anchor_slug) to `out` and count
 * it as taken.  Amortised constant time per call (a hash set; no rescan).
 */
void anchor_set_unique(struct strbuf *out, struct anchor_set *set, const char *slug, size_t len);

/* Free what the set holds and reset it (the struct is the caller's); NULL or empty is fine. */
void anchor_set_release(struct anchor_set *set);

#endif
