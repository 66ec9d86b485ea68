/*
 * cmd_dates.c - `cabtrack dates`: dated obligations, what becomes
 * effective when and because of which ballot.
 *
 * Two sources feed it: compliance-table rows ("Relevant Dates", "Additional
 * Compliance Date") and dated phrases inside requirements ("Starting on
 * September 15, 2024 ... SHOULD").  A table row names its ballot; a phrase
 * gets the ballot that brought it to main (tracker/link.c).  A table row
 * that names no sections (the SBR's table) borrows them from the phrases
 * with the same date, keyword and ballot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/ballot_name.h"
#include "tracker/ballots.h"
#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/dates.h"
#include "tracker/sightings.h"
#include "tracker/base/jsonget.h"

static const char usage[] =
	"usage: cabtrack dates [--doc NAME] [--at REF|DAY] [--ballot ID] [--section S] [--from DATE] [--to DATE]\n"
	"                      [--for DURATION] [--grep TEXT] [--source table|text|version] [--all-versions]\n"
	"                      [--format " CLI_LISTING_FORMATS "]\n\n"
	"Dated obligations of one version (default: the main ref), oldest first: compliance-table\n"
	"rows, dated phrases in the text, and when each version takes effect (Revisions table).\n\n"
	"   --doc NAME       the document (default: cabtrack.document, else the only one)\n"
	"   --at REF         a ref, commit or version label (main, Ballot_SMC04, srdavidson/CAA, 1.0.3),\n"
	"                    or a day (2024-01-10): the latest version on main adopted by then\n"
	"   --ballot ID      only those a ballot introduced, however it is spelled (SMC05, SMC-5, SC-081v3);\n"
	"                    for a draft (a name given to 'ballot add', or a branch such as\n"
	"                    srdavidson/CAA), the dates its change adds\n"
	"   --section S      only those governing section S or its subsections\n"
	"   --from DATE      on or after DATE: 2024-09-15, today, -3m, +18m, -2w, +10d, +1y\n"
	"   --to DATE        on or before DATE (same forms)\n"
	"   --for DURATION   a window: until --from (default today) + DURATION (6m, 1y, 90d)\n"
	"   --source S       only table rows, phrases in the text, or versions taking effect\n"
	"   --grep TEXT      only those whose description contains TEXT (case-insensitive)\n"
	"   --all-versions   the union over every imported version, each with the first version\n"
	"                    and commit it appeared in, whether it reached main and the refs it was\n"
	"                    seen on (SEEN: main, or \"branch only: REF\")\n"
	"   --format F       " CLI_LISTING_FORMAT_HELP "\n\n"
	"At a version off main, or for a draft's --ballot, a date that never reached main is\n"
	"marked too (SEEN \"branch only: REF\"; on_main and seen in JSON).\n";

struct filters {
	const char *ballot_key;
	const char *section;
	char from[11], to[11];
	const char *grep;
	const char *source;
};

static int eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/*
 * The dates ballot `id` brought, as `ballot show` finds them (one
 * computation): at main, the rows whose ballot it is (f->ballot_key is set
 * to its key); for a ballot not on main, the dates its draft adds, in the
 * rows' shape.  *from is the ballot's sections_from ({ref, version}: where
 * the section numbers are from).
 */
static int ballot_rows(json_t **out, json_t **from, struct ct_db *db, const struct query_doc *doc, const char *id,
		       struct filters *f, char *keybuf, size_t keysz)
{
	json_t *v = NULL, *d;
	size_t i;
	if (ballots_view(&v, db, doc, id, NULL) < 0)
		return ct_error_code();
	/* Which version the rows' section numbers are from: main's, or the draft's head. */
	*from = json_incref(json_object_get(v, "sections_from"));
	if (eq(jsonget_str(v, "dates_from"), "main")) {
		int64_t vid = 0;
		snprintf(keybuf, keysz, "%s", jsonget_str(v, "key"));
		f->ballot_key = keybuf;
		json_decref(v);
		int rc = ballots_main_version(&vid, db, doc, 0);
		if (rc == 0 && !vid)
			*out = json_array();
		return rc < 0 || !vid ? rc : dates_rows(out, db, doc->id, vid);
	}
	*out = json_array();
	json_array_foreach(json_object_get(v, "dates"), i, d) {
		json_t *secs = json_object_get(d, "sections");
		json_t *r = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:n, s:n, s:n, s:n}", "date", json_object_get(d, "date"),
				      "keyword", json_object_get(d, "keyword"), "ballot", json_object_get(v, "id"),
				      "description", json_object_get(d, "description"), "source", json_object_get(d, "source"),
				      "requirements", json_object_get(d, "requirements"), "version", "phrase", "commit", "line");
		if (!json_array_size(secs) && json_is_string(json_object_get(d, "section")))
			json_object_set_new(r, "sections", json_pack("[O]", json_object_get(d, "section")));
		else
			json_object_set(r, "sections", secs ? secs : json_array());
		json_array_append_new(*out, r);
	}
	json_decref(v);
	return 0;
}

static int keep(json_t *r, const struct filters *f)
{
	const char *date = jsonget_str(r, "date");
	if (*f->from && strcmp(date, f->from) < 0)
		return 0;
	if (*f->to && strcmp(date, f->to) > 0)
		return 0;
	if (f->ballot_key && !eq(jsonget_str(r, "ballot_key"), f->ballot_key))
		return 0;
	if (f->source && !eq(jsonget_str(r, "source"), f->source))
		return 0;
	if (f->grep && !strcasestr(jsonget_str(r, "description") ? jsonget_str(r, "description") : "", f->grep))
		return 0;
	if (f->section) {
		size_t n = strlen(f->section), i;
		json_t *s;
		int hit = 0;
		json_array_foreach(json_object_get(r, "sections"), i, s) {
			const char *v = json_string_value(s);
			if (v && !strncmp(v, f->section, n) && (v[n] == '\0' || v[n] == '.'))
				hit = 1;
		}
		if (!hit)
			return 0;
	}
	return 1;
}

/*
 * The union over every imported version, as recorded at import
 * (date_sightings): each with the version and commit it first appeared
 * in, whether it ever reached main and the refs it was seen on.  A text
 * row stands for its section; a row never on main is marked in its
 * description's column ("branch only") in text and CSV.
 */
static int all_versions(json_t **out, struct ct_db *db, int64_t doc_id, int with_refs)
{
	struct ct_sighting_list list = CT_SIGHTING_LIST_INIT;
	int rc = query_sighting_list(&list, db, doc_id, with_refs);
	if (rc < 0)
		return rc;
	json_t *rows = json_array();
	for (size_t i = 0; i < list.n; i++) {
		const struct ct_sighting *x = &list.items[i];
		json_t *r = ct_sighting_to_json(x, with_refs);
		if (eq(x->source, "text") && x->section && !x->nsections)
			json_object_set_new(r, "sections", json_pack("[s]", x->section));
		json_object_del(r, "section");
		json_object_set_new(r, "on_main", json_boolean(x->on_main));
		const char *ref = x->nrefs ? x->refs[0] : NULL;
		json_object_set_new(r, "seen", x->on_main ? json_string("main") : json_sprintf("branch only: %s", ref ? ref : "no ref"));
		json_array_append_new(rows, r);
	}
	ct_sighting_list_release(&list);
	*out = rows;
	return 0;
}

/*
 * A section filter names a section: one of the version's (any version with
 * --all-versions), or one a row names ("Appendix B").  0 or the error to
 * print.
 */
static int known_section(struct cli_target *t, json_t *rows, const char *section, const char *at_given, int all)
{
	struct filters only = { .section = section };
	json_t *r;
	size_t i;
	json_array_foreach(rows, i, r)
		if (keep(r, &only))
			return 0;
	if (all)
		return ct_error_set(CT_ENOTFOUND, "no date in any version of %s names section '%s'", t->doc.name, section);
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	int rc = query_section_list(&sections, t->db, t->at.version_id, 0);
	if (rc == 0)
		rc = cli_section_check(&sections, t, at_given, section);
	ct_section_list_release(&sections);
	return rc;
}

int cmd_dates(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "at", required_argument, NULL, 'a' },
		{ "ballot", required_argument, NULL, 'b' },
		{ "section", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "grep", required_argument, NULL, 'g' },
		{ "for", required_argument, NULL, 'D' },
		{ "source", required_argument, NULL, 'S' },
		{ "all-versions", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	struct filters f = { 0 };
	char ballot_key[256];
	int all = 0, c, has_span = 0;
	struct ct_duration span = { 0, 0 };
	const char *ballot = NULL;
	struct ct_date today = ct_date_today(), d;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "+h", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			return 0;
		case -3:
			return CLI_EXIT_ERROR;
		case 'b':
			ballot = optarg;
			break;
		case 's':
			f.section = optarg;
			break;
		case 'F':
		case 'T':
			if (cli_day(&d, c == 'F' ? "--from" : "--to", optarg) < 0)
				return cli_usage_error("dates", "%s", ct_error_last());
			ct_date_format(c == 'F' ? f.from : f.to, &d);
			break;
		case 'g':
			f.grep = optarg;
			break;
		case 'D':
			if (ct_duration_parse(&span, optarg) < 0)
				return cli_usage_error("dates", "--for: '%s' is not a duration (use 6m, 1y, 90d)", optarg);
			has_span = 1;
			break;
		case 'S':
			if (strcmp(optarg, "table") && strcmp(optarg, "text") && strcmp(optarg, "version"))
				return cli_usage_error("dates", "--source: '%s' is not one of table, text, version", optarg);
			f.source = optarg;
			break;
		case 'A':
			all = 1;
			break;
		default:
			if (cli_query_option(&q, c, "dates") < 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (optind < argc)
		return cli_usage_error("dates", "unexpected argument '%s'", argv[optind]);
	if (all && q.at)
		return cli_usage_error("dates", "--all-versions and --at exclude each other");
	if (has_span) {
		/* --from DATE --for 6m: the window from DATE (default today) to DATE + 6 months. */
		struct ct_date start = today, end;
		if (*f.from)
			ct_date_parse_strict(&start, f.from);
		if (*f.to)
			return cli_usage_error("dates", "--for and --to exclude each other");
		end = ct_date_add_days(ct_date_add_months(start, span.months), span.days);
		ct_date_format(f.from, &start);
		ct_date_format(f.to, &end);
	}

	/* A filter that cannot match says so (exit 2), rather than print an empty table. */
	if (*f.from && *f.to && strcmp(f.from, f.to) > 0)
		return cli_usage_error("dates", "--from %s is after --to %s; no day is in that range", f.from, f.to);

	struct cli_target t;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	json_t *rows = NULL, *from = NULL;
	int rc;
	json_t *known = NULL;
	if (ballot && ballots_view(&known, t.db, &t.doc, ballot, NULL) < 0) {
		/* an unknown ballot is an error at any version, not an empty table */
		cli_target_release(&t);
		return cli_fail();
	}
	json_decref(known);
	if (ballot && !q.at && !all) {
		rc = ballot_rows(&rows, &from, t.db, &t.doc, ballot, &f, ballot_key, sizeof(ballot_key));
	} else {
		/* At a given version (or over all of them): the rows naming the ballot, however it is spelled. */
		if (ballot) {
			ballots_key(ballot_key, sizeof(ballot_key), ballot);
			f.ballot_key = ballot_key;
		}
		rc = all ? all_versions(&rows, t.db, t.doc.id, q.fmt == RENDER_JSON) : dates_rows(&rows, t.db, t.doc.id, t.at.version_id);
		/* When each version takes effect, from the Revisions table (not a ballot's own dates). */
		if (rc == 0 && !all && !ballot)
			rc = dates_version_rows(rows, t.db, t.doc.name, t.at.version_id);
	}
	/*
	 * At a version off main (or a draft's dates): mark the dates that never
	 * reached main, as --all-versions does.
	 */
	size_t branch_only = 0;
	if (rc == 0 && !all && (q.at || (from && eq(jsonget_str(from, "ref"), "main") == 0)))
		rc = sightings_mark(&branch_only, rows, t.db, &t.doc);
	if (rc < 0) {
		json_decref(from);
		cli_target_release(&t);
		return cli_fail();
	}
	if (f.section && known_section(&t, rows, f.section, q.at, all) < 0) {
		json_decref(rows);
		cli_target_release(&t);
		return cli_fail();
	}
	/* One obligation stated by the table and the text is one group (JSON) or one row (the rest). */
	if (!all)
		dates_group(rows);
	size_t n = json_array_size(rows), kept = 0;
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(rows, i);
		if (keep(r, &f))
			v[kept++] = r;
	}
	qsort(v, kept, sizeof(*v), dates_compare);
	json_t *out = json_array();
	for (size_t i = 0; i < kept; i++) {
		json_object_del(v[i], "ballot_key");
		if (from)
			json_object_set(v[i], "sections_from", from);
		json_array_append(out, v[i]);
	}
	free(v);
	if (!all && q.fmt != RENDER_JSON) {
		json_t *merged = dates_merge(out);
		json_decref(out);
		out = merged;
	}
	static const struct render_column cols[] = {
		{ "date", "DATE" }, { "keyword", "KEYWORD" }, { "ballot", "BALLOT" }, { "sections", "SECTIONS" },
		{ "source", "SOURCE" }, { "description", "DESCRIPTION" },
	};
	static const struct render_column all_cols[] = {
		{ "date", "DATE" }, { "keyword", "KEYWORD" }, { "ballot", "BALLOT" }, { "sections", "SECTIONS" },
		{ "source", "SOURCE" }, { "first_version", "FIRST" }, { "seen", "SEEN" }, { "description", "DESCRIPTION" },
	};
	/* A ballot's dates: say which version the section numbers are from. */
	if (from && q.fmt == RENDER_TEXT && json_array_size(out))
		printf("section numbers as of %s%s%s\n", jsonget_str(from, "ref") ? jsonget_str(from, "ref") : "main",
		       jsonget_str(from, "version") ? ", version " : "", jsonget_str(from, "version") ? jsonget_str(from, "version") : "");
	static const struct render_column seen_cols[] = {
		{ "date", "DATE" }, { "keyword", "KEYWORD" }, { "ballot", "BALLOT" }, { "sections", "SECTIONS" },
		{ "source", "SOURCE" }, { "seen", "SEEN" }, { "description", "DESCRIPTION" },
	};
	rc = all ? render_table(stdout, out, all_cols, 8, q.fmt)
	   : branch_only ? render_table(stdout, out, seen_cols, 7, q.fmt) : render_table(stdout, out, cols, 6, q.fmt);
	json_decref(from);
	json_decref(out);
	json_decref(rows);
	cli_target_release(&t);
	return rc < 0 ? cli_fail() : 0;
}
