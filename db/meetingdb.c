/*
 * meetingdb.c - the meetings table (see meetingdb.h).
 *
 * Invariant: one row per date; the source ranks recorded = minutes >
 * announced, and a lower-ranked write fills only what is missing.
 */
#include "db/meetingdb.h"

#include <string.h>

#include "tracker/base/error.h"
#include "db/query.h"

int meetingdb_put(int *created, struct ct_db *db, const struct meetingdb_meeting *m)
{
	char now[32];
	db_now(now);
	*created = 0;

	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT source FROM meetings WHERE date = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, m->date);
	int rc = sqlite3_step(st);
	int exists = rc == SQLITE_ROW;
	int weaker = exists && !strcmp(m->source, "announced") &&
		     strcmp((const char *)sqlite3_column_text(st, 0), "announced");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "reading meetings");

	const char *sql = !exists
		? "INSERT INTO meetings(date, time, tz, start_utc, title, source, minutes, tags, created, updated) "
		  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, '[]'), ?9, ?9)"
		: weaker
		? "UPDATE meetings SET time = coalesce(time, ?2), tz = coalesce(tz, ?3), start_utc = coalesce(start_utc, ?4), "
		  "title = coalesce(title, ?5), updated = ?9 WHERE date = ?1"
		: "UPDATE meetings SET time = coalesce(?2, time), tz = coalesce(?3, tz), start_utc = coalesce(?4, start_utc), "
		  "title = coalesce(?5, title), source = CASE WHEN ?6 = 'announced' THEN source ELSE ?6 END, "
		  "minutes = coalesce(?7, minutes), tags = coalesce(?8, tags), updated = ?9 WHERE date = ?1";
	if (db_prepare(&st, db, sql) < 0)
		return CT_EDB;
	db_bind_text(st, 1, m->date);
	db_bind_text(st, 2, m->time);
	db_bind_text(st, 3, m->tz);
	db_bind_text(st, 4, m->start_utc);
	db_bind_text(st, 5, m->title);
	db_bind_text(st, 6, m->source);
	db_bind_text(st, 7, m->minutes);
	db_bind_text(st, 8, m->tags);
	db_bind_text(st, 9, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, "recording a meeting");
	*created = !exists;
	return 0;
}

int meetingdb_list(json_t **out, struct ct_db *db)
{
	static const char *const json_cols[] = { "tags", NULL };
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT id, date, time, tz, start_utc, title, source, minutes, tags FROM meetings ORDER BY date") < 0)
		return CT_EDB;
	return query_collect(out, db, st, json_cols);
}
