/*
 * inforce.h - what is in force on a day.
 *
 * Versions and their ballots do not take effect in order (BR 2.0.1, SC063,
 * adopted 2023-08-17, takes effect 2024-03-15; 2.0.2, SC066, adopted
 * 2023-11-23, took effect 2024-01-08), so "the document on a day" is the
 * latest version on the main ref adopted on or before that day (its
 * Revisions row's Adopted date, else Publication Date, else Effective),
 * and what is in force is that version less the ballots it contains whose
 * Effective date is still ahead.  The Revisions table read is the one at
 * the tip of main (the most complete); a version is the last commit on
 * main's first-parent history carrying its label.
 */
#ifndef CT_INFORCE_H
#define CT_INFORCE_H

#include <jansson.h>

#include "db/db.h"
#include "db/query.h"

/*
 * The version of `doc` on `day` (YYYY-MM-DD): *out as query_resolve fills
 * it (ref "main@DAY"), and when `info` is not NULL {label, adopted,
 * effective, ballot, description, commit}.  CT_EINVALID naming the day
 * and the first version when the day is before it; CT_ENOTFOUND when the
 * Revisions table dates no version on main.
 */
int inforce_resolve(struct query_at *out, json_t **info, struct ct_db *db, const struct query_doc *doc, const char *day);

/*
 * What every query's --at (and diff's BASE and HEAD) names: `at` as
 * query_resolve() resolves it (NULL: the main ref; a ref, commit or
 * version label), else, when it reads as a day in any form cabtrack reads
 * (2024-01-10, "January 10, 2024", -3m), the version on that day as
 * inforce_resolve() picks it.  0 or a negative code with the message of
 * the one that applied ("ambiguous (month first ..." for "12/06/2023").
 */
int inforce_resolve_at(struct query_at *out, struct ct_db *db, const struct query_doc *doc, const char *at);

/*
 * The `in-force` view: {document, date, version {label, adopted,
 * effective, ballot, description, commit}, pending_ballots [{ballot,
 * version, adopted, effective, description, sections [{number, title,
 * change}], sections_from {ref: "main", version: the ballot's own, whose
 * numbers the sections carry}}], effective [dates rows on or before `day`], pending [dates
 * rows after `day`, up to `until` when not NULL]}.
 */
int inforce_view(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *day, const char *until);

#endif
