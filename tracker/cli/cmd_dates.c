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
#include "tracker/outline.h"

static const char usage[] =
	"usage: cabtrack dates [--doc NAME] [--at REF] [--ballot ID] [--section S] [--from DATE] [--to DATE]\n"
	"                      [--grep TEXT] [--all-versions] [--format text|json|csv]\n\n"
	"Dated obligations of one version (default: the main ref), oldest first.\n\n"
	"   --doc NAME       the document (needed when the database holds several)\n"
	"   --at REF         a ref, commit or version label (main, Ballot_SMC04, srdavidson/CAA, 1.0.3)\n"
	"   --ballot ID      only those a ballot introduced, however it is spelled (SMC05, SMC-5, SC-081v3);\n"
	"                    for a draft (a name given to 'ballot add', or a branch such as\n"
	"                    srdavidson/CAA), the dates its change adds\n"
	"   --section S      only those governing section S or its subsections\n"
	"   --from DATE      on or after DATE: 2024-09-15, today, -3m, +18m, -2w, +10d, +1y\n"
	"   --to DATE        on or before DATE (same forms)\n"
	"   --grep TEXT      only those whose description contains TEXT (case-insensitive)\n"
	"   --all-versions   the union over every imported version, each with the first version\n"
	"                    and commit it appeared in\n"
	"   --format F       text (default), json or csv\n";

struct filters {
	const char *ballot_key;
	const char *section;
	char from[11], to[11];
	const char *grep;
};

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The view-model row of one obligation. */
static json_t *view_row(json_t *o)
{
	int text = eq(str(o, "source"), "text");
	json_t *r = json_object();
	json_object_set(r, "date", json_object_get(o, "date"));
	json_object_set(r, "keyword", json_object_get(o, "keyword"));
	json_object_set(r, "ballot", json_object_get(o, text ? "origin_ballot" : "ballot"));
	json_object_set(r, "ballot_key", json_object_get(o, text ? "origin_ballot_key" : "ballot_key"));
	json_object_set(r, "sections", json_object_get(o, "sections"));
	json_object_set(r, "description", json_object_get(o, "description"));
	json_object_set(r, "source", json_object_get(o, "source"));
	json_object_set(r, "version", json_object_get(o, text ? "origin_version" : "version"));
	json_object_set(r, "phrase", json_object_get(o, "phrase"));
	json_object_set(r, "commit", text ? json_object_get(o, "origin_commit") : json_null());
	json_object_set_new(r, "requirements", text && str(o, "rid") ? json_pack("[s]", str(o, "rid")) : json_array());
	json_object_set(r, "line", json_object_get(o, "doc_line"));
	return r;
}

/* The key of a row's date, keyword and ballot ("" when one is missing: such rows match none). */
static void match_key(struct strbuf *key, json_t *r)
{
	const char *d = str(r, "date"), *k = str(r, "keyword"), *b = str(r, "ballot_key");
	strbuf_reset(key);
	if (d && k && b)
		strbuf_addf(key, "%s\x1f%s\x1f%s", d, k, b);
}

/*
 * Table rows without sections borrow those of the phrases they summarise
 * (the phrases of the same date, keyword and ballot, in row order);
 * every table row gets the requirements of those phrases.  The phrases
 * are looked up by that key, and the sections kept once each by a set.
 */
static void borrow_links(json_t *rows)
{
	size_t i, j;
	json_t *t, *x, *by_key = json_object();
	struct strbuf key = STRBUF_INIT;
	json_array_foreach(rows, i, x) {
		match_key(&key, x);
		if (!eq(str(x, "source"), "text") || !key.len)
			continue;
		json_t *list = json_object_get(by_key, key.buf);
		if (!list) {
			list = json_array();
			json_object_set_new_nocheck(by_key, key.buf, list);
		}
		json_array_append(list, x);
	}
	json_array_foreach(rows, i, t) {
		match_key(&key, t);
		if (!eq(str(t, "source"), "table") || !key.len)
			continue;
		int named = json_array_size(json_object_get(t, "sections")) > 0;
		json_t *secs = json_array(), *seen = json_object();
		json_array_foreach(json_object_get(by_key, key.buf), j, x) {
			/* The table row is carried by the requirements that state its date. */
			json_array_extend(json_object_get(t, "requirements"), json_object_get(x, "requirements"));
			size_t k;
			json_t *s;
			json_array_foreach(json_object_get(x, "sections"), k, s) {
				const char *v = json_string_value(s);
				if (v && json_object_get(seen, v))
					continue;
				if (v)
					json_object_set_new_nocheck(seen, v, json_true());
				json_array_append(secs, s);
			}
		}
		json_decref(seen);
		if (named)
			json_decref(secs);
		else
			json_object_set_new(t, "sections", secs);
	}
	strbuf_release(&key);
	json_decref(by_key);
}

/* The dates a draft ballot (not yet on main) would add: from its view, in the rows' shape. */
static int draft_rows(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *id)
{
	json_t *v = NULL, *d;
	size_t i;
	if (ballots_view(&v, db, doc, id, NULL) < 0)
		return ct_error_code();
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
	const char *date = str(r, "date");
	if (*f->from && strcmp(date, f->from) < 0)
		return 0;
	if (*f->to && strcmp(date, f->to) > 0)
		return 0;
	if (f->ballot_key && !eq(str(r, "ballot_key"), f->ballot_key))
		return 0;
	if (f->grep && !strcasestr(str(r, "description") ? str(r, "description") : "", f->grep))
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

int dates_rows(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version_id)
{
	json_t *obls = NULL, *sections = NULL;
	int rc = query_obligations(&obls, db, doc_id, version_id);
	if (rc == 0)
		rc = query_sections(&sections, db, version_id, 0);
	if (rc < 0) {
		json_decref(obls);
		return rc;
	}
	long *starts = outline_section_starts(sections);
	json_t *rows = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(obls, i, o) {
		json_int_t pos = json_integer_value(json_object_get(o, "pos"));
		json_int_t line = json_integer_value(json_object_get(o, "line"));
		json_object_set_new(o, "doc_line", json_integer(starts[pos] + line - 1));
		json_array_append_new(rows, view_row(o));
	}
	borrow_links(rows);
	free(starts);
	json_decref(sections);
	json_decref(obls);
	*out = rows;
	return 0;
}

static int all_versions(json_t **out, struct ct_db *db, int64_t doc_id)
{
	json_t *versions = NULL, *rows = json_array(), *seen = json_object();
	int rc = query_versions(&versions, db, doc_id);
	size_t i;
	json_t *v;
	struct strbuf key = STRBUF_INIT;
	json_array_foreach(versions, i, v) {
		if (rc < 0)
			break;
		json_t *vr = NULL;
		rc = dates_rows(&vr, db, doc_id, json_integer_value(json_object_get(v, "id")));
		size_t j;
		json_t *r;
		json_array_foreach(vr, j, r) {
			strbuf_reset(&key);
			strbuf_addf(&key, "%s|%s|%s|%s", str(r, "source"), str(r, "date"),
				    str(r, "keyword") ? str(r, "keyword") : "", str(r, "description"));
			if (json_object_get(seen, key.buf))
				continue;
			json_object_set_new(seen, key.buf, json_true());
			json_object_set(r, "first_version", json_object_get(v, "label"));
			json_object_set(r, "first_commit", json_object_get(v, "first_commit"));
			json_array_append(rows, r);
		}
		json_decref(vr);
	}
	strbuf_release(&key);
	json_decref(versions);
	json_decref(seen);
	if (rc < 0) {
		json_decref(rows);
		return rc;
	}
	*out = rows;
	return 0;
}

static int by_date(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "date"), str(y, "date"));
	if (!c)
		c = strcmp(str(x, "source"), str(y, "source")) * -1; /* table first */
	return c;
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
		{ "all-versions", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	struct filters f = { 0 };
	char ballot_key[32];
	int all = 0, c;
	const char *draft = NULL;
	struct ct_date today = ct_date_today(), d;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "+h", longopts, usage)) != -1) {
		switch (c) {
		case -2:
			return 0;
		case -3:
			return CLI_EXIT_ERROR;
		case 'b':
			if (ballot_name_normalize(ballot_key, sizeof(ballot_key), optarg) < 0)
				draft = optarg;  /* a draft's name or ref: its dates come from its diff */
			else
				f.ballot_key = ballot_key;
			break;
		case 's':
			f.section = optarg;
			break;
		case 'F':
		case 'T':
			if (ct_date_parse_cli(&d, optarg, today) < 0)
				return cli_usage_error("dates", "--%s: '%s' is not a date (use 2024-09-15, today, -3m, +18m)",
						       c == 'F' ? "from" : "to", optarg);
			ct_date_format(c == 'F' ? f.from : f.to, &d);
			break;
		case 'g':
			f.grep = optarg;
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

	struct cli_target t;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	json_t *rows = NULL;
	int rc = draft ? draft_rows(&rows, t.db, &t.doc, draft)
		 : all ? all_versions(&rows, t.db, t.doc.id) : dates_rows(&rows, t.db, t.doc.id, t.at.version_id);
	if (rc < 0) {
		cli_target_close(&t);
		return cli_fail();
	}
	size_t n = json_array_size(rows), kept = 0;
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(rows, i);
		if (keep(r, &f))
			v[kept++] = r;
	}
	qsort(v, kept, sizeof(*v), by_date);
	json_t *out = json_array();
	for (size_t i = 0; i < kept; i++) {
		json_object_del(v[i], "ballot_key");
		json_array_append(out, v[i]);
	}
	free(v);
	static const struct render_column cols[] = {
		{ "date", "DATE" }, { "keyword", "KEYWORD" }, { "ballot", "BALLOT" }, { "sections", "SECTIONS" },
		{ "source", "SOURCE" }, { "description", "DESCRIPTION" },
	};
	static const struct render_column all_cols[] = {
		{ "date", "DATE" }, { "keyword", "KEYWORD" }, { "ballot", "BALLOT" }, { "sections", "SECTIONS" },
		{ "source", "SOURCE" }, { "first_version", "FIRST" }, { "description", "DESCRIPTION" },
	};
	rc = all ? render_table(stdout, out, all_cols, 7, q.fmt) : render_table(stdout, out, cols, 6, q.fmt);
	json_decref(out);
	json_decref(rows);
	cli_target_close(&t);
	return rc < 0 ? cli_fail() : 0;
}
