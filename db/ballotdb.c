/*
 * ballotdb.c - the ballot tables (see ballotdb.h).
 *
 * Invariant: ballot_sources is the only ballot table an import writes;
 * ballots, ballot_phases and ballot_log change only through ballotdb_ensure,
 * ballotdb_set and ballotdb_phases_set, and each change to a ballot row is
 * logged with the value it replaced.
 */
#include "db/ballotdb.h"

#include <stdio.h>
#include <string.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "tracker/base/strbuf.h"

static int step_done(struct ct_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(db, what);
}

int ballotdb_sources_clear(struct ct_db *db, int64_t doc_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "DELETE FROM ballot_sources WHERE doc_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	return step_done(db, st, "clearing ballot sources");
}

int ballotdb_source_add(struct ct_db *db, int64_t doc_id, const struct ballotdb_source *s, int ord)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "INSERT OR REPLACE INTO ballot_sources(doc_id, ballot_key, name, kind, ref, base, head, pr, title, "
		       "version, dates, time, ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, s->ballot_key);
	db_bind_text(st, 3, s->name);
	db_bind_text(st, 4, s->kind);
	db_bind_text(st, 5, s->ref);
	db_bind_text(st, 6, s->base);
	db_bind_text(st, 7, s->head);
	if (s->pr)
		sqlite3_bind_int64(st, 8, s->pr);
	db_bind_text(st, 9, s->title);
	db_bind_text(st, 10, s->version);
	db_bind_text(st, 11, s->dates);
	if (s->time)
		sqlite3_bind_int64(st, 12, s->time);
	sqlite3_bind_int(st, 13, ord);
	return step_done(db, st, "recording a ballot source");
}

int ballotdb_sources(json_t **out, struct ct_db *db, int64_t doc_id)
{
	static const char *const json_cols[] = { "dates", NULL };
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT ballot_key, name, kind, ref, base, head, pr, title, version, dates, time FROM ballot_sources "
		       "WHERE doc_id = ?1 ORDER BY ballot_key, "
		       "CASE kind WHEN 'merge' THEN 0 WHEN 'tag' THEN 1 WHEN 'pull' THEN 2 WHEN 'fork' THEN 3 "
		       "WHEN 'branch' THEN 4 ELSE 5 END, ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	return query_collect(out, db, st, json_cols);
}

static const char recorded_cols[] =
	"SELECT id, doc, ballot_key, name, title, base, head, pr, state, type, discussion_start, vote_start, "
	"vote_end, ipr_ends, plan_from, proposer, endorsers, last_version, result_at, review_start, votes_issuers, "
	"votes_consumers, created, updated FROM ballots ";

/* Columns kept as JSON text, given back parsed. */
static const char *const recorded_json[] = { "endorsers", NULL };

int ballotdb_recorded(json_t **out, struct ct_db *db, const char *doc)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "%sWHERE doc = ?1 ORDER BY id", recorded_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	return query_collect(out, db, st, recorded_json);
}

int ballotdb_get(json_t **out, struct ct_db *db, const char *doc, const char *key)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	json_t *rows = NULL;
	*out = NULL;
	strbuf_addf(&sql, "%sWHERE doc = ?1 AND ballot_key = ?2", recorded_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	db_bind_text(st, 2, key);
	if ((rc = query_collect(&rows, db, st, recorded_json)) < 0)
		return rc;
	if (json_array_size(rows))
		*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

int ballotdb_ensure(int64_t *id, struct ct_db *db, const char *doc, const char *key, const char *name)
{
	char now[32];
	sqlite3_stmt *st;
	db_now(now);
	if (db_prepare(&st, db,
		       "INSERT INTO ballots(doc, ballot_key, name, created, updated) VALUES (?1, ?2, ?3, ?4, ?4) "
		       "ON CONFLICT(doc, ballot_key) DO NOTHING") < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, now);
	if (step_done(db, st, "recording a ballot") < 0)
		return CT_EDB;
	if (db_prepare(&st, db, "SELECT id FROM ballots WHERE doc = ?1 AND ballot_key = ?2") < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	db_bind_text(st, 2, key);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_error(db, "reading a ballot");
}

static int log_change(struct ct_db *db, int64_t id, const char *field, const char *old, const char *new_)
{
	char now[32];
	sqlite3_stmt *st;
	db_now(now);
	if (db_prepare(&st, db, "INSERT INTO ballot_log(ballot_id, time, field, old, new) VALUES (?1, ?2, ?3, ?4, ?5)") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, field);
	db_bind_text(st, 4, old);
	db_bind_text(st, 5, new_);
	return step_done(db, st, "logging a ballot change");
}

int ballotdb_set(struct ct_db *db, int64_t id, const char *field, const char *value)
{
	static const char *const fields[] = {
		"title", "base", "head", "pr", "state", "type", "discussion_start", "vote_start", "vote_end",
		"ipr_ends", "plan_from", "proposer", "endorsers", "last_version", "result_at", "review_start",
		"votes_issuers", "votes_consumers",
	};
	int known = 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		known |= !strcmp(fields[i], field);
	if (!known)
		return ct_error_set(CT_EINVALID, "a ballot has no field '%s'", field);

	/* `field` is one of the names above, never user text: safe to format. */
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st;
	char *old = NULL;
	strbuf_addf(&sql, "SELECT %s FROM ballots WHERE id = ?1", field);
	int rc = db_prepare(&st, db, sql.buf);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			old = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (rc == 0 && (old ? value && !strcmp(old, value) : !value)) {
		free(old);
		strbuf_release(&sql);
		return 0; /* unchanged: nothing to log */
	}
	char now[32];
	db_now(now);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "UPDATE ballots SET %s = ?2, updated = ?3 WHERE id = ?1", field);
	if (rc == 0 && (rc = db_prepare(&st, db, sql.buf)) == 0) {
		sqlite3_bind_int64(st, 1, id);
		if (!strcmp(field, "pr") && value)
			sqlite3_bind_int64(st, 2, strtoll(value, NULL, 10));
		else
			db_bind_text(st, 2, value);
		db_bind_text(st, 3, now);
		rc = step_done(db, st, "updating a ballot");
	}
	if (rc == 0)
		rc = log_change(db, id, field, old, value);
	free(old);
	strbuf_release(&sql);
	return rc;
}

int ballotdb_phases(json_t **out, struct ct_db *db, int64_t id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT keyword, offset FROM ballot_phases WHERE ballot_id = ?1 ORDER BY ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	return query_collect(out, db, st, NULL);
}

static void phases_text(struct strbuf *sb, json_t *phases)
{
	json_t *p;
	size_t i;
	json_array_foreach(phases, i, p)
		strbuf_addf(sb, "%s%s %s", i ? "; " : "", json_string_value(json_object_get(p, "keyword")),
			    json_string_value(json_object_get(p, "offset")));
}

int ballotdb_phases_set(struct ct_db *db, int64_t id, const char *const *keywords, const char *const *offsets, size_t n)
{
	json_t *old = NULL;
	sqlite3_stmt *st;
	int rc = ballotdb_phases(&old, db, id);
	if (rc < 0)
		return rc;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	phases_text(&before, old);
	json_decref(old);
	if (db_prepare(&st, db, "DELETE FROM ballot_phases WHERE ballot_id = ?1") < 0) {
		rc = CT_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = step_done(db, st, "replacing a plan")) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (db_prepare(&st, db, "INSERT INTO ballot_phases(ballot_id, ord, keyword, offset) VALUES (?1, ?2, ?3, ?4)") < 0) {
			rc = CT_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		db_bind_text(st, 3, keywords[i]);
		db_bind_text(st, 4, offsets[i]);
		rc = step_done(db, st, "recording a plan");
		strbuf_addf(&after, "%s%s %s", i ? "; " : "", keywords[i], offsets[i]);
	}
	if (rc == 0)
		rc = log_change(db, id, "plan", before.len ? before.buf : NULL, after.len ? after.buf : NULL);
out:
	strbuf_release(&before);
	strbuf_release(&after);
	return rc;
}

int ballotdb_log(json_t **out, struct ct_db *db, int64_t id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT time, field, old, new FROM ballot_log WHERE ballot_id = ?1 ORDER BY id") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	return query_collect(out, db, st, NULL);
}
