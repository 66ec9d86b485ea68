/*
 * update.c - fetch, import and sync every part of a project, each step in
 * its own transaction, and say what changed (see update.h).
 */
#include "tracker/update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/github_query.h"
#include "db/query.h"
#include "db/record.h"
#include "importers/import.h"
#include "tracker/ballots.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/progress.h"
#include "tracker/dates.h"
#include "tracker/import_document.h"

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

/* One document's versions, ballots and dates at main into the snapshot. */
static void snapshot_document(struct snapshot *s, struct ct_db *db, const char *name)
{
	struct query_doc doc;
	if (query_document(&doc, db, name) < 0) {
		ct_error_drop("a document not imported yet has nothing to compare");
		return;
	}
	json_t *versions = NULL, *ballots = NULL, *rows = NULL, *x;
	size_t j;
	int64_t vid = 0;
	if (query_versions(&versions, db, doc.id) == 0)
		json_object_set_new(s->versions, name, json_integer((json_int_t)json_array_size(versions)));
	json_t *keys = json_object();
	if (ballots_list(&ballots, db, &doc, NULL) == 0)
		json_array_foreach(ballots, j, x)
			json_object_set(keys, jsonget_str(x, "key"), json_object_get(x, "id"));
	json_object_set_new(s->ballots, name, keys);
	json_t *dates = json_object();
	if (ballots_main_version(&vid, db, &doc, 0) == 0 && vid && dates_rows(&rows, db, doc.id, vid) == 0)
		json_array_foreach(rows, j, x) {
			const char *kw = jsonget_str(x, "keyword");
			char key[1024];
			snprintf(key, sizeof(key), "%s|%s|%s", jsonget_str(x, "date"), kw ? kw : "",
				 jsonget_str(x, "description"));
			json_object_set(dates, key, json_object_get(x, "date"));
		}
	json_object_set_new(s->dates, name, dates);
	ct_error_drop("a part that cannot be read is compared as empty: the summary is a report, not a check");
	json_decref(versions);
	json_decref(ballots);
	json_decref(rows);
	query_doc_release(&doc);
}

static void snapshot_take(struct snapshot *s, const struct update_options *opts)
{
	s->versions = json_object();
	s->ballots = json_object();
	s->dates = json_object();
	s->issues = json_object();
	struct stat st;
	if (stat(opts->db_path, &st) != 0)
		return; /* the first update: nothing yet */
	struct ct_db *db = NULL;
	struct db_open_options o = DB_OPEN_OPTIONS_INIT;
	if (db_open(&db, opts->db_path, &o) < 0) {
		ct_error_drop("an older schema: the first writing step upgrades it; compare against nothing");
		return;
	}
	json_t *d;
	size_t i;
	json_array_foreach(opts->documents, i, d)
		snapshot_document(s, db, jsonget_str(d, "name"));
	struct ct_issue_list issues = CT_ISSUE_LIST_INIT;
	if (github_query_issue_list(&issues, db, 0) == 0)
		for (i = 0; i < issues.n; i++) {
			const struct ct_issue *is = &issues.items[i];
			char key[300];
			snprintf(key, sizeof(key), "%s#%lld", is->repo, (long long)is->number);
			json_object_set_new(s->issues, key, record_json_text(is->updated_at));
		}
	ct_error_drop("issues that cannot be read are compared as none");
	ct_issue_list_release(&issues);
	db_free(db);
}

/* Keys of `after` missing from `before`, listed into sb (at most max, then "…"), keys or values. */
static size_t added_keys(struct strbuf *sb, json_t *before, json_t *after, int show_value, size_t max, int width)
{
	const char *k;
	json_t *v;
	size_t n = 0;
	json_object_foreach(after, k, v) {
		if (json_object_get(before, k))
			continue;
		if (n < max)
			strbuf_addf(sb, "%s%.*s", n ? ", " : " (", width,
				    show_value && json_is_string(v) ? json_string_value(v) : k);
		n++;
	}
	if (n)
		strbuf_addstr(sb, n > max ? ", …)" : ")");
	return n;
}

/* The summary line of a document that was imported; 1 when anything changed. */
static int summary_document(struct strbuf *sb, const struct snapshot *a, const struct snapshot *b, const char *name)
{
	json_int_t nv = json_integer_value(json_object_get(b->versions, name)) -
			json_integer_value(json_object_get(a->versions, name));
	struct strbuf ballots = STRBUF_INIT, added = STRBUF_INIT, removed = STRBUF_INIT;
	size_t nb = added_keys(&ballots, json_object_get(a->ballots, name), json_object_get(b->ballots, name), 1, 6, 1000);
	/* date keys start with the date: show that part */
	json_t *da = json_object_get(a->dates, name), *db = json_object_get(b->dates, name);
	size_t na = added_keys(&added, da, db, 0, 6, 10), nr = added_keys(&removed, db, da, 0, 6, 10);
	strbuf_addf(sb, "%s: %lld new version%s, %zu new ballot%s%s, %zu date%s added%s, %zu removed%s\n", name,
		    (long long)nv, nv == 1 ? "" : "s", nb, nb == 1 ? "" : "s", ballots.buf, na, na == 1 ? "" : "s",
		    added.buf, nr, removed.buf);
	strbuf_release(&ballots);
	strbuf_release(&added);
	strbuf_release(&removed);
	return nv || nb || na || nr;
}

/* The issues line; 1 when any issue is new or updated. */
static int summary_issues(struct strbuf *sb, const struct snapshot *a, const struct snapshot *b, int synced)
{
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
	if (synced || json_object_size(b->issues) || json_object_size(a->issues))
		strbuf_addf(sb, "issues: %zu new, %zu updated\n", new_issues, updated);
	return new_issues || updated;
}

static int is_local(const char *url)
{
	return !strstr(url, "://") && strncmp(url, "git@", 4);
}

/* A step's failure: one line in the report, counted. */
static void step_failed(struct update_report *r, const char *what, const char *name, const char *msg)
{
	strbuf_addf(&r->errors, "%s %s: %s\n", what, name, msg ? msg : "failed");
	r->failed++;
}

/* Open the database for writing and begin; -1 (error store set) when that fails. */
static int step_begin(struct ct_db **db, const char *path)
{
	struct db_open_options o = DB_OPEN_OPTIONS_INIT;
	o.flags = DB_OPEN_WRITE;
	*db = NULL;
	int rc = db_open(db, path, &o);
	if (rc == 0)
		rc = db_begin(*db);
	return rc;
}

/* Commit when rc is 0, else roll back; the database is closed either way.  rc, or the commit's error. */
static int step_end(struct ct_db *db, int rc)
{
	if (rc == 0)
		rc = db_commit(db);
	if (rc == 0) {
		db_free(db);
		return 0;
	}
	if (db) {
		db_rollback(db);
		db_free_discard(db);
	}
	return rc;
}

/* Where document `d`'s history is: a local path, the cache clone fetched now, or (offline) as last fetched. */
enum { SOURCE_OK, SOURCE_FAILED, SOURCE_SKIPPED };
static int document_source(char **src, struct update_report *r, const struct update_options *opts, json_t *d,
			   int first_time)
{
	const char *name = jsonget_str(d, "name");
	const char *url = jsonget_str(d, "url");
	json_t *remotes = json_object_get(d, "remotes"), *rm;
	size_t n = json_array_size(remotes), i;
	*src = NULL;
	if (is_local(url)) {
		*src = xstrdup(url);
		/* Said once, when the document is first imported: every later update would say the same. */
		json_array_foreach(remotes, i, rm)
			if (first_time)
				strbuf_addf(&r->notes,
					    "%s: remote %s not fetched: %s is a local repository, imported as it is (fetch its remotes there)\n",
					    name, jsonget_str(rm, "name"), url);
		return SOURCE_OK;
	}
	if (opts->offline) {
		if (import_cached(src, url, opts->cache_dir) == 0)
			return SOURCE_OK;
		ct_error_drop("offline, a document never fetched is skipped, not failed: the summary says so");
		return SOURCE_SKIPPED;
	}
	struct import_remote *rs = xcalloc(n + 1, sizeof(*rs));
	char **errors = xcalloc(n + 1, sizeof(*errors));
	json_array_foreach(remotes, i, rm) {
		rs[i].name = jsonget_str(rm, "name");
		rs[i].url = jsonget_str(rm, "url");
	}
	int state = SOURCE_OK;
	if (import_fetch(src, errors, url, rs, n, opts->cache_dir, &opts->progress) < 0) {
		step_failed(r, "document", name, ct_error_last());
		state = SOURCE_FAILED;
	}
	for (i = 0; i < n; i++) {
		if (errors[i])
			step_failed(r, "document", name, errors[i]);
		free(errors[i]);
	}
	free(errors);
	free(rs);
	return state;
}

/* Fetch and import one document: SOURCE_OK when imported, else why not. */
static int update_document(struct update_report *r, const struct update_options *opts, json_t *d,
			   const struct snapshot *before, size_t step, size_t steps)
{
	const char *name = jsonget_str(d, "name");
	const char *url = jsonget_str(d, "url");
	progress_say(&opts->progress, 1, "[%zu/%zu] %s: %s %s", step, steps, name,
		     is_local(url) || opts->offline ? "importing" : "fetching", url);
	char *src = NULL;
	int first_time = !json_integer_value(json_object_get(before->versions, name));
	int state = document_source(&src, r, opts, d, first_time);
	if (state == SOURCE_OK) {
		struct import_options io = IMPORT_OPTIONS_INIT;
		io.doc = name;
		io.path = jsonget_str(d, "path");
		io.main_branch = jsonget_str(d, "branch");
		io.cache_dir = opts->cache_dir;
		io.progress = opts->progress;
		struct import_stats stats;
		struct ct_db *db = NULL;
		int rc = step_begin(&db, opts->db_path);
		if (rc == 0)
			rc = import_document(&stats, db, src, &io);
		if (step_end(db, rc) < 0) {
			step_failed(r, "document", name, ct_error_last());
			state = SOURCE_FAILED;
		}
	}
	free(src);
	ct_error_drop("a failure is in the report (step_failed); the next step starts clean");
	return state;
}

/* Sync the GitHub repository; 1 when it ran and succeeded. */
static int update_sync(struct update_report *r, const struct update_options *opts, size_t step, size_t steps)
{
	progress_say(&opts->progress, 1, "[%zu/%zu] syncing the issues of %s", step, steps, opts->github);
	struct sync_options so = opts->sync;
	so.github.progress = opts->progress;
	if (!so.doc)
		so.doc = jsonget_str(json_array_get(opts->documents, 0), "name");
	struct sync_stats stats;
	struct ct_db *db = NULL;
	int rc = step_begin(&db, opts->db_path);
	if (rc == 0)
		rc = sync_repository(&stats, db, opts->github, &so);
	if (step_end(db, rc) < 0) {
		step_failed(r, "sync", opts->github, ct_error_last());
		ct_error_drop("the failure is in the report (step_failed); the summary says the sync failed");
		return 0;
	}
	return 1;
}

void update_report_release(struct update_report *r)
{
	struct update_report empty = UPDATE_REPORT_INIT;
	if (!r)
		return;
	strbuf_release(&r->summary);
	strbuf_release(&r->notes);
	strbuf_release(&r->errors);
	*r = empty;
}

int update_project(struct update_report *out, const struct update_options *opts)
{
	struct snapshot before, after;
	snapshot_take(&before, opts);
	int github = opts->github && *opts->github;
	size_t ndocs = json_array_size(opts->documents), steps = ndocs + (github && !opts->offline), i;
	int *states = xcalloc(ndocs + 1, sizeof(*states));
	json_t *d;
	json_array_foreach(opts->documents, i, d)
		states[i] = update_document(out, opts, d, &before, i + 1, steps);
	int synced = 0;
	const char *sync_line = NULL;
	if (github && opts->offline) {
		sync_line = "issues: not synced (offline)\n";
		out->skipped++;
	} else if (github) {
		synced = update_sync(out, opts, steps, steps);
		if (!synced)
			sync_line = "issues: sync failed; the issues are as the last sync left them\n";
	}
	snapshot_take(&after, opts);
	json_array_foreach(opts->documents, i, d) {
		const char *name = jsonget_str(d, "name");
		if (states[i] == SOURCE_FAILED)
			strbuf_addf(&out->summary, "%s: failed; nothing imported\n", name);
		else if (states[i] == SOURCE_SKIPPED)
			strbuf_addf(&out->summary, "%s: skipped: offline, and never fetched into the cache\n", name);
		else
			out->changed |= summary_document(&out->summary, &before, &after, name);
		out->skipped += states[i] == SOURCE_SKIPPED;
	}
	if (sync_line)
		strbuf_addstr(&out->summary, sync_line);
	else
		out->changed |= summary_issues(&out->summary, &before, &after, synced);
	free(states);
	snapshot_free(&before);
	snapshot_free(&after);
	if (out->failed)
		return ct_error_set(CT_ERROR, "update: %zu step%s failed", out->failed, out->failed == 1 ? "" : "s");
	return 0;
}
