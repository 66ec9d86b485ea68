/*
 * pr_sections.h - which sections of the document each pull request
 * changes.
 *
 * Owns the derived table pr_sections (db/migrate-8-pr-sections.sql): for
 * every stored pull request of a repository whose head ref
 * (refs/pull/N/head) was imported with the repository's document, the
 * sections that differ between the version at the ref's merge base with
 * main (computed by libgit2 at import) and the version at its head, as
 * tracker/diff.c compares them (a change of blanks only is left out).
 * Rebuilt per repository after every `import`, `import github` and `sync
 * github`, inside the command's transaction.
 */
#ifndef CT_PR_SECTIONS_H
#define CT_PR_SECTIONS_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"

/* Rebuild the rows of the repository with id repo_id.  0 or a CT_E* code. */
int pr_sections_rebuild(struct ct_db *db, int64_t repo_id);

/* Rebuild the rows of every repository (after a document was re-imported).  0 or a CT_E* code. */
int pr_sections_rebuild_all(struct ct_db *db);

/*
 * The stored rows of the repository with id repo_id (0: of every
 * repository), by repository, pull request and section number:
 * [{repo_id, number, doc, section, old_section, title, change, head,
 * base}].  `section` is the number at the pull request's head (at its
 * merge base when the section was removed).  0 or CT_EDB.
 */
int pr_sections_query(json_t **out, struct ct_db *db, int64_t repo_id);

/*
 * Does `section` name `want` or one of its subsections ("4.2.2.1" is in
 * "4.2.2", "4.2.20" is not)?
 */
int pr_sections_within(const char *section, const char *want);

/*
 * The status page's pull requests by section: the pull requests of
 * repo_id open on `day` (YYYY-MM-DD: opened on or before it, not closed
 * before its end) grouped by the top two levels of each section they
 * change, in document order: [{section, title, pulls: [{number, title,
 * url, sections: [numbers changed in that group]}]}].  `outline` maps
 * section numbers to sections ({title}) of the version the page shows.
 * 0 or CT_EDB.
 */
int pr_sections_by_section(json_t **out, struct ct_db *db, int64_t repo_id, const char *day, json_t *outline);

#endif
