/* test_strbuf.c - the growing buffer keeps its NUL and its contents. */
#include "testutil.h"

static void test_add_and_format(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "SMC");
	strbuf_addf(&sb, "%02d", 5);
	strbuf_addch(&sb, ' ');
	assert_string_equal(sb.buf, "SMC05 ");
	strbuf_rtrim(&sb);
	assert_int_equal(sb.len, 5);
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 10005);
	assert_int_equal(sb.buf[sb.len], '\0');
	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "SMC");
	size_t len;
	char *p = strbuf_detach(&sb, &len);
	assert_int_equal(len, 3);
	assert_string_equal(p, "SMC");
	assert_string_equal(sb.buf, "");
	free(p);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_format),
	};
	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
