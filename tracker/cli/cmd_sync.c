/*
 * cmd_sync.c - `cabtrack sync github OWNER/REPO`: a repository's issues and
 * pull requests over the GitHub REST API, in one transaction.
 *
 * Two listings are paged through, newest update first: /issues (issues
 * and pull requests, labels) and /pulls (heads, bases, merges).  Each
 * page's ETag is kept and sent back; a 304 means the page, and so
 * everything after it in that order, is already stored.  After a first
 * complete sync, paging also stops at the first page holding an item
 * stored with the same updated_at.  A sync that fails stores nothing (not
 * even ETags), so the next one starts from the same state and completes
 * the work.  The token (GITHUB_TOKEN or --token-file) is never stored or
 * printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "importers/github.h"
#include "db/github_query.h"
#include "importers/github_store.h"
#include "tracker/issue_link.h"
#include "tracker/pr_sections.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack sync github OWNER/REPO [--api-url URL] [--since DATE] [--token-file F]\n"
	"                            [--timeout S] [--max-wait S] [--retries N] [--doc NAME] [-q]\n\n"
	"Stores the repository's issues and pull requests (labels, heads and bases of pull\n"
	"requests) and links them to sections, ballots, refs and other issues.  After the\n"
	"first sync only what changed is fetched; unchanged pages are answered 304.\n"
	"The token is $GITHUB_TOKEN, or the first line of --token-file; it is sent only\n"
	"over https or to a loopback address, and never stored or shown.\n\n"
	"   --api-url URL    the API (default https://api.github.com)\n"
	"   --since DATE     only issues updated on or after DATE (2024-01-01, -6m)\n"
	"   --token-file F   read the token from file F instead of $GITHUB_TOKEN\n"
	"   --timeout S      seconds one request may take (default 30)\n"
	"   --max-wait S     seconds to wait in all for rate limits to reset (default 60);\n"
	"                    beyond that the sync stops and says when to retry\n"
	"   --retries N      times a request is tried again after a 5xx or timeout (default 3)\n"
	"   --doc NAME       the document issues are linked against (needed when the\n"
	"                    database holds several and none is named like REPO)\n"
	"   -q, --quiet      no summary and no progress line\n"
	"   --progress       show the progress line even when standard error is not a terminal\n"
	"                    (and with -q)\n";

/* Pages of one listing at the most: 100,000 items at GitHub's 100 a page. */
#define MAX_PAGES 1000

struct sync {
	struct ct_db *db;
	struct github_client *gh;
	int64_t repo_id;
	const char *repo;
	const char *since;      /* ISO time, or NULL */
	int incremental;        /* a complete sync covered this window: stop at what is stored */
	size_t items, pulls;    /* items received from /issues and from /pulls */
	const struct progress *progress; /* the items so far, page by page */
	json_t *changed;        /* numbers of the items stored anew or changed -> true */
};

/* Page through one listing starting at `url`. */
static int sync_listing(struct sync *s, const char *first, int pulls)
{
	char *url = xstrdup(first);
	int rc = 0, pages = 0;
	while (url && rc == 0) {
		if (++pages > MAX_PAGES) {
			rc = ct_error_set(CT_ENET, "%s: more than %d pages; the server's Link headers do not end", url, MAX_PAGES);
			break;
		}
		char *etag = NULL, *stored_next = NULL;
		struct github_response r = GITHUB_RESPONSE_INIT;
		rc = github_query_etag(&etag, &stored_next, s->db, url);
		if (rc == 0)
			rc = github_get(&r, s->gh, url, etag);
		char *next = NULL;
		if (rc == 0 && r.status == 304) {
			/* unchanged: stored when its ETag was; what follows is older, or stored too */
			if (!s->incremental && stored_next)
				next = xstrdup(stored_next);
		} else if (rc == 0) {
			struct github_item *items = NULL;
			size_t n = 0;
			int known = 0, older = 0;
			rc = github_parse_items(&items, &n, r.body.buf, r.body.len, url);
			for (size_t i = 0; i < n && rc == 0; i++) {
				char updated[40];
				int has_head, changed;
				if ((rc = github_query_item_state(updated, sizeof(updated), &has_head, s->db, s->repo_id,
								  items[i].number)) < 0)
					break;
				if (s->incremental && !strcmp(updated, items[i].updated_at) && (!pulls || has_head))
					known = 1;
				if (s->since && strcmp(items[i].updated_at, s->since) < 0) {
					older = 1;
					continue;
				}
				if ((rc = github_store_item(&changed, s->db, s->repo_id, &items[i])) < 0)
					break;
				*(pulls ? &s->pulls : &s->items) += 1;
				if (changed) {
					char num[24];
					snprintf(num, sizeof(num), "%ld", items[i].number);
					json_object_set_new(s->changed, num, json_true());
				}
			}
			github_items_free(items, n);
			if (rc == 0 && r.etag)
				rc = github_store_etag(s->db, url, r.etag, r.next);
			if (rc == 0 && !known && !older && r.next)
				next = xstrdup(r.next);
		}
		free(etag);
		free(stored_next);
		github_response_release(&r);
		free(url);
		url = next;
		progress_say(s->progress, 0, "syncing %s: %zu issues and pull requests, %zu pull heads (%d page%s)", s->repo,
			     s->items, s->pulls, pages, pages == 1 ? "" : "s");
	}
	free(url);
	return rc;
}

/*
 * The first line of the token file, its line end (LF or CRLF) removed and
 * checked like every token (github_token_check).
 */
static int read_token(struct strbuf *token, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return ct_error_set(CT_EINVALID, "--token-file '%s': %s", path, strerror(errno));
	char buf[1024];
	size_t n;
	while (!memchr(token->buf, '\n', token->len) && token->len < 65536 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(token, buf, n);
	fclose(f);
	char *nl = memchr(token->buf, '\n', token->len);
	if (nl)
		strbuf_setlen(token, (size_t)(nl - token->buf));
	if (token->len && token->buf[token->len - 1] == '\r')
		strbuf_setlen(token, token->len - 1);
	struct strbuf source = STRBUF_INIT;
	strbuf_addf(&source, "--token-file '%s'", path);
	int rc = github_token_check(token->buf, token->len, source.buf);
	strbuf_release(&source);
	return rc;
}

/* A whole number 0..max given to --opt; -1 after reporting a usage error. */
static int parse_count(long *out, const char *s, const char *opt, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max) {
		cli_usage_error("sync", "--%s: '%s' is not a whole number from 0 to %ld", opt, s, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* The whole sync inside the open transaction. */
static int run(struct sync *s, const char *api_url, const char *doc_given, const char *since)
{
	char *doc = NULL;
	json_t *repo = NULL;
	int rc = issue_link_pick_doc(&doc, s->db, s->repo, doc_given);
	if (rc == 0)
		rc = github_store_repo(&s->repo_id, s->db, s->repo, doc);
	if (rc == 0)
		rc = github_query_repo(&repo, s->db, s->repo);
	if (rc < 0) {
		free(doc);
		return rc;
	}
	const char *stored_since = json_string_value(json_object_get(repo, "since"));
	const char *stored_api = json_string_value(json_object_get(repo, "api_url"));
	int synced = json_is_string(json_object_get(repo, "synced_at")) && stored_api && !strcmp(stored_api, api_url);
	s->incremental = synced && (!stored_since || (since && strcmp(since, stored_since) >= 0));
	const char *window = s->incremental ? stored_since : since;
	s->since = since;

	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s/repos/%s/issues?state=all&sort=updated&direction=desc&per_page=100", api_url, s->repo);
	if (since)
		strbuf_addf(&url, "&since=%s", since);
	rc = sync_listing(s, url.buf, 0);
	strbuf_reset(&url);
	strbuf_addf(&url, "%s/repos/%s/pulls?state=all&sort=updated&direction=desc&per_page=100", api_url, s->repo);
	if (rc == 0)
		rc = sync_listing(s, url.buf, 1);
	if (rc == 0)
		rc = issue_link_rebuild(s->db, s->repo_id);
	if (rc == 0)
		rc = pr_sections_rebuild(s->db, s->repo_id);
	if (rc == 0)
		rc = github_store_repo_done(s->db, s->repo_id, 1, api_url, window);
	strbuf_release(&url);
	json_decref(repo);
	free(doc);
	return rc;
}

int cmd_sync(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "api-url", required_argument, NULL, 'u' },
		{ "since", required_argument, NULL, 's' },
		{ "token-file", required_argument, NULL, 'T' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-wait", required_argument, NULL, 'w' },
		{ "retries", required_argument, NULL, 'r' },
		{ "doc", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct github_options opts = GITHUB_OPTIONS_INIT;
	const char *token_file = NULL, *doc = NULL, *source = NULL, *repo = NULL;
	char since[32] = "";
	long retries = opts.max_retries;
	int quiet = 0, forced = 0, c;
	cli_getopt_reset();
	for (;;) {
		while ((c = cli_getopt(argc, argv, "+qh", longopts, usage)) != -1) {
			struct ct_date d;
			switch (c) {
			case -2:
				return 0;
			case -3:
				return CLI_EXIT_ERROR;
			case 'u':
				if (!*optarg)
					return cli_usage_error("sync", "--api-url is empty; give the API's URL or leave the option out");
				opts.api_url = optarg;
				break;
			case 's':
				if (cli_day(&d, "--since", optarg) < 0)
					return cli_usage_error("sync", "%s", ct_error_last());
				ct_date_format(since, &d);
				strcat(since, "T00:00:00Z");
				break;
			case 'T':
				token_file = optarg;
				break;
			case 't':
				if (parse_count(&opts.timeout, optarg, "timeout", 86400) < 0)
					return CLI_EXIT_ERROR;
				break;
			case 'w':
				if (parse_count(&opts.max_wait, optarg, "max-wait", 86400) < 0)
					return CLI_EXIT_ERROR;
				break;
			case 'r':
				if (parse_count(&retries, optarg, "retries", 20) < 0)
					return CLI_EXIT_ERROR;
				opts.max_retries = (int)retries;
				break;
			case 'd':
				doc = optarg;
				break;
			case 'q':
				quiet = 1;
				break;
			case 'P':
				forced = 1;
				break;
			}
		}
		if (optind >= argc)
			break;
		if (!source)
			source = argv[optind];
		else if (!repo)
			repo = argv[optind];
		else
			return cli_usage_error("sync", "unexpected argument '%s'", argv[optind]);
		optind++;
	}
	if (!source)
		return cli_usage_error("sync", "name what to sync: sync github OWNER/REPO");
	if (strcmp(source, "github"))
		return cli_usage_error("sync", "'%s' is not a source cabtrack syncs from (only: github)", source);
	if (!repo)
		return cli_usage_error("sync", "name the repository: sync github OWNER/REPO");
	if (!github_repo_name_valid(repo))
		return cli_usage_error("sync", "'%s' is not a repository name OWNER/REPO", repo);

	struct strbuf token = STRBUF_INIT;
	const char *env = getenv("GITHUB_TOKEN");
	if (token_file) {
		if (read_token(&token, token_file) < 0) {
			strbuf_release(&token);
			return cli_fail();
		}
	} else if (env && *env) {
		if (github_token_check(env, strlen(env), "$GITHUB_TOKEN") < 0)
			return cli_fail();
		strbuf_addstr(&token, env);
	}
	opts.token = token.len ? token.buf : NULL;
	terminal_progress_init(&opts.progress, quiet, forced);

	struct sync s = { 0 };
	s.repo = repo;
	s.progress = &opts.progress;
	struct github_client *gh = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = github_client_new(&gh, &opts);
	memset(token.buf, 0, token.len);
	strbuf_release(&token);
	if (rc < 0)
		return cli_fail();
	s.gh = gh;
	s.changed = json_object();
	/* the API URL as the client normalised it: the key of stored state */
	struct strbuf api = STRBUF_INIT;
	strbuf_addstr(&api, opts.api_url && *opts.api_url ? opts.api_url : GITHUB_API_URL);
	while (api.len && api.buf[api.len - 1] == '/')
		strbuf_setlen(&api, api.len - 1);

	if (cli_open(&s.db, 1) < 0 || db_begin(s.db) < 0)
		goto fail;
	rc = run(&s, api.buf, doc, *since ? since : NULL);
	progress_say(s.progress, 1, "syncing %s: %zu issues and pull requests, %zu pull heads%s", repo, s.items, s.pulls,
		     rc < 0 ? ", failed" : "");
	if (rc < 0 || db_commit(s.db) < 0)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct github_stats st = github_client_stats(gh);
	if (!quiet) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		size_t changed = json_object_size(s.changed);
		if (!changed)
			printf("%s is up to date: nothing new in %u request%s (%u not modified), %.2f s\n", repo,
			       st.requests, st.requests == 1 ? "" : "s", st.not_modified, secs);
		else
			printf("synced %s: %zu issues and pull requests and %zu pull heads received, %zu new or changed; "
			       "%u requests (%u not modified, %u retried), %.2f s\n",
			       repo, s.items, s.pulls, changed, st.requests, st.not_modified, st.retries, secs);
	}
	json_decref(s.changed);
	db_free(s.db);
	github_client_free(gh);
	strbuf_release(&api);
	return 0;
fail:
	rc = cli_fail();
	if (s.db) {
		db_rollback(s.db);
		db_free_discard(s.db);
	}
	github_client_free(gh);
	strbuf_release(&api);
	json_decref(s.changed);
	return rc;
}
