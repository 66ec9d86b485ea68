/*
 * cmd_import.c - `cabtrack import`: a guideline's git history, or a plain
 * Markdown file, into the database, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "importers/import.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "tracker/import_document.h"

static const char usage[] =
	"usage: cabtrack import REPO --path FILE [--doc NAME] [--ref REF]... [--main BRANCH]\n"
	"   or: cabtrack import FILE.md [--doc NAME]\n"
	"   or: cabtrack import github FILE.json... [--repo OWNER/REPO] [--doc NAME]\n"
	"   or: cabtrack import minutes FILE.md...\n"
	"   or: cabtrack import state FILE.json\n\n"
	"Imports every version of FILE reachable from the given refs, or from all refs of\n"
	"the repository (branches, tags, remote-tracking branches, refs/pull/*) when none\n"
	"is given.  REPO may be a URL: it is cloned (then fetched) into the cache folder.\n"
	"Re-importing is cheap: only new commits are walked, new blobs read, new sections parsed.\n\n"
	"   --path FILE     the file inside the repository (SBR.md, docs/BR.md)\n"
	"   --doc NAME      the document's name (default: FILE's base name: SBR, BR, CSBR)\n"
	"   --ref REF       import only what REF reaches (repeatable)\n"
	"   --main BRANCH   the branch that queries default to (default: main, else HEAD)\n"
	"   -q, --quiet     no progress line and no summary\n"
	"   --progress      show the progress line even when standard error is not a terminal\n"
	"                   (and with -q)\n";

int cmd_import(int argc, char **argv)
{
	/* `import github FILE.json...`: saved GitHub API responses (cmd_import_github.c) */
	if (argc > 1 && !strcmp(argv[1], "github"))
		return cmd_import_github(argc - 1, argv + 1);
	/* `import minutes FILE.md...`: meetings from minutes posts (cmd_import_minutes.c) */
	if (argc > 1 && !strcmp(argv[1], "minutes"))
		return cmd_import_minutes(argc - 1, argv + 1);
	/* `import state FILE`: what `cabtrack export` wrote (cmd_export.c) */
	if (argc > 1 && !strcmp(argv[1], "state"))
		return cmd_import_state(argc - 1, argv + 1);
	static const struct option longopts[] = {
		{ "path", required_argument, NULL, 'p' },
		{ "doc", required_argument, NULL, 'd' },
		{ "ref", required_argument, NULL, 'r' },
		{ "main", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options opts = IMPORT_OPTIONS_INIT;
	const char **refs = NULL;
	size_t nrefs = 0;
	int quiet = 0, forced = 0, c, ret = CLI_EXIT_ERROR;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "+p:d:r:m:qh", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			free(refs);
			return 0;
		case -3:
			free(refs);
			return CLI_EXIT_ERROR;
		case 'p':
			opts.path = optarg;
			break;
		case 'd':
			opts.doc = optarg;
			break;
		case 'r':
			refs = xrealloc(refs, (nrefs + 1) * sizeof(*refs));
			refs[nrefs++] = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'P':
			forced = 1;
			break;
		case 'm':
			opts.main_branch = optarg;
			break;
		}
	}
	/* options may follow the source too */
	const char *src = NULL;
	while (optind < argc) {
		if (src) {
			free(refs);
			return cli_usage_error("import", "one source at a time ('%s' and '%s')", src, argv[optind]);
		}
		src = argv[optind++];
		while ((c = cli_getopt(argc, argv, "+p:d:r:m:qh", longopts, usage)) != -1) {
			if (c == -2 || c == -3) {
				free(refs);
				return c == -2 ? 0 : CLI_EXIT_ERROR;
			}
			if (c == 'p')
				opts.path = optarg;
			else if (c == 'd')
				opts.doc = optarg;
			else if (c == 'm')
				opts.main_branch = optarg;
			else if (c == 'r') {
				refs = xrealloc(refs, (nrefs + 1) * sizeof(*refs));
				refs[nrefs++] = optarg;
			} else if (c == 'q')
				quiet = 1;
			else if (c == 'P')
				forced = 1;
		}
	}
	if (!src) {
		free(refs);
		return cli_usage_error("import", "name a repository (or a Markdown file) to import");
	}
	/* An empty name would be stored and then match nothing: refused before anything is. */
	if ((opts.doc && !*opts.doc) || (opts.main_branch && !*opts.main_branch)) {
		free(refs);
		return cli_usage_error("import", "--%s is empty; give a name or leave the option out",
				       opts.doc && !*opts.doc ? "doc" : "main");
	}
	opts.refs = refs;
	opts.nrefs = nrefs;
	terminal_progress_init(&opts.progress, quiet, forced);

	int plain = import_document_is_file(src, &opts);
	struct ct_db *db = NULL;
	struct import_stats stats;
	int rc = cli_open(&db, 1);
	if (rc == 0)
		rc = db_begin(db);
	if (rc == 0)
		rc = import_document(&stats, db, src, &opts);
	if (rc < 0 || db_commit(db) < 0)
		goto fail;
	if (!quiet) {
		if (plain)
			printf("imported %s from %s: %zu new version, %zu new sections\n", stats.doc, src,
			       stats.versions_new, stats.sections_new);
		else if (!stats.commits_walked)
			printf("%s is up to date with %s (%zu refs)\n", stats.doc, src, stats.refs);
		else
			printf("imported %s from %s: %zu new commits (%zu with %s), %zu new versions, %zu new sections, %zu refs\n",
			       stats.doc, src, stats.commits_walked, stats.commits_with_file, opts.path,
			       stats.versions_new, stats.sections_new, stats.refs);
	}
	db_free(db);
	free(refs);
	return 0;
fail:
	ret = cli_fail();
	if (db) {
		db_rollback(db);
		db_free_discard(db);
	}
	free(refs);
	return ret;
}
