/*
 * summary.c - a database's contents in a few rows (see summary.h).
 *
 * Read-only; every value bound.  The main ref's commit comes from the refs
 * table as the last import stored it.
 */
#include "db/summary.h"

#include "db/query.h"
#include "tracker/base/error.h"

int summary_documents(json_t **out, struct ct_db *db)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT d.name, d.repo, d.path, d.main_ref, "
		       "(SELECT count(*) FROM versions v WHERE v.doc_id = d.id) AS versions, "
		       "(SELECT count(*) FROM commits c WHERE c.doc_id = d.id) AS commits, "
		       "r.oid AS head, v.label AS head_version, c.time AS head_time, "
		       "(SELECT max(time) FROM commits c2 WHERE c2.doc_id = d.id) AS newest_time "
		       "FROM documents d "
		       "LEFT JOIN refs r ON r.doc_id = d.id AND r.name = d.main_ref "
		       "LEFT JOIN commits c ON c.doc_id = d.id AND c.oid = r.oid "
		       "LEFT JOIN versions v ON v.id = c.version_id "
		       "ORDER BY d.name") < 0)
		return CT_EDB;
	return query_collect(out, db, st, NULL);
}

int summary_github(json_t **out, struct ct_db *db)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db,
		       "SELECT r.name AS repo, "
		       "sum(i.is_pull_request = 0) AS issues, sum(i.is_pull_request = 1) AS pulls, "
		       "sum(i.state = 'open') AS open "
		       "FROM gh_repos r LEFT JOIN gh_issues i ON i.repo_id = r.id GROUP BY r.id ORDER BY r.name") < 0)
		return CT_EDB;
	return query_collect(out, db, st, NULL);
}
