/*
 * engine_fixture.h - what the engine tests (test_engine_*.c) stand on: a
 * temporary folder, a git repository the test commits to, and a real
 * SQLite database that import_document fills from it, opened for the test
 * to call the engine directly.  No corpus, no command in between.
 * Header only, like testutil.h (include that first).
 */
#ifndef CT_ENGINE_FIXTURE_H
#define CT_ENGINE_FIXTURE_H

#include "db/db.h"
#include "db/query.h"
#include "tracker/base/error.h"
#include "tracker/import_document.h"

struct fx {
	char *tmp, *repo, *dbpath;
	struct ct_db *db;
	struct query_doc doc;
};

/* A temporary folder with an empty repository "repo" (branch main) in it; the database will be "test.db". */
static inline void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->tmp = tu_tmpdir();
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/repo", f->tmp);
	f->repo = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s/test.db", f->tmp);
	f->dbpath = strbuf_detach(&sb, NULL);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", f->repo), 0);
}

/* git -C REPO ARGS, which must succeed. */
static inline void fx_git(struct fx *f, const char *args)
{
	int rc = tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@example.org %s", f->repo, args);
	assert_int_equal(rc, 0);
}

/* Write `text` to `file` in the repository and commit it with `msg` (no single quotes), dated `date` (ISO; NULL: now). */
static inline void fx_commit(struct fx *f, const char *file, const char *text, const char *msg, const char *date)
{
	struct strbuf path = STRBUF_INIT, env = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", f->repo, file);
	tu_write_file(path.buf, text, strlen(text));
	if (date)
		strbuf_addf(&env, "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' ", date, date);
	int rc = tu_run(NULL, NULL, "git -C '%s' add '%s' && %sgit -C '%s' -c user.name=t -c user.email=t@example.org commit -q -m '%s'",
			f->repo, file, env.buf, f->repo, msg);
	assert_int_equal(rc, 0);
	strbuf_release(&path);
	strbuf_release(&env);
}

/* Import `file` of the repository (every ref) with import_document, and open the document. */
static inline void fx_import(struct fx *f, const char *file)
{
	struct db_open_options o = DB_OPEN_OPTIONS_INIT;
	o.flags = DB_OPEN_WRITE;
	struct import_options io = IMPORT_OPTIONS_INIT;
	io.path = file;
	struct import_stats stats;
	int rc = f->db ? 0 : db_open(&f->db, f->dbpath, &o);
	if (rc == 0)
		rc = db_begin(f->db);
	if (rc == 0)
		rc = import_document(&stats, f->db, f->repo, &io);
	if (rc == 0)
		rc = db_commit(f->db);
	if (rc == 0 && !f->doc.name)
		rc = query_document(&f->doc, f->db, NULL);
	if (rc < 0)
		fprintf(stderr, "fx_import: %s\n", ct_error_last());
	assert_int_equal(rc, 0);
}

/* The version at `ref` of the document. */
static inline struct query_at fx_at(struct fx *f, const char *ref)
{
	struct query_at at;
	int rc = query_resolve(&at, f->db, &f->doc, ref);
	if (rc < 0)
		fprintf(stderr, "fx_at %s: %s\n", ref, ct_error_last());
	assert_int_equal(rc, 0);
	return at;
}

static inline void fx_free(struct fx *f)
{
	query_doc_release(&f->doc);
	db_free(f->db);
	tu_rmtree(f->tmp);
	free(f->tmp);
	free(f->repo);
	free(f->dbpath);
	memset(f, 0, sizeof(*f));
}

/* The string `key` of object `o`, or "" when it is absent or not a string (for assertions). */
static inline const char *s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* The one fixture of a test program: set up by its group setup, freed by fx_teardown. */
static struct fx fx;

static inline int fx_teardown(void **state)
{
	(void)state;
	fx_free(&fx);
	return 0;
}

#endif
