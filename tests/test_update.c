/*
 * test_update.c - the project file and `update`: init and its presets,
 * config, fetching documents and a fork over file:// from repositories
 * the test makes (with commits added between updates), a remote that
 * fails while the other documents still update, GitHub synced from
 * tests/ghserver.py, meetings from the cadence, help and the nearest
 * command; offline updates, a failing sync said as failed, the note about
 * a local repository's remotes said once; the engine (update_project
 * and sync_repository) called directly with progress callbacks; and on
 * the corpus, update giving the same answer as an explicit import.
 */
#include "testutil.h"

#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/sync.h"
#include "tracker/update.h"

static char *path_in(const char *name)
{
	return tu_path(tu_tmp, name);
}

static void git(const char *repo, const char *args)
{
	tu_git_at(repo, NULL, args);
}

static void commit_doc(const char *repo, const char *text, const char *msg)
{
	tu_repo_commit(repo, "DOC.md", text, msg, NULL);
}

static const char v1[] =
	"---\ntitle: T\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Effective Date |\n|---|---|---|---|\n| 1.0.0 | SMC91 | First | 2024-03-01 |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHALL log every issuance decision.\n";

/* The command that runs cabtrack from any folder: the wrapper, if any, and the binary's absolute path. */
static char binary[8192];

/* Run cabtrack in folder `dir` (where cabtrack.db and cabtrack.conf live). */
static int run_in(struct strbuf *out, struct strbuf *err, const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int run_in(struct strbuf *out, struct strbuf *err, const char *dir, const char *fmt, ...)
{
	struct strbuf args = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&args, fmt, ap);
	va_end(ap);
	int rc = tu_run(out, err, "cd '%s' && CABTRACK_CACHE='%s/cache' %s %s", dir, tu_tmp, binary, args.buf);
	strbuf_release(&args);
	return rc;
}

static void ok_in(const char *dir, const char *args)
{
	struct strbuf err = STRBUF_INIT;
	int rc = run_in(NULL, &err, dir, "%s", args);
	if (rc)
		fprintf(stderr, "cabtrack %s: exit %d: %s", args, rc, err.buf);
	assert_int_equal(rc, 0);
	strbuf_release(&err);
}

static int setup(void **state)
{
	tu_tmp_setup(state);
	char cwd[4096] = "";
	const char *w = getenv("CABTRACK_TEST_WRAP"), *b = tu_binary_path();
	if (b[0] != '/')
		assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(binary, sizeof(binary), "%s%s%s%s%s", w && *w ? w : "", w && *w ? " " : "", cwd, *cwd ? "/" : "", b);
	return 0;
}

static void test_init_and_config(void **state)
{
	(void)state;
	char *dir = path_in("p1");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", dir), 0);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	ok_in(dir, "init --preset smime");
	assert_int_equal(run_in(&out, NULL, dir, "config document.SBR.path"), 0);
	assert_string_equal(out.buf, "SBR.md\n");
	/* git reads it too: the same format */
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "git config -f '%s/cabtrack.conf' meeting.cadence", dir), 0);
	assert_string_equal(out.buf, "every other Wednesday\n");
	tu_assert_one_error(run_in(NULL, &err, dir, "init"), &err, "exists");
	ok_in(dir, "config cabtrack.wg 'Test WG'");
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "config cabtrack.wg"), 0);
	assert_string_equal(out.buf, "Test WG\n");
	ok_in(dir, "config --unset cabtrack.wg");
	assert_int_equal(run_in(NULL, NULL, dir, "config cabtrack.wg"), 1);
	ok_in(dir, "config --add document.SBR.remote 'other file:///nowhere'");
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "config --list --format json"), 0);
	json_t *list = json_loads(out.buf, 0, NULL);
	size_t remotes = 0, i;
	json_t *e;
	json_array_foreach(list, i, e)
		remotes += !strcmp(json_string_value(json_object_get(e, "key")), "document.SBR.remote");
	assert_int_equal(remotes, 2);
	json_decref(list);
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "init --preset nonesuch --force"), &err, "nonesuch");
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "config nodot"), &err, "nodot");
	/* A broken project file is named in the one error line. */
	char *bad = path_in("p1b");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s' && printf '[meeting\\n' > '%s/cabtrack.conf'", bad, bad), 0);
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, bad, "config meeting.tz"), &err, "cabtrack.conf");
	free(bad);
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

static void test_update_fetches_imports_and_syncs(void **state)
{
	(void)state;
	char *a = path_in("a"), *fork = path_in("fork"), *b = path_in("b"), *dir = path_in("p2");
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s' && git init -q -b main '%s' && mkdir -p '%s'", a, b, dir), 0);
	commit_doc(a, v1, "Ballot SMC91 - first version");
	commit_doc(b, v1, "first");
	assert_int_equal(tu_run(NULL, NULL, "git clone -q '%s' '%s'", a, fork), 0);
	git(fork, "checkout -q -b CAA");
	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text, "%s\n## 4.2 CAA\n\nThe CA SHALL retrieve CAA records.\n", v1);
	commit_doc(fork, text.buf, "CAA draft");

	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	ok_in(dir, "init");
	strbuf_addf(&cmd, "config document.A.url 'file://%s' && %s config document.A.path DOC.md && "
		    "%s config --add document.A.remote 'fork file://%s' && %s config document.B.url 'file://%s' && "
		    "%s config document.B.path DOC.md",
		    a, binary, binary, fork, binary, b, binary);
	ok_in(dir, cmd.buf);
	int rc = run_in(&out, &err, dir, "update");
	if (rc || !strstr(out.buf, "A: 2 new versions"))
		fprintf(stderr, "update: exit %d\n%s%s", rc, out.buf, err.buf);
	assert_int_equal(rc, 0);
	/* A: main's version and the fork's draft; the fork's branch is a new draft ballot. */
	assert_non_null(strstr(out.buf, "A: 2 new versions"));
	assert_non_null(strstr(out.buf, "fork/CAA"));
	assert_non_null(strstr(out.buf, "B: 1 new version"));
	/* The fork's branch arrived as refs/remotes/fork/CAA: a draft. */
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "ballot list --doc A --format json"), 0);
	assert_non_null(strstr(out.buf, "\"fork/CAA\""));

	/* Nothing new: says so. */
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update"), 0);
	assert_non_null(strstr(out.buf, "up to date: nothing new"));

	/* New commits on A and on the fork between two updates. */
	strbuf_reset(&text);
	strbuf_addf(&text, "%s\nThe CA MAY keep the logs longer.\n", v1);
	commit_doc(a, text.buf, "Editorial");
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update"), 0);
	assert_non_null(strstr(out.buf, "A: 1 new version"));
	assert_non_null(strstr(out.buf, "B: 0 new versions"));

	/* A remote that fails: one line naming it, and B still updates. */
	ok_in(dir, "config --add document.A.remote 'gone file:///nonexistent/repo'");
	commit_doc(b, text.buf, "second");
	struct strbuf before = STRBUF_INIT;
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = run_in(&out, &err, dir, "update");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, "remote 'gone'"));
	assert_non_null(strstr(out.buf, "B: 1 new version"));
	strbuf_release(&before);

	/* GitHub: synced from the stand-in server, then 304s only. */
	const char issues[] =
		"[{\"number\": 1, \"title\": \"About 4.1\", \"body\": \"Section 4.1\", \"state\": \"open\", \"labels\": [], "
		"\"created_at\": \"2024-02-01T00:00:00Z\", \"updated_at\": \"2024-02-01T00:00:00Z\", \"closed_at\": null, "
		"\"html_url\": \"https://github.com/acme/doc/issues/1\", \"repository_url\": \"https://api.github.com/repos/acme/doc\", "
		"\"user\": {\"login\": \"ann\"}}]";
	char *json = path_in("issues.json"), *log = path_in("server.log");
	tu_write_file(json, issues, strlen(issues));
	struct tu_server srv;
	assert_int_equal(tu_server_start(&srv, json, 10, 1, log), 0);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "config cabtrack.github acme/doc && %s config cabtrack.api-url http://127.0.0.1:%d/ok", binary,
		    srv.port);
	ok_in(dir, cmd.buf);
	ok_in(dir, "config --unset document.A.remote");
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = run_in(&out, &err, dir, "update");
	if (rc)
		fprintf(stderr, "%s%s", out.buf, err.buf);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out.buf, "issues: 1 new, 0 updated"));
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update"), 0);
	assert_non_null(strstr(out.buf, "up to date: nothing new"));
	tu_server_stop(&srv);

	strbuf_release(&cmd);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&text);
	free(json);
	free(log);
	free(a);
	free(b);
	free(fork);
	free(dir);
}

static void test_cadence_and_help(void **state)
{
	(void)state;
	char *dir = path_in("p3");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", dir), 0);
	ok_in(dir, "init");
	ok_in(dir, "config meeting.cadence 'every other Wednesday'");
	ok_in(dir, "config meeting.time 11:00");
	ok_in(dir, "config meeting.tz America/New_York");
	ok_in(dir, "config meeting.anchor 2024-01-03");
	ok_in(dir, "meeting add 2024-01-03 --time 11:00 --tz America/New_York");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_in(&out, NULL, dir, "meeting list --format json"), 0);
	json_t *list = json_loads(out.buf, 0, NULL), *m;
	size_t i, cadence = 0;
	json_array_foreach(list, i, m) {
		if (strcmp(json_string_value(json_object_get(m, "source")), "cadence"))
			continue;
		cadence++;
		/* Wednesdays, 14 days apart from the anchor, 16:00 UTC in winter and 15:00 in summer */
		struct ct_date d;
		assert_int_equal(ct_date_parse_strict(&d, json_string_value(json_object_get(m, "date"))), 0);
		struct ct_date anchor = { 2024, 1, 3 };
		assert_int_equal((ct_date_to_days(d) - ct_date_to_days(anchor)) % 14, 0);
		const char *utc = json_string_value(json_object_get(m, "utc"));
		assert_true(strstr(utc, "16:00 UTC") || strstr(utc, "15:00 UTC"));
	}
	assert_int_equal(cadence, 4);
	json_decref(list);

	/* --meeting next comes from the cadence (on a database with a document). */
	char *repo = path_in("c");
	tu_repo_init(repo);
	commit_doc(repo, v1, "first");
	strbuf_reset(&out);
	strbuf_addf(&out, "import '%s' --path DOC.md -q", repo);
	ok_in(dir, out.buf);
	free(repo);
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "render status --meeting next --format json"), 0);
	json_t *v = json_loads(out.buf, 0, NULL);
	struct ct_date d, today = ct_date_today(), anchor = { 2024, 1, 3 };
	assert_int_equal(ct_date_parse_strict(&d, json_string_value(json_object_get(json_object_get(v, "meeting"), "date"))), 0);
	assert_true(ct_date_to_days(d) >= ct_date_to_days(today));
	assert_true(ct_date_to_days(d) < ct_date_to_days(today) + 14);
	assert_int_equal((ct_date_to_days(d) - ct_date_to_days(anchor)) % 14, 0);
	json_decref(v);
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "config meeting.cadence 'now and then'"), &err, "now and then");
	/* A project file edited by hand is checked where it is read. */
	assert_int_equal(tu_run(NULL, NULL, "git config -f '%s/cabtrack.conf' meeting.cadence 'now and then'", dir), 0);
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "meeting list"), &err, "now and then");

	/* Help: every way in, and the nearest command for a typo. */
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "--help"), 0);
	assert_non_null(strstr(out.buf, "update"));
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "help update"), 0);
	assert_non_null(strstr(out.buf, "usage: cabtrack update"));
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update --help"), 0);
	assert_non_null(strstr(out.buf, "usage: cabtrack update"));
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "updat"), &err, "did you mean 'update'?");
	strbuf_reset(&err);
	tu_assert_one_error(run_in(NULL, &err, dir, "update"), &err, "names no document");
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

/* Two issues; with one a page, the "truncated" scenario cuts page 2 of /issues and the sync fails. */
static const char two_issues[] =
	"[{\"number\": 1, \"title\": \"About 4.1\", \"body\": \"Section 4.1\", \"state\": \"open\", \"labels\": [], "
	"\"created_at\": \"2024-02-01T00:00:00Z\", \"updated_at\": \"2024-02-01T00:00:00Z\", \"closed_at\": null, "
	"\"html_url\": \"https://github.com/acme/doc/issues/1\", \"repository_url\": \"https://api.github.com/repos/acme/doc\", "
	"\"user\": {\"login\": \"ann\"}},"
	"{\"number\": 2, \"title\": \"About 4.2\", \"body\": \"Section 4.2\", \"state\": \"open\", \"labels\": [], "
	"\"created_at\": \"2024-02-02T00:00:00Z\", \"updated_at\": \"2024-02-02T00:00:00Z\", \"closed_at\": null, "
	"\"html_url\": \"https://github.com/acme/doc/issues/2\", \"repository_url\": \"https://api.github.com/repos/acme/doc\", "
	"\"user\": {\"login\": \"bob\"}}]";

/* Lines of `log` (one per request the server answered). */
static size_t requests_logged(const char *log)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	if (tu_run(&sb, NULL, "cat '%s' 2>/dev/null", log) == 0)
		for (const char *p = sb.buf; (p = strchr(p, '\n')); p++)
			n++;
	strbuf_release(&sb);
	return n;
}

/* Issue 15, "Offline and truthful": --offline skips fetch and sync; a failed sync is said as failed; notes once. */
static void test_update_offline_and_truthful(void **state)
{
	(void)state;
	char *a = path_in("oa"), *l = path_in("ol"), *dir = path_in("p5");
	char *json = path_in("two.json"), *log = path_in("server5.log");
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s' && git init -q -b main '%s' && mkdir -p '%s'", a, l, dir), 0);
	commit_doc(a, v1, "first");
	commit_doc(l, v1, "first");
	tu_write_file(json, two_issues, strlen(two_issues));
	struct tu_server srv;
	assert_int_equal(tu_server_start(&srv, json, 1, 1, log), 0);
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	ok_in(dir, "init");
	strbuf_addf(&cmd, "config document.A.url 'file://%s' && %s config document.A.path DOC.md && "
		    "%s config document.L.url '%s' && %s config document.L.path DOC.md && "
		    "%s config --add document.L.remote 'fork file:///nonexistent/fork' && "
		    "%s config cabtrack.github acme/doc && %s config cabtrack.api-url http://127.0.0.1:%d/truncated",
		    a, binary, binary, l, binary, binary, binary, binary, srv.port);
	ok_in(dir, cmd.buf);

	/* Offline, before any fetch: A is skipped, L imported with one note about its remote, no request; exit 0. */
	int rc = run_in(&out, &err, dir, "update --offline");
	if (rc)
		fprintf(stderr, "update --offline: exit %d\n%s%s", rc, out.buf, err.buf);
	assert_int_equal(rc, 0);
	assert_string_equal(err.buf, "");
	assert_non_null(strstr(out.buf, "A: skipped: offline"));
	assert_non_null(strstr(out.buf, "L: 1 new version"));
	assert_non_null(strstr(out.buf, "remote fork not fetched"));
	assert_non_null(strstr(out.buf, "issues: not synced (offline)"));
	assert_int_equal(requests_logged(log), 0);

	/* Online, the sync fails: said as failed (not "0 new"), one error line naming it, exit 2; the note is not repeated. */
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = run_in(&out, &err, dir, "update");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(out.buf, "A: 1 new version"));
	assert_null(strstr(out.buf, "remote fork"));
	assert_non_null(strstr(out.buf, "issues: sync failed"));
	assert_null(strstr(out.buf, "issues: 0 new"));
	assert_null(strstr(out.buf, "up to date"));
	tu_assert_one_error(rc, &err, "sync acme/doc");
	assert_true(requests_logged(log) > 0);
	strbuf_reset(&out);
	/* nothing of the failed sync was stored: no issue to list */
	assert_int_equal(run_in(&out, NULL, dir, "issues --format json"), 1);
	assert_null(strstr(out.buf, "About 4.1"));

	/* Offline again: A from the cache as last fetched (a newer commit is not seen), no request; exit 0. */
	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text, "%s\nThe CA MAY keep the logs longer.\n", v1);
	commit_doc(a, text.buf, "Editorial");
	size_t before = requests_logged(log);
	strbuf_reset(&out);
	strbuf_reset(&err);
	assert_int_equal(run_in(&out, &err, dir, "update --offline"), 0);
	assert_string_equal(err.buf, "");
	assert_non_null(strstr(out.buf, "A: 0 new versions"));
	assert_non_null(strstr(out.buf, "issues: not synced (offline)"));
	assert_int_equal(requests_logged(log), before);

	/* A server that behaves: the sync succeeds, the new commit arrives, exit 0. */
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "config cabtrack.api-url http://127.0.0.1:%d/ok", srv.port);
	ok_in(dir, cmd.buf);
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = run_in(&out, &err, dir, "update");
	if (rc)
		fprintf(stderr, "update: exit %d\n%s%s", rc, out.buf, err.buf);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out.buf, "A: 1 new version"));
	assert_non_null(strstr(out.buf, "issues: 2 new, 0 updated"));
	tu_server_stop(&srv);

	/* No GitHub repository: nothing to sync, nothing said about it, exit 0. */
	ok_in(dir, "config --unset cabtrack.github");
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update --offline"), 0);
	assert_null(strstr(out.buf, "not synced"));

	strbuf_release(&text);
	strbuf_release(&cmd);
	strbuf_release(&out);
	strbuf_release(&err);
	free(json);
	free(log);
	free(a);
	free(l);
	free(dir);
}

/* What a progress callback heard: every line, the lines that stay, the last step line ("[i/n] ..."). */
struct steps_seen {
	size_t lines, kept, steps;
	char last_step[256], last[256];
};

static void count_steps(void *payload, const char *line, int done)
{
	struct steps_seen *s = payload;
	s->lines++;
	s->kept += done != 0;
	if (line[0] == '[') {
		s->steps++;
		snprintf(s->last_step, sizeof(s->last_step), "%s", line);
	}
	snprintf(s->last, sizeof(s->last), "%s", line);
}

/* The engine without the command: update_project on a local repository, progress through the callback. */
static void test_update_project_engine(void **state)
{
	(void)state;
	char *repo = path_in("e"), *db = path_in("engine.db");
	tu_repo_init(repo);
	commit_doc(repo, v1, "Ballot SMC91 - first version");
	json_t *docs = json_pack("[{s:s, s:s, s:s, s:[{s:s, s:s}]}]", "name", "E", "url", repo, "path", "DOC.md", "remotes",
				 "name", "fork", "url", "file:///nonexistent");
	struct update_options opts = UPDATE_OPTIONS_INIT;
	struct steps_seen seen = { 0 };
	opts.db_path = db;
	opts.documents = docs;
	opts.progress.fn = count_steps;
	opts.progress.payload = &seen;
	struct update_report r = UPDATE_REPORT_INIT;
	assert_int_equal(update_project(&r, &opts), 0);
	/* one step, said as it starts; then the walk's own lines through the same callback */
	assert_int_equal(seen.steps, 1);
	assert_true(!strncmp(seen.last_step, "[1/1] E: importing ", 19));
	assert_true(seen.lines > seen.steps);
	assert_true(r.changed);
	assert_int_equal(r.failed, 0);
	assert_int_equal(r.skipped, 0);
	assert_non_null(strstr(r.summary.buf, "E: 1 new version, 1 new ballot (SMC091)"));
	assert_non_null(strstr(r.notes.buf, "remote fork not fetched"));
	assert_string_equal(r.errors.buf, "");
	update_report_release(&r);
	/* Again: nothing changed, and the note is not repeated. */
	struct update_report r2 = UPDATE_REPORT_INIT;
	assert_int_equal(update_project(&r2, &opts), 0);
	assert_false(r2.changed);
	assert_string_equal(r2.notes.buf, "");
	assert_non_null(strstr(r2.summary.buf, "E: 0 new versions"));
	update_report_release(&r2);
	/* A file that is not a repository: the step fails, said in the summary and in errors. */
	json_object_set_new(json_array_get(docs, 0), "url", json_string("/nonexistent/repo"));
	struct update_report r3 = UPDATE_REPORT_INIT;
	assert_true(update_project(&r3, &opts) < 0);
	assert_int_equal(r3.failed, 1);
	assert_non_null(strstr(r3.summary.buf, "E: failed"));
	assert_non_null(strstr(r3.errors.buf, "document E: "));
	update_report_release(&r3);
	json_decref(docs);
	free(repo);
	free(db);
}

/* sync_repository without the command: items stored, stats counted, every page told to github.progress. */
static void test_sync_repository_engine(void **state)
{
	(void)state;
	char *json = path_in("two-engine.json"), *log = path_in("server-engine.log"), *db_path = path_in("sync-engine.db");
	tu_write_file(json, two_issues, strlen(two_issues));
	struct tu_server srv;
	assert_int_equal(tu_server_start(&srv, json, 1, 1, log), 0);
	char api[64];
	snprintf(api, sizeof(api), "http://127.0.0.1:%d/ok", srv.port);
	struct ct_db *db = NULL;
	struct db_open_options o = DB_OPEN_OPTIONS_INIT;
	o.flags = DB_OPEN_WRITE;
	assert_int_equal(db_open(&db, db_path, &o), 0);
	struct sync_options so = SYNC_OPTIONS_INIT;
	struct steps_seen seen = { 0 };
	so.github.api_url = api;
	so.github.progress.fn = count_steps;
	so.github.progress.payload = &seen;
	struct sync_stats st;
	assert_int_equal(db_begin(db), 0);
	int rc = sync_repository(&st, db, "acme/doc", &so);
	if (rc < 0)
		fprintf(stderr, "sync_repository: %s\n", ct_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(db_commit(db), 0);
	/* two issues, one a page: two pages of /issues, then /pulls */
	assert_int_equal(st.items, 2);
	assert_int_equal(st.changed, 2);
	assert_true(st.http.requests >= 3);
	/* a line per page received, in place; then the totals, a line that stays */
	assert_int_equal(seen.lines, st.http.requests + 1);
	assert_int_equal(seen.kept, 1);
	assert_string_equal(seen.last, "syncing acme/doc: 2 issues and pull requests, 0 pull heads");
	/* again: nothing changed, answered 304 */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(sync_repository(&st, db, "acme/doc", &so), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(st.changed, 0);
	assert_true(st.http.not_modified >= 1);
	/* a name that is no repository is refused before any request */
	size_t before = requests_logged(log);
	ct_error_clear();
	assert_int_equal(sync_repository(&st, db, "not a repo", &so), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "'not a repo'"));
	assert_int_equal(requests_logged(log), before);
	ct_error_clear();
	db_free(db);
	tu_server_stop(&srv);
	free(json);
	free(log);
	free(db_path);
}

/* The issue's demonstration: init --preset smime, the corpus as url, update, dates --ballot SMC05. */
static void test_corpus_update(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	char *dir = path_in("p4"), *ref = path_in("explicit.db");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", dir), 0);
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT;
	ok_in(dir, "init --preset smime");
	char abs[4096];
	assert_non_null(realpath(corpus, abs));
	strbuf_addf(&cmd, "config document.SBR.url '%s/smime.git' && %s config --unset cabtrack.github", abs, binary);
	ok_in(dir, cmd.buf);
	assert_int_equal(run_in(&out, NULL, dir, "update"), 0);
	assert_non_null(strstr(out.buf, "SBR: 822 new versions"));
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "dates --ballot SMC05 --format json"), 0);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "import '%s/smime.git' --path SBR.md -q", abs);
	assert_int_equal(tu_ct(NULL, NULL, ref, cmd.buf), 0);
	assert_int_equal(tu_ct(&want, NULL, ref, "dates --ballot SMC05 --format json"), 0);
	assert_string_equal(out.buf, want.buf);
	strbuf_reset(&out);
	assert_int_equal(run_in(&out, NULL, dir, "update"), 0);
	assert_non_null(strstr(out.buf, "up to date: nothing new"));
	strbuf_release(&cmd);
	strbuf_release(&out);
	strbuf_release(&want);
	free(dir);
	free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_config),
		cmocka_unit_test(test_update_fetches_imports_and_syncs),
		cmocka_unit_test(test_cadence_and_help),
		cmocka_unit_test(test_update_offline_and_truthful),
		cmocka_unit_test(test_update_project_engine),
		cmocka_unit_test(test_sync_repository_engine),
		cmocka_unit_test(test_corpus_update),
	};
	return cmocka_run_group_tests(tests, setup, tu_tmp_teardown);
}
