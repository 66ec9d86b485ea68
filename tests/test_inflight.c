/*
 * test_inflight.c - ballots in flight and drafts found rather than typed
 * (tracker/inflight.c), the compare links and IP review ends minutes posts
 * state (tracker/mentions.c, tracker/base/ghlink.c), and `diff URL` and
 * `ballot add --compare`.
 *
 * The repository, its fork branch and pull-request refs, the issues and a
 * minutes post are made by the test with fixed times; no ballot state is
 * typed by hand except where a test says so.
 */
#include "testutil.h"

#include "tracker/base/ghlink.h"
#include "tracker/mentions.h"

#include "engine_fixture.h"

/* The Revisions table names three published ballots; nothing else names a ballot on main. */
static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.2\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n"
	"| 1.0.0 | SMC90 | First version | 2024-01-05 |\n"
	"| 1.0.1 | SMC91 | Second | 2024-03-20 |\n"
	"| 1.0.2 | SMC92 | Third | 2024-03-25 |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHALL log every issuance decision.\n\n"
	"## 4.2 Checks\n\nThe CA SHOULD check the mailbox.\n\n## 4.3 Records\n\nThe CA MAY keep records.\n";

/*
 * The minutes of 2024-02-28: SMC92's IP review end, a compare link whose
 * commits are not in the history but whose paragraph names the fork's CAA
 * branch, and one that names nothing imported.
 */
static const char minutes[] =
	"---\ntitle: 2024-02-28 Minutes of the Test WG\ndate: 2024-02-28 18:00:00\ntags:\n- Minutes\n---\n\n"
	"## Minutes\n\n"
	"Carol confirmed that Ballot SMC92 has passed and was now in IP review, ending at 1700 UTC on March 22.\n\n"
	"Alice walked through the draft text of a ballot to introduce CAA for the test, which may be seen at "
	"[https://github.com/alice/tst/compare/1111111…2222222][1].\n\n"
	"Bob showed a cleanup <script>alert(1)</script> at [https://github.com/bob/tst/compare/3333333...4444444][2], not yet shared.\n\n"
	"[1]: https://github.com/alice/tst/compare/1111111111111111111111111111111111111111...2222222222222222222222222222222222222222\n"
	"[2]: https://github.com/bob/tst/compare/3333333...4444444\n";

/* Pull requests: #7 names a new ballot, #8 a published one, #9 is labelled "ballot", #10 is neither. */
static const char issues_json[] =
	"[\n"
	" {\"number\": 10, \"title\": \"Fix a typo\", \"state\": \"open\", \"labels\": [], \"pull_request\": {\"url\": \"x\"},"
	"  \"created_at\": \"2024-03-01T00:00:00Z\", \"updated_at\": \"2024-03-01T00:00:00Z\", \"closed_at\": null,"
	"  \"html_url\": \"https://github.com/acme/tst/pull/10\", \"repository_url\": \"https://api.github.com/repos/acme/tst\"},\n"
	" {\"number\": 9, \"title\": \"Tidy up wording\", \"state\": \"open\", \"labels\": [{\"name\": \"ballot\"}],"
	"  \"pull_request\": {\"url\": \"x\"}, \"created_at\": \"2024-03-01T00:00:00Z\", \"updated_at\": \"2024-03-01T00:00:00Z\","
	"  \"closed_at\": null, \"html_url\": \"https://github.com/acme/tst/pull/9\","
	"  \"repository_url\": \"https://api.github.com/repos/acme/tst\"},\n"
	" {\"number\": 8, \"title\": \"Ballot SMC90 - leftover\", \"state\": \"open\", \"labels\": [], \"pull_request\": {\"url\": \"x\"},"
	"  \"created_at\": \"2023-12-01T00:00:00Z\", \"updated_at\": \"2023-12-01T00:00:00Z\", \"closed_at\": null,"
	"  \"html_url\": \"https://github.com/acme/tst/pull/8\", \"repository_url\": \"https://api.github.com/repos/acme/tst\"},\n"
	" {\"number\": 7, \"title\": \"Ballot SMC93: checks become mandatory\", \"state\": \"open\", \"labels\": [],"
	"  \"pull_request\": {\"url\": \"x\"}, \"created_at\": \"2024-03-01T00:00:00Z\", \"updated_at\": \"2024-03-05T00:00:00Z\","
	"  \"closed_at\": null, \"html_url\": \"https://github.com/acme/tst/pull/7\","
	"  \"repository_url\": \"https://api.github.com/repos/acme/tst\"}\n"
	"]\n";

/*
 * main (2023-10-01); a stale branch (2023-10-15); the fork's CAA branch
 * (refs/remotes/alice/CAA, 2024-02-20); a fresh branch (2024-03-04) that
 * pull request #7 carries on (refs/pull/7/head, 2024-03-05).  Meetings:
 * 2023-11-20, 2024-02-28 (its minutes imported) and 2024-03-13.
 */
static int setup(void **state)
{
	(void)state;
	fx_init_named(&fx, "repo", "t.db");
	fx_commit(&fx, "TST.md", doc_v1, "Initial text", "2023-10-01T12:00:00Z");
	fx_git_at(&fx, "2023-10-15T12:00:00Z", "checkout -q -b stale");
	fx_edit(&fx, "TST.md", "The CA MAY keep records.", "The CA MAY keep some records.", "Old idea", "2023-10-15T12:00:00Z");
	fx_git_at(&fx, "2024-02-20T12:00:00Z", "checkout -q -b caa main");
	fx_edit(&fx, "TST.md", "## 4.3 Records", "## 4.2.1 CAA\n\nThe CA SHALL check CAA records.\n\n## 4.3 Records", "Add CAA",
		"2024-02-20T12:00:00Z");
	fx_git_at(&fx, "2024-02-20T12:00:00Z", "update-ref refs/remotes/alice/CAA HEAD");
	fx_git_at(&fx, "2024-03-04T12:00:00Z", "checkout -q -b fresh main");
	fx_edit(&fx, "TST.md", "The CA SHOULD check the mailbox.", "The CA SHALL check the mailbox.", "Checks become mandatory",
		"2024-03-04T12:00:00Z");
	fx_edit(&fx, "TST.md", "The CA SHALL log every", "The CA SHALL log each", "Wording", "2024-03-05T12:00:00Z");
	fx_git_at(&fx, "2024-03-05T12:00:00Z", "update-ref refs/pull/7/head HEAD");
	fx_git_at(&fx, "2024-03-05T12:00:00Z", "checkout -q main");
	fx_git_at(&fx, "2024-03-05T12:00:00Z", "branch -q -D caa");

	fx_import_cmd(&fx, "TST.md");
	fx_import_file(&fx, "github", "issues.json", issues_json);
	fx_import_file(&fx, "minutes", "minutes.md", minutes);
	fx_ok(&fx, "meeting add 2023-11-20");
	fx_ok(&fx, "meeting add 2024-03-13 --time 14:00 --tz America/New_York");
	return 0;
}

/* The entry of `list` whose `field` is `value`, or NULL. */
static json_t *entry(json_t *list, const char *field, const char *value)
{
	json_t *x;
	size_t i;
	json_array_foreach(list, i, x)
		if (json_string_value(json_object_get(x, field)) && !strcmp(json_string_value(json_object_get(x, field)), value))
			return x;
	return NULL;
}

static const char *sfield(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void test_ghlink(void **state)
{
	(void)state;
	struct ghlink l;
	const char *u = "https://github.com/srdavidson/smime/compare/241e92c...29f73eb";
	assert_int_equal(ghlink_parse(&l, u, strlen(u)), 0);
	assert_int_equal(l.kind, GHLINK_COMPARE);
	assert_string_equal(l.owner, "srdavidson");
	assert_string_equal(l.repo, "smime");
	assert_string_equal(l.base, "241e92c");
	assert_string_equal(l.head, "29f73eb");
	/* the ellipsis a page shows, two dots, a fork's head, a fragment and .diff */
	u = "https://github.com/a/b/compare/241e92c\xe2\x80\xa6" "29f73eb";
	assert_int_equal(ghlink_parse(&l, u, strlen(u)), 0);
	assert_string_equal(l.head, "29f73eb");
	u = "https://github.com/a/b/compare/main..x/y#diff-123";
	assert_int_equal(ghlink_parse(&l, u, strlen(u)), 0);
	assert_string_equal(l.base, "main");
	assert_string_equal(l.head, "x/y");
	u = "https://github.com/cabforum/smime/compare/Ballot_SMC03...srdavidson:CAA.diff";
	assert_int_equal(ghlink_parse(&l, u, strlen(u)), 0);
	assert_string_equal(l.head_owner, "srdavidson");
	assert_string_equal(l.head, "CAA");
	u = "https://github.com/srdavidson/smime/commits/Ballot-SMC05/SBR.md";
	assert_int_equal(ghlink_parse(&l, u, strlen(u)), 0);
	assert_int_equal(l.kind, GHLINK_BRANCH);
	assert_string_equal(l.head, "Ballot-SMC05");
	static const char *const bad[] = {
		"https://example.org/a/b/compare/x...y", "https://github.com/a/b/issues/3", "https://github.com/a/b/compare/xy",
		"https://github.com/a/b/compare/../../x...y", "javascript:alert(1)", "https://github.com/a",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ghlink_parse(&l, bad[i], strlen(bad[i])), -4);
		assert_false(ghlink_is_change(bad[i]));
	}
}

static void test_mentions(void **state)
{
	(void)state;
	json_t *m = mentions_parse(minutes, strlen(minutes), "2024-02-28");
	assert_int_equal(json_array_size(m), 3);
	json_t *ipr = json_array_get(m, 0), *a = json_array_get(m, 1), *b = json_array_get(m, 2);
	assert_string_equal(sfield(ipr, "kind"), "ipr_end");
	assert_string_equal(sfield(ipr, "ballot_key"), "SMC92");
	assert_string_equal(sfield(ipr, "time"), "2024-03-22T17:00:00Z");
	/* one row per link, with the whole link of the reference, in the paragraph that cites it */
	assert_string_equal(sfield(a, "kind"), "compare");
	assert_string_equal(sfield(a, "owner"), "alice");
	assert_string_equal(sfield(a, "base"), "1111111111111111111111111111111111111111");
	assert_null(strstr(sfield(a, "url"), "\xe2\x80\xa6"));
	assert_non_null(strstr(sfield(a, "context"), "introduce CAA"));
	assert_string_equal(sfield(b, "head"), "4444444");
	json_decref(m);
	/* A date without a year said in December about January is next year's; no UTC time: the day. */
	const char text[] = "Ballot SMC-07 is in IP review until January 5.\n";
	m = mentions_parse(text, strlen(text), "2024-12-18");
	assert_string_equal(sfield(json_array_get(m, 0), "time"), "2025-01-05");
	json_decref(m);
	/* No ballot named, or no review: nothing. */
	const char none[] = "The IP review ends on March 3.\n\nBallot SMC07 passed on March 3.\n";
	m = mentions_parse(none, strlen(none), "2024-02-01");
	assert_int_equal(json_array_size(m), 0);
	json_decref(m);
}

/* 2024-03-13, with no ballot state typed: every part of the page found. */
static void test_found_not_typed(void **state)
{
	(void)state;
	json_t *v = tu_ct_json(fx.dbpath, "render status --meeting 2024-03-13 --format json");
	json_t *flight = json_object_get(v, "ballots_in_flight"), *drafts = json_object_get(v, "drafts");

	/* Published later: in IP review at the meeting, until the publication date or what the minutes state. */
	json_t *b91 = entry(flight, "id", "SMC091"), *b92 = entry(flight, "id", "SMC092");
	assert_non_null(b91);
	assert_string_equal(sfield(b91, "state"), "ipr-review");
	assert_string_equal(sfield(b91, "next_deadline"), "IP review ends 2024-03-20");
	assert_non_null(strstr(sfield(json_array_get(json_object_get(b91, "deadlines"), 0), "rule"), "published 2024-03-20"));
	assert_non_null(b92);
	assert_string_equal(sfield(json_array_get(json_object_get(b92, "deadlines"), 0), "utc"), "2024-03-22 17:00 UTC");
	assert_null(entry(flight, "id", "SMC090")); /* published 2024-01-05: done */

	/* Pull requests: #7 is SMC093 in discussion with its head and diff, and carries the fresh branch on. */
	json_t *b93 = entry(flight, "id", "SMC093");
	assert_non_null(b93);
	assert_string_equal(sfield(b93, "state"), "discussion");
	assert_int_equal(json_integer_value(json_object_get(b93, "pr")), 7);
	assert_string_equal(sfield(b93, "pr_url"), "https://github.com/acme/tst/pull/7");
	assert_string_equal(sfield(b93, "head"), "pull/7/head");
	assert_string_equal(sfield(b93, "was_draft"), "fresh");
	assert_string_equal(sfield(b93, "page"), "ballot-SMC093.html");
	assert_int_equal(json_array_size(json_object_get(b93, "sections")), 2);
	assert_null(entry(drafts, "id", "fresh")); /* shown once, as the ballot */
	/* #9 is labelled "ballot": in discussion under its number; #8 names a published ballot, #10 none. */
	assert_non_null(entry(flight, "id", "#9"));
	assert_non_null(strstr(sfield(entry(flight, "id", "#9"), "note"), "not imported"));
	assert_null(entry(flight, "key", "SMC90"));
	assert_int_equal(json_array_size(flight), 4);

	/* Drafts: the fork's CAA branch, named by the paragraph of the minutes' compare link. */
	json_t *caa = entry(drafts, "id", "alice/CAA");
	assert_non_null(caa);
	assert_string_equal(sfield(caa, "named_in"), "2024-02-28");
	assert_string_equal(sfield(caa, "link"), "https://github.com/alice/tst/compare/1111111111111111111111111111111111111111..."
					      "2222222222222222222222222222222222222222");
	assert_string_equal(sfield(json_array_get(json_object_get(caa, "sections"), 0), "number"), "4.2.1");
	assert_int_equal(json_array_size(drafts), 1);
	/* The link that names nothing imported is listed, not dropped; the stale branch is a count. */
	json_t *links = json_object_get(v, "draft_links");
	assert_int_equal(json_array_size(links), 1);
	assert_string_equal(sfield(json_array_get(links, 0), "url"), "https://github.com/bob/tst/compare/3333333...4444444");
	assert_int_equal(json_integer_value(json_object_get(v, "other_branches")), 1);
	assert_non_null(strstr(sfield(v, "other_branches_line"), "1 other branch not shown"));
	json_decref(v);

	/* The agenda lists them all. */
	struct strbuf md = STRBUF_INIT;
	assert_int_equal(tu_ct(&md, NULL, fx.dbpath, "render agenda --meeting 2024-03-13"), 0);
	static const char *const want[] = { "**SMC091**", "IP review ends 2024-03-20", "**SMC093**", "was draft fresh",
					    "**alice/CAA**", "named in the minutes of 2024-02-28",
					    "https://github.com/bob/tst/compare/3333333...4444444", "1 other branch not shown" };
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(md.buf, want[i]))
			fprintf(stderr, "not in the agenda: %s\n%s", want[i], md.buf);
		assert_non_null(strstr(md.buf, want[i]));
	}
	strbuf_release(&md);
}

/* The Bylaws' periods: 60 days for the first version (a Final Guideline), a recorded vote end wins. */
static void test_review_periods(void **state)
{
	(void)state;
	json_t *v = tu_ct_json(fx.dbpath, "render status --meeting 2023-11-20 --format json");
	json_t *b90 = entry(json_object_get(v, "ballots_in_flight"), "id", "SMC090");
	assert_non_null(b90); /* 2023-11-20 is within 60 days of 2024-01-05, not within 30 */
	assert_string_equal(sfield(b90, "type"), "guideline");
	assert_null(entry(json_object_get(v, "ballots_in_flight"), "id", "SMC091"));
	assert_int_equal(json_array_size(json_object_get(v, "draft_links")), 0); /* no minutes before it */
	json_decref(v);

	char *copy = tu_path(fx.tmp, "vote.db");
	assert_int_equal(tu_run(NULL, NULL, "cp '%s' '%s'", fx.dbpath, copy), 0);
	tu_ct_ok(copy, "ballot set SMC91 --vote-end '2024-02-20 17:00 UTC'");
	v = tu_ct_json(copy, "render status --meeting 2024-03-13 --format json");
	json_t *b91 = entry(json_object_get(v, "ballots_in_flight"), "id", "SMC091");
	assert_non_null(b91); /* vote end + 30 days: 2024-03-21 17:00 */
	json_t *dl = json_array_get(json_object_get(b91, "deadlines"), 0);
	assert_string_equal(sfield(dl, "utc"), "2024-03-21 17:00 UTC");
	assert_string_equal(sfield(dl, "rule"), "vote end + 30 days (Final Maintenance Guideline)");
	json_decref(v);
	tu_ct_ok(copy, "ballot set SMC91 --vote-end '2024-02-01 17:00 UTC'");
	v = tu_ct_json(copy, "render status --meeting 2024-03-13 --format json");
	assert_null(entry(json_object_get(v, "ballots_in_flight"), "id", "SMC091")); /* ended 2024-03-02 */
	json_decref(v);
	free(copy);
}

/* The page in headless Chromium: the parts found are in the DOM. */
static void test_page_in_chromium(void **state)
{
	(void)state;
	if (tu_run(NULL, NULL, "command -v chromium >/dev/null") != 0)
		TU_SKIP("%s: chromium not installed", __func__);
	char *out = tu_path(fx.tmp, "site");
	struct strbuf args = STRBUF_INIT, dom = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&args, "render status --meeting 2024-03-13 --out '%s'", out);
	tu_ct_ok(fx.dbpath, args.buf);
	int rc = tu_run(&dom, NULL, "timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom 'file://%s/index.html'",
			out);
	assert_int_equal(rc, 0);
	static const char *const want[] = {
		"SMC091", "IP review ends 2024-03-20", "2024-03-22 17:00 UTC", "href=\"ballot-SMC093.html\"",
		"href=\"https://github.com/acme/tst/pull/7\"", "was draft fresh", "alice/CAA",
		"named in the minutes of 2024-02-28", "class=\"draft-link\"", "1 other branch not shown",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!strstr(dom.buf, want[i]))
			fprintf(stderr, "not in the DOM: %s\n", want[i]);
		assert_non_null(strstr(dom.buf, want[i]));
	}
	/* the minutes' paragraph is text: its markup shows, never runs */
	assert_null(strstr(dom.buf, "<script>alert(1)"));
	assert_non_null(strstr(dom.buf, "&lt;script&gt;alert(1)"));
	/* every redline page the status page links to was written */
	struct strbuf page = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&path, "%s/ballot-SMC093.html", out);
	assert_int_equal(tu_read_file(&page, path.buf), 0);
	assert_non_null(strstr(page.buf, "<del>SHOULD</del><ins>SHALL</ins>"));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/ballot-alice-CAA-", out);
	assert_int_equal(tu_run(NULL, NULL, "ls '%s'*.html >/dev/null", path.buf), 0);
	strbuf_release(&page);
	strbuf_release(&path);
	strbuf_release(&args);
	strbuf_release(&dom);
	strbuf_release(&err);
	free(out);
}

/* diff and ballot add take a compare link; one that names nothing imported is one error line. */
static void test_compare_links(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "diff https://github.com/acme/tst/compare/main...alice:CAA --format json"), 0);
	json_t *d = json_loads(out.buf, 0, NULL);
	assert_non_null(d);
	json_t *s0 = json_array_get(json_object_get(d, "sections"), 0);
	assert_non_null(s0);
	assert_string_equal(sfield(s0, "number"), "4.2.1");
	json_decref(d);
	tu_assert_bad_input(fx.dbpath, "diff https://github.com/alice/tst/compare/1111111...2222222", "1111111");
	tu_assert_bad_input(fx.dbpath, "diff https://example.org/compare/a...b", "github.com");
	tu_assert_bad_input(fx.dbpath, "ballot add X --compare https://github.com/alice/tst/compare/1111111...2222222", "1111111");
	tu_assert_bad_input(fx.dbpath, "ballot add X --compare https://github.com/a/b/compare/main...fresh --base main", "--compare");

	char *copy = tu_path(fx.tmp, "add.db");
	assert_int_equal(tu_run(NULL, NULL, "cp '%s' '%s'", fx.dbpath, copy), 0);
	tu_ct_ok(copy, "ballot add CHK --compare https://github.com/acme/tst/compare/main...fresh --title 'Checks'");
	json_t *v = tu_ct_json(copy, "ballot show CHK --format json");
	assert_string_equal(sfield(v, "head"), "fresh");
	json_decref(v);
	free(copy);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ghlink),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_found_not_typed),
		cmocka_unit_test(test_review_periods),
		cmocka_unit_test(test_page_in_chromium),
		cmocka_unit_test(test_compare_links),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
