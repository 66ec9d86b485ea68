/*
 * test_mdsplit.c - heading anchors as GitHub makes them (anchor_slug_text):
 * ASCII and non-ASCII punctuation and symbols dropped, letters of any
 * script kept, spaces as hyphens.
 */
#include "testutil.h"

#include "importers/anchor.h"

static void check(const char *heading, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	anchor_slug_text(&sb, heading, strlen(heading));
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_anchors(void **state)
{
	(void)state;
	check("4.2.2.1 CAA records", "4221-caa-records");
	check("Appendix B \xe2\x80\x93 Issuance of Certificates for Onion Domain Names",
	      "appendix-b--issuance-of-certificates-for-onion-domain-names");          /* en dash */
	check("Appendix A - Registration schemes", "appendix-a---registration-schemes"); /* ASCII hyphen kept */
	check("Don\xe2\x80\x99t \xc2\xa7 1.2", "dont--12");                              /* curly apostrophe, section sign */
	check("Gr\xc3\xb6\xc3\x9f" "e & Ma\xc3\x9f", "gr\xc3\xb6\xc3\x9f" "e--ma\xc3\x9f"); /* letters kept */
	check("Party \xf0\x9f\x8e\x89 time", "party--time");                            /* emoji dropped */
	check("snake_case (v2)", "snake_case-v2");
	check("cut \xe2\x80", "cut-");                                                  /* a sequence cut short */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
