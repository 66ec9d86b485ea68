/*
 * pr_sections.c - the sections each pull request changes (see
 * pr_sections.h).
 *
 * The head and its merge base are commits the import recorded (refs.oid
 * and refs.base), so no repository is opened here: each side's version is
 * the one its commit holds, and the comparison is diff_versions() without
 * redlines.  A pull request whose base or head lacks the file has no rows.
 */
#include "tracker/pr_sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/github_query.h"
#include "db/query.h"
#include "db/record.h"
#include "render/url.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/diff.h"

int pr_sections_within(const char *section, const char *want)
{
	size_t n = strlen(want);
	return section && !strncmp(section, want, n) && (section[n] == '\0' || section[n] == '.');
}

static int store_changes(sqlite3_stmt *ins, int64_t repo_id, int64_t number, const char *doc, const char *head,
			 const char *base, json_t *model)
{
	json_t *s;
	size_t i;
	json_array_foreach(json_object_get(model, "sections"), i, s) {
		const char *num = json_string_value(json_object_get(s, "number"));
		const char *change = json_string_value(json_object_get(s, "change"));
		if (!num || !change || json_is_true(json_object_get(s, "whitespace_only")))
			continue; /* unnumbered front matter, or blanks only */
		const char *title = json_string_value(json_object_get(s, "title"));
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, repo_id);
		sqlite3_bind_int64(ins, 2, number);
		db_bind_text(ins, 3, doc);
		db_bind_text(ins, 4, num);
		db_bind_text(ins, 5, !strcmp(change, "moved") ? json_string_value(json_object_get(s, "old_number")) : NULL);
		db_bind_text(ins, 6, title ? title : "");
		db_bind_text(ins, 7, change);
		db_bind_text(ins, 8, head);
		db_bind_text(ins, 9, base);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return CT_EDB;
	}
	return 0;
}

/* The pull requests of repo_id with an imported head ref of doc, and the versions at both ends. */
static const char pulls_sql[] =
	"SELECT i.number, r.oid, r.base, hc.version_id, bc.version_id FROM gh_issues i "
	"JOIN refs r ON r.doc_id = ?2 AND r.name = 'refs/pull/' || i.number || '/head' "
	"JOIN commits hc ON hc.doc_id = r.doc_id AND hc.oid = r.oid "
	"JOIN commits bc ON bc.doc_id = r.doc_id AND bc.oid = r.base "
	"WHERE i.repo_id = ?1 AND i.is_pull_request = 1 AND hc.version_id IS NOT NULL AND bc.version_id IS NOT NULL "
	"ORDER BY i.number";

/* Run `sql` with ?1 = repo_id, ?2 = number (or the text `text`). */
static int run2(struct ct_db *db, const char *sql, int64_t repo_id, int64_t number, const char *text)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, sql) < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	if (text)
		db_bind_text(st, 2, text);
	else
		sqlite3_bind_int64(st, 2, number);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(db, "updating the sections of pull requests");
	sqlite3_finalize(st);
	return rc;
}

/* What is stored for repo_id: number -> "HEAD BASE". */
static int stored_ends(json_t **out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	*out = json_object();
	if (db_prepare(&st, db, "SELECT DISTINCT number, head, base FROM pr_sections WHERE repo_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(st, 0));
		json_object_set_new(*out, num, json_sprintf("%s %s", (const char *)sqlite3_column_text(st, 1),
							   (const char *)sqlite3_column_text(st, 2)));
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : db_error(db, "reading the sections of pull requests");
}

/*
 * A pull request whose head and merge base are those already compared
 * keeps its rows; the others are compared again, and the rows of a pull
 * request no longer there (or of another document) go.
 */
static int rebuild(struct ct_db *db, int64_t repo_id, const char *docname)
{
	sqlite3_stmt *pulls = NULL, *ins = NULL;
	struct query_doc doc;
	json_t *stored = NULL;
	int have_doc = 0, rc;
	if (!docname || query_document(&doc, db, docname) < 0) {
		ct_error_drop("no document (any more): no pull request's sections to compare, its rows go");
		return run2(db, "DELETE FROM pr_sections WHERE repo_id = ?1", repo_id, 0, NULL);
	}
	have_doc = 1;
	if ((rc = run2(db, "DELETE FROM pr_sections WHERE repo_id = ?1 AND doc <> ?2", repo_id, 0, doc.name)) < 0 ||
	    (rc = stored_ends(&stored, db, repo_id)) < 0 || (rc = db_prepare(&pulls, db, pulls_sql)) < 0 ||
	    (rc = db_prepare(&ins, db, "INSERT OR IGNORE INTO pr_sections (repo_id, number, doc, section, old_section, "
				       "title, change, head, base) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) < 0)
		goto out;
	sqlite3_bind_int64(pulls, 1, repo_id);
	sqlite3_bind_int64(pulls, 2, doc.id);
	struct diff_options opts = DIFF_OPTIONS_INIT;
	opts.redline = 0;
	opts.sections_only = 1;
	int step = SQLITE_DONE;
	json_t *seen = json_object();
	while (rc == 0 && (step = sqlite3_step(pulls)) == SQLITE_ROW) {
		int64_t number = sqlite3_column_int64(pulls, 0);
		int64_t head_vid = sqlite3_column_int64(pulls, 3), base_vid = sqlite3_column_int64(pulls, 4);
		const char *head = (const char *)sqlite3_column_text(pulls, 1), *base = (const char *)sqlite3_column_text(pulls, 2);
		char num[32], ends[200];
		snprintf(num, sizeof(num), "%lld", (long long)number);
		snprintf(ends, sizeof(ends), "%s %s", head, base);
		json_object_set_new(seen, num, json_true());
		const char *was = json_string_value(json_object_get(stored, num));
		if (was && !strcmp(was, ends))
			continue; /* compared at these ends already */
		if (was && (rc = run2(db, "DELETE FROM pr_sections WHERE repo_id = ?1 AND number = ?2", repo_id, number,
				      NULL)) < 0)
			break;
		if (head_vid == base_vid)
			continue;
		json_t *model = NULL;
		rc = diff_versions(&model, db, doc.id, base_vid, head_vid, &opts);
		if (rc == 0 && store_changes(ins, repo_id, number, doc.name, head, base, model) < 0)
			rc = db_error(db, "storing the sections of a pull request");
		json_decref(model);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(db, "listing the pull requests");
	/* Pull requests, or their refs, gone since. */
	const char *num;
	json_t *v;
	json_object_foreach(stored, num, v)
		if (rc == 0 && !json_object_get(seen, num))
			rc = run2(db, "DELETE FROM pr_sections WHERE repo_id = ?1 AND number = ?2", repo_id,
				  strtoll(num, NULL, 10), NULL);
	json_decref(seen);
out:
	sqlite3_finalize(pulls);
	sqlite3_finalize(ins);
	json_decref(stored);
	if (have_doc)
		query_doc_release(&doc);
	return rc;
}

static int rebuild_where(struct ct_db *db, int64_t repo_id)
{
	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	int rc = github_query_repo_list(&repos, db);
	for (size_t i = 0; rc == 0 && i < repos.n; i++) {
		const struct ct_gh_repo *r = &repos.items[i];
		if (!repo_id || r->id == repo_id)
			rc = rebuild(db, r->id, r->doc);
	}
	ct_gh_repo_list_release(&repos);
	return rc;
}

int pr_sections_rebuild(struct ct_db *db, int64_t repo_id)
{
	return repo_id ? rebuild_where(db, repo_id) : 0;
}

int pr_sections_rebuild_all(struct ct_db *db)
{
	return rebuild_where(db, 0);
}

int pr_sections_query(json_t **out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	*out = NULL;
	if (db_prepare(&st, db, "SELECT repo_id, number, doc, section, old_section, title, change, head, base "
				"FROM pr_sections WHERE ?1 = 0 OR repo_id = ?1 ORDER BY repo_id, number, section") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	json_t *rows = json_array();
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 4);
		json_array_append_new(rows, json_pack("{s:I, s:I, s:s, s:s, s:s?, s:s, s:s, s:s, s:s}", "repo_id",
						      (json_int_t)sqlite3_column_int64(st, 0), "number",
						      (json_int_t)sqlite3_column_int64(st, 1), "doc",
						      (const char *)sqlite3_column_text(st, 2), "section",
						      (const char *)sqlite3_column_text(st, 3), "old_section", old, "title",
						      (const char *)sqlite3_column_text(st, 5), "change",
						      (const char *)sqlite3_column_text(st, 6), "head",
						      (const char *)sqlite3_column_text(st, 7), "base",
						      (const char *)sqlite3_column_text(st, 8)));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		json_decref(rows);
		return db_error(db, "listing the sections of pull requests");
	}
	*out = rows;
	return 0;
}

/* "4.2.2.1" -> "4.2": the group of the status page. */
static void group_of(char *out, size_t outsz, const char *sec)
{
	const char *dot = strchr(sec, '.');
	const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
	snprintf(out, outsz, "%.*s", (int)(dot2 ? (size_t)(dot2 - sec) : strlen(sec)), sec);
}

static int by_version(const void *a, const void *b)
{
	return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

/* The pull requests of `all` open on `day`, by number. */
static json_t *open_pulls(const struct ct_issue_list *all, const char *day)
{
	json_t *open = json_object();
	for (size_t i = 0; i < all->n; i++) {
		const struct ct_issue *is = &all->items[i];
		const char *created = is->created_at, *closed = is->closed_at, *url = is->html_url;
		if (!is->is_pull_request || !created || strncmp(created, day, 10) > 0 ||
		    (closed && strncmp(closed, day, 10) <= 0))
			continue;
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)is->number);
		json_object_set_new(open, num,
				    json_pack("{s:I, s:o, s:o}", "number", (json_int_t)is->number, "title",
					      record_json_text(is->title), "url",
					      url && url_is_web(url, strlen(url)) ? record_json_text(url) : json_null()));
	}
	return open;
}

int pr_sections_by_section(json_t **out, struct ct_db *db, int64_t repo_id, const char *day, json_t *outline)
{
	struct ct_issue_list all = CT_ISSUE_LIST_INIT;
	json_t *changes = NULL, *c;
	*out = NULL;
	if (!repo_id) {
		*out = json_array();
		return 0;
	}
	int rc = github_query_issue_list(&all, db, repo_id);
	if (rc == 0)
		rc = pr_sections_query(&changes, db, repo_id);
	if (rc < 0) {
		ct_issue_list_release(&all);
		return rc;
	}
	json_t *open = open_pulls(&all, day), *groups = json_object();
	size_t i;
	json_array_foreach(changes, i, c) {
		char num[32], group[64];
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(c, "number")));
		json_t *pr = json_object_get(open, num);
		if (!pr)
			continue;
		group_of(group, sizeof(group), json_string_value(json_object_get(c, "section")));
		json_t *g = json_object_get(groups, group);
		if (!g) {
			const char *title = json_string_value(json_object_get(json_object_get(outline, group), "title"));
			g = json_pack("{s:s, s:s, s:o, s:[]}", "section", group, "title", title ? title : "", "by", json_object(),
				      "pulls");
			json_object_set_new(groups, group, g);
		}
		json_t *entry = json_object_get(json_object_get(g, "by"), num);
		if (!entry) {
			entry = json_deep_copy(pr);
			json_object_set_new(entry, "sections", json_array());
			json_object_set_new(json_object_get(g, "by"), num, entry);
			json_array_append(json_object_get(g, "pulls"), entry);
		}
		json_array_append(json_object_get(entry, "sections"), json_object_get(c, "section"));
	}
	/* Groups in document order. */
	size_t n = json_object_size(groups), k = 0;
	const char **keys = xcalloc(n + 1, sizeof(*keys));
	const char *key;
	json_t *g;
	json_object_foreach(groups, key, g)
		keys[k++] = key;
	qsort(keys, n, sizeof(*keys), by_version);
	json_t *list = json_array();
	for (k = 0; k < n; k++) {
		g = json_object_get(groups, keys[k]);
		json_object_del(g, "by");
		json_array_append(list, g);
	}
	free(keys);
	json_decref(groups);
	json_decref(open);
	ct_issue_list_release(&all);
	json_decref(changes);
	*out = list;
	return 0;
}
