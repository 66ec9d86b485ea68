/*
 * state.c - export and import of the hand-recorded facts (see state.h).
 *
 * Invariants: only the hand-recorded tables (ballots, ballot_phases,
 * ballot_log, meetings) are read or written; an import is validated whole
 * before the first write, runs inside the caller's transaction, and is
 * idempotent: importing the same file twice leaves what one import left.
 */
#include "db/state.h"

#include <string.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "tracker/base/strbuf.h"

static const char *const ballot_fields[] = {
	"doc", "ballot_key", "name", "title", "base", "head", "pr", "state", "type", "discussion_start", "vote_start",
	"vote_end", "ipr_ends", "plan_from", "proposer", "endorsers", "last_version", "result_at", "review_start",
	"votes_issuers", "votes_consumers", "created", "updated",
};
#define NBALLOT (sizeof(ballot_fields) / sizeof(ballot_fields[0]))

static const char *const meeting_fields[] = {
	"date", "time", "tz", "start_utc", "title", "source", "minutes", "tags", "created", "updated",
};
#define NMEETING (sizeof(meeting_fields) / sizeof(meeting_fields[0]))

const char *const *state_fields(const char *kind, size_t *n)
{
	int ballots = !strcmp(kind, "ballots");
	*n = ballots ? NBALLOT : NMEETING;
	return ballots ? ballot_fields : meeting_fields;
}

static int collect(json_t **out, struct ct_db *db, const char *sql, int64_t id, const char *const *json_cols)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, sql) < 0)
		return CT_EDB;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	return query_collect(out, db, st, json_cols);
}

int state_export(json_t **out, struct ct_db *db)
{
	static const char *const tags[] = { "tags", NULL }, *const endorsers[] = { "endorsers", NULL };
	json_t *ballots = NULL, *meetings = NULL, *b;
	size_t i;
	*out = NULL;
	int rc = collect(&ballots, db,
			 "SELECT id, doc, ballot_key, name, title, base, head, pr, state, type, discussion_start, vote_start, "
			 "vote_end, ipr_ends, plan_from, proposer, endorsers, last_version, result_at, review_start, "
			 "votes_issuers, votes_consumers, created, updated FROM ballots ORDER BY doc, ballot_key", 0, endorsers);
	json_array_foreach(ballots, i, b) {
		json_t *phases = NULL, *log = NULL;
		int64_t id = json_integer_value(json_object_get(b, "id"));
		if (rc == 0)
			rc = collect(&phases, db, "SELECT keyword, offset FROM ballot_phases WHERE ballot_id = ?1 ORDER BY ord", id,
				     NULL);
		if (rc == 0)
			rc = collect(&log, db, "SELECT time, field, old, new FROM ballot_log WHERE ballot_id = ?1 ORDER BY id", id,
				     NULL);
		json_object_set_new(b, "phases", phases ? phases : json_array());
		json_object_set_new(b, "log", log ? log : json_array());
		json_object_del(b, "id");
	}
	if (rc == 0)
		rc = collect(&meetings, db,
			     "SELECT date, time, tz, start_utc, title, source, minutes, tags, created, updated FROM meetings "
			     "ORDER BY date", 0, tags);
	if (rc < 0) {
		json_decref(ballots);
		json_decref(meetings);
		return rc;
	}
	*out = json_pack("{s:i, s:o, s:o}", "cabtrack_state", STATE_FORMAT, "ballots", ballots, "meetings", meetings);
	return 0;
}

/* Check one object against its fields: strings (or null), pr an integer; required ones present. */
static int check_object(json_t *o, const char *what, size_t index, const char *const *fields, size_t n,
			const char *const *required)
{
	if (!json_is_object(o))
		return ct_error_set(CT_EINVALID, "%s[%zu] is not an object", what, index);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(o, fields[i]);
		if (!v || json_is_null(v))
			continue;
		int array = !strcmp(fields[i], "tags") || !strcmp(fields[i], "endorsers");
		int ok = !strcmp(fields[i], "pr") ? json_is_integer(v) : array ? json_is_array(v) : json_is_string(v);
		if (!ok)
			return ct_error_set(CT_EINVALID, "%s[%zu].%s has the wrong type", what, index, fields[i]);
	}
	for (const char *const *r = required; *r; r++)
		if (!json_is_string(json_object_get(o, *r)))
			return ct_error_set(CT_EINVALID, "%s[%zu] has no %s", what, index, *r);
	return 0;
}

static int validate(json_t *state)
{
	static const char *const breq[] = { "doc", "ballot_key", "name", "created", "updated", NULL };
	static const char *const mreq[] = { "date", "source", "created", "updated", NULL };
	if (!json_is_object(state) || json_integer_value(json_object_get(state, "cabtrack_state")) != STATE_FORMAT)
		return ct_error_set(CT_EINVALID, "not a cabtrack state file (format %d)", STATE_FORMAT);
	json_t *ballots = json_object_get(state, "ballots"), *meetings = json_object_get(state, "meetings"), *x;
	size_t i;
	if (!json_is_array(ballots) || !json_is_array(meetings))
		return ct_error_set(CT_EINVALID, "a state file needs the arrays 'ballots' and 'meetings'");
	json_array_foreach(ballots, i, x) {
		if (check_object(x, "ballots", i, ballot_fields, NBALLOT, breq) < 0)
			return CT_EINVALID;
		json_t *p;
		size_t j;
		if (!json_is_array(json_object_get(x, "phases")) || !json_is_array(json_object_get(x, "log")))
			return ct_error_set(CT_EINVALID, "ballots[%zu] needs the arrays 'phases' and 'log'", i);
		json_array_foreach(json_object_get(x, "phases"), j, p)
			if (!json_is_string(json_object_get(p, "keyword")) || !json_is_string(json_object_get(p, "offset")))
				return ct_error_set(CT_EINVALID, "ballots[%zu].phases[%zu] needs keyword and offset", i, j);
		json_array_foreach(json_object_get(x, "log"), j, p)
			if (!json_is_string(json_object_get(p, "time")) || !json_is_string(json_object_get(p, "field")))
				return ct_error_set(CT_EINVALID, "ballots[%zu].log[%zu] needs time and field", i, j);
	}
	json_array_foreach(meetings, i, x)
		if (check_object(x, "meetings", i, meeting_fields, NMEETING, mreq) < 0)
			return CT_EINVALID;
	return 0;
}

static void bind_value(sqlite3_stmt *st, int idx, json_t *v)
{
	if (json_is_integer(v))
		sqlite3_bind_int64(st, idx, json_integer_value(v));
	else if (json_is_string(v))
		db_bind_text(st, idx, json_string_value(v));
	else if (json_is_array(v)) {
		char *s = json_dumps(v, JSON_COMPACT);
		db_bind_text(st, idx, s);
		free(s);
	} else
		sqlite3_bind_null(st, idx);
}

static int step(struct ct_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(db, what);
}

static int import_ballot(struct ct_db *db, json_t *b)
{
	/* The row: replaced whole by what the file says (the file is the later word). */
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "INSERT INTO ballots(doc, ballot_key, name, title, base, head, pr, state, type, discussion_start, "
		       "vote_start, vote_end, ipr_ends, plan_from, proposer, endorsers, last_version, result_at, review_start, "
		       "votes_issuers, votes_consumers, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		       "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) "
		       "ON CONFLICT(doc, ballot_key) DO UPDATE SET name = ?3, title = ?4, "
		       "base = ?5, head = ?6, pr = ?7, state = ?8, type = ?9, discussion_start = ?10, vote_start = ?11, "
		       "vote_end = ?12, ipr_ends = ?13, plan_from = ?14, proposer = ?15, endorsers = ?16, last_version = ?17, "
		       "result_at = ?18, review_start = ?19, votes_issuers = ?20, votes_consumers = ?21, created = ?22, "
		       "updated = ?23") < 0)
		return CT_EDB;
	for (size_t i = 0; i < NBALLOT; i++)
		bind_value(st, (int)i + 1, json_object_get(b, ballot_fields[i]));
	if (step(db, st, "restoring a ballot") < 0)
		return CT_EDB;
	if (db_prepare(&st, db, "SELECT id FROM ballots WHERE doc = ?1 AND ballot_key = ?2") < 0)
		return CT_EDB;
	bind_value(st, 1, json_object_get(b, "doc"));
	bind_value(st, 2, json_object_get(b, "ballot_key"));
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!id)
		return db_error(db, "restoring a ballot");

	/* The plan: replaced. */
	if (db_prepare(&st, db, "DELETE FROM ballot_phases WHERE ballot_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (step(db, st, "restoring a plan") < 0)
		return CT_EDB;
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(b, "phases"), i, p) {
		if (db_prepare(&st, db, "INSERT INTO ballot_phases(ballot_id, ord, keyword, offset) VALUES (?1, ?2, ?3, ?4)") < 0)
			return CT_EDB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		bind_value(st, 3, json_object_get(p, "keyword"));
		bind_value(st, 4, json_object_get(p, "offset"));
		if (step(db, st, "restoring a plan") < 0)
			return CT_EDB;
	}
	/* The log: entries not there yet are added, so an import twice adds nothing. */
	json_array_foreach(json_object_get(b, "log"), i, p) {
		if (db_prepare(&st, db,
			       "INSERT INTO ballot_log(ballot_id, time, field, old, new) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS "
			       "(SELECT 1 FROM ballot_log WHERE ballot_id = ?1 AND time = ?2 AND field = ?3 AND old IS ?4 AND new IS ?5)") < 0)
			return CT_EDB;
		sqlite3_bind_int64(st, 1, id);
		bind_value(st, 2, json_object_get(p, "time"));
		bind_value(st, 3, json_object_get(p, "field"));
		bind_value(st, 4, json_object_get(p, "old"));
		bind_value(st, 5, json_object_get(p, "new"));
		if (step(db, st, "restoring a ballot's log") < 0)
			return CT_EDB;
	}
	return 0;
}

static int import_meeting(struct ct_db *db, json_t *m)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "INSERT INTO meetings(date, time, tz, start_utc, title, source, minutes, tags, created, updated) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, '[]'), ?9, ?10) ON CONFLICT(date) DO UPDATE SET "
		       "time = ?2, tz = ?3, start_utc = ?4, title = ?5, source = ?6, minutes = ?7, tags = coalesce(?8, '[]'), "
		       "created = ?9, updated = ?10") < 0)
		return CT_EDB;
	for (size_t i = 0; i < NMEETING; i++)
		bind_value(st, (int)i + 1, json_object_get(m, meeting_fields[i]));
	return step(db, st, "restoring a meeting");
}

int state_import(size_t *ballots, size_t *meetings, struct ct_db *db, json_t *state)
{
	*ballots = *meetings = 0;
	if (validate(state) < 0)
		return CT_EINVALID;
	json_t *x;
	size_t i;
	json_array_foreach(json_object_get(state, "ballots"), i, x) {
		if (import_ballot(db, x) < 0)
			return CT_EDB;
		(*ballots)++;
	}
	json_array_foreach(json_object_get(state, "meetings"), i, x) {
		if (import_meeting(db, x) < 0)
			return CT_EDB;
		(*meetings)++;
	}
	return 0;
}
