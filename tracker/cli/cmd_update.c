/*
 * cmd_update.c - `cabtrack update`: everything the project file names,
 * brought up to date in one command (tracker/update.h does the work): the
 * options, the token, progress on a terminal, and the report printed:
 * errors on stderr, one line each, then notes and the summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "tracker/project.h"
#include "tracker/update.h"

static const char usage[] =
	"usage: cabtrack update [--offline] [-q]\n\n"
	"For each document of the project file (cabtrack.conf; see 'cabtrack init'): clone (the\n"
	"first time) or fetch its repository into the cache, with its pull-request heads and its\n"
	"extra remotes, and import what is new; then sync the GitHub repository (cabtrack.github).\n"
	"A local repository path is imported as it is.  A fetch that fails (network,\n"
	"authentication) leaves that document as it was and says which remote and why; the\n"
	"other documents still update.  Ends with one summary: new versions, new ballots, issues\n"
	"new and updated, dates added or removed; a step that failed or was skipped says so.\n"
	"Exit status 0 when every step that could run succeeded, 2 when any failed.\n\n"
	"   --offline       no network: import what the cache and local repositories hold,\n"
	"                   and do not sync GitHub\n"
	"   -q, --quiet     only the summary and errors\n";

int cmd_update(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "offline", no_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int quiet = 0, offline = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "q", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'q')
			quiet = 1;
		if (c == 'o')
			offline = 1;
	}
	if (optind < argc)
		return cli_usage_error("update", "unexpected argument '%s'", argv[optind]);
	char *conf = project_path(cli_db_path);
	struct stat st;
	if (stat(conf, &st) != 0) {
		ct_error_set(CT_ENOTFOUND, "no project file '%s'; write one with 'cabtrack init --preset smime' (or servercert, "
			     "codesigning)", conf);
		free(conf);
		return cli_fail();
	}
	free(conf);
	json_t *docs = NULL;
	if (project_check(cli_db_path) < 0 || project_documents(&docs, cli_db_path) < 0)
		return cli_fail();
	const char *github = cli_setting("cabtrack.github");
	if (!json_array_size(docs) && !(github && *github)) {
		json_decref(docs);
		ct_error_set(CT_EINVALID, "the project file names no document and no GitHub repository; see 'cabtrack config --help'");
		return cli_fail();
	}
	struct update_options opts = UPDATE_OPTIONS_INIT;
	opts.db_path = cli_db_path;
	opts.documents = docs;
	opts.github = github;
	opts.offline = offline;
	const char *api = cli_setting("cabtrack.api-url");
	if (api && *api)
		opts.sync.github.api_url = api;
	/* on a terminal: each step, the fetch's objects, the walk, the issues synced (tracker/cli/terminal.c) */
	terminal_progress_init(&opts.progress, quiet, 0);
	struct strbuf token = STRBUF_INIT;
	if (github && *github && !offline && cli_github_token(&token, NULL) < 0) {
		strbuf_release(&token);
		json_decref(docs);
		return cli_fail();
	}
	opts.sync.github.token = token.len ? token.buf : NULL;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct update_report r = UPDATE_REPORT_INIT;
	int rc = update_project(&r, &opts);
	memset(token.buf, 0, token.len);
	strbuf_release(&token);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* errors as they were met, one line each; then what is worth knowing; then what changed */
	const char *line = r.errors.buf;
	for (const char *nl; *line && (nl = strchr(line, '\n')); line = nl + 1)
		fprintf(stderr, "cabtrack: error: update: %.*s\n", (int)(nl - line), line);
	if (!quiet)
		fputs(r.notes.buf, stdout);
	if (r.changed || r.failed || r.skipped)
		fputs(r.summary.buf, stdout);
	else
		printf("up to date: nothing new (%.2f s)\n", secs);
	update_report_release(&r);
	json_decref(docs);
	return rc < 0 ? CLI_EXIT_ERROR : CLI_EXIT_OK;
}
