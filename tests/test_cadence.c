/*
 * test_cadence.c - meeting cadences as the project file states them
 * (meetings_cadence_parse): every weekly form reads with the right weekday
 * and weeks apart, and a cadence cabtrack cannot follow is refused naming
 * the word, never turned silently into a weekly one.  Needs no corpus.
 */
#include "testutil.h"

#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/meetings.h"

static void reads(const char *text, int weekday, int weeks, const char *time, const char *tz)
{
	struct meetings_cadence c;
	struct ct_date today = { 2023, 11, 20 };
	if (meetings_cadence_parse(&c, text, NULL, NULL, NULL, NULL, today) < 0)
		fail_msg("'%s' was refused: %s", text, ct_error_last());
	if (c.weekday != weekday || c.weeks != weeks || strcmp(c.time, time) || strcmp(c.tz, tz))
		fail_msg("'%s': weekday %d weeks %d time '%s' tz '%s'", text, c.weekday, c.weeks, c.time, c.tz);
}

static void refused(const char *text, const char *word)
{
	struct meetings_cadence c;
	struct ct_date today = { 2023, 11, 20 };
	ct_error_clear();
	if (meetings_cadence_parse(&c, text, NULL, NULL, NULL, NULL, today) == 0)
		fail_msg("'%s' was read as every %d weeks on day %d", text, c.weeks, c.weekday);
	const char *msg = ct_error_last();
	assert_non_null(msg);
	if (!strstr(msg, word))
		fail_msg("'%s': the error does not name '%s': %s", text, word, msg);
}

static void test_weekly_forms(void **state)
{
	(void)state;
	reads("every Wednesday", 2, 1, "", "");
	reads("every other Wednesday", 2, 2, "", "");
	reads("Every second wednesday", 2, 2, "", "");
	reads("every 3 weeks on Tuesday", 1, 3, "", "");
	reads("every third Thursday", 3, 3, "", "");
	reads("biweekly on Thursday", 3, 2, "", "");
	reads("fortnightly, Fridays", 4, 2, "", "");
	reads("weekly on Monday", 0, 1, "", "");
	reads("Wednesdays, every 2 weeks at 11:00 America/New_York", 2, 2, "11:00", "America/New_York");
	reads("every other Wednesday 16:00 UTC", 2, 2, "16:00", "UTC");
}

static void test_refused(void **state)
{
	(void)state;
	refused("first Wednesday of the month", "'first' is not understood");
	refused("every Wednesday of the month", "'of' is not understood");
	refused("last Friday", "'last' is not understood");
	refused("Wednesday", "say how often");
	refused("every other week", "name a weekday");
	refused("every Monday, Thursday", "name one weekday");
	refused("every Monday and Thursday", "'and' is not understood");
	refused("every 60 weeks on Monday", "'60' is not understood");
	refused("every other Wednesday at 11:00 Mars/Olympus", "Mars/Olympus");
}

/* The date of the cadence's first call on or after `from`, with `recorded` meetings. */
static void next_call(const char *anchor, const struct ct_meeting_list *recorded, struct ct_date from, const char *want)
{
	struct meetings_cadence c;
	struct ct_date today = { 2023, 11, 20 };
	assert_int_equal(meetings_cadence_parse(&c, "every other Wednesday", "11:00", "America/New_York", anchor, recorded,
						today), 0);
	struct ct_meeting_list next = CT_MEETING_LIST_INIT;
	meetings_cadence_next(&next, &c, from, 1, recorded);
	assert_int_equal(next.n, 1);
	const char *got = next.items[0].date;
	if (strcmp(got, want))
		fail_msg("anchor %s: next call %s, want %s", anchor ? anchor : "(none)", got, want);
	ct_meeting_list_release(&next);
}

/* Issue 15: a call held off the cadence moves the calls after it. */
static void test_reanchor(void **state)
{
	(void)state;
	struct ct_date nov16 = { 2023, 11, 16 }, dec1 = { 2023, 12, 1 }, dec7 = { 2023, 12, 7 };
	struct ct_meeting_list none = CT_MEETING_LIST_INIT;
	next_call("2023-11-15", &none, nov16, "2023-11-29");
	/* After 2023-11-15 the S/MIME WG met three weeks later, on 2023-12-06: the next is 2023-12-20, not 12-13. */
	struct ct_meeting late_items[] = { { .date = "2023-11-15" }, { .date = "2023-12-06" } };
	struct ct_meeting_list late = { late_items, 2 };
	next_call("2023-11-15", &late, dec7, "2023-12-20");
	next_call(NULL, &late, dec7, "2023-12-20");
	/* Held on the Thursday of a cadence week: the cadence keeps its phase. */
	struct ct_meeting thu_items[] = { { .date = "2023-11-15" }, { .date = "2023-11-30" } };
	struct ct_meeting_list thu = { thu_items, 2 };
	next_call("2023-11-15", &thu, dec1, "2023-12-13");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekly_forms),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reanchor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
