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
#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "db/record.h"
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

/* The columns of a source, in the SELECT's order. */
enum { S_KEY, S_NAME, S_KIND, S_REF, S_BASE, S_HEAD, S_PR, S_TITLE, S_VERSION, S_DATES, S_TIME };

int ballotdb_source_list(struct ct_ballot_source_list *out, struct ct_db *db, int64_t doc_id)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;
	*out = (struct ct_ballot_source_list)CT_BALLOT_SOURCE_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT ballot_key, name, kind, ref, base, head, pr, title, version, dates, time FROM ballot_sources "
		       "WHERE doc_id = ?1 ORDER BY ballot_key, "
		       "CASE kind WHEN 'merge' THEN 0 WHEN 'tag' THEN 1 WHEN 'pull' THEN 2 WHEN 'fork' THEN 3 "
		       "WHEN 'branch' THEN 4 ELSE 5 END, ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_ballot_source *s = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*s));
		s->ballot_key = record_text(st, S_KEY);
		s->name = record_text(st, S_NAME);
		s->kind = record_text(st, S_KIND);
		s->ref = record_text(st, S_REF);
		s->base = record_text(st, S_BASE);
		s->head = record_text(st, S_HEAD);
		s->pr = sqlite3_column_int64(st, S_PR);
		s->title = record_text(st, S_TITLE);
		s->version = record_text(st, S_VERSION);
		s->dates = record_text(st, S_DATES);
		s->time = sqlite3_column_int64(st, S_TIME);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_ballot_source_list_release(out);
		return db_error(db, "reading ballot sources");
	}
	return 0;
}

void ct_ballot_source_list_release(struct ct_ballot_source_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct ct_ballot_source *s = &list->items[i];
		free(s->ballot_key);
		free(s->name);
		free(s->kind);
		free(s->ref);
		free(s->base);
		free(s->head);
		free(s->title);
		free(s->version);
		free(s->dates);
	}
	free(list->items);
	*list = (struct ct_ballot_source_list)CT_BALLOT_SOURCE_LIST_INIT;
}

json_t *ct_ballot_source_to_json(const struct ct_ballot_source *s)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "ballot_key", record_json_text(s->ballot_key),
			 "name", record_json_text(s->name), "kind", record_json_text(s->kind), "ref", record_json_text(s->ref),
			 "base", record_json_text(s->base), "head", record_json_text(s->head), "pr", record_json_int(s->pr, s->pr != 0), "title",
			 record_json_text(s->title), "version", record_json_text(s->version), "dates",
			 record_json_parsed(s->dates), "time", record_json_int(s->time, s->time != 0));
}

static const char recorded_cols[] =
	"SELECT id, doc, ballot_key, name, title, base, head, pr, state, type, discussion_start, vote_start, "
	"vote_end, ipr_ends, plan_from, proposer, endorsers, last_version, result_at, review_start, votes_issuers, "
	"votes_consumers, created, updated FROM ballots ";

/* The text fields of a recorded ballot, in the SELECT's order after id (pr, the 8th column, is read apart). */
static char **ballot_text(struct ct_ballot *b, int col)
{
	char **fields[] = {
		NULL, &b->doc, &b->ballot_key, &b->name, &b->title, &b->base, &b->head, NULL, &b->state, &b->type,
		&b->discussion_start, &b->vote_start, &b->vote_end, &b->ipr_ends, &b->plan_from, &b->proposer,
		&b->endorsers, &b->last_version, &b->result_at, &b->review_start, &b->votes_issuers,
		&b->votes_consumers, &b->created, &b->updated,
	};
	return fields[col];
}

enum { B_ID = 0, B_PR = 7, B_NCOLS = 24 };

static const char *const ballot_keys[B_NCOLS] = {
	"id", "doc", "ballot_key", "name", "title", "base", "head", "pr", "state", "type", "discussion_start",
	"vote_start", "vote_end", "ipr_ends", "plan_from", "proposer", "endorsers", "last_version", "result_at",
	"review_start", "votes_issuers", "votes_consumers", "created", "updated",
};

static int ballot_rows(struct ct_ballot_list *out, struct ct_db *db, sqlite3_stmt *st)
{
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_ballot *b = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*b));
		b->id = sqlite3_column_int64(st, B_ID);
		b->pr = sqlite3_column_int64(st, B_PR);
		for (int col = 0; col < B_NCOLS; col++)
			if (ballot_text(b, col))
				*ballot_text(b, col) = record_text(st, col);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_ballot_list_release(out);
		return db_error(db, "reading ballots");
	}
	return 0;
}

int ballotdb_ballot_list(struct ct_ballot_list *out, struct ct_db *db, const char *doc)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	*out = (struct ct_ballot_list)CT_BALLOT_LIST_INIT;
	strbuf_addf(&sql, "%sWHERE doc = ?1 ORDER BY id", recorded_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	return ballot_rows(out, db, st);
}

int ballotdb_ballot_get(struct ct_ballot *out, int *found, struct ct_db *db, const char *doc, const char *key)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	struct ct_ballot_list list = CT_BALLOT_LIST_INIT;
	memset(out, 0, sizeof(*out));
	*found = 0;
	strbuf_addf(&sql, "%sWHERE doc = ?1 AND ballot_key = ?2", recorded_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	db_bind_text(st, 2, key);
	if ((rc = ballot_rows(&list, db, st)) < 0)
		return rc;
	if (list.n) {
		*out = list.items[0]; /* the one row (doc, ballot_key) is unique */
		*found = 1;
		list.n = 0;
	}
	ct_ballot_list_release(&list);
	return 0;
}

void ct_ballot_release(struct ct_ballot *b)
{
	for (int col = 0; col < B_NCOLS; col++)
		if (ballot_text(b, col))
			free(*ballot_text(b, col));
	memset(b, 0, sizeof(*b));
}

void ct_ballot_list_release(struct ct_ballot_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		ct_ballot_release(&list->items[i]);
	free(list->items);
	*list = (struct ct_ballot_list)CT_BALLOT_LIST_INIT;
}

json_t *ct_ballot_to_json(const struct ct_ballot *b)
{
	json_t *o = json_object();
	struct ct_ballot m = *b; /* a shallow copy: ballot_text names the fields of a writable record */
	for (int col = 0; col < B_NCOLS; col++) {
		json_t *v = col == B_ID ? json_integer((json_int_t)b->id)
			    : col == B_PR ? record_json_int(b->pr, b->pr != 0)
			    : !strcmp(ballot_keys[col], "endorsers") ? record_json_parsed(b->endorsers)
			    : record_json_text(*ballot_text(&m, col));
		json_object_set_new(o, ballot_keys[col], v);
	}
	return o;
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

int ballotdb_phase_list(struct ct_ballot_phase_list *out, struct ct_db *db, int64_t id)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;
	*out = (struct ct_ballot_phase_list)CT_BALLOT_PHASE_LIST_INIT;
	if (db_prepare(&st, db, "SELECT keyword, offset FROM ballot_phases WHERE ballot_id = ?1 ORDER BY ord") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_ballot_phase *p = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*p));
		p->keyword = record_text(st, 0);
		p->offset = record_text(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_ballot_phase_list_release(out);
		return db_error(db, "reading a plan");
	}
	return 0;
}

void ct_ballot_phase_list_release(struct ct_ballot_phase_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->items[i].keyword);
		free(list->items[i].offset);
	}
	free(list->items);
	*list = (struct ct_ballot_phase_list)CT_BALLOT_PHASE_LIST_INIT;
}

json_t *ct_ballot_phase_to_json(const struct ct_ballot_phase *p)
{
	return json_pack("{s:o, s:o}", "keyword", record_json_text(p->keyword), "offset", record_json_text(p->offset));
}

static void phases_text(struct strbuf *sb, const struct ct_ballot_phase_list *phases)
{
	for (size_t i = 0; i < phases->n; i++)
		strbuf_addf(sb, "%s%s %s", i ? "; " : "", phases->items[i].keyword, phases->items[i].offset);
}

int ballotdb_phases_set(struct ct_db *db, int64_t id, const char *const *keywords, const char *const *offsets, size_t n)
{
	struct ct_ballot_phase_list old = CT_BALLOT_PHASE_LIST_INIT;
	sqlite3_stmt *st;
	int rc = ballotdb_phase_list(&old, db, id);
	if (rc < 0)
		return rc;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	phases_text(&before, &old);
	ct_ballot_phase_list_release(&old);
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

int ballotdb_log_list(struct ct_ballot_log *out, struct ct_db *db, int64_t id)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;
	*out = (struct ct_ballot_log)CT_BALLOT_LOG_INIT;
	if (db_prepare(&st, db, "SELECT time, field, old, new FROM ballot_log WHERE ballot_id = ?1 ORDER BY id") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_ballot_log_entry *e = record_grow((void **)&out->items, &out->n, &alloc, sizeof(*e));
		e->time = record_text(st, 0);
		e->field = record_text(st, 1);
		e->old = record_text(st, 2);
		e->new_ = record_text(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ct_ballot_log_release(out);
		return db_error(db, "reading a ballot's log");
	}
	return 0;
}

void ct_ballot_log_release(struct ct_ballot_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->items[i].time);
		free(log->items[i].field);
		free(log->items[i].old);
		free(log->items[i].new_);
	}
	free(log->items);
	*log = (struct ct_ballot_log)CT_BALLOT_LOG_INIT;
}

json_t *ct_ballot_log_entry_to_json(const struct ct_ballot_log_entry *e)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "time", record_json_text(e->time), "field", record_json_text(e->field), "old",
			 record_json_text(e->old), "new", record_json_text(e->new_));
}
