/*
 * test_check.c - `cabtrack check`: each rule on documents the test writes
 * (positive and negative cases, --no-RULE), the output (JSON shape, text
 * lines, exit status, bad input), and on the corpus: the broken link to
 * 3.2.2.4 in the S/MIME BR, and the quirks of the SBR and the TLS BR that
 * the rules were tuned against.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

static char *tmp;

static char *path_in(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", tmp, name);
	return strbuf_detach(&sb, NULL);
}

/* A database holding `text` imported as a working copy of document TST (file `name`). */
static char *draft_db(const char *name, const char *text)
{
	char *file = path_in(name);
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "%s.db", name);
	char *db = path_in(args.buf);
	unlink(db);
	tu_write_file(file, text, strlen(text));
	strbuf_reset(&args);
	strbuf_addf(&args, "import '%s' --doc TST -q", file);
	assert_int_equal(tu_ct(NULL, NULL, db, args.buf), 0);
	strbuf_release(&args);
	free(file);
	return db;
}

/* Run check; the parsed findings, and the exit status in *rc. */
static json_t *check_json(const char *db, const char *args, int *rc)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "check %s --format json", args);
	int status = tu_ct(&out, &err, db, cmd.buf);
	if (status != 0 && status != 1)
		fprintf(stderr, "cabtrack %s: exit %d: %s\n", cmd.buf, status, err.buf);
	assert_true(status == 0 || status == 1);
	json_error_t e;
	json_t *j = json_loads(out.buf, 0, &e);
	assert_non_null(j);
	assert_true(json_is_array(j));
	if (rc)
		*rc = status;
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&cmd);
	return j;
}

static const char *s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* The first finding of `rule` whose message contains `needle` (NULL: any), or NULL. */
static json_t *finding(json_t *findings, const char *rule, const char *needle)
{
	json_t *f;
	size_t i;
	json_array_foreach(findings, i, f)
		if (!strcmp(s(f, "rule"), rule) && (!needle || strstr(s(f, "message"), needle)))
			return f;
	return NULL;
}

static size_t count(json_t *findings, const char *rule)
{
	json_t *f;
	size_t i, n = 0;
	json_array_foreach(findings, i, f)
		n += !strcmp(s(f, "rule"), rule);
	return n;
}

/* `check ARGS` finds `n` findings of `rule`. */
static void expect_count(const char *db, const char *args, const char *rule, size_t n)
{
	json_t *f = check_json(db, args, NULL);
	if (count(f, rule) != n)
		fprintf(stderr, "check %s: %zu %s findings, not %zu\n", args, count(f, rule), rule, n);
	assert_int_equal(count(f, rule), n);
	json_decref(f);
}

static long line_of(json_t *f)
{
	assert_non_null(f);
	return (long)json_integer_value(json_object_get(f, "line"));
}

/* ---- broken-anchor and section-numbering ------------------------------- */

static const char links_doc[] =
	"---\ntitle: Test\nsubtitle: Version 1.0.0\n---\n\n"          /* 1-5 */
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"                    /* 6-9 */
	"See [3.2.1](#321-checking-mailboxes) and [old](#321-checking-boxes).\n"   /* 10 */
	"Also [moved](#41-checking-mailboxes) and [nowhere](#zzz-nothing-like-it).\n" /* 11 */
	"And [appendix](#appendix-a--onion-names), [custom](#custom-anchor), [twice](#12-notes-1).\n" /* 12 */
	"Not links: `[code](#not-a-link)` and [case](#321-Checking-Mailboxes).\n\n" /* 13 */
	"```\n[fenced](#not-a-link-either)\n```\n\n"                   /* 15-17 */
	"[ref]: #zzz-reference\n\nA [reference link][ref] <a href=\"#html-link\">here</a>.\n\n" /* 19, 21 */
	"## 1.2 Notes\n\n## 1.2 Notes\n\n<a id=\"custom-anchor\"></a>\n\n" /* 23, 25 */
	"# 3. IDENTIFICATION\n\n## 3.2 Validation\n\n### 3.2.1 Checking mailboxes\n\n" /* 29, 31, 33 */
	"#### 3.2.1.1: A colon after the number\n\n"                   /* 35 */
	"#### 3.2.1.3 Skips one\n\n"                                   /* 37 */
	"## 3.4 Gap\n\n"                                               /* 39 */
	"### 3.5 Wrong level\n\n"                                      /* 41 */
	"##### 3.6.1.1.1 Orphan\n\n"                                  /* 43 */
	"# Appendix A – Onion Names\n\n## A.1 Not numbered\n";          /* 45, 47 */

static void test_broken_anchor(void **state)
{
	(void)state;
	char *db = draft_db("links.md", links_doc);
	json_t *f = check_json(db, "worktree --no-section-numbering --no-lowercase-keyword", NULL);

	/* The same number: the heading with that number; the same words: the renumbered heading. */
	json_t *old = finding(f, "broken-anchor", "#321-checking-boxes");
	assert_int_equal(line_of(old), 10);
	assert_string_equal(s(old, "severity"), "error");
	assert_string_equal(s(old, "anchor"), "321-checking-boxes");
	assert_string_equal(s(old, "section"), "1.1");
	assert_string_equal(s(json_object_get(old, "meant"), "anchor"), "321-checking-mailboxes");
	assert_string_equal(s(json_object_get(old, "meant"), "section"), "3.2.1");
	json_t *moved = finding(f, "broken-anchor", "#41-checking-mailboxes");
	assert_int_equal(line_of(moved), 11);
	assert_non_null(strstr(s(moved, "message"), "another number"));
	assert_string_equal(s(json_object_get(moved, "meant"), "section"), "3.2.1");
	json_t *none = finding(f, "broken-anchor", "#zzz-nothing-like-it");
	assert_null(json_object_get(none, "meant"));
	/* A reference link resolves to its definition's target; raw HTML links count. */
	assert_int_equal(line_of(finding(f, "broken-anchor", "#zzz-reference")), 21);
	assert_int_equal(line_of(finding(f, "broken-anchor", "#html-link")), 21);

	/*
	 * Not broken: GitHub drops the en dash of "Appendix A – Onion Names",
	 * an explicit <a id>, a repeated heading's "-1", case; nothing in code.
	 */
	assert_int_equal(count(f, "broken-anchor"), 5);
	assert_null(finding(f, "broken-anchor", "not-a-link"));
	json_decref(f);

	expect_count(db, "worktree --no-broken-anchor", "broken-anchor", 0);
	free(db);
}

static void test_section_numbering(void **state)
{
	(void)state;
	char *db = draft_db("numbers.md", links_doc);
	json_t *f = check_json(db, "worktree --no-broken-anchor", NULL);
	assert_int_equal(line_of(finding(f, "section-numbering", "duplicate section number 1.2 (also at line 23)")), 25);
	assert_int_equal(line_of(finding(f, "section-numbering", "section 3 follows 1; there is no 2")), 29);
	assert_int_equal(line_of(finding(f, "section-numbering", "3.2 is the first under 3; there is no 3.1")), 31);
	/* "3.2.1.1: A colon" is numbered 3.2.1.1 (mdsplit leaves it unnumbered) */
	assert_int_equal(line_of(finding(f, "section-numbering", "3.2.1.3 follows 3.2.1.1; there is no 3.2.1.2")), 37);
	assert_int_equal(line_of(finding(f, "section-numbering", "3.4 follows 3.2; there is no 3.3")), 39);
	json_t *level = finding(f, "section-numbering", "section 3.5 is a level-3 heading (###)");
	assert_int_equal(line_of(level), 41);
	assert_non_null(strstr(s(level, "message"), "expected ##"));
	assert_string_equal(s(level, "section"), "3.5");
	assert_int_equal(line_of(finding(f, "section-numbering", "3.6.1.1.1 has no parent: there is no section 3.6.1.1")), 43);
	/* the orphan's level fits; the appendix's "A.1" is no number */
	assert_int_equal(count(f, "section-numbering"), 7);
	json_decref(f);
	free(db);
}

/* ---- lowercase-keyword -------------------------------------------------- */

static const char lower_doc[] =
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"                         /* 1, 3 */
	"The CA SHALL act. The CA shall log it, and it must be kept.\n"    /* 5: two */
	"Records should\nbe kept; the CA \"must quote\" and “should quote”.\n" /* 6: one */
	"Not `must` in code, nor [must](#11-overview) in links; Should starts a question.\n\n" /* 8 */
	"> The CA must quote this.\n\n"                                     /* 10 */
	"| Rule | Text |\n|---|---|\n| one | the CA shall do so |\n\n"      /* 12-14: row 14 */
	"## 1.2 Informative\n\nThe CA should read this; no requirement here.\n\n" /* 16, 18 */
	"## 1.6 Definitions\n\n### 1.6.1 Definitions\n\n**Thing**: A thing that MAY exist and should be kept.\n\n" /* 20-24 */
	"### The must heading\n\nThe CA MUST act.\n";                      /* 26, 28 */

static void test_lowercase_keyword(void **state)
{
	(void)state;
	char *db = draft_db("lower.md", lower_doc);
	int rc;
	json_t *f = check_json(db, "worktree --no-section-numbering", &rc);
	assert_int_equal(rc, 0); /* warnings only */
	assert_int_equal(count(f, "lowercase-keyword"), 4);
	json_t *first = json_array_get(f, 0);
	assert_string_equal(s(first, "rule"), "lowercase-keyword");
	assert_string_equal(s(first, "severity"), "warning");
	assert_string_equal(s(first, "word"), "shall");
	assert_string_equal(s(first, "section"), "1.1");
	assert_int_equal(line_of(first), 5);
	assert_string_equal(s(json_array_get(f, 1), "word"), "must");
	assert_int_equal(line_of(json_array_get(f, 1)), 5);
	assert_int_equal(line_of(json_array_get(f, 2)), 6);
	assert_int_equal(line_of(json_array_get(f, 3)), 14);
	json_decref(f);
	f = check_json(db, "worktree --no-lowercase-keyword --no-section-numbering", NULL);
	assert_int_equal(json_array_size(f), 0);
	json_decref(f);
	free(db);
}

/* ---- date-mismatch ------------------------------------------------------ */

static const char dates_doc[] =
	"# 1. INTRODUCTION\n\n## 1.2 Name\n\n### 1.2.2 Relevant Dates\n\n"             /* 1, 3, 5 */
	"| Compliance | Section(s) | Description |\n|---|---|---|\n"                     /* 7, 8 */
	"| 2025-03-01 | [3.2.1](#321-mailboxes) | The CA SHALL check mailboxes. |\n"     /* 9: written */
	"| 2025-06-01 | [4.1](#41-issuance) | CAs SHALL log each issuance decision. |\n" /* 10: words only */
	"| 2025-09-01 | [4.2](#42-widgets) | CAs MUST frobnicate the widgets daily. |\n" /* 11: nothing */
	"| 2025-12-01 | [4.3](#43-keys) | CAs SHALL rotate keys. |\n"                   /* 12: differs */
	"| 2026-01-01 | [9.9](#99-none) | CAs SHALL do the impossible. |\n"             /* 13: no 9.9 */
	"| 2026-06-01 | [4.4](#44-sunset) | CAs SHALL NOT use method 4. |\n\n"          /* 14: a day off */
	"# 3. IDENTIFICATION\n\n## 3.2 Validation\n\n### 3.2.1 Mailboxes\n\n"           /* 16, 18, 20 */
	"Starting on March 1, 2025 the CA SHALL check mailboxes.\n\n"                   /* 22 */
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"                                         /* 24, 26 */
	"The CA SHALL log each issuance decision for the auditors.\n"                    /* 28 */
	"Prior to 2019-01-01 the CA MAY skip the log.\n\n"                               /* 29: before the table */
	"## 4.2 Widgets\n\nThe CA SHALL keep widgets.\n\n"                               /* 31, 33 */
	"## 4.3 Keys\n\nEffective December 15, 2025 the CA SHALL rotate keys.\n\n"       /* 35, 37 */
	"## 4.4 Sunset\n\nThe CA SHALL NOT use method 4 after May 31, 2026.\n\n"         /* 39, 41 */
	"## 4.5 New\n\nEffective 2026-09-01 the CA SHALL publish a list.\n";              /* 43, 45 */

static void test_date_mismatch(void **state)
{
	(void)state;
	char *db = draft_db("dates.md", dates_doc);
	int rc;
	json_t *f = check_json(db, "worktree --no-section-numbering --no-broken-anchor", &rc);
	assert_int_equal(rc, 1);
	json_t *nothing = finding(f, "date-mismatch", "2025-09-01");
	assert_int_equal(line_of(nothing), 11);
	assert_non_null(strstr(s(nothing, "message"), "no matching text in section 4.2"));
	assert_string_equal(s(nothing, "date"), "2025-09-01");
	assert_string_equal(s(nothing, "section"), "4.2");
	json_t *differs = finding(f, "date-mismatch", "but the text of 4.3 (line 37) says 2025-12-15");
	assert_int_equal(line_of(differs), 12);
	assert_string_equal(s(differs, "date"), "2025-12-01");
	assert_string_equal(s(differs, "text_date"), "2025-12-15");
	assert_int_equal(line_of(finding(f, "date-mismatch", "names section 9.9, which the document does not have")), 13);
	json_t *missing = finding(f, "date-mismatch", "(2026-09-01, SHALL) in 4.5 is missing from the compliance table in 1.2.2");
	assert_int_equal(line_of(missing), 45);
	assert_string_equal(s(missing, "section"), "4.5");
	/*
	 * Not findings: a date the text writes; a requirement kept after its
	 * date was dropped (4.1); "after May 31" against June 1 (4.4); a date
	 * older than the table's first row (4.1, 2019).
	 */
	assert_int_equal(count(f, "date-mismatch"), 4);
	json_decref(f);

	f = check_json(db, "worktree --no-date-mismatch --no-section-numbering --no-broken-anchor", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(json_array_size(f), 0);
	json_decref(f);
	free(db);
}

/* ---- rules against a base: revision-row, undefined-term, date-before-adoption -------- */

static char *repo, *repo_db;

static void git(const char *args)
{
	int rc = tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@example.org %s", repo, args);
	assert_int_equal(rc, 0);
}

static const char base_doc[] =
	"---\ntitle: Test\nsubtitle: Version 1.0.9\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n"
	"| 1.0.8 | SMC90 | Earlier | 2023-06-01 |\n"
	"| 1.0.9 | SMC91 | First | 2024-01-01 |\nNEW_ROW\n"
	"## 1.6 Definitions\n\n### 1.6.1 Definitions\n\n"
	"**Certification Authority (or CA)**: An organization that issues Certificates.\n\n"
	"**Certificate**: A document.\n\n**Random Value**: A value.\n\n**Mailbox Address**: An address.\n\n"
	"**Legacy Profile**: A profile.\n\n**Generation**: A kind of profile.\n\n"
	"### 1.6.2 Acronyms\n\n| Acronym | Meaning |\n|---|---|\n| DNS | Domain Name System |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHALL log each issuance decision.\n"
	"Each validation uses a widget of some generation from a registry.\n"
	"NEW_TEXT";

static char *with(const char *row, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r = strstr(base_doc, "NEW_ROW"), *t = strstr(base_doc, "NEW_TEXT");
	strbuf_add(&sb, base_doc, (size_t)(r - base_doc));
	strbuf_addstr(&sb, row);
	strbuf_add(&sb, r + 7, (size_t)(t - r - 7));
	strbuf_addstr(&sb, text);
	return strbuf_detach(&sb, NULL);
}

static void commit(const char *row, const char *text, const char *msg)
{
	char *doc = with(row, text);
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s/TST.md", repo);
	tu_write_file(file.buf, doc, strlen(doc));
	git("add TST.md");
	struct strbuf c = STRBUF_INIT;
	strbuf_addf(&c, "commit -q -m '%s'", msg);
	git(c.buf);
	strbuf_release(&c);
	strbuf_release(&file);
	free(doc);
}

static const char new_text[] =
	"\n## 4.2 Mailboxes\n\n"
	"Effective 2024-02-01 the CA SHALL check each Mailbox Address with two Random Values and the CA's DNS records.\n"
	"The Validation Widget SHALL log each Legacy Generation check, and the Widget Registry MUST be kept.\n"
	"May 1 is no term, and the Account Binding as defined in RFC 8555 MAY be used.\n"
	"Germany SHALL be no term either, nor the Location HTTP response header.\n";

/*
 * main: v1 (tag v1); branch norow: new requirements, no new row; branch
 * badrow: a row numbered 1.0.11; branch goodrow: 1.1.0; branch draft: "1.0.X".
 */
static void make_repo(void)
{
	repo = path_in("repo");
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", repo), 0);
	commit("", "", "SMC91 - First");
	git("tag v1");
	struct { const char *branch, *row; } b[] = {
		{ "norow", "" },
		{ "badrow", "| 1.0.11 | SMC92 | Mailboxes | 2024-06-01 |\n" },
		{ "goodrow", "| 1.1.0 | SMC92 | Mailboxes | 2024-06-01 |\n" },
		{ "draft", "| 1.0.X | SMC92 | Mailboxes | TBD |\n" },
	};
	for (size_t i = 0; i < 4; i++) {
		struct strbuf c = STRBUF_INIT;
		strbuf_addf(&c, "checkout -q -b %s v1", b[i].branch);
		git(c.buf);
		commit(b[i].row, new_text, b[i].branch);
		strbuf_release(&c);
	}
	git("checkout -q main");
	/* an editorial change that only edits an old row's description adds no row */
	char *doc = with("", "");
	char *p = strstr(doc, "| First |");
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, doc, (size_t)(p - doc));
	strbuf_addstr(&sb, "| First version |");
	strbuf_addstr(&sb, p + strlen("| First |"));
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s/TST.md", repo);
	tu_write_file(file.buf, sb.buf, sb.len);
	git("commit -q -a -m 'Editorial'");
	strbuf_release(&file);
	strbuf_release(&sb);
	free(doc);
	repo_db = path_in("repo.db");
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --path TST.md -q", repo);
	assert_int_equal(tu_ct(NULL, NULL, repo_db, args.buf), 0);
	strbuf_release(&args);
}

static void test_revision_row(void **state)
{
	(void)state;
	const char *db = repo_db;
	int rc;
	json_t *f = check_json(db, "norow --base v1", &rc);
	assert_int_equal(rc, 1);
	json_t *row = finding(f, "revision-row", "gained no row");
	assert_non_null(row);
	assert_int_equal(line_of(row), 15); /* the table's last row */
	json_decref(f);

	f = check_json(db, "badrow --base v1", NULL);
	json_t *bad = finding(f, "revision-row", "version 1.0.11 does not follow the last one, 1.0.9");
	assert_int_equal(line_of(bad), 16);
	assert_string_equal(s(bad, "version"), "1.0.11");
	assert_int_equal(count(f, "revision-row"), 1);
	json_decref(f);

	/* the next minor version follows; a draft's placeholder has nothing to follow */
	expect_count(db, "goodrow --base v1", "revision-row", 0);
	expect_count(db, "draft --base v1", "revision-row", 0);
	/* editing an old row and no normative text: nothing to add */
	expect_count(db, "main --base v1", "revision-row", 0);
	/* a branch off main is a draft ballot: its base is where it left main */
	f = check_json(db, "norow", NULL);
	assert_non_null(finding(f, "revision-row", "gained no row"));
	json_decref(f);
	expect_count(db, "norow --base v1 --no-revision-row", "revision-row", 0);
}

static void test_undefined_term(void **state)
{
	(void)state;
	const char *db = repo_db;
	json_t *f = check_json(db, "goodrow --base v1", NULL);
	/*
	 * Defined: plurals (Random Values), possessives (CA's), acronyms
	 * (DNS), a defined term's first word as an adjective (Legacy
	 * Generation); no terms: the sentence's first word, months, names
	 * the document never writes in lower case (Germany), terms defined on
	 * the spot ("as defined in"), names of parts (the Location HTTP
	 * response header).
	 */
	assert_int_equal(count(f, "undefined-term"), 2);
	json_t *widget = finding(f, "undefined-term", "\"Validation Widget\"");
	assert_non_null(widget);
	assert_string_equal(s(widget, "severity"), "warning");
	assert_string_equal(s(widget, "term"), "Validation Widget");
	assert_string_equal(s(widget, "section"), "4.2");
	assert_int_equal(line_of(widget), 50);
	assert_non_null(finding(f, "undefined-term", "\"Widget Registry\""));
	json_decref(f);
	/* a requirement already there is not new */
	expect_count(db, "goodrow --base norow", "undefined-term", 0);
	expect_count(db, "goodrow --base v1 --no-undefined-term", "undefined-term", 0);
}

static void test_date_before_adoption(void **state)
{
	(void)state;
	const char *db = repo_db;
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot add D1 --base v1 --head goodrow"), 0);
	json_t *f = check_json(db, "D1", NULL);
	assert_int_equal(count(f, "date-before-adoption"), 0); /* no vote end yet */
	assert_non_null(finding(f, "undefined-term", NULL));  /* the ballot's base is used */
	json_decref(f);

	/* voting ends 2024-01-10: IP review until 2024-02-09, after the new 2024-02-01 */
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot set D1 --vote-end '2024-01-10 12:00'"), 0);
	int rc;
	f = check_json(db, "D1", &rc);
	json_t *early = finding(f, "date-before-adoption", "new date 2024-02-01 is earlier than the end of D1's IP review (2024-02-09");
	assert_non_null(early);
	assert_int_equal(line_of(early), 49);
	assert_string_equal(s(early, "severity"), "warning");
	assert_string_equal(s(early, "date"), "2024-02-01");
	assert_string_equal(s(early, "section"), "4.2");
	json_decref(f);
	expect_count(db, "D1 --no-date-before-adoption", "date-before-adoption", 0);

	/* an earlier vote: the review ends 2024-01-31, before the date */
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot set D1 --vote-end '2024-01-01 12:00'"), 0);
	expect_count(db, "D1", "date-before-adoption", 0);
	/* a Final Guideline's review is 60 days */
	assert_int_equal(tu_ct(NULL, NULL, db, "ballot set D1 --type guideline"), 0);
	f = check_json(db, "D1", NULL);
	assert_non_null(finding(f, "date-before-adoption", "2024-03-01: vote end 2024-01-01 + 60 days"));
	json_decref(f);
}

/* ---- output, exit status, bad input ------------------------------------- */

static void test_output(void **state)
{
	(void)state;
	char *db = draft_db("OUT.md", links_doc);
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(tu_read_file(&before, db), 0);

	/* Text: compiler-style lines sorted by line, the summary on stderr; exit 1 with an error. */
	int rc = tu_ct(&out, &err, db, "check worktree");
	assert_int_equal(rc, 1);
	assert_true(!strncmp(out.buf, "OUT.md:10: error: broken-anchor: link to #321-checking-boxes", 60));
	long prev = 0;
	for (const char *p = out.buf; *p; p = strchr(p, '\n') + 1) {
		long line = strtol(p + strlen("OUT.md:"), NULL, 10);
		assert_true(line >= prev);
		prev = line;
	}
	assert_non_null(strstr(err.buf, "OUT.md: 12 errors, 0 warnings\n"));

	/* JSON: an array of {severity, rule, line, message, ...} in the same order. */
	json_t *f = check_json(db, "worktree", NULL);
	assert_int_equal(json_array_size(f), 12);
	json_t *x;
	size_t i;
	json_array_foreach(f, i, x) {
		assert_true(!strcmp(s(x, "severity"), "error") || !strcmp(s(x, "severity"), "warning"));
		assert_true(*s(x, "rule") && *s(x, "message"));
		assert_true(json_is_integer(json_object_get(x, "line")));
	}
	json_decref(f);

	/* Every rule off: no findings, exit 0. */
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = tu_ct(&out, &err, db, "check worktree --no-broken-anchor --no-section-numbering --no-revision-row "
			       "--no-date-mismatch --no-date-before-adoption --no-lowercase-keyword --no-undefined-term");
	assert_int_equal(rc, 0);
	assert_int_equal(out.len, 0);
	assert_non_null(strstr(err.buf, "0 errors, 0 warnings"));
	/* --help */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db, "check --help"), 0);
	assert_non_null(strstr(out.buf, "--no-RULE"));

	/* Read only: the database is unchanged. */
	assert_int_equal(tu_read_file(&after, db), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);

	tu_assert_bad_input(db, "check nosuchref", "nosuchref");
	tu_assert_bad_input(db, "check worktree --base nowhere", "nowhere");
	tu_assert_bad_input(db, "check", "name the ref or ballot");
	tu_assert_bad_input(db, "check worktree main", "one ref at a time");
	tu_assert_bad_input(db, "check worktree --format csv", "text or json");
	tu_assert_bad_input(db, "check worktree --format yaml", "yaml");
	tu_assert_bad_input(db, "check worktree --no-such-rule", "--no-such-rule");
	tu_assert_bad_input(db, "check worktree --doc NOPE", "NOPE");
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&out);
	strbuf_release(&err);
	free(db);
}

/* ---- the corpus ---------------------------------------------------------- */

static char *sbr_db, *br_db;

static const char *corpus_db(char **db, const char *corpus, const char *name, const char *import)
{
	if (!*db) {
		*db = path_in(name);
		struct strbuf args = STRBUF_INIT;
		strbuf_addf(&args, import, corpus);
		assert_int_equal(tu_ct(NULL, NULL, *db, args.buf), 0);
		strbuf_release(&args);
	}
	return *db;
}

static const char *sbr(const char *corpus)
{
	return corpus_db(&sbr_db, corpus, "sbr.db", "import '%s/smime.git' --path SBR.md -q");
}

static void test_corpus_sbr(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	const char *db = sbr(corpus);

	/* main: the link to 3.2.2.4 lost the title's "-extensions" */
	int rc;
	json_t *f = check_json(db, "main", &rc);
	assert_int_equal(rc, 1);
	assert_int_equal(count(f, "broken-anchor"), 1);
	json_t *acme = finding(f, "broken-anchor", "#3224-validating-control-over-mailbox-using-acme ");
	assert_non_null(acme);
	assert_string_equal(s(acme, "anchor"), "3224-validating-control-over-mailbox-using-acme");
	assert_string_equal(s(acme, "section"), "1.3.2.1");
	assert_string_equal(s(json_object_get(acme, "meant"), "anchor"), "3224-validating-control-over-mailbox-using-acme-extensions");
	assert_string_equal(s(json_object_get(acme, "meant"), "section"), "3.2.2.4");
	/* every error there is that one: the numbering and the dates hold */
	assert_int_equal(count(f, "section-numbering") + count(f, "date-mismatch"), 0);
	json_decref(f);

	/* SMC05 had no broken anchor; SMC012 brought the broken one */
	f = check_json(db, "Ballot_SMC05", &rc);
	assert_int_equal(count(f, "broken-anchor"), 0);
	assert_int_equal(rc, 0);
	/* SMC05's new requirements name CAA Records and Issuer Domain Names, which 1.6.1 does not define */
	assert_non_null(finding(f, "undefined-term", "\"Issuer Domain Names\""));
	json_decref(f);
	f = check_json(db, "SMC012", NULL);
	assert_int_equal(count(f, "broken-anchor"), 1);
	assert_int_equal(count(f, "revision-row"), 0); /* 1.0.10 follows 1.0.9 */
	json_decref(f);

	/* The published ballots keep their Revisions table and dates in order. */
	static const char *const tags[] = { "Ballot_SMC03", "Ballot_SMC04", "Ballot_SMC06", "Ballot_SMC07",
					    "Ballot_SMC08", "Ballot_SMC09", "Ballot_SMC010", "Ballot_SMC011" };
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		f = check_json(db, tags[i], &rc);
		if (rc != 0)
			fprintf(stderr, "%s: %s\n", tags[i], s(json_array_get(f, 0), "message"));
		assert_int_equal(rc, 0);
		json_decref(f);
	}
}

static void test_corpus_sbr_drafts(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	const char *db = sbr(corpus);
	/*
	 * The PQC draft numbers ML-DSA and ML-KEM 7.1.3.2.4-5 under 7.1.3.1:
	 * one orphan and one duplicate, not a cascade of "out of order"; its
	 * Revisions row "1.0.X" is a placeholder.
	 */
	json_t *f = check_json(db, "srdavidson/Ballot-PQC", NULL);
	assert_non_null(finding(f, "section-numbering", "section 7.1.3.2.4 has no parent"));
	assert_non_null(finding(f, "section-numbering", "duplicate section number 7.1.3.2.4"));
	assert_int_equal(count(f, "section-numbering"), 2);
	assert_int_equal(count(f, "revision-row"), 0);
	json_decref(f);
	/* The CAA draft adds requirements without a Revisions row (found by the row's description, not a "--" cell). */
	f = check_json(db, "srdavidson/CAA", NULL);
	json_t *row = finding(f, "revision-row", "gained no row");
	assert_non_null(row);
	assert_int_equal(line_of(row), 83);
	json_decref(f);
}

static const char *br(const char *corpus)
{
	return corpus_db(&br_db, corpus, "br.db", "import '%s/servercert-br.git' --path docs/BR.md --ref main -q");
}

static void test_corpus_br(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	const char *db = br(corpus);
	json_t *f = check_json(db, "main", NULL);
	/*
	 * No broken anchor: "#appendix-b--issuance-of-certificates-for-onion-
	 * domain-names" is GitHub's anchor for "Appendix B – Issuance ..." (en
	 * dash dropped).  The table row "CAs MUST NOT rely on HTTPS websites"
	 * (2025-01-15, 3.2.2.4) matches 3.2.2.4.12, which keeps the requirement
	 * without the date.  The MPIC phase-in dates of 3.2.2.9 are not in the
	 * table.
	 */
	assert_int_equal(count(f, "broken-anchor"), 0);
	assert_int_equal(count(f, "section-numbering"), 0);
	assert_null(finding(f, "date-mismatch", "2025-01-15"));
	assert_non_null(finding(f, "date-mismatch", "(2026-06-15, MUST) in 3.2.2.9 is missing from the compliance table"));
	assert_non_null(finding(f, "lowercase-keyword", NULL));
	json_decref(f);

	/* SC045-SC054: GitHub keeps all three hyphens of "Website - ACME" */
	f = check_json(db, "SC045", NULL);
	json_t *acme = finding(f, "broken-anchor", "#322419-agreed-upon-change-to-website-acme ");
	assert_non_null(acme);
	assert_string_equal(s(json_object_get(acme, "meant"), "anchor"), "322419-agreed-upon-change-to-website---acme");
	json_decref(f);
	/* Ballot 146: "3.2.2.4.13: Email to DNS CAA Contact" is numbered (no gap); 7.1.4.2.1 sat a level too high */
	f = check_json(db, "146 --no-date-mismatch", NULL);
	assert_null(finding(f, "section-numbering", "gap"));
	assert_non_null(finding(f, "section-numbering", "section 7.1.4.2.1 is a level-4 heading"));
	json_decref(f);
	/* SC041 rewrote old rows' descriptions: no new rows to judge.  SC089: a date in a Version cell is no version. */
	expect_count(db, "SC041", "revision-row", 0);
	expect_count(db, "SC089", "revision-row", 0);
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
	free(repo_db);
	free(sbr_db);
	free(br_db);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_anchor),
		cmocka_unit_test(test_section_numbering),
		cmocka_unit_test(test_lowercase_keyword),
		cmocka_unit_test(test_date_mismatch),
		cmocka_unit_test(test_revision_row),
		cmocka_unit_test(test_undefined_term),
		cmocka_unit_test(test_date_before_adoption),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_corpus_sbr),
		cmocka_unit_test(test_corpus_sbr_drafts),
		cmocka_unit_test(test_corpus_br),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
