/*
 * update.h - a project brought up to date: the engine of `cabtrack update`.
 *
 * For each document of the project file (tracker/project.h): its
 * repository cloned or fetched into the cache with its extra remotes
 * (importers/import.h), then imported with the chain that follows
 * (tracker/import_document.h); then the project's GitHub repository
 * synced (tracker/sync.h).  Each step is its own transaction, so a step
 * that fails leaves the database as that step found it and the other steps
 * still run.  What changed is found by comparing snapshots of the database
 * before and after.
 */
#ifndef CT_UPDATE_H
#define CT_UPDATE_H

#include <stddef.h>

#include <jansson.h>

#include "tracker/base/progress.h"
#include "tracker/base/strbuf.h"
#include "tracker/sync.h"

struct update_options {
	unsigned int version;
	/* The database file; created by the first step that writes. */
	const char *db_path;
	/* The documents: project_documents rows {name, url, path, branch?, remotes: [{name, url}]}. */
	json_t *documents;
	/* The GitHub repository to sync (OWNER/REPO); NULL or "" = none, and no sync. */
	const char *github;
	/* The client's options for the sync (API URL, token); sync.doc defaults to the first document. */
	struct sync_options sync;
	/* Where clones go; NULL = import's default (importers/import.h). */
	const char *cache_dir;
	/* No network: documents are imported from the cache as the last fetch left it, and no sync. */
	int offline;
	/*
	 * Hears each step as it starts ("[1/2] SBR: fetching https://...", a
	 * line that stays), then that step's own progress: the objects fetched,
	 * the walk, the issues synced (tracker/base/progress.h).
	 */
	struct progress progress;
};
#define UPDATE_OPTIONS_VERSION 1
#define UPDATE_OPTIONS_INIT { UPDATE_OPTIONS_VERSION, NULL, NULL, NULL, SYNC_OPTIONS_INIT, NULL, 0, PROGRESS_INIT }

/* What an update did, each part as lines ending in "\n". */
struct update_report {
	struct strbuf summary;  /* one line per document and one for the issues: what changed, or that the step failed or was skipped */
	struct strbuf notes;    /* what is worth knowing and is not an error */
	struct strbuf errors;   /* one line per failure: "document SBR: cannot fetch remote ..." */
	size_t failed;          /* steps that failed */
	size_t skipped;         /* steps that could not run (offline, never fetched) */
	int changed;            /* the database holds something new */
};
#define UPDATE_REPORT_INIT { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0, 0 }

/* Free what a report holds and reset it to UPDATE_REPORT_INIT; NULL is fine. */
void update_report_release(struct update_report *r);

/*
 * Update the project and describe it in *out (UPDATE_REPORT_INIT).  0 when
 * every step that could run succeeded (steps skipped offline included);
 * CT_ERROR when any failed, with a message counting them in the error
 * store and each failure in out->errors.
 */
int update_project(struct update_report *out, const struct update_options *opts);

#endif
