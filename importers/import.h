/*
 * import.h - bring a guideline's versions into the database.
 *
 * import_git() walks every commit reachable from the chosen refs (all refs
 * when none is named: branches, tags, remote-tracking branches and
 * pull-request refs), and for each commit records which version of the file it
 * holds.  Content addressing keeps this cheap: a blob already imported is
 * never read again, a section text already stored is never parsed again,
 * and commits already recorded are not walked.  import_file() imports a
 * plain Markdown file as the document's working-copy version.
 *
 * Both run inside the caller's transaction and write through db/store.h.
 */
#ifndef CT_IMPORT_H
#define CT_IMPORT_H

#include <stddef.h>

#include "db/db.h"
#include "tracker/base/progress.h"

struct import_options {
	unsigned int version;
	const char *doc;            /* document name; NULL = the file's base name without extension */
	const char *path;           /* the file inside the repository (import_git) */
	const char *const *refs;    /* refs to import; NULL/0 = all refs */
	size_t nrefs;
	struct progress progress;   /* commits, versions and sections as the walk goes (tracker/base/progress.h) */
	const char *cache_dir;      /* where clones of remote URLs go; NULL = $CABTRACK_CACHE, $XDG_CACHE_HOME/cabtrack, ~/.cache/cabtrack */
	const char *main_branch;    /* the branch queries default to; NULL = main, else the repository's HEAD */
};
#define IMPORT_OPTIONS_VERSION 1
#define IMPORT_OPTIONS_INIT { IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, 0, PROGRESS_INIT, NULL, NULL }

struct import_stats {
	size_t commits_walked;      /* new commits looked at */
	size_t commits_with_file;   /* of those, how many hold the file */
	size_t versions_new;
	size_t sections_new;
	size_t refs;
	char doc[64];               /* the document name used */
};

/*
 * Import from the repository at `repo` (a path, or a URL that is cloned or
 * fetched into the cache).  0, or a negative code with a message naming the
 * repository, file, ref or commit at fault.
 */
int import_git(struct import_stats *stats, struct ct_db *db, const char *repo, const struct import_options *opts);

/* An extra remote of a document: a chair's fork. */
struct import_remote {
	const char *name;           /* "srdavidson": its branches become refs/remotes/srdavidson/NAME */
	const char *url;
};

/*
 * Clone (the first time) or fetch `url` into the cache: its branches,
 * tags and pull-request heads (refs/pull/N/head), then each extra remote's
 * branches as refs/remotes/NAME/BRANCH.  *path is the cache clone (caller
 * frees), to give to import_git.  A failing origin fails the call (the
 * cache keeps what it had); a failing extra remote does not: errors[i] is
 * its message (caller frees) or NULL.  `progress` (may be NULL) hears the
 * objects received.  0 or a negative code.
 */
int import_fetch(char **path, char **errors, const char *url, const struct import_remote *remotes, size_t nremotes,
		 const char *cache_dir, const struct progress *progress);

/*
 * The cache clone of `url` as an earlier import_fetch left it, without
 * fetching (to import offline): *path is its folder (caller frees).  0, or
 * CT_ENOTFOUND when `url` was never fetched into the cache.
 */
int import_cached(char **path, const char *url, const char *cache_dir);

/* Import a plain Markdown file as a working-copy version.  0 or negative. */
int import_file(struct import_stats *stats, struct ct_db *db, const char *file, const struct import_options *opts);

/* The default document name for a file path: "docs/BR.md" -> "BR". */
void import_default_doc(char *out, size_t outsz, const char *path);

#endif
