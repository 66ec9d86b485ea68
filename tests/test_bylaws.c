/*
 * test_bylaws.c - the Bylaws' arithmetic (tracker/bylaws.c) against the
 * rules in reference/cabf-ballot-process.md and ballots the Forum ran:
 * SMC05's discussion and vote, SC-081v3's 30-day review, SMC01v3's 60-day
 * review, business days over weekends, auto-fail, and the pass rule; and
 * the dates a recorded ballot shows (tracker/ballot_bylaws.c), each marked
 * derived or recorded, a recorded one winning.
 */
#include "testutil.h"

#include <time.h>

#include "tracker/ballot_bylaws.h"
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

/* The IP review end by the stored type: 60 days for "guideline", else (also none) 30. */
static void test_ipr_end(void **state)
{
	(void)state;
	assert_at(bylaws_ipr_end(at("2022-11-02 23:59"), "guideline"), "2023-01-01 23:59");
	assert_at(bylaws_ipr_end(at("2025-04-13 03:00"), "maintenance"), "2025-05-13 03:00");
	assert_at(bylaws_ipr_end(at("2025-04-13 03:00"), NULL), "2025-05-13 03:00");
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

/* The step `key` of lifecycle `lc`: its time, and whether it is derived. */
static void assert_step(json_t *lc, const char *key, const char *time, int derived)
{
	json_t *t = json_object_get(lc, key);
	if (!time) {
		if (!json_is_null(t))
			fail_msg("%s: want none, got %s", key, json_string_value(json_object_get(t, "time")));
		return;
	}
	if (!json_is_object(t))
		fail_msg("%s: want %s, got none", key, time);
	if (strcmp(json_string_value(json_object_get(t, "time")), time))
		fail_msg("%s: got %s, want %s", key, json_string_value(json_object_get(t, "time")), time);
	assert_int_equal(json_is_true(json_object_get(t, "derived")), derived);
	if (derived)
		assert_true(json_is_string(json_object_get(t, "rule")));
}

static void test_derived_dates_shown(void **state)
{
	(void)state;
	struct strbuf next = STRBUF_INIT;
	const char *deadline;
	/* SMC05 in discussion: voting may start after 7 days, it fails after 90 without a vote. */
	/* a recorded row as the test states it (nothing here is freed: the strings are literals) */
	struct ct_ballot r = { 0 }, *rec = &r;
	r.discussion_start = (char *)"2024-01-03T17:00:00Z";
	json_t *lc = ballot_bylaws_lifecycle(rec, "America/New_York", at("2024-01-05 00:00"), &deadline, &next);
	assert_step(lc, "discussion_start", "2024-01-03T17:00:00Z", 0);
	assert_step(lc, "earliest_vote_start", "2024-01-10T17:00:00Z", 1);
	assert_step(lc, "auto_fail", "2024-04-02T17:00:00Z", 1);
	assert_step(lc, "vote_end", NULL, 0);
	assert_step(lc, "ipr_ends", NULL, 0);
	assert_string_equal(deadline, "voting may start 2024-01-10 17:00 UTC (2024-01-10 12:00 EST)");
	json_decref(lc);

	/* A new version restarts the 7 and the 90 days. */
	r.last_version = (char *)"2024-01-05T10:00:00Z";
	lc = ballot_bylaws_lifecycle(rec, NULL, at("2024-01-05 12:00"), &deadline, &next);
	assert_step(lc, "earliest_vote_start", "2024-01-12T10:00:00Z", 1);
	assert_step(lc, "auto_fail", "2024-04-04T10:00:00Z", 1);
	json_decref(lc);

	/* Voting started: no auto-fail; the vote's end, result, notice and 30-day review follow. */
	r.vote_start = (char *)"2024-01-10T17:00:00Z";
	lc = ballot_bylaws_lifecycle(rec, NULL, at("2024-01-11 00:00"), &deadline, &next);
	assert_step(lc, "auto_fail", NULL, 0);
	assert_step(lc, "vote_end", "2024-01-17T17:00:00Z", 1);
	assert_step(lc, "result", "2024-01-22T17:00:00Z", 1);       /* Wed + 3 business days */
	assert_step(lc, "review_start", "2024-01-25T17:00:00Z", 1); /* + 3 business days */
	assert_step(lc, "ipr_ends", "2024-02-16T17:00:00Z", 1);     /* vote end + 30 days */
	assert_string_equal(deadline, "voting ends 2024-01-17 17:00 UTC");
	json_decref(lc);

	/* Recorded dates win; a Final Guideline reviews for 60 days from the recorded review start. */
	r.vote_end = (char *)"2024-01-17T18:00:00Z";
	r.result_at = (char *)"2024-01-18T12:00:00Z";
	r.review_start = (char *)"2024-01-19T12:00:00Z";
	r.type = (char *)"guideline";
	lc = ballot_bylaws_lifecycle(rec, NULL, at("2024-01-11 00:00"), &deadline, &next);
	assert_step(lc, "vote_end", "2024-01-17T18:00:00Z", 0);
	assert_step(lc, "result", "2024-01-18T12:00:00Z", 0);
	assert_step(lc, "review_start", "2024-01-19T12:00:00Z", 0);
	assert_step(lc, "ipr_ends", "2024-03-19T12:00:00Z", 1);
	r.ipr_ends = (char *)"2024-03-20T00:00:00Z";
	json_decref(lc);
	lc = ballot_bylaws_lifecycle(rec, NULL, at("2024-01-11 00:00"), &deadline, &next);
	assert_step(lc, "ipr_ends", "2024-03-20T00:00:00Z", 0);
	/* The steps are in the order they happen (when voting waited the 7 days). */
	r.last_version = (char *)"2024-01-03T17:00:00Z";
	json_decref(lc);
	lc = ballot_bylaws_lifecycle(rec, NULL, at("2024-01-11 00:00"), &deadline, &next);
	json_t *steps = json_object_get(lc, "steps"), *x;
	size_t i;
	const char *prev = "";
	json_array_foreach(steps, i, x) {
		const char *t = json_string_value(json_object_get(x, "time"));
		assert_true(strcmp(prev, t) <= 0);
		prev = t;
	}
	json_decref(lc);
	strbuf_release(&next);
}

/* The lifecycle as a struct: steps by key, recorded or derived by a rule, and the next deadline. */
static void test_steps(void **state)
{
	(void)state;
	struct ct_ballot r = { 0 };
	r.vote_start = (char *)"2024-01-10T17:00:00Z";
	struct ballot_bylaws_lifecycle lc;
	ballot_bylaws_steps(&lc, &r, at("2024-01-11 00:00"));
	assert_null(lc.type);
	assert_int_equal(lc.steps[BALLOT_BYLAWS_VOTE_START].t, at("2024-01-10 17:00"));
	assert_false(lc.steps[BALLOT_BYLAWS_VOTE_START].derived);
	assert_at(lc.steps[BALLOT_BYLAWS_VOTE_END].t, "2024-01-17 17:00");
	assert_string_equal(lc.steps[BALLOT_BYLAWS_VOTE_END].rule, "vote start + 7 days");
	assert_at(lc.steps[BALLOT_BYLAWS_IPR_ENDS].t, "2024-02-16 17:00");
	assert_string_equal(lc.steps[BALLOT_BYLAWS_IPR_ENDS].rule, "vote end + 30 days (Final Maintenance Guideline)");
	assert_int_equal(lc.steps[BALLOT_BYLAWS_DISCUSSION_START].t, 0);
	assert_int_equal(lc.next, BALLOT_BYLAWS_VOTE_END);
	struct strbuf next = STRBUF_INIT;
	ballot_bylaws_next(&next, &lc, "America/New_York");
	assert_string_equal(next.buf, "voting ends 2024-01-17 17:00 UTC (2024-01-17 12:00 EST)");
	strbuf_release(&next);
	assert_string_equal(ballot_bylaws_step_name(BALLOT_BYLAWS_IPR_ENDS), "ipr_ends");
	json_t *o = ballot_bylaws_step_to_json(&lc, BALLOT_BYLAWS_DISCUSSION_START, NULL);
	assert_true(json_is_null(o));
	json_decref(o);
	/* after every step: no next deadline */
	ballot_bylaws_steps(&lc, &r, at("2025-01-01 00:00"));
	assert_int_equal(lc.next, -1);
	ballot_bylaws_steps(&lc, NULL, 0);
	assert_int_equal(lc.next, -1);
	assert_int_equal(lc.steps[BALLOT_BYLAWS_IPR_ENDS].t, 0);
}

static void test_vote_and_endorsements(void **state)
{
	(void)state;
	struct ct_ballot r = { 0 }, *rec = &r;
	r.votes_issuers = (char *)"20/10/3";
	r.votes_consumers = (char *)"2/1/0";
	json_t *v = ballot_bylaws_vote(rec);
	assert_true(json_is_true(json_object_get(v, "passed")));
	assert_string_equal(json_string_value(json_object_get(v, "result")), "passed");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "issuers"), "abstain")), 3);
	json_decref(v);
	r.votes_issuers = (char *)"19/10/0";
	v = ballot_bylaws_vote(rec);
	assert_string_equal(json_string_value(json_object_get(v, "result")), "failed");
	assert_false(json_is_true(json_object_get(v, "issuers_ok")));
	json_decref(v);
	r.votes_consumers = NULL;
	assert_null(ballot_bylaws_vote(rec)); /* one class only: no result */

	/* Two endorsers, one of them from the proposer's own member: flagged. */
	r.proposer = (char *)"Ann Lee (CA One)";
	r.endorsers = (char *)"[\"Bob Roe (ca one)\", \"Cy Poe (Browser Co)\"]";
	json_t *e = ballot_bylaws_endorsement(rec);
	assert_int_equal(json_integer_value(json_object_get(e, "other_members")), 1);
	assert_false(json_is_true(json_object_get(e, "enough")));
	assert_true(json_is_string(json_object_get(e, "flag")));
	json_decref(e);
	/* Two others from one member count once; a third member makes it enough. */
	r.endorsers = (char *)"[\"Bob Roe (ca one)\", \"Cy Poe (Browser Co)\", \"Di Doe (Browser Co)\"]";
	e = ballot_bylaws_endorsement(rec);
	assert_int_equal(json_integer_value(json_object_get(e, "other_members")), 1);
	json_decref(e);
	r.endorsers = (char *)"[\"Bob Roe (ca one)\", \"Cy Poe (Browser Co)\", \"Di Doe (Browser Co)\", \"Eve (CA Two, Inc.)\"]";
	e = ballot_bylaws_endorsement(rec);
	assert_int_equal(json_integer_value(json_object_get(e, "other_members")), 2);
	assert_true(json_is_null(json_object_get(e, "flag")));
	json_decref(e);
	assert_null(ballot_bylaws_endorsement(NULL));
	/* In discussion with no endorsers recorded: flagged, not silent. */
	r = (struct ct_ballot){ 0 };
	r.state = (char *)"discussion";
	e = ballot_bylaws_endorsement(rec);
	assert_non_null(e);
	assert_int_equal(json_integer_value(json_object_get(e, "other_members")), 0);
	assert_non_null(strstr(json_string_value(json_object_get(e, "flag")), "0 endorsers"));
	json_decref(e);
	r.state = (char *)"effective";
	assert_null(ballot_bylaws_endorsement(rec));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_business_days),
		cmocka_unit_test(test_ipr_end),
		cmocka_unit_test(test_pass_rule),
		cmocka_unit_test(test_derived_dates_shown),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_vote_and_endorsements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
