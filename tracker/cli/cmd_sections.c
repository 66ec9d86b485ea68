/*
 * cmd_sections.c - `cabtrack sections`: the outline of a version, and the
 * outline itself (number, parent, GitHub anchor, line range), which
 * cmd_show.c uses to find a section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "importers/anchor.h"
#include "tracker/base/strbuf.h"
#include "tracker/outline.h"

static const char usage[] =
	"usage: cabtrack sections [--doc NAME] [--at REF|DAY] [--format " CLI_LISTING_FORMATS "]\n\n"
	"Lists every section of the document at REF in document order: number, title, level,\n"
	"parent section, GitHub anchor and the lines it spans (the front matter is left out).\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    a ref, commit or version label (default: the document's main ref), or\n"
	"                   a day (2024-01-10, -3m): the latest version on main adopted by then\n"
	"   --format FMT    " CLI_LISTING_FORMAT_HELP "\n";

int cmd_sections(int argc, char **argv)
{
	static const struct render_column cols[] = {
		{ "number", "NUMBER" },
		{ "level", "LEVEL" },
		{ "parent", "PARENT" },
		{ "line_start", "START" },
		{ "line_end", "END" },
		{ "anchor", "ANCHOR" },
		{ "title", "TITLE" },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	int parsed = cli_parse_query_args(&q, argc, argv, usage, 0);
	if (parsed >= 0)
		return parsed;

	struct cli_target t;
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	struct outline ol = OUTLINE_INIT;
	json_t *outline = NULL, *rows = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	if (db_exec(t.db, "BEGIN") < 0 || query_section_list(&sections, t.db, t.at.version_id, 0) < 0)
		goto fail;
	outline_of_sections(&ol, &sections);
	outline = outline_to_json(&ol);
	rows = json_array();
	for (size_t i = 0; i < ol.n; i++)
		if (ol.v[i].level > 0)
			json_array_append(rows, json_array_get(outline, i));
	if (render_table(stdout, rows, cols, sizeof(cols) / sizeof(cols[0]), q.fmt) < 0)
		goto fail;
	ret = CLI_EXIT_OK;
	goto out;
fail:
	ret = cli_fail();
out:
	json_decref(rows);
	json_decref(outline);
	outline_release(&ol);
	ct_section_list_release(&sections);
	db_rollback(t.db);
	cli_target_release(&t);
	return ret;
}
