/*
 * cmd_in_force.c - `cabtrack in-force DATE`: what a CA's compliance staff
 * ask: the version in force on a day, the ballots it contains that are
 * adopted but not yet effective (and the sections each changed), and the
 * dated obligations already effective and still pending (tracker/inforce.c).
 */
#include <stdio.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/inforce.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack in-force DATE [--doc NAME] [--for DURATION] [--format text|json]\n"
	"   or: cabtrack in-force --from DATE [--for DURATION] [--doc NAME] [--format text|json]\n\n"
	"What is in force on DATE (2024-01-10, January 10, 2024, today, -3m, +1y): the latest\n"
	"version on the main ref adopted on or before DATE; the ballots it contains whose\n"
	"Effective date is still ahead, with the sections each changed; the dated obligations\n"
	"already effective on DATE; and those still pending, with their dates.\n\n"
	"   --doc NAME       the document (default: cabtrack.document, else the only one)\n"
	"   --from DATE      the day (instead of the DATE argument)\n"
	"   --for DURATION   list pending obligations only until DATE + DURATION (6m, 1y, 90d)\n"
	"   --format F       text (default) or json\n";

static const char *s_(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void add_rows(struct strbuf *sb, json_t *rows)
{
	json_t *r, *x;
	size_t i, j;
	if (!json_array_size(rows))
		strbuf_addstr(sb, "  (none)\n");
	json_array_foreach(rows, i, r) {
		strbuf_addf(sb, "  %s  %-10s %-7s %-6s ", s_(r, "date"), *s_(r, "keyword") ? s_(r, "keyword") : "-",
			    *s_(r, "ballot") ? s_(r, "ballot") : "-", s_(r, "source"));
		json_array_foreach(json_object_get(r, "sections"), j, x)
			strbuf_addf(sb, "%s%s", j ? ", " : "", json_string_value(x) ? json_string_value(x) : "");
		strbuf_addf(sb, "%s%s\n", json_array_size(json_object_get(r, "sections")) ? ": " : "", s_(r, "description"));
	}
}

static int print_text(json_t *v)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *ver = json_object_get(v, "version"), *b, *s;
	size_t i, j;
	strbuf_addf(&sb, "%s in force on %s: version %s", s_(v, "document"), s_(v, "date"), s_(ver, "label"));
	if (*s_(ver, "ballot"))
		strbuf_addf(&sb, " (%s)", s_(ver, "ballot"));
	strbuf_addf(&sb, ", adopted %s", *s_(ver, "adopted") ? s_(ver, "adopted") : "-");
	if (*s_(ver, "effective") && strcmp(s_(ver, "effective"), s_(ver, "adopted")))
		strbuf_addf(&sb, ", effective %s", s_(ver, "effective"));
	strbuf_addf(&sb, "; commit %.12s\n", s_(ver, "commit"));

	strbuf_addstr(&sb, "\nadopted, not yet in force:\n");
	if (!json_array_size(json_object_get(v, "pending_ballots")))
		strbuf_addstr(&sb, "  (none)\n");
	json_array_foreach(json_object_get(v, "pending_ballots"), i, b) {
		strbuf_addf(&sb, "  %-7s %-8s until %s: %s\n", *s_(b, "ballot") ? s_(b, "ballot") : "-", s_(b, "version"),
			    s_(b, "effective"), s_(b, "description"));
		if (json_array_size(json_object_get(b, "sections"))) {
			strbuf_addf(&sb, "      sections changed (numbers as of %s %s):", s_(v, "document"), s_(b, "version"));
			json_array_foreach(json_object_get(b, "sections"), j, s)
				strbuf_addf(&sb, "%s %s (%s)", j ? "," : "", *s_(s, "number") ? s_(s, "number") : s_(s, "title"),
					    s_(s, "change"));
			strbuf_addch(&sb, '\n');
		}
	}
	strbuf_addstr(&sb, "\nalready effective:\n");
	add_rows(&sb, json_object_get(v, "effective"));
	strbuf_addstr(&sb, "\npending:\n");
	add_rows(&sb, json_object_get(v, "pending"));
	int rc = fwrite(sb.buf, 1, sb.len, stdout) == sb.len ? 0 : ct_error_set(CT_ERROR, "cannot write the output");
	strbuf_release(&sb);
	return rc;
}

int cmd_in_force(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'F' },
		{ "for", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	const char *day_arg = NULL, *span = NULL, *day_name = "DATE";
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "h", longopts, usage)) != -1) {
		if (c == -2)
			return 0;
		if (c == -3)
			return CLI_EXIT_ERROR;
		if (c == 'F')
			day_arg = optarg, day_name = "--from";
		else if (c == 'D')
			span = optarg;
		else if (cli_query_option(&q, c, "in-force") < 0)
			return CLI_EXIT_ERROR;
	}
	if (optind < argc && !day_arg)
		day_arg = argv[optind++];
	if (optind < argc)
		return cli_usage_error("in-force", "unexpected argument '%s'", argv[optind]);
	if (!day_arg)
		return cli_usage_error("in-force", "name the day: cabtrack in-force 2024-01-10");
	if (q.fmt != RENDER_TEXT && q.fmt != RENDER_JSON)
		return cli_usage_error("in-force", "use --format text or json");
	struct ct_date day, end;
	struct ct_duration dur;
	char dbuf[11], ebuf[11];
	if (cli_day(&day, day_name, day_arg) < 0)
		return cli_usage_error("in-force", "%s", ct_error_last());
	ct_date_format(dbuf, &day);
	if (span) {
		if (ct_duration_parse(&dur, span) < 0)
			return cli_usage_error("in-force", "--for: '%s' is not a duration (use 6m, 1y, 90d)", span);
		end = ct_date_add_days(ct_date_add_months(day, dur.months), dur.days);
		ct_date_format(ebuf, &end);
	}

	struct cli_target t;
	if (cli_target_open(&t, q.doc, NULL) < 0)
		return cli_fail();
	json_t *v = NULL;
	int rc = inforce_view(&v, t.db, &t.doc, dbuf, span ? ebuf : NULL);
	if (rc == 0) {
		if (span)
			json_object_set_new(v, "until", json_string(ebuf));
		rc = q.fmt == RENDER_JSON ? render_json(stdout, v) : print_text(v);
	}
	json_decref(v);
	cli_target_release(&t);
	return rc < 0 ? cli_fail() : 0;
}
