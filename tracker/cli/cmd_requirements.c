/*
 * cmd_requirements.c - `cabtrack requirements`: the normative requirements
 * (sentences with RFC 2119 keywords) of a version, and their view model,
 * which cmd_show.c shares.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/record.h"
#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/outline.h"

static const char usage[] =
	"usage: cabtrack requirements [--doc NAME] [--at REF|DAY] [--section S] [--keyword K]\n"
	"                             [--format " CLI_LISTING_FORMATS "]\n\n"
	"Lists the requirements of the document at REF in document order: the sentences and\n"
	"list items carrying RFC 2119 keywords.  Exit status 1 when none matches.\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    a ref, commit or version label (default: the document's main ref), or\n"
	"                   a day (2024-01-10, -3m): the latest version on main adopted by then\n"
	"   --section S     only section S (\"4.2.2\") and its subsections\n"
	"   --keyword K     only requirements carrying keyword K, in any case: MUST, MUST NOT,\n"
	"                   REQUIRED, SHALL, SHALL NOT, SHOULD, SHOULD NOT, RECOMMENDED,\n"
	"                   NOT RECOMMENDED, MAY, OPTIONAL\n"
	"   --format FMT    " CLI_LISTING_FORMAT_HELP "\n";

static const char *const rfc2119[] = {
	"MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT", "SHOULD", "SHOULD NOT",
	"RECOMMENDED", "NOT RECOMMENDED", "MAY", "OPTIONAL",
};

/* The RFC 2119 keyword `s` names (any case, any white space between words), or NULL. */
static const char *keyword_of(const char *s)
{
	struct strbuf k = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		if (isspace((unsigned char)*p)) {
			if (k.len && k.buf[k.len - 1] != ' ')
				strbuf_addch(&k, ' ');
		} else {
			strbuf_addch(&k, toupper((unsigned char)*p));
		}
	}
	strbuf_rtrim(&k);
	const char *found = NULL;
	for (size_t i = 0; i < sizeof(rfc2119) / sizeof(rfc2119[0]) && !found; i++)
		if (!strcmp(k.buf, rfc2119[i]))
			found = rfc2119[i];
	strbuf_release(&k);
	return found;
}

/*
 * The view of a requirement: {id, section, keyword, keywords (array, each
 * keyword once), negated (boolean), line (in the document), text}.
 * `starts` are the first lines of the version's `nsections` sections
 * (outline_section_starts).  Shared with cmd_show.c.
 */
json_t *requirement_view(const struct ct_requirement *r, size_t nsections, const long *starts)
{
	json_t *o = json_object();
	long line = r->line;
	json_object_set_new(o, "id", record_json_text(r->id));
	json_object_set_new(o, "section", record_json_text(r->section));
	json_object_set_new(o, "keyword", record_json_text(r->keyword));
	json_t *list = json_array();
	for (const char *p = r->keywords; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p), k;
		json_t *seen;
		int dup = 0;
		json_array_foreach(list, k, seen)
			dup |= json_string_length(seen) == len && !memcmp(json_string_value(seen), p, len);
		if (!dup) /* "SHALL and SHALL" lists SHALL once */
			json_array_append_new(list, json_stringn(p, len));
		p = end ? end + 1 : p + len;
	}
	json_object_set_new(o, "keywords", list);
	json_object_set_new(o, "negated", json_boolean(r->negated));
	if (r->pos >= 0 && (size_t)r->pos < nsections)
		line += starts[r->pos] - 1;
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "text", query_json_stringn(r->text, r->text_len));
	return o;
}

int cmd_requirements(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "at", required_argument, NULL, 'a' },
		{ "section", required_argument, NULL, 's' },
		{ "keyword", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct render_column cols[] = {
		{ "section", "SECTION" },
		{ "keyword", "KEYWORD" },
		{ "id", "ID" },
		{ "text", "TEXT" },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	const char *keyword = NULL;
	char *section = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "h", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			free(section);
			return 0;
		case -3:
			free(section);
			return CLI_EXIT_ERROR;
		case 's':
			/* "4.2." is section 4.2 */
			free(section);
			section = xstrdup(optarg);
			while (*section && section[strlen(section) - 1] == '.')
				section[strlen(section) - 1] = '\0';
			break;
		case 'k':
			if (!(keyword = keyword_of(optarg))) {
				free(section);
				return cli_usage_error("requirements", "'%s' is not an RFC 2119 keyword (MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT, SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED, MAY, OPTIONAL)",
						       optarg);
			}
			break;
		default:
			if (cli_query_option(&q, c, "requirements") < 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (optind < argc) {
		free(section);
		return cli_usage_error("requirements", "unexpected argument '%s'", argv[optind]);
	}
	if (section && !*section) {
		free(section);
		return cli_usage_error("requirements", "--section needs a section number");
	}

	struct cli_target t;
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	struct ct_requirement_list reqs = CT_REQUIREMENT_LIST_INIT;
	json_t *rows = NULL;
	long *starts = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, q.at) < 0) {
		free(section);
		return cli_fail();
	}
	if (db_exec(t.db, "BEGIN") < 0 || query_section_list(&sections, t.db, t.at.version_id, 0) < 0)
		goto fail;
	if (section && cli_section_check(&sections, &t, q.at, section) < 0)
		goto fail;
	if (query_requirement_list(&reqs, t.db, t.at.version_id, section, keyword) < 0)
		goto fail;
	starts = outline_section_starts(&sections);
	rows = json_array();
	for (size_t i = 0; i < reqs.n; i++)
		json_array_append_new(rows, requirement_view(&reqs.items[i], sections.n, starts));
	if (render_table(stdout, rows, cols, sizeof(cols) / sizeof(cols[0]), q.fmt) < 0)
		goto fail;
	ret = json_array_size(rows) ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
	goto out;
fail:
	ret = cli_fail();
out:
	free(starts);
	json_decref(rows);
	ct_requirement_list_release(&reqs);
	ct_section_list_release(&sections);
	free(section);
	db_rollback(t.db);
	cli_target_release(&t);
	return ret;
}
