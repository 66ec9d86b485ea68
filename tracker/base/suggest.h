/*
 * suggest.h - "did you mean": the nearest of a list of names to a word a
 * user typed (tracker/base/suggest.c).
 *
 * One edit distance for every place cabtrack suggests a name: commands,
 * subcommands, options, config keys and enumerated values.
 */
#ifndef CT_SUGGEST_H
#define CT_SUGGEST_H

#include <stddef.h>

/*
 * The edit distance between `a` and `b`: insertions, deletions,
 * substitutions and swaps of neighbouring bytes each count 1 (optimal string
 * alignment).  Capped at SUGGEST_FAR: words longer than 63 bytes, or farther
 * apart than that, give SUGGEST_FAR.
 */
#define SUGGEST_FAR 9
size_t suggest_distance(const char *a, const char *b);

/*
 * The candidate nearest to `word`, or NULL when none is near: within
 * distance 2 (1 for words of three bytes or fewer), or a candidate that
 * `word` (two bytes or more) is a prefix of.  `names` holds `n` strings;
 * NULL entries and names starting with "__" (hidden) are skipped.  Ties go
 * to the first candidate.
 */
const char *suggest_nearest(const char *word, const char *const *names, size_t n);

#endif
