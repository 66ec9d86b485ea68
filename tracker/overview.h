/*
 * overview.h - where a project stands, for `cabtrack status`
 * (tracker/overview.c).
 */
#ifndef CT_OVERVIEW_H
#define CT_OVERVIEW_H

#include <jansson.h>

#include "db/db.h"
#include "db/github_query.h"
#include "db/meetingdb.h"
#include "db/summary.h"

/*
 * A document of the project: imported (doc filled by summary_documents),
 * named by the project file (configured), or both.  A document only
 * configured has doc.name, doc.repo (its url) and doc.path.
 */
struct overview_document {
	struct summary_document doc;
	int imported, configured;
};

/*
 * A GitHub repository of the project: synced or imported (stored: repo as
 * github_query_repo_list gives it, counts as summary_github does), or only
 * the project file's cabtrack.github (repo.name alone).
 */
struct overview_repo {
	struct ct_gh_repo repo;
	int stored;
	int counted;                     /* items stored: issues, pulls, open are known */
	int64_t issues, pulls, open;
};

/* Where a project stands; overview_release frees what it holds. */
struct overview {
	char *project_file;              /* path, or NULL when there is none */
	char *database;                  /* path */
	int database_exists;
	char *cadence;                   /* the project file's meeting.cadence, or NULL */
	struct overview_document *documents;  /* stored ones by name, then those only configured */
	size_t ndocuments;
	struct overview_repo *repos;     /* stored ones by name, then the configured one if not stored */
	size_t nrepos;
	struct ct_meeting next_meeting;  /* as meetings_pick gives it (tracker/meetings.h) */
	int has_next_meeting;            /* 0: none known (next_meeting empty) */
};

/*
 * The overview of the project whose database is `db_path` (`db` open on
 * it, or NULL when the file does not exist yet) into *out.  0 or a
 * negative code (message in the error store); a project file that does
 * not read is an error.
 */
int overview_build(struct overview *out, struct ct_db *db, const char *db_path);

/*
 * The overview as `cabtrack status --format json` prints it:
 * {project_file (path or null), database, database_exists, cadence (or
 * null), documents ([{name, repo, path, main_ref, versions, commits, head,
 * head_version, head_time, newest_time, imported: true, configured}] for
 * the imported, [{name, repo, path, imported: false, configured: true}]
 * for the others), github ([{name, doc, api_url, since, last_updated_at,
 * synced_at, issues, pulls, open}], the configured one never synced as
 * {name, synced_at: null}), next_meeting (or null)}.
 */
json_t *overview_to_json(const struct overview *o);

/* Free what `o` holds and zero it. */
void overview_release(struct overview *o);

#endif
