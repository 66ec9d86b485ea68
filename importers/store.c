/*
 * store.c - the importers' writes (see store.h).
 *
 * Statements are prepared once per import and reset after each use; every
 * value is bound, never spliced into SQL.
 */
#include "importers/store.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

enum {
	S_DOC_UPSERT, S_DOC_ID, S_SECTIONS, S_VERSIONS, S_COMMITS, S_REFS,
	S_SECTION_INS, S_REQ_INS, S_OBL_INS, S_REV_INS, S_VERSION_INS, S_COMMIT_INS, S_PARENT_INS, S_REF_SET,
	S_COUNT
};

static const char *const sql[S_COUNT] = {
	[S_DOC_UPSERT] = "INSERT INTO documents(name, repo, path, main_ref) VALUES (?1, ?2, ?3, ?4) "
			 "ON CONFLICT(name) DO UPDATE SET repo = excluded.repo, path = excluded.path, "
			 "main_ref = coalesce(excluded.main_ref, main_ref)",
	[S_DOC_ID] = "SELECT id FROM documents WHERE name = ?1",
	[S_SECTIONS] = "SELECT hash, id FROM section_texts",
	[S_VERSIONS] = "SELECT blob, id FROM versions WHERE doc_id = ?1",
	/* A commit imported before migration 2 has no parents recorded: walk it again. */
	[S_COMMITS] = "SELECT oid FROM commits c WHERE doc_id = ?1 AND (nparents = 0 OR EXISTS "
		      "(SELECT 1 FROM commit_parents p WHERE p.doc_id = c.doc_id AND p.oid = c.oid))",
	[S_REFS] = "SELECT name, oid, base FROM refs WHERE doc_id = ?1",
	[S_SECTION_INS] = "INSERT INTO section_texts(hash, number, title, level, lines, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_REQ_INS] = "INSERT INTO requirements(section_text_id, ord, rid, keyword, keywords, negated, line, text) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_OBL_INS] = "INSERT INTO obligations(section_text_id, ord, date, keyword, ballot, ballot_key, description, "
		      "sections, source, phrase, rid, line, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[S_REV_INS] = "INSERT INTO revisions(section_text_id, ord, version, ballot, ballot_key, description, dates) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_VERSION_INS] = "INSERT INTO versions(doc_id, blob, title, subtitle, label, doc_date, size, sections, first_time) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_COMMIT_INS] = "INSERT OR IGNORE INTO commits(doc_id, oid, parent, nparents, time, summary, ballot, version_id) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_PARENT_INS] = "INSERT OR IGNORE INTO commit_parents(doc_id, oid, n, parent) VALUES (?1, ?2, ?3, ?4)",
	[S_REF_SET] = "INSERT INTO refs(doc_id, name, oid, base) VALUES (?1, ?2, ?3, ?4) "
		      "ON CONFLICT(doc_id, name) DO UPDATE SET oid = excluded.oid, base = excluded.base",
};

struct store {
	struct ct_db *db;
	sqlite3_stmt *st[S_COUNT];
};

int store_new(struct store **out, struct ct_db *db)
{
	struct store *s = xcalloc(1, sizeof(*s));
	s->db = db;
	for (int i = 0; i < S_COUNT; i++) {
		if (db_prepare(&s->st[i], db, sql[i]) < 0) {
			store_free(s);
			*out = NULL;
			return CT_EDB;
		}
	}
	*out = s;
	return 0;
}

void store_free(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	free(s);
}

/* Step a write statement to completion and reset it. */
static int run(struct store *s, int which, const char *what)
{
	sqlite3_stmt *st = s->st[which];
	int rc = sqlite3_step(st);
	int ret = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error(s->db, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

int store_document(int64_t *doc_id, struct store *s, const char *name, const char *repo,
		   const char *path, const char *main_ref)
{
	sqlite3_stmt *st = s->st[S_DOC_UPSERT];
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, repo);
	db_bind_text(st, 3, path);
	db_bind_text(st, 4, main_ref);
	if (run(s, S_DOC_UPSERT, "recording the document") < 0)
		return CT_EDB;
	st = s->st[S_DOC_ID];
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	*doc_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return *doc_id ? 0 : db_error(s->db, "finding the document");
}

int store_each_section(struct store *s, void (*fn)(const unsigned char hash[16], int64_t id, void *), void *payload)
{
	sqlite3_stmt *st = s->st[S_SECTIONS];
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) == 16)
			fn(sqlite3_column_blob(st, 0), sqlite3_column_int64(st, 1), payload);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s->db, "reading section texts");
}

int store_each_version(struct store *s, int64_t doc_id, void (*fn)(const char *blob, int64_t id, void *), void *payload)
{
	sqlite3_stmt *st = s->st[S_VERSIONS];
	sqlite3_bind_int64(st, 1, doc_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), payload);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s->db, "reading versions");
}

int store_each_commit(struct store *s, int64_t doc_id, void (*fn)(const char *oid, void *), void *payload)
{
	sqlite3_stmt *st = s->st[S_COMMITS];
	sqlite3_bind_int64(st, 1, doc_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), payload);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s->db, "reading commits");
}

int store_each_ref(struct store *s, int64_t doc_id, void (*fn)(const char *name, const char *oid, const char *base, void *),
		   void *payload)
{
	sqlite3_stmt *st = s->st[S_REFS];
	sqlite3_bind_int64(st, 1, doc_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2), payload);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(s->db, "reading refs");
}

static void bind_ballot(sqlite3_stmt *st, int spelled, int key, const char *ballot)
{
	char k[32];
	db_bind_text(st, spelled, ballot);
	if (ballot && ballot_name_normalize(k, sizeof(k), ballot) == 0)
		db_bind_text(st, key, k);
	else
		sqlite3_bind_null(st, key);
}

int store_section_insert(int64_t *id, struct store *s, const struct store_section *sec,
			 const struct extract_result *ex)
{
	sqlite3_stmt *st = s->st[S_SECTION_INS];
	sqlite3_bind_blob(st, 1, sec->hash, 16, SQLITE_STATIC);
	db_bind_text(st, 2, sec->number && *sec->number ? sec->number : NULL);
	db_bind_text(st, 3, sec->title);
	sqlite3_bind_int(st, 4, sec->level);
	sqlite3_bind_int(st, 5, sec->lines);
	sqlite3_bind_text(st, 6, sec->text, (int)sec->len, SQLITE_STATIC);
	if (run(s, S_SECTION_INS, "storing a section") < 0)
		return CT_EDB;
	*id = sqlite3_last_insert_rowid(s->db->sql);

	for (size_t i = 0; i < ex->nreqs; i++) {
		const struct extract_requirement *r = &ex->reqs[i];
		st = s->st[S_REQ_INS];
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)i);
		db_bind_text(st, 3, r->rid);
		db_bind_text(st, 4, r->keyword);
		db_bind_text(st, 5, r->keywords);
		sqlite3_bind_int(st, 6, r->negated);
		sqlite3_bind_int(st, 7, r->line);
		db_bind_text(st, 8, r->text);
		if (run(s, S_REQ_INS, "storing a requirement") < 0)
			return CT_EDB;
	}
	for (size_t i = 0; i < ex->nobls; i++) {
		const struct extract_obligation *o = &ex->obls[i];
		char date[11];
		ct_date_format(date, &o->date);
		st = s->st[S_OBL_INS];
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)i);
		db_bind_text(st, 3, date);
		db_bind_text(st, 4, *o->keyword ? o->keyword : NULL);
		bind_ballot(st, 5, 6, o->ballot);
		db_bind_text(st, 7, o->description);
		db_bind_text(st, 8, o->sections);
		db_bind_text(st, 9, o->source == EXTRACT_TABLE ? "table" : "text");
		db_bind_text(st, 10, o->phrase);
		db_bind_text(st, 11, *o->rid ? o->rid : NULL);
		sqlite3_bind_int(st, 12, o->line);
		db_bind_text(st, 13, o->version);
		if (run(s, S_OBL_INS, "storing a dated obligation") < 0)
			return CT_EDB;
	}
	for (size_t i = 0; i < ex->nrevs; i++) {
		const struct extract_revision *r = &ex->revs[i];
		st = s->st[S_REV_INS];
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)i);
		db_bind_text(st, 3, r->version);
		bind_ballot(st, 4, 5, r->ballot);
		db_bind_text(st, 6, r->description);
		db_bind_text(st, 7, r->dates);
		if (run(s, S_REV_INS, "storing a revision row") < 0)
			return CT_EDB;
	}
	return 0;
}

int store_version_insert(int64_t *id, struct store *s, const struct store_version *v)
{
	sqlite3_stmt *st = s->st[S_VERSION_INS];
	sqlite3_bind_int64(st, 1, v->doc_id);
	db_bind_text(st, 2, v->blob);
	db_bind_text(st, 3, v->title);
	db_bind_text(st, 4, v->subtitle);
	db_bind_text(st, 5, v->label);
	db_bind_text(st, 6, v->date);
	sqlite3_bind_int64(st, 7, v->size);
	db_bind_text(st, 8, v->sections);
	sqlite3_bind_int64(st, 9, v->first_time);
	if (run(s, S_VERSION_INS, "storing a version") < 0)
		return CT_EDB;
	*id = sqlite3_last_insert_rowid(s->db->sql);
	return 0;
}

int store_commit_insert(struct store *s, const struct store_commit *c)
{
	sqlite3_stmt *st = s->st[S_COMMIT_INS];
	sqlite3_bind_int64(st, 1, c->doc_id);
	db_bind_text(st, 2, c->oid);
	db_bind_text(st, 3, c->parent);
	sqlite3_bind_int(st, 4, c->nparents);
	sqlite3_bind_int64(st, 5, c->time);
	db_bind_text(st, 6, c->summary);
	db_bind_text(st, 7, c->ballot);
	if (c->version_id)
		sqlite3_bind_int64(st, 8, c->version_id);
	else
		sqlite3_bind_null(st, 8);
	if (run(s, S_COMMIT_INS, "storing a commit") < 0)
		return CT_EDB;
	for (int i = 0; i < c->nparents; i++) {
		st = s->st[S_PARENT_INS];
		sqlite3_bind_int64(st, 1, c->doc_id);
		db_bind_text(st, 2, c->oid);
		sqlite3_bind_int(st, 3, i);
		db_bind_text(st, 4, c->parents[i]);
		if (run(s, S_PARENT_INS, "storing a commit's parents") < 0)
			return CT_EDB;
	}
	return 0;
}

int store_ref_set(struct store *s, int64_t doc_id, const char *name, const char *oid, const char *base)
{
	sqlite3_stmt *st = s->st[S_REF_SET];
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, oid);
	db_bind_text(st, 4, base);
	return run(s, S_REF_SET, "storing a ref");
}
