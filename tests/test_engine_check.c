/*
 * test_engine_check.c - check_run called directly (no command, no corpus)
 * on a database the test builds: a git repository with a clean base, a
 * clean change and a faulty change, imported with import_document.  Each
 * rule runs alone: once on the faulty change, where it must find
 * something, and once on the clean one, where it must not.  And the rule
 * that cannot run says so: check_rules_not_run names it, and a rule whose
 * query fails makes check_run fail instead of returning no findings.
 */
#include "testutil.h"

#include "engine_fixture.h"
#include "tracker/base/when.h"
#include "tracker/check.h"

static const char base_doc[] =
	"---\ntitle: Test\nsubtitle: Version 1.0.9\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n"
	"| 1.0.9 | SMC91 | First | 2024-01-01 |\nNEW_ROW\n"
	"### 1.2.2 Relevant Dates\n\n| Compliance | Section(s) | Description |\n|---|---|---|\n"
	"| 2023-03-01 | [4.1](#41-issuance) | The CA SHALL log each issuance decision. |\nNEW_DATE\n"
	"## 1.3 Three\n\n## 1.4 Four\n\n## 1.5 Five\n\n## 1.6 Definitions\n\n### 1.6.1 Definitions\n\n"
	"**Certification Authority (or CA)**: An organization that issues Certificates.\n\n"
	"**Certificate**: A document.\n\n**Mailbox Address**: An address.\n\n"
	"# 2. TWO\n\n# 3. THREE\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nEffective 2023-03-01 the CA SHALL log each issuance decision.\n"
	"Each validation uses a widget.\n"
	"NEW_TEXT";

/* The clean change: a new row, a dated requirement the table lists, after the IP review. */
static const char *const good[3] = {
	"| 1.1.0 | SMC92 | Mailboxes | 2024-06-01 |\n",
	"| 2024-09-01 | [4.2](#42-mailboxes) | The CA SHALL check each Mailbox Address. |\n",
	"\n## 4.2 Mailboxes\n\nEffective 2024-09-01 the CA SHALL check each Mailbox Address.\n",
};

/*
 * The faulty change: no row; a table date the text does not write; a date
 * inside the IP review; an undefined term; "shall" in lower case; a link
 * to no heading; a heading whose level does not fit its number.
 */
static const char *const bad[3] = {
	"",
	"| 2025-09-01 | [4.2](#42-widgets) | CAs MUST frobnicate the widgets daily. |\n",
	"\n## 4.2 Widgets\n\nEffective 2024-02-01 the Validation Widget SHALL check each Mailbox Address.\n"
	"The CA shall log it; see [the rules](#99-nowhere).\n\n#### 4.3 Wrong level\n\nNothing here.\n",
};

/* Commit base_doc with the three placeholders filled. */
static void commit(const char *const parts[3], const char *msg)
{
	static const char *const marks[3] = { "NEW_ROW", "NEW_DATE", "NEW_TEXT" };
	struct strbuf sb = STRBUF_INIT;
	const char *p = base_doc;
	for (int i = 0; i < 3; i++) {
		const char *m = strstr(p, marks[i]);
		strbuf_add(&sb, p, (size_t)(m - p));
		strbuf_addstr(&sb, parts[i]);
		p = m + strlen(marks[i]);
	}
	strbuf_addstr(&sb, p);
	fx_commit(&fx, "TST.md", sb.buf, msg, NULL);
	strbuf_release(&sb);
}

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	static const char *const none[3] = { "", "", "" };
	commit(none, "base");
	fx_git(&fx, "tag base");
	fx_git(&fx, "checkout -q -b good base");
	commit(good, "good");
	fx_git(&fx, "checkout -q -b bad base");
	commit(bad, "bad");
	fx_git(&fx, "checkout -q main");
	fx_import(&fx, "TST.md");
	return 0;
}

/* Findings of `rule` alone on `head` against the tag base, with a vote end of 2024-01-10 (IP review to 2024-02-09). */
static size_t findings_of(enum check_rule rule, const char *head)
{
	struct query_at h = fx_at(&fx, head), b = fx_at(&fx, "base");
	struct check_options opts = CHECK_OPTIONS_INIT;
	opts.rules = 1u << rule;
	assert_int_equal(when_parse(&opts.vote_end, "2024-01-10", NULL), 0);
	json_t *f = NULL, *x;
	assert_int_equal(check_run(&f, fx.db, &fx.doc, &h, &b, &opts), 0);
	size_t n = 0, i;
	json_array_foreach(f, i, x) {
		/* only the rule that was asked for runs */
		assert_string_equal(json_string_value(json_object_get(x, "rule")), check_rule_name(rule));
		assert_true(json_integer_value(json_object_get(x, "line")) >= 1);
		n++;
	}
	json_decref(f);
	return n;
}

static void expect_rule(enum check_rule rule)
{
	size_t on_bad = findings_of(rule, "bad"), on_good = findings_of(rule, "good");
	if (!on_bad || on_good)
		fprintf(stderr, "%s: %zu findings on bad, %zu on good\n", check_rule_name(rule), on_bad, on_good);
	assert_true(on_bad > 0);
	assert_int_equal(on_good, 0);
}

static void test_broken_anchor(void **state)
{
	(void)state;
	expect_rule(CHECK_BROKEN_ANCHOR);
}

static void test_section_numbering(void **state)
{
	(void)state;
	expect_rule(CHECK_SECTION_NUMBERING);
}

static void test_revision_row(void **state)
{
	(void)state;
	expect_rule(CHECK_REVISION_ROW);
}

static void test_date_mismatch(void **state)
{
	(void)state;
	expect_rule(CHECK_DATE_MISMATCH);
}

static void test_date_before_adoption(void **state)
{
	(void)state;
	expect_rule(CHECK_DATE_BEFORE_ADOPTION);
}

static void test_lowercase_keyword(void **state)
{
	(void)state;
	expect_rule(CHECK_LOWERCASE_KEYWORD);
}

static void test_undefined_term(void **state)
{
	(void)state;
	expect_rule(CHECK_UNDEFINED_TERM);
}

/* The rules that need a base or a vote end are named when they cannot run. */
static void test_rules_not_run(void **state)
{
	(void)state;
	struct check_options opts = CHECK_OPTIONS_INIT;
	unsigned need_base = 1u << CHECK_REVISION_ROW | 1u << CHECK_UNDEFINED_TERM | 1u << CHECK_DATE_BEFORE_ADOPTION;
	assert_int_equal(check_rules_not_run(&opts, 0), need_base);
	assert_int_equal(check_rules_not_run(&opts, 1), 1u << CHECK_DATE_BEFORE_ADOPTION);
	opts.vote_end = 1704844800;
	assert_int_equal(check_rules_not_run(&opts, 1), 0);
	opts.rules = 1u << CHECK_BROKEN_ANCHOR;
	assert_int_equal(check_rules_not_run(&opts, 0), 0);
	assert_string_equal(check_rule_name(CHECK_UNDEFINED_TERM), "undefined-term");

	/* The command says so on stderr, in one line, and still exits by its findings. */
	struct strbuf err = STRBUF_INIT;
	int rc = tu_ct(NULL, &err, fx.dbpath, "check good --base base");
	assert_true(rc == 0 || rc == 1);
	assert_non_null(strstr(err.buf, "TST.md: not run: date-before-adoption (no vote end)"));
	strbuf_reset(&err);
	rc = tu_ct(NULL, &err, fx.dbpath, "check base --no-undefined-term");
	assert_non_null(strstr(err.buf, "not run: revision-row (no base), date-before-adoption (no base);"));
	strbuf_release(&err);
}

/* A rule whose query fails makes the run fail, naming the rule: never "no findings". */
static void test_rule_that_fails_is_said(void **state)
{
	(void)state;
	struct query_at h = fx_at(&fx, "good"), b = fx_at(&fx, "base");
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(db_exec(fx.db, "DROP TABLE revisions"), 0);
	struct check_options opts = CHECK_OPTIONS_INIT;
	opts.rules = 1u << CHECK_REVISION_ROW;
	json_t *f = NULL;
	ct_error_clear();
	int rc = check_run(&f, fx.db, &fx.doc, &h, &b, &opts);
	assert_true(rc < 0);
	assert_null(f);
	assert_non_null(strstr(ct_error_last(), "revision-row could not run"));
	db_rollback(fx.db);
	ct_error_clear();
	/* the table is back: the rule runs again */
	assert_int_equal(findings_of(CHECK_REVISION_ROW, "good"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_anchor),
		cmocka_unit_test(test_section_numbering),
		cmocka_unit_test(test_revision_row),
		cmocka_unit_test(test_date_mismatch),
		cmocka_unit_test(test_date_before_adoption),
		cmocka_unit_test(test_lowercase_keyword),
		cmocka_unit_test(test_undefined_term),
		cmocka_unit_test(test_rules_not_run),
		cmocka_unit_test(test_rule_that_fails_is_said),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
