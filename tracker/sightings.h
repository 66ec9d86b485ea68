/*
 * sightings.h - every dated obligation ever imported, with where it was
 * first seen, whether it reached main and the refs it was seen on: the
 * derived table date_sightings that `dates --all-versions` reads.
 *
 * Rebuilt in the import's transaction after link_date_origins (whose
 * origins it uses for the ballot that brought a row to main).
 */
#ifndef CT_SIGHTINGS_H
#define CT_SIGHTINGS_H

#include <jansson.h>

#include "db/db.h"
#include "db/query.h"

/* Rebuild the document's date_sightings.  0 or a negative code. */
int sightings_rebuild(struct ct_db *db, const struct query_doc *doc);

/* *out 1 when the document has no sightings recorded (a database from before migration 5), else 0. */
int sightings_missing(int *out, struct ct_db *db, const struct query_doc *doc);

/*
 * Mark each row of `rows` (objects with date, keyword, description and
 * source "table" or "text", as dates_rows and a draft's dates have them)
 * with what date_sightings knows of its obligation: on_main (true when a
 * version on the main ref's history has it) and seen ("main", or "branch
 * only: REF" with the first ref it was seen on, for a date that never
 * reached main: a draft's, a failed or an abandoned branch's).  Rows of
 * other sources, and rows the import never saw, are left as they are.
 * Sets *branch_only (may be NULL) to how many rows were marked "branch
 * only".  0 or CT_EDB.
 */
int sightings_mark(size_t *branch_only, json_t *rows, struct ct_db *db, const struct query_doc *doc);

#endif
