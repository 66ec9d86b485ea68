/*
 * mentiondb.c - the minutes_mentions table (see mentiondb.h).
 *
 * Invariant: a meeting's rows are replaced as a whole, so a post imported
 * again says what it says now, once.
 */
#include "db/mentiondb.h"

#include <stdlib.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "db/record.h"

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

/* The columns of a mention, in the SELECT's order. */
enum { X_MEETING, X_ORD, X_KIND, X_URL, X_OWNER, X_REPO, X_BASE, X_HEAD, X_KEY, X_NAME, X_TIME, X_CONTEXT };

int mentiondb_query(struct ct_mention_list *out, struct ct_db *db, const char *date)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;
	*out = (struct ct_mention_list)CT_MENTION_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT meeting, ord, kind, url, owner, repo, base, head, ballot_key, name, time, context "
		       "FROM minutes_mentions WHERE ?1 IS NULL OR meeting = ?1 ORDER BY meeting, ord") < 0)
		return CT_EDB;
	db_bind_text(st, 1, date);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_mention *m = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*m));
		m->meeting = record_text(st, X_MEETING);
		m->ord = sqlite3_column_int64(st, X_ORD);
		m->kind = record_text(st, X_KIND);
		m->url = record_text(st, X_URL);
		m->owner = record_text(st, X_OWNER);
		m->repo = record_text(st, X_REPO);
		m->base = record_text(st, X_BASE);
		m->head = record_text(st, X_HEAD);
		m->ballot_key = record_text(st, X_KEY);
		m->name = record_text(st, X_NAME);
		m->time = record_text(st, X_TIME);
		m->context = record_text(st, X_CONTEXT);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_mention_list_release(out);
		return db_error(db, "reading what minutes say");
	}
	return 0;
}

void ct_mention_list_release(struct ct_mention_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct ct_mention *m = &list->items[i];
		free(m->meeting);
		free(m->kind);
		free(m->url);
		free(m->owner);
		free(m->repo);
		free(m->base);
		free(m->head);
		free(m->ballot_key);
		free(m->name);
		free(m->time);
		free(m->context);
	}
	free(list->items);
	*list = (struct ct_mention_list)CT_MENTION_LIST_INIT;
}
