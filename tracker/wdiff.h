/*
 * wdiff.h - word-level diff of two texts, as a JSON array of segments.
 *
 * A text is cut into tokens: runs of word characters (ASCII letters, digits,
 * '_' and every byte >= 0x80, so a UTF-8 character is never split), runs of
 * white space, and single punctuation characters.  Segments start and end
 * only at token boundaries.  The result is an array of objects
 * {"op": "=" | "-" | "+", "text": "..."} in text order: the "=" and "-"
 * texts concatenated give the old text and the "=" and "+" texts give the
 * new text, byte for byte.  No segment is empty, no two neighbours have the
 * same op, and within one change "-" comes before "+".  A white-space-only
 * "=" between two changes is absorbed into them when that makes one
 * replacement ("[-a b-]{+x y+}" rather than "[-a-]{+x+} [-b-]{+y+}").
 */
#ifndef CT_WDIFF_H
#define CT_WDIFF_H

#include <stddef.h>
#include <jansson.h>

/*
 * The work bound used when wdiff_options.max_cost is 0: about 4 ms of diff,
 * enough for an edit distance of some 2,000 tokens at any text length.
 */
#define WDIFF_DEFAULT_MAX_COST 1000000

struct wdiff_options {
	/*
	 * Bound on the diff's work, in units of one diagonal visited or one
	 * token compared by the O(ND) diff (at most about edit distance times
	 * tokens; for texts with little in common about the square of the edit
	 * distance).  Past it the part between the common prefix and suffix is
	 * given as one "-" and one "+" segment.  0 = WDIFF_DEFAULT_MAX_COST.
	 */
	size_t max_cost;
};
#define WDIFF_OPTIONS_INIT { 0 }

/*
 * Word-level diff of old[0..old_len) and new_[0..new_len) (either may be
 * NULL when its length is 0).  On success sets *out to a new segment array
 * (the caller owns the reference; empty when both texts are empty) and
 * returns 0.  Returns CT_EINVALID, with *out NULL, when a text is not valid
 * UTF-8 (segments are JSON strings).  opts may be NULL for the defaults.
 */
int wdiff_compute(json_t **out, const char *old, size_t old_len,
		  const char *new_, size_t new_len, const struct wdiff_options *opts);

/*
 * Count the words (runs of word characters, as tokens are cut) in the "+"
 * segments into *ins_words and in the "-" segments into *del_words.
 * Elements that are not segment objects are ignored.
 */
void wdiff_stats(size_t *ins_words, size_t *del_words, json_t *segments);

#endif
