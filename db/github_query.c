/*
 * github_query.c - reads of GitHub data (see github_query.h).
 *
 * Rows become JSON objects keyed by column name (query_collect); `labels`
 * is stored as a JSON array and comes back as one.
 */
#include "db/github_query.h"

#include <stdlib.h>
#include <string.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "tracker/base/strbuf.h"

static const char *const labels_col[] = { "labels", NULL };

/* Run a bound statement; its first row into *row (NULL when there is none).  Finalizes st. */
static int first_row(json_t **row, struct ct_db *db, sqlite3_stmt *st)
{
	json_t *arr = NULL;
	*row = NULL;
	int rc = query_collect(&arr, db, st, NULL);
	if (rc == 0 && json_array_size(arr))
		*row = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return rc;
}

static const char repo_cols[] = "SELECT id, name, doc, api_url, since, last_updated_at, synced_at FROM gh_repos ";

int github_query_repo(json_t **out, struct ct_db *db, const char *name)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "%sWHERE name = ?1", repo_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return rc;
	db_bind_text(st, 1, name);
	if ((rc = first_row(out, db, st)) < 0)
		return rc;
	if (!*out)
		return ct_error_set(CT_ENOTFOUND, "no GitHub repository '%s' in database '%s'; run 'cabtrack sync github %s'",
				    name, db->path, name);
	return 0;
}

int github_query_repos(json_t **out, struct ct_db *db)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "%sORDER BY name", repo_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	return rc < 0 ? rc : query_collect(out, db, st, NULL);
}

int github_query_item_state(char *updated, size_t size, int *has_head, struct ct_db *db, int64_t repo_id, long number)
{
	sqlite3_stmt *st;
	json_t *row;
	updated[0] = '\0';
	*has_head = 0;
	if (db_prepare(&st, db, "SELECT updated_at, head_sha IS NOT NULL AS has_head FROM gh_issues "
				"WHERE repo_id = ?1 AND number = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_int64(st, 2, number);
	int rc = first_row(&row, db, st);
	if (row) {
		snprintf(updated, size, "%s", json_string_value(json_object_get(row, "updated_at")));
		*has_head = (int)json_integer_value(json_object_get(row, "has_head"));
	}
	json_decref(row);
	return rc;
}

int github_query_etag(char **etag, char **next, struct ct_db *db, const char *url)
{
	sqlite3_stmt *st;
	json_t *row;
	*etag = *next = NULL;
	if (db_prepare(&st, db, "SELECT etag, next FROM gh_etags WHERE url = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, url);
	int rc = first_row(&row, db, st);
	const char *e = json_string_value(json_object_get(row, "etag")), *n = json_string_value(json_object_get(row, "next"));
	*etag = e ? xstrdup(e) : NULL;
	*next = n ? xstrdup(n) : NULL;
	json_decref(row);
	return rc;
}

int github_query_issues(json_t **out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT i.repo_id, r.name AS repo, i.number, i.title, i.body, i.state, i.state_reason, "
		       "i.is_pull_request, i.user_login AS user, i.created_at, i.updated_at, i.closed_at, i.merged_at, "
		       "i.html_url, i.labels, i.head_ref, i.head_label, i.head_sha, i.base_ref "
		       "FROM gh_issues i JOIN gh_repos r ON r.id = i.repo_id "
		       "WHERE ?1 = 0 OR i.repo_id = ?1 ORDER BY r.name, i.number DESC") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	return query_collect(out, db, st, labels_col);
}

int github_query_links(json_t **out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT repo_id, number, kind, target, doc, resolved, source, text FROM issue_links "
		       "WHERE ?1 = 0 OR repo_id = ?1 ORDER BY repo_id, number, kind, target") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	return query_collect(out, db, st, NULL);
}

int github_query_commits_naming(json_t **out, struct ct_db *db, int64_t doc_id, const char *needle)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT oid, summary, ballot FROM commits WHERE doc_id = ?1 AND instr(summary, ?2) > 0 "
				"ORDER BY time, oid") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, needle);
	return query_collect(out, db, st, NULL);
}

int github_query_ref_exists(int *exists, struct ct_db *db, int64_t doc_id, const char *name)
{
	sqlite3_stmt *st;
	json_t *row;
	if (db_prepare(&st, db, "SELECT 1 AS found FROM refs WHERE doc_id = ?1 AND name = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, name);
	int rc = first_row(&row, db, st);
	*exists = row != NULL;
	json_decref(row);
	return rc;
}

int github_query_ballot_names(json_t **out, struct ct_db *db, int64_t doc_id)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT ballot AS name FROM commits WHERE doc_id = ?1 AND ballot IS NOT NULL "
		       "UNION SELECT ballot_key FROM ballot_sources WHERE doc_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	json_t *r;
	int rc = query_collect(&r, db, st, NULL);
	if (rc < 0)
		return rc;
	json_t *names = json_array(), *o;
	size_t i;
	json_array_foreach(r, i, o)
		json_array_append(names, json_object_get(o, "name"));
	json_decref(r);
	*out = names;
	return 0;
}
