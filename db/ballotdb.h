/*
 * ballotdb.h - reads and writes of the ballot tables (migration 2):
 * ballot_sources (found at import, rebuilt) and ballots, ballot_phases,
 * ballot_log (hand-recorded, written only by `cabtrack ballot`).
 *
 * Rows come back as records (struct ct_ballot_source, ct_ballot,
 * ct_ballot_phase, ct_ballot_log_entry), each with a list type, a
 * `_release` and a `_to_json` that gives the row as the JSON output shows
 * it (keys in column order, NULL as null, JSON-text columns parsed).
 * Every function returns 0 or a negative CT_E* code with the message kept.
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

/*
 * One row of ballot_sources.  Strings are owned; ballot_key, name and kind
 * are never NULL, the others are NULL for SQL NULL.
 */
struct ct_ballot_source {
	char *ballot_key;
	char *name;             /* as spelled where it was found */
	char *kind;             /* merge, tag, pull, fork, branch, revision */
	char *ref;              /* full ref name (tag, pull, fork, branch) */
	char *base, *head;      /* commits */
	int64_t pr;             /* pull-request number, 0: none */
	char *title;
	char *version;          /* revision: the version the ballot made */
	char *dates;            /* revision: JSON object column -> YYYY-MM-DD, as text */
	int64_t time;           /* committer time of head, 0: none */
};
struct ct_ballot_source_list {
	struct ct_ballot_source *items;
	size_t n;
};
#define CT_BALLOT_SOURCE_LIST_INIT { NULL, 0 }

/* Fill `out` with the document's found sources, by key, kind (merge, tag, pull, fork, branch, revision) and order. */
int ballotdb_source_list(struct ct_ballot_source_list *out, struct ct_db *db, int64_t doc_id);

/* Free what `list` holds and reset it to CT_BALLOT_SOURCE_LIST_INIT. */
void ct_ballot_source_list_release(struct ct_ballot_source_list *list);

/*
 * A source as JSON: {ballot_key, name, kind, ref, base, head, pr, title,
 * version, dates (parsed), time}.  New reference.
 */
json_t *ct_ballot_source_to_json(const struct ct_ballot_source *s);

/*
 * One hand-recorded row of `ballots`.  Strings are owned; doc, ballot_key,
 * name, created and updated are never NULL, the others are NULL when not
 * recorded.  Times are ISO 8601 UTC as stored.
 */
struct ct_ballot {
	int64_t id;
	char *doc, *ballot_key, *name, *title, *base, *head;
	int64_t pr;             /* 0: none */
	char *state, *type;
	char *discussion_start, *vote_start, *vote_end, *ipr_ends, *plan_from;
	char *proposer;
	char *endorsers;        /* a JSON array of names as text */
	char *last_version, *result_at, *review_start;
	char *votes_issuers, *votes_consumers; /* "YES/NO/ABSTAIN" */
	char *created, *updated;
};
struct ct_ballot_list {
	struct ct_ballot *items;
	size_t n;
};
#define CT_BALLOT_LIST_INIT { NULL, 0 }

/* Fill `out` with the hand-recorded ballots of document `doc` (by name), oldest first. */
int ballotdb_ballot_list(struct ct_ballot_list *out, struct ct_db *db, const char *doc);

/* The hand-recorded ballot with `key` into `out`; *found 0 (and `out` empty) when there is none. */
int ballotdb_ballot_get(struct ct_ballot *out, int *found, struct ct_db *db, const char *doc, const char *key);

/* Free what `b` holds and zero it. */
void ct_ballot_release(struct ct_ballot *b);

/* Free what `list` holds and reset it to CT_BALLOT_LIST_INIT. */
void ct_ballot_list_release(struct ct_ballot_list *list);

/*
 * A recorded ballot as JSON, keys in column order (id, doc, ballot_key,
 * name, title, ..., created, updated), endorsers parsed.  New reference.
 */
json_t *ct_ballot_to_json(const struct ct_ballot *b);

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

/* One planned phase: a keyword and its offset ("+6 months"), both owned. */
struct ct_ballot_phase {
	char *keyword, *offset;
};
struct ct_ballot_phase_list {
	struct ct_ballot_phase *items;
	size_t n;
};
#define CT_BALLOT_PHASE_LIST_INIT { NULL, 0 }

/* Fill `out` with the planned phases of ballot `id`, in order. */
int ballotdb_phase_list(struct ct_ballot_phase_list *out, struct ct_db *db, int64_t id);
void ct_ballot_phase_list_release(struct ct_ballot_phase_list *list);
/* {keyword, offset}.  New reference. */
json_t *ct_ballot_phase_to_json(const struct ct_ballot_phase *p);

/* One change of a ballot: when, which field, the value before and after (NULL: none). */
struct ct_ballot_log_entry {
	char *time, *field, *old, *new_;
};
struct ct_ballot_log {
	struct ct_ballot_log_entry *items;
	size_t n;
};
#define CT_BALLOT_LOG_INIT { NULL, 0 }

/* Fill `out` with the change log of ballot `id`, oldest first. */
int ballotdb_log_list(struct ct_ballot_log *out, struct ct_db *db, int64_t id);
void ct_ballot_log_release(struct ct_ballot_log *log);
/* {time, field, old, new}.  New reference. */
json_t *ct_ballot_log_entry_to_json(const struct ct_ballot_log_entry *e);

#endif
