/*
 * cmd_sync.c - `cabtrack sync github OWNER/REPO`: a repository's issues and
 * pull requests over the GitHub REST API, in one transaction.
 *
 * The paging, storing and linking are the engine's (tracker/sync.h); this
 * file parses the options, reads the token and runs one transaction.  A
 * sync that fails stores nothing (not even ETags), so the next one starts
 * from the same state and completes
 * the work.  The token (GITHUB_TOKEN or --token-file) is never stored or
 * printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "importers/datephrase.h"
#include "importers/github.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "tracker/sync.h"

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
	if (cli_github_token(&token, token_file) < 0) {
		strbuf_release(&token);
		return cli_fail();
	}
	opts.token = token.len ? token.buf : NULL;
	terminal_progress_init(&opts.progress, quiet, forced);

	struct sync_options so = SYNC_OPTIONS_INIT;
	so.github = opts;
	so.doc = doc;
	so.since = *since ? since : NULL;
	struct sync_stats st;
	struct ct_db *db = NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = cli_open(&db, 1);
	if (rc == 0)
		rc = db_begin(db);
	if (rc == 0)
		rc = sync_repository(&st, db, repo, &so);
	if (rc == 0)
		rc = db_commit(db);
	memset(token.buf, 0, token.len);
	strbuf_release(&token);
	if (rc < 0) {
		rc = cli_fail();
		if (db) {
			db_rollback(db);
			db_free_discard(db);
		}
		return rc;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!quiet) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (!st.changed)
			printf("%s is up to date: nothing new in %u request%s (%u not modified), %.2f s\n", repo,
			       st.http.requests, st.http.requests == 1 ? "" : "s", st.http.not_modified, secs);
		else
			printf("synced %s: %zu issues and pull requests and %zu pull heads received, %zu new or changed; "
			       "%u requests (%u not modified, %u retried), %.2f s\n",
			       repo, st.items, st.pulls, st.changed, st.http.requests, st.http.not_modified, st.http.retries, secs);
	}
	db_free(db);
	return 0;
}
