/*
 * test_crash.c - crash safety and concurrent writers.
 *
 * Kills cabtrack with SIGKILL at random points (a fixed seed, delays spread
 * over an uninterrupted run's length) of an import of a git history the test
 * makes and of a `sync github` against tests/ghserver.py answering slowly:
 * after every kill `PRAGMA integrity_check` is ok, the database holds the old
 * or the new state (a canonical dump of every table compared with the dumps
 * before and after an uninterrupted run), and a re-run reaches the new state.
 * Then two cabtrack processes write to one database at once (two imports,
 * also into a database that does not exist yet; an import and `ballot set`):
 * each succeeds after waiting, or fails with one clear error line, and both
 * effects are there when both succeeded.
 */
#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <time.h>

static char *tmp;
static char *repo;          /* the generated history */
static char old_db[4096];   /* imported up to branch "old" */
static char new_db[4096];   /* old_db, then everything imported */
static double import_secs;  /* how long that second import took */

#define COMMITS 150
#define KILLS 20

/* A fixed-seed generator: the same delays on every run. */
static unsigned long long rng_state = 20240915;

static double rng_unit(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / (double)(1ULL << 53);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* ---- the generated history ------------------------------------------------------ */

static void doc_version(struct strbuf *sb, int k)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "---\ntitle: Crash Test Requirements\nsubtitle: Version 1.0.%d\n---\n\n", k);
	strbuf_addstr(sb, "# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
			  "| Version | Ballot | Description | Adopted |\n|---|---|---|---|\n");
	for (int j = k > 30 ? k - 30 : 1; j <= k; j++)
		strbuf_addf(sb, "| 1.0.%d | SMC%02d | Rule %d | %s %d, %d |\n", j, j, j,
			    j % 2 ? "March" : "September", 1 + j % 28, 2020 + j % 9);
	strbuf_addstr(sb, "\n# 4. RULES\n\n");
	for (int j = 1; j <= k; j++)
		strbuf_addf(sb, "## 4.%d Rule %d\n\nEffective %s %d, %d the CA SHALL apply rule %d. "
				"Starting on 1 %s %d the CA SHOULD NOT skip it. The CA MAY log it.\n\n",
			    j, j, j % 2 ? "June" : "December", 1 + j % 28, 2024 + j % 6, j,
			    j % 3 ? "May" : "July", 2025 + j % 4);
}

/* A bare repository: COMMITS commits of docs/T.md on main, tags, branch "old" halfway. */
static char *make_history(void)
{
	struct strbuf path = STRBUF_INIT, stream = STRBUF_INIT, doc = STRBUF_INIT, msg = STRBUF_INIT;
	strbuf_addf(&path, "%s/history.git", tmp);
	for (int k = 1; k <= COMMITS; k++) {
		doc_version(&doc, k);
		strbuf_reset(&msg);
		strbuf_addf(&msg, "SMC%02d - Rule %d (#%d)\n", k, k, k);
		strbuf_addf(&stream, "commit refs/heads/main\nmark :%d\ncommitter t <t@example.org> %d +0000\n"
				     "data %zu\n%s\nM 100644 inline docs/T.md\ndata %zu\n%s\n",
			    k, 1700000000 + k * 3600, msg.len, msg.buf, doc.len, doc.buf);
		if (k % 25 == 0)
			strbuf_addf(&stream, "reset refs/tags/Ballot_SMC%02d\nfrom :%d\n\n", k, k);
		if (k == COMMITS / 2)
			strbuf_addf(&stream, "reset refs/heads/old\nfrom :%d\n\n", k);
	}
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s/history.fi", tmp);
	tu_write_file(file.buf, stream.buf, stream.len);
	assert_int_equal(tu_run(NULL, NULL, "git init -q --bare '%s' && git -C '%s' fast-import --quiet < '%s'",
				path.buf, path.buf, file.buf), 0);
	strbuf_release(&file);
	strbuf_release(&stream);
	strbuf_release(&doc);
	strbuf_release(&msg);
	return strbuf_detach(&path, NULL);
}

/* ---- databases ---------------------------------------------------------------------- */

static void copy_db(const char *from, const char *to)
{
	assert_int_equal(tu_run(NULL, NULL, "rm -f '%s' '%s-wal' '%s-shm' && cp '%s' '%s' && "
				"{ [ ! -f '%s-wal' ] || cp '%s-wal' '%s-wal'; }",
				to, to, to, from, to, from, from, to), 0);
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	return db;
}

/*
 * SQLite 3.40.0 to 3.41.0 (Debian 12 has 3.40.1) report "NULL value in T.C"
 * for NOT NULL columns of WITHOUT ROWID tables whose primary key lists the
 * columns in another order than the table (ballot_sources): a false
 * positive.  Such a line counts only when T.C really holds a NULL.
 */
static int is_real_problem(sqlite3 *db, const char *line)
{
	char table[128], column[128];
	if (sscanf(line, "NULL value in %127[^.].%127s", table, column) != 2)
		return 1;
	struct strbuf q = STRBUF_INIT;
	strbuf_addf(&q, "SELECT count(*) FROM \"%s\" WHERE \"%s\" IS NULL", table, column);
	sqlite3_stmt *st;
	int real = sqlite3_prepare_v2(db, q.buf, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW ||
		   sqlite3_column_int64(st, 0) != 0;
	sqlite3_finalize(st);
	strbuf_release(&q);
	return real;
}

/* PRAGMA integrity_check says "ok" (but for the false positives above); no dangling foreign key. */
static void assert_integrity(const char *path)
{
	sqlite3 *db = open_db(path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	int problems = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (!strcmp(r, "ok") || !is_real_problem(db, r))
			continue;
		fprintf(stderr, "%s: integrity_check: %s\n", path, r);
		problems++;
	}
	assert_int_equal(problems, 0);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Columns that record when cabtrack ran, not what it stored. */
static int is_clock_column(const char *name)
{
	return !strcmp(name, "synced_at") || !strcmp(name, "fetched_at");
}

/* Every table, every row in a fixed order, every value quoted: comparable as text. */
static void dump(struct strbuf *out, const char *path)
{
	sqlite3 *db = open_db(path);
	sqlite3_stmt *tables, *st;
	strbuf_reset(out);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
						"name NOT LIKE 'sqlite_stat%' ORDER BY name", -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		struct strbuf q = STRBUF_INIT, cols = STRBUF_INIT;
		strbuf_addf(&q, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", t);
		assert_int_equal(sqlite3_prepare_v2(db, q.buf, -1, &st, NULL), SQLITE_OK);
		int n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(st, 0);
			if (is_clock_column(c))
				continue;
			strbuf_addf(&cols, "%squote(\"%s\")", n++ ? " || '|' || " : "", c);
		}
		sqlite3_finalize(st);
		strbuf_reset(&q);
		strbuf_addf(&q, "SELECT %s FROM \"%s\" ORDER BY 1", n ? cols.buf : "''", t);
		assert_int_equal(sqlite3_prepare_v2(db, q.buf, -1, &st, NULL), SQLITE_OK);
		strbuf_addf(out, "== %s\n", t);
		while (sqlite3_step(st) == SQLITE_ROW) {
			strbuf_addstr(out, (const char *)sqlite3_column_text(st, 0));
			strbuf_addch(out, '\n');
		}
		sqlite3_finalize(st);
		strbuf_release(&q);
		strbuf_release(&cols);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
}

/* ---- running and killing cabtrack ------------------------------------------------------ */

/* Start cabtrack --db DB ARGS... (NULL-terminated) with output to `log`; its pid. */
static pid_t spawn(const char *db, const char *log, const char *const *args)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		tu_exec_ct(db, args);
	}
	return pid;
}

/* Wait for pid; its exit status, or 128 + signal. */
static int reap(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Run cabtrack --db DB ARGS... to its end; it must succeed (its output is shown when not). */
static void run_ok(const char *db, const char *log, const char *const *args, const char *what)
{
	int rc = reap(spawn(db, log, args));
	if (rc) {
		struct strbuf out = STRBUF_INIT;
		tu_read_file(&out, log);
		fprintf(stderr, "%s: exit %d: %s\n", what, rc, out.buf);
		strbuf_release(&out);
	}
	assert_int_equal(rc, 0);
}

struct kill_stats {
	int killed, finished, old_state, new_state;
};

/* Does the dump show every table empty (a database created and migrated, nothing more)? */
static int all_tables_empty(const struct strbuf *d)
{
	for (const char *p = d->buf; *p; p = strchr(p, '\n') + 1)
		if (strncmp(p, "== ", 3))
			return 0;
	return 1;
}

/*
 * Run `args` on a copy of `start` (on no database at all when NULL) and
 * SIGKILL it after a random part of *secs (made shorter whenever a run
 * finishes first); check integrity and old-or-new
 * (with no start, "old" is no file or empty tables); re-run (rerun_args) and
 * check it reaches `after`.
 */
static void kill_once(struct kill_stats *ks, const char *start, const struct strbuf *before, const struct strbuf *after,
		      const char *const *args, const char *const *rerun_args, double *secs)
{
	struct strbuf db = STRBUF_INIT, log = STRBUF_INIT, d = STRBUF_INIT;
	strbuf_addf(&db, "%s/kill.db", tmp);
	strbuf_addf(&log, "%s/kill.log", tmp);
	if (start)
		copy_db(start, db.buf);
	else
		assert_int_equal(tu_run(NULL, NULL, "rm -f '%s' '%s-wal' '%s-shm'", db.buf, db.buf, db.buf), 0);
	double delay = rng_unit() * *secs * 1.15;
	pid_t pid = spawn(db.buf, log.buf, args);
	sleep_s(delay);
	kill(pid, SIGKILL);
	int rc = reap(pid);
	if (rc == 128 + SIGKILL) {
		ks->killed++;
	} else {
		struct strbuf out = STRBUF_INIT;
		tu_read_file(&out, log.buf);
		if (rc != 0)
			fprintf(stderr, "cabtrack exited %d before the kill: %s\n", rc, out.buf);
		strbuf_release(&out);
		assert_int_equal(rc, 0);
		ks->finished++;
		*secs *= 0.8; /* it ran faster than measured (a busy machine calmed down): aim earlier */
	}
	int is_old = 1, is_new = 0;
	if (start || access(db.buf, F_OK) == 0) {
		assert_integrity(db.buf);
		dump(&d, db.buf);
		is_old = start ? d.len == before->len && !memcmp(d.buf, before->buf, d.len) : all_tables_empty(&d);
		is_new = d.len == after->len && !memcmp(d.buf, after->buf, d.len);
	}
	if (!is_old && !is_new) {
		struct strbuf f = STRBUF_INIT;
		strbuf_addf(&f, "%s/mixed.dump", tmp);
		tu_write_file(f.buf, d.buf, d.len);
		fprintf(stderr, "killed after %.3f s: the database holds neither the old nor the new state (%s)\n",
			delay, f.buf);
		strbuf_release(&f);
		fail();
	}
	ks->old_state += is_old;
	ks->new_state += is_new;

	/* the interrupted work, done again, reaches the same result */
	run_ok(db.buf, log.buf, rerun_args, "re-run after the kill");
	assert_integrity(db.buf);
	dump(&d, db.buf);
	if (d.len != after->len || memcmp(d.buf, after->buf, d.len)) {
		fprintf(stderr, "killed after %.3f s: the re-run did not reach the uninterrupted result\n", delay);
		fail();
	}
	strbuf_release(&db);
	strbuf_release(&log);
	strbuf_release(&d);
}

/* Print what KILLS kills met; most must have struck mid-run, and some before the commit. */
static void report_kills(const char *what, const struct kill_stats *ks)
{
	printf("%s: %d runs: %d killed, %d finished first; the database held the old state %d times, "
	       "the new one %d times\n", what, KILLS, ks->killed, ks->finished, ks->old_state, ks->new_state);
	assert_true(ks->killed >= KILLS / 2);
	assert_true(ks->old_state >= 1);
}

/* ---- setup: the history, and the old and new databases --------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	repo = make_history();
	snprintf(old_db, sizeof(old_db), "%s/old.db", tmp);
	snprintf(new_db, sizeof(new_db), "%s/new.db", tmp);
	struct strbuf args = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path docs/T.md --ref old -q", repo);
	if (tu_ct(NULL, &err, old_db, args.buf) != 0) {
		fprintf(stderr, "import of the old state failed: %s\n", err.buf);
		return -1;
	}
	copy_db(old_db, new_db);
	strbuf_reset(&args);
	strbuf_addf(&args, "import '%s' --path docs/T.md -q", repo);
	double t0 = now_s();
	int rc = tu_ct(NULL, &err, new_db, args.buf);
	import_secs = now_s() - t0;
	strbuf_release(&args);
	strbuf_release(&err);
	printf("generated history: %d commits; importing its second half takes %.2f s\n", COMMITS, import_secs);
	return rc == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	return 0;
}

/* ---- crash safety ------------------------------------------------------------------------ */

static void test_kill_import(void **state)
{
	(void)state;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	dump(&before, old_db);
	dump(&after, new_db);
	assert_true(before.len < after.len); /* the import adds something to lose */
	const char *args[] = { "import", repo, "--path", "docs/T.md", "-q", NULL };
	struct kill_stats ks = { 0, 0, 0, 0 };
	double secs = import_secs;
	for (int i = 0; i < KILLS; i++)
		kill_once(&ks, old_db, &before, &after, args, args, &secs);
	report_kills("import", &ks);

	/* a first import, into a database it creates */
	struct strbuf fresh = STRBUF_INIT, log = STRBUF_INIT;
	strbuf_addf(&fresh, "%s/fresh.db", tmp);
	strbuf_addf(&log, "%s/fresh.log", tmp);
	double t0 = now_s();
	run_ok(fresh.buf, log.buf, args, "first import");
	secs = now_s() - t0;
	dump(&after, fresh.buf);
	struct kill_stats first = { 0, 0, 0, 0 };
	for (int i = 0; i < 6; i++)
		kill_once(&first, NULL, NULL, &after, args, args, &secs);
	printf("first import: 6 runs: %d killed; no database or empty tables %d times, the new state %d times\n",
	       first.killed, first.old_state, first.new_state);
	strbuf_release(&fresh);
	strbuf_release(&log);
	strbuf_release(&before);
	strbuf_release(&after);
}

/* ghserver.py, answering every request of the "slow" scenario after 30 ms. */
static struct tu_server server;

/* A saved /issues listing of `n` issues of example/crash, every third a pull request. */
static void write_issues(const char *path, int n)
{
	json_t *all = json_array();
	for (int i = 1; i <= n; i++) {
		char url[128], html[128], created[32], updated[32], title[64], body[128];
		snprintf(url, sizeof(url), "http://127.0.0.1/repos/example/crash/issues/%d", i);
		snprintf(html, sizeof(html), "https://github.com/example/crash/%s/%d", i % 3 ? "issues" : "pull", i);
		snprintf(created, sizeof(created), "2024-01-%02dT10:00:00Z", 1 + i % 28);
		snprintf(updated, sizeof(updated), "2024-03-%02dT%02d:00:00Z", 1 + i % 28, i % 24);
		snprintf(title, sizeof(title), "SMC%02d: about section 4.%d", i, i);
		snprintf(body, sizeof(body), "See Section 4.%d and #%d; Ballot SMC%02d.", i, i > 1 ? i - 1 : 1, i);
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:{s:s}, s:[{s:s}], s:s, s:s, s:n}",
				      "url", url, "repository_url", "http://127.0.0.1/repos/example/crash", "html_url",
				      html, "id", 1000 + i, "number", i, "title", title, "body", body, "state",
				      i % 4 ? "open" : "closed", "user", "login", "someone", "labels", "name",
				      i % 5 ? "Discussion" : "Parked", "created_at", created, "updated_at", updated,
				      "closed_at");
		if (i % 3 == 0)
			json_object_set_new(o, "pull_request", json_pack("{s:n}", "merged_at"));
		json_array_append_new(all, o);
	}
	assert_int_equal(json_dump_file(all, path, JSON_INDENT(1)), 0);
	json_decref(all);
}

static int server_setup(void **state)
{
	(void)state;
	memset(&server, 0, sizeof(server));
	if (system("python3 -c 'import http.server' >/dev/null 2>&1") != 0)
		return 0; /* the test says SKIP */
	struct strbuf corpus = STRBUF_INIT, log = STRBUF_INIT;
	strbuf_addf(&corpus, "%s/issues.json", tmp);
	strbuf_addf(&log, "%s/server.log", tmp);
	write_issues(corpus.buf, 90);
	int rc = tu_server_start(&server, corpus.buf, 10, 0.03, log.buf);
	strbuf_release(&corpus);
	strbuf_release(&log);
	return rc;
}

static int server_teardown(void **state)
{
	(void)state;
	tu_server_stop(&server);
	return 0;
}

static void test_kill_sync(void **state)
{
	(void)state;
	if (!server.pid) {
		printf("SKIP: %s: python3 not found\n", __func__);
		skip();
	}
	struct strbuf api = STRBUF_INIT, synced = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	strbuf_addf(&api, "http://127.0.0.1:%d/slow", server.port);
	strbuf_addf(&synced, "%s/synced.db", tmp);
	const char *args[] = { "sync", "github", "example/crash", "--api-url", api.buf, "--doc", "T", "-q", NULL };

	/* the old state: the document imported; the new: synced once, uninterrupted */
	copy_db(new_db, synced.buf);
	struct strbuf log = STRBUF_INIT;
	strbuf_addf(&log, "%s/sync.log", tmp);
	double t0 = now_s();
	run_ok(synced.buf, log.buf, args, "sync");
	double secs = now_s() - t0;
	printf("sync of 90 issues and 30 pulls, 10 a page, 30 ms an answer: %.2f s\n", secs);
	dump(&before, new_db);
	dump(&after, synced.buf);
	assert_non_null(strstr(after.buf, "SMC07: about section 4.7"));
	assert_null(strstr(before.buf, "SMC07: about section 4.7"));

	struct kill_stats ks = { 0, 0, 0, 0 };
	for (int i = 0; i < KILLS; i++)
		kill_once(&ks, new_db, &before, &after, args, args, &secs);
	report_kills("sync", &ks);

	/* a kill during a later sync that finds nothing new leaves the synced state */
	struct kill_stats again = { 0, 0, 0, 0 };
	secs = 0.2;
	for (int i = 0; i < 3; i++)
		kill_once(&again, synced.buf, &after, &after, args, args, &secs);
	strbuf_release(&api);
	strbuf_release(&synced);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&log);
}

/* ---- concurrent writers ------------------------------------------------------------------ */

/* Exit 0, or exit 2 with exactly one "cabtrack: error: ... locked ..." line. */
static int waited_or_one_error(int rc, const char *log)
{
	struct strbuf out = STRBUF_INIT;
	tu_read_file(&out, log);
	if (rc == 0) {
		strbuf_release(&out);
		return 1;
	}
	if (rc != 2 || !strstr(out.buf, "cabtrack: error: ") || !strstr(out.buf, "locked") ||
	    strchr(out.buf, '\n') != out.buf + out.len - 1)
		fprintf(stderr, "a concurrent writer: exit %d: %s\n", rc, out.buf);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out.buf, "cabtrack: error: "));
	assert_non_null(strstr(out.buf, "locked"));
	assert_ptr_equal(strchr(out.buf, '\n'), out.buf + out.len - 1);
	strbuf_release(&out);
	return 0;
}

static long count_rows(const char *db, const char *sql)
{
	sqlite3 *s = open_db(db);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

/* Two imports of different documents at once: into an existing database and a new one. */
static void test_two_imports_at_once(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT, log1 = STRBUF_INIT, log2 = STRBUF_INIT, doc = STRBUF_INIT;
	strbuf_addf(&md, "%s/other.md", tmp);
	doc_version(&doc, 40);
	tu_write_file(md.buf, doc.buf, doc.len);
	strbuf_addf(&log1, "%s/w1.log", tmp);
	strbuf_addf(&log2, "%s/w2.log", tmp);
	const char *git_args[] = { "import", repo, "--path", "docs/T.md", "-q", NULL };
	const char *file_args[] = { "import", md.buf, "--doc", "OTHER", "-q", NULL };
	for (int round = 0; round < 4; round++) {
		strbuf_reset(&db);
		strbuf_addf(&db, "%s/two-%d.db", tmp, round);
		if (round % 2)
			copy_db(old_db, db.buf); /* an existing database */
		/* else: neither finds the database; both create and migrate it */
		pid_t a = spawn(db.buf, log1.buf, git_args);
		if (round >= 2)
			sleep_s(0.05 * round);
		pid_t b = spawn(db.buf, log2.buf, file_args);
		int ok_a = waited_or_one_error(reap(a), log1.buf);
		int ok_b = waited_or_one_error(reap(b), log2.buf);
		assert_true(ok_a || ok_b);
		assert_integrity(db.buf);
		if (ok_a)
			assert_int_equal(count_rows(db.buf, "SELECT count(*) FROM versions v JOIN documents d ON "
						   "d.id = v.doc_id WHERE d.name = 'T'"), COMMITS);
		if (ok_b)
			assert_int_equal(count_rows(db.buf, "SELECT count(*) FROM versions v JOIN documents d ON "
						   "d.id = v.doc_id WHERE d.name = 'OTHER'"), 1);
		assert_true(ok_a && ok_b); /* an import is much shorter than the busy timeout: both get through */
	}
	strbuf_release(&db);
	strbuf_release(&md);
	strbuf_release(&log1);
	strbuf_release(&log2);
	strbuf_release(&doc);
}

/* An import and `ballot set` at once: both effects are there; a writer kept out too long gives up cleanly. */
static void test_import_and_ballot_set(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, log1 = STRBUF_INIT, log2 = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&db, "%s/ballot.db", tmp);
	strbuf_addf(&log1, "%s/b1.log", tmp);
	strbuf_addf(&log2, "%s/b2.log", tmp);
	const char *import_args[] = { "import", repo, "--path", "docs/T.md", "-q", NULL };
	const char *states[] = { "discussion", "voting", "passed" };
	for (int round = 0; round < 3; round++) {
		copy_db(old_db, db.buf);
		/* A draft that exists before the race, so that `ballot set` never depends on the import's outcome. */
		assert_int_equal(tu_ct(NULL, NULL, db.buf, "ballot add SMC05 --base old --head old --doc T"), 0);
		const char *set_args[] = { "ballot", "set", "SMC05", "--state", states[round], "--doc", "T", NULL };
		pid_t a = spawn(db.buf, log1.buf, import_args);
		sleep_s(import_secs * 0.3 * round);
		pid_t b = spawn(db.buf, log2.buf, set_args);
		int ok_a = waited_or_one_error(reap(a), log1.buf);
		int ok_b = waited_or_one_error(reap(b), log2.buf);
		assert_true(ok_a && ok_b);
		assert_integrity(db.buf);
		assert_int_equal(count_rows(db.buf, "SELECT count(*) FROM versions"), COMMITS);
		json_t *j = tu_ct_json(db.buf, "ballot show SMC05 --doc T --format json");
		const char *s = json_string_value(json_object_get(j, "state"));
		if (!s || strcmp(s, states[round]))
			fprintf(stderr, "ballot SMC05: state %s, want %s\n", s ? s : "(none)", states[round]);
		assert_non_null(s);
		assert_string_equal(s, states[round]);
		json_decref(j);
	}

	/* a writer holding the database past the busy timeout: one clear error line, nothing changed */
	sqlite3 *hold = open_db(db.buf);
	assert_int_equal(sqlite3_exec(hold, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	const char *set_args[] = { "ballot", "set", "SMC05", "--state", "failed", "--doc", "T", NULL };
	double t0 = now_s();
	int rc = reap(spawn(db.buf, log2.buf, set_args));
	double waited = now_s() - t0;
	assert_false(waited_or_one_error(rc, log2.buf));
	assert_true(waited >= 1.0); /* it waited before giving up */
	sqlite3_exec(hold, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(hold);
	json_t *j = tu_ct_json(db.buf, "ballot show SMC05 --doc T --format json");
	assert_string_equal(json_string_value(json_object_get(j, "state")), "passed");
	json_decref(j);
	assert_integrity(db.buf);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&db);
	strbuf_release(&log1);
	strbuf_release(&log2);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_import),
		cmocka_unit_test_setup_teardown(test_kill_sync, server_setup, server_teardown),
		cmocka_unit_test(test_two_imports_at_once),
		cmocka_unit_test(test_import_and_ballot_set),
	};
	return cmocka_run_group_tests_name("crash", tests, group_setup, group_teardown);
}
