/*
 * record.c - the column readers, list growth and JSON of the typed
 * records (see record.h).  The JSON forms are exactly what query_collect
 * (db/query.c) gives for the same column, so output built from records is
 * byte-identical.
 */
#include "db/record.h"

#include <string.h>

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
