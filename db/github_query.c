/*
 * github_query.c - reads of GitHub data (see github_query.h).
 *
 * The nouns (repositories, issues, links) are read into records, columns
 * by index through an enum written next to each SELECT; their JSON is
 * built from the records.  The lookups (an item's state, an ETag, a ref,
 * ballot names) read their columns directly; only the commits naming a
 * pull request still come as JSON rows (query_collect), for
 * tracker/issue_link.c.  `labels` is stored as a JSON array of names.
 */
#include "db/github_query.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tracker/base/error.h"
#include "db/query.h"
#include "db/record.h"
#include "tracker/base/strbuf.h"

/* ---- records ------------------------------------------------------------- */

/* The end of stepping a statement that is done, or an error from it.  Finalizes st. */
static int finish(struct ct_db *db, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(db, "query");
}



/* The columns of a repository, in the order of enum repo_col. */
static const char repo_cols[] = "SELECT id, name, doc, api_url, since, last_updated_at, synced_at FROM gh_repos ";
enum repo_col { R_ID, R_NAME, R_DOC, R_API_URL, R_SINCE, R_LAST_UPDATED_AT, R_SYNCED_AT };

static int repo_read(void *item, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	struct ct_gh_repo *r = item;
	r->id = sqlite3_column_int64(st, R_ID);
	r->name = record_text(st, R_NAME);
	r->doc = record_text(st, R_DOC);
	r->api_url = record_text(st, R_API_URL);
	r->since = record_text(st, R_SINCE);
	r->last_updated_at = record_text(st, R_LAST_UPDATED_AT);
	r->synced_at = record_text(st, R_SYNCED_AT);
	return 0;
}

int github_query_repo_list(struct ct_gh_repo_list *out, struct ct_db *db)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	*out = (struct ct_gh_repo_list)CT_GH_REPO_LIST_INIT;
	strbuf_addf(&sql, "%sORDER BY name", repo_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return rc;
	if ((rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, repo_read, NULL, "query")) < 0)
		ct_gh_repo_list_release(out);
	return rc;
}

int github_query_repo_get(struct ct_gh_repo *out, struct ct_db *db, const char *name)
{
	sqlite3_stmt *st;
	struct strbuf sql = STRBUF_INIT;
	memset(out, 0, sizeof(*out));
	strbuf_addf(&sql, "%sWHERE name = ?1", repo_cols);
	int rc = db_prepare(&st, db, sql.buf);
	strbuf_release(&sql);
	if (rc < 0)
		return rc;
	db_bind_text(st, 1, name);
	int found = (rc = sqlite3_step(st)) == SQLITE_ROW;
	if (found) {
		repo_read(out, st, NULL);
		rc = SQLITE_DONE;
	}
	if ((rc = finish(db, st, rc)) < 0) {
		ct_gh_repo_release(out);
		return rc;
	}
	if (!found)
		return ct_error_set(CT_ENOTFOUND, "no GitHub repository '%s' in database '%s'; run 'cabtrack sync github %s'",
				    name, db->path, name);
	return 0;
}

void ct_gh_repo_release(struct ct_gh_repo *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->doc);
	free(r->api_url);
	free(r->since);
	free(r->last_updated_at);
	free(r->synced_at);
	memset(r, 0, sizeof(*r));
}

void ct_gh_repo_list_release(struct ct_gh_repo_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		ct_gh_repo_release(&list->items[i]);
	free(list->items);
	*list = (struct ct_gh_repo_list)CT_GH_REPO_LIST_INIT;
}

json_t *ct_gh_repo_to_json(const struct ct_gh_repo *r)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id, "name", record_json_text(r->name),
			 "doc", record_json_text(r->doc), "api_url", record_json_text(r->api_url), "since", record_json_text(r->since),
			 "last_updated_at", record_json_text(r->last_updated_at), "synced_at", record_json_text(r->synced_at));
}

/* The columns of an issue, in the order of enum issue_col. */
enum issue_col {
	I_REPO_ID, I_REPO, I_NUMBER, I_TITLE, I_BODY, I_STATE, I_STATE_REASON, I_IS_PULL_REQUEST, I_USER, I_CREATED_AT,
	I_UPDATED_AT, I_CLOSED_AT, I_MERGED_AT, I_HTML_URL, I_LABELS, I_HEAD_REF, I_HEAD_LABEL, I_HEAD_SHA, I_BASE_REF
};


static int issue_read(void *item, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	struct ct_issue *is = item;
	is->repo_id = sqlite3_column_int64(st, I_REPO_ID);
	is->repo = record_text(st, I_REPO);
	is->number = sqlite3_column_int64(st, I_NUMBER);
	is->title = record_text(st, I_TITLE);
	is->body = record_text(st, I_BODY);
	is->state = record_text(st, I_STATE);
	is->state_reason = record_text(st, I_STATE_REASON);
	is->is_pull_request = sqlite3_column_int64(st, I_IS_PULL_REQUEST) != 0;
	is->user = record_text(st, I_USER);
	is->created_at = record_text(st, I_CREATED_AT);
	is->updated_at = record_text(st, I_UPDATED_AT);
	is->closed_at = record_text(st, I_CLOSED_AT);
	is->merged_at = record_text(st, I_MERGED_AT);
	is->html_url = record_text(st, I_HTML_URL);
	is->labels = record_strings(st, I_LABELS, &is->nlabels);
	is->head_ref = record_text(st, I_HEAD_REF);
	is->head_label = record_text(st, I_HEAD_LABEL);
	is->head_sha = record_text(st, I_HEAD_SHA);
	is->base_ref = record_text(st, I_BASE_REF);
	return 0;
}

int github_query_issue_list(struct ct_issue_list *out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	*out = (struct ct_issue_list)CT_ISSUE_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT i.repo_id, r.name, i.number, i.title, i.body, i.state, i.state_reason, "
		       "i.is_pull_request, i.user_login, i.created_at, i.updated_at, i.closed_at, i.merged_at, "
		       "i.html_url, i.labels, i.head_ref, i.head_label, i.head_sha, i.base_ref "
		       "FROM gh_issues i JOIN gh_repos r ON r.id = i.repo_id "
		       "WHERE ?1 = 0 OR i.repo_id = ?1 ORDER BY r.name, i.number DESC") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, issue_read, NULL, "query");
	if (rc < 0)
		ct_issue_list_release(out);
	return rc;
}

void ct_issue_list_release(struct ct_issue_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct ct_issue *is = &list->items[i];
		char *strings[] = { is->repo, is->title, is->body, is->state, is->state_reason, is->user,
				    is->created_at, is->updated_at, is->closed_at, is->merged_at, is->html_url,
				    is->head_ref, is->head_label, is->head_sha, is->base_ref };
		for (size_t k = 0; k < sizeof(strings) / sizeof(strings[0]); k++)
			free(strings[k]);
		for (size_t k = 0; k < is->nlabels; k++)
			free(is->labels[k]);
		free(is->labels);
	}
	free(list->items);
	*list = (struct ct_issue_list)CT_ISSUE_LIST_INIT;
}

int ct_issue_has_label(const struct ct_issue *is, const char *name)
{
	for (size_t i = 0; i < is->nlabels; i++)
		if (!strcasecmp(is->labels[i], name))
			return 1;
	return 0;
}

json_t *ct_issue_labels_to_json(const struct ct_issue *is)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < is->nlabels; i++)
		json_array_append_new(arr, record_json_text(is->labels[i]));
	return arr;
}

json_t *ct_issue_to_json(const struct ct_issue *is)
{
	json_t *o = json_object();
	json_object_set_new(o, "repo_id", json_integer((json_int_t)is->repo_id));
	json_object_set_new(o, "repo", record_json_text(is->repo));
	json_object_set_new(o, "number", json_integer((json_int_t)is->number));
	json_object_set_new(o, "title", record_json_text(is->title));
	json_object_set_new(o, "body", record_json_text(is->body));
	json_object_set_new(o, "state", record_json_text(is->state));
	json_object_set_new(o, "state_reason", record_json_text(is->state_reason));
	json_object_set_new(o, "is_pull_request", json_integer(is->is_pull_request));
	json_object_set_new(o, "user", record_json_text(is->user));
	json_object_set_new(o, "created_at", record_json_text(is->created_at));
	json_object_set_new(o, "updated_at", record_json_text(is->updated_at));
	json_object_set_new(o, "closed_at", record_json_text(is->closed_at));
	json_object_set_new(o, "merged_at", record_json_text(is->merged_at));
	json_object_set_new(o, "html_url", record_json_text(is->html_url));
	json_object_set_new(o, "labels", ct_issue_labels_to_json(is));
	json_object_set_new(o, "head_ref", record_json_text(is->head_ref));
	json_object_set_new(o, "head_label", record_json_text(is->head_label));
	json_object_set_new(o, "head_sha", record_json_text(is->head_sha));
	json_object_set_new(o, "base_ref", record_json_text(is->base_ref));
	return o;
}

static const char *const kind_names[] = {
	[CT_LINK_SECTION] = "section", [CT_LINK_BALLOT] = "ballot", [CT_LINK_ISSUE] = "issue",
	[CT_LINK_REF] = "ref", [CT_LINK_ADDRESSED] = "addressed",
};

const char *ct_issue_link_kind_name(enum ct_issue_link_kind kind)
{
	return (size_t)kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "";
}

/* The columns of a link, in the order of enum link_col. */
enum link_col { L_REPO_ID, L_NUMBER, L_KIND, L_TARGET, L_DOC, L_RESOLVED, L_SOURCE, L_TEXT };

static int link_read(void *item, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	struct ct_issue_link *l = item;
	const char *kind = (const char *)sqlite3_column_text(st, L_KIND);
	size_t k = 0;
	while (k < sizeof(kind_names) / sizeof(kind_names[0]) && (!kind || strcmp(kind, kind_names[k])))
		k++;
	if (k == sizeof(kind_names) / sizeof(kind_names[0]))
		return ct_error_set(CT_EDB, "issue_links: unknown kind '%s'", kind ? kind : "(null)");
	l->repo_id = sqlite3_column_int64(st, L_REPO_ID);
	l->number = sqlite3_column_int64(st, L_NUMBER);
	l->kind = (enum ct_issue_link_kind)k;
	l->target = record_text(st, L_TARGET);
	l->doc = record_text(st, L_DOC);
	l->resolved = sqlite3_column_int64(st, L_RESOLVED) != 0;
	l->source = record_text(st, L_SOURCE);
	l->text = record_text(st, L_TEXT);
	return 0;
}

int github_query_link_list(struct ct_issue_link_list *out, struct ct_db *db, int64_t repo_id)
{
	sqlite3_stmt *st;
	*out = (struct ct_issue_link_list)CT_ISSUE_LINK_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT repo_id, number, kind, target, doc, resolved, source, text FROM issue_links "
		       "WHERE ?1 = 0 OR repo_id = ?1 ORDER BY repo_id, number, kind, target") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	int rc = record_read_rows((void **)&out->items, &out->n, sizeof(*out->items), db, st, link_read, NULL, "query");
	if (rc < 0)
		ct_issue_link_list_release(out);
	return rc;
}

void ct_issue_link_list_release(struct ct_issue_link_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->items[i].target);
		free(list->items[i].doc);
		free(list->items[i].source);
		free(list->items[i].text);
	}
	free(list->items);
	*list = (struct ct_issue_link_list)CT_ISSUE_LINK_LIST_INIT;
}

json_t *ct_issue_link_to_json(const struct ct_issue_link *l)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:i, s:o, s:o}", "repo_id", (json_int_t)l->repo_id, "number",
			 (json_int_t)l->number, "kind", ct_issue_link_kind_name(l->kind), "target", record_json_text(l->target),
			 "doc", record_json_text(l->doc), "resolved", l->resolved, "source", record_json_text(l->source), "text",
			 record_json_text(l->text));
}

int github_query_item_state(char *updated, size_t size, int *has_head, struct ct_db *db, int64_t repo_id, long number)
{
	sqlite3_stmt *st;
	updated[0] = '\0';
	*has_head = 0;
	if (db_prepare(&st, db, "SELECT updated_at, head_sha IS NOT NULL FROM gh_issues WHERE repo_id = ?1 AND number = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_int64(st, 2, number);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 0);
		snprintf(updated, size, "%s", u ? u : "");
		*has_head = sqlite3_column_int(st, 1) != 0;
		rc = SQLITE_DONE;
	}
	return finish(db, st, rc);
}

int github_query_etag(char **etag, char **next, struct ct_db *db, const char *url)
{
	sqlite3_stmt *st;
	*etag = *next = NULL;
	if (db_prepare(&st, db, "SELECT etag, next FROM gh_etags WHERE url = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, url);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*etag = record_text(st, 0);
		*next = record_text(st, 1);
		rc = SQLITE_DONE;
	}
	return finish(db, st, rc);
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
	*exists = 0;
	if (db_prepare(&st, db, "SELECT 1 FROM refs WHERE doc_id = ?1 AND name = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	db_bind_text(st, 2, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*exists = 1;
		rc = SQLITE_DONE;
	}
	return finish(db, st, rc);
}

int github_query_ballot_names(json_t **out, struct ct_db *db, int64_t doc_id)
{
	sqlite3_stmt *st;
	*out = NULL;
	if (db_prepare(&st, db,
		       "SELECT ballot FROM commits WHERE doc_id = ?1 AND ballot IS NOT NULL "
		       "UNION SELECT ballot_key FROM ballot_sources WHERE doc_id = ?1") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc_id);
	json_t *names = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(names, record_json_text((const char *)sqlite3_column_text(st, 0)));
	if ((rc = finish(db, st, rc)) < 0) {
		json_decref(names);
		return rc;
	}
	*out = names;
	return 0;
}
