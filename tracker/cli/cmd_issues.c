/*
 * cmd_issues.c - `cabtrack issues`: GitHub issues and pull requests as
 * synced or imported, with the sections, ballots, refs and issues they
 * link to (tracker/issue_link.c).
 *
 * The view row of an issue: {repo, number, title, state, is_pull_request,
 * labels, sections, ballots, addressed_by, refs, issues, user, created_at, updated_at,
 * closed_at, merged_at, html_url, head_ref, base_ref, body, links,
 * changed_sections, changes}, where sections, ballots, refs and issues are
 * the link targets of each kind (ballots as keys: "SMC5") and links the
 * full records {kind, target, resolved, source, text}; a pull request's
 * changes are the sections its head changes against its merge base with
 * main (tracker/pr_sections.c), {section, old_section, title, change}
 * (numbers as at the pull request's head), and changed_sections their
 * numbers.  Titles and bodies are text: render escapes
 * them for its formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/ballots.h"
#include "tracker/pr_sections.h"
#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "db/github_query.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack issues [--state open|closed|all] [--label L] [--section S] [--ballot ID]\n"
	"                       [--since DATE] [--repo OWNER/REPO] [--format " CLI_LISTING_FORMATS "]\n\n"
	"GitHub issues and pull requests stored by 'sync github' or 'import github', newest\n"
	"number first, with the sections, ballots and refs they link to.\n\n"
	"   --state S        open, closed or all (default all)\n"
	"   --label L        only those labelled L (any case)\n"
	"   --section S      only those linking to section S or its subsections, and the pull\n"
	"                    requests whose head changes it against their merge base with main\n"
	"   --ballot ID      only those linking to a ballot, however it is spelled (SMC05, SMC-5),\n"
	"                    or that it addresses (its pull request or branch commits name them)\n"
	"   --since DATE     only those updated on or after DATE (2024-09-15, -3m, today)\n"
	"   --repo R         only the repository OWNER/REPO\n"
	"   --format F       " CLI_LISTING_FORMAT_HELP "\n";

struct filters {
	const char *state, *label, *section, *repo;
	const char *ballot_key;
	char since[11];
};

static int has_string(json_t *arr, const char *s, int prefix)
{
	size_t i, n = strlen(s);
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *x = json_string_value(v);
		if (!x)
			continue;
		if (prefix ? !strncmp(x, s, n) && (x[n] == '\0' || x[n] == '.') : !strcasecmp(x, s))
			return 1;
	}
	return 0;
}

static int keep(json_t *r, const struct filters *f)
{
	const char *state = json_string_value(json_object_get(r, "state"));
	if (f->state && strcmp(f->state, "all") && (!state || strcmp(state, f->state)))
		return 0;
	if (f->repo && strcasecmp(f->repo, json_string_value(json_object_get(r, "repo"))))
		return 0;
	if (f->label && !has_string(json_object_get(r, "labels"), f->label, 0))
		return 0;
	if (f->section && !has_string(json_object_get(r, "sections"), f->section, 1) &&
	    !has_string(json_object_get(r, "changed_sections"), f->section, 1))
		return 0;
	if (f->ballot_key && !has_string(json_object_get(r, "ballots"), f->ballot_key, 0) &&
	    !has_string(json_object_get(r, "addressed_by"), f->ballot_key, 0))
		return 0;
	if (*f->since && strncmp(json_string_value(json_object_get(r, "updated_at")), f->since, 10) < 0)
		return 0;
	return 1;
}

/* The view row in `byid` of the issue that record `x` ({repo_id, number, ...}) is about, or NULL. */
static json_t *row_of(json_t *byid, json_t *x)
{
	char key[64];
	snprintf(key, sizeof(key), "%lld#%lld", (long long)json_integer_value(json_object_get(x, "repo_id")),
		 (long long)json_integer_value(json_object_get(x, "number")));
	return json_object_get(byid, key);
}

/* A pull request's changed sections, folded into its row found in `byid`. */
static void fold_changes(json_t *byid, json_t *changes)
{
	json_t *c;
	size_t i;
	json_array_foreach(changes, i, c) {
		json_t *r = row_of(byid, c);
		if (!r)
			continue;
		json_array_append(json_object_get(r, "changed_sections"), json_object_get(c, "section"));
		json_array_append_new(json_object_get(r, "changes"),
				      json_pack("{s:O, s:O, s:O, s:O}", "section", json_object_get(c, "section"),
						"old_section", json_object_get(c, "old_section"), "title",
						json_object_get(c, "title"), "change", json_object_get(c, "change")));
	}
}

#define CHANGES_SHOWN 8

/*
 * changes_shown: the changed sections within `section` (all when NULL),
 * at most CHANGES_SHOWN of them, then how many more there are.
 */
static void shorten_changes(json_t *r, const char *section)
{
	json_t *all = json_object_get(r, "changed_sections"), *x;
	size_t n = json_array_size(all), i;
	json_t *shown = json_array();
	json_array_foreach(all, i, x)
		if (json_array_size(shown) < CHANGES_SHOWN && (!section || pr_sections_within(json_string_value(x), section)))
			json_array_append(shown, x);
	if (n > json_array_size(shown))
		json_array_append_new(shown, json_sprintf("... (%zu more)", n - json_array_size(shown)));
	json_object_set_new(r, "changes_shown", shown);
}

/* The view rows: issues with their links and (pull requests) changed sections folded in. */
static json_t *view(json_t *issues, json_t *links, json_t *changes)
{
	json_t *rows = json_array(), *byid = json_object(), *is, *l;
	size_t i;
	char key[64];
	static const char *const fields[] = { "repo", "number", "title", "state", "is_pull_request", "labels",
					      "sections", "ballots", "addressed_by", "refs", "issues", "user", "created_at",
					      "updated_at", "closed_at", "merged_at", "html_url", "head_ref",
					      "base_ref", "body", "links", "changed_sections", "changes" };
	json_array_foreach(issues, i, is) {
		json_t *r = json_object();
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			json_t *v = json_object_get(is, fields[k]);
			json_object_set_new(r, fields[k], v ? json_incref(v) : json_array());
		}
		json_object_set_new(r, "is_pull_request", json_boolean(json_integer_value(json_object_get(is, "is_pull_request"))));
		snprintf(key, sizeof(key), "%lld#%lld", (long long)json_integer_value(json_object_get(is, "repo_id")),
			 (long long)json_integer_value(json_object_get(is, "number")));
		json_object_set(byid, key, r);
		json_array_append_new(rows, r);
	}
	json_array_foreach(links, i, l) {
		json_t *r = row_of(byid, l);
		if (!r)
			continue;
		const char *kind = json_string_value(json_object_get(l, "kind"));
		const char *list = !strcmp(kind, "section") ? "sections" : !strcmp(kind, "ballot") ? "ballots"
				 : !strcmp(kind, "ref") ? "refs" : !strcmp(kind, "addressed") ? "addressed_by" : "issues";
		json_array_append(json_object_get(r, list), json_object_get(l, "target"));
		json_array_append_new(json_object_get(r, "links"),
				      json_pack("{s:O, s:O, s:b, s:O, s:O}", "kind", json_object_get(l, "kind"), "target",
						json_object_get(l, "target"), "resolved",
						(int)json_integer_value(json_object_get(l, "resolved")), "source",
						json_object_get(l, "source"), "text", json_object_get(l, "text")));
	}
	fold_changes(byid, changes);
	json_decref(byid);
	return rows;
}

int cmd_issues(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 'S' },
		{ "label", required_argument, NULL, 'l' },
		{ "section", required_argument, NULL, 's' },
		{ "ballot", required_argument, NULL, 'b' },
		{ "since", required_argument, NULL, 'F' },
		{ "repo", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	struct filters f = { 0 };
	char ballot_key[256];
	struct ct_date d;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "+h", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			return 0;
		case -3:
			return CLI_EXIT_ERROR;
		case 'S':
			if (strcmp(optarg, "open") && strcmp(optarg, "closed") && strcmp(optarg, "all"))
				return cli_usage_error("issues", "--state: '%s' is not open, closed or all", optarg);
			f.state = optarg;
			break;
		case 'l':
			f.label = optarg;
			break;
		case 's':
			f.section = optarg;
			break;
		case 'b':
			/* A ballot name in any spelling, or a draft's name (srdavidson/CAA) as ballot list shows it. */
			ballots_key(ballot_key, sizeof(ballot_key), optarg);
			f.ballot_key = ballot_key;
			break;
		case 'F':
			if (cli_day(&d, "--since", optarg) < 0)
				return cli_usage_error("issues", "%s", ct_error_last());
			ct_date_format(f.since, &d);
			break;
		case 'r':
			f.repo = optarg;
			break;
		default:
			if (cli_query_option(&q, c, "issues") < 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (optind < argc)
		return cli_usage_error("issues", "unexpected argument '%s'", argv[optind]);

	struct ct_db *db = NULL;
	json_t *issues = NULL, *links = NULL, *changes = NULL, *rows = NULL, *out = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_open(&db, 0) < 0 || db_exec(db, "BEGIN") < 0 || github_query_issues(&issues, db, 0) < 0 ||
	    github_query_links(&links, db, 0) < 0 || pr_sections_query(&changes, db, 0) < 0)
		goto fail;
	if (f.repo) {
		json_t *repo = NULL;
		if (github_query_repo(&repo, db, f.repo) < 0)
			goto fail;
		json_decref(repo);
	}
	rows = view(issues, links, changes);
	out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		if (keep(r, &f))
			json_array_append(out, r);
	/* A pull request may change hundreds of sections: the table names the first few. */
	if (q.fmt != RENDER_JSON)
		json_array_foreach(out, i, r)
			shorten_changes(r, f.section);
	static const struct render_column cols[] = {
		{ "number", "NUMBER" }, { "state", "STATE" }, { "is_pull_request", "PR" }, { "updated_at", "UPDATED" },
		{ "labels", "LABELS" }, { "sections", "SECTIONS" }, { "changes_shown", "CHANGES" }, { "ballots", "BALLOTS" },
		{ "title", "TITLE" },
	};
	if (render_table(stdout, out, cols, sizeof(cols) / sizeof(cols[0]), q.fmt) < 0)
		goto fail;
	ret = json_array_size(out) ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
	goto done;
fail:
	ret = cli_fail();
done:
	json_decref(out);
	json_decref(rows);
	json_decref(issues);
	json_decref(links);
	json_decref(changes);
	if (db)
		db_rollback(db);
	db_free(db);
	return ret;
}
