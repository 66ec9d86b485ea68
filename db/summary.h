/*
 * summary.h - what a database holds, in a few rows: its documents with
 * their heads, for `cabtrack status` (db/summary.c).
 */
#ifndef CT_SUMMARY_H
#define CT_SUMMARY_H

#include <jansson.h>

#include "db/db.h"

/*
 * One object per document, by name: {name, repo, path, main_ref, versions
 * (count), commits (count), head (the main ref's commit oid, or null),
 * head_version (its version label, or null), head_time (committer time,
 * seconds, or null), newest_time (the newest commit seen on any ref)}.
 * 0 or CT_EDB.
 */
int summary_documents(json_t **out, struct ct_db *db);

/* Counts of the GitHub items stored per repository: [{repo, issues, pulls, open}]. */
int summary_github(json_t **out, struct ct_db *db);

#endif
