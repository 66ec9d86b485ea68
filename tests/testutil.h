/*
 * testutil.h - helpers shared by the cmocka test programs (header only).
 *
 * Tests use real components: temporary folders, real SQLite files, git
 * repositories the test creates, and the built cabtrack binary.  The corpus
 * is found at $CABTRACK_CORPUS, else ../shared/corpus; a test that needs it
 * and does not find it prints a visible SKIP line and calls skip().
 *
 * Under CI=true nothing skips: a missing corpus or tool fails the test
 * (TU_SKIP), so a CI run that passes has run every test.
 */
#ifndef CT_TESTUTIL_H
#define CT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "tracker/base/strbuf.h"

/* The corpus folder, or NULL when it is absent. */
static inline const char *tu_corpus(void)
{
	static char path[4096];
	const char *env = getenv("CABTRACK_CORPUS");
	const char *c = env && *env ? env : getenv("CORPUS");
	if (!c || !*c)
		c = "../shared/corpus";
	struct stat st;
	if (stat(c, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	snprintf(path, sizeof(path), "%s", c);
	return path;
}

/* True when running under CI (CI=true), where a skip is a failure. */
static inline int tu_in_ci(void)
{
	const char *ci = getenv("CI");
	return ci && (!strcmp(ci, "true") || !strcmp(ci, "1"));
}

/*
 * Skip the current test with a visible SKIP line naming why; under CI=true
 * fail it instead, so that a green CI run never hides a test that did not run.
 */
#define TU_SKIP(...)                                                                     \
	do {                                                                             \
		if (tu_in_ci()) {                                                        \
			printf("FAIL (CI=true, would skip): ");                          \
			printf(__VA_ARGS__);                                             \
			printf("\n");                                                    \
			fail();                                                          \
		}                                                                        \
		printf("SKIP: ");                                                        \
		printf(__VA_ARGS__);                                                     \
		printf("\n");                                                            \
		skip();                                                                  \
	} while (0)

/* The corpus folder, or skip the current test (fail under CI=true). */
#define TU_NEED_CORPUS(var)                                                              \
	const char *var = tu_corpus();                                                   \
	if (!var)                                                                        \
		TU_SKIP("%s: corpus not found (set CABTRACK_CORPUS)", __func__)

/* The tests folder (where this header is), for the data files kept beside the tests. */
static inline const char *tu_source_dir(void)
{
	static char dir[4096];
	const char *f = __FILE__, *slash = strrchr(f, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - f) : 1, slash ? f : ".");
	return dir;
}

/* Path of the built cabtrack binary (to exec it directly). */
static inline const char *tu_binary_path(void)
{
	static char path[4096];
	const char *b = getenv("BUILD");
	snprintf(path, sizeof(path), "%s/cabtrack", b && *b ? b : "build");
	return path;
}

/*
 * The command that runs cabtrack in a shell line: the binary, prefixed by
 * $CABTRACK_TEST_WRAP when set (`make valgrind` puts memcheck there).
 */
static inline const char *tu_binary(void)
{
	static char cmd[8192];
	const char *w = getenv("CABTRACK_TEST_WRAP");
	snprintf(cmd, sizeof(cmd), "%s%s%s", w && *w ? w : "", w && *w ? " " : "", tu_binary_path());
	return cmd;
}

/*
 * In a forked child: exec cabtrack --db DB ARGS... (args NULL-terminated)
 * directly, with no wrapper, so that the parent's signals and wait4 reach
 * cabtrack itself.  Exits 127 when the exec fails.
 */
static inline void tu_exec_ct(const char *db, const char *const *args)
{
	const char *argv[64];
	size_t n = 0;
	argv[n++] = tu_binary_path();
	argv[n++] = "--db";
	argv[n++] = db;
	for (size_t i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

/* Make a fresh temporary folder; returns a static-lifetime heap string. */
static inline char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/cabtrack-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return xstrdup(d);
}

/* Remove a folder tree made by the test. */
static inline void tu_rmtree(const char *dir)
{
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	int rc = system(cmd.buf);
	(void)rc;
	strbuf_release(&cmd);
}

/*
 * The temporary folder of a test program that needs one and nothing more
 * (a repository and a database: struct fx in engine_fixture.h), made by
 * the group setup tu_tmp_setup and removed by tu_tmp_teardown.
 */
static char *tu_tmp;

static inline int tu_tmp_setup(void **state)
{
	(void)state;
	tu_tmp = tu_tmpdir();
	return 0;
}

static inline int tu_tmp_teardown(void **state)
{
	(void)state;
	tu_rmtree(tu_tmp);
	free(tu_tmp);
	tu_tmp = NULL;
	return 0;
}

/*
 * Run a shell command line; capture stdout into *out and stderr into *err
 * (either may be NULL).  Returns the exit status (or 128+signal).
 */
static inline int tu_run(struct strbuf *out, struct strbuf *err, const char *fmt, ...)
{
	struct strbuf cmd = STRBUF_INIT;
	char errfile[] = "/tmp/cabtrack-stderr-XXXXXX";
	int efd = mkstemp(errfile);
	assert_true(efd >= 0);
	close(efd);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	strbuf_addf(&cmd, " 2>%s", errfile);
	FILE *p = popen(cmd.buf, "r");
	assert_non_null(p);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		if (out)
			strbuf_add(out, buf, n);
	int st = pclose(p);
	if (err) {
		FILE *f = fopen(errfile, "r");
		if (f) {
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				strbuf_add(err, buf, n);
			fclose(f);
		}
	}
	unlink(errfile);
	strbuf_release(&cmd);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Write a file with the given contents. */
static inline void tu_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Read a whole file into sb; returns 0 or -1. */
static inline int tu_read_file(struct strbuf *sb, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	fclose(f);
	return 0;
}

/* Run cabtrack with --db DB and the given arguments; capture output. */
static inline int tu_ct(struct strbuf *out, struct strbuf *err, const char *db, const char *args)
{
	return tu_run(out, err, "%s --db '%s' %s", tu_binary(), db, args);
}

/* Run a cabtrack command that must succeed and print JSON; the parsed output. */
static inline json_t *tu_ct_json(const char *db, const char *args)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_ct(&out, &err, db, args);
	if (rc != 0)
		fprintf(stderr, "cabtrack %s: exit %d: %s\n", args, rc, err.buf);
	assert_int_equal(rc, 0);
	json_error_t e;
	json_t *j = json_loads(out.buf, 0, &e);
	if (!j)
		fprintf(stderr, "not JSON (%s): %.200s\n", e.text, out.buf);
	assert_non_null(j);
	strbuf_release(&out);
	strbuf_release(&err);
	return j;
}

/* Run `cabtrack --db DB ARGS`, which must exit 0 (its stderr is shown when it does not). */
static inline void tu_ct_ok(const char *db, const char *args)
{
	struct strbuf err = STRBUF_INIT;
	int rc = tu_ct(NULL, &err, db, args);
	if (rc)
		fprintf(stderr, "cabtrack %s: exit %d: %s", args, rc, err.buf);
	assert_int_equal(rc, 0);
	strbuf_release(&err);
}

/* Run `cabtrack --db DB ARGS...` (printf-style), which must exit 0. */
static inline void tu_ct_okf(const char *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void tu_ct_okf(const char *db, const char *fmt, ...)
{
	struct strbuf args = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&args, fmt, ap);
	va_end(ap);
	tu_ct_ok(db, args.buf);
	strbuf_release(&args);
}

/*
 * The repositories tests make: git as user "t <t@example.org>", with author
 * and committer time `when` (ISO; NULL: now), so that with a time the
 * commits are the same on every run.  Every call must succeed.
 */

/* Run `git ARGS` in `repo` at `when`. */
static inline void tu_git_at(const char *repo, const char *when, const char *args)
{
	struct strbuf env = STRBUF_INIT;
	if (when)
		strbuf_addf(&env, "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' ", when, when);
	int rc = tu_run(NULL, NULL, "%sgit -C '%s' -c user.name=t -c user.email=t@example.org %s", env.buf, repo, args);
	if (rc)
		fprintf(stderr, "git -C %s %s: exit %d\n", repo, args, rc);
	assert_int_equal(rc, 0);
	strbuf_release(&env);
}

/* A new empty repository at `repo` (folders made as needed), on branch main. */
static inline void tu_repo_init(const char *repo)
{
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s' && git init -q -b main '%s'", repo, repo), 0);
}

/* Write `text` to `file` (a path inside `repo`, folders made as needed). */
static inline void tu_repo_write(const char *repo, const char *file, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", repo, file);
	char *slash = strrchr(path.buf, '/');
	*slash = '\0';
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", path.buf), 0);
	*slash = '/';
	tu_write_file(path.buf, text, strlen(text));
	strbuf_release(&path);
}

/* Write `text` to `file` in `repo` and commit it with `msg` (no single quotes) at `when`. */
static inline void tu_repo_commit(const char *repo, const char *file, const char *text, const char *msg, const char *when)
{
	struct strbuf args = STRBUF_INIT;
	tu_repo_write(repo, file, text);
	strbuf_addf(&args, "add '%s'", file);
	tu_git_at(repo, when, args.buf);
	strbuf_reset(&args);
	strbuf_addf(&args, "commit -q -m '%s'", msg);
	tu_git_at(repo, when, args.buf);
	strbuf_release(&args);
}

/* Replace the first `from` in `file` of `repo` by `to` and commit every change (-a) with `msg` at `when`. */
static inline void tu_repo_edit(const char *repo, const char *file, const char *from, const char *to, const char *msg,
				const char *when)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", repo, file);
	assert_int_equal(tu_read_file(&text, path.buf), 0);
	char *p = strstr(text.buf, from);
	assert_non_null(p);
	strbuf_add(&out, text.buf, (size_t)(p - text.buf));
	strbuf_addstr(&out, to);
	strbuf_addstr(&out, p + strlen(from));
	tu_write_file(path.buf, out.buf, out.len);
	strbuf_reset(&out);
	strbuf_addf(&out, "commit -q -a -m '%s'", msg);
	tu_git_at(repo, when, out.buf);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&out);
}

/*
 * Make a git repository at `repo` holding DOC.md, one short guideline with a
 * requirement in 4.1, committed as "Ballot SMC91 - first" on main.
 */
static inline void tu_make_doc_repo(const char *repo)
{
	const char doc[] = "---\ntitle: T\n---\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHOULD log decisions.\n";
	struct strbuf f = STRBUF_INIT;
	strbuf_addf(&f, "%s/DOC.md", repo);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", repo), 0);
	tu_write_file(f.buf, doc, strlen(doc));
	assert_int_equal(tu_run(NULL, NULL, "git -C '%s' add DOC.md && git -C '%s' -c user.name=t -c user.email=t@e "
					  "commit -q -m 'Ballot SMC91 - first'", repo, repo), 0);
	strbuf_release(&f);
}

/* "dir/name", a new string. */
static inline char *tu_path(const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

/* A new database dir/name with DOC.md of tu_make_doc_repo's `repo` imported; the path, a new string. */
static inline char *tu_doc_db(const char *dir, const char *repo, const char *name)
{
	char *db = tu_path(dir, name);
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path DOC.md -q", repo);
	tu_ct_ok(db, args.buf);
	strbuf_release(&args);
	return db;
}

/* A failed command: exit 2, exactly one line on stderr containing `needle`. */
static inline void tu_assert_one_error(int rc, struct strbuf *err, const char *needle)
{
	if (rc != 2 || !strstr(err->buf, needle))
		fprintf(stderr, "exit %d, stderr: %s\n", rc, err->buf);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err->buf, "cabtrack: error: "));
	assert_non_null(strstr(err->buf, needle));
	char *nl = strchr(err->buf, '\n');
	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
}

/*
 * Bad input: `cabtrack --db DB ARGS` exits 2 with one error line holding
 * `needle`, prints nothing on stdout, and leaves the database file byte
 * for byte as it was.
 */
static inline void tu_assert_bad_input(const char *db, const char *args, const char *needle)
{
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT, err = STRBUF_INIT, out = STRBUF_INIT;
	assert_int_equal(tu_read_file(&before, db), 0);
	int rc = tu_ct(&out, &err, db, args);
	tu_assert_one_error(rc, &err, needle);
	assert_int_equal(out.len, 0);
	assert_int_equal(tu_read_file(&after, db), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* tests/ghserver.py, a GitHub REST API stand-in, started on 127.0.0.1. */
struct tu_server {
	pid_t pid;
	int port;
	char log[4096];
};

/*
 * Start ghserver.py serving the issues of `json` (a saved /issues listing)
 * `per_page` a page, answering "slow" scenarios after `slow` seconds, and
 * logging requests to `log`.  0, or -1 (with a message) when it did not
 * start.
 */
static inline int tu_server_start(struct tu_server *s, const char *json, int per_page, double slow, const char *log)
{
	char script[4096], pp[16], sl[32];
	const char *f = __FILE__, *slash = strrchr(f, '/');
	snprintf(script, sizeof(script), "%.*s/ghserver.py", slash ? (int)(slash - f) : 1, slash ? f : ".");
	snprintf(pp, sizeof(pp), "%d", per_page);
	snprintf(sl, sizeof(sl), "%g", slow);
	memset(s, 0, sizeof(*s));
	snprintf(s->log, sizeof(s->log), "%s", log);
	unlink(s->log);
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive the test (nor hold its runner's pipe) */
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("python3", "python3", script, json, "--per-page", pp, "--log", s->log, "--slow", sl, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	char buf[32] = "";
	size_t n = 0;
	while (n < sizeof(buf) - 1 && read(fd[0], buf + n, 1) == 1 && buf[n] != '\n')
		n++;
	buf[n] = '\0';
	close(fd[0]);
	s->pid = pid;
	s->port = atoi(buf);
	if (s->port <= 0) {
		fprintf(stderr, "ghserver.py did not start (got '%s')\n", buf);
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		s->pid = 0;
		return -1;
	}
	return 0;
}

/* Stop the server tu_server_start started (nothing when it did not). */
static inline void tu_server_stop(struct tu_server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	s->pid = 0;
}

#endif
