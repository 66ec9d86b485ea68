/*
 * test_when.c - the one grammar of days and times a person types
 * (tracker/base/when.h): every form the options take, the refusals and
 * their hints, zone abbreviations and the zone check.
 */
#include "testutil.h"

#include "tracker/base/error.h"
#include "tracker/base/when.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* 2025-01-31 as a day count, a month end so that offsets clamp. */
static long today(void)
{
	long d;
	assert_int_equal(when_parse_day(&d, "2025-01-31", 0), 0);
	return d;
}

static void test_days(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "2023-12-06", "2023-12-06" },
		{ "  2023-12-06 ", "2023-12-06" },
		{ "2023/12/06", "2023-12-06" },
		{ "2023-1-6", "2023-01-06" },
		{ "Dec 6, 2023", "2023-12-06" },
		{ "dec 6 2023", "2023-12-06" },
		{ "Dec. 6, 2023", "2023-12-06" },
		{ "December 6, 2023", "2023-12-06" },
		{ "Sept 6 2023", "2023-09-06" },
		{ "March 1st, 2024", "2024-03-01" },
		{ "6 December 2023", "2023-12-06" },
		{ "6 Dec, 2023", "2023-12-06" },
		{ "6-Dec-2023", "2023-12-06" },
		{ "29 February 2024", "2024-02-29" },
		{ "today", "2025-01-31" },
		{ "Today", "2025-01-31" },
		{ "yesterday", "2025-01-30" },
		{ "tomorrow", "2025-02-01" },
		{ "+6m", "2025-07-31" },
		{ "+1m", "2025-02-28" },
		{ "-3m", "2024-10-31" },
		{ "-2w", "2025-01-17" },
		{ "+10d", "2025-02-10" },
		{ "+1y", "2026-01-31" },
		{ "18m", "2026-07-31" },
		{ "+6 months", "2025-07-31" },
		{ "-1 year", "2024-01-31" },
		{ "+3 Weeks", "2025-02-21" },
		{ "+0d", "2025-01-31" },
	};
	long t = today();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		long d = 0;
		char got[11];
		if (when_parse_day(&d, cases[i].in, t) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		when_day_format(got, d);
		if (strcmp(got, cases[i].want))
			fail_msg("'%s' read as %s, not %s", cases[i].in, got, cases[i].want);
	}
}

static void test_bad_days(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", " ", "2024", "+", "-", "+m", "18", "+18", "+18x", "++18m", "+1234567d", "2024-02-30", "now",
		"-3m ago", "+1.5m", "+18m+2d", "m18", "Dec 2023", "Dec 32, 2023", "6 Decembre 2023", "2023-12-06x",
		"0999-12-31", "31 June 2024", "2023-12-06 11:00",
	};
	long t = today();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		long d = 7;
		ct_error_clear();
		if (when_parse_day(&d, bad[i], t) != CT_EINVALID)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(ct_error_last(), bad[i]));
		assert_int_equal(d, 7);
	}
	long d;
	assert_int_equal(when_parse_day(&d, NULL, t), CT_EINVALID);
	/* Offsets must land in the years 1000..9999. */
	long late;
	assert_int_equal(when_parse_day(&late, "9999-06-01", 0), 0);
	assert_int_equal(when_parse_day(&d, "+1y", late), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "outside the years"));
	assert_int_equal(when_parse_day(&d, "+999999y", t), CT_EINVALID);
	assert_int_equal(when_parse_day(&d, "-999999y", t), CT_EINVALID);
}

/* Month-first or day-first: refused with the same hint, naming the readings. */
static void test_ambiguous(void **state)
{
	(void)state;
	long d, t = today();
	assert_int_equal(when_parse_day(&d, "12/06/2023", t), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'12/06/2023' is ambiguous (month first or day first?); write the day as "
					     "YYYY-MM-DD: 2023-12-06 or 2023-06-12");
	assert_int_equal(when_parse_day(&d, "13/06/2023", t), CT_EINVALID);
	assert_string_equal(ct_error_last(), "'13/06/2023' is ambiguous (month first or day first?); write the day as "
					     "YYYY-MM-DD: 2023-06-13");
	assert_int_equal(when_parse_day(&d, "06.12.2023", t), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "ambiguous"));
	int64_t when;
	assert_int_equal(when_parse_at(&when, NULL, "12/06/2023 11:00", NULL, t), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "ambiguous (month first or day first?); write the day as YYYY-MM-DD"));
}

static void test_clock(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int minutes;
	} cases[] = {
		{ "11:00", 660 }, { "9:30", 570 }, { "23:05", 1385 }, { "00:00", 0 }, { "11am", 660 }, { "11 am", 660 },
		{ "11AM", 660 }, { "11 a.m.", 660 }, { "11:00 a.m.", 660 }, { "11:30 p.m.", 1410 }, { "12am", 0 },
		{ "12pm", 720 }, { "3pm", 900 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int m = -1;
		if (when_parse_clock(&m, cases[i].in) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		if (m != cases[i].minutes)
			fail_msg("'%s' read as %d minutes, not %d", cases[i].in, m, cases[i].minutes);
	}
	static const char *const bad[] = { "11", "24:00", "11:60", "13pm", "0am", "11:0", "11 amx", "noon", "", "1100" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int m;
		if (when_parse_clock(&m, bad[i]) != CT_EINVALID)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(ct_error_last(), "is not a time of day"));
	}
}

static void test_times(void **state)
{
	(void)state;
	static const struct {
		const char *in, *tz, *want;
	} cases[] = {
		{ "2023-12-06", NULL, "2023-12-06T00:00:00Z" },
		{ "2023-12-06 11:00", NULL, "2023-12-06T11:00:00Z" },
		{ "2023-12-06T11:00:30Z", NULL, "2023-12-06T11:00:30Z" },
		{ "2023-12-06T11:00+01:00", NULL, "2023-12-06T10:00:00Z" },
		{ "2023-12-06 11:00 -0500", NULL, "2023-12-06T16:00:00Z" },
		{ "2023-12-06 11:00 UTC", "America/New_York", "2023-12-06T11:00:00Z" },
		{ "2023-12-06 11:00", "America/New_York", "2023-12-06T16:00:00Z" },
		{ "2023-12-06", "America/New_York", "2023-12-06T05:00:00Z" },
		{ "2023-12-06 11:00 America/New_York", NULL, "2023-12-06T16:00:00Z" },
		{ "2023-07-06 11:00 America/New_York", NULL, "2023-07-06T15:00:00Z" },
		{ "Dec 6, 2023 11am", NULL, "2023-12-06T11:00:00Z" },
		{ "Dec 6, 2023, 11:00 a.m. America/New_York", NULL, "2023-12-06T16:00:00Z" },
		{ "6 December 2023 at 3pm Europe/Berlin", NULL, "2023-12-06T14:00:00Z" },
		{ "2023/12/06 11:00 EST", NULL, "2023-12-06T16:00:00Z" },
		{ "2023-07-06 11:00 ET", NULL, "2023-07-06T15:00:00Z" },
		{ "2023-12-06 11:00 cet", NULL, "2023-12-06T10:00:00Z" },
		{ "+2w", NULL, "2025-02-14T00:00:00Z" },
		{ "+1d 17:00 Z", NULL, "2025-02-01T17:00:00Z" },
		{ "tomorrow 9:30", "Europe/Berlin", "2025-02-01T08:30:00Z" },
		{ "1000-01-01T00:00:00Z", NULL, "1000-01-01T00:00:00Z" },
		{ "9999-12-31T23:59:59Z", NULL, "9999-12-31T23:59:59Z" },
	};
	long t = today();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t when = 0;
		if (when_parse_at(&when, NULL, cases[i].in, cases[i].tz, t) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		struct strbuf iso = STRBUF_INIT;
		when_format_iso(&iso, when);
		if (strcmp(iso.buf, cases[i].want))
			fail_msg("'%s' read as %s, not %s", cases[i].in, iso.buf, cases[i].want);
		strbuf_release(&iso);
	}
	static const char *const bad[] = {
		"2023-12-06 11", "2023-12-06 25:00", "2023-12-06 11:00 Mars/Olympus", "2023-12-06 11:00 IST",
		"2023-12-06 11:00 +15:00", "2023-12-06 11:00 America", "9999-12-31 23:00 -05:00", "0999-12-31",
		"2023-12-06 11:00 ../etc", "Dec 6 11:00",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int64_t when = 7;
		ct_error_clear();
		if (when_parse_at(&when, NULL, bad[i], NULL, t) != CT_EINVALID)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(ct_error_last());
		assert_int_equal(when, 7);
	}
}

static void test_zones(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
		int alias;
	} cases[] = {
		{ "EST", "America/New_York", 1 }, { "EDT", "America/New_York", 1 }, { "ET", "America/New_York", 1 },
		{ "PST", "America/Los_Angeles", 1 }, { "PT", "America/Los_Angeles", 1 }, { "CET", "Europe/Berlin", 1 },
		{ "CEST", "Europe/Berlin", 1 }, { "CST", "America/Chicago", 1 }, { "UTC", "UTC", 0 }, { "GMT", "UTC", 0 },
		{ "Z", "UTC", 0 }, { "Europe/Berlin", "Europe/Berlin", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *z = NULL, *alias = "x";
		if (when_zone_resolve(&z, &alias, cases[i].in) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		assert_string_equal(z, cases[i].want);
		if (cases[i].alias)
			assert_string_equal(alias, cases[i].in);
		else
			assert_null(alias);
	}
	const char *z;
	assert_int_equal(when_zone_resolve(&z, NULL, "IST"), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "'IST' is a zone abbreviation cabtrack does not place"));
	assert_int_equal(when_zone_resolve(&z, NULL, "America"), CT_EINVALID);
	assert_int_equal(when_zone_resolve(&z, NULL, "Nowhere/City"), CT_EINVALID);
	/* An abbreviation inside a time is reported. */
	int64_t when;
	const char *alias = NULL;
	assert_int_equal(when_parse_at(&when, &alias, "2023-12-06 11:00 PDT", NULL, today()), 0);
	assert_string_equal(alias, "PDT");
	assert_int_equal(when_parse_at(&when, &alias, "2023-12-06 11:00 UTC", NULL, today()), 0);
	assert_null(alias);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),	 cmocka_unit_test(test_bad_days), cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_clock),	 cmocka_unit_test(test_times),	  cmocka_unit_test(test_zones),
	};
	return cmocka_run_group_tests_name("when", tests, NULL, NULL);
}
