/*
 * github_query.h - what the tracker reads of GitHub data: repositories,
 * issues and pull requests, stored ETags and links, and the few facts of
 * a document's history that links need (merge commits, refs, ballots).
 *
 * Results are jansson values the caller owns, as in query.h; every
 * function returns 0 or a negative CT_E* code with the message kept.
 */
#ifndef CT_GITHUB_QUERY_H
#define CT_GITHUB_QUERY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

/*
 * The repository `name` (OWNER/REPO, any case): {id, name, doc, api_url,
 * since, last_updated_at, synced_at}.  CT_ENOTFOUND with a message when
 * it is not there.
 */
int github_query_repo(json_t **out, struct ct_db *db, const char *name);

/* Every repository, by name, as github_query_repo gives one. */
int github_query_repos(json_t **out, struct ct_db *db);

/*
 * What is stored of issue `number`: its updated_at into updated (at most
 * size bytes, "" when the issue is not stored) and whether its pull
 * request head is known (from /pulls).  0 or CT_EDB.
 */
int github_query_item_state(char *updated, size_t size, int *has_head, struct ct_db *db, int64_t repo_id, long number);

/* The stored ETag and next-page URL of `url`; both NULL when none.  The caller frees them.  0 or CT_EDB. */
int github_query_etag(char **etag, char **next, struct ct_db *db, const char *url);

/*
 * Issues and pull requests of the repository (repo_id 0: of every
 * repository), newest number first: {repo_id, repo, number, title, body,
 * state, state_reason, is_pull_request, user, created_at, updated_at,
 * closed_at, merged_at, html_url, labels (array), head_ref, head_label,
 * head_sha, base_ref}.
 */
int github_query_issues(json_t **out, struct ct_db *db, int64_t repo_id);

/*
 * Links of the repository's issues (repo_id 0: every repository):
 * {repo_id, number, kind, target, doc, resolved, source, text}, by
 * issue, kind and target.
 */
int github_query_links(json_t **out, struct ct_db *db, int64_t repo_id);

/* Commits of the document whose summary contains `needle` ("(#228)"): {oid, summary, ballot}. */
int github_query_commits_naming(json_t **out, struct ct_db *db, int64_t doc_id, const char *needle);

/* Whether the document has the ref `name` recorded (full name).  *exists 1 or 0; 0 or CT_EDB. */
int github_query_ref_exists(int *exists, struct ct_db *db, int64_t doc_id, const char *name);

/*
 * Ballot spellings the document's history knows: the ballots commit
 * subjects name and the keys of ballot_sources, as an array of strings
 * (to be normalised by the caller).
 */
int github_query_ballot_names(json_t **out, struct ct_db *db, int64_t doc_id);

#endif
