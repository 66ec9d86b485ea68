/*
 * test_names.c - names and references as the Forum writes them: ballots in
 * every output (JSON included) as "SMC05", "SMC010", "SC063", never the
 * internal key; a table cell "3.2.2.1 (5)" naming section 3.2.2.1 (its item
 * 5), not section 5; "Appendix B" resolving to the appendix's section.
 */
#include "testutil.h"

#include <regex.h>

#include "importers/extract.h"
#include "render/names.h"

/* Does `text` hold an internal ballot key ("SMC5", "SC63", "SMC12") as a whole word? */
static int has_key_spelling(const char *text)
{
	regex_t re;
	assert_int_equal(regcomp(&re, "(^|[^A-Za-z0-9_-])(SMC[1-9][0-9]?|SC[1-9][0-9]?)([^A-Za-z0-9]|$)", REG_EXTENDED), 0);
	regmatch_t m[4];
	int hit = regexec(&re, text, 4, m, 0) == 0;
	if (hit)
		fprintf(stderr, "internal key in output: '%.*s'\n", (int)(m[2].rm_eo - m[2].rm_so), text + m[2].rm_so);
	regfree(&re);
	return hit;
}

/* Leave out what quotes its source verbatim: a GitHub label "SMC10" is the label as written. */
static void drop_quoted(json_t *v)
{
	static const char *const quoted[] = { "labels", "text", "title", "body", "description", "summary" };
	json_t *x;
	size_t i;
	const char *k;
	if (json_is_array(v))
		json_array_foreach(v, i, x)
			drop_quoted(x);
	if (!json_is_object(v))
		return;
	for (i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++)
		json_object_del(v, quoted[i]);
	json_object_foreach(v, k, x)
		drop_quoted(x);
}

static void expect_forum_names(const char *db, const char *args)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_ct(&out, &err, db, args);
	if (rc != 0 && rc != 1)
		fail_msg("cabtrack %s: exit %d: %s", args, rc, err.buf);
	json_t *j = strstr(args, "--format json") ? json_loads(out.buf, 0, NULL) : NULL;
	if (j) {
		drop_quoted(j);
		char *s = json_dumps(j, JSON_COMPACT);
		strbuf_reset(&out);
		strbuf_addstr(&out, s);
		free(s);
		json_decref(j);
	}
	if (has_key_spelling(out.buf))
		fail_msg("cabtrack %s shows an internal ballot key", args);
	assert_null(strstr(out.buf, "\"ballot_key\""));
	assert_null(strstr(out.buf, "\"origin_ballot_key\""));
	strbuf_release(&out);
	strbuf_release(&err);
}

static char *tmp;

/* The S/MIME BR with its GitHub issues: every listing and JSON document names ballots as the Forum does. */
static void test_smime_outputs(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf db = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&db, "%s/smime.db", tmp);
	strbuf_addf(&args, "import '%s/smime.git' --path SBR.md -q", corpus);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
	strbuf_reset(&args);
	strbuf_addf(&args, "import github '%s/github/cabforum-smime-issues.json' -q", corpus);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	static const char *const cmds[] = {
		"ballot list", "ballot list --format json", "ballot show SMC05", "ballot show SMC5 --format json",
		"ballot show SMC010 --format json", "dates", "dates --format json", "dates --all-versions --format json",
		"versions", "versions --format json", "blame 4.2.2.1", "blame 4.2.2.1 --format json",
		"issues --format json", "issues --ballot SMC06", "diff Ballot_SMC04 Ballot_SMC05 --format json",
		"ballot diff SMC05 --format json",
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		expect_forum_names(db.buf, cmds[i]);

	/* the ballot itself: its id as the Forum writes it, no key */
	json_t *v = tu_ct_json(db.buf, "ballot show SMC5 --format json");
	assert_string_equal(json_string_value(json_object_get(v, "id")), "SMC05");
	assert_null(json_object_get(v, "key"));
	json_decref(v);
	v = tu_ct_json(db.buf, "ballot list --format json");
	json_t *b;
	size_t i;
	int seen010 = 0;
	json_array_foreach(v, i, b) {
		assert_null(json_object_get(b, "key"));
		seen010 |= !strcmp(json_string_value(json_object_get(b, "id")), "SMC010");
	}
	assert_true(seen010);
	json_decref(v);
	strbuf_release(&db);
	strbuf_release(&args);
}

static void cell_sections(const char *cell, const char *want)
{
	struct strbuf md = STRBUF_INIT;
	strbuf_addf(&md, "## 1.2.2 Relevant Dates\n\n| Compliance | Section(s) | Summary Description |\n| -- | -- | -- |\n"
			 "| 2025-03-15 | %s | CAs MUST do it. |\n", cell);
	struct extract_result res = EXTRACT_RESULT_INIT;
	assert_int_equal(extract_section(&res, "1.2.2", md.buf, md.len), 0);
	assert_int_equal(res.nobls, 1);
	if (strcmp(res.obls[0].sections, want))
		fail_msg("cell '%s' names %s, not %s", cell, res.obls[0].sections, want);
	extract_result_release(&res);
	strbuf_release(&md);
}

/* A table cell's section references: items and appendices. */
static void test_cell_sections(void **state)
{
	(void)state;
	cell_sections("3.2.2.1 (5)", "[\"3.2.2.1\"]");
	cell_sections("3.2.2.1(5) and 3.2.2.4 (18)", "[\"3.2.2.1\",\"3.2.2.4\"]");
	cell_sections("[4.9.9](#499-on-line-revocationstatus-checking-availability)", "[\"4.9.9\"]");
	cell_sections("Appendix B", "[\"Appendix B\"]");
	cell_sections("[Appendix A](#appendix-a--caa-contact-tag) and 3.2.2.8", "[\"Appendix A\",\"3.2.2.8\"]");
	cell_sections("7.1.2.3 (b), 9", "[\"7.1.2.3\",\"9\"]");
	cell_sections("Appendixes", "[]");
}

static const char doc[] =
	"---\ntitle: Test\nsubtitle: Version 1.0.0\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2.2 Relevant Dates\n\n"
	"| Compliance | Section(s) | Summary Description |\n| -- | -- | -- |\n"
	"| 2025-03-15 | 3.2.2.1 (5) | CAs MUST stop method 5. |\n"
	"| 2025-06-15 | Appendix B | CAs MUST NOT issue onion certificates. |\n\n"
	"# 3. IDENTIFICATION\n\n## 3.2.2.1 Methods\n\nEffective 2025-03-15, CAs MUST stop method 5.\n\n"
	"# 5. CONTROLS\n\nText.\n\n"
	"# Appendix B \u2013 Issuance of Certificates for Onion Domain Names\n\nThe CA MAY issue them.\n"
	"Effective 2025-06-15, CAs MUST NOT issue onion certificates.\n";

/* On a document: the rows' sections as `dates` shows them, and `show` finding the appendix. */
static void test_references_in_a_document(void **state)
{
	(void)state;
	struct strbuf file = STRBUF_INIT, db = STRBUF_INIT, args = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&file, "%s/refs.md", tmp);
	strbuf_addf(&db, "%s/refs.db", tmp);
	tu_write_file(file.buf, doc, strlen(doc));
	strbuf_addf(&args, "import '%s' --doc TST -q", file.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	json_t *d = tu_ct_json(db.buf, "dates --section 5 --format json");
	assert_int_equal(json_array_size(d), 0); /* item 5 of 3.2.2.1 is no section 5 */
	json_decref(d);
	d = tu_ct_json(db.buf, "dates --section 3.2.2.1 --format json");
	assert_int_equal(json_array_size(d), 2); /* the table row and the text */
	json_decref(d);
	d = tu_ct_json(db.buf, "dates --section 'Appendix B' --format json");
	assert_int_equal(json_array_size(d), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(d, 0), "sections"), 0)),
			    "Appendix B");
	json_decref(d);

	assert_int_equal(tu_ct(&out, NULL, db.buf, "show 'Appendix B'"), 0);
	assert_non_null(strstr(out.buf, "Issuance of Certificates for Onion Domain Names"));
	assert_non_null(strstr(out.buf, "The CA MAY issue them."));
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "show 'appendix b' --format json"), 0);
	assert_non_null(strstr(out.buf, "appendix-b--issuance-of-certificates-for-onion-domain-names"));
	tu_assert_bad_input(db.buf, "show 'Appendix C'", "Appendix C");

	/* check: the appendix's row is written in the appendix; no date-mismatch either way */
	strbuf_reset(&out);
	tu_ct(&out, NULL, db.buf, "check worktree --format json");
	json_t *f = json_loads(out.buf, 0, NULL), *x;
	size_t i;
	assert_non_null(f);
	json_array_foreach(f, i, x)
		if (!strcmp(json_string_value(json_object_get(x, "rule")), "date-mismatch"))
			fail_msg("date-mismatch: %s", json_string_value(json_object_get(x, "message")));
	json_decref(f);
	/* the appendix's text date names the appendix */
	d = tu_ct_json(db.buf, "dates --format json");
	size_t appendix = 0;
	json_array_foreach(d, i, x)
		appendix += !strcmp(json_string_value(json_object_get(x, "date")), "2025-06-15");
	assert_int_equal(appendix, 2);
	json_decref(d);

	strbuf_release(&file);
	strbuf_release(&db);
	strbuf_release(&args);
	strbuf_release(&out);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return 0;
}

/*
 * render_forum_named and render_forum_named_get: what render_forum_names
 * makes of a deep copy, without copying a listing that names no ballot and
 * without touching the original (callers render the same rows again).
 */
static void test_forum_named_copies_only_when_needed(void **state)
{
	(void)state;
	json_t *plain = json_pack("[{s:s, s:i, s:[{s:s}]}]", "number", "1.2", "level", 2, "nested", "title", "SC63");
	json_t *same = render_forum_named(plain);
	assert_ptr_equal(same, plain);
	json_decref(same);

	json_t *rows = json_pack("[{s:s}, {s:{s:s, s:s}, s:[s, i]},"
				 " {s:s, s:s, s:s}, {s:s, s:s, s:{s:s}}, {s:s, s:s}, {s:[{s:s}], s:[s]}]",
				 "number", "1.2", "inner", "ballot", "SC63", "ballot_key", "SC63", "ballots", "SMC5", 7,
				 "key", "SMC5", "id", "SMC5", "title", "SMC5", "kind", "ballot", "target", "SC63", "x",
				 "origin_ballot", "SMC12", "kind", "section", "target", "SC63", "list", "ballot", "SC81",
				 "addressed_by", "SMC5");
	char *before = json_dumps(rows, JSON_COMPACT);
	json_t *want = json_deep_copy(rows);
	render_forum_names(want);
	json_t *named = render_forum_named(rows);
	char *a = json_dumps(named, JSON_COMPACT), *b = json_dumps(want, JSON_COMPACT);
	assert_string_equal(a, b); /* same members in the same order */
	assert_non_null(strstr(a, "\"SC063\""));
	assert_null(strstr(a, "ballot_key"));
	free(a);
	a = json_dumps(rows, JSON_COMPACT);
	assert_string_equal(a, before); /* the original keeps its keys */
	free(a);
	free(b);

	/* one member at a time, as a table cell shows it */
	const char *keys[] = { "number", "inner", "ballots", "key", "id", "title", "target", "x", "list", "addressed_by" };
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			json_t *got = render_forum_named_get(row, keys[k]);
			json_t *exp = json_object_get(json_array_get(want, i), keys[k]);
			assert_true(got ? exp && json_equal(got, exp) : !exp);
			json_decref(got);
		}
	}
	free(before);
	json_decref(named);
	json_decref(want);
	json_decref(rows);
	json_decref(plain);
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_sections),
		cmocka_unit_test(test_references_in_a_document),
		cmocka_unit_test(test_smime_outputs),
		cmocka_unit_test(test_forum_named_copies_only_when_needed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
