/*
 * test_progress.c - a long import or sync shows its progress on a
 * terminal and nothing when piped (issue 16); --progress asks for it
 * anyway, as git's does.  The library reports through the command's
 * callback (tracker/base/progress.h; issue 13): the retry notes of the
 * GitHub client come out the same way.  A real pseudo-terminal
 * (tests/ptyrun.py) and tests/ghserver.py on 127.0.0.1.
 */
#include "testutil.h"

#define TOKEN "secret-token-4711"

static char *tmp, *repo;

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	repo = tu_path(tmp, "repo");
	tu_make_doc_repo(repo);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	return 0;
}

/* A fresh database path in tmp. */
static char *fresh(const char *name)
{
	char *db = tu_path(tmp, name);
	unlink(db);
	return db;
}

static void test_import_progress(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* Piped: no progress at all, the summary on stdout. */
	char *db = fresh("piped.db");
	assert_int_equal(tu_run(&out, &err, "%s --db '%s' import '%s' --path DOC.md", tu_binary(), db, repo), 0);
	assert_string_equal(err.buf, "");
	assert_non_null(strstr(out.buf, "DOC"));
	free(db);
	/* --progress: the line, updated in place and left at the end. */
	db = fresh("forced.db");
	strbuf_reset(&err);
	assert_int_equal(tu_run(NULL, &err, "%s --db '%s' import '%s' --path DOC.md -q --progress", tu_binary(), db, repo), 0);
	assert_non_null(strstr(err.buf, "\rimporting DOC: 1 commits, 1 new versions, "));
	assert_non_null(strstr(err.buf, " new sections\033[K\n"));
	free(db);
	/* On a terminal: shown without asking; -q silences it. */
	db = fresh("tty.db");
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "python3 '%s/ptyrun.py' 80 %s --db '%s' import '%s' --path DOC.md",
				tu_source_dir(), tu_binary_path(), db, repo), 0);
	assert_non_null(strstr(out.buf, "importing DOC: 1 commits, 1 new versions"));
	free(db);
	db = fresh("tty-quiet.db");
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "python3 '%s/ptyrun.py' 80 %s --db '%s' import '%s' --path DOC.md -q",
				tu_source_dir(), tu_binary_path(), db, repo), 0);
	assert_string_equal(out.buf, "");
	free(db);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_sync_progress_and_retry_notes(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	char json[4200], log[2048];
	snprintf(json, sizeof(json), "%s/github/cabforum-smime-issues.json", corpus);
	snprintf(log, sizeof(log), "%.2000s/server.log", tmp);
	struct tu_server srv;
	assert_int_equal(tu_server_start(&srv, json, 10, 3, log), 0);
	struct strbuf err = STRBUF_INIT;
	char *db = fresh("sync.db");
	/* Piped: nothing on stderr, though the first request fails and is retried. */
	assert_int_equal(tu_run(NULL, &err, "GITHUB_TOKEN=" TOKEN " %s --db '%s' sync github cabforum/smime --api-url "
				"http://127.0.0.1:%d/flaky", tu_binary(), db, srv.port), 0);
	assert_string_equal(err.buf, "");
	free(db);
	tu_server_stop(&srv);
	/* --progress: the pages as they come, the retry as a note that stays, the end (a new server: flaky again). */
	assert_int_equal(tu_server_start(&srv, json, 10, 3, log), 0);
	db = fresh("sync2.db");
	strbuf_reset(&err);
	assert_int_equal(tu_run(NULL, &err, "GITHUB_TOKEN=" TOKEN " %s --db '%s' sync github cabforum/smime -q --progress "
				"--api-url http://127.0.0.1:%d/flaky", tu_binary(), db, srv.port), 0);
	assert_non_null(strstr(err.buf, "HTTP 500; trying again\033[K\n"));
	assert_non_null(strstr(err.buf, "\rsyncing cabforum/smime: 10 issues and pull requests, 0 pull heads (1 page)\033[K"));
	assert_non_null(strstr(err.buf, "\rsyncing cabforum/smime: 104 issues and pull requests"));
	assert_null(strstr(err.buf, TOKEN));
	free(db);
	tu_server_stop(&srv);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_progress),
		cmocka_unit_test(test_sync_progress_and_retry_notes),
	};
	return cmocka_run_group_tests_name("progress", tests, group_setup, group_teardown);
}
