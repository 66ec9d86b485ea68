/*
 * cmd_import_github.c - `cabtrack import github FILE.json...`: saved GitHub
 * API responses (issue or pull listings) into the database, offline, in
 * one transaction, then the issues' links rebuilt as after a sync.
 *
 * Every file must parse and every item belong to the one repository
 * (--repo, else the one the items name), or nothing is stored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "importers/github.h"
#include "importers/github_store.h"
#include "tracker/issue_link.h"
#include "tracker/pr_sections.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack import github FILE.json... [--repo OWNER/REPO] [--doc NAME] [-q]\n\n"
	"Loads saved responses of GitHub's issue or pull listings (GET /repos/OWNER/REPO/issues\n"
	"or /pulls, one page, or pages one after another as `gh api --paginate` saves them)\n"
	"and links the issues to sections, ballots, refs and other issues.\n\n"
	"   --repo OWNER/REPO  the repository (default: the one the items name)\n"
	"   --doc NAME         the document issues are linked against\n"
	"   -q, --quiet        no summary\n";

/* The largest file read: saved listings are a few MB at most. */
#define MAX_FILE_BYTES ((size_t)256 << 20)

struct loaded {
	struct github_item *items;
	size_t n;
	const char *file;
};

/* Parse every file; settle the repository into repo (given or named by the items). */
static int load_all(struct loaded *files, size_t nfiles, char *repo, size_t size)
{
	struct strbuf data = STRBUF_INIT;
	int rc = 0;
	for (size_t f = 0; f < nfiles && rc == 0; f++) {
		strbuf_reset(&data);
		if ((rc = cli_read_file(&data, files[f].file, MAX_FILE_BYTES)) < 0)
			break;
		rc = github_parse_items(&files[f].items, &files[f].n, data.buf, data.len, files[f].file);
		for (size_t i = 0; i < files[f].n && rc == 0; i++) {
			const char *r = files[f].items[i].repo;
			if (!r)
				continue;
			if (!*repo)
				snprintf(repo, size, "%s", r);
			else if (strcasecmp(repo, r))
				rc = ct_error_set(CT_EINVALID, "%s: #%ld belongs to %s, not %s (import one repository at a time)",
						  files[f].file, files[f].items[i].number, r, repo);
		}
	}
	strbuf_release(&data);
	if (rc == 0 && !*repo)
		rc = ct_error_set(CT_EINVALID, "cannot tell which repository '%s' is from; name it with --repo OWNER/REPO",
				  files[0].file);
	return rc;
}

int cmd_import_github(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "doc", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *doc = NULL;
	char repo[256] = "";
	int quiet = 0, c;
	struct loaded *files = xcalloc((size_t)argc, sizeof(*files));
	size_t nfiles = 0;
	argv[0] = (char *)"import github"; /* for cli_getopt's messages */
	cli_getopt_reset();
	for (;;) {
		while ((c = cli_getopt(argc, argv, "+qh", longopts, usage)) != -1) {
			if (c == -2 || c == -3) {
				free(files);
				return c == -2 ? 0 : CLI_EXIT_ERROR;
			}
			if (c == 'r') {
				if (!github_repo_name_valid(optarg)) {
					free(files);
					return cli_usage_error("import github", "'%s' is not a repository name OWNER/REPO", optarg);
				}
				snprintf(repo, sizeof(repo), "%s", optarg);
			} else if (c == 'd') {
				doc = optarg;
			} else if (c == 'q') {
				quiet = 1;
			}
		}
		if (optind >= argc)
			break;
		files[nfiles++].file = argv[optind++];
	}
	if (!nfiles) {
		free(files);
		return cli_usage_error("import github", "name the saved API responses to import (FILE.json...)");
	}
	if (doc && !*doc) {
		free(files);
		return cli_usage_error("import github", "--doc is empty; give a name or leave the option out");
	}

	struct ct_db *db = NULL;
	char *docname = NULL;
	size_t items = 0, changed = 0;
	int64_t repo_id = 0;
	int rc = load_all(files, nfiles, repo, sizeof(repo));
	if (rc == 0 && (rc = cli_open(&db, 1)) == 0 && (rc = db_begin(db)) == 0 &&
	    (rc = issue_link_pick_doc(&docname, db, repo, doc)) == 0)
		rc = github_store_repo(&repo_id, db, repo, docname);
	sqlite3_stmt *store = NULL; /* one statement for every item */
	/* what was stored before, so that the linker can take the items it inserts from memory */
	long *before = NULL;
	size_t nbefore = 0, nall = 0;
	if (rc == 0)
		rc = github_store_numbers(&before, &nbefore, db, repo_id);
	for (size_t f = 0; f < nfiles; f++)
		nall += files[f].n;
	const struct github_item **all = xcalloc(nall ? nall : 1, sizeof(*all));
	nall = 0;
	for (size_t f = 0; f < nfiles && rc == 0; f++) {
		for (size_t i = 0; i < files[f].n && rc == 0; i++) {
			int ch = 0;
			rc = github_store_item(&ch, &store, db, repo_id, &files[f].items[i]);
			items++;
			changed += (size_t)ch;
			all[nall++] = &files[f].items[i];
		}
	}
	sqlite3_finalize(store);
	if (rc == 0)
		rc = issue_link_rebuild_known(db, repo_id, all, nall, before, nbefore);
	free(all);
	free(before);
	if (rc == 0)
		rc = pr_sections_rebuild(db, repo_id);
	if (rc == 0)
		rc = github_store_repo_done(db, repo_id, 0, NULL, NULL);
	if (rc == 0)
		rc = db_commit(db);
	int ret = 0;
	if (rc < 0) {
		ret = cli_fail();
		if (db) {
			db_rollback(db);
			db_free_discard(db);
		}
	} else {
		if (!quiet)
			printf("imported %zu issues and pull requests of %s from %zu file%s: %zu new or changed\n", items, repo,
			       nfiles, nfiles == 1 ? "" : "s", changed);
		db_free(db);
	}
	for (size_t f = 0; f < nfiles; f++)
		github_items_free(files[f].items, files[f].n);
	free(files);
	free(docname);
	return ret;
}
