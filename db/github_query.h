/*
 * github_query.h - what the tracker reads of GitHub data: repositories,
 * issues and pull requests, stored ETags and links, and the few facts of
 * a document's history that links need (merge commits, refs, ballots).
 *
 * The nouns come back as typed records (issue 13): a repository (struct
 * ct_gh_repo), an issue or pull request (struct ct_issue) and a link of
 * one (struct ct_issue_link), each in a list the caller owns and gives
 * back with its `_release`; `*_to_json` builds the JSON of a record for
 * the edges (--format json, view models), keys in the order below.
 * Every function returns 0 or a negative
 * CT_E* code with the message kept.
 */
#ifndef CT_GITHUB_QUERY_H
#define CT_GITHUB_QUERY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

/*
 * One row of gh_repos.  Strings are owned; name is never NULL, the others
 * are NULL for SQL NULL (doc: not linked to a document; api_url, since,
 * synced_at: never synced; last_updated_at: nothing stored).
 */
struct ct_gh_repo {
	int64_t id;
	char *name;              /* OWNER/REPO */
	char *doc;               /* documents.name its issues link against */
	char *api_url;
	char *since;
	char *last_updated_at;
	char *synced_at;
};
struct ct_gh_repo_list { struct ct_gh_repo *items; size_t n; };
#define CT_GH_REPO_LIST_INIT { NULL, 0 }

/*
 * One issue or pull request (gh_issues joined with its repository's
 * name).  Strings are owned.  Never NULL: repo, title, state, created_at,
 * updated_at.  NULL for SQL NULL: body, state_reason, user, closed_at,
 * merged_at, html_url and, except for pull requests synced with their
 * heads, head_ref, head_label, head_sha, base_ref.
 */
struct ct_issue {
	int64_t repo_id;
	char *repo;              /* OWNER/REPO */
	int64_t number;
	char *title;
	char *body;
	char *state;             /* "open" or "closed" (now) */
	char *state_reason;
	int is_pull_request;     /* 1 or 0 */
	char *user;
	char *created_at, *updated_at, *closed_at, *merged_at;
	char *html_url;          /* as GitHub gave it: not checked to be http(s) */
	char **labels;           /* label names as listed; nlabels of them */
	size_t nlabels;
	char *head_ref, *head_label, *head_sha, *base_ref;
};
struct ct_issue_list { struct ct_issue *items; size_t n; };
#define CT_ISSUE_LIST_INIT { NULL, 0 }

/* What kind of thing an issue links to (issue_links.kind). */
enum ct_issue_link_kind {
	CT_LINK_SECTION,         /* "section": a section number */
	CT_LINK_BALLOT,          /* "ballot": a ballot key ("SMC5") */
	CT_LINK_ISSUE,           /* "issue": another issue's number */
	CT_LINK_REF,             /* "ref": a branch or tag */
	CT_LINK_ADDRESSED,       /* "addressed": a ballot key whose change addresses it */
};

/*
 * One row of issue_links.  Strings are owned; doc is NULL when the link
 * was not resolved against a document, the others are never NULL.
 */
struct ct_issue_link {
	int64_t repo_id;
	int64_t number;          /* the issue's */
	enum ct_issue_link_kind kind;
	char *target;
	char *doc;
	int resolved;            /* 1: the target exists (a section of the document, a known ballot) */
	char *source;            /* title, body, label, merge, pull */
	char *text;              /* the text that matched, as written */
};
struct ct_issue_link_list { struct ct_issue_link *items; size_t n; };
#define CT_ISSUE_LINK_LIST_INIT { NULL, 0 }

/* Every repository, by name. */
int github_query_repo_list(struct ct_gh_repo_list *out, struct ct_db *db);

/*
 * The repository `name` (OWNER/REPO, any case) into *out (the caller
 * releases it with ct_gh_repo_release).  CT_ENOTFOUND with a message when
 * it is not there.
 */
int github_query_repo_get(struct ct_gh_repo *out, struct ct_db *db, const char *name);

/* Issues and pull requests of repository repo_id (0: of every repository), by repository name, newest number first. */
int github_query_issue_list(struct ct_issue_list *out, struct ct_db *db, int64_t repo_id);

/* Links of the issues of repository repo_id (0: every repository), by repo_id, number, kind and target. */
int github_query_link_list(struct ct_issue_link_list *out, struct ct_db *db, int64_t repo_id);

/* Free what `r` holds and zero it. */
void ct_gh_repo_release(struct ct_gh_repo *r);

/* Free what `list` holds and reset it to CT_GH_REPO_LIST_INIT (the struct itself is the caller's). */
void ct_gh_repo_list_release(struct ct_gh_repo_list *list);

/* Free what `list` holds and reset it to CT_ISSUE_LIST_INIT. */
void ct_issue_list_release(struct ct_issue_list *list);

/* Free what `list` holds and reset it to CT_ISSUE_LINK_LIST_INIT. */
void ct_issue_link_list_release(struct ct_issue_link_list *list);

/* Whether the issue has the label `name` (any case). */
int ct_issue_has_label(const struct ct_issue *is, const char *name);

/* The kind's name as stored: "section", "ballot", "issue", "ref", "addressed". */
const char *ct_issue_link_kind_name(enum ct_issue_link_kind kind);

/* {id, name, doc, api_url, since, last_updated_at, synced_at}, NULL strings as null. */
json_t *ct_gh_repo_to_json(const struct ct_gh_repo *r);

/*
 * {repo_id, repo, number, title, body, state, state_reason,
 * is_pull_request (0 or 1), user, created_at, updated_at, closed_at,
 * merged_at, html_url, labels (array of strings), head_ref, head_label,
 * head_sha, base_ref}, NULL strings as null.
 */
json_t *ct_issue_to_json(const struct ct_issue *is);

/* The labels as a JSON array of strings. */
json_t *ct_issue_labels_to_json(const struct ct_issue *is);

/* {repo_id, number, kind, target, doc, resolved (0 or 1), source, text}, doc null when NULL. */
json_t *ct_issue_link_to_json(const struct ct_issue_link *l);

/*
 * What is stored of issue `number`: its updated_at into updated (at most
 * size bytes, "" when the issue is not stored) and whether its pull
 * request head is known (from /pulls).  0 or CT_EDB.
 */
int github_query_item_state(char *updated, size_t size, int *has_head, struct ct_db *db, int64_t repo_id, long number);

/* The stored ETag and next-page URL of `url`; both NULL when none.  The caller frees them.  0 or CT_EDB. */
int github_query_etag(char **etag, char **next, struct ct_db *db, const char *url);

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
