/*
 * dates.h - the dated obligations of a version as every view shows them:
 * `dates`, `ballot show`, `in-force`, the status page and `update`'s
 * summary all read them here, so they agree.
 */
#ifndef CT_DATES_H
#define CT_DATES_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "db/query.h"

/*
 * The dated obligations of one version: {date, keyword, ballot,
 * ballot_key, sections, description, source, version, phrase, commit,
 * line (in the document), in_section (the section it stands in),
 * requirements}.  The ballot is the one whose
 * commit first brought the row (or, for a table row, the row it replaced)
 * to main; a table row whose history names none keeps the ballot its
 * table names.  Table rows borrow the sections and requirements of the
 * phrases that state their date.
 */
int dates_rows(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version_id);

/*
 * The order of every dates listing, for qsort over json_t pointers: by
 * date, then compliance-table rows, phrases in the text, versions.
 */
int dates_compare(const void *a, const void *b);

/* Sort a JSON array of rows in place by dates_compare. */
void dates_sort(json_t *rows);

/*
 * One obligation, one group: a compliance-table row and the dated phrases
 * with its date and keyword in one of its sections state the same
 * obligation.  Sets "group" (an integer, shared by the rows of one
 * obligation, in row order from 1) on every row of `rows`.
 */
void dates_group(json_t *rows);

/*
 * The rows with each group (from dates_group; rows without one stand
 * alone) made one row, in the order of each group's first row: the table
 * row's fields, sections the union, source "table+text" and "sources"
 * listing the sources merged.  A new array of new row objects; their
 * members (strings, the requirements arrays) are shared with `rows`, so
 * change a member by replacing it, not in place.
 */
json_t *dates_merge(json_t *rows);

/*
 * The dates of the version's Revisions table, in the rows' shape with
 * source "version": for each row its Effective date, else its Adopted
 * date, else its Publication Date (the first column whose header names
 * one), described as "DOC 2.0.2 takes effect: DESCRIPTION" (a row
 * without a version label keeps its description).  Appended to `rows`.
 */
int dates_version_rows(json_t *rows, struct ct_db *db, const char *doc_name, int64_t version_id);

/*
 * A Revisions row's date that says when its version is in force: the
 * Effective column, else Adopted, else Publication (NULL when none);
 * `adopted` picks Adopted, else Publication, else Effective: when it was
 * adopted.
 */
const char *dates_revision_date(const struct ct_revision *r, int adopted);

#endif
