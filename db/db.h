/*
 * db.h - opening, migrating and transacting on a cabtrack database.
 *
 * A cabtrack database is an SQLite file whose application_id is
 * CT_DB_APPLICATION_ID and whose user_version is the number of migrations
 * applied.  Opening refuses a file that is not SQLite, or an SQLite file of
 * another program, without writing to it.  Foreign keys are on, the journal
 * is WAL, and a writer waits up to the busy timeout for another writer.
 *
 * Every command runs in one transaction: db_begin() ... db_commit(), or
 * db_rollback() on any failure, so a failed command leaves the file as it
 * was.  A database that the failed command itself created is removed by
 * db_free_discard().
 */
#ifndef CT_DB_H
#define CT_DB_H

#include <sqlite3.h>

#define CT_DB_APPLICATION_ID 0x43414254 /* "CABT" */

struct ct_db {
	sqlite3 *sql;
	char *path;
	int created;     /* the file did not exist before db_open */
	int in_txn;
};

enum db_open_flags {
	DB_OPEN_READ = 0,       /* the file must exist */
	DB_OPEN_WRITE = 1,      /* create and migrate when needed */
};

struct db_open_options {
	unsigned int version;
	int flags;              /* enum db_open_flags */
	int busy_timeout_ms;    /* how long to wait for another writer; 0 = 5000 */
};
#define DB_OPEN_OPTIONS_VERSION 1
#define DB_OPEN_OPTIONS_INIT { DB_OPEN_OPTIONS_VERSION, DB_OPEN_READ, 0 }

/*
 * Open the database at `path`.  With DB_OPEN_WRITE a missing file is created
 * and the schema migrated to the newest version.  Returns 0, or CT_EDB /
 * CT_ENOTFOUND with a message naming the file and what to do.
 */
int db_open(struct ct_db **out, const char *path, const struct db_open_options *opts);

/* Close the database. */
void db_free(struct ct_db *db);

/* Close the database; remove the file when this process created it. */
void db_free_discard(struct ct_db *db);

/* Start the command's write transaction (BEGIN IMMEDIATE).  0 or CT_EDB. */
int db_begin(struct ct_db *db);

/* Commit it.  0 or CT_EDB (then the transaction was rolled back). */
int db_commit(struct ct_db *db);

/* Roll back the transaction if one is open. */
void db_rollback(struct ct_db *db);

/* Prepare `sql`; 0 or CT_EDB with SQLite's message. */
int db_prepare(sqlite3_stmt **out, struct ct_db *db, const char *sql);

/* Record SQLite's current error message as the last error; returns CT_EDB. */
int db_error(struct ct_db *db, const char *what);

/* Execute SQL with no results; 0 or CT_EDB. */
int db_exec(struct ct_db *db, const char *sql);

/* Bind a text (NULL binds SQL NULL); the text is copied. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* Number of migrations this build knows. */
int db_schema_version(void);

/* The current time as stored in the database: "2023-12-08T17:00:00Z" (UTC). */
void db_now(char buf[32]);

#endif
