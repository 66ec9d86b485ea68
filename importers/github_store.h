/*
 * github_store.h - what `sync github` and `import github` write: GitHub
 * repositories, their issues and pull requests, the ETags of the pages
 * fetched, and the links tracker/issue_link.c derives.
 *
 * Every call runs inside the caller's transaction (see db_begin) and binds
 * all values.  A write that would not change a row does not touch it, so a
 * sync that finds nothing new leaves the issue rows as they were.
 */
#ifndef CT_GITHUB_STORE_H
#define CT_GITHUB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct github_item;

/*
 * Find or create the repository `name` (OWNER/REPO, matched without case);
 * when `doc` is not NULL, record it as the document its issues link
 * against.  0 or CT_EDB.
 */
int github_store_repo(int64_t *repo_id, struct ct_db *db, const char *name, const char *doc);

/*
 * Insert or update one issue or pull request.  An item from the issue
 * listing keeps the head and base a /pulls item stored before.  An item
 * whose updated_at is older than the stored one's changes nothing (the
 * newer record is kept, whatever order files are imported in).  *changed
 * is 1 when a row was inserted or a stored value differs, else 0.  0 or
 * CT_EDB.  With `reuse`, the statement is prepared into *reuse once (when
 * NULL) and kept for the next item: the caller finalizes it; with NULL it
 * is prepared for this item alone.
 */
int github_store_item(int *changed, sqlite3_stmt **reuse, struct ct_db *db, int64_t repo_id,
		      const struct github_item *it);

/*
 * The numbers of the repository's stored issues and pull requests, in
 * ascending order, in a new array *out (free it) of *n.  0 or CT_EDB.
 */
int github_store_numbers(long **out, size_t *n, struct ct_db *db, int64_t repo_id);

/* Remember the ETag (and Link rel="next", NULL on the last page) of the page at `url`.  0 or CT_EDB. */
int github_store_etag(struct ct_db *db, const char *url, const char *etag, const char *next);

/*
 * Record the end of a sync or import: last_updated_at becomes the newest
 * updated_at stored; a sync (complete = 1) also records api_url, the
 * window `since` (NULL: everything) and synced_at = now.  0 or CT_EDB.
 */
int github_store_repo_done(struct ct_db *db, int64_t repo_id, int complete, const char *api_url, const char *since);

/* Delete the repository's links before they are rebuilt.  0 or CT_EDB. */
int github_store_links_clear(struct ct_db *db, int64_t repo_id);

/* One row of issue_links (see db/migrate-3-github.sql). */
struct github_link {
	int64_t repo_id;
	long number;
	const char *kind;       /* section, ballot, issue, ref */
	const char *target;
	const char *doc;        /* NULL when not resolved against a document */
	int resolved;
	const char *source;     /* title, body, label, merge, pull */
	const char *text;
};

/*
 * Add a link; a second link of the same issue, kind and target is ignored.
 * *st keeps the prepared statement from one link to the next (NULL before
 * the first); the caller finalizes it (sqlite3_finalize) when done.  0 or
 * CT_EDB.
 */
int github_store_link(sqlite3_stmt **st, struct ct_db *db, const struct github_link *l);

#endif
