/*
 * sync.h - a GitHub repository's issues and pull requests into the
 * database: the engine of `cabtrack sync github` and of `cabtrack update`.
 *
 * Two listings are paged through, newest update first: /issues (issues
 * and pull requests, labels) and /pulls (heads, bases, merges).  Each
 * page's ETag is kept and sent back; a 304 means the page, and so
 * everything after it in that order, is already stored.  After a first
 * complete sync, paging also stops at the first page holding an item
 * stored with the same updated_at.  The stored issues are then linked to
 * sections, ballots, refs and each other (tracker/issue_link.h), and the
 * pull requests to the sections they change (tracker/pr_sections.h).
 */
#ifndef CT_SYNC_H
#define CT_SYNC_H

#include <stddef.h>

#include "db/db.h"
#include "importers/github.h"

struct sync_options {
	unsigned int version;
	/*
	 * The client: API URL, token (never stored), timeouts, retries, and
	 * github.progress, which also hears the items received page by page
	 * and, at the end, the totals (tracker/base/progress.h).
	 */
	struct github_options github;
	/* The document issues are linked against; NULL = the one issue_link_pick_doc picks. */
	const char *doc;
	/* Only items updated at or after this ISO time ("2024-01-01T00:00:00Z"); NULL = all. */
	const char *since;
};
#define SYNC_OPTIONS_VERSION 1
#define SYNC_OPTIONS_INIT { SYNC_OPTIONS_VERSION, GITHUB_OPTIONS_INIT, NULL, NULL }

struct sync_stats {
	size_t items;               /* items received from /issues and stored */
	size_t pulls;               /* items received from /pulls and stored */
	size_t changed;             /* issues and pull requests stored anew or changed */
	struct github_stats http;   /* requests, 304s, retries, waits */
};

/*
 * Sync repository `repo` (OWNER/REPO) inside the caller's transaction.
 * 0, or a negative code with the message in the error store (the client's
 * options refused, the network, the server's answers, the database); the
 * caller then rolls back, so the next sync starts from the same state.
 */
int sync_repository(struct sync_stats *stats, struct ct_db *db, const char *repo, const struct sync_options *opts);

#endif
