/*
 * mentiondb.c - the minutes_mentions table (see mentiondb.h).
 *
 * Invariant: a meeting's rows are replaced as a whole, so a post imported
 * again says what it says now, once.
 */
#include "db/mentiondb.h"

#include "tracker/base/error.h"
#include "db/query.h"

static const char *field(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int mentiondb_replace(struct ct_db *db, const char *date, json_t *rows)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "DELETE FROM minutes_mentions WHERE meeting = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, date);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(db, "forgetting a post's mentions");
	if (db_prepare(&st, db,
		       "INSERT INTO minutes_mentions(meeting, ord, kind, url, owner, repo, base, head, ballot_key, name, time, context) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, ''))") < 0)
		return CT_EDB;
	static const char *const cols[] = { "kind", "url", "owner", "repo", "base", "head", "ballot_key", "name", "time", "context" };
	json_t *r;
	size_t i;
	json_array_foreach(rows, i, r) {
		sqlite3_reset(st);
		db_bind_text(st, 1, date);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		for (int c = 0; c < 10; c++)
			db_bind_text(st, 3 + c, field(r, cols[c]));
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(db, "recording what a post says");
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int mentiondb_list(json_t **out, struct ct_db *db, const char *date)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT meeting, ord, kind, url, owner, repo, base, head, ballot_key, name, time, context "
		       "FROM minutes_mentions WHERE ?1 IS NULL OR meeting = ?1 ORDER BY meeting, ord") < 0)
		return CT_EDB;
	db_bind_text(st, 1, date);
	return query_collect(out, db, st, NULL);
}
