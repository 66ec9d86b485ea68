/*
 * record.h - what the typed records of db/ share (issue 13): reading a
 * column into a record field, and a record's string as JSON at the edge.
 */
#ifndef CT_RECORD_H
#define CT_RECORD_H

#include <stdint.h>
#include <jansson.h>
#include <sqlite3.h>

/* Column `col` of the current row as an owned string; NULL for SQL NULL. */
char *record_text(sqlite3_stmt *st, int col);

/* Column `col` of the current row as an integer into *v (0 for SQL NULL); whether it was not NULL. */
int record_int(int64_t *v, sqlite3_stmt *st, int col);

/* A record's string as JSON: the string, null for NULL, "" for text that is not UTF-8 (as query_collect gives it). */
json_t *record_json_text(const char *s);

/* An integer as JSON, or null when it is not known. */
json_t *record_json_int(int64_t v, int known);

#endif
