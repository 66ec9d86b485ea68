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

#include "db/db.h"
#include "db/query.h"

/* Rebuild the document's date_sightings.  0 or a negative code. */
int sightings_rebuild(struct ct_db *db, const struct query_doc *doc);

/* *out 1 when the document has no sightings recorded (a database from before migration 5), else 0. */
int sightings_missing(int *out, struct ct_db *db, const struct query_doc *doc);

#endif
