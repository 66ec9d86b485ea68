/*
 * cmd_diff.c - `cabtrack diff BASE HEAD`: what a change does to the
 * document, requirement by requirement (see diff.h), as text, JSON,
 * Markdown or HTML.  Also the diff view that `ballot diff` shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/diff.h"
#include "render/diffview.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/diff_view.h"
#include "tracker/inflight.h"

static const char usage[] =
	"usage: cabtrack diff BASE HEAD [--doc NAME] [--section S] [--no-redline] [--any]\n"
	"                    [--format text|json|markdown|html]\n"
	"   or: cabtrack diff COMPARE-URL [options]\n\n"
	"Compares two versions of the document: sections added, removed, modified or moved\n"
	"(same content under a new number or title); requirements added, removed or modified,\n"
	"with keyword changes called out (SHOULD -> SHALL); dated obligations added, removed\n"
	"or moved; and a word-level redline of each changed section ([-old-]{+new+} in text,\n"
	"<del>/<ins> in HTML and Markdown).  BASE and HEAD are refs (main, Ballot_SMC05,\n"
	"srdavidson/CAA, pull/228/head), commits, version labels or days (2024-01-10, -3m: the\n"
	"latest version on main adopted by then).  BASE must be an ancestor of HEAD when both\n"
	"are commits, as a ballot's base is.  A GitHub compare link\n"
	"(https://github.com/OWNER/REPO/compare/BASE...HEAD, as minutes cite drafts) gives\n"
	"both, when its commits are imported.\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --section S     only section S and its subsections\n"
	"   --no-redline    leave the redlines out\n"
	"   --any           compare any two versions, ancestors or not\n"
	"   --format FMT    text (default), json, markdown or html\n";

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "section", required_argument, NULL, 's' },
		{ "no-redline", no_argument, NULL, 'R' },
		{ "any", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	struct diff_options dopts = DIFF_OPTIONS_INIT;
	struct diffview_options vopts = DIFFVIEW_OPTIONS_INIT;
	int any = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 's')
			dopts.section = optarg;
		else if (c == 'R')
			dopts.redline = vopts.redline = 0;
		else if (c == 'A')
			any = 1;
		else if (cli_query_option(&q, c, "diff") != 1)
			return CLI_EXIT_ERROR;
	}
	int link = argc - optind == 1 && !strncmp(argv[optind], "http", 4);
	if (argc - optind != 2 && !link)
		return cli_usage_error("diff", "give BASE and HEAD, or a compare link (see 'cabtrack diff --help')");
	if (q.fmt == RENDER_CSV)
		return cli_usage_error("diff", "a diff is shown as text, json, markdown or html, not csv");

	struct cli_target t;
	if (cli_target_open(&t, q.doc, NULL) < 0)
		return cli_fail();
	json_t *model = NULL;
	char base[256], head[256];
	int rc = 0;
	if (link && (rc = inflight_link_resolve(base, head, sizeof(base), t.db, &t.doc, argv[optind])) == 0)
		rc = diff_view_build(&model, t.db, &t.doc, base, head, any, &dopts);
	else if (!link)
		rc = diff_view_build(&model, t.db, &t.doc, argv[optind], argv[optind + 1], any, &dopts);
	if (rc == 0)
		rc = render_diff(stdout, model, q.fmt, &vopts);
	json_decref(model);
	cli_target_release(&t);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}
