/*
 * record.c - the column readers and JSON of the typed records (see
 * record.h).
 */
#include "db/record.h"

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

json_t *record_json_text(const char *s)
{
	json_t *v = s ? json_string(s) : json_null();
	return v ? v : json_string("");
}

json_t *record_json_int(int64_t v, int known)
{
	return known ? json_integer((json_int_t)v) : json_null();
}
