/*
 * test_when_base.c - the date and time module of the base floor
 * (tracker/base/when.c) as it is: parsing every form when_parse takes
 * (dates, times, offsets, UTC, IANA zones, a default zone, summer and
 * winter time), refusing what it must (impossible days, bad offsets,
 * unknown zones, years out of range) with one message naming the input
 * (its wording is test_when.c's), the stored ISO form and its round
 * trip, and the formats.  No database, no corpus.  (New date forms are
 * tested in test_when.c.)
 */
#include "testutil.h"

#include "tracker/base/error.h"
#include "tracker/base/when.h"

static int64_t parse(const char *s, const char *tz)
{
	int64_t t = 0;
	ct_error_clear();
	int rc = when_parse(&t, s, tz);
	if (rc < 0)
		fprintf(stderr, "when_parse '%s': %s\n", s, ct_error_last());
	assert_int_equal(rc, 0);
	return t;
}

/* when_parse refuses `s` with a message naming it (and holding `needle`). */
static void refused(const char *s, const char *tz, const char *needle)
{
	int64_t t = 42;
	ct_error_clear();
	assert_int_equal(when_parse(&t, s, tz), CT_EINVALID);
	assert_int_equal(t, 42);
	assert_non_null(ct_error_last());
	if (needle && !strstr(ct_error_last(), needle))
		fprintf(stderr, "'%s': %s\n", s, ct_error_last());
	if (needle)
		assert_non_null(strstr(ct_error_last(), needle));
}

static void test_forms(void **state)
{
	(void)state;
	/* 2023-12-08T17:00:00Z is 1702054800 */
	assert_int_equal(parse("2023-12-08", NULL), 1702054800 - 17 * 3600);
	assert_int_equal(parse("2023-12-08 17:00", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08T17:00", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08T17:00:00Z", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08 17:00 UTC", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08 17:00 GMT", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08 17:00:30", NULL), 1702054830);
	assert_int_equal(parse("2023-12-08 18:00 +01:00", NULL), 1702054800);
	assert_int_equal(parse("2023-12-08 12:30 -04:30", NULL), 1702054800);
	/* a zone by name: winter (EST, -5) and summer (EDT, -4) */
	assert_int_equal(parse("2023-12-08 12:00 America/New_York", NULL), 1702054800);
	assert_int_equal(parse("2023-07-08 12:00 America/New_York", NULL), parse("2023-07-08 16:00", NULL));
	/* the default zone applies only when none is written */
	assert_int_equal(parse("2023-12-08 12:00", "America/New_York"), 1702054800);
	assert_int_equal(parse("2023-12-08 17:00 Z", "America/New_York"), 1702054800);
	assert_int_equal(parse("2023-12-08 17:00", "UTC"), 1702054800);
	/* leap day, and the range's ends */
	assert_int_equal(parse("2024-02-29", NULL), parse("2024-03-01", NULL) - 86400);
	assert_int_equal(parse("1000-01-01", NULL), WHEN_MIN);
	assert_int_equal(parse("9999-12-31 23:59:59", NULL), WHEN_MAX);
}

static void test_refused(void **state)
{
	(void)state;
	refused("2023-02-30", NULL, "'2023-02-30'");
	refused("2023-02-29", NULL, "'2023-02-29'");
	refused("2023-13-01", NULL, "'2023-13-01'");
	refused("2023-12-08 24:00", NULL, "'2023-12-08 24:00'");
	refused("2023-12-08 17:60", NULL, NULL);
	refused("23-12-08", NULL, "'23-12-08'");
	refused("2023-12-08 17:00 +15:00", NULL, NULL);
	refused("2023-12-08 17:00 +1", NULL, NULL);
	refused("2023-12-08 17:00 Mars/Olympus", NULL, "Mars/Olympus");
	refused("2023-12-08", "Mars/Olympus", "Mars/Olympus");
	refused("0999-12-31", NULL, "outside the years 1000 to 9999");
	refused("", NULL, "''");
	/* one line, however hostile the input */
	refused("2023-12-08 17:00 \x1b[31mred", NULL, "\\x1b");
	assert_null(strchr(ct_error_last(), '\n'));
}

static void test_zones(void **state)
{
	(void)state;
	assert_int_equal(when_check_zone("UTC"), 0);
	assert_int_equal(when_check_zone("Europe/Berlin"), 0);
	ct_error_clear();
	assert_int_equal(when_check_zone("America"), CT_EINVALID); /* a folder */
	ct_error_clear();
	assert_int_equal(when_check_zone("leapseconds"), CT_EINVALID); /* a data file */
	ct_error_clear();
	assert_int_equal(when_check_zone("../../etc/passwd"), CT_EINVALID);
	ct_error_clear();
	assert_int_equal(when_check_range(WHEN_MIN), 0);
	assert_int_equal(when_check_range(WHEN_MAX), 0);
	assert_int_equal(when_check_range(WHEN_MIN - 1), CT_EINVALID);
	assert_int_equal(when_check_range(WHEN_MAX + 1), CT_EINVALID);
}

static void test_iso_and_formats(void **state)
{
	(void)state;
	int64_t t = 0;
	struct strbuf sb = STRBUF_INIT;
	when_format_iso(&sb, 1702054800);
	assert_string_equal(sb.buf, "2023-12-08T17:00:00Z");
	/* the stored form reads back to the same second */
	assert_int_equal(when_parse_iso(&t, sb.buf), 0);
	assert_int_equal(t, 1702054800);
	ct_error_clear();
	assert_int_equal(when_parse_iso(&t, "2023-12-08 17:00:00Z"), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "invalid stored time"));
	assert_int_equal(when_parse_iso(&t, "2023-12-08T17:00:00"), CT_EINVALID);
	assert_int_equal(when_parse_iso(&t, "2023-12-08T17:00Z"), CT_EINVALID);
	assert_int_equal(when_parse_iso(&t, NULL), CT_EINVALID);
	ct_error_clear();

	char day[11];
	when_day(day, 1702054800);
	assert_string_equal(day, "2023-12-08");
	when_day(day, 1702079999); /* 23:59:59 UTC is still that day */
	assert_string_equal(day, "2023-12-08");
	strbuf_reset(&sb);
	when_format_utc(&sb, 1702054800);
	assert_string_equal(sb.buf, "2023-12-08 17:00 UTC");
	strbuf_reset(&sb);
	when_format_zone(&sb, 1702054800, "America/New_York");
	assert_string_equal(sb.buf, "2023-12-08 12:00 EST");
	strbuf_reset(&sb);
	when_format_zone(&sb, parse("2023-07-08 16:00", NULL), "America/New_York");
	assert_string_equal(sb.buf, "2023-07-08 12:00 EDT");
	/* no zone, or one that is not: UTC, and no error left behind */
	strbuf_reset(&sb);
	when_format_zone(&sb, 1702054800, NULL);
	assert_string_equal(sb.buf, "2023-12-08 17:00 UTC");
	strbuf_reset(&sb);
	when_format_zone(&sb, 1702054800, "Mars/Olympus");
	assert_string_equal(sb.buf, "2023-12-08 17:00 UTC");
	assert_null(ct_error_last());
	/* formatting in a zone leaves the process's zone as it was */
	strbuf_reset(&sb);
	when_format_zone(&sb, 1702054800, "Asia/Tokyo");
	assert_string_equal(sb.buf, "2023-12-09 02:00 JST");
	assert_int_equal(parse("2023-12-08 17:00", NULL), 1702054800);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_iso_and_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
