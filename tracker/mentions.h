/*
 * mentions.h - what a minutes post says about drafts and ballots: the
 * GitHub compare and branch links it cites (with the paragraph that cites
 * each, which often names the branch: "a ballot to introduce CAA"), and
 * the IP review ends it states ("Ballot SMC04 has passed and was now in IP
 * review, ending at 1700 UTC on December 8").
 */
#ifndef CT_MENTIONS_H
#define CT_MENTIONS_H

#include <stddef.h>
#include <jansson.h>

#include "db/db.h"

/*
 * Read the post's body (`text`, len bytes; front matter skipped) of the
 * meeting on `date` (YYYY-MM-DD: the year of a date written without one):
 * [{kind: compare|branch, url, owner, repo, base, head, context}] and
 * [{kind: ipr_end, ballot_key, name, time, context}], in the order of the
 * post, each link once (inline or by reference, "[1]: URL").  `time` is
 * ISO 8601 UTC when the post gives a UTC time, else the day.
 */
json_t *mentions_parse(const char *text, size_t len, const char *date);

/* mentions_parse, then replace what the database holds for that meeting. 0 or a CT_E* code. */
int mentions_record(struct ct_db *db, const char *date, const char *text, size_t len);

#endif
