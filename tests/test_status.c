/*
 * test_status.c - meetings, minutes posts and the pages of a call: the
 * status page (opened in headless Chromium), the Markdown appendix and the
 * calendar (golden files under tests/golden/), template overrides, and
 * hostile text from issues that must stay text.
 *
 * The repository and the issues are made by the test with fixed commit
 * times, so the database, and every page made from it, is the same on
 * every run.
 */
#include "testutil.h"

#include <ctype.h>

#include "engine_fixture.h"

/* A document with a compliance table, a dated requirement and a Revisions table. */
static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Adopted | Effective Date |\n|---|---|---|---|---|\n"
	"| 1.0.0 | SMC91 | First | 2024-01-10 | 2024-03-01 |\n\n"
	"### 1.2.2 Relevant dates\n\n"
	"| Compliance | Section(s) | Summary Description (See Full Text for Details) |\n|---|---|---|\n"
	"| 2024-06-01 | 4.1 | SHALL log *issuance* decisions |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nStarting on June 1, 2024 the CA SHALL log every issuance decision.\n\n"
	"## 4.2 Checks\n\nThe CA SHOULD check the mailbox.\n";

static const char issues_json[] =
	"[\n"
	" {\"number\": 3, \"title\": \"<script>alert('x')</script> \\\"onerror= {{title}} in 4.1\", "
	"  \"body\": \"[click](javascript:alert(1)) see Section 4.2\", \"state\": \"open\", \"labels\": [], "
	"  \"created_at\": \"2024-02-10T00:00:00Z\", \"updated_at\": \"2024-02-12T00:00:00Z\", \"closed_at\": null, "
	"  \"html_url\": \"javascript:alert(1)\", \"repository_url\": \"https://api.github.com/repos/acme/tst\", "
	"  \"user\": {\"login\": \"eve\"}},\n"
	" {\"number\": 2, \"title\": \"Revisit the logging date\", \"body\": \"About 4.1\", \"state\": \"closed\", "
	"  \"labels\": [{\"name\": \"Parked\"}], \"created_at\": \"2024-02-01T00:00:00Z\", \"updated_at\": \"2024-02-02T00:00:00Z\", "
	"  \"closed_at\": \"2024-02-02T00:00:00Z\", \"html_url\": \"https://github.com/acme/tst/issues/2\", "
	"  \"repository_url\": \"https://api.github.com/repos/acme/tst\", \"user\": {\"login\": \"bob\"}},\n"
	" {\"number\": 1, \"title\": \"Old question on 4.2\", \"body\": \"\", \"state\": \"open\", \"labels\": [], "
	"  \"created_at\": \"2023-12-01T00:00:00Z\", \"updated_at\": \"2024-02-05T00:00:00Z\", \"closed_at\": null, "
	"  \"html_url\": \"https://github.com/acme/tst/issues/1\", \"repository_url\": \"https://api.github.com/repos/acme/tst\", "
	"  \"user\": {\"login\": \"ann\"}}\n"
	"]\n";

/*
 * main: v1 (Ballot SMC91, 2024-01-10); a draft branch adding a SHOULD ->
 * SHALL change in 4.2 and a dated requirement; meetings on 2024-01-31
 * and 2024-02-14 (14:00 America/New_York), the next on 2024-02-28.
 */
static int setup(void **state)
{
	(void)state;
	fx_init_named(&fx, "repo", "status.db");
	fx_commit(&fx, "TST.md", doc_v1, "Ballot SMC91 - first version", "2024-01-10T12:00:00Z");
	fx_git_at(&fx, "2024-01-10T12:00:00Z", "tag Ballot_SMC91");
	fx_git_at(&fx, "2024-02-01T12:00:00Z", "checkout -q -b draft");
	fx_edit(&fx, "TST.md", "The CA SHOULD check the mailbox.\n",
		"The CA SHALL check the mailbox. Starting on September 1, 2024 the CA SHALL record each check.\n",
		"Draft: checks become mandatory (fixes #1)", "2024-02-01T12:00:00Z");
	fx_git_at(&fx, "2024-02-01T12:00:00Z", "checkout -q main");

	fx_import_cmd(&fx, "TST.md");
	fx_import_file(&fx, "github", "issues.json", issues_json);
	fx_ok(&fx, "meeting add 2024-01-31 --time 14:00 --tz America/New_York --title 'Test WG'");
	fx_ok(&fx, "meeting add 2024-02-14 --time 14:00 --tz America/New_York --title 'Test WG'");
	fx_ok(&fx, "meeting add 2024-02-28 --time 14:00 --tz America/New_York --title 'Test WG'");
	fx_ok(&fx, "ballot add D1 --base Ballot_SMC91 --head draft --title 'Mandatory checks'");
	fx_ok(&fx, "ballot set D1 --state discussion");
	fx_ok(&fx, "ballot plan D1 --phase 'SHOULD +3 months' --phase 'SHALL +6 months' --from 2024-03-01");
	fx_ok(&fx, "ballot add V1 --base Ballot_SMC91 --head draft --title 'A ballot in voting'");
	fx_ok(&fx, "ballot set V1 --state voting --vote-end '2024-02-20 17:00 UTC'");
	fx_ok(&fx, "ballot set V1 --proposer 'Ann Lee (CA One)' --endorser 'Bob Roe (Browser Co)'");
	fx_ok(&fx, "ballot vote V1 --issuers 9/1/0 --consumers 2/0/0");
	return 0;
}

static void golden(const char *name, const char *got)
{
	struct strbuf want = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&path, "tests/golden/%s", name);
	if (getenv("CABTRACK_UPDATE_GOLDEN")) {
		tu_write_file(path.buf, got, strlen(got));
		printf("updated %s\n", path.buf);
	}
	assert_int_equal(tu_read_file(&want, path.buf), 0);
	if (strcmp(want.buf, got)) {
		struct strbuf gotpath = STRBUF_INIT;
		strbuf_addf(&gotpath, "%s/%s", fx.tmp, name);
		tu_write_file(gotpath.buf, got, strlen(got));
		fprintf(stderr, "%s differs from %s (diff them; CABTRACK_UPDATE_GOLDEN=1 rewrites it)\n", gotpath.buf, path.buf);
		tu_run(NULL, NULL, "diff -u '%s' '%s' >&2", path.buf, gotpath.buf);
		strbuf_release(&gotpath);
	}
	assert_string_equal(want.buf, got);
	strbuf_release(&want);
	strbuf_release(&path);
}

static void test_meetings_and_minutes(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, &err, fx.dbpath, "meeting list --format json"), 0);
	json_t *list = json_loads(out.buf, 0, NULL);
	assert_int_equal(json_array_size(list), 3);
	json_t *m = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(m, "start_utc")), "2024-02-14T19:00:00Z");
	assert_string_equal(json_string_value(json_object_get(m, "local")), "2024-02-14 14:00 EST");
	json_decref(list);

	/* A minutes post: its meeting and the next call it announces. */
	char *mdb = fx_path(&fx, "minutes.db");
	char *post = fx_path(&fx, "minutes.md");
	const char text[] = "---\ntitle: 2024-03-13 Minutes of the Test WG\ndate: 2024-03-13 18:00:00\n"
			    "tags:\n- Minutes\n- Test\n---\n\n## Minutes\n\nNext call: Wednesday, March 27, 2024 at 2:00 pm Eastern Time\n";
	tu_write_file(post, text, strlen(text));
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import minutes '%s'", post);
	assert_int_equal(tu_ct(NULL, NULL, mdb, args.buf), 0);
	json_t *ms = tu_ct_json(mdb, "meeting list --format json");
	assert_int_equal(json_array_size(ms), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ms, 0), "title")), "2024-03-13 Minutes of the Test WG");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ms, 1), "start_utc")), "2024-03-27T18:00:00Z");
	json_decref(ms);

	/* Bad posts and meetings: one error line, nothing written. */
	const char bad[] = "## Minutes without front matter\n";
	tu_write_file(post, bad, strlen(bad));
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	assert_int_equal(tu_read_file(&before, mdb), 0);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, mdb, args.buf), &err, "no front matter");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, mdb, "meeting add 2024-02-30"), &err, "2024-02-30");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, mdb, "meeting add 2024-02-01 --tz Nowhere/Special"), &err, "Nowhere/Special");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, mdb, "meeting add 2024-02-01 --time 25:00"), &err, "25:00");
	assert_int_equal(tu_read_file(&after, mdb), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);

	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&args);
	strbuf_release(&out);
	strbuf_release(&err);
	free(mdb);
	free(post);
}

static void test_status_model(void **state)
{
	(void)state;
	json_t *v = tu_ct_json(fx.dbpath, "render status --meeting 2024-02-14 --format json");
	json_t *m = json_object_get(v, "meeting");
	assert_string_equal(json_string_value(json_object_get(m, "utc")), "2024-02-14 19:00 UTC");
	assert_string_equal(json_string_value(json_object_get(v, "since")), "2024-01-31");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "next"), "date")), "2024-02-28");

	/* In flight: D1 in discussion (no deadline yet) and V1 in voting. */
	json_t *flight = json_object_get(v, "ballots_in_flight");
	assert_int_equal(json_array_size(flight), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(flight, 1), "id")), "V1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(flight, 1), "next_deadline")),
			    "voting ends 2024-02-20 17:00 UTC (2024-02-20 12:00 EST)");

	/* What the Bylaws say of V1: its vote passed, one endorser is too few, its result is due 3 business days on. */
	json_t *v1 = json_array_get(flight, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v1, "vote"), "result")), "passed");
	assert_non_null(strstr(json_string_value(json_object_get(v1, "flag")), "1 endorser from members other"));
	json_t *dl, *result = NULL;
	size_t k;
	json_array_foreach(json_object_get(v1, "deadlines"), k, dl)
		if (!strcmp(json_string_value(json_object_get(dl, "label")), "result due"))
			result = dl;
	assert_non_null(result);
	assert_string_equal(json_string_value(json_object_get(result, "utc")), "2024-02-23 17:00 UTC");
	assert_true(json_is_true(json_object_get(result, "derived")));

	/* D1 is a ballot in discussion: shown once, in flight, with its change; not again as a draft. */
	json_t *drafts = json_object_get(v, "drafts"), *d = NULL, *x;
	size_t i;
	json_array_foreach(drafts, i, x)
		assert_string_not_equal(json_string_value(json_object_get(x, "id")), "D1");
	json_array_foreach(flight, i, x)
		if (!strcmp(json_string_value(json_object_get(x, "id")), "D1"))
			d = x;
	assert_non_null(d);
	assert_string_equal(json_string_value(json_object_get(d, "page")), "ballot-D1.html");
	assert_int_equal(json_array_size(json_object_get(d, "sections")), 1);
	assert_true(json_array_size(json_object_get(d, "requirements")) >= 2); /* strengthened + added */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(d, "dates"), 0), "date")),
			    "2024-09-01");
	json_t *phases = json_object_get(json_object_get(d, "plan"), "phases");
	assert_string_equal(json_string_value(json_object_get(json_array_get(phases, 1), "projected")), "2024-09-01");

	/* Effective dates: the table row, the phrase and the Revisions table's effective date. */
	json_t *rows = json_object_get(json_object_get(v, "dates"), "rows");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "date")), "2024-03-01");
	/* The table row and the phrase state one obligation: one row naming both sources. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "source")), "table+text");
	assert_int_equal(json_array_size(json_object_get(json_array_get(rows, 1), "sources")), 2);
	assert_int_equal(json_array_size(rows), 2);

	json_t *issues = json_object_get(v, "issues");
	assert_int_equal(json_array_size(json_object_get(issues, "new")), 2);    /* #2 and #3 */
	assert_int_equal(json_array_size(json_object_get(issues, "updated")), 1); /* #1 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(issues, "parked"), 0), "number")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(issues, "addressed"), 0), "number")), 1);
	assert_int_equal(json_integer_value(json_object_get(issues, "open")), 2);
	json_decref(v);

	/* As of an earlier meeting the draft's branch had not moved yet, and #3 did not exist. */
	v = tu_ct_json(fx.dbpath, "render status --meeting 2024-01-31 --format json");
	assert_int_equal(json_array_size(json_object_get(json_object_get(v, "issues"), "new")), 0);
	json_decref(v);
}

static void test_pages_and_escaping(void **state)
{
	(void)state;
	char *out = fx_path(&fx, "site");
	struct strbuf args = STRBUF_INIT, page = STRBUF_INIT, file = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", out);
	tu_ct_ok(fx.dbpath, args.buf);
	strbuf_addf(&file, "%s/index.html", out);
	assert_int_equal(tu_read_file(&page, file.buf), 0);
	assert_non_null(strstr(page.buf, "voting ends 2024-02-20 17:00 UTC"));
	assert_non_null(strstr(page.buf, "result due: 2024-02-23 17:00 UTC (2024-02-23 12:00 EST) <small class=\"derived\">(derived) vote end + 3 business days</small>"));
	assert_non_null(strstr(page.buf, "vote passed: issuers 9/1/0, consumers 2/0/0"));
	assert_non_null(strstr(page.buf, "<span class=\"flag\">1 endorser from members other"));
	assert_non_null(strstr(page.buf, "<svg"));
	assert_non_null(strstr(page.buf, "href=\"ballot-D1.html\""));
	/* Hostile issue text is text: escaped, never markup; javascript: links never made. */
	assert_null(strstr(page.buf, "<script>"));
	assert_non_null(strstr(page.buf, "&lt;script&gt;alert("));
	assert_null(strstr(page.buf, "\"onerror"));
	assert_null(strstr(page.buf, "javascript:"));
	assert_non_null(strstr(page.buf, "<li class=\"issue\">#3 ")); /* its html_url is no link: #3 is text */
	assert_non_null(strstr(page.buf, "<a href=\"https://github.com/acme/tst/issues/2\">#2</a>"));
	/* A parked issue has one "parked" badge, not the badge and its label again. */
	assert_non_null(strstr(page.buf, "#2</a> Revisit the logging date <span class=\"tag parked\">parked</span>"));
	assert_null(strstr(page.buf, "<span class=\"label\">Parked</span>"));
	assert_non_null(strstr(page.buf, "{{title}}"));   /* Mustache delimiters in data stay data */
	strbuf_reset(&file);
	strbuf_reset(&page);
	strbuf_addf(&file, "%s/ballot-D1.html", out);
	assert_int_equal(tu_read_file(&page, file.buf), 0);
	assert_non_null(strstr(page.buf, "<del>SHOULD</del><ins>SHALL</ins>"));

	/* The Markdown appendix: escaped, and the same bytes on every run. */
	struct strbuf md1 = STRBUF_INIT, md2 = STRBUF_INIT;
	assert_int_equal(tu_ct(&md1, NULL, fx.dbpath, "render minutes --meeting 2024-02-14"), 0);
	assert_int_equal(tu_ct(&md2, NULL, fx.dbpath, "render minutes --meeting 2024-02-14"), 0);
	assert_string_equal(md1.buf, md2.buf);
	assert_null(strstr(md1.buf, "<script>"));
	golden("status-minutes.md", md1.buf);

	/* The calendar: stable UIDs, the same bytes on every run. */
	struct strbuf ics = STRBUF_INIT;
	assert_int_equal(tu_ct(&ics, NULL, fx.dbpath, "render ics"), 0);
	assert_non_null(strstr(ics.buf, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(ics.buf, "SUMMARY:V1 IP review ends"));
	golden("status.ics", ics.buf);

	/* Bad input: one error line, exit 2. */
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, fx.dbpath, "render status"), &err, "--meeting");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, fx.dbpath, "render status --meeting soon"), &err, "soon");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, fx.dbpath, "render status --meeting 2024-02-14 --templates /nonexistent"), &err,
			    "/nonexistent");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, fx.dbpath, "render ics --meeting next"), &err, "render ics");

	strbuf_release(&md1);
	strbuf_release(&md2);
	strbuf_release(&ics);
	strbuf_release(&args);
	strbuf_release(&page);
	strbuf_release(&file);
	strbuf_release(&err);
	free(out);
}

/* Every draft gets its own redline page: ids that differ only in what a file name cannot hold or in case. */
/* Where `needle` is in `hay`, as an offset (fails when absent). */
static size_t offset_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("'%s' not found in:\n%s", needle, hay);
	return (size_t)(p - hay);
}

/*
 * render agenda: the Forum's standard items in the minutes' order, the
 * ballots in flight with their next deadline, the draft, the issues and the
 * next call in UTC and the meeting's zone, headed by the working group's
 * name; Markdown by default, plain text to mail with --format text.
 */
static void test_agenda(void **state)
{
	(void)state;
	char *dir = fx_path(&fx, "agenda"), *copy = fx_path(&fx, "agenda/cabtrack.db");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s' && cp '%s' '%s'", dir, fx.dbpath, copy), 0);
	assert_int_equal(tu_ct(NULL, NULL, copy, "config cabtrack.wg 'Test <Certificate> Working Group'"), 0);
	struct strbuf md = STRBUF_INIT, text = STRBUF_INIT, err = STRBUF_INIT, page = STRBUF_INIT;
	int rc = tu_ct(&md, &err, copy, "render agenda --meeting 2024-02-14");
	if (rc != 0)
		fail_msg("render agenda: exit %d: %s", rc, err.buf);
	static const char *const order[] = {
		"# Test &lt;Certificate&gt; Working Group: agenda for the call of 2024-02-14",
		"2024-02-14 19:00 UTC (2024-02-14 14:00 EST)",
		"1. Roll call", "2. Read the antitrust statement", "3. Review the agenda",
		"4. Approval of the minutes of the meeting of 2024-01-31",
		"5. Ballots in flight", "**D1**: Mandatory checks (discussion; sections (numbered as of its version 1.0.0): 4.2)",
		"**V1**: A ballot in voting (voting; next: voting ends 2024-02-20 17:00 UTC",
		"6. Draft ballots to discuss", "No draft is declared, moved since 2024-01-31 or named in the previous minutes.",
		"7. Issues", "New since 2024-01-31: #2 Revisit the logging date; #3",
		"8. Any other business", "9. Next call: 2024-02-28 19:00 UTC (2024-02-28 14:00 EST)", "10. Adjourn",
	};
	size_t at = 0;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t o = offset_of(md.buf, order[i]);
		if (o < at)
			fail_msg("'%s' is out of order in:\n%s", order[i], md.buf);
		at = o;
	}
	assert_int_equal(tu_ct(&text, NULL, copy, "render agenda --meeting 2024-02-14 --format text"), 0);
	assert_int_equal(offset_of(text.buf, "Test <Certificate> Working Group: agenda for the call of 2024-02-14"), 0);
	offset_of(text.buf, "   - V1: A ballot in voting (voting;");
	assert_null(strstr(text.buf, "**"));
	/* control characters from an issue title would show as \xNN, never raw */
	for (const char *p = text.buf; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t');

	/* the working group's name heads the status page and the appendix too */
	assert_int_equal(tu_ct(&page, NULL, copy, "render status --meeting 2024-02-14"), 0);
	offset_of(page.buf, "<p class=\"wg\">Test &lt;Certificate&gt; Working Group</p>");
	strbuf_reset(&page);
	assert_int_equal(tu_ct(&page, NULL, copy, "render minutes --meeting 2024-02-14"), 0);
	offset_of(page.buf, "### Appendix: Test &lt;Certificate&gt; Working Group, TST status");

	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, copy, "render agenda --meeting 2024-02-14 --format json"), &err, "agenda");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, copy, "render status --meeting 2024-02-14 --format text"), &err, "agenda");
	strbuf_release(&md);
	strbuf_release(&text);
	strbuf_release(&err);
	strbuf_release(&page);
	free(dir);
	free(copy);
}

static void test_redline_names(void **state)
{
	(void)state;
	static const char *const ids[] = { "CAA/v2", "CAA v2", "CAA-v2", "caa-v2", "Ballot-\xc3\x89" "1", "Ballot-\xc3\x9c" "1",
					   "\xe6\xb5\x8b\xe8\xaf\x95", "\xe8\xaf\x95\xe6\xb5\x8b" };
	char *copy = fx_path(&fx, "names.db"), *out = fx_path(&fx, "names-site");
	assert_int_equal(tu_run(NULL, NULL, "cp '%s' '%s'", fx.dbpath, copy), 0);
	struct strbuf args = STRBUF_INIT, err = STRBUF_INIT, file = STRBUF_INIT, page = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		strbuf_reset(&args);
		strbuf_addf(&args, "ballot add '%s' --base Ballot_SMC91 --head draft --title 'Title number %zu.'", ids[i], i);
		assert_int_equal(tu_ct(NULL, &err, copy, args.buf), 0);
	}
	strbuf_reset(&args);
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", out);
	assert_int_equal(tu_ct(NULL, &err, copy, args.buf), 0);
	json_t *model = tu_ct_json(copy, "render status --meeting 2024-02-14 --format json"), *d;
	json_t *seen = json_object();
	size_t i, found = 0;
	json_array_foreach(json_object_get(model, "drafts"), i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		const char *name = json_string_value(json_object_get(d, "page"));
		assert_non_null(name);
		/* unique, also where case does not count */
		char lower[256];
		snprintf(lower, sizeof(lower), "%s", name);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		assert_null(json_object_get(seen, lower));
		json_object_set_new(seen, lower, json_true());
		/* plain ASCII file names */
		for (const char *c = name; *c; c++)
			assert_true(isalnum((unsigned char)*c) || strchr("-_.", *c));
		/* and the page is that draft's own */
		strbuf_reset(&file);
		strbuf_reset(&page);
		strbuf_addf(&file, "%s/%s", out, name);
		assert_int_equal(tu_read_file(&page, file.buf), 0);
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
			if (strcmp(id, ids[k]))
				continue;
			found++;
			strbuf_reset(&args);
			strbuf_addf(&args, "Title number %zu.", k);
			assert_non_null(strstr(page.buf, args.buf));
		}
	}
	assert_int_equal(found, sizeof(ids) / sizeof(ids[0]));
	/* the ids that keep their form keep their name */
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/ballot-CAA-v2.html", out);
	assert_int_equal(tu_read_file(&page, file.buf), 0);
	json_decref(seen);
	json_decref(model);
	strbuf_release(&args);
	strbuf_release(&err);
	strbuf_release(&file);
	strbuf_release(&page);
	free(copy);
	free(out);
}

/* Whether folder `dir` holds an entry whose name starts with `prefix`. */
static int has_entry(const char *dir, const char *prefix)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "ls -a '%s'", dir), 0);
	int found = 0;
	for (char *line = strtok(out.buf, "\n"); line; line = strtok(NULL, "\n"))
		found |= !strncmp(line, prefix, strlen(prefix));
	strbuf_release(&out);
	return found;
}

/*
 * render status --out writes all its pages or none: a ballot page whose
 * name is taken by a folder, or a disk that fills (a file size limit),
 * leaves the previous pages byte for byte, and no temporary folder.
 */
static void test_render_all_or_nothing(void **state)
{
	(void)state;
	char *copy = fx_path(&fx, "aon.db"), *out = fx_path(&fx, "aon-site");
	assert_int_equal(tu_run(NULL, NULL, "cp '%s' '%s'", fx.dbpath, copy), 0);
	struct strbuf args = STRBUF_INIT, err = STRBUF_INIT, path = STRBUF_INIT, index = STRBUF_INIT, now = STRBUF_INIT;
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", out);
	assert_int_equal(tu_ct(NULL, &err, copy, args.buf), 0);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(st.st_mode & 0777, 0777 & ~mask); /* made as mkdir makes it, not private */
	strbuf_addf(&path, "%s/index.html", out);
	assert_int_equal(tu_read_file(&index, path.buf), 0);

	/* a new draft whose page name is a folder */
	assert_int_equal(tu_ct(NULL, &err, copy, "ballot add X1 --base Ballot_SMC91 --head draft --title 'New draft X1'"), 0);
	assert_int_equal(tu_run(NULL, NULL, "mkdir '%s/ballot-X1.html'", out), 0);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, copy, args.buf), &err, "ballot-X1.html");
	strbuf_reset(&now);
	assert_int_equal(tu_read_file(&now, path.buf), 0);
	assert_string_equal(now.buf, index.buf);
	assert_null(strstr(now.buf, "X1"));
	assert_false(has_entry(fx.tmp, "aon-site.tmp-"));
	assert_int_equal(tu_run(NULL, NULL, "rmdir '%s/ballot-X1.html'", out), 0);

	/* a disk that fills: the draft's page (its title is 100 KB) is larger than files may grow */
	struct strbuf big = STRBUF_INIT;
	strbuf_addstr(&big, "ballot set X1 --title '");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&big, 'x');
	strbuf_addch(&big, '\'');
	assert_int_equal(tu_ct(NULL, &err, copy, big.buf), 0);
	strbuf_reset(&err);
	int rc = tu_run(NULL, &err, "python3 -c 'import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
			"resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); os.execv(sys.argv[1], sys.argv[1:])' "
			"'%s' --db '%s' %s", tu_binary_path(), copy, args.buf);
	tu_assert_one_error(rc, &err, "ballot-X1.html");
	strbuf_reset(&now);
	assert_int_equal(tu_read_file(&now, path.buf), 0);
	assert_string_equal(now.buf, index.buf);
	assert_false(has_entry(out, "ballot-X1"));
	assert_false(has_entry(fx.tmp, "aon-site.tmp-"));

	/* and when nothing fails, the new pages are there */
	assert_int_equal(tu_ct(NULL, &err, copy, "ballot set X1 --title 'New draft X1'"), 0);
	assert_int_equal(tu_ct(NULL, &err, copy, args.buf), 0);
	strbuf_reset(&now);
	assert_int_equal(tu_read_file(&now, path.buf), 0);
	assert_non_null(strstr(now.buf, "ballot-X1.html"));
	assert_true(has_entry(out, "ballot-X1.html"));
	assert_true(has_entry(out, "ballot-D1.html"));
	assert_false(has_entry(fx.tmp, "aon-site.tmp-"));

	/* --out naming a file */
	strbuf_reset(&args);
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", path.buf);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, copy, args.buf), &err, "not a folder");
	strbuf_release(&big);
	strbuf_release(&args);
	strbuf_release(&err);
	strbuf_release(&path);
	strbuf_release(&index);
	strbuf_release(&now);
	free(copy);
	free(out);
}

static void test_template_override(void **state)
{
	(void)state;
	char *dir = fx_path(&fx, "tpl");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", dir), 0);
	struct strbuf f = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, args = STRBUF_INIT;
	/* Override only the issue partial: the built-in page uses it. */
	strbuf_addf(&f, "%s/issue.mustache", dir);
	const char partial[] = "<li class=\"mine\">ISSUE {{number}}: {{title}}</li>\n";
	tu_write_file(f.buf, partial, strlen(partial));
	strbuf_addf(&args, "render status --meeting 2024-02-14 --templates '%s'", dir);
	assert_int_equal(tu_ct(&out, &err, fx.dbpath, args.buf), 0);
	assert_non_null(strstr(out.buf, "<li class=\"mine\">ISSUE 3: &lt;script&gt;"));
	assert_non_null(strstr(out.buf, "<h2>Ballots in flight</h2>"));
	/* A template that does not parse: its name and line in the one error line. */
	strbuf_reset(&f);
	strbuf_addf(&f, "%s/status.mustache", dir);
	const char broken[] = "<h1>{{#drafts}}</h1>\n";
	tu_write_file(f.buf, broken, strlen(broken));
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, fx.dbpath, args.buf), &err, "status.mustache");
	strbuf_release(&f);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&args);
	free(dir);
}

/* The page in a real browser: the DOM has every part, and a screenshot is kept. */
static void test_page_in_chromium(void **state)
{
	(void)state;
	if (tu_run(NULL, NULL, "command -v chromium >/dev/null") != 0) {
		printf("SKIP: %s: chromium not installed (make test installs it)\n", __func__);
		skip();
	}
	char *out = fx_path(&fx, "site-chromium");
	struct strbuf args = STRBUF_INIT, dom = STRBUF_INIT;
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", out);
	tu_ct_ok(fx.dbpath, args.buf);
	int rc = tu_run(&dom, NULL, "timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom 'file://%s/index.html'",
			out);
	assert_int_equal(rc, 0);
	const char *want[] = {
		"id=\"ballots\"", "id=\"drafts\"", "id=\"dates\"", "id=\"issues\"", "id=\"next\"", "<svg",
		"voting ends 2024-02-20 17:00 UTC", "Mandatory checks", "2024-09-01", "issues-parked",
		"2024-02-28 19:00 UTC",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(dom.buf, want[i]))
			fprintf(stderr, "not in the DOM: %s\n", want[i]);
		assert_non_null(strstr(dom.buf, want[i]));
	}
	/* No script ran from issue text: the DOM holds the text, not an element. */
	assert_null(strstr(dom.buf, "<script>alert"));
	const char *build = getenv("BUILD");
	rc = tu_run(NULL, NULL,
		    "timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1100,2400 "
		    "--screenshot='%s/status-page.png' 'file://%s/index.html'",
		    build && *build ? build : "build", out);
	assert_int_equal(rc, 0);
	strbuf_release(&args);
	strbuf_release(&dom);
	free(out);
}

/*
 * Import the S/MIME history, its issues and the 2023-11-15 minutes into
 * `cdb`; `before_minutes`, when not NULL, gets a copy made before the minutes.
 */
static void import_corpus(const char *cdb, const char *corpus, const char *before_minutes)
{
	struct strbuf args = STRBUF_INIT;
	const char *cmds[] = {
		"import '%s/smime.git' --path SBR.md -q",
		"import github '%s/github/cabforum-smime-issues.json' -q",
		"import minutes '%s/minutes/2023-11-15-smcwg-minutes.md' -q",
	};
	for (size_t i = 0; i < 3; i++) {
		if (i == 2 && before_minutes)
			assert_int_equal(tu_run(NULL, NULL, "cp '%s' '%s'", cdb, before_minutes), 0);
		strbuf_reset(&args);
		strbuf_addf(&args, cmds[i], corpus);
		assert_int_equal(tu_ct(NULL, NULL, cdb, args.buf), 0);
	}
	strbuf_release(&args);
}

/* The corpus: the 2023-11-15 S/MIME call. */
static void test_corpus_2023_11_15(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	char *cdb = fx_path(&fx, "corpus.db");
	struct strbuf args = STRBUF_INIT;
	import_corpus(cdb, corpus, NULL);
	assert_int_equal(tu_ct(NULL, NULL, cdb, "ballot set SMC04 --state ipr-review --ipr-ends '2023-12-08 17:00 UTC'"), 0);
	assert_int_equal(tu_ct(NULL, NULL, cdb, "ballot add CAA-draft --base Ballot_SMC03 --head srdavidson/CAA"), 0);
	assert_int_equal(tu_ct(NULL, NULL, cdb, "ballot plan CAA-draft --phase 'SHOULD +6 months' --phase 'SHALL +12 months'"), 0);

	struct strbuf page = STRBUF_INIT, md = STRBUF_INIT;
	assert_int_equal(tu_ct(&page, NULL, cdb, "render status --meeting 2023-11-15"), 0);
	assert_int_equal(tu_ct(&md, NULL, cdb, "render minutes --meeting 2023-11-15"), 0);
	const char *both[] = {
		"SMC04", "IP review ends 2023-12-08 17:00 UTC", "CAA-draft", "1.6.1", "1.6.3", "2.2", "4.2",
		"the CA SHALL retrieve and process CAA records", "+6 months", "+12 months", "#221", "2024-09-15",
		"2023-09-01",
	};
	for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
		if (!strstr(page.buf, both[i]) || !strstr(md.buf, both[i]))
			fprintf(stderr, "missing from the %s: %s\n", strstr(page.buf, both[i]) ? "appendix" : "page", both[i]);
		assert_non_null(strstr(page.buf, both[i]));
		assert_non_null(strstr(md.buf, both[i]));
	}
	/* #221 is listed as parked. */
	const char *parked = strstr(md.buf, "- Parked:");
	assert_non_null(parked);
	assert_true(strstr(parked, "#221") && strstr(parked, "#221") < strchr(parked, '\n'));
	/* The next call the minutes announce. */
	assert_non_null(strstr(md.buf, "Next call: 2023-12-06 16:00 UTC"));
	strbuf_release(&args);
	strbuf_release(&page);
	strbuf_release(&md);
	free(cdb);
}

/* The entry of `list` whose `field` is `value`, or NULL. */
static json_t *find_by(json_t *list, const char *field, const char *value)
{
	json_t *x;
	size_t i;
	json_array_foreach(list, i, x)
		if (json_string_value(json_object_get(x, field)) && !strcmp(json_string_value(json_object_get(x, field)), value))
			return x;
	return NULL;
}

/*
 * The corpus with no ballot state typed by hand (issue 15): the 2023-12-06
 * page and agenda show SMC04 in IP review until 2023-12-08 (17:00 UTC, as
 * the 2023-11-15 minutes state; the day alone from the Revisions table
 * without them) and the CAA draft those minutes link to; a meeting after
 * PR #306 shows it as SMC018 in discussion, not PR #253 (SMC08, published)
 * and no stale branch.
 */
static void test_corpus_found_not_typed(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	char *cdb = fx_path(&fx, "corpus-found.db"), *bare = fx_path(&fx, "corpus-bare.db");
	struct strbuf args = STRBUF_INIT;
	import_corpus(cdb, corpus, bare);
	json_t *v = tu_ct_json(cdb, "render status --meeting 2023-12-06 --format json");
	json_t *flight = json_object_get(v, "ballots_in_flight"), *drafts = json_object_get(v, "drafts");
	json_t *smc04 = find_by(flight, "id", "SMC04");
	assert_non_null(smc04);
	assert_string_equal(json_string_value(json_object_get(smc04, "state")), "ipr-review");
	json_t *dl = json_array_get(json_object_get(smc04, "deadlines"), 0);
	assert_string_equal(json_string_value(json_object_get(dl, "utc")), "2023-12-08 17:00 UTC");
	assert_string_equal(json_string_value(json_object_get(dl, "rule")), "as the minutes of 2023-11-15 state");
	/* The CAA draft, once: named by the minutes' paragraph, carried on by PR #228 (SMC05). */
	size_t caa = 0, i;
	json_t *x;
	json_array_foreach(flight, i, x)
		if (json_string_value(json_object_get(x, "head")) && !strcmp(json_string_value(json_object_get(x, "head")), "srdavidson/CAA")) {
			caa++;
			assert_string_equal(json_string_value(json_object_get(x, "named_in")), "2023-11-15");
			assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(x, "sections"), 3), "number")), "4.2");
		}
	json_array_foreach(drafts, i, x)
		caa += json_string_value(json_object_get(x, "head")) && !strcmp(json_string_value(json_object_get(x, "head")), "srdavidson/CAA");
	assert_int_equal(caa, 1);
	/* the minutes' other link names a branch that was not imported: listed, not dropped */
	assert_non_null(find_by(json_object_get(v, "draft_links"), "url", "https://github.com/srdavidson/smime/commits/Ballot-SMC05/SBR.md"));
	json_decref(v);

	struct strbuf md = STRBUF_INIT, page = STRBUF_INIT;
	assert_int_equal(tu_ct(&md, NULL, cdb, "render agenda --meeting 2023-12-06"), 0);
	assert_non_null(strstr(md.buf, "**SMC04**: Addition of ETSI TS 119 411-6 (ipr-review; next: IP review ends 2023-12-08 17:00 UTC"));
	assert_non_null(strstr(md.buf, "was draft srdavidson/CAA, named in the minutes of 2023-11-15"));
	assert_int_equal(tu_ct(&page, NULL, cdb, "render status --meeting 2023-12-06"), 0);
	assert_non_null(strstr(page.buf, "IP review ends 2023-12-08 17:00 UTC"));
	assert_non_null(strstr(page.buf, "srdavidson/CAA"));

	/* Without the minutes, the Revisions table's publication date ends the review. */
	assert_int_equal(tu_ct(NULL, NULL, bare, "meeting add 2023-12-06"), 0);
	v = tu_ct_json(bare, "render status --meeting 2023-12-06 --format json");
	smc04 = find_by(json_object_get(v, "ballots_in_flight"), "id", "SMC04");
	assert_non_null(smc04);
	assert_string_equal(json_string_value(json_object_get(smc04, "next_deadline")), "IP review ends 2023-12-08");
	json_decref(v);

	/* After PR #306: SMC018 in discussion; PR #253 names SMC08, published by SBR 1.0.6; no stale branch. */
	assert_int_equal(tu_ct(NULL, NULL, cdb, "meeting add 2026-07-22"), 0);
	assert_int_equal(tu_ct(NULL, NULL, cdb, "meeting add 2026-08-05"), 0);
	v = tu_ct_json(cdb, "render status --meeting 2026-08-05 --format json");
	flight = json_object_get(v, "ballots_in_flight");
	json_t *smc18 = find_by(flight, "id", "SMC018");
	assert_non_null(smc18);
	assert_string_equal(json_string_value(json_object_get(smc18, "state")), "discussion");
	assert_int_equal(json_integer_value(json_object_get(smc18, "pr")), 306);
	assert_null(find_by(flight, "id", "SMC08"));
	assert_null(find_by(json_object_get(v, "drafts"), "id", "profiles"));
	assert_int_equal(json_array_size(json_object_get(v, "drafts")), 0);
	assert_non_null(strstr(json_string_value(json_object_get(v, "other_branches_line")), "other branches not shown"));
	json_decref(v);
	strbuf_reset(&md);
	assert_int_equal(tu_ct(&md, NULL, cdb, "render agenda --meeting 2026-08-05"), 0);
	assert_non_null(strstr(md.buf, "**SMC018**: Realignment of Multipurpose use cases (discussion), pull request #306"));
	assert_null(strstr(md.buf, "profiles"));
	strbuf_release(&md);
	strbuf_release(&page);
	strbuf_release(&args);
	free(cdb);
	free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meetings_and_minutes),
		cmocka_unit_test(test_status_model),
		cmocka_unit_test(test_pages_and_escaping),
		cmocka_unit_test(test_redline_names),
		cmocka_unit_test(test_agenda),
		cmocka_unit_test(test_render_all_or_nothing),
		cmocka_unit_test(test_template_override),
		cmocka_unit_test(test_page_in_chromium),
		cmocka_unit_test(test_corpus_2023_11_15),
		cmocka_unit_test(test_corpus_found_not_typed),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
