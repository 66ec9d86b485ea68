/*
 * engine_fixture.h - what the engine tests (test_engine_*.c) stand on: a
 * temporary folder, a git repository the test commits to, and a real
 * SQLite database that import_document fills from it, opened for the test
 * to call the engine directly.  No corpus, no command in between.
 *
 * The command tests stand on the same fixture: fx_ok runs the built
 * cabtrack on its database, fx_import_cmd and fx_import_file import
 * through the command.  Header only, like testutil.h (include that first).
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

/*
 * A temporary folder with an empty repository `repo_name` (branch main) in
 * it; the database will be `db_name` there.
 */
static inline void fx_init_named(struct fx *f, const char *repo_name, const char *db_name)
{
	memset(f, 0, sizeof(*f));
	f->tmp = tu_tmpdir();
	f->repo = tu_path(f->tmp, repo_name);
	f->dbpath = tu_path(f->tmp, db_name);
	tu_repo_init(f->repo);
}

/* fx_init_named with "repo" and "test.db". */
static inline void fx_init(struct fx *f)
{
	fx_init_named(f, "repo", "test.db");
}

/* TMP/name, a new string. */
static inline char *fx_path(struct fx *f, const char *name)
{
	return tu_path(f->tmp, name);
}

/* git -C REPO ARGS, which must succeed. */
static inline void fx_git(struct fx *f, const char *args)
{
	tu_git_at(f->repo, NULL, args);
}

/* git -C REPO ARGS at time `date` (ISO; NULL: now), which must succeed. */
static inline void fx_git_at(struct fx *f, const char *date, const char *args)
{
	tu_git_at(f->repo, date, args);
}

/* Write `text` to `file` in the repository (folders made as needed), not committed. */
static inline void fx_write(struct fx *f, const char *file, const char *text)
{
	tu_repo_write(f->repo, file, text);
}

/* Write `text` to `file` in the repository and commit it with `msg` (no single quotes), dated `date` (ISO; NULL: now). */
static inline void fx_commit(struct fx *f, const char *file, const char *text, const char *msg, const char *date)
{
	tu_repo_commit(f->repo, file, text, msg, date);
}

/* Replace the first `from` in `file` by `to` and commit every change with `msg`, dated `date` (NULL: now). */
static inline void fx_edit(struct fx *f, const char *file, const char *from, const char *to, const char *msg, const char *date)
{
	tu_repo_edit(f->repo, file, from, to, msg, date);
}

/* Run `cabtrack --db DB ARGS...` (printf-style) on the fixture's database; it must exit 0. */
#define fx_ok(f, ...) tu_ct_okf((f)->dbpath, __VA_ARGS__)

/* Import `file` of the repository through the command: `cabtrack import REPO --path FILE -q`. */
static inline void fx_import_cmd(struct fx *f, const char *file)
{
	fx_ok(f, "import '%s' --path %s -q", f->repo, file);
}

/* Write `text` to TMP/name and import it through the command: `cabtrack import KIND TMP/name -q` (github, minutes). */
static inline void fx_import_file(struct fx *f, const char *kind, const char *name, const char *text)
{
	char *path = fx_path(f, name);
	tu_write_file(path, text, strlen(text));
	fx_ok(f, "import %s '%s' -q", kind, path);
	free(path);
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
