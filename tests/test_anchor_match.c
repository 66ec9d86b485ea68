/*
 * test_anchor_match.c - the heading a broken anchor meant: the same answers
 * as comparing the anchor with every heading (renumbered first, then the
 * section with that number, then the closest within a third of the
 * anchor's length, the first heading on ties), for short anchors (the trie)
 * and long ones (heading by heading).
 */
#include "testutil.h"

#include "tracker/anchor_match.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const anchors[] = {
	NULL, /* the front matter */
	"1-introduction",
	"11-overview",
	"321-checking-mailboxes",
	"3224-validating-control",
	"4-records",
	"4-recordz", /* the same distance from "4-recordy" as the one before */
	"appendix-a",
};
static const char *const numbers[] = { NULL, "1", "1.1", "3.2.1", "3.2.2.4", "4", NULL, NULL };

static long meant(struct anchor_match *m, const char *want, const char **why)
{
	*why = NULL;
	return anchor_match_meant(m, want, why);
}

static void test_three_questions(void **state)
{
	(void)state;
	struct anchor_match *m = anchor_match_new(anchors, numbers, N(anchors));
	const char *why;
	/* renumbered: the same words under another number */
	assert_int_equal(meant(m, "322-checking-mailboxes", &why), 3);
	assert_string_equal(why, "the same heading under another number");
	/* the section with that number, however far its words are */
	assert_int_equal(meant(m, "3224-something-else-entirely", &why), 4);
	assert_string_equal(why, "the section with that number");
	/* the closest of all, within a third of the length */
	assert_int_equal(meant(m, "appendix-b", &why), 7);
	assert_string_equal(why, "the closest anchor");
	assert_int_equal(meant(m, "introductoin", &why), 1);
	/* a tie goes to the first heading */
	assert_int_equal(meant(m, "x-recordy", &why), 5);
	/* nothing close enough */
	assert_int_equal(meant(m, "zzzzzzzzzzzz", &why), -1);
	assert_int_equal(meant(m, "", &why), -1);
	anchor_match_free(m);
}

/* Anchors longer than the trie takes are compared one by one, with the same answers. */
static void test_long_anchor(void **state)
{
	(void)state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, want = STRBUF_INIT;
	for (int i = 0; i < 200; i++) {
		strbuf_addstr(&a, "abc-");
		strbuf_addstr(&b, "xyz-");
	}
	const char *const as[] = { a.buf, b.buf, "short" };
	const char *const ns[] = { NULL, NULL, NULL };
	struct anchor_match *m = anchor_match_new(as, ns, 3);
	strbuf_addstr(&want, a.buf);
	want.buf[10] = 'q';
	strbuf_addstr(&want, "tail");
	const char *why;
	assert_int_equal(meant(m, want.buf, &why), 0);
	assert_string_equal(why, "the closest anchor");
	strbuf_reset(&want);
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&want, "q");
	assert_int_equal(meant(m, want.buf, &why), -1);
	anchor_match_free(m);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&want);
}

/* Many headings: each broken anchor still finds its near miss. */
static void test_many_headings(void **state)
{
	(void)state;
	enum { COUNT = 5000 };
	char **as = calloc(COUNT, sizeof(*as)), **ns = calloc(COUNT, sizeof(*ns));
	for (int i = 0; i < COUNT; i++) {
		as[i] = malloc(48);
		ns[i] = malloc(16);
		snprintf(ns[i], 16, "%d.%d", i / 100 + 1, i % 100 + 1);
		snprintf(as[i], 48, "%d%d-heading-number-%d", i / 100 + 1, i % 100 + 1, i);
	}
	struct anchor_match *m = anchor_match_new((const char *const *)as, (const char *const *)ns, COUNT);
	const char *why;
	/* a typo in the words and no such number: the closest anchor */
	assert_int_equal(meant(m, "99999-heading-numbr-4321", &why), 4321);
	assert_string_equal(why, "the closest anchor");
	anchor_match_free(m);
	for (int i = 0; i < COUNT; i++) {
		free(as[i]);
		free(ns[i]);
	}
	free(as);
	free(ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_questions),
		cmocka_unit_test(test_long_anchor),
		cmocka_unit_test(test_many_headings),
	};
	return cmocka_run_group_tests_name("anchor_match", tests, NULL, NULL);
}
