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

static const char usage[] =
	"usage: cabtrack sections [--doc NAME] [--at REF] [--format text|json|csv]\n\n"
	"Lists every section of the document at REF in document order: number, title, level,\n"
	"parent section, GitHub anchor and the lines it spans (the front matter is left out).\n\n"
	"   --doc NAME      the document (needed when the database holds several)\n"
	"   --at REF        a ref, commit or version label (default: the document's main ref)\n"
	"   --format FMT    text (default), json or csv\n";

/* GitHub's anchor for a heading line, unique in the document (anchor.h). */
static json_t *unique_anchor(struct anchor_set *seen, const char *heading)
{
	struct strbuf slug = STRBUF_INIT, anchor = STRBUF_INIT;
	anchor_slug(&slug, heading, strlen(heading));
	anchor_set_unique(&anchor, seen, slug.buf, slug.len);
	json_t *a = json_stringn(anchor.buf, anchor.len);
	strbuf_release(&slug);
	strbuf_release(&anchor);
	return a ? a : json_null();
}

/*
 * The outline of `sections` (from query_sections), one object per section
 * and in the same order, front matter included: {number, title, level,
 * parent, anchor, line_start, line_end}.  `parent` is the number of the
 * nearest preceding section of a lower level (null when it has none);
 * the front matter has no anchor.  Shared with cmd_show.c.
 */
json_t *sections_outline(json_t *sections)
{
	long *starts = cli_section_starts(sections);
	json_t *out = json_array(), *s;
	struct anchor_set seen = ANCHOR_SET_INIT;
	struct strbuf heading = STRBUF_INIT;
	size_t i;
	json_array_foreach(sections, i, s) {
		json_t *number = json_object_get(s, "number");
		const char *title = json_string_value(json_object_get(s, "title"));
		json_int_t level = json_integer_value(json_object_get(s, "level"));
		json_t *o = json_object();
		json_object_set_new(o, "number", json_is_string(number) ? json_incref(number) : json_null());
		json_object_set_new(o, "title", json_string(title ? title : ""));
		json_object_set_new(o, "level", json_integer(level));

		json_t *parent = json_null();
		for (size_t k = i; k-- > 0;) {
			json_t *p = json_array_get(sections, k);
			if (json_integer_value(json_object_get(p, "level")) < level) {
				json_t *pn = json_object_get(p, "number");
				if (json_is_string(pn))
					parent = json_incref(pn);
				break;
			}
		}
		json_object_set_new(o, "parent", parent);

		/* From the heading line as written; rows without it (older callers) from number and title. */
		const char *line = json_string_value(json_object_get(s, "heading"));
		strbuf_reset(&heading);
		if (line) {
			strbuf_addstr(&heading, line);
		} else {
			if (json_is_string(number) && json_string_length(number))
				strbuf_addf(&heading, "%s ", json_string_value(number));
			strbuf_addstr(&heading, title ? title : "");
		}
		json_object_set_new(o, "anchor", level > 0 ? unique_anchor(&seen, heading.buf) : json_null());
		json_object_set_new(o, "line_start", json_integer(starts[i]));
		json_object_set_new(o, "line_end", json_integer(starts[i + 1] - 1));
		json_array_append_new(out, o);
	}
	strbuf_release(&heading);
	anchor_set_free(&seen);
	free(starts);
	return out;
}

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
	json_t *sections = NULL, *outline = NULL, *rows = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	if (db_exec(t.db, "BEGIN") < 0 || query_sections(&sections, t.db, t.at.version_id, 0) < 0)
		goto fail;
	outline = sections_outline(sections);
	rows = json_array();
	json_t *o;
	size_t i;
	json_array_foreach(outline, i, o)
		if (json_integer_value(json_object_get(o, "level")) > 0)
			json_array_append(rows, o);
	if (render_table(stdout, rows, cols, sizeof(cols) / sizeof(cols[0]), q.fmt) < 0)
		goto fail;
	ret = CLI_EXIT_OK;
	goto out;
fail:
	ret = cli_fail();
out:
	json_decref(rows);
	json_decref(outline);
	json_decref(sections);
	db_rollback(t.db);
	cli_target_close(&t);
	return ret;
}
