/*
 * test_facts.c - the facts a chair relies on: each date credited to the
 * ballot that brought it (a re-worded table row keeps its ballot, a
 * Revisions date moved into the compliance table too), `ballot show` and
 * `dates --ballot` agreeing, dates seen only on an abandoned branch marked
 * so, the Revisions table's dates as `dates` rows, and what is in force on
 * a day (`in-force`, `--at DAY`).  On a repository the test makes, and on
 * the S/MIME corpus (SMC04 introduced no dates).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "tracker/dates.h"

#include "engine_fixture.h"

/*
 * The document: a Revisions table (rows given), a BR-style compliance
 * table without a ballot column (rows given), and 4.1 with a dated phrase.
 */
static void write_doc(const char *label, const char *revisions, const char *table, const char *more)
{
	struct strbuf text = STRBUF_INIT;
	strbuf_addf(&text,
		    "---\ntitle: Test Requirements\nsubtitle: Version %s\n---\n\n# 1. INTRODUCTION\n\n"
		    "## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
		    "| Version | Ballot | Description | Adopted | Effective |\n|---|---|---|---|---|\n%s\n"
		    "### 1.2.2 Relevant Dates\n\n| Compliance | Section(s) | Summary Description |\n|---|---|---|\n%s\n"
		    "# 4. OPERATIONS\n\n## 4.1 Logging\n\nEffective 2024-02-15, the CA SHALL keep an audit log.\n%s",
		    label, revisions, table, more);
	fx_write(&fx, "BR.md", text.buf);
	strbuf_release(&text);
}

static const char two_years[] = "\nEffective 2026-01-01, the CA SHALL keep logs for two years.\n";
static const char rev1[] = "| 1.0.0 | SC91 | First | 2024-01-10 | 2024-02-01 |\n";
static const char rev2[] = "| 1.0.0 | SC91 | First | 2024-01-10 | 2024-02-01 |\n"
			   "| 1.0.1 | SC92 | Second | 2024-03-01 | 2024-09-01 |\n";
static const char rev3[] = "| 1.0.0 | SC91 | First | 2024-01-10 | 2024-02-01 |\n"
			   "| 1.0.1 | SC92 | Second | 2024-03-01 | 2024-09-01 |\n"
			   "| 1.0.2 | SC93 | Third | 2024-05-01 | 2024-05-01 |\n";

/*
 * main: SC91 (a table row for 2025-03-15), SC92 (that row re-worded and
 * moved below a new 2026-01-01 row; effective only 2024-09-01), SC93
 * (adopted after SC92 but effective before it); branch "abandoned" off
 * SC92 adds a 2027-01-01 row and is never merged.
 */
static void make_repo(void)
{
	write_doc("1.0.0", rev1, "| 2025-03-15 | 4.1 | CAs MUST log each issuance decision. |\n", "");
	fx_git_at(&fx, "2024-01-10T12:00:00Z", "add BR.md");
	fx_git_at(&fx, "2024-01-10T12:00:00Z", "commit -q -m 'Ballot SC91 - first version'");
	const char *t2 = "| 2026-01-01 | 4.1 | CAs SHALL keep logs for two years. |\n"
			 "| 2025-03-15 | 4.1 | CAs  MUST log every issuance decision. |\n";
	write_doc("1.0.1", rev2, t2, two_years);
	fx_git_at(&fx, "2024-03-01T12:00:00Z", "commit -q -a -m 'Ballot SC92 - second version'");
	fx_git_at(&fx, "2024-03-02T12:00:00Z", "checkout -q -b abandoned");
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s| 2027-01-01 | 4.1 | CAs SHALL keep logs for three years. |\n", t2);
	write_doc("1.0.1", rev2, t.buf, two_years);
	fx_git_at(&fx, "2024-03-02T12:00:00Z", "commit -q -a -m 'longer logs (abandoned)'");
	fx_git_at(&fx, "2024-03-02T12:00:00Z", "checkout -q main");
	/* SC93 only retypes the 2026-01-01 row: a no-break space and a Unicode hyphen. */
	write_doc("1.0.2", rev3,
		  "| 2026-01-01 | 4.1 | CAs SHALL keep logs for two\u00a0years. |\n"
		  "| 2025-03-15 | 4.1 | CAs  MUST log every issuance decision. |\n",
		  two_years);
	fx_git_at(&fx, "2024-05-01T12:00:00Z", "commit -q -a -m 'Ballot SC93 - third version'");
	strbuf_release(&t);
	fx_import_cmd(&fx, "BR.md");
}

static int setup(void **state)
{
	(void)state;
	fx_init_named(&fx, "repo", "facts.db");
	make_repo();
	return 0;
}

/* The row of `rows` with date and source, or NULL. */
static json_t *row(json_t *rows, const char *date, const char *source)
{
	json_t *r;
	size_t i;
	json_array_foreach(rows, i, r)
		if (!strcmp(s(r, "date"), date) && !strcmp(s(r, "source"), source))
			return r;
	return NULL;
}

/* Run `cabtrack ARGS` on the test's database (exit 0); its output in `out`, replaced. */
static void output_of(struct strbuf *out, const char *args)
{
	strbuf_reset(out);
	assert_int_equal(tu_ct(out, NULL, fx.dbpath, args), 0);
}

static void test_table_rows_credited_by_history(void **state)
{
	(void)state;
	json_t *d = tu_ct_json(fx.dbpath, "dates --format json");
	/* The table names no ballot: the commit that brought the row does. */
	assert_string_equal(s(row(d, "2026-01-01", "table"), "ballot"), "SC092");
	/* Re-worded and moved by SC92, still SC91's. */
	assert_string_equal(s(row(d, "2025-03-15", "table"), "ballot"), "SC091");
	assert_string_equal(s(row(d, "2024-02-15", "text"), "ballot"), "SC091");
	json_decref(d);

	/* ballot show and dates --ballot are one computation. */
	const char *ids[] = { "SC091", "SC092", "SC093" };
	const size_t want[] = { 2, 2, 0 };
	for (size_t k = 0; k < 3; k++) {
		char args[64];
		snprintf(args, sizeof(args), "ballot show %s --format json", ids[k]);
		json_t *v = tu_ct_json(fx.dbpath, args);
		snprintf(args, sizeof(args), "dates --ballot %s --format json", ids[k]);
		json_t *rows = tu_ct_json(fx.dbpath, args);
		json_t *dates = json_object_get(v, "dates");
		assert_int_equal(json_array_size(dates), want[k]);
		assert_int_equal(json_array_size(rows), want[k]);
		for (size_t i = 0; i < want[k]; i++) {
			assert_string_equal(s(json_array_get(dates, i), "date"), s(json_array_get(rows, i), "date"));
			assert_string_equal(s(json_array_get(dates, i), "description"), s(json_array_get(rows, i), "description"));
		}
		/* The section numbers say which version they are from. */
		assert_string_equal(s(json_object_get(v, "sections_from"), "ref"), "main");
		assert_string_equal(s(json_object_get(v, "sections_from"), "version"), "1.0.2");
		json_decref(v);
		json_decref(rows);
	}
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "ballot show SC92"), 0);
	assert_non_null(strstr(out.buf, "dates introduced (section numbers as of main, version 1.0.2)"));
	/* dates --ballot says it too: a line above the table, sections_from in each JSON row. */
	output_of(&out, "dates --ballot SC92");
	assert_true(!strncmp(out.buf, "section numbers as of main, version 1.0.2\nDATE", 46));
	json_t *rows = tu_ct_json(fx.dbpath, "dates --ballot SC92 --format json");
	assert_string_equal(s(json_object_get(json_array_get(rows, 0), "sections_from"), "version"), "1.0.2");
	json_decref(rows);
	/* ballot diff: the head's numbers, and which version that is. */
	output_of(&out, "ballot diff SC92 --no-redline");
	assert_non_null(strstr(out.buf, "; section numbers as of "));
	assert_non_null(strstr(out.buf, ", version 1.0.1)\n"));
	json_t *dv = tu_ct_json(fx.dbpath, "ballot diff SC92 --format json");
	assert_string_equal(s(json_object_get(dv, "sections_from"), "version"), "1.0.1");
	json_decref(dv);
	strbuf_release(&out);
}

static void test_one_obligation_one_row(void **state)
{
	(void)state;
	/* JSON: one object per source, sharing a group id. */
	json_t *d = tu_ct_json(fx.dbpath, "dates --format json");
	json_t *t = row(d, "2026-01-01", "table"), *x = row(d, "2026-01-01", "text");
	assert_non_null(t);
	assert_non_null(x);
	assert_true(json_is_integer(json_object_get(t, "group")));
	assert_true(json_equal(json_object_get(t, "group"), json_object_get(x, "group")));
	assert_false(json_equal(json_object_get(t, "group"), json_object_get(row(d, "2025-03-15", "table"), "group")));
	json_decref(d);
	/* Text, CSV, Markdown: one row naming both sources. */
	const char *fmts[] = { "text", "csv", "markdown", "html" };
	for (size_t k = 0; k < 4; k++) {
		struct strbuf out = STRBUF_INIT, args = STRBUF_INIT;
		strbuf_addf(&args, "dates --format %s", fmts[k]);
		assert_int_equal(tu_ct(&out, NULL, fx.dbpath, args.buf), 0);
		assert_non_null(strstr(out.buf, "table+text"));
		assert_null(strstr(out.buf, "the CA SHALL keep logs for two years"));
		strbuf_release(&out);
		strbuf_release(&args);
	}
	/* --source keeps one side. */
	d = tu_ct_json(fx.dbpath, "dates --source text --format json");
	assert_non_null(row(d, "2026-01-01", "text"));
	assert_null(row(d, "2026-01-01", "table"));
	json_decref(d);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "dates --source text"), 0);
	assert_non_null(strstr(out.buf, "the CA SHALL keep logs for two years"));
	strbuf_release(&out);
}

static void test_all_versions_marks_branch_only(void **state)
{
	(void)state;
	json_t *d = tu_ct_json(fx.dbpath, "dates --all-versions --format json");
	json_t *gone = row(d, "2027-01-01", "table");
	assert_non_null(gone);
	assert_true(json_is_false(json_object_get(gone, "on_main")));
	assert_int_equal(json_array_size(json_object_get(gone, "refs")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(gone, "refs"), 0)), "abandoned");
	assert_string_equal(s(gone, "seen"), "branch only: abandoned");
	size_t n2026 = 0;
	json_t *x;
	size_t i;
	json_array_foreach(d, i, x)
		n2026 += !strcmp(s(x, "date"), "2026-01-01") && !strcmp(s(x, "source"), "table");
	assert_int_equal(n2026, 1); /* retyped by SC93, still one obligation */
	json_t *kept = row(d, "2026-01-01", "table");
	assert_true(json_is_true(json_object_get(kept, "on_main")));
	assert_string_equal(s(kept, "ballot"), "SC092");
	assert_string_equal(s(kept, "first_version"), "1.0.1");
	json_decref(d);
	struct strbuf out = STRBUF_INIT;
	const char *fmts[] = { "text", "csv", "markdown", "html" };
	for (size_t k = 0; k < 4; k++) {
		char args[64];
		snprintf(args, sizeof(args), "dates --all-versions --format %s", fmts[k]);
			output_of(&out, args);
		assert_non_null(strstr(out.buf, "branch only: abandoned"));
	}

	/* The branch's own version: its date is marked as never on main, in text and JSON. */
	output_of(&out, "dates --at abandoned");
	assert_non_null(strstr(out.buf, " SEEN "));
	assert_non_null(strstr(out.buf, "branch only: abandoned"));
	d = tu_ct_json(fx.dbpath, "dates --at abandoned --format json");
	assert_true(json_is_false(json_object_get(row(d, "2027-01-01", "table"), "on_main")));
	assert_string_equal(s(row(d, "2027-01-01", "table"), "seen"), "branch only: abandoned");
	assert_true(json_is_true(json_object_get(row(d, "2025-03-15", "table"), "on_main")));
	json_decref(d);
	/* At main nothing is branch-only: no SEEN column. */
	output_of(&out, "dates --at main");
	assert_null(strstr(out.buf, " SEEN "));
	/* The branch as a draft: ballot show and dates --ballot mark it too. */
	output_of(&out, "ballot show abandoned");
	assert_non_null(strstr(out.buf, "CAs SHALL keep logs for three years.  [branch only: abandoned]"));
	json_t *v = tu_ct_json(fx.dbpath, "ballot show abandoned --format json");
	assert_true(json_is_false(json_object_get(json_array_get(json_object_get(v, "dates"), 0), "on_main")));
	json_decref(v);
	d = tu_ct_json(fx.dbpath, "dates --ballot abandoned --format json");
	assert_string_equal(s(row(d, "2027-01-01", "table"), "seen"), "branch only: abandoned");
	json_decref(d);
	strbuf_release(&out);
}

static void test_revisions_dates_are_rows(void **state)
{
	(void)state;
	json_t *d = tu_ct_json(fx.dbpath, "dates --source version --format json");
	assert_int_equal(json_array_size(d), 3);
	/* Effective, else Adopted: 1.0.2 takes effect before 1.0.1. */
	json_t *r = row(d, "2024-05-01", "version");
	assert_string_equal(s(r, "description"), "BR 1.0.2 takes effect: Third");
	assert_string_equal(s(r, "ballot"), "SC093");
	assert_string_equal(s(r, "version"), "1.0.2");
	assert_string_equal(s(row(d, "2024-09-01", "version"), "description"), "BR 1.0.1 takes effect: Second");
	json_decref(d);
	d = tu_ct_json(fx.dbpath, "dates --source table --format json");
	assert_int_equal(json_array_size(d), 2);
	json_decref(d);
	/* A window. */
	d = tu_ct_json(fx.dbpath, "dates --from 2024-04-01 --for 6m --format json");
	assert_int_equal(json_array_size(d), 2);
	json_decref(d);
	tu_assert_bad_input(fx.dbpath, "dates --source tables", "--source");
	tu_assert_bad_input(fx.dbpath, "dates --for soon", "--for");
}

static void test_in_force(void **state)
{
	(void)state;
	/* 2024-04-01: 1.0.1 adopted, its ballot SC92 not yet effective. */
	json_t *v = tu_ct_json(fx.dbpath, "in-force 2024-04-01 --format json");
	assert_string_equal(s(json_object_get(v, "version"), "label"), "1.0.1");
	json_t *pb = json_object_get(v, "pending_ballots");
	assert_int_equal(json_array_size(pb), 1);
	assert_string_equal(s(json_array_get(pb, 0), "ballot"), "SC092");
	assert_string_equal(s(json_array_get(pb, 0), "effective"), "2024-09-01");
	assert_string_equal(s(json_object_get(json_array_get(pb, 0), "sections_from"), "version"), "1.0.1");
	json_t *sec, *secs = json_object_get(json_array_get(pb, 0), "sections");
	size_t i;
	int in_table = 0;
	json_array_foreach(secs, i, sec)
		in_table |= !strcmp(s(sec, "number"), "1.2.2");
	assert_true(in_table);
	assert_non_null(row(json_object_get(v, "effective"), "2024-02-15", "text"));
	assert_non_null(row(json_object_get(v, "pending"), "2026-01-01", "table"));
	json_decref(v);

	/* 2024-06-01: 1.0.2 (adopted after 1.0.1, effective before it); SC92 still pending. */
	v = tu_ct_json(fx.dbpath, "in-force 'June 1, 2024' --format json");
	assert_string_equal(s(json_object_get(v, "version"), "label"), "1.0.2");
	assert_int_equal(json_array_size(json_object_get(v, "pending_ballots")), 1);
	json_decref(v);
	v = tu_ct_json(fx.dbpath, "in-force --from 2024-06-01 --for 1y --format json");
	assert_null(row(json_object_get(v, "pending"), "2026-01-01", "table"));
	assert_non_null(row(json_object_get(v, "pending"), "2025-03-15", "table"));
	json_decref(v);

	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "in-force 2024-04-01"), 0);
	assert_non_null(strstr(out.buf, "version 1.0.1 (SC092)"));
	assert_non_null(strstr(out.buf, "SC092   1.0.1    until 2024-09-01"));
	/* The pending ballot's sections are numbered as in its own version. */
	assert_non_null(strstr(out.buf, "sections changed (numbers as of BR 1.0.1): "));
	strbuf_release(&out);

	/* --at DAY on other queries. */
	v = tu_ct_json(fx.dbpath, "dates --at 2024-02-01 --format json");
	assert_null(row(v, "2026-01-01", "table"));
	assert_non_null(row(v, "2025-03-15", "table"));
	json_decref(v);
	/* diff: BASE and HEAD may be days. */
	v = tu_ct_json(fx.dbpath, "diff 2024-02-01 'June 1, 2024' --format json");
	assert_string_equal(s(json_object_get(v, "base"), "version"), "1.0.0");
	assert_string_equal(s(json_object_get(v, "head"), "version"), "1.0.2");
	json_decref(v);
	/* check: REF or --at may be a day. */
	struct strbuf err = STRBUF_INIT;
	int rc = tu_ct(NULL, &err, fx.dbpath, "check --at 2024-04-01 --format json");
	assert_true(rc == 0 || rc == 1);
	rc = tu_ct(NULL, &err, fx.dbpath, "check 2024-04-01 --base 2024-02-01 --format json");
	assert_true(rc == 0 || rc == 1);
	strbuf_release(&err);
	/* ballot list and show: as they stood on a day, section numbers from main's version then. */
	v = tu_ct_json(fx.dbpath, "ballot show SC092 --at 2024-03-15 --format json");
	assert_string_equal(s(json_object_get(v, "sections_from"), "version"), "1.0.1");
	json_decref(v);
	v = tu_ct_json(fx.dbpath, "ballot diff SC092 --at 2024-03-15 --no-redline --format json");
	assert_string_equal(s(json_object_get(v, "sections_from"), "version"), "1.0.1");
	json_decref(v);
	tu_assert_bad_input(fx.dbpath, "ballot diff SC092 --at 2024-02-01", "no ballot 'SC092'");
	v = tu_ct_json(fx.dbpath, "ballot list --at 2024-02-01 --format json");
	json_t *b;
	json_array_foreach(v, i, b)
		assert_string_not_equal(s(b, "id"), "SC092");
	json_decref(v);
	v = tu_ct_json(fx.dbpath, "blame 4.1 --at 2024-02-01 --format json");
	assert_true(json_array_size(v) >= 1);
	json_decref(v);
	/* Neither a ref nor a day: the message says so about the ref, not about a date. */
	tu_assert_bad_input(fx.dbpath, "sections --at nosuchref", "'nosuchref' names no ref");
	tu_assert_bad_input(fx.dbpath, "diff nosuchref main", "'nosuchref' names no ref");
	tu_assert_bad_input(fx.dbpath, "check --at nosuchref", "'nosuchref' names no ref");
	tu_assert_bad_input(fx.dbpath, "ballot show SC092 --at soon", "--at: 'soon' is not a day");
	tu_assert_bad_input(fx.dbpath, "in-force 2023-12-31", "before the first version");
	tu_assert_bad_input(fx.dbpath, "sections --at 2023-12-31", "before the first version");
	tu_assert_bad_input(fx.dbpath, "in-force someday", "someday");
}

/* The commit `rev` names in the test's repository (caller frees). */
static char *rev_parse(const char *rev)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "git -C '%s' rev-parse '%s'", fx.repo, rev), 0);
	strbuf_rtrim(&out);
	return strbuf_detach(&out, NULL);
}

static void test_draft_became_ballot(void **state)
{
	(void)state;
	char *sc91 = rev_parse("main~2"), *sc92 = rev_parse("main~1");
	struct strbuf args = STRBUF_INIT;
	/* A declared draft whose head SC92's commit reaches (its base did not): it became SC92. */
	strbuf_addf(&args, "ballot add EARLY --base %s --head %s", sc91, sc92);
	assert_int_equal(tu_ct(NULL, NULL, fx.dbpath, args.buf), 0);
	json_t *v = tu_ct_json(fx.dbpath, "ballot show EARLY --format json");
	assert_string_equal(s(json_object_get(v, "became"), "id"), "SC092");
	json_decref(v);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "ballot show EARLY"), 0);
	assert_non_null(strstr(out.buf, "became:        SC092"));
	strbuf_release(&out);
	/* The abandoned branch became nothing. */
	v = tu_ct_json(fx.dbpath, "ballot show abandoned --format json");
	assert_true(json_is_null(json_object_get(v, "became")));
	json_decref(v);
	strbuf_release(&args);
	free(sc91);
	free(sc92);
}

/* A pull request, #7, and an issue, #8, of example/br as the issue listing gives them. */
static const char pulls_json[] =
	"[{\"url\": \"https://api.github.com/repos/example/br/issues/8\", \"html_url\": \"https://github.com/example/br/issues/8\","
	" \"number\": 8, \"title\": \"Logging is vague\", \"body\": \"About 1.2.2.\", \"state\": \"open\","
	" \"user\": {\"login\": \"x\"}, \"labels\": [], \"created_at\": \"2024-05-02T00:00:00Z\","
	" \"updated_at\": \"2024-05-02T00:00:00Z\"},"
	" {\"url\": \"https://api.github.com/repos/example/br/issues/7\", \"html_url\": \"https://github.com/example/br/pull/7\","
	" \"number\": 7, \"title\": \"Signed logs\", \"body\": \"\", \"state\": \"open\","
	" \"user\": {\"login\": \"x\"}, \"labels\": [], \"created_at\": \"2024-05-02T00:00:00Z\","
	" \"updated_at\": \"2024-05-03T00:00:00Z\", \"pull_request\": {\"url\": \"https://api.github.com/repos/example/br/pulls/7\","
	" \"html_url\": \"https://github.com/example/br/pull/7\", \"merged_at\": null}}]";

/* The numbers of the rows of `issues --section S` (JSON), comma separated, in `out`. */
static void numbers_for_section(char *out, size_t outsz, const char *section)
{
	char args[128];
	struct strbuf o = STRBUF_INIT;
	snprintf(args, sizeof(args), "issues --section %s --format json", section);
	int rc = tu_ct(&o, NULL, fx.dbpath, args);
	assert_true(rc == 0 || rc == 1);
	json_t *rows = json_loads(o.buf, 0, NULL), *r;
	assert_non_null(rows);
	size_t i, n = 0;
	out[0] = '\0';
	json_array_foreach(rows, i, r)
		n += (size_t)snprintf(out + n, outsz - n, "%s%lld", n ? "," : "", (long long)json_integer_value(json_object_get(r, "number")));
	json_decref(rows);
	strbuf_release(&o);
}

/*
 * Pull request #7 (refs/pull/7/head, off main) changes 4.1 and adds 4.2:
 * `issues --section` finds it by the sections its head changes against
 * its merge base, and the status page lists it under both.
 */
static void test_pull_request_sections(void **state)
{
	(void)state;
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "checkout -q -b pr7");
	write_doc("1.0.2", rev3,
		  "| 2026-01-01 | 4.1 | CAs SHALL keep logs for two\u00a0years. |\n"
		  "| 2025-03-15 | 4.1 | CAs  MUST log every issuance decision. |\n",
		  "\nEffective 2026-01-01, the CA SHALL keep logs for two years.\n\nThe CA SHOULD sign each log.\n\n"
		  "## 4.2 Retention\n\nLogs are kept in two places.\n");
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "commit -q -a -m 'signed logs'");
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "update-ref refs/pull/7/head pr7");
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "checkout -q main");
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "branch -q -D pr7");
	struct strbuf out = STRBUF_INIT;
	fx_import_cmd(&fx, "BR.md");
	char *path = fx_path(&fx, "pulls.json");
	tu_write_file(path, pulls_json, strlen(pulls_json));
	fx_ok(&fx, "import github '%s' --repo example/br", path);
	free(path);

	char nums[64];
	numbers_for_section(nums, sizeof(nums), "4.1");
	assert_string_equal(nums, "7");
	numbers_for_section(nums, sizeof(nums), "4.2");
	assert_string_equal(nums, "7");
	numbers_for_section(nums, sizeof(nums), "4");
	assert_string_equal(nums, "7");
	numbers_for_section(nums, sizeof(nums), "1.2.2");
	assert_string_equal(nums, "8"); /* named in its body; the pull request does not change 1.2.2 */
	json_t *rows = tu_ct_json(fx.dbpath, "issues --section 4.2 --format json");
	json_t *ch = json_array_get(json_object_get(json_array_get(rows, 0), "changes"), 1);
	assert_string_equal(s(ch, "section"), "4.2");
	assert_string_equal(s(ch, "change"), "added");
	assert_string_equal(s(json_array_get(json_object_get(json_array_get(rows, 0), "changes"), 0), "change"), "modified");
	json_decref(rows);
	/* The table names the changed sections within the one asked about. */
	output_of(&out, "issues --section 4");
	assert_non_null(strstr(out.buf, "4.1, 4.2"));
	output_of(&out, "issues --section 4.2");
	assert_null(strstr(out.buf, "4.1"));

	/* The status page: #7 under 4.1 and 4.2, open on the day of the meeting. */
	tu_ct_ok(fx.dbpath, "meeting add 2024-05-10");
	json_t *m = tu_ct_json(fx.dbpath, "render status --meeting 2024-05-10 --format json");
	json_t *groups = json_object_get(m, "pulls_by_section");
	assert_int_equal(json_array_size(groups), 2);
	assert_string_equal(s(json_array_get(groups, 0), "section"), "4.1");
	assert_string_equal(s(json_array_get(groups, 0), "title"), "Logging");
	assert_string_equal(s(json_array_get(groups, 1), "section"), "4.2");
	json_t *pr = json_array_get(json_object_get(json_array_get(groups, 1), "pulls"), 0);
	assert_int_equal(json_integer_value(json_object_get(pr, "number")), 7);
	assert_string_equal(s(pr, "url"), "https://github.com/example/br/pull/7");
	json_decref(m);
	output_of(&out, "render status --meeting 2024-05-10");
	assert_non_null(strstr(out.buf, "Open pull requests by section"));
	assert_non_null(strstr(out.buf, "<a href=\"https://github.com/example/br/pull/7\">#7</a> Signed logs"));
	/* Before it was opened: none. */
	tu_ct_ok(fx.dbpath, "meeting add 2024-04-10");
	m = tu_ct_json(fx.dbpath, "render status --meeting 2024-04-10 --format json");
	assert_int_equal(json_array_size(json_object_get(m, "pulls_by_section")), 0);
	json_decref(m);

	/* The pull request's head moves back to main: it changes nothing any more. */
	fx_git_at(&fx, "2024-05-02T12:00:00Z", "update-ref refs/pull/7/head main");
	fx_import_cmd(&fx, "BR.md");
	numbers_for_section(nums, sizeof(nums), "4");
	assert_string_equal(nums, "");
	strbuf_release(&out);
}

/* ---- the corpus ---------------------------------------------------------- */

static void test_corpus_smc04_introduced_nothing(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/sbr.db", fx.tmp);
	char *sdb = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "import '%s/smime.git' --path SBR.md -q", corpus);
	assert_int_equal(tu_ct(NULL, NULL, sdb, sb.buf), 0);
	strbuf_release(&sb);

	json_t *v = tu_ct_json(sdb, "ballot show SMC04 --format json");
	assert_string_equal(s(v, "dates_from"), "main");
	assert_int_equal(json_array_size(json_object_get(v, "dates")), 0);
	json_decref(v);
	json_t *d = tu_ct_json(sdb, "dates --ballot SMC04 --format json");
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	/* The rows SMC04 moved out of the Revisions table keep their ballots. */
	d = tu_ct_json(sdb, "dates --source table --format json");
	assert_string_equal(s(row(d, "2023-09-01", "table"), "ballot"), "SMC01");
	assert_string_equal(s(row(d, "2024-09-15", "table"), "ballot"), "SMC03");
	json_decref(d);
	v = tu_ct_json(sdb, "ballot show SMC05 --format json");
	d = tu_ct_json(sdb, "dates --ballot SMC05 --format json");
	assert_int_equal(json_array_size(json_object_get(v, "dates")), json_array_size(d));
	assert_true(json_array_size(d) >= 4);
	json_decref(v);
	json_decref(d);

	/* Section numbers say their version: main's for the dates, the head's (1.0.3) for the diff. */
	struct strbuf o = STRBUF_INIT;
	assert_int_equal(tu_ct(&o, NULL, sdb, "dates --ballot SMC05"), 0);
	assert_true(!strncmp(o.buf, "section numbers as of main, version 1.0.", 40));
	strbuf_release(&o);
	v = tu_ct_json(sdb, "ballot diff SMC05 --no-redline --format json");
	assert_string_equal(s(json_object_get(v, "sections_from"), "version"), "1.0.3");
	json_decref(v);

	/* NS003's row only on srdavidson/Ballot-SMC09: marked in --all-versions and at that branch. */
	d = tu_ct_json(sdb, "dates --all-versions --format json");
	json_t *ns = row(d, "2024-11-12", "table");
	assert_true(json_is_false(json_object_get(ns, "on_main")));
	assert_string_equal(s(ns, "seen"), "branch only: srdavidson/Ballot-SMC09");
	json_decref(d);
	d = tu_ct_json(sdb, "dates --at srdavidson/Ballot-SMC09 --format json");
	assert_string_equal(s(row(d, "2024-11-12", "table"), "seen"), "branch only: srdavidson/Ballot-SMC09");
	assert_true(json_is_true(json_object_get(row(d, "2023-09-01", "table"), "on_main")));
	json_decref(d);

	/* srdavidson/CAA's requirements, edited on the way, came in with SMC05. */
	v = tu_ct_json(sdb, "ballot show srdavidson/CAA --format json");
	assert_string_equal(s(json_object_get(v, "became"), "id"), "SMC05");
	json_decref(v);

	/* In force on 2024-01-10: 1.0.2 (SMC04). */
	v = tu_ct_json(sdb, "in-force 2024-01-10 --format json");
	assert_string_equal(s(json_object_get(v, "version"), "label"), "1.0.2");
	assert_non_null(row(json_object_get(v, "effective"), "2023-09-01", "table"));
	assert_non_null(row(json_object_get(v, "pending"), "2024-09-15", "table"));
	json_decref(v);

	/* Pull request #228 changes 4.2.2.1 (it adds it) against its merge base with main. */
	strbuf_addf(&sb, "import github '%s/github/cabforum-smime-issues.json' --repo cabforum/smime", corpus);
	tu_ct_ok(sdb, sb.buf);
	strbuf_reset(&sb);
	d = tu_ct_json(sdb, "issues --section 4.2.2.1 --format json");
	json_t *x;
	size_t i;
	int has228 = 0;
	json_array_foreach(d, i, x)
		has228 |= json_integer_value(json_object_get(x, "number")) == 228;
	assert_true(has228);
	json_decref(d);
	/* The table names the changed sections asked about, then how many more. */
	assert_int_equal(tu_ct(&sb, NULL, sdb, "issues --section 4.2.2.1"), 0);
	const char *l228 = strstr(sb.buf, "\n228 ");
	assert_non_null(l228);
	assert_non_null(strstr(l228, "4.2.2.1, ... (8 more)"));
	strbuf_release(&sb);
	/* The status page of 2023-12-06 (#228 open then) groups it under 4.2. */
	tu_ct_ok(sdb, "meeting add 2023-12-06");
	v = tu_ct_json(sdb, "render status --meeting 2023-12-06 --format json");
	int in42 = 0;
	json_array_foreach(json_object_get(v, "pulls_by_section"), i, x) {
		json_t *p;
		size_t j;
		if (strcmp(s(x, "section"), "4.2"))
			continue;
		json_array_foreach(json_object_get(x, "pulls"), j, p)
			in42 |= json_integer_value(json_object_get(p, "number")) == 228;
	}
	assert_true(in42);
	json_decref(v);
	free(sdb);
}

/*
 * dates_group with many rows: a table row takes every text row of its
 * date and keyword whose first section is one it names (a later table row
 * of the same date and section gets none of them: the first takes all),
 * not those whose only a later section matches, of another keyword, of no
 * section or of no keyword unless it has none either; rows left over get
 * groups of their own after every table row's, in row order.
 */
static void test_grouping_many_rows(void **state)
{
	(void)state;
	json_t *rows = json_loads(
		"["
		/* 0 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"4.1\"]},"
		/* 1 */ "{\"source\":\"table\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"3.2\",\"4.1\"]},"
		/* 2 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"3.2\",\"9.9\"]},"
		/* 3 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"9.9\",\"4.1\"]},"
		/* 4 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"MUST\",\"sections\":[\"4.1\"]},"
		/* 5 */ "{\"source\":\"table\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"4.1\"]},"
		/* 6 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[]},"
		/* 7 */ "{\"source\":\"version\",\"date\":\"2025-01-01\",\"keyword\":null,\"sections\":[]},"
		/* 8 */ "{\"source\":\"table\",\"date\":\"2026-06-01\",\"keyword\":null,\"sections\":[\"5.1\"],\"group\":99},"
		/* 9 */ "{\"source\":\"text\",\"date\":\"2026-06-01\",\"keyword\":null,\"sections\":[\"5.1\"]},"
		/* 10 */ "{\"source\":\"text\",\"date\":\"2026-06-01\",\"keyword\":\"SHALL\",\"sections\":[\"5.1\"]},"
		/* 11 */ "{\"source\":\"text\",\"date\":\"2026-06-02\",\"keyword\":null,\"sections\":[\"5.1\"]},"
		/* 12 */ "{\"source\":\"table\",\"date\":\"2025-01-01\",\"keyword\":\"MUST\",\"sections\":[\"4.1\"]},"
		/* 13 */ "{\"source\":\"text\",\"date\":\"2025-01-01\",\"keyword\":\"SHALL\",\"sections\":[\"3.2\"]}"
		"]", 0, NULL);
	assert_non_null(rows);
	dates_group(rows);
	/* table rows 1, 5, 8, 12 get 1..4; then rows 3, 6, 7, 10, 11 in order */
	const json_int_t want[] = { 1, 1, 1, 5, 4, 2, 6, 7, 3, 3, 8, 9, 4, 1 };
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		json_t *g = json_object_get(json_array_get(rows, i), "group");
		assert_true(json_is_integer(g));
		if (json_integer_value(g) != want[i])
			fail_msg("row %zu: group %lld, want %lld", i, (long long)json_integer_value(g), (long long)want[i]);
	}
	/* grouping again gives the same groups */
	dates_group(rows);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, i), "group")), want[i]);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rows_credited_by_history),
		cmocka_unit_test(test_one_obligation_one_row),
		cmocka_unit_test(test_grouping_many_rows),
		cmocka_unit_test(test_all_versions_marks_branch_only),
		cmocka_unit_test(test_revisions_dates_are_rows),
		cmocka_unit_test(test_in_force),
		cmocka_unit_test(test_draft_became_ballot),
		cmocka_unit_test(test_pull_request_sections),
		cmocka_unit_test(test_corpus_smc04_introduced_nothing),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
