/*
 * cmd_check.c - `cabtrack check REF`: what a draft gets wrong before it
 * goes to vote (the rules are in check.c), as compiler-style lines or JSON.
 *
 * REF is a ballot (its head is checked against its base, and its vote end
 * and type feed date-before-adoption) or else a ref, commit or version
 * label.  Read-only: the database is left byte for byte as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/ballots.h"
#include "tracker/check.h"
#include "tracker/inforce.h"
#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"

static const char usage[] =
	"usage: cabtrack check REF [--doc NAME] [--base REF] [--no-RULE]... [--format text|json]\n"
	"   or: cabtrack check --at REF|DAY [--doc NAME] [--base REF] [--no-RULE]... [--format text|json]\n\n"
	"Checks the document at REF before it goes to vote.  REF is a ballot (SMC05, a draft's\n"
	"name such as srdavidson/CAA): its head is checked against its base; or else a ref,\n"
	"commit or version label (main, Ballot_SMC05, 1.0.3), or a day (2024-01-10, -3m): the\n"
	"latest version on main adopted by then.  Rules (errors unless noted):\n\n"
	"   broken-anchor          a link (#anchor) that matches no heading as GitHub anchors it,\n"
	"                          nor an <a id> or <a name>; names the heading it likely meant\n"
	"   section-numbering      a duplicate number, a number that does not fit its heading\n"
	"                          level, a gap\n"
	"   revision-row           (with a base) normative text changed but the Revisions table\n"
	"                          gained no row, or the new row's version does not follow the last\n"
	"   date-mismatch          a compliance-table date that the sections it names do not\n"
	"                          write, a dated requirement missing from the table, or a date\n"
	"                          that differs between the two\n"
	"   date-before-adoption   (warning; a ballot with a vote end) a new date earlier than\n"
	"                          the vote end plus the IP review period\n"
	"   lowercase-keyword      (warning) \"must\", \"shall\", \"should\" in lower case in a normative\n"
	"                          section (not in 1.6, quotations, code, links or headings)\n"
	"   undefined-term         (warning; with a base) a capitalised term in a new requirement\n"
	"                          that 1.6.1 does not define (1.6.2 acronyms count as defined)\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    what to check, as REF (give one or the other)\n"
	"   --base REF      the version the change started from (default: the ballot's base; a\n"
	"                   day names the version then)\n"
	"   --no-RULE       leave a rule out (--no-lowercase-keyword)\n"
	"   --format FMT    text (default: \"SBR.md:623: error: broken-anchor: ...\" lines, and a\n"
	"                   summary line on stderr) or json (an array of findings)\n\n"
	"A rule that cannot run here (no base, no vote end) is named on stderr (\"not run: ...\").\n"
	"Exit status: 0 no error found (warnings allowed), 1 an error found, 2 bad input.\n";

/* Check ballot `v` (from ballots_view): its head against its base, with its vote end, IP review end and type. */
static int ballot_target(struct cli_target *t, json_t *v, struct query_at *head, struct query_at *base, int *has_base,
			 struct check_options *opts)
{
	json_t *lc = json_object_get(v, "lifecycle");
	const char *h = json_string_value(json_object_get(v, "head"));
	const char *b = json_string_value(json_object_get(v, "base"));
	int rc;
	if (!h)
		return ct_error_set(CT_ENOTFOUND, "ballot '%s' has no head to check", json_string_value(json_object_get(v, "id")));
	if ((rc = query_resolve(head, t->db, &t->doc, h)) < 0)
		return rc;
	if (b) {
		if ((rc = query_resolve(base, t->db, &t->doc, b)) < 0)
			return rc;
		*has_base = 1;
	}
	const char *vote = json_string_value(json_object_get(json_object_get(lc, "vote_end"), "time"));
	const char *ipr = json_string_value(json_object_get(json_object_get(lc, "ipr_ends"), "time"));
	/* A vote end that does not read would turn date-before-adoption off unseen: said instead. */
	if (vote && when_parse_iso(&opts->vote_end, vote) < 0)
		return ct_error_prefix(CT_EINVALID, "ballot '%s': vote end: ", json_string_value(json_object_get(v, "id")));
	if (ipr && when_parse_iso(&opts->ipr_end, ipr) < 0)
		return ct_error_prefix(CT_EINVALID, "ballot '%s': IP review end: ", json_string_value(json_object_get(v, "id")));
	opts->type = json_string_value(json_object_get(lc, "type"));
	opts->ballot = json_string_value(json_object_get(v, "id"));
	return 0;
}

/* The rules on that could not run, named on one line ("not run: revision-row (no base), ..."). */
static void print_not_run(const char *file, unsigned not_run, int has_base)
{
	if (!not_run)
		return;
	struct strbuf sb = STRBUF_INIT;
	for (int r = 0; r < CHECK_NRULES; r++)
		if (not_run & 1u << r)
			strbuf_addf(&sb, "%s%s (%s)", sb.len ? ", " : "", check_rule_name((enum check_rule)r),
				    !has_base ? "no base" : "no vote end");
	fprintf(stderr, "%s: not run: %s; give --base REF, or check a ballot%s\n", file, sb.buf,
		has_base ? " with a vote end" : "");
	strbuf_release(&sb);
}

static int print_text(json_t *findings, const char *path)
{
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct strbuf sb = STRBUF_INIT;
	size_t i, errors = 0, warnings = 0;
	json_t *f;
	json_array_foreach(findings, i, f) {
		const char *severity = json_string_value(json_object_get(f, "severity"));
		strbuf_addf(&sb, "%s:%lld: %s: %s: %s\n", file, (long long)json_integer_value(json_object_get(f, "line")),
			    severity, json_string_value(json_object_get(f, "rule")),
			    json_string_value(json_object_get(f, "message")));
		if (!strcmp(severity, "error"))
			errors++;
		else
			warnings++;
	}
	int rc = 0;
	if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout))
		rc = ct_error_set(CT_ERROR, "cannot write the output");
	fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", file, errors, errors == 1 ? "" : "s", warnings,
		warnings == 1 ? "" : "s");
	strbuf_release(&sb);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "base", required_argument, NULL, 'b' },
		{ "at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-broken-anchor", no_argument, NULL, 1000 + CHECK_BROKEN_ANCHOR },
		{ "no-section-numbering", no_argument, NULL, 1000 + CHECK_SECTION_NUMBERING },
		{ "no-revision-row", no_argument, NULL, 1000 + CHECK_REVISION_ROW },
		{ "no-date-mismatch", no_argument, NULL, 1000 + CHECK_DATE_MISMATCH },
		{ "no-date-before-adoption", no_argument, NULL, 1000 + CHECK_DATE_BEFORE_ADOPTION },
		{ "no-lowercase-keyword", no_argument, NULL, 1000 + CHECK_LOWERCASE_KEYWORD },
		{ "no-undefined-term", no_argument, NULL, 1000 + CHECK_UNDEFINED_TERM },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	struct check_options opts = CHECK_OPTIONS_INIT;
	const char *base_ref = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "h", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return CLI_EXIT_ERROR;
		if (c >= 1000 && c < 1000 + CHECK_NRULES)
			opts.rules &= ~(1u << (c - 1000));
		else if (c == 'b')
			base_ref = optarg;
		else if (cli_query_option(&q, c, "check") != 1)
			return CLI_EXIT_ERROR;
	}
	if (q.fmt != RENDER_TEXT && q.fmt != RENDER_JSON)
		return cli_usage_error("check", "findings are shown as text or json");
	if (optind >= argc && !q.at)
		return cli_usage_error("check", "name the ref or ballot to check (main, Ballot_SMC05, SMC05)");
	if (argc - optind > (q.at ? 0 : 1))
		return cli_usage_error("check", "one ref at a time ('%s' and '%s')", q.at ? q.at : argv[optind],
				       argv[optind + (q.at ? 0 : 1)]);
	const char *ref = q.at ? q.at : argv[optind];

	struct cli_target t;
	struct query_at head, base;
	json_t *view = NULL, *findings = NULL;
	int has_base = 0, ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, NULL) < 0)
		return cli_fail();
	if (db_exec(t.db, "BEGIN") < 0)
		goto fail;
	if (ballots_view(&view, t.db, &t.doc, ref, NULL) == 0) {
		if (ballot_target(&t, view, &head, &base, &has_base, &opts) < 0)
			goto fail;
	} else if (ct_error_code() == CT_ENOTFOUND) {
		ct_error_drop("not a ballot: REF is then a ref, commit or version label, or a day");
		if (inforce_resolve_at(&head, t.db, &t.doc, ref) < 0)
			goto fail;
	} else {
		goto fail;
	}
	if (base_ref) {
		if (inforce_resolve_at(&base, t.db, &t.doc, base_ref) < 0)
			goto fail;
		has_base = 1;
	}
	if (check_run(&findings, t.db, &t.doc, &head, has_base ? &base : NULL, &opts) < 0)
		goto fail;
	if (q.fmt == RENDER_JSON ? render_json(stdout, findings) < 0 : print_text(findings, t.doc.path) < 0)
		goto fail;
	print_not_run(strrchr(t.doc.path, '/') ? strrchr(t.doc.path, '/') + 1 : t.doc.path,
		      check_rules_not_run(&opts, has_base), has_base);
	ret = CLI_EXIT_OK;
	json_t *f;
	size_t i;
	json_array_foreach(findings, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "severity")), "error"))
			ret = 1; /* an error found */
	goto out;
fail:
	ret = cli_fail();
out:
	json_decref(findings);
	json_decref(view);
	db_rollback(t.db);
	cli_target_release(&t);
	return ret;
}
