/*
 * ballotdb.h - reads and writes of the ballot tables (migration 2):
 * ballot_sources (found at import, rebuilt) and ballots, ballot_phases,
 * ballot_log (hand-recorded, written only by `cabtrack ballot`).
 *
 * Rows come back as jansson objects keyed by column name.  Every function
 * returns 0 or a negative CT_E* code with the message kept.
 */
#ifndef CT_BALLOTDB_H
#define CT_BALLOTDB_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

/* One found source, as tracker/ballots.c assembles it. */
struct ballotdb_source {
	const char *ballot_key, *name, *kind, *ref, *base, *head, *title, *version, *dates;
	int64_t pr;             /* 0: none */
	int64_t time;
};

/* Forget the document's found sources (before a rebuild). */
int ballotdb_sources_clear(struct ct_db *db, int64_t doc_id);

/* Record one found source; `ord` orders a ballot's sources of one kind. */
int ballotdb_source_add(struct ct_db *db, int64_t doc_id, const struct ballotdb_source *src, int ord);

/* The document's found sources, by key, kind and order ("dates" parsed as JSON). */
int ballotdb_sources(json_t **out, struct ct_db *db, int64_t doc_id);

/* The hand-recorded ballots of document `doc` (by name), oldest first; endorsers parsed as an array. */
int ballotdb_recorded(json_t **out, struct ct_db *db, const char *doc);

/* The hand-recorded ballot with `key`, or *out NULL when there is none. */
int ballotdb_get(json_t **out, struct ct_db *db, const char *doc, const char *key);

/*
 * Create the hand-recorded row for `key` if it is missing (name as given,
 * times now); *id is its row id.
 */
int ballotdb_ensure(int64_t *id, struct ct_db *db, const char *doc, const char *key, const char *name);

/*
 * Set column `field` (one of title, base, head, pr, state, type,
 * discussion_start, vote_start, vote_end, ipr_ends, plan_from, and from
 * migration 6 proposer, endorsers (a JSON array as text), last_version,
 * result_at, review_start, votes_issuers, votes_consumers ("Y/N/A")) of
 * ballot `id` to `value` (NULL clears it), logging the change with its old
 * value.
 */
int ballotdb_set(struct ct_db *db, int64_t id, const char *field, const char *value);

/* Replace the planned phases of ballot `id`: arrays of keyword and offset, logged. */
int ballotdb_phases_set(struct ct_db *db, int64_t id, const char *const *keywords, const char *const *offsets, size_t n);

/* The planned phases of ballot `id`: [{keyword, offset}] in order. */
int ballotdb_phases(json_t **out, struct ct_db *db, int64_t id);

/* The change log of ballot `id`: [{time, field, old, new}], oldest first. */
int ballotdb_log(json_t **out, struct ct_db *db, int64_t id);

#endif
