/*
 * meetingdb.c - the meetings table (see meetingdb.h).
 *
 * Invariant: one row per date; the source ranks recorded = minutes >
 * announced, and a lower-ranked write fills only what is missing.
 */
#include "db/meetingdb.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "db/query.h"
#include "db/record.h"

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

/* The columns of a meeting, in the SELECT's order. */
enum { M_ID, M_DATE, M_TIME, M_TZ, M_START_UTC, M_TITLE, M_SOURCE, M_MINUTES, M_TAGS };

int meetingdb_query(struct ct_meeting_list *out, struct ct_db *db)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;
	*out = (struct ct_meeting_list)CT_MEETING_LIST_INIT;
	if (db_prepare(&st, db, "SELECT id, date, time, tz, start_utc, title, source, minutes, tags FROM meetings ORDER BY date") < 0)
		return CT_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_meeting *m = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*m));
		m->id = sqlite3_column_int64(st, M_ID);
		m->date = record_text(st, M_DATE);
		m->time = record_text(st, M_TIME);
		m->tz = record_text(st, M_TZ);
		m->start_utc = record_text(st, M_START_UTC);
		m->title = record_text(st, M_TITLE);
		m->source = record_text(st, M_SOURCE);
		m->minutes = record_text(st, M_MINUTES);
		m->tags = record_text(st, M_TAGS);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_meeting_list_release(out);
		return db_error(db, "reading meetings");
	}
	return 0;
}

void ct_meeting_release(struct ct_meeting *m)
{
	free(m->date);
	free(m->time);
	free(m->tz);
	free(m->start_utc);
	free(m->title);
	free(m->source);
	free(m->minutes);
	free(m->tags);
	memset(m, 0, sizeof(*m));
}

void ct_meeting_list_release(struct ct_meeting_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		ct_meeting_release(&list->items[i]);
	free(list->items);
	*list = (struct ct_meeting_list)CT_MEETING_LIST_INIT;
}

json_t *ct_meeting_to_json(const struct ct_meeting *m)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)m->id, "date",
			 record_json_text(m->date), "time", record_json_text(m->time), "tz", record_json_text(m->tz), "start_utc",
			 record_json_text(m->start_utc), "title", record_json_text(m->title), "source", record_json_text(m->source),
			 "minutes", record_json_text(m->minutes), "tags", record_json_parsed(m->tags));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void ct_meeting_copy(struct ct_meeting *out, const struct ct_meeting *m)
{
	out->id = m->id;
	out->date = dup_or_null(m->date);
	out->time = dup_or_null(m->time);
	out->tz = dup_or_null(m->tz);
	out->start_utc = dup_or_null(m->start_utc);
	out->title = dup_or_null(m->title);
	out->source = dup_or_null(m->source);
	out->minutes = dup_or_null(m->minutes);
	out->tags = dup_or_null(m->tags);
}
