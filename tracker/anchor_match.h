/*
 * anchor_match.h - the heading a broken anchor most likely meant.
 *
 * `cabtrack check` names, for each link to an anchor no heading has, the
 * heading it probably meant.  Looking that up heading by heading costs a
 * Levenshtein distance per heading per broken link; the index here answers
 * each link in about the time of one: a hash of each anchor's words (a
 * renumbered heading), a hash of section numbers' digits (the section with
 * that number), and a trie of the anchors searched with one distance row
 * per trie node and pruned at the best distance found so far.
 */
#ifndef CT_ANCHOR_MATCH_H
#define CT_ANCHOR_MATCH_H

#include <stddef.h>

struct anchor_match;

/*
 * An index of n headings: anchors[i] (GitHub's anchor, NULL when the
 * heading has none) and numbers[i] (its section number, NULL when it has
 * none).  The strings are copied.
 */
struct anchor_match *anchor_match_new(const char *const *anchors, const char *const *numbers, size_t n);

/*
 * The index of the heading that `want` (an anchor, decoded and lower-cased)
 * most likely meant, or -1: the first heading with the same words under
 * another number ("renumbered"), else the closest (by edit distance, the
 * first on ties) of those whose number's digits are want's leading digits,
 * else the closest of all when its distance is at most a third of want's
 * length.  *why says which of the three.
 */
long anchor_match_meant(struct anchor_match *m, const char *want, const char **why);

/* Free the index (NULL is fine). */
void anchor_match_free(struct anchor_match *m);

#endif
