/*
 * github_store.c - writes of GitHub data (see github_store.h).
 *
 * Upserts carry a WHERE clause that compares the stored values with the
 * new ones, so an unchanged item is not rewritten and sqlite3_changes()
 * tells whether anything changed.  An item is kept by its updated_at: one
 * older than the stored record is not written at all.
 */
#include "importers/github_store.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "importers/github.h"
#include "tracker/base/strbuf.h"

/* Step a bound write statement to completion and finalize it. */
static int finish(struct ct_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error(db, what);
}

int github_store_repo(int64_t *repo_id, struct ct_db *db, const char *name, const char *doc)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "INSERT INTO gh_repos(name, doc) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET "
				"doc = coalesce(excluded.doc, doc) WHERE excluded.doc IS NOT NULL AND excluded.doc IS NOT doc") < 0)
		return CT_EDB;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, doc);
	if (finish(db, st, "recording a GitHub repository") < 0)
		return CT_EDB;
	if (db_prepare(&st, db, "SELECT id FROM gh_repos WHERE name = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*repo_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_error(db, "finding a GitHub repository");
}

int github_store_item(int *changed, sqlite3_stmt **reuse, struct ct_db *db, int64_t repo_id,
		      const struct github_item *it)
{
	static const char sql[] =
		"INSERT INTO gh_issues(repo_id, number, title, body, state, state_reason, is_pull_request, user_login, "
		"created_at, updated_at, closed_at, html_url, labels, merged_at, head_ref, head_label, head_sha, base_ref) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
		"ON CONFLICT(repo_id, number) DO UPDATE SET title = excluded.title, body = excluded.body, "
		"state = excluded.state, state_reason = excluded.state_reason, "
		"is_pull_request = max(is_pull_request, excluded.is_pull_request), user_login = excluded.user_login, "
		"created_at = excluded.created_at, updated_at = excluded.updated_at, closed_at = excluded.closed_at, "
		"html_url = excluded.html_url, labels = excluded.labels, merged_at = coalesce(excluded.merged_at, merged_at), "
		"head_ref = coalesce(excluded.head_ref, head_ref), head_label = coalesce(excluded.head_label, head_label), "
		"head_sha = coalesce(excluded.head_sha, head_sha), base_ref = coalesce(excluded.base_ref, base_ref) "
		"WHERE (title, body, state, state_reason, is_pull_request, user_login, created_at, updated_at, closed_at, "
		"html_url, labels, merged_at, head_ref, head_label, head_sha, base_ref) IS NOT "
		"(excluded.title, excluded.body, excluded.state, excluded.state_reason, "
		"max(is_pull_request, excluded.is_pull_request), excluded.user_login, excluded.created_at, "
		"excluded.updated_at, excluded.closed_at, excluded.html_url, excluded.labels, "
		"coalesce(excluded.merged_at, merged_at), coalesce(excluded.head_ref, head_ref), "
		"coalesce(excluded.head_label, head_label), coalesce(excluded.head_sha, head_sha), "
		"coalesce(excluded.base_ref, base_ref)) "
		/* the newer record wins: an older one (an old saved file) changes nothing */
		"AND excluded.updated_at >= updated_at";
	sqlite3_stmt *own = NULL, *st;
	*changed = 0;
	if (!reuse)
		reuse = &own;
	if (!*reuse && db_prepare(reuse, db, sql) < 0)
		return CT_EDB;
	st = *reuse;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_int64(st, 2, it->number);
	db_bind_text(st, 3, it->title);
	/* the body is the bulk (up to many KB an item) and outlives the step: no copy */
	if (it->body)
		sqlite3_bind_text(st, 4, it->body, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, it->state);
	db_bind_text(st, 6, it->state_reason);
	sqlite3_bind_int(st, 7, it->is_pull_request);
	db_bind_text(st, 8, it->user);
	db_bind_text(st, 9, it->created_at);
	db_bind_text(st, 10, it->updated_at);
	db_bind_text(st, 11, it->closed_at);
	db_bind_text(st, 12, it->html_url);
	db_bind_text(st, 13, it->labels ? it->labels : "[]");
	db_bind_text(st, 14, it->merged_at);
	db_bind_text(st, 15, it->head_ref);
	db_bind_text(st, 16, it->head_label);
	db_bind_text(st, 17, it->head_sha);
	db_bind_text(st, 18, it->base_ref);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st); /* keep no pointer to the body */
	if (own)
		sqlite3_finalize(own);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(db, "storing an issue");
	*changed = sqlite3_changes(db->sql) > 0;
	return 0;
}

static int number_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

int github_store_numbers(long **out, size_t *n, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	size_t alloc = 64;
	*out = NULL;
	*n = 0;
	/*
	 * No ORDER BY: read from an index, not from the table, whose keys are
	 * whole rows that a key comparison reads, overflow pages and all.
	 */
	if (db_prepare(&st, db, "SELECT number FROM gh_issues WHERE repo_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	long *v = xmalloc(alloc * sizeof(*v));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == alloc)
			v = xrealloc(v, (alloc *= 2) * sizeof(*v));
		v[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		*n = 0;
		return db_error(db, "listing the stored issues");
	}
	qsort(v, *n, sizeof(*v), number_cmp);
	*out = v;
	return 0;
}

int github_store_etag(struct ct_db *db, const char *url, const char *etag, const char *next)
{
	sqlite3_stmt *st;
	char now[32];
	db_now(now);
	if (db_prepare(&st, db, "INSERT INTO gh_etags(url, etag, next, fetched_at) VALUES (?1, ?2, ?3, ?4) "
				"ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, next = excluded.next, "
				"fetched_at = excluded.fetched_at") < 0)
		return CT_EDB;
	db_bind_text(st, 1, url);
	db_bind_text(st, 2, etag);
	db_bind_text(st, 3, next);
	db_bind_text(st, 4, now);
	return finish(db, st, "recording an ETag");
}

int github_store_repo_done(struct ct_db *db, int64_t repo_id, int complete, const char *api_url, const char *since)
{
	sqlite3_stmt *st;
	char now[32];
	db_now(now);
	if (db_prepare(&st, db, complete
		       ? "UPDATE gh_repos SET last_updated_at = (SELECT max(updated_at) FROM gh_issues WHERE repo_id = ?1), "
			 "api_url = ?2, since = ?3, synced_at = ?4 WHERE id = ?1"
		       : "UPDATE gh_repos SET last_updated_at = (SELECT max(updated_at) FROM gh_issues WHERE repo_id = ?1) "
			 "WHERE id = ?1 AND last_updated_at IS NOT (SELECT max(updated_at) FROM gh_issues WHERE repo_id = ?1)") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	if (complete) {
		db_bind_text(st, 2, api_url);
		db_bind_text(st, 3, since);
		db_bind_text(st, 4, now);
	}
	return finish(db, st, "recording a sync");
}

int github_store_links_clear(struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "DELETE FROM issue_links WHERE repo_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	return finish(db, st, "clearing issue links");
}

int github_store_link(sqlite3_stmt **st, struct ct_db *db, const struct github_link *l)
{
	if (!*st && db_prepare(st, db, "INSERT OR IGNORE INTO issue_links(repo_id, number, kind, target, doc, resolved, source, text) "
				       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") < 0)
		return CT_EDB;
	sqlite3_reset(*st);
	sqlite3_bind_int64(*st, 1, l->repo_id);
	sqlite3_bind_int64(*st, 2, l->number);
	db_bind_text(*st, 3, l->kind);
	db_bind_text(*st, 4, l->target);
	db_bind_text(*st, 5, l->doc);
	sqlite3_bind_int(*st, 6, l->resolved);
	db_bind_text(*st, 7, l->source);
	db_bind_text(*st, 8, l->text ? l->text : "");
	int rc = sqlite3_step(*st);
	return rc == SQLITE_DONE ? 0 : db_error(db, "storing an issue link");
}
