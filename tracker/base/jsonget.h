/*
 * jsonget.h - a string field of a JSON object, in the two meanings the
 * code needs, each under its own name (issue 13: a local str() meant
 * "NULL when absent" in some files and "" in others).
 */
#ifndef CT_JSONGET_H
#define CT_JSONGET_H

#include <jansson.h>

/* The string at `key` of object `o`; NULL when absent, null or not a string (a missing value stays visible). */
const char *jsonget_str(const json_t *o, const char *key);

/* The string at `key` of object `o`; "" when absent, null or not a string (text to print or compare). */
const char *jsonget_text(const json_t *o, const char *key);

/*
 * Sort array `arr` in place, stably (equal elements keep their order), by `cmp`, a qsort comparator that is
 * given two `json_t **`.  The one sort of JSON rows: dates, timelines, Revisions rows.
 */
void jsonget_sort(json_t *arr, int (*cmp)(const void *, const void *));

#endif
