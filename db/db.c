/*
 * db.c - open, identify, migrate and transact (see db.h).
 *
 * Migrations are SQL scripts applied in order inside one transaction each;
 * PRAGMA user_version counts those applied.  Migration 1 is db/schema.sql,
 * migration N > 1 is db/migrate-N-WHAT.sql, each compiled in by the
 * Makefile.  A new migration is appended to `migrations` and never edited
 * once released.
 */
#include "db/db.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

static const char *const migrations[] = {
#include "db/schema.inc"
	,
#include "db/migrate-2-ballots.inc"
	,
#include "db/migrate-3-github.inc"
	,
#include "db/migrate-4-meetings.inc"
	,
#include "db/migrate-5-date-facts.inc"
	,
#include "db/migrate-6-bylaws.inc"
	,
#include "db/migrate-7-minutes-mentions.inc"
	,
#include "db/migrate-8-pr-sections.inc"
	,
};

int db_schema_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

int db_error(struct ct_db *db, const char *what)
{
	int code = sqlite3_errcode(db->sql);
	const char *msg = sqlite3_errmsg(db->sql);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return ct_error_set(CT_EDB, "database '%s' is locked by another cabtrack or program (%s); try again when it has finished",
				    db->path, what);
	if (code == SQLITE_READONLY)
		return ct_error_set(CT_EDB, "database '%s' is read-only (%s); check the file's permissions", db->path, what);
	if (code == SQLITE_NOTADB)
		return ct_error_set(CT_EDB, "'%s' is not a database (%s)", db->path, what);
	if (code == SQLITE_CORRUPT)
		return ct_error_set(CT_EDB, "database '%s' is corrupt (%s)", db->path, what);
	if (code == SQLITE_FULL)
		return ct_error_set(CT_EDB, "database '%s': the disk is full (%s)", db->path, what);
	/* One line: a CHECK constraint's message quotes its SQL, which may span lines. */
	struct strbuf one = STRBUF_INIT;
	for (const char *p = msg ? msg : ""; *p; p++)
		if (!isspace((unsigned char)*p) || (one.len && one.buf[one.len - 1] != ' '))
			strbuf_addch(&one, isspace((unsigned char)*p) ? ' ' : *p);
	int rc = ct_error_set(CT_EDB, "database '%s': %s: %s", db->path, what, one.buf);
	strbuf_release(&one);
	return rc;
}

int db_exec(struct ct_db *db, const char *sql)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, "exec");
	return 0;
}

int db_prepare(sqlite3_stmt **out, struct ct_db *db, const char *sql)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, out, NULL) != SQLITE_OK)
		return db_error(db, "prepare");
	return 0;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

static int pragma_int(struct ct_db *db, const char *pragma, int *out)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, pragma) < 0)
		return CT_EDB;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else if (rc == SQLITE_DONE)
		*out = 0;
	else {
		db_error(db, pragma);
		sqlite3_finalize(st);
		return CT_EDB;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Is this an SQLite file of ours, a fresh one, or someone else's? */
static int identify(struct ct_db *db, int *version)
{
	int appid, nobjects;
	if (pragma_int(db, "PRAGMA application_id", &appid) < 0)
		return CT_EDB;
	if (pragma_int(db, "PRAGMA user_version", version) < 0)
		return CT_EDB;
	if (pragma_int(db, "SELECT count(*) FROM sqlite_schema", &nobjects) < 0)
		return CT_EDB;
	if (appid == CT_DB_APPLICATION_ID)
		return 0;
	if (appid == 0 && *version == 0 && nobjects == 0)
		return 0; /* empty: ours to create */
	return ct_error_set(CT_EDB, "'%s' is an SQLite database of another program, not a cabtrack database; name another file with --db",
			    db->path);
}

static int migrate(struct ct_db *db, int from)
{
	int n = db_schema_version();
	if (from > n)
		return ct_error_set(CT_EDB, "database '%s' has schema version %d, newer than this cabtrack knows (%d); upgrade cabtrack",
				    db->path, from, n);
	if (from == n)
		return 0;
	if (db_exec(db, "BEGIN IMMEDIATE") < 0)
		return CT_EDB;
	/* Another cabtrack may have created or migrated the file while this one waited for the lock. */
	int now = from;
	if (pragma_int(db, "PRAGMA user_version", &now) < 0 || now > n) {
		if (now > n)
			ct_error_set(CT_EDB, "database '%s' has schema version %d, newer than this cabtrack knows (%d); upgrade cabtrack",
				     db->path, now, n);
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return CT_EDB;
	}
	if (now != from)
		db->created = 0; /* not ours to remove on failure */
	from = now;
	for (int i = from; i < n; i++) {
		if (sqlite3_exec(db->sql, migrations[i], NULL, NULL, NULL) != SQLITE_OK) {
			db_error(db, "migration");
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return CT_EDB;
		}
	}
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "PRAGMA application_id = %d; PRAGMA user_version = %d; COMMIT;",
		    CT_DB_APPLICATION_ID, n);
	int rc = db_exec(db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int db_open(struct ct_db **out, const char *path, const struct db_open_options *given)
{
	struct db_open_options opts = DB_OPEN_OPTIONS_INIT;
	if (given)
		opts = *given;
	*out = NULL;

	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode))
		return ct_error_set(CT_EDB, "database '%s' is not a regular file", path);
	if (!exists && !(opts.flags & DB_OPEN_WRITE))
		return ct_error_set(CT_ENOTFOUND, "database '%s' does not exist; run 'cabtrack import' first or name one with --db",
				    path);

	struct ct_db *db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	if (!exists) {
		/*
		 * Create the file ourselves, exclusively: when two commands start
		 * on a missing database at once, only the one that made it may
		 * remove it on failure, never the file the other one is using.
		 */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			close(fd);
			db->created = 1;
		} else if (errno != EEXIST) {
			ct_error_set(CT_EDB, "cannot create database '%s': %s", path, strerror(errno));
			free(db->path);
			free(db);
			return CT_EDB;
		}
	}
	int flags = (opts.flags & DB_OPEN_WRITE) ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
						  : SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
		ct_error_set(CT_EDB, "cannot open database '%s': %s", path,
			     db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		db_free(db);
		return CT_EDB;
	}
	sqlite3_extended_result_codes(db->sql, 0);
	sqlite3_busy_timeout(db->sql, opts.busy_timeout_ms > 0 ? opts.busy_timeout_ms : 5000);

	int version = 0;
	if (identify(db, &version) < 0)
		goto fail;
	if (opts.flags & DB_OPEN_WRITE) {
		if (access(path, W_OK) != 0 && errno == EACCES) {
			ct_error_set(CT_EDB, "database '%s' is read-only; check the file's permissions", path);
			goto fail;
		}
		if (version != db_schema_version()) {
			/*
			 * WAL is set once, by whoever gets there first; a peer doing it
			 * at the same moment may make this one busy, which is no reason
			 * to fail (the migration below waits for it).
			 */
			if (db_exec(db, "PRAGMA journal_mode = WAL") < 0)
				ct_error_drop("a peer setting WAL at the same moment; the migration waits for it");
			if (migrate(db, version) < 0)
				goto fail;
		}
	} else if (version != db_schema_version()) {
		if (version < db_schema_version())
			ct_error_set(CT_EDB, "database '%s' has schema version %d; run any writing command (such as 'cabtrack import') to upgrade it",
				     path, version);
		else
			ct_error_set(CT_EDB, "database '%s' has schema version %d, newer than this cabtrack knows (%d); upgrade cabtrack",
				     path, version, db_schema_version());
		goto fail;
	}
	if (db_exec(db, "PRAGMA foreign_keys = ON") < 0)
		goto fail;
	*out = db;
	return 0;
fail:
	if (db->created)
		db_free_discard(db);
	else
		db_free(db);
	return CT_EDB;
}

void db_free(struct ct_db *db)
{
	if (!db)
		return;
	if (db->in_txn)
		db_rollback(db);
	sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

void db_free_discard(struct ct_db *db)
{
	if (!db)
		return;
	int created = db->created;
	struct strbuf p = STRBUF_INIT;
	strbuf_addstr(&p, db->path);
	db_free(db);
	if (created) {
		unlink(p.buf);
		size_t n = p.len;
		strbuf_addstr(&p, "-wal");
		unlink(p.buf);
		strbuf_setlen(&p, n);
		strbuf_addstr(&p, "-shm");
		unlink(p.buf);
		strbuf_setlen(&p, n);
		strbuf_addstr(&p, "-journal");
		unlink(p.buf);
	}
	strbuf_release(&p);
}

int db_begin(struct ct_db *db)
{
	if (db_exec(db, "BEGIN IMMEDIATE") < 0)
		return CT_EDB;
	db->in_txn = 1;
	return 0;
}

int db_commit(struct ct_db *db)
{
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(db, "commit");
		db_rollback(db);
		return CT_EDB;
	}
	db->in_txn = 0;
	return 0;
}

void db_rollback(struct ct_db *db)
{
	if (db->in_txn || !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->in_txn = 0;
}

void db_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
