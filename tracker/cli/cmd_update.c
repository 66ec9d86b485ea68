/*
 * cmd_update.c - `cabtrack update`: everything the project file names,
 * brought up to date in one command: each document's repository cloned
 * or fetched into the cache (origin with its pull-request heads, and the
 * extra remotes), imported, then the GitHub repository synced; one summary
 * at the end.
 *
 * Each step is its own transaction (the import and sync commands are run
 * as they would be from the command line), so a step that fails leaves
 * the database as that step found it, and the other documents still
 * update.  What changed is found by comparing snapshots of the database
 * before and after, not by trusting what each step printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/ballots.h"
#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "tracker/base/error.h"
#include "db/github_query.h"
#include "importers/import.h"
#include "tracker/project.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack update [-q]\n\n"
	"For each document of the project file (cabtrack.conf; see 'cabtrack init'): clone (the\n"
	"first time) or fetch its repository into the cache, with its pull-request heads and its\n"
	"extra remotes, and import what is new; then sync the GitHub repository (cabtrack.github).\n"
	"A local repository path is imported as it is.  A fetch that fails (network,\n"
	"authentication) leaves that document as it was and says which remote and why; the\n"
	"other documents still update.  Ends with one summary: new versions, new ballots, issues\n"
	"new and updated, dates added or removed.\n"
	"Exit status 2 when any step failed.\n\n"
	"   -q, --quiet     only the summary and errors\n";

/* What the database holds, to compare before and after. */
struct snapshot {
	json_t *versions;    /* doc -> count */
	json_t *ballots;     /* doc -> {key: id} */
	json_t *dates;       /* doc -> {"date|keyword|description": date} */
	json_t *issues;      /* "repo#n" -> updated_at */
};

static void snapshot_free(struct snapshot *s)
{
	json_decref(s->versions);
	json_decref(s->ballots);
	json_decref(s->dates);
	json_decref(s->issues);
}

static int snapshot_take(struct snapshot *s, json_t *docs)
{
	s->versions = json_object();
	s->ballots = json_object();
	s->dates = json_object();
	s->issues = json_object();
	struct stat st;
	if (stat(cli_db_path, &st) != 0)
		return 0; /* the first update: nothing yet */
	struct ct_db *db = NULL;
	if (cli_open(&db, 0) < 0) {
		/* An older schema: the first writing step upgrades it; compare against nothing. */
		ct_error_clear();
		return 0;
	}
	json_t *d;
	size_t i;
	json_array_foreach(docs, i, d) {
		struct query_doc doc;
		const char *name = json_string_value(json_object_get(d, "name"));
		if (query_document(&doc, db, name) < 0) {
			ct_error_clear();
			continue;
		}
		json_t *versions = NULL, *ballots = NULL, *rows = NULL, *x;
		size_t j;
		int64_t vid = 0;
		if (query_versions(&versions, db, doc.id) == 0)
			json_object_set_new(s->versions, name, json_integer((json_int_t)json_array_size(versions)));
		json_t *keys = json_object();
		if (ballots_list(&ballots, db, &doc, NULL) == 0)
			json_array_foreach(ballots, j, x)
				json_object_set(keys, json_string_value(json_object_get(x, "key")), json_object_get(x, "id"));
		json_object_set_new(s->ballots, name, keys);
		json_t *dates = json_object();
		if (ballots_main_version(&vid, db, &doc, 0) == 0 && vid && dates_rows(&rows, db, doc.id, vid) == 0)
			json_array_foreach(rows, j, x) {
				char key[1024];
				snprintf(key, sizeof(key), "%s|%s|%s", json_string_value(json_object_get(x, "date")),
					 json_string_value(json_object_get(x, "keyword")) ? json_string_value(json_object_get(x, "keyword")) : "",
					 json_string_value(json_object_get(x, "description")));
				json_object_set(dates, key, json_object_get(x, "date"));
			}
		json_object_set_new(s->dates, name, dates);
		ct_error_clear();
		json_decref(versions);
		json_decref(ballots);
		json_decref(rows);
		query_doc_release(&doc);
	}
	json_t *issues = NULL, *is;
	if (github_query_issues(&issues, db, 0) == 0)
		json_array_foreach(issues, i, is) {
			char key[300];
			snprintf(key, sizeof(key), "%s#%lld", json_string_value(json_object_get(is, "repo")),
				 (long long)json_integer_value(json_object_get(is, "number")));
			json_object_set(s->issues, key, json_object_get(is, "updated_at"));
		}
	ct_error_clear();
	json_decref(issues);
	db_free(db);
	return 0;
}

/* Keys of `after` missing from `before`, as a list for the summary. */
static size_t added_keys(struct strbuf *sb, json_t *before, json_t *after, int show_value, size_t max)
{
	const char *k;
	json_t *v;
	size_t n = 0;
	json_object_foreach(after, k, v) {
		if (json_object_get(before, k))
			continue;
		if (n < max) {
			strbuf_addstr(sb, n ? ", " : " (");
			if (show_value && json_is_string(v))
				strbuf_addstr(sb, json_string_value(v));
			else
				strbuf_addstr(sb, k);
		}
		n++;
	}
	if (n)
		strbuf_addstr(sb, n > max ? ", …)" : ")");
	return n;
}

/* The summary: what changed between the snapshots; 1 when anything did. */
static int summary(struct strbuf *sb, struct snapshot *a, struct snapshot *b, json_t *docs)
{
	json_t *d;
	size_t i;
	int any = 0;
	json_array_foreach(docs, i, d) {
		const char *name = json_string_value(json_object_get(d, "name"));
		json_int_t nv = json_integer_value(json_object_get(b->versions, name)) -
				json_integer_value(json_object_get(a->versions, name));
		struct strbuf ballots = STRBUF_INIT, added = STRBUF_INIT, removed = STRBUF_INIT;
		size_t nb = added_keys(&ballots, json_object_get(a->ballots, name), json_object_get(b->ballots, name), 1, 6);
		/* date keys start with the date: show that part */
		size_t na = 0, nr = 0;
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(b->dates, name), k, v)
			if (!json_object_get(json_object_get(a->dates, name), k)) {
				if (na < 6)
					strbuf_addf(&added, "%s%.10s", na ? ", " : " (", k);
				na++;
			}
		json_object_foreach(json_object_get(a->dates, name), k, v)
			if (!json_object_get(json_object_get(b->dates, name), k)) {
				if (nr < 6)
					strbuf_addf(&removed, "%s%.10s", nr ? ", " : " (", k);
				nr++;
			}
		if (na)
			strbuf_addstr(&added, na > 6 ? ", …)" : ")");
		if (nr)
			strbuf_addstr(&removed, nr > 6 ? ", …)" : ")");
		strbuf_addf(sb, "%s: %lld new version%s, %zu new ballot%s%s, %zu date%s added%s, %zu removed%s\n", name,
			    (long long)nv, nv == 1 ? "" : "s", nb, nb == 1 ? "" : "s", ballots.buf, na, na == 1 ? "" : "s",
			    added.buf, nr, removed.buf);
		any |= nv || nb || na || nr;
		strbuf_release(&ballots);
		strbuf_release(&added);
		strbuf_release(&removed);
	}
	size_t new_issues = 0, updated = 0;
	const char *k;
	json_t *v;
	json_object_foreach(b->issues, k, v) {
		json_t *old = json_object_get(a->issues, k);
		if (!old)
			new_issues++;
		else if (!json_equal(old, v))
			updated++;
	}
	if (json_object_size(b->issues) || json_object_size(a->issues))
		strbuf_addf(sb, "issues: %zu new, %zu updated\n", new_issues, updated);
	return any || new_issues || updated;
}

static int is_local(const char *url)
{
	return !strstr(url, "://") && strncmp(url, "git@", 4);
}

/* Run a command as the command line would, quietly; its errors print as they happen. */
static int run(int (*fn)(int, char **), const char *const *args)
{
	int argc = 0;
	while (args[argc])
		argc++;
	char **argv = xcalloc((size_t)argc + 1, sizeof(*argv));
	for (int i = 0; i < argc; i++)
		argv[i] = xstrdup(args[i]);
	ct_error_clear();
	int rc = fn(argc, argv);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return rc;
}

static int update_document(json_t *d, int quiet, int progress)
{
	const char *name = json_string_value(json_object_get(d, "name"));
	const char *url = json_string_value(json_object_get(d, "url"));
	const char *path = json_string_value(json_object_get(d, "path"));
	const char *branch = json_string_value(json_object_get(d, "branch"));
	json_t *remotes = json_object_get(d, "remotes"), *r;
	size_t n = json_array_size(remotes), i;
	char *src = NULL;
	int failed = 0;
	if (is_local(url)) {
		src = xstrdup(url);
		json_array_foreach(remotes, i, r)
			if (!quiet)
				printf("%s: remote %s not fetched: %s is a local repository, imported as it is (fetch its remotes there)\n",
				       name, json_string_value(json_object_get(r, "name")), url);
	} else {
		struct import_remote *rs = xcalloc(n + 1, sizeof(*rs));
		char **errors = xcalloc(n + 1, sizeof(*errors));
		json_array_foreach(remotes, i, r) {
			rs[i].name = json_string_value(json_object_get(r, "name"));
			rs[i].url = json_string_value(json_object_get(r, "url"));
		}
		if (progress)
			fprintf(stderr, "%s: fetching %s\n", name, url);
		struct progress shown;
		terminal_progress_init(&shown, !progress, 0);
		if (import_fetch(&src, errors, url, rs, n, NULL, &shown) < 0) {
			fprintf(stderr, "cabtrack: error: update: document %s: %s\n", name, ct_error_last());
			failed = 1;
		}
		for (i = 0; i < n; i++) {
			if (errors[i]) {
				fprintf(stderr, "cabtrack: error: update: document %s: %s\n", name, errors[i]);
				failed = 1;
			}
			free(errors[i]);
		}
		free(errors);
		free(rs);
	}
	if (src) {
		/* -q: update prints its own summary; --progress: the walk's progress line all the same */
		const char *args[] = { "import", src, "--path", path, "--doc", name, "-q", progress ? "--progress" : "-q",
				       branch ? "--main" : NULL, branch, NULL };
		if (run(cmd_import, args) != 0)
			failed = 1;
	}
	free(src);
	return failed;
}

int cmd_update(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int quiet = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "q", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'q')
			quiet = 1;
	}
	if (optind < argc)
		return cli_usage_error("update", "unexpected argument '%s'", argv[optind]);
	char *conf = project_path(cli_db_path);
	struct stat st;
	if (stat(conf, &st) != 0) {
		ct_error_set(CT_ENOTFOUND, "no project file '%s'; write one with 'cabtrack init --preset smime' (or servercert, "
			     "codesigning)", conf);
		free(conf);
		return cli_fail();
	}
	free(conf);
	json_t *docs = NULL;
	if (project_check(cli_db_path) < 0 || project_documents(&docs, cli_db_path) < 0)
		return cli_fail();
	const char *github = cli_setting("cabtrack.github");
	if (!json_array_size(docs) && !(github && *github)) {
		json_decref(docs);
		ct_error_set(CT_EINVALID, "the project file names no document and no GitHub repository; see 'cabtrack config --help'");
		return cli_fail();
	}
	int progress = !quiet && isatty(2);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct snapshot before, after;
	snapshot_take(&before, docs);
	int failed = 0;
	json_t *d;
	size_t i;
	json_array_foreach(docs, i, d)
		failed |= update_document(d, quiet, progress);
	if (github && *github) {
		const char *api = cli_setting("cabtrack.api-url");
		const char *first = json_string_value(json_object_get(json_array_get(docs, 0), "name"));
		const char *args[10] = { "sync", "github", github, "-q" };
		int n = 4;
		if (progress)
			args[n++] = "--progress";
		if (first) {
			args[n++] = "--doc";
			args[n++] = first;
		}
		if (api) {
			args[n++] = "--api-url";
			args[n++] = api;
		}
		args[n] = NULL;
		if (progress)
			fprintf(stderr, "syncing the issues of %s\n", github);
		if (run(cmd_sync, args) != 0)
			failed = 1;
	}
	snapshot_take(&after, docs);
	struct strbuf sb = STRBUF_INIT;
	int changed = summary(&sb, &before, &after, docs);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (changed)
		printf("%s", sb.buf);
	else
		printf("up to date: nothing new (%.2f s)\n", secs);
	strbuf_release(&sb);
	snapshot_free(&before);
	snapshot_free(&after);
	json_decref(docs);
	return failed ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}
