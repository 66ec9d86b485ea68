/*
 * test_commands.c - the query commands end to end (`versions`, `sections`,
 * `show`, `requirements`): on a database built once from the shared
 * corpus's S/MIME history, and on a small Markdown file the test writes
 * (that part needs no corpus).
 */
#include "testutil.h"

#include <jansson.h>

static char sbr_db[4200]; /* empty when the corpus is absent */

static int group_setup(void **state)
{
	tu_tmp_setup(state);
	const char *corpus = tu_corpus();
	if (!corpus)
		return 0;
	struct strbuf err = STRBUF_INIT;
	snprintf(sbr_db, sizeof(sbr_db), "%s/sbr.db", tu_tmp);
	int rc = tu_run(NULL, &err, "%s --db '%s' import '%s/smime.git' --path SBR.md -q", tu_binary(), sbr_db, corpus);
	if (rc != 0) {
		fprintf(stderr, "import of %s/smime.git failed (exit %d): %s\n", corpus, rc, err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The first object of `arr` whose `key` is the string `value`, or NULL. */
static json_t *find_row(json_t *arr, const char *key, const char *value)
{
	json_t *o;
	size_t i;
	json_array_foreach(arr, i, o) {
		const char *s = str(o, key);
		if (s && !strcmp(s, value))
			return o;
	}
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Whether the array `arr` holds the string `s`. */
static int has_string(json_t *arr, const char *s)
{
	json_t *e;
	size_t i;
	json_array_foreach(arr, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), s))
			return 1;
	return 0;
}

#define NEED_SBR()                     \
	do {                           \
		TU_NEED_CORPUS(corpus_); \
		(void)corpus_;           \
		assert_true(*sbr_db);    \
	} while (0)

static void test_versions_sbr(void **state)
{
	(void)state;
	NEED_SBR();
	json_t *v = tu_ct_json(sbr_db, "versions --format json");
	assert_int_equal(json_array_size(v), 11);
	json_t *first = json_array_get(v, 0), *last = json_array_get(v, 10);
	assert_string_equal(str(first, "version"), "1.0.0");
	assert_string_equal(str(first, "ballot"), "SMC01");
	assert_string_equal(str(last, "version"), "1.0.10");
	assert_string_equal(str(last, "ballot"), "SMC012");

	json_t *r = find_row(v, "version", "1.0.3");
	assert_non_null(r);
	assert_string_equal(str(r, "ballot"), "SMC05");
	assert_string_equal(str(r, "tag"), "Ballot_SMC05");
	assert_true(json_is_string(json_object_get(r, "commit")));
	assert_int_equal(strlen(str(r, "commit")), 40);
	assert_string_equal(str(json_object_get(r, "dates"), "Publication Date"), "2024-02-20");
	assert_non_null(str(r, "description"));
	json_decref(v);

	/* text: one column per date key */
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, sbr_db, "versions"), 0);
	assert_non_null(strstr(out.buf, "PUBLICATION DATE"));
	assert_non_null(strstr(out.buf, "Ballot_SMC05"));
	strbuf_release(&out);
}

static void test_versions_at_ballot(void **state)
{
	(void)state;
	NEED_SBR();
	json_t *v = tu_ct_json(sbr_db, "versions --at Ballot_SMC04 --format json");
	assert_true(json_array_size(v) > 0);
	assert_true(json_array_size(v) < 11);
	assert_null(find_row(v, "version", "1.0.3"));
	assert_non_null(find_row(v, "version", "1.0.2"));
	json_decref(v);
}

static void test_sections_sbr(void **state)
{
	(void)state;
	NEED_SBR();
	json_t *s = tu_ct_json(sbr_db, "sections --format json");
	json_t *r = find_row(s, "number", "4.2.2.1");
	assert_non_null(r);
	assert_string_equal(str(r, "anchor"), "4221-certification-authority-authorization");
	assert_string_equal(str(r, "parent"), "4.2.2");
	assert_int_equal(json_integer_value(json_object_get(r, "level")), 4);
	assert_true(json_integer_value(json_object_get(r, "line_start")) <
		    json_integer_value(json_object_get(r, "line_end")));
	/* no front matter, and level-1 sections have no parent */
	json_t *o;
	size_t i;
	json_array_foreach(s, i, o)
		assert_true(json_integer_value(json_object_get(o, "level")) > 0);
	r = find_row(s, "number", "1");
	assert_non_null(r);
	assert_true(json_is_null(json_object_get(r, "parent")));
	json_decref(s);
}

static void test_show_sbr(void **state)
{
	(void)state;
	NEED_SBR();
	json_t *a = tu_ct_json(sbr_db, "show 4.2.2.1 --format json");
	assert_string_equal(str(a, "number"), "4.2.2.1");
	assert_string_equal(str(a, "anchor"), "4221-certification-authority-authorization");
	assert_non_null(strstr(str(a, "text"), "#### 4.2.2.1 Certification authority authorization"));
	json_t *reqs = json_object_get(a, "requirements");
	assert_true(json_array_size(reqs) > 0);
	int found = 0;
	json_t *r;
	size_t i;
	json_int_t start = json_integer_value(json_object_get(a, "line_start"));
	json_int_t end = json_integer_value(json_object_get(a, "line_end"));
	json_array_foreach(reqs, i, r) {
		assert_string_equal(str(r, "section"), "4.2.2.1");
		assert_true(json_is_boolean(json_object_get(r, "negated")));
		json_int_t line = json_integer_value(json_object_get(r, "line"));
		assert_true(line >= start && line <= end);
		if (!strcmp(str(r, "keyword"), "SHALL") && strstr(str(r, "text"), "retrieve and process CAA records"))
			found = 1;
	}
	assert_true(found);

	/* the anchor, with its '#', names the same section */
	json_t *b = tu_ct_json(sbr_db, "show '#4221-certification-authority-authorization' --format json");
	assert_true(json_equal(a, b));
	json_decref(b);
	json_decref(a);

	/* text: the header line, the Markdown, the requirements */
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, sbr_db, "show 4221-certification-authority-authorization"), 0);
	assert_true(starts_with(out.buf, "4.2.2.1 Certification authority authorization (lines "));
	assert_non_null(strstr(out.buf, "anchor #4221-certification-authority-authorization)\n"));
	assert_non_null(strstr(out.buf, "\nRequirements:\n  [SHALL] "));
	strbuf_release(&out);
}

static void test_show_unknown(void **state)
{
	(void)state;
	NEED_SBR();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_ct(&out, &err, sbr_db, "show 99.99");
	tu_assert_one_error(rc, &err, "no section '99.99' in SBR at main");
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_requirements_filter(void **state)
{
	(void)state;
	NEED_SBR();
	json_t *all = tu_ct_json(sbr_db, "requirements --section 4.2.2.1 --format json");
	json_t *v = tu_ct_json(sbr_db, "requirements --section 4.2.2.1 --keyword should --format json");
	assert_true(json_array_size(v) > 0);
	assert_true(json_array_size(v) < json_array_size(all));
	int primary = 0;
	json_t *r;
	size_t i;
	json_array_foreach(v, i, r) {
		/* every row carries SHOULD (as its first keyword or a later one) */
		assert_string_equal(str(r, "section"), "4.2.2.1");
		assert_true(has_string(json_object_get(r, "keywords"), "SHOULD"));
		primary += !strcmp(str(r, "keyword"), "SHOULD");
		assert_true(json_is_boolean(json_object_get(r, "negated")));
		assert_true(json_integer_value(json_object_get(r, "line")) > 900);
		assert_int_equal(strlen(str(r, "id")), 16);
	}
	assert_true(primary > 0);
	json_decref(v);
	json_decref(all);

	/* --section takes the subsections too */
	v = tu_ct_json(sbr_db, "requirements --section 4.2.2 --format json");
	assert_non_null(find_row(v, "section", "4.2.2.1"));
	assert_non_null(find_row(v, "section", "4.2.2.2"));
	json_decref(v);
}

static void test_requirements_bad_keyword(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/none.db", tu_tmp);
	int rc = tu_ct(&out, &err, db.buf, "requirements --keyword FOO");
	tu_assert_one_error(rc, &err, "'FOO' is not an RFC 2119 keyword");
	assert_int_equal(out.len, 0);
	strbuf_reset(&err);
	rc = tu_ct(NULL, &err, db.buf, "show 1 --format csv");
	tu_assert_one_error(rc, &err, "show:");
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
}

static const char small_doc[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.1\n---\n\n"
	"# 1. Intro\n\nSome words.\n\n"
	"## 1.1 Scope\n\nThe CA SHALL do X. The CA MAY do Y.\n\n"
	"## 1.2 Document name\n\n"
	"### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Adopted |\n|---|---|---|---|\n"
	"| 1.0 | SMC91 | First | 2024-01-02 |\n"
	"| 1.1 | SMC92 | Second | 2024-03-04 |\n\n"
	"# Notes\n\nOne.\n\n# Notes\n\nTwo.\n";

static void test_markdown_file(void **state)
{
	(void)state;
	struct strbuf md = STRBUF_INIT, db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&md, "%s/doc.md", tu_tmp);
	strbuf_addf(&db, "%s/x.db", tu_tmp);
	tu_write_file(md.buf, small_doc, sizeof(small_doc) - 1);
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "import '%s' --doc TST", md.buf);
	int rc = tu_ct(NULL, &err, db.buf, args.buf);
	if (rc)
		fprintf(stderr, "import: %s", err.buf);
	assert_int_equal(rc, 0);

	/* sections: the outline, line ranges and GitHub's anchors for repeats */
	json_t *s = tu_ct_json(db.buf, "sections --format json");
	assert_int_equal(json_array_size(s), 6);
	json_t *r = find_row(s, "number", "1");
	assert_string_equal(str(r, "anchor"), "1-intro");
	assert_int_equal(json_integer_value(json_object_get(r, "line_start")), 6);
	assert_int_equal(json_integer_value(json_object_get(r, "line_end")), 9);
	r = find_row(s, "number", "1.1");
	assert_string_equal(str(r, "title"), "Scope");
	assert_string_equal(str(r, "parent"), "1");
	assert_string_equal(str(r, "anchor"), "11-scope");
	assert_int_equal(json_integer_value(json_object_get(r, "line_start")), 10);
	r = find_row(s, "number", "1.2.1");
	assert_string_equal(str(r, "parent"), "1.2");
	assert_string_equal(str(r, "anchor"), "121-revisions");
	assert_string_equal(str(json_array_get(s, 4), "anchor"), "notes");
	assert_string_equal(str(json_array_get(s, 5), "anchor"), "notes-1");
	assert_true(json_is_null(json_object_get(json_array_get(s, 5), "number")));
	json_decref(s);

	/* requirements: SHALL and MAY in 1.1, at document lines */
	json_t *q = tu_ct_json(db.buf, "requirements --format json");
	int shall = 0, may = 0;
	size_t i;
	json_array_foreach(q, i, r) {
		assert_string_equal(str(r, "section"), "1.1");
		assert_int_equal(json_integer_value(json_object_get(r, "line")), 12);
		assert_true(json_is_false(json_object_get(r, "negated")));
		assert_non_null(strstr("The CA SHALL do X. The CA MAY do Y.", str(r, "text")));
		shall |= has_string(json_object_get(r, "keywords"), "SHALL");
		may |= has_string(json_object_get(r, "keywords"), "MAY");
	}
	assert_true(shall && may);
	json_decref(q);
	q = tu_ct_json(db.buf, "requirements --keyword 'shall' --format json");
	assert_true(json_array_size(q) >= 1);
	json_decref(q);
	rc = tu_ct(&out, NULL, db.buf, "requirements --keyword 'must not'");
	assert_int_equal(rc, 1); /* a keyword, but nothing carries it */
	strbuf_reset(&out);

	/* versions: the Revisions rows, a date column, the working copy's commit by label */
	json_t *v = tu_ct_json(db.buf, "versions --format json");
	assert_int_equal(json_array_size(v), 2);
	r = json_array_get(v, 0);
	assert_string_equal(str(r, "version"), "1.0");
	assert_string_equal(str(r, "ballot"), "SMC091");
	assert_string_equal(str(r, "description"), "First");
	assert_string_equal(str(json_object_get(r, "dates"), "Adopted"), "2024-01-02");
	assert_true(json_is_null(json_object_get(r, "tag")));
	assert_true(json_is_null(json_object_get(r, "commit")));
	r = json_array_get(v, 1);
	assert_string_equal(str(r, "version"), "1.1");
	assert_non_null(str(r, "commit"));
	json_decref(v);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "versions --format csv"), 0);
	assert_true(starts_with(out.buf, "VERSION,BALLOT,ADOPTED,TAG,COMMIT,DESCRIPTION\r\n"));
	assert_non_null(strstr(out.buf, "1.0,SMC091,2024-01-02,-,-,First\r\n"));
	strbuf_reset(&out);

	/* show: by number and by a repeated heading's anchor; unknown ones fail */
	json_t *a = tu_ct_json(db.buf, "show 1.1 --format json");
	assert_string_equal(str(a, "anchor"), "11-scope");
	assert_true(json_array_size(json_object_get(a, "requirements")) >= 1);
	assert_string_equal(str(a, "text"), "## 1.1 Scope\n\nThe CA SHALL do X. The CA MAY do Y.\n\n");
	json_decref(a);
	a = tu_ct_json(db.buf, "show '#notes-1' --format json");
	assert_string_equal(str(a, "text"), "# Notes\n\nTwo.\n");
	assert_int_equal(json_array_size(json_object_get(a, "requirements")), 0);
	json_decref(a);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "show 1"), 0);
	assert_true(starts_with(out.buf, "1 Intro (lines 6-9, anchor #1-intro)\n# 1. Intro\n"));
	assert_non_null(strstr(out.buf, "Requirements: none\n"));
	strbuf_reset(&err);
	rc = tu_ct(NULL, &err, db.buf, "show 7.7");
	tu_assert_one_error(rc, &err, "no section '7.7' in TST at worktree");
	strbuf_reset(&err);
	rc = tu_ct(NULL, &err, db.buf, "requirements --section 7");
	tu_assert_one_error(rc, &err, "no section '7' in TST");

	strbuf_release(&args);
	strbuf_release(&md);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions_sbr),
		cmocka_unit_test(test_versions_at_ballot),
		cmocka_unit_test(test_sections_sbr),
		cmocka_unit_test(test_show_sbr),
		cmocka_unit_test(test_show_unknown),
		cmocka_unit_test(test_requirements_filter),
		cmocka_unit_test(test_requirements_bad_keyword),
		cmocka_unit_test(test_markdown_file),
	};
	return cmocka_run_group_tests(tests, group_setup, tu_tmp_teardown);
}
