/*
 * test_bylaws.c - the Bylaws' arithmetic (tracker/bylaws.c) against the
 * rules in reference/cabf-ballot-process.md and ballots the Forum ran:
 * SMC05's discussion and vote, SC-081v3's 30-day review, SMC01v3's 60-day
 * review, business days over weekends, auto-fail, and the pass rule.
 */
#include "testutil.h"

#include <time.h>

#include "tracker/bylaws.h"

/* UTC seconds of "YYYY-MM-DD HH:MM". */
static int64_t at(const char *s)
{
	struct tm tm = { 0 };
	assert_non_null(strptime(s, "%Y-%m-%d %H:%M", &tm));
	return (int64_t)timegm(&tm);
}

static void assert_at(int64_t got, const char *want)
{
	char buf[32];
	time_t t = (time_t)got;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	if (strcmp(buf, want))
		fail_msg("got %s, want %s", buf, want);
}

static void test_periods(void **state)
{
	(void)state;
	struct bylaws_dates d;
	/* SMC05: discussion from 2024-01-03, vote 2024-01-10 to 2024-01-17 */
	bylaws_derive(&d, at("2024-01-03 17:00"), 0, 0, 0, BYLAWS_FINAL_MAINTENANCE_GUIDELINE);
	assert_at(d.earliest_vote_start, "2024-01-10 17:00");
	assert_at(d.auto_fail, "2024-04-02 17:00"); /* 90 days; 2024 is a leap year */
	assert_int_equal(d.vote_end, 0);
	bylaws_derive(&d, at("2024-01-03 17:00"), at("2024-01-10 17:00"), 0, 0, BYLAWS_FINAL_MAINTENANCE_GUIDELINE);
	assert_int_equal(d.auto_fail, 0); /* voting started: no auto-fail */
	assert_at(d.vote_end, "2024-01-17 17:00");
	assert_at(d.result_due, "2024-01-22 17:00");  /* Wed + 3 business days = Mon */
	assert_at(d.notice_due, "2024-01-25 17:00");
	assert_at(d.review_end, "2024-02-24 17:00");  /* notice deadline + 30 days */

	/* SC-081v3: review from 2025-04-13 03:00 UTC to 2025-05-13 03:00 UTC */
	bylaws_derive(&d, 0, 0, 0, at("2025-04-13 03:00"), BYLAWS_FINAL_MAINTENANCE_GUIDELINE);
	assert_at(d.review_end, "2025-05-13 03:00");
	/* SMC01v3, a Final Guideline: 60 days, ending 2023-01-01 23:59 UTC */
	bylaws_derive(&d, 0, 0, 0, at("2022-11-02 23:59"), BYLAWS_FINAL_GUIDELINE);
	assert_at(d.review_end, "2023-01-01 23:59");
	/* a recorded result moves the notice deadline */
	bylaws_derive(&d, 0, at("2024-01-10 17:00"), at("2024-01-18 12:00"), 0, BYLAWS_FINAL_GUIDELINE);
	assert_at(d.notice_due, "2024-01-23 12:00");
	assert_at(d.review_end, "2024-03-23 12:00");
}

static void test_business_days(void **state)
{
	(void)state;
	assert_at(bylaws_add_business_days(at("2024-01-12 10:00"), 1), "2024-01-15 10:00"); /* Fri -> Mon */
	assert_at(bylaws_add_business_days(at("2024-01-12 10:00"), 3), "2024-01-17 10:00");
	assert_at(bylaws_add_business_days(at("2024-01-13 10:00"), 1), "2024-01-15 10:00"); /* Sat -> Mon */
	assert_at(bylaws_add_business_days(at("2024-01-15 10:00"), 5), "2024-01-22 10:00"); /* Mon -> Mon */
	assert_at(bylaws_add_business_days(at("1969-12-26 00:00"), 1), "1969-12-29 00:00"); /* before the epoch */
	assert_int_equal(bylaws_review_days(BYLAWS_FINAL_GUIDELINE), 60);
	assert_int_equal(bylaws_review_days(BYLAWS_FINAL_MAINTENANCE_GUIDELINE), 30);
}

static void tally(int iy, int in, int ia, int cy, int cn, int ca, int passed, int issuers_ok, int consumers_ok)
{
	struct bylaws_class i = { iy, in, ia }, c = { cy, cn, ca };
	struct bylaws_tally t;
	bylaws_tally(&t, &i, &c);
	if (t.passed != passed || t.issuers_ok != issuers_ok || t.consumers_ok != consumers_ok)
		fail_msg("issuers %d/%d/%d consumers %d/%d/%d: passed %d issuers %d consumers %d", iy, in, ia, cy, cn, ca,
			 t.passed, t.issuers_ok, t.consumers_ok);
}

static void test_pass_rule(void **state)
{
	(void)state;
	tally(2, 1, 0, 2, 1, 0, 1, 1, 1);     /* exactly two thirds of issuers is enough */
	tally(19, 10, 0, 3, 0, 0, 0, 0, 1);   /* 19/29 < 2/3 */
	tally(20, 10, 0, 3, 0, 0, 1, 1, 1);   /* 20/30 = 2/3 */
	tally(10, 0, 0, 1, 1, 0, 0, 1, 0);    /* consumers split evenly: not more than half */
	tally(10, 0, 0, 2, 1, 0, 1, 1, 1);
	tally(1, 0, 25, 1, 0, 5, 1, 1, 1);    /* abstentions count toward neither threshold */
	tally(10, 0, 0, 0, 0, 4, 0, 1, 0);    /* no consumer voted yes */
	tally(0, 0, 3, 4, 0, 0, 0, 0, 1);     /* no issuer voted yes */
	struct bylaws_class i = { 5, 0, 0 }, c = { 0, 0, 2 };
	struct bylaws_tally t;
	bylaws_tally(&t, &i, &c);
	assert_false(t.yes_in_each);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_business_days),
		cmocka_unit_test(test_pass_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
