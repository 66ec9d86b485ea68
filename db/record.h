/*
 * record.h - what the typed records of db/ share (issue 13): reading a
 * column into a record field, growing a list of records, and a record's
 * fields as JSON at the edge.
 */
#ifndef CT_RECORD_H
#define CT_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <sqlite3.h>

/* Column `col` of the current row as an owned string; NULL for SQL NULL. */
char *record_text(sqlite3_stmt *st, int col);

/* Column `col` of the current row as an integer into *v (0 for SQL NULL); whether it was not NULL. */
int record_int(int64_t *v, sqlite3_stmt *st, int col);

/*
 * Room for one more item in a list of `*n` items of `size` bytes whose
 * array `*items` has room for `*alloc`: returns the new (zeroed) item and
 * counts it in *n.
 */
void *record_grow(void **items, size_t *n, size_t *alloc, size_t size);

/* A record's string as JSON: the string, null for NULL, "" for text that is not UTF-8 (as query_collect gives it). */
json_t *record_json_text(const char *s);

/* A field kept as JSON text (endorsers, tags, a revision's dates) as JSON: parsed, else as a string, null for NULL. */
json_t *record_json_parsed(const char *s);

/* An integer as JSON, or null when it is not known. */
json_t *record_json_int(int64_t v, int known);

#endif
