/*
 * import_document.h - a document's history into the database, and then
 * everything that depends on it: the engine of `cabtrack import` and of
 * `cabtrack update`.
 *
 * After importers/import.h has stored the versions, the chain runs:
 * dates are linked to the ballot whose commit first brought them to main
 * (tracker/link.h) and their sightings recorded (tracker/sightings.h),
 * ballots are discovered (tracker/ballots.h), stored issues are linked
 * again to the document's sections and ballots (tracker/issue_link.h), and
 * the sections each pull request changes are recorded for the pull
 * requests whose ref moved (tracker/pr_sections.h).
 */
#ifndef CT_IMPORT_DOCUMENT_H
#define CT_IMPORT_DOCUMENT_H

#include "db/db.h"
#include "importers/import.h"

/*
 * Import `src` inside the caller's transaction: a repository (a path or a
 * URL, opts->path the file in it) with import_git, or, when opts->path is
 * NULL and `src` is a regular file, a plain Markdown file with
 * import_file; then the chain above.  Linking runs only when history grew
 * (or was never linked with sightings); issues are linked again only when
 * history grew.  0, or a negative code with the message in the error
 * store; the caller then rolls back.
 */
int import_document(struct import_stats *stats, struct ct_db *db, const char *src, const struct import_options *opts);

/* Whether import_document reads `src` as a plain Markdown file (no opts->path, a regular file). */
int import_document_is_file(const char *src, const struct import_options *opts);

#endif
