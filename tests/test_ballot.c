/*
 * test_ballot.c - ballots, diffs and blame: on repositories the test makes
 * (moved sections, keyword changes, dates added and moved, a merge naming
 * a ballot) and on the S/MIME corpus (the CAA draft, SMC05, blame).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

static char *tmp;

static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n"
	"| 1.0.0 | SMC91 | First | 2024-01-01 |\n"
	"REVISIONS_MORE\n"
	"## 1.3 Participants\n\nThe  CA is  a participant.\n\n"
	"# 3. IDENTIFICATION\n\n## 3.2 Validation\n\n### 3.2.9 Old checks\n\n"
	"The CA SHOULD check the mailbox with a challenge sent to it. The CA MAY retry the challenge twice. "
	"A note: <script>alert(1)</script> is text.\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHOULD log every issuance decision for the auditors. "
	"See <script>alert(2)</script>.\n"
	"MOVED_HERE"
	"ADDED_HERE";

static const char moved[] =
	"\n## 4.2 Old checks\n\n"
	"The CA SHOULD check the mailbox with a challenge sent to it. The CA MAY retry the challenge twice. "
	"A note: <script>alert(1)</script> is text.\n";

static void git(const char *repo, const char *args)
{
	int rc = tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@example.org %s", repo, args);
	assert_int_equal(rc, 0);
}

/* doc_v1 with its placeholders filled. */
static char *doc(const char *revisions_more, int move, const char *added)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, doc_v1);
	struct { const char *mark, *with; } subst[] = {
		{ "REVISIONS_MORE", revisions_more },
		{ "MOVED_HERE", move ? moved : "" },
		{ "ADDED_HERE", added },
	};
	for (size_t i = 0; i < 3; i++) {
		char *p = strstr(sb.buf, subst[i].mark);
		struct strbuf out = STRBUF_INIT;
		strbuf_add(&out, sb.buf, (size_t)(p - sb.buf));
		strbuf_addstr(&out, subst[i].with);
		strbuf_addstr(&out, p + strlen(subst[i].mark));
		strbuf_release(&sb);
		sb = out;
	}
	if (move) {
		/* 3.2.9 leaves section 3. */
		char *a = strstr(sb.buf, "### 3.2.9 Old checks");
		char *b = strstr(sb.buf, "# 4. OPERATIONS");
		struct strbuf out = STRBUF_INIT;
		strbuf_add(&out, sb.buf, (size_t)(a - sb.buf));
		strbuf_addstr(&out, b);
		strbuf_release(&sb);
		sb = out;
	}
	return strbuf_detach(&sb, NULL);
}

static const char row2[] = "| 1.0.1 | SMC92 | Second | 2024-06-01 |\n";
static const char added_v2[] =
	"\n## 4.3 New checks\n\nStarting on March 1, 2025 the CA SHALL check the new things.\n";
static const char added_v3[] =
	"\n## 4.3 New checks\n\nStarting on June 1, 2025 the CA SHALL check the new things.\n";

static char *repo;

/* The second version: a Revisions row, 3.2.9 moved to 4.2, `added`, and 4.1's SHOULD made SHALL. */
static char *doc_v2(const char *added)
{
	char *d = doc(row2, 1, added);
	char *p = strstr(d, "The CA SHOULD log every");
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, d, (size_t)(p - d));
	strbuf_addstr(&sb, "The CA SHALL log every");
	strbuf_addstr(&sb, p + strlen("The CA SHOULD log every"));
	free(d);
	/* Only the spacing of 1.3 changes. */
	p = strstr(sb.buf, "The  CA is  a participant.");
	memcpy(p, "The CA is a participant.  ", 26);
	return strbuf_detach(&sb, NULL);
}

static void write_doc(const char *text)
{
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s/docs/TST.md", repo);
	tu_write_file(file.buf, text, strlen(text));
	strbuf_release(&file);
}

/*
 * main: v1 (Ballot SMC91, tagged); branch draft: v2 (4.1 SHOULD -> SHALL,
 * 3.2.9 moved to 4.2, 4.3 added with a date, a Revisions row), merged as
 * "SMC92 - Second version (#2)".
 */
static void make_repo(void)
{
	struct strbuf r = STRBUF_INIT;
	strbuf_addf(&r, "%s/repo", tmp);
	repo = strbuf_detach(&r, NULL);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s' && mkdir -p '%s/docs'", repo, repo), 0);
	char *v1 = doc("", 0, "");
	write_doc(v1);
	git(repo, "add docs/TST.md");
	git(repo, "commit -q -m 'Ballot SMC91 - first version'");
	git(repo, "tag Ballot_SMC91");
	git(repo, "checkout -q -b draft");
	char *v2 = doc_v2(added_v2);
	write_doc(v2);
	git(repo, "commit -q -a -m 'draft of the second ballot'");
	git(repo, "checkout -q main");
	git(repo, "merge -q --no-ff -m 'SMC92 - Second version (#2)' draft");
	free(v1);
	free(v2);
}

static char *db_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", tmp, name);
	return strbuf_detach(&sb, NULL);
}

static char *fresh_db(const char *name)
{
	char *db = db_path(name);
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path docs/TST.md -q", repo);
	assert_int_equal(tu_ct(NULL, NULL, db, args.buf), 0);
	strbuf_release(&args);
	return db;
}

static json_t *find(json_t *arr, const char *key, const char *value)
{
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		const char *v = json_string_value(json_object_get(o, key));
		if (v && !strcmp(v, value))
			return o;
	}
	return NULL;
}

static const char *s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static void test_diff_made_repo(void **state)
{
	(void)state;
	char *db = fresh_db("diff.db");
	json_t *d = tu_ct_json(db, "diff Ballot_SMC91 draft --format json");

	/* 3.2.9 moved to 4.2 with the same body; 4.1 modified; 4.3 added. */
	json_t *sec = find(json_object_get(d, "sections"), "number", "4.2");
	assert_non_null(sec);
	assert_string_equal(s(sec, "change"), "moved");
	assert_string_equal(s(sec, "old_number"), "3.2.9");
	assert_string_equal(s(find(json_object_get(d, "sections"), "number", "4.1"), "change"), "modified");
	assert_string_equal(s(find(json_object_get(d, "sections"), "number", "4.3"), "change"), "added");
	assert_null(find(json_object_get(d, "sections"), "number", "3.2.9"));
	json_t *spacing = find(json_object_get(d, "sections"), "number", "1.3");
	assert_non_null(spacing);
	assert_true(json_is_true(json_object_get(spacing, "whitespace_only")));
	assert_null(json_object_get(spacing, "redline"));

	/* The keyword change is called out; the moved requirements are not changes. */
	json_t *reqs = json_object_get(d, "requirements"), *r;
	size_t i, modified = 0, added = 0;
	json_array_foreach(reqs, i, r) {
		if (!strcmp(s(r, "change"), "modified")) {
			modified++;
			assert_string_equal(s(r, "old_keyword"), "SHOULD");
			assert_string_equal(s(r, "keyword"), "SHALL");
			assert_string_equal(s(r, "strength"), "strengthened");
			assert_string_equal(s(r, "section"), "4.1");
		} else if (!strcmp(s(r, "change"), "added")) {
			added++;
			assert_string_equal(s(r, "section"), "4.3");
		} else {
			fail_msg("unexpected requirement change %s: %s", s(r, "change"), s(r, "text"));
		}
	}
	assert_int_equal(modified, 1);
	assert_int_equal(added, 1);

	/* The date of 4.3 is added. */
	json_t *date = find(json_object_get(d, "dates"), "date", "2025-03-01");
	assert_non_null(date);
	assert_string_equal(s(date, "change"), "added");
	assert_string_equal(s(date, "keyword"), "SHALL");
	assert_string_equal(s(json_object_get(d, "base"), "version"), "1.0.0");
	json_decref(d);

	/* The text redline shows the keyword change word by word. */
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, &err, db, "diff Ballot_SMC91 draft"), 0);
	assert_non_null(strstr(out.buf, "[-SHOULD-]{+SHALL+}"));
	assert_non_null(strstr(out.buf, "SHOULD → SHALL (strengthened)"));

	/* HTML and Markdown escape the document's text. */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, &err, db, "diff Ballot_SMC91 draft --format html"), 0);
	assert_non_null(strstr(out.buf, "<del>SHOULD</del><ins>SHALL</ins>"));
	assert_non_null(strstr(out.buf, "&lt;script&gt;"));
	assert_null(strstr(out.buf, "<script>"));
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, &err, db, "diff Ballot_SMC91 draft --format markdown"), 0);
	assert_non_null(strstr(out.buf, "| moved | 4.2 | Old checks (was 3.2.9 Old checks) |"));
	assert_null(strstr(out.buf, "<script>"));

	/* --section narrows; --no-redline drops the redline. */
	d = tu_ct_json(db, "diff Ballot_SMC91 draft --section 4.3 --no-redline --format json");
	assert_int_equal(json_array_size(json_object_get(d, "sections")), 1);
	assert_null(json_object_get(json_array_get(json_object_get(d, "sections"), 0), "redline"));
	json_decref(d);
	strbuf_release(&out);
	strbuf_release(&err);
	free(db);
}

static void test_dates_moved_and_ballots_found(void **state)
{
	(void)state;
	char *db = fresh_db("found.db");
	json_t *list = tu_ct_json(db, "ballot list --format json");
	json_t *b92 = find(list, "id", "SMC092");
	assert_non_null(b92);
	assert_string_equal(s(b92, "state"), "effective");         /* published in the Revisions table */
	assert_string_equal(s(b92, "published"), "2024-06-01");
	assert_int_equal(json_integer_value(json_object_get(b92, "pr")), 2);
	assert_non_null(find(list, "id", "SMC091"));
	json_decref(list);

	/* ballot diff = the merge against its first parent. */
	json_t *bd = tu_ct_json(db, "ballot diff SMC92 --format json --no-redline");
	assert_string_equal(s(json_object_get(bd, "ballot"), "id"), "SMC092");
	assert_string_equal(s(find(json_object_get(bd, "sections"), "number", "4.2"), "change"), "moved");
	json_decref(bd);

	/* A later commit moves the date: "moved" with the old date. */
	char *v3 = doc_v2(added_v3);
	write_doc(v3);
	git(repo, "commit -q -a -m 'Adjust the date'");
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path docs/TST.md -q", repo);
	assert_int_equal(tu_ct(NULL, NULL, db, args.buf), 0);
	json_t *d = tu_ct_json(db, "diff draft main --format json");
	json_t *date = find(json_object_get(d, "dates"), "date", "2025-06-01");
	assert_non_null(date);
	assert_string_equal(s(date, "change"), "moved");
	assert_string_equal(s(date, "old_date"), "2025-03-01");
	json_decref(d);
	git(repo, "reset -q --hard HEAD~1");
	free(v3);
	strbuf_release(&args);
	free(db);
}


static void test_bad_input(void **state)
{
	(void)state;
	char *db = fresh_db("bad.db");
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot add D1 --base Ballot_SMC91 --head draft"), 0);
	tu_assert_bad_input(db, "diff nosuchref main", "nosuchref");
	tu_assert_bad_input(db, "diff draft Ballot_SMC91", "not an ancestor");
	tu_assert_bad_input(db, "ballot add D2 --base draft --head Ballot_SMC91", "not an ancestor");
	tu_assert_bad_input(db, "ballot add D2 --base nowhere --head draft", "nowhere");
	tu_assert_bad_input(db, "ballot add D1 --base Ballot_SMC91 --head draft", "already recorded");
	tu_assert_bad_input(db, "ballot show SMC99", "no ballot 'SMC99'");
	tu_assert_bad_input(db, "ballot set SMC99 --state voting", "no ballot 'SMC99'");
	tu_assert_bad_input(db, "ballot set D1 --vote-end 2023-02-30", "'2023-02-30' is not a date: there is no 2023-02-30");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '2023-11-08 17:00 Mars/Olympus'", "Mars/Olympus");
	tu_assert_bad_input(db, "ballot set D1 --state adopted", "unknown state 'adopted'");
	tu_assert_bad_input(db, "ballot set D1 --type final", "unknown ballot type");
	tu_assert_bad_input(db, "ballot plan D1 --phase 'SHOULD +6 parsecs'", "SHOULD +6 parsecs");
	tu_assert_bad_input(db, "ballot plan D1 --phase 'SOON +6 months'", "invalid phase");
	tu_assert_bad_input(db, "ballot plan D1 --phase 'SHALL +1 year' --from 2024-13-01", "2024-13-01");
	tu_assert_bad_input(db, "ballot frobnicate D1", "unknown subcommand");
	tu_assert_bad_input(db, "ballot show D1 --state voting", "takes no --state");
	tu_assert_bad_input(db, "blame 4.1 --at nowhere", "nowhere");
	free(db);
}

static void test_lifecycle_plan_and_reimport(void **state)
{
	(void)state;
	char *db = fresh_db("life.db");
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot add D1 --base Ballot_SMC91 --head draft --title 'A draft' --pr 7"), 0);
	assert_int_equal(tu_ct(NULL, NULL, db,
			       "ballot set D1 --state voting --vote-start '2023-11-01 12:00' --vote-end '2023-11-08 12:00' "
			       "--tz America/New_York"), 0);
	json_t *v = tu_ct_json(db, "ballot show D1 --format json --tz America/New_York");
	json_t *lc = json_object_get(v, "lifecycle");
	assert_string_equal(s(json_object_get(lc, "vote_end"), "time"), "2023-11-08T17:00:00Z");   /* EST = UTC-5 */
	assert_string_equal(s(json_object_get(lc, "vote_start"), "time"), "2023-11-01T16:00:00Z"); /* EDT = UTC-4 */
	json_t *ipr = json_object_get(lc, "ipr_ends");
	assert_string_equal(s(ipr, "time"), "2023-12-08T17:00:00Z");
	assert_true(json_is_true(json_object_get(ipr, "derived")));
	assert_string_equal(s(ipr, "local"), "2023-12-08 12:00 EST");
	assert_string_equal(s(v, "state"), "voting");
	assert_int_equal(json_integer_value(json_object_get(v, "pr")), 7);
	/* The draft's dates come from its diff, in ballot show and in dates --ballot. */
	assert_non_null(find(json_object_get(v, "dates"), "date", "2025-03-01"));
	json_decref(v);
	v = tu_ct_json(db, "dates --ballot D1 --format json");
	assert_int_equal(json_array_size(v), 1);
	assert_string_equal(s(json_array_get(v, 0), "date"), "2025-03-01");
	assert_string_equal(s(json_array_get(v, 0), "ballot"), "D1");
	json_decref(v);
	/* A ballot on main: each date tied to the requirement that states it. */
	v = tu_ct_json(db, "dates --ballot SMC92 --format json");
	assert_int_equal(json_array_size(v), 1);
	assert_int_equal(json_array_size(json_object_get(json_array_get(v, 0), "requirements")), 1);
	json_decref(v);

	/* A Final Guideline: 60 days; an explicit end is not derived. */
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot set D1 --type guideline"), 0);
	v = tu_ct_json(db, "ballot show D1 --format json");
	assert_string_equal(s(json_object_get(json_object_get(v, "lifecycle"), "ipr_ends"), "time"), "2024-01-07T17:00:00Z");
	json_decref(v);
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot set D1 --ipr-ends '2023-12-20 17:00Z'"), 0);
	v = tu_ct_json(db, "ballot show D1 --format json");
	ipr = json_object_get(json_object_get(v, "lifecycle"), "ipr_ends");
	assert_string_equal(s(ipr, "time"), "2023-12-20T17:00:00Z");
	assert_false(json_is_true(json_object_get(ipr, "derived")));
	json_decref(v);

	/* A plan against the dates SMC92 brought: SHALL 12 months from 2024-03-01 is on time. */
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot plan SMC92 --phase 'SHOULD +6 months' --phase 'SHALL +12 months' "
					       "--from 2024-03-01"), 0);
	v = tu_ct_json(db, "ballot show SMC92 --format json");
	json_t *phases = json_object_get(json_object_get(v, "plan"), "phases");
	assert_int_equal(json_array_size(phases), 2);
	assert_string_equal(s(json_array_get(phases, 0), "projected"), "2024-09-01");
	json_t *shall = json_array_get(phases, 1);
	assert_string_equal(s(shall, "projected"), "2025-03-01");
	assert_string_equal(s(shall, "actual"), "2025-03-01");
	assert_int_equal(json_integer_value(json_object_get(shall, "delta_days")), 0);
	json_decref(v);

	/* Hand-recorded facts survive a re-import that brings new history. */
	char *v2 = doc_v2(added_v2);
	struct strbuf v3 = STRBUF_INIT;
	strbuf_addf(&v3, "%s\nThe CA MAY publish a summary.\n", v2);
	free(v2);
	write_doc(v3.buf);
	git(repo, "commit -q -a -m 'Editorial'");
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path docs/TST.md -q", repo);
	assert_int_equal(tu_ct(NULL, NULL, db, args.buf), 0);
	v = tu_ct_json(db, "ballot show D1 --format json");
	assert_string_equal(s(v, "state"), "voting");
	assert_string_equal(s(v, "title"), "A draft");
	assert_true(json_array_size(json_object_get(v, "log")) >= 7);
	json_decref(v);
	v = tu_ct_json(db, "ballot show SMC92 --format json");
	assert_int_equal(json_array_size(json_object_get(json_object_get(v, "plan"), "phases")), 2);
	json_decref(v);
	git(repo, "reset -q --hard HEAD~1");
	strbuf_release(&args);
	strbuf_release(&v3);
	free(db);
}

/* Issue 15: proposer, endorsers, the vote, and the dates the Bylaws imply, recorded and shown. */
static void test_bylaws_record(void **state)
{
	(void)state;
	char *db = fresh_db("bylaws.db");
	tu_ct_ok(db, "ballot add D2 --base Ballot_SMC91 --head draft --title 'Bylaws'");
	tu_ct_ok(db, "ballot set D2 --state discussion --discussion-start '2030-01-02 17:00Z' --type 'Final Guideline' "
		     "--proposer 'Ann Lee (CA One)' --endorser 'Bob Roe (CA One), Cy Poe (Browser Co, Inc.)'");
	json_t *v = tu_ct_json(db, "ballot show D2 --format json");
	json_t *lc = json_object_get(v, "lifecycle"), *e = json_object_get(v, "endorsement");
	assert_string_equal(s(lc, "type"), "guideline");
	assert_string_equal(s(json_object_get(lc, "earliest_vote_start"), "time"), "2030-01-09T17:00:00Z");
	assert_true(json_is_true(json_object_get(json_object_get(lc, "earliest_vote_start"), "derived")));
	assert_string_equal(s(json_object_get(lc, "auto_fail"), "time"), "2030-04-02T17:00:00Z");
	/* One endorser is of the proposer's own member: flagged. */
	assert_int_equal(json_array_size(json_object_get(e, "endorsers")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(e, "endorsers"), 1)), "Cy Poe (Browser Co, Inc.)");
	assert_int_equal(json_integer_value(json_object_get(e, "other_members")), 1);
	assert_true(json_is_string(json_object_get(e, "flag")));
	assert_true(json_is_null(json_object_get(v, "vote")));
	json_decref(v);

	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, db, "ballot show D2"), 0);
	assert_non_null(strstr(out.buf, "voting may start      2030-01-09 17:00 UTC  (derived) discussion start + 7 days"));
	assert_non_null(strstr(out.buf, "FLAG:"));
	assert_null(strstr(out.buf, "discussion starts     2030-01-02 17:00 UTC  (derived)"));

	/* Voting: its end derived, then recorded (it wins); a Final Guideline's 60 days. */
	tu_ct_ok(db, "ballot set D2 --state voting --vote-start '2030-01-09 17:00Z' --endorser 'Bob Roe (CA One)' "
		     "--endorser 'Di Doe (Browser Co), Eve (CA Two)'");
	v = tu_ct_json(db, "ballot show D2 --format json");
	lc = json_object_get(v, "lifecycle");
	assert_true(json_is_null(json_object_get(lc, "auto_fail")));
	assert_string_equal(s(json_object_get(lc, "vote_end"), "time"), "2030-01-16T17:00:00Z");
	assert_true(json_is_true(json_object_get(json_object_get(lc, "vote_end"), "derived")));
	assert_string_equal(s(json_object_get(lc, "result"), "time"), "2030-01-21T17:00:00Z"); /* Wed + 3 business days */
	assert_string_equal(s(json_object_get(lc, "ipr_ends"), "time"), "2030-03-17T17:00:00Z"); /* + 60 days */
	assert_true(json_is_null(json_object_get(json_object_get(v, "endorsement"), "flag")));
	json_decref(v);
	tu_ct_ok(db, "ballot set D2 --vote-end '2030-01-16 18:00Z' --result-at '2030-01-17 12:00Z'");
	tu_ct_ok(db, "ballot vote D2 --issuers 20/10/3 --consumers 2/1/0");
	v = tu_ct_json(db, "ballot show D2 --format json");
	lc = json_object_get(v, "lifecycle");
	assert_false(json_is_true(json_object_get(json_object_get(lc, "vote_end"), "derived")));
	assert_string_equal(s(json_object_get(lc, "vote_end"), "time"), "2030-01-16T18:00:00Z");
	assert_string_equal(s(json_object_get(lc, "result"), "label"), "result announced");
	assert_string_equal(s(json_object_get(lc, "review_start"), "time"), "2030-01-22T12:00:00Z"); /* Thu + 3 */
	assert_string_equal(s(json_object_get(v, "vote"), "result"), "passed");
	json_decref(v);
	tu_ct_ok(db, "ballot vote D2 --issuers 19/10/0 --consumers 2/1/0");
	v = tu_ct_json(db, "ballot show D2 --format json");
	assert_string_equal(s(json_object_get(v, "vote"), "result"), "failed");
	json_decref(v);

	/* Bad input: one line, exit 2, nothing written. */
	tu_assert_bad_input(db, "ballot vote D2 --issuers 1/2 --consumers 1/0/0", "YES/NO/ABSTAIN");
	tu_assert_bad_input(db, "ballot vote D2 --issuers 1/0/0", "needs --issuers");
	tu_assert_bad_input(db, "ballot set D2 --endorser 'Ann,,Bob'", "empty");
	tu_assert_bad_input(db, "ballot set D2 --type 'Final Answer'", "Final Answer");
	tu_assert_bad_input(db, "ballot set D2 --result-at 'tomorrowish'", "tomorrowish");
	tu_assert_bad_input(db, "ballot show D2 --issuers 1/0/0", "takes no --issuers");
	strbuf_release(&out);
	free(db);
}

/*
 * `ballot list` gives each ballot the next deadline `ballot show` gives
 * (it gave none, ever): a recorded ballot in voting whose vote ends in
 * the future, in the JSON list and in the table's WHEN column.
 */
static void test_list_next_deadline(void **state)
{
	(void)state;
	char *db = fresh_db("next.db");
	tu_ct_ok(db, "ballot add D3 --base Ballot_SMC91 --head draft --title 'Next deadline'");
	tu_ct_ok(db, "ballot set D3 --state voting --vote-start '2025-01-09 17:00Z' --vote-end '2030-01-16 17:00Z'");
	json_t *v = tu_ct_json(db, "ballot show D3 --format json");
	json_t *list = tu_ct_json(db, "ballot list --format json");
	json_t *entry = find(list, "id", "D3");
	assert_non_null(entry);
	assert_string_equal(s(v, "next_deadline"), "voting ends 2030-01-16 17:00 UTC");
	assert_string_equal(s(entry, "next_deadline"), s(v, "next_deadline"));
	/* Each ballot of the list agrees with its `ballot show`; a published one has none. */
	json_t *e;
	size_t i;
	json_array_foreach(list, i, e) {
		struct strbuf cmd = STRBUF_INIT;
		strbuf_addf(&cmd, "ballot show '%s' --format json", s(e, "id"));
		json_t *one = tu_ct_json(db, cmd.buf);
		assert_true(json_equal(json_object_get(e, "next_deadline"), json_object_get(one, "next_deadline")));
		json_decref(one);
		strbuf_release(&cmd);
	}
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, db, "ballot list --state voting"), 0);
	assert_non_null(strstr(out.buf, "voting ends 2030-01-16 17:00 UTC"));
	strbuf_release(&out);
	/* With the default zone (CABTRACK_TZ), both say the local time too. */
	json_decref(v);
	json_decref(list);
	setenv("CABTRACK_TZ", "America/New_York", 1);
	v = tu_ct_json(db, "ballot show D3 --format json");
	list = tu_ct_json(db, "ballot list --format json");
	unsetenv("CABTRACK_TZ");
	assert_string_equal(s(find(list, "id", "D3"), "next_deadline"), s(v, "next_deadline"));
	assert_non_null(strstr(s(v, "next_deadline"), "EST"));
	json_decref(v);
	json_decref(list);
	free(db);
}

static void test_blame_made_repo(void **state)
{
	(void)state;
	char *db = fresh_db("blame.db");
	json_t *b = tu_ct_json(db, "blame 4.1 --format json");
	assert_int_equal(json_array_size(b), 1);
	json_t *r = json_array_get(b, 0);
	assert_string_equal(s(r, "keyword"), "SHALL");
	assert_string_equal(s(json_object_get(r, "introduced"), "ballot"), "SMC092");
	assert_string_equal(s(json_object_get(r, "keyword_changed"), "ballot"), "SMC092");
	assert_string_equal(s(r, "old_keyword"), "SHOULD");
	json_decref(b);

	/* The moved section's requirements date from SMC91, and their keyword never changed. */
	b = tu_ct_json(db, "blame 4.2 --format json");
	assert_int_equal(json_array_size(b), 2);
	r = json_array_get(b, 0);
	assert_string_equal(s(json_object_get(r, "introduced"), "ballot"), "SMC091");
	assert_string_equal(s(json_object_get(r, "introduced"), "version"), "1.0.0");
	assert_true(json_is_null(json_object_get(r, "keyword_changed")));
	json_decref(b);
	tu_assert_bad_input(db, "blame 4.9", "no section '4.9'"); /* no such section: bad input, exit 2 */
	free(db);
}

/* ---- the corpus ---------------------------------------------------------- */

static char *corpus_db;

static const char *sbr_db(const char *corpus)
{
	if (!corpus_db) {
		corpus_db = db_path("sbr.db");
		struct strbuf args = STRBUF_INIT;
		strbuf_addf(&args, "import '%s/smime.git' --path SBR.md -q", corpus);
		assert_int_equal(tu_ct(NULL, NULL, corpus_db, args.buf), 0);
		strbuf_release(&args);
	}
	return corpus_db;
}

static void test_corpus_caa_draft(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	json_t *d = tu_ct_json(sbr_db(corpus), "diff Ballot_SMC03 srdavidson/CAA --format json --no-redline");
	const char *want[] = { "1.6.1", "1.6.3", "2.2", "4.2" };
	for (size_t i = 0; i < 4; i++) {
		json_t *sec = find(json_object_get(d, "sections"), "number", want[i]);
		assert_non_null(sec);
		assert_string_equal(s(sec, "change"), "modified");
	}
	json_t *r;
	size_t i;
	int retrieve = 0, in42 = 0;
	json_array_foreach(json_object_get(d, "requirements"), i, r) {
		if (strcmp(s(r, "change"), "added") || strcmp(s(r, "section"), "4.2"))
			continue;
		in42++;
		if (strstr(s(r, "text"), "the CA SHALL retrieve and process CAA records"))
			retrieve = 1;
	}
	assert_true(in42 >= 4);
	assert_true(retrieve);
	json_decref(d);
}

static void test_corpus_smc05(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	json_t *d = tu_ct_json(sbr_db(corpus), "diff Ballot_SMC04 Ballot_SMC05 --format json --no-redline");
	json_t *old = find(json_object_get(d, "sections"), "number", "3.2.2.4");
	json_t *moved = find(json_object_get(d, "sections"), "old_number", "3.2.2.4");
	assert_true((old && !strcmp(s(old, "change"), "removed")) || (moved && !strcmp(s(moved, "change"), "moved")));
	assert_string_equal(s(find(json_object_get(d, "sections"), "number", "4.2.2.1"), "change"), "added");
	json_t *x;
	size_t i;
	int should = 0, shall = 0;
	json_array_foreach(json_object_get(d, "dates"), i, x) {
		if (strcmp(s(x, "change"), "added"))
			continue;
		should |= !strcmp(s(x, "date"), "2024-09-15") && !strcmp(s(x, "keyword"), "SHOULD");
		shall |= !strcmp(s(x, "date"), "2025-03-15") && !strcmp(s(x, "keyword"), "SHALL");
	}
	assert_true(should && shall);
	json_decref(d);

	/* ballot show ties the dates to the requirements and the pull request. */
	json_t *v = tu_ct_json(sbr_db(corpus), "ballot show SMC05 --format json");
	assert_int_equal(json_integer_value(json_object_get(v, "pr")), 228);
	assert_non_null(find(json_object_get(v, "sources"), "ref", "refs/pull/228/head"));
	assert_non_null(find(json_object_get(v, "sources"), "ref", "refs/tags/Ballot_SMC05"));
	int tables = 0;
	json_array_foreach(json_object_get(v, "dates"), i, x) {
		if (strcmp(s(x, "source"), "table"))
			continue;
		tables++;
		assert_non_null(find(json_object_get(x, "requirements"), "section", "4.2.2.1"));
	}
	assert_int_equal(tables, 2);
	json_decref(v);

	/* The S/MIME repository's fork drafts are listed; merged branches are not. */
	json_t *list = tu_ct_json(sbr_db(corpus), "ballot list --format json");
	assert_string_equal(s(find(list, "id", "srdavidson/CAA"), "state"), "draft");
	assert_null(find(list, "id", "srdavidson/main"));
	assert_null(find(list, "id", "SC51"));  /* a TLS ballot cited in an S/MIME pull request */
	json_decref(list);
}

static void test_corpus_blame(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	json_t *b = tu_ct_json(sbr_db(corpus), "blame 4.2.2.1 --format json");
	json_t *r;
	size_t i;
	int found = 0;
	json_array_foreach(b, i, r) {
		if (!strstr(s(r, "text"), "the CA SHALL retrieve and process CAA records"))
			continue;
		found = 1;
		assert_string_equal(s(json_object_get(r, "introduced"), "ballot"), "SMC05");
		assert_string_equal(s(json_object_get(r, "introduced"), "version"), "1.0.3");
	}
	assert_true(found);
	json_decref(b);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	make_repo();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	free(corpus_db);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_made_repo),
		cmocka_unit_test(test_dates_moved_and_ballots_found),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_lifecycle_plan_and_reimport),
		cmocka_unit_test(test_bylaws_record),
		cmocka_unit_test(test_list_next_deadline),
		cmocka_unit_test(test_blame_made_repo),
		cmocka_unit_test(test_corpus_caa_draft),
		cmocka_unit_test(test_corpus_smc05),
		cmocka_unit_test(test_corpus_blame),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
