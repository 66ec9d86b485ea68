/*
 * overview.h - where a project stands, for `cabtrack status`
 * (tracker/overview.c).
 */
#ifndef CT_OVERVIEW_H
#define CT_OVERVIEW_H

#include <jansson.h>

#include "db/db.h"

/*
 * The overview of the project whose database is `db_path` (`db` open on
 * it, or NULL when the file does not exist yet): {project_file (path or
 * null when there is none), database, database_exists, documents (from
 * summary_documents, plus "configured": whether the project file names
 * it, and the documents the project file names that are not imported yet
 * with "imported": false), github ([{repo, doc, synced_at,
 * last_updated_at, issues, pulls, open}]; the project file's
 * cabtrack.github with "synced_at": null when never synced), next_meeting
 * (as meetings_pick gives, or null), cadence (the project file's, or
 * null)}.  0 or a negative code (message in the error store); a project
 * file that does not read is an error.
 */
int overview_build(json_t **out, struct ct_db *db, const char *db_path);

#endif
