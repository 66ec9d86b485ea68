/*
 * cmd_show.c - `cabtrack show`: one section of a version, named by number
 * or GitHub anchor: its Markdown and its requirements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importers/anchor.h"
#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "importers/mdsplit.h"
#include "tracker/base/strbuf.h"
#include "tracker/outline.h"

static const char usage[] =
	"usage: cabtrack show SECTION [--doc NAME] [--at REF|DAY] [--format text|json]\n\n"
	"Shows one section of the document at REF: its Markdown and the requirements in it\n"
	"(not those of its subsections).  SECTION is a number (\"4.2.2.1\"), an appendix\n"
	"(\"Appendix B\") or a GitHub anchor (\"4221-certification-authority-authorization\",\n"
	"with or without '#').\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    a ref, commit or version label (default: the document's main ref), or\n"
	"                   a day (2024-01-10, -3m): the latest version on main adopted by then\n"
	"   --format FMT    text (default) or json\n";

/* The index in `ol` of the section `want` names, or -1. */
static long find_section(const struct outline *ol, const char *want)
{
	size_t i;
	if (*want != '#') {
		/* a number, "4.2." meaning 4.2 */
		size_t n = strlen(want);
		while (n && want[n - 1] == '.')
			n--;
		for (i = 0; i < ol->n; i++) {
			const char *num = ol->v[i].number;
			if (n && num && strlen(num) == n && !strncmp(num, want, n))
				return (long)i;
		}
		/* "Appendix B": the section whose heading starts so ("Appendix B – Onion Domain Names") */
		char name[12];
		for (i = 0; i < ol->n; i++)
			if (!ol->v[i].number && md_appendix_name(name, ol->v[i].title) && !strcasecmp(name, want))
				return (long)i;
	}
	/* an anchor, as a link to it would be followed */
	struct strbuf key = STRBUF_INIT;
	anchor_link_key(&key, want, strlen(want));
	long found = -1;
	for (i = 0; i < ol->n; i++) {
		const char *anchor = ol->v[i].anchor;
		if (anchor && key.len && !strcmp(anchor, key.buf)) {
			found = (long)i;
			break;
		}
	}
	strbuf_release(&key);
	return found;
}

/* The section as text: its heading, lines and anchor, its Markdown, and its own requirements (those at `pos`). */
static int show_text(const struct outline_section *section, const char *text, const struct ct_requirement_list *reqs,
		     long pos)
{
	const char *number = section->number;
	struct strbuf sb = STRBUF_INIT;
	if (number)
		strbuf_addf(&sb, "%s ", number);
	strbuf_addf(&sb, "%s (lines %lld-%lld, anchor #%s)\n", section->title, (long long)section->line_start,
		    (long long)section->line_end, section->anchor);
	strbuf_addstr(&sb, text);
	strbuf_rtrim(&sb);
	size_t mine = 0;
	for (size_t i = 0; i < reqs->n; i++)
		mine += reqs->items[i].pos == pos;
	strbuf_addstr(&sb, mine ? "\n\nRequirements:\n" : "\n\nRequirements: none\n");
	for (size_t i = 0; i < reqs->n; i++) {
		const struct ct_requirement *r = &reqs->items[i];
		if (r->pos != pos)
			continue;
		strbuf_addf(&sb, "  [%s] %s  ", r->keyword, r->id);
		/* one line per requirement */
		for (const char *p = r->text; p && *p; p++)
			strbuf_addch(&sb, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
		strbuf_addch(&sb, '\n');
	}
	int rc = 0;
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
		rc = ct_error_set(CT_ERROR, "cannot write the output");
	strbuf_release(&sb);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	const char *want = NULL;
	int parsed = cli_parse_query_args(&q, argc, argv, usage, -1);
	if (parsed >= 0)
		return parsed;
	if (q.fmt == RENDER_CSV)
		return cli_usage_error("show", "format 'csv' is not offered here; use text or json");
	if (optind >= argc)
		return cli_usage_error("show", "name a section (a number such as 4.2.2.1, or an anchor)");
	want = argv[optind++];
	if (optind < argc)
		return cli_usage_error("show", "one section at a time ('%s' and '%s')", want, argv[optind]);

	struct cli_target t;
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	struct outline ol = OUTLINE_INIT;
	struct ct_requirement_list reqs = CT_REQUIREMENT_LIST_INIT;
	json_t *view = NULL, *out = NULL;
	long *starts = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	if (db_exec(t.db, "BEGIN") < 0 || query_section_list(&sections, t.db, t.at.version_id, 1) < 0)
		goto fail;
	outline_of_sections(&ol, &sections);
	long idx = find_section(&ol, want);
	if (idx < 0) {
		cli_no_section(&t, q.at, want);
		goto fail;
	}
	const struct outline_section *section = &ol.v[idx];
	const char *number = section->number;
	const char *text = sections.items[idx].text;

	/* the section's own requirements: the query includes subsections, so keep its position only */
	if (query_requirement_list(&reqs, t.db, t.at.version_id, number, NULL) < 0)
		goto fail;
	starts = outline_section_starts(&sections);

	if (q.fmt == RENDER_JSON) {
		json_t *all = outline_to_json(&ol);
		out = json_incref(json_array_get(all, (size_t)idx));
		json_decref(all);
		json_object_set_new(out, "text", json_string(text ? text : ""));
		view = json_array();
		for (size_t i = 0; i < reqs.n; i++)
			if (reqs.items[i].pos == idx)
				json_array_append_new(view, requirement_view(&reqs.items[i], sections.n, starts));
		json_object_set(out, "requirements", view);
		if (render_json(stdout, out) < 0)
			goto fail;
	} else if (show_text(section, text ? text : "", &reqs, idx) < 0) {
		goto fail;
	}
	ret = CLI_EXIT_OK;
	goto done;
fail:
	ret = cli_fail();
done:
	free(starts);
	json_decref(out);
	json_decref(view);
	ct_requirement_list_release(&reqs);
	outline_release(&ol);
	ct_section_list_release(&sections);
	db_rollback(t.db);
	cli_target_release(&t);
	return ret;
}
