/*
 * summary.c - a database's contents in a few rows (see summary.h).
 *
 * Read-only; every value bound.  The main ref's commit comes from the refs
 * table as the last import stored it.  Columns are read by index, in the
 * order of the enum beside each SELECT.
 */
#include "db/summary.h"

#include <stdlib.h>
#include <string.h>

#include "db/record.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

enum doc_col { D_NAME, D_REPO, D_PATH, D_MAIN_REF, D_VERSIONS, D_COMMITS, D_HEAD, D_HEAD_VERSION, D_HEAD_TIME, D_NEWEST };

int summary_documents(struct summary_document_list *out, struct ct_db *db)
{
	sqlite3_stmt *st;
	*out = (struct summary_document_list)SUMMARY_DOCUMENT_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT d.name, d.repo, d.path, d.main_ref, "
		       "(SELECT count(*) FROM versions v WHERE v.doc_id = d.id), "
		       "(SELECT count(*) FROM commits c WHERE c.doc_id = d.id), "
		       "r.oid, v.label, c.time, "
		       "(SELECT max(time) FROM commits c2 WHERE c2.doc_id = d.id) "
		       "FROM documents d "
		       "LEFT JOIN refs r ON r.doc_id = d.id AND r.name = d.main_ref "
		       "LEFT JOIN commits c ON c.doc_id = d.id AND c.oid = r.oid "
		       "LEFT JOIN versions v ON v.id = c.version_id "
		       "ORDER BY d.name") < 0)
		return CT_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->items = xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
		struct summary_document *d = &out->items[out->n++];
		memset(d, 0, sizeof(*d));
		d->name = record_text(st, D_NAME);
		d->repo = record_text(st, D_REPO);
		d->path = record_text(st, D_PATH);
		d->main_ref = record_text(st, D_MAIN_REF);
		record_int(&d->versions, st, D_VERSIONS);
		record_int(&d->commits, st, D_COMMITS);
		d->head = record_text(st, D_HEAD);
		d->head_version = record_text(st, D_HEAD_VERSION);
		d->has_head_time = record_int(&d->head_time, st, D_HEAD_TIME);
		d->has_newest_time = record_int(&d->newest_time, st, D_NEWEST);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		summary_document_list_release(out);
		return db_error(db, "query");
	}
	return 0;
}

enum repo_col { G_REPO, G_ISSUES, G_PULLS, G_OPEN };

int summary_github(struct summary_repo_list *out, struct ct_db *db)
{
	sqlite3_stmt *st;
	*out = (struct summary_repo_list)SUMMARY_REPO_LIST_INIT;
	if (db_prepare(&st, db,
		       "SELECT r.name, sum(i.is_pull_request = 0), sum(i.is_pull_request = 1), sum(i.state = 'open') "
		       "FROM gh_repos r LEFT JOIN gh_issues i ON i.repo_id = r.id GROUP BY r.id ORDER BY r.name") < 0)
		return CT_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->items = xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
		struct summary_repo *r = &out->items[out->n++];
		r->repo = record_text(st, G_REPO);
		/* sum() over no issue at all is NULL: nothing stored */
		r->counted = record_int(&r->issues, st, G_ISSUES);
		record_int(&r->pulls, st, G_PULLS);
		record_int(&r->open, st, G_OPEN);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		summary_repo_list_release(out);
		return db_error(db, "query");
	}
	return 0;
}

void summary_document_release(struct summary_document *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->repo);
	free(d->path);
	free(d->main_ref);
	free(d->head);
	free(d->head_version);
	memset(d, 0, sizeof(*d));
}

void summary_document_list_release(struct summary_document_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		summary_document_release(&list->items[i]);
	free(list->items);
	*list = (struct summary_document_list)SUMMARY_DOCUMENT_LIST_INIT;
}

void summary_repo_list_release(struct summary_repo_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i].repo);
	free(list->items);
	*list = (struct summary_repo_list)SUMMARY_REPO_LIST_INIT;
}
