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
#include "db/record.h"
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

/* One issue or pull request with what is folded into its view row. */
struct row {
	const struct ct_issue *is;
	const struct ct_issue_link *links;  /* its links, a run of the link list (by kind, then target) */
	size_t nlinks;
	json_t *changed_sections;           /* pull requests: the numbers of the sections its head changes */
	json_t *changes;                    /* and the changes, {section, old_section, title, change} */
};

/* Whether a link of `kind` of the row has target `s` (any case), or (prefix) names section s or one under it. */
static int has_target(const struct row *r, enum ct_issue_link_kind kind, const char *s, int prefix)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < r->nlinks; i++) {
		const char *x = r->links[i].target;
		if (r->links[i].kind != kind)
			continue;
		if (prefix ? !strncmp(x, s, n) && (x[n] == '\0' || x[n] == '.') : !strcasecmp(x, s))
			return 1;
	}
	return 0;
}

/* Whether a changed section of the row is s or under it. */
static int changes_section(const struct row *r, const char *s)
{
	size_t i, n = strlen(s);
	json_t *v;
	json_array_foreach(r->changed_sections, i, v) {
		const char *x = json_string_value(v);
		if (x && !strncmp(x, s, n) && (x[n] == '\0' || x[n] == '.'))
			return 1;
	}
	return 0;
}

static int keep(const struct row *r, const struct filters *f)
{
	const struct ct_issue *is = r->is;
	if (f->state && strcmp(f->state, "all") && strcmp(is->state, f->state))
		return 0;
	if (f->repo && strcasecmp(f->repo, is->repo))
		return 0;
	if (f->label && !ct_issue_has_label(is, f->label))
		return 0;
	if (f->section && !has_target(r, CT_LINK_SECTION, f->section, 1) && !changes_section(r, f->section))
		return 0;
	if (f->ballot_key && !has_target(r, CT_LINK_BALLOT, f->ballot_key, 0) &&
	    !has_target(r, CT_LINK_ADDRESSED, f->ballot_key, 0))
		return 0;
	if (*f->since && strncmp(is->updated_at, f->since, 10) < 0)
		return 0;
	return 1;
}

/* qsort and bsearch order of rows: by repository id, then number. */
static int by_id(const void *a, const void *b)
{
	const struct ct_issue *x = (*(const struct row *const *)a)->is, *y = (*(const struct row *const *)b)->is;
	if (x->repo_id != y->repo_id)
		return x->repo_id < y->repo_id ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* The row of issue (repo_id, number) in `index` (n rows sorted by_id), or NULL. */
static struct row *row_of(struct row **index, size_t n, int64_t repo_id, int64_t number)
{
	struct ct_issue key_is = { 0 };
	key_is.repo_id = repo_id;
	key_is.number = number;
	struct row key = { 0 }, *keyp = &key;
	key.is = &key_is;
	struct row **hit = n ? bsearch(&keyp, index, n, sizeof(*index), by_id) : NULL;
	return hit ? *hit : NULL;
}

/*
 * The rows of `issues`, each with its links (a run of `links`, which is
 * sorted by repository id and number) and, for pull requests, the
 * sections its head changes (pr_sections_query rows).
 */
static struct row *rows_of(const struct ct_issue_list *issues, const struct ct_issue_link_list *links, json_t *changes)
{
	struct row *rows = xcalloc(issues->n + 1, sizeof(*rows));
	struct row **index = xcalloc(issues->n + 1, sizeof(*index));
	for (size_t i = 0; i < issues->n; i++) {
		rows[i].is = &issues->items[i];
		rows[i].changed_sections = json_array();
		rows[i].changes = json_array();
		index[i] = &rows[i];
	}
	qsort(index, issues->n, sizeof(*index), by_id);
	for (size_t i = 0; i < links->n;) {
		size_t j = i;
		while (j < links->n && links->items[j].repo_id == links->items[i].repo_id &&
		       links->items[j].number == links->items[i].number)
			j++;
		struct row *r = row_of(index, issues->n, links->items[i].repo_id, links->items[i].number);
		if (r) {
			r->links = &links->items[i];
			r->nlinks = j - i;
		}
		i = j;
	}
	json_t *c;
	size_t i;
	json_array_foreach(changes, i, c) {
		struct row *r = row_of(index, issues->n, json_integer_value(json_object_get(c, "repo_id")),
				       json_integer_value(json_object_get(c, "number")));
		if (!r)
			continue;
		json_array_append(r->changed_sections, json_object_get(c, "section"));
		json_array_append_new(r->changes,
				      json_pack("{s:O, s:O, s:O, s:O}", "section", json_object_get(c, "section"),
						"old_section", json_object_get(c, "old_section"), "title",
						json_object_get(c, "title"), "change", json_object_get(c, "change")));
	}
	free(index);
	return rows;
}

#define CHANGES_SHOWN 8

/*
 * changes_shown: the changed sections within `section` (all when NULL),
 * at most CHANGES_SHOWN of them, then how many more there are.
 */
static json_t *shorten_changes(const struct row *r, const char *section)
{
	json_t *x, *shown = json_array();
	size_t n = json_array_size(r->changed_sections), i;
	json_array_foreach(r->changed_sections, i, x)
		if (json_array_size(shown) < CHANGES_SHOWN && (!section || pr_sections_within(json_string_value(x), section)))
			json_array_append(shown, x);
	if (n > json_array_size(shown))
		json_array_append_new(shown, json_sprintf("... (%zu more)", n - json_array_size(shown)));
	return shown;
}

/* The link targets of `kind`, in order. */
static json_t *targets(const struct row *r, enum ct_issue_link_kind kind)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->nlinks; i++)
		if (r->links[i].kind == kind)
			json_array_append_new(arr, record_json_text(r->links[i].target));
	return arr;
}

/* The view row of the header comment; with `shown`, also changes_shown (see shorten_changes). */
static json_t *row_to_json(const struct row *r, int shown, const char *section)
{
	const struct ct_issue *is = r->is;
	json_t *o = json_object(), *links = json_array();
	json_object_set_new(o, "repo", record_json_text(is->repo));
	json_object_set_new(o, "number", json_integer((json_int_t)is->number));
	json_object_set_new(o, "title", record_json_text(is->title));
	json_object_set_new(o, "state", record_json_text(is->state));
	json_object_set_new(o, "is_pull_request", json_boolean(is->is_pull_request));
	json_object_set_new(o, "labels", ct_issue_labels_to_json(is));
	json_object_set_new(o, "sections", targets(r, CT_LINK_SECTION));
	json_object_set_new(o, "ballots", targets(r, CT_LINK_BALLOT));
	json_object_set_new(o, "addressed_by", targets(r, CT_LINK_ADDRESSED));
	json_object_set_new(o, "refs", targets(r, CT_LINK_REF));
	json_object_set_new(o, "issues", targets(r, CT_LINK_ISSUE));
	json_object_set_new(o, "user", record_json_text(is->user));
	json_object_set_new(o, "created_at", record_json_text(is->created_at));
	json_object_set_new(o, "updated_at", record_json_text(is->updated_at));
	json_object_set_new(o, "closed_at", record_json_text(is->closed_at));
	json_object_set_new(o, "merged_at", record_json_text(is->merged_at));
	json_object_set_new(o, "html_url", record_json_text(is->html_url));
	json_object_set_new(o, "head_ref", record_json_text(is->head_ref));
	json_object_set_new(o, "base_ref", record_json_text(is->base_ref));
	json_object_set_new(o, "body", record_json_text(is->body));
	for (size_t i = 0; i < r->nlinks; i++) {
		const struct ct_issue_link *l = &r->links[i];
		json_array_append_new(links, json_pack("{s:s, s:o, s:b, s:o, s:o}", "kind", ct_issue_link_kind_name(l->kind),
						       "target", record_json_text(l->target), "resolved", l->resolved, "source",
						       record_json_text(l->source), "text", record_json_text(l->text)));
	}
	json_object_set_new(o, "links", links);
	json_object_set(o, "changed_sections", r->changed_sections);
	json_object_set(o, "changes", r->changes);
	if (shown)
		json_object_set_new(o, "changes_shown", shorten_changes(r, section));
	return o;
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
	struct ct_issue_list issues = CT_ISSUE_LIST_INIT;
	struct ct_issue_link_list links = CT_ISSUE_LINK_LIST_INIT;
	struct row *rows = NULL;
	json_t *changes = NULL, *out = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_open(&db, 0) < 0 || db_exec(db, "BEGIN") < 0 || github_query_issue_list(&issues, db, 0) < 0 ||
	    github_query_link_list(&links, db, 0) < 0 || pr_sections_query(&changes, db, 0) < 0)
		goto fail;
	if (f.repo) {
		struct ct_gh_repo repo;
		if (github_query_repo_get(&repo, db, f.repo) < 0)
			goto fail;
		ct_gh_repo_release(&repo);
	}
	rows = rows_of(&issues, &links, changes);
	out = json_array();
	/* A pull request may change hundreds of sections: the table names the first few. */
	for (size_t i = 0; i < issues.n; i++)
		if (keep(&rows[i], &f))
			json_array_append_new(out, row_to_json(&rows[i], q.fmt != RENDER_JSON, f.section));
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
	for (size_t i = 0; rows && i < issues.n; i++) {
		json_decref(rows[i].changed_sections);
		json_decref(rows[i].changes);
	}
	free(rows);
	ct_issue_list_release(&issues);
	ct_issue_link_list_release(&links);
	json_decref(changes);
	if (db)
		db_rollback(db);
	db_free(db);
	return ret;
}
