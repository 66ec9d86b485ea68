/*
 * summary.h - what a database holds, in a few rows: its documents with
 * their heads, and the GitHub items per repository, for `cabtrack status`
 * (db/summary.c).  Typed records in lists the caller owns and gives back
 * with their `_release` (issue 13).
 */
#ifndef CT_SUMMARY_H
#define CT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/*
 * One document as imported.  Strings are owned; name, repo, path and
 * main_ref are never NULL; head and head_version are NULL when the main
 * ref was not stored (or its commit has no version).
 */
struct summary_document {
	char *name, *repo, *path, *main_ref;
	int64_t versions, commits;       /* counts */
	char *head;                      /* the main ref's commit oid */
	char *head_version;              /* its version label */
	int64_t head_time;               /* its committer time (seconds), when has_head_time */
	int64_t newest_time;             /* the newest commit seen on any ref, when has_newest_time */
	int has_head_time, has_newest_time;
};
struct summary_document_list { struct summary_document *items; size_t n; };
#define SUMMARY_DOCUMENT_LIST_INIT { NULL, 0 }

/* The GitHub items stored for one repository. */
struct summary_repo {
	char *repo;                      /* OWNER/REPO (owned) */
	int counted;                     /* 0: nothing stored, the counts below are 0 and unknown */
	int64_t issues, pulls, open;
};
struct summary_repo_list { struct summary_repo *items; size_t n; };
#define SUMMARY_REPO_LIST_INIT { NULL, 0 }

/* Every document, by name.  0 or CT_EDB. */
int summary_documents(struct summary_document_list *out, struct ct_db *db);

/* Counts of the GitHub items stored per repository, by repository name.  0 or CT_EDB. */
int summary_github(struct summary_repo_list *out, struct ct_db *db);

/* Free what `d` holds and zero it. */
void summary_document_release(struct summary_document *d);

/* Free what `list` holds and reset it to SUMMARY_DOCUMENT_LIST_INIT. */
void summary_document_list_release(struct summary_document_list *list);

/* Free what `list` holds and reset it to SUMMARY_REPO_LIST_INIT. */
void summary_repo_list_release(struct summary_repo_list *list);

#endif
