/*
 * record.c - the column readers, list growth and JSON of the typed
 * records (see record.h).  The JSON forms are exactly what query_collect
 * (db/query.c) gives for the same column, so output built from records is
 * byte-identical.
 */
#include "db/record.h"

#include <string.h>

#include "db/db.h"
#include "tracker/base/strbuf.h"

char *record_text(sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	return v ? xstrdup(v) : NULL;
}

int record_int(int64_t *v, sqlite3_stmt *st, int col)
{
	*v = sqlite3_column_int64(st, col);
	return sqlite3_column_type(st, col) != SQLITE_NULL;
}

void *record_grow(void **items, size_t *n, size_t *alloc, size_t size)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		*items = xrealloc(*items, *alloc * size);
	}
	char *item = (char *)*items + (*n)++ * size;
	memset(item, 0, size);
	return item;
}

int record_read_rows(void **items, size_t *n, size_t size, struct ct_db *db, sqlite3_stmt *st,
		     int (*fill)(void *item, sqlite3_stmt *st, void *arg), void *arg, const char *what)
{
	size_t alloc = *n;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int err = fill(record_grow(items, n, &alloc, size), st, arg);
		if (err < 0) {
			sqlite3_finalize(st);
			return err;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(db, what);
}

char **record_strings(sqlite3_stmt *st, int col, size_t *n)
{
	const char *text = (const char *)sqlite3_column_text(st, col);
	json_t *arr = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL, *v;
	size_t k;
	char **out = xcalloc(json_array_size(arr) + 1, sizeof(char *));
	*n = 0;
	json_array_foreach(arr, k, v)
		if (json_is_string(v))
			out[(*n)++] = xstrdup(json_string_value(v));
	if (json_is_string(arr)) /* a single value (first_ref) */
		out[(*n)++] = xstrdup(json_string_value(arr));
	json_decref(arr);
	return out;
}

void record_strings_free(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

json_t *record_json_text(const char *s)
{
	json_t *v = s ? json_string(s) : json_null();
	return v ? v : json_string("");
}

json_t *record_json_parsed(const char *s)
{
	json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : record_json_text(s);
}

json_t *record_json_int(int64_t v, int known)
{
	return known ? json_integer((json_int_t)v) : json_null();
}
