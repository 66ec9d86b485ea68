/*
 * test_engine_diff.c - diff_versions called directly (no command, no
 * corpus) on two versions the test commits: sections added, removed,
 * modified, moved and changed only in white space; requirements added,
 * removed and modified with the keyword's strength; dates added and
 * moved; the summary counts agreeing with the lists; the redline and
 * section options; and the helpers diff_keyword_strength,
 * diff_text_similarity and diff_predecessor.
 */
#include "testutil.h"

#include "engine_fixture.h"
#include "tracker/diff.h"

static const char base_doc[] =
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\nThe CA MAY publish a list.\n\n"
	"## 1.2 Old part\n\nThe CA SHALL keep old records.\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nEffective 2024-03-01 the CA SHALL log every issuance decision.\n\n"
	"## 4.2 Keys\n\nThe CA SHOULD rotate keys every year and keep the old ones safe.\n\n"
	"## 4.3 Spacing\n\nThe CA SHALL keep   the   spaces.\n\n## 4.9 End\n\nThe end.\n";

static const char head_doc[] =
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\nThe CA MUST publish a list.\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nEffective 2024-06-01 the CA SHALL log every issuance decision.\n\n"
	"## 4.3 Spacing\n\nThe CA SHALL keep the spaces.\n\n"
	"## 4.4 Keys\n\nThe CA SHOULD rotate keys every year and keep the old ones safe.\n\n"
	"## 4.5 CAA\n\nEffective 2025-01-01 the CA MUST check CAA records.\n\n## 4.9 End\n\nThe end.\n";

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	fx_commit(&fx, "TST.md", base_doc, "base", NULL);
	fx_git(&fx, "tag base");
	fx_commit(&fx, "TST.md", head_doc, "head", NULL);
	fx_import(&fx, "TST.md");
	return 0;
}

static json_t *diff(const char *from, const char *to, int redline, const char *section)
{
	struct query_at a = fx_at(&fx, from), b = fx_at(&fx, to);
	struct diff_options opts = DIFF_OPTIONS_INIT;
	opts.redline = redline;
	opts.section = section;
	json_t *out = NULL;
	assert_int_equal(diff_versions(&out, fx.db, fx.doc.id, a.version_id, b.version_id, &opts), 0);
	assert_non_null(out);
	return out;
}

/* The entry of `list` whose `key` is `value` (NULL when none). */
static json_t *entry(json_t *list, const char *key, const char *value)
{
	json_t *x;
	size_t i;
	json_array_foreach(list, i, x)
		if (!strcmp(s(x, key), value))
			return x;
	return NULL;
}

static void test_sections(void **state)
{
	(void)state;
	json_t *d = diff("base", "main", 1, NULL), *secs = json_object_get(d, "sections");
	json_t *removed = entry(secs, "number", "1.2"), *added = entry(secs, "number", "4.5");
	json_t *moved = entry(secs, "number", "4.4"), *mod = entry(secs, "number", "1.1"), *ws = entry(secs, "number", "4.3");
	if (!removed || !added || !moved || !mod || !ws)
		fprintf(stderr, "%s\n", json_dumps(secs, JSON_INDENT(1)));
	assert_non_null(removed);
	assert_string_equal(s(removed, "change"), "removed");
	assert_non_null(added);
	assert_string_equal(s(added, "change"), "added");
	assert_string_equal(s(added, "title"), "CAA");
	/* 4.2 Keys, word for word, is now 4.4 */
	assert_non_null(moved);
	assert_string_equal(s(moved, "change"), "moved");
	assert_string_equal(s(moved, "old_number"), "4.2");
	/* MAY -> MUST: a word out, a word in, and a redline showing both */
	assert_string_equal(s(mod, "change"), "modified");
	assert_int_equal(json_integer_value(json_object_get(mod, "words_added")), 1);
	assert_int_equal(json_integer_value(json_object_get(mod, "words_removed")), 1);
	assert_non_null(json_object_get(mod, "redline"));
	/* only runs of blanks differ */
	if (!json_is_true(json_object_get(ws, "whitespace_only")))
		fprintf(stderr, "%s\n", json_dumps(ws, JSON_INDENT(1)));
	assert_true(json_is_true(json_object_get(ws, "whitespace_only")));
	/* unchanged sections are not listed */
	assert_null(entry(secs, "number", "4.9"));
	assert_string_equal(s(entry(secs, "number", "4.1"), "change"), "modified");
	json_decref(d);

	/* no redline when not asked for; a section filter keeps that section and its subsections only */
	d = diff("base", "main", 0, "1");
	secs = json_object_get(d, "sections");
	json_t *x;
	size_t i;
	json_array_foreach(secs, i, x) {
		assert_null(json_object_get(x, "redline"));
		assert_true(!strncmp(s(x, "number"), "1", 1) && (s(x, "number")[1] == '\0' || s(x, "number")[1] == '.'));
	}
	assert_non_null(entry(secs, "number", "1.1"));
	assert_null(entry(secs, "number", "4.5"));
	json_decref(d);

	/* a version against itself: nothing */
	d = diff("main", "main", 1, NULL);
	assert_int_equal(json_array_size(json_object_get(d, "sections")), 0);
	assert_int_equal(json_array_size(json_object_get(d, "requirements")), 0);
	assert_int_equal(json_array_size(json_object_get(d, "dates")), 0);
	json_decref(d);
}

static void test_requirements(void **state)
{
	(void)state;
	json_t *d = diff("base", "main", 0, NULL), *reqs = json_object_get(d, "requirements");
	json_t *strengthened = entry(reqs, "section", "1.1");
	if (!strengthened)
		fprintf(stderr, "%s\n", json_dumps(reqs, JSON_INDENT(1)));
	assert_non_null(strengthened);
	assert_string_equal(s(strengthened, "change"), "modified");
	assert_string_equal(s(strengthened, "keyword"), "MUST");
	assert_string_equal(s(strengthened, "old_keyword"), "MAY");
	assert_string_equal(s(strengthened, "strength"), "strengthened");
	json_t *removed = entry(reqs, "section", "1.2"), *added = entry(reqs, "section", "4.5");
	assert_non_null(removed);
	assert_string_equal(s(removed, "change"), "removed");
	assert_non_null(added);
	assert_string_equal(s(added, "change"), "added");
	assert_string_equal(s(added, "keyword"), "MUST");
	/* the other way round: weakened, and added and removed swap */
	json_decref(d);
	d = diff("main", "base", 0, NULL);
	reqs = json_object_get(d, "requirements");
	assert_string_equal(s(entry(reqs, "section", "1.1"), "strength"), "weakened");
	assert_string_equal(s(entry(reqs, "section", "1.2"), "change"), "added");
	assert_string_equal(s(entry(reqs, "section", "4.5"), "change"), "removed");
	json_decref(d);
}

static void test_dates_and_summary(void **state)
{
	(void)state;
	json_t *d = diff("base", "main", 0, NULL), *dates = json_object_get(d, "dates");
	json_t *moved = entry(dates, "date", "2024-06-01"), *added = entry(dates, "date", "2025-01-01");
	if (!moved || !added)
		fprintf(stderr, "%s\n", json_dumps(dates, JSON_INDENT(1)));
	assert_non_null(moved);
	assert_string_equal(s(moved, "change"), "moved");
	assert_string_equal(s(moved, "old_date"), "2024-03-01");
	assert_non_null(added);
	assert_string_equal(s(added, "change"), "added");
	assert_string_equal(s(added, "section"), "4.5");
	/* the summary counts what the lists hold */
	json_t *sum = json_object_get(d, "summary");
	const char *lists[] = { "sections", "requirements", "dates" };
	for (size_t l = 0; l < 3; l++) {
		json_t *x;
		size_t i;
		json_array_foreach(json_object_get(d, lists[l]), i, x) {
			char key[64];
			snprintf(key, sizeof(key), "%s_%s", lists[l], s(x, "change"));
			assert_non_null(json_object_get(sum, key));
		}
	}
	assert_int_equal(json_integer_value(json_object_get(sum, "sections_added")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "sections_removed")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "dates_added")), 1);
	json_decref(d);
}

static void test_helpers(void **state)
{
	(void)state;
	assert_int_equal(diff_keyword_strength("MAY"), 1);
	assert_int_equal(diff_keyword_strength("OPTIONAL"), 1);
	assert_int_equal(diff_keyword_strength("SHOULD"), 2);
	assert_int_equal(diff_keyword_strength("SHOULD NOT"), 2);
	assert_int_equal(diff_keyword_strength("SHALL"), 3);
	assert_int_equal(diff_keyword_strength("MUST NOT"), 3);
	assert_int_equal(diff_keyword_strength("WILL"), 0);
	assert_true(diff_text_similarity("The CA SHALL log it", "The CA SHALL log it.") > 0.99);
	/* words are compared as written (diff.h) */
	assert_true(diff_text_similarity("The CA SHALL log it", "the ca shall LOG it") < 0.5);
	assert_true(diff_text_similarity("alpha beta", "gamma delta") < 0.01);
	double half = diff_text_similarity("a b c d", "a b x y");
	assert_true(half > 0.4 && half < 0.6);
	/* the same text with another keyword, wherever it is; else the most alike in the same section */
	struct ct_requirement c[2] = {
		{ .id = "a", .section = "4.1", .keyword = "MAY", .text = "The CA MAY log every issuance decision." },
		{ .id = "b", .section = "4.2", .keyword = "SHALL", .text = "The CA SHALL rotate keys." },
	};
	struct ct_requirement_list cands = { c, 2 };
	struct ct_requirement req = { .id = "c", .section = "7.7", .keyword = "MUST",
				      .text = "The CA MUST log every issuance decision." };
	const struct ct_requirement *p = diff_predecessor(&cands, &req);
	assert_ptr_equal(p, &c[0]);
	struct ct_requirement near = { .id = "d", .section = "4.2", .keyword = "SHALL", .text = "The CA SHALL rotate keys yearly." };
	assert_ptr_equal(diff_predecessor(&cands, &near), &c[1]);
	near.section = "4.3";
	assert_null(diff_predecessor(&cands, &near));
	struct ct_requirement unrelated = { .id = "e", .section = "4.2", .keyword = "MUST", .text = "Nothing alike here." };
	assert_null(diff_predecessor(&cands, &unrelated));
	/* a requirement is not its own predecessor */
	struct ct_requirement same = c[1];
	assert_null(diff_predecessor(&cands, &same));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_requirements),
		cmocka_unit_test(test_dates_and_summary),
		cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
