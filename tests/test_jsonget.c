/*
 * test_jsonget.c - the two meanings of a missing string field, each under
 * its own name (tracker/base/jsonget.h).
 */
#include "testutil.h"

#include "tracker/base/jsonget.h"

static void test_both_meanings(void **state)
{
	(void)state;
	json_t *o = json_pack("{s:s, s:n, s:i}", "title", "CAA", "none", "number", 7);
	assert_string_equal(jsonget_str(o, "title"), "CAA");
	assert_string_equal(jsonget_text(o, "title"), "CAA");
	/* absent, null, not a string, not an object: NULL for one, "" for the other */
	const char *keys[] = { "missing", "none", "number" };
	for (size_t i = 0; i < 3; i++) {
		assert_null(jsonget_str(o, keys[i]));
		assert_string_equal(jsonget_text(o, keys[i]), "");
	}
	assert_null(jsonget_str(NULL, "title"));
	assert_string_equal(jsonget_text(json_array_get(o, 0), "title"), "");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_meanings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
