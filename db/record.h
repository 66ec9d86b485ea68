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

struct ct_db;

/*
 * Step the bound statement `st` to its end, appending one zeroed item of
 * `size` bytes per row to *items (*n of them, grown by record_grow) and
 * filling it with fill(item, st, arg), which returns 0 or a negative code
 * with its message set (a row it cannot read).  Finalizes `st`.  0, fill's
 * code, or the database's error (db_error with `what`); on an error the
 * items read so far stay for the caller's _release.
 */
int record_read_rows(void **items, size_t *n, size_t size, struct ct_db *db, sqlite3_stmt *st,
		     int (*fill)(void *item, sqlite3_stmt *st, void *arg), void *arg, const char *what);

/*
 * Column `col`, a JSON array of strings as stored (or a single string), as
 * an owned array of owned strings, their number in *n; anything in it
 * that is not a string is left out.  Free with record_strings_free.
 */
char **record_strings(sqlite3_stmt *st, int col, size_t *n);

/* Free what record_strings returned. */
void record_strings_free(char **v, size_t n);

/* A record's string as JSON: the string, null for NULL, "" for text that is not UTF-8 (as query_collect gives it). */
json_t *record_json_text(const char *s);

/* A field kept as JSON text (endorsers, tags, a revision's dates) as JSON: parsed, else as a string, null for NULL. */
json_t *record_json_parsed(const char *s);

/* An integer as JSON, or null when it is not known. */
json_t *record_json_int(int64_t v, int known);

#endif
