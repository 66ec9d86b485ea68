/*
 * github.h - the GitHub REST API: fetching pages of issues and pull
 * requests, and parsing them.
 *
 * Owns the HTTP side (libcurl) and the JSON side (jansson) of GitHub; the
 * database never sees a response, only the plain items parsed from it.
 * Invariants: only http and https are spoken; a request goes only to the
 * API's own origin (scheme, host and port of api_url), so a Link header
 * cannot send the client elsewhere; the token is sent only as
 * "Authorization: Bearer" over https, or over plain http only on a
 * connection to a loopback address (127.0.0.0/8, ::1: the address the
 * socket is opened to, after DNS and any proxy, not the name), never to
 * another host after a redirect, and never appears in a message; a
 * response body is bounded; every wait (rate limit, retry) is bounded.
 */
#ifndef CT_GITHUB_H
#define CT_GITHUB_H

#include <stddef.h>

#include "tracker/base/progress.h"
#include "tracker/base/strbuf.h"

#define GITHUB_API_URL "https://api.github.com"
#define GITHUB_API_VERSION "2022-11-28"

struct github_options {
	/* The API's base URL, without a trailing slash (GitHub Enterprise: https://HOST/api/v3). */
	const char *api_url;
	/* A token, or NULL for anonymous requests; refused unless github_token_valid.  With plain http: refused unless the host is a loopback
	   address or "localhost", and a connection to any other address is refused before a request is sent. */
	const char *token;
	/* Seconds one request may take, connection included; 0 = no limit. */
	long timeout;
	/* How many times a request is tried again after a 5xx answer, a timeout or a broken connection. */
	int max_retries;
	/* The first retry waits this many milliseconds, each further one twice as long (at most 30 s). */
	long backoff_ms;
	/* Seconds this client may wait in all for rate limits to reset (403/429 with X-RateLimit-Reset or Retry-After); beyond that a request fails with a message saying when to retry. */
	long max_wait;
	/* The largest response body accepted, in bytes (after decompression). */
	size_t max_bytes;
	/* The User-Agent header GitHub requires. */
	const char *user_agent;
	/* Hears a note when the client waits for a rate limit or tries again (tracker/base/progress.h). */
	struct progress progress;
};
#define GITHUB_OPTIONS_INIT { GITHUB_API_URL, NULL, 30, 3, 1000, 60, (size_t)64 << 20, "cabtrack/0.1", PROGRESS_INIT }

/* What a client did, for summaries and tests. */
struct github_stats {
	unsigned requests;      /* HTTP requests sent, retries included */
	unsigned not_modified;  /* 304 answers */
	unsigned retries;       /* requests tried again after a fault */
	long waited;            /* seconds spent waiting for rate limits */
};

struct github_client;

/*
 * Make a client.  Checks api_url (http or https, with a host) and that the
 * token may be sent there (https, or plain http to a loopback address
 * literal or "localhost").  0, or CT_EINVALID with a message naming the URL.
 */
int github_client_new(struct github_client **out, const struct github_options *opts);

/* Free the client (NULL is fine). */
void github_client_free(struct github_client *c);

/*
 * Whether token[0..len) may go into an Authorization header: not empty,
 * and only printable ASCII without space (0x21-0x7e), so that it can
 * neither add a header line nor end the request.  1 or 0.
 */
int github_token_valid(const char *token, size_t len);

/*
 * Refuse a token that is not github_token_valid: CT_EINVALID with one
 * message naming `source` (e.g. "$GITHUB_TOKEN") and what is wrong at
 * which byte, never the token itself; else 0.
 */
int github_token_check(const char *token, size_t len, const char *source);

/* The client's counters so far. */
struct github_stats github_client_stats(const struct github_client *c);

/* One answer: 200 with a body, or 304 (Not Modified) without. */
struct github_response {
	long status;
	struct strbuf body;
	char *etag;             /* the ETag header, or NULL */
	char *next;             /* the Link header's rel="next" URL, or NULL on the last page */
};
#define GITHUB_RESPONSE_INIT { 0, STRBUF_INIT, NULL, NULL }

/* Free what a response holds and make it GITHUB_RESPONSE_INIT again. */
void github_response_release(struct github_response *r);

/*
 * GET `url` (absolute, on the API's origin), sending If-None-Match: etag
 * when etag is not NULL.  Retries 5xx answers, timeouts and broken
 * connections up to max_retries times with backoff; on 403/429 with rate
 * limit headers waits for the reset when that fits in what is left of
 * max_wait.  Returns 0 with out->status 200 or 304; otherwise CT_ENET
 * (network, 5xx, rate limit: the message says when to retry),
 * CT_ENOTFOUND (404) or CT_EINVALID (URL off the API's origin, or a plain
 * http connection carrying the token would go to a non-loopback address), with a
 * message naming the URL and the problem.  `out` must be
 * GITHUB_RESPONSE_INIT or released.
 */
int github_get(struct github_response *out, struct github_client *c, const char *url, const char *etag);

/*
 * Find the URL of relation `rel` ("next", "last", ...) in the value of a
 * Link header (RFC 8288): `<URL>; rel="next", <URL>; rel="last"`.  The
 * value is value[0..len) and need not be NUL-terminated; rel may be quoted
 * or not and may list several relations ("next last").  Sets *url to a new
 * string and returns 0; CT_ENOTFOUND when no link has that relation;
 * CT_EINVALID when the value is malformed before one is found.  Runs in
 * time linear in len and never reads past it.
 */
int github_link_find(char **url, const char *value, size_t len, const char *rel);

/*
 * Whether `name` is a repository name as OWNER/REPO: two non-empty parts
 * of at most 100 of [A-Za-z0-9._-], not "." or "..".  1 or 0.
 */
int github_repo_name_valid(const char *name);

/*
 * The repository OWNER/REPO named by a GitHub URL: an API URL
 * (".../repos/OWNER/REPO[/...]") or a web URL ("https://github.com/OWNER/
 * REPO/issues/1").  Writes at most outsz bytes; 0, or CT_EINVALID when the
 * URL names no valid repository.
 */
int github_repo_from_url(char *out, size_t outsz, const char *url);

/*
 * One issue or pull request, from the issue listing (/issues) or the pull
 * listing (/pulls).  Strings are UTF-8 as GitHub sent them, owned by the
 * item; NULL when absent or null.
 */
struct github_item {
	long number;
	char *title, *body, *state, *state_reason, *user;
	char *created_at, *updated_at, *closed_at; /* "2024-02-20T16:41:16Z" */
	char *html_url;
	char *labels;           /* JSON array of label names, compact: ["Parked"] */
	char *repo;             /* OWNER/REPO, from repository_url, base.repo or html_url; NULL if none */
	int is_pull_request;
	int from_pulls;         /* /pulls shape: head and base below are known */
	char *merged_at;        /* pull requests: NULL when not merged */
	char *head_ref, *head_label, *head_sha, *base_ref;
};

/*
 * Parse a page (or a saved file) of items: a JSON array of issue or pull
 * objects, one such object, or several arrays one after another (as `gh
 * api --paginate` saves them).  `source` names the URL or file in
 * messages.  Sets *out (free with github_items_free) and *n; returns 0, or
 * CT_EINVALID with a message naming the source, the item and the problem
 * (not JSON, truncated, a field missing or of the wrong type, a state other
 * than "open" or "closed").
 */
int github_parse_items(struct github_item **out, size_t *n, const char *data, size_t len, const char *source);

/*
 * github_parse_items with every byte parsed by jansson, without decoding
 * long strings apart: the same items and errors, more slowly.  For tests
 * and fuzzing, which compare the two.
 */
int github_parse_items_plain(struct github_item **out, size_t *n, const char *data, size_t len, const char *source);

/* Free items from github_parse_items. */
void github_items_free(struct github_item *items, size_t n);

#endif
