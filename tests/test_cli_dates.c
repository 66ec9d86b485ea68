/*
 * test_cli_dates.c - every option that takes a day or a time reads the one
 * grammar of tracker/base/when.h (issue 16): the same forms are taken, the
 * same ambiguous form is refused with the same hint, a zone abbreviation is
 * taken for its zone with a note; and a filter that cannot match says so
 * (an unknown ballot or section, an inverted range) instead of printing an
 * empty table.  Needs no corpus.
 */
#include "testutil.h"

static char *tmp, *repo, *db;

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	repo = tu_path(tmp, "repo");
	tu_make_doc_repo(repo);
	/* A dated requirement, for the day filters to select. */
	const char doc[] = "---\ntitle: T\n---\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
			   "Effective 2024-09-15, the CA SHOULD log decisions.\n";
	char *file = tu_path(repo, "DOC.md");
	tu_write_file(file, doc, strlen(doc));
	free(file);
	assert_int_equal(tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@e commit -qam 'Ballot SMC91 - "
					  "dates'", repo), 0);
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s/p'", tmp), 0);
	db = tu_doc_db(tmp, repo, "p/ct.db");
	tu_ct_ok(db, "config meeting.time 11:00"); /* a project file beside the database */
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	free(db);
	return 0;
}

#define AMBIGUOUS "'12/06/2023' is ambiguous (month first or day first?); write the day as YYYY-MM-DD: 2023-12-06 or 2023-06-12"

/* Every day or time option refuses the ambiguous form with the same words, changing nothing. */
static void test_ambiguous_everywhere(void **state)
{
	(void)state;
	static const char *const args[] = {
		"dates --from 12/06/2023",
		"dates --to 12/06/2023",
		"in-force 12/06/2023",
		"in-force --from 12/06/2023",
		"show 4.1 --at 12/06/2023",
		"ballot set SMC91 --vote-end 12/06/2023",
		"ballot set SMC91 --discussion-start '12/06/2023 11:00'",
		"ballot set SMC91 --vote-start 12/06/2023",
		"ballot set SMC91 --ipr-ends 12/06/2023",
		"ballot plan SMC91 --from 12/06/2023",
		"meeting add 12/06/2023",
		"render status --meeting 12/06/2023",
		"render ics --from 12/06/2023",
		"issues --since 12/06/2023",
		"sync github acme/doc --since 12/06/2023",
		"config meeting.anchor 12/06/2023",
	};
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		tu_assert_bad_input(db, args[i], AMBIGUOUS);
}

/* The spellings of one day select the same rows. */
static void test_day_spellings_agree(void **state)
{
	(void)state;
	static const char *const days[] = { "2024-09-15", "'Sep 15, 2024'", "'15 September 2024'", "2024/09/15",
					    "'September 15th 2024'", "15-Sep-2024" };
	json_t *first = NULL;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		char args[128];
		snprintf(args, sizeof(args), "dates --from %s --to %s --format json", days[i], days[i]);
		json_t *v = tu_ct_json(db, args);
		if (!first)
			first = v;
		else {
			assert_true(json_equal(first, v));
			json_decref(v);
		}
	}
	assert_int_equal(json_array_size(first), 1);
	json_decref(first);
	tu_assert_bad_input(db, "in-force 'Sep 31, 2024'", "there is no 2024-09-31");
	tu_assert_bad_input(db, "dates --from soon", "'soon' is not a date; write 2023-12-06, Dec 6, 2023");
}

/* Times with am/pm and a zone abbreviation: the zone is taken, with one note on stderr. */
static void test_times_and_zones(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, &err, db, "ballot set SMC91 --vote-end 'Dec 6, 2023 11:00 a.m. EST'"), 0);
	assert_string_equal(err.buf, "cabtrack: note: time zone 'EST' taken as America/New_York (standard and daylight "
				     "time); name the zone to silence this note\n");
	json_t *v = tu_ct_json(db, "ballot show SMC91 --format json");
	json_t *end = json_object_get(json_object_get(v, "lifecycle"), "vote_end");
	assert_string_equal(json_string_value(json_object_get(end, "time")), "2023-12-06T16:00:00Z");
	json_decref(v);
	/* --tz by abbreviation; a time without a zone is read in it. */
	strbuf_reset(&err);
	assert_int_equal(tu_ct(NULL, &err, db, "ballot set SMC91 --tz PT --vote-start '2023-11-29 9am'"), 0);
	assert_non_null(strstr(err.buf, "'PT' taken as America/Los_Angeles"));
	v = tu_ct_json(db, "ballot show SMC91 --format json");
	json_t *start = json_object_get(json_object_get(v, "lifecycle"), "vote_start");
	assert_string_equal(json_string_value(json_object_get(start, "time")), "2023-11-29T17:00:00Z");
	json_decref(v);
	tu_assert_bad_input(db, "ballot set SMC91 --tz IST --vote-end 2023-12-06", "'IST' is a zone abbreviation");
	tu_assert_bad_input(db, "ballot set SMC91 --vote-end '2023-12-06 11'", "'2023-12-06 11' is not a time");
	tu_assert_bad_input(db, "meeting add 2023-12-06 --time 11 --tz EST", "--time: '11' is not a time of day");
	tu_assert_bad_input(db, "meeting add 2023-12-06 --tz Mars/Olympus", "Mars/Olympus");
	/* meeting add: any day and time spelling; stored as YYYY-MM-DD and HH:MM in the zone. */
	strbuf_reset(&err);
	assert_int_equal(tu_ct(NULL, &err, db, "meeting add '6 December 2023' --time '11am' --tz EST"), 0);
	assert_non_null(strstr(err.buf, "'EST' taken as America/New_York"));
	v = tu_ct_json(db, "meeting list --format json --tz UTC");
	json_t *m = json_array_get(v, 0);
	assert_string_equal(json_string_value(json_object_get(m, "date")), "2023-12-06");
	assert_string_equal(json_string_value(json_object_get(m, "time")), "11:00");
	assert_string_equal(json_string_value(json_object_get(m, "tz")), "America/New_York");
	assert_string_equal(json_string_value(json_object_get(m, "start_utc")), "2023-12-06T16:00:00Z");
	json_decref(v);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* config meeting.*: the same spellings, stored in one form. */
static void test_config_spellings(void **state)
{
	(void)state;
	static const char *const set[][3] = {
		{ "config meeting.time '11:30 a.m.'", "config meeting.time", "11:30\n" },
		{ "config meeting.time 3pm", "config meeting.time", "15:00\n" },
		{ "config meeting.anchor 'Dec 6, 2023'", "config meeting.anchor", "2023-12-06\n" },
		{ "config meeting.tz CET", "config meeting.tz", "Europe/Berlin\n" },
		{ "config meeting.tz America/New_York", "config meeting.tz", "America/New_York\n" },
		{ "config meeting.cadence 'every other Wednesday 11am EST'", "config meeting.cadence",
		  "every other Wednesday 11am EST\n" },
	};
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		tu_ct_ok(db, set[i][0]);
		assert_int_equal(tu_ct(&out, NULL, db, set[i][1]), 0);
		assert_string_equal(out.buf, set[i][2]);
		strbuf_release(&out);
	}
	tu_assert_bad_input(db, "config meeting.time 11", "meeting.time: '11' is not a time of day");
	tu_assert_bad_input(db, "config meeting.tz XYZT", "'XYZT' is a zone abbreviation");
	tu_ct_ok(db, "config meeting.time 11:00");
}

/* A filter that cannot match is an error (exit 2, one line), never an empty table. */
static void test_filters_that_cannot_match(void **state)
{
	(void)state;
	tu_assert_bad_input(db, "dates --ballot SMC50", "no ballot 'SMC50' in DOC");
	tu_assert_bad_input(db, "dates --ballot SMC50 --at main", "no ballot 'SMC50' in DOC");
	tu_assert_bad_input(db, "dates --ballot SMC50 --all-versions", "no ballot 'SMC50' in DOC");
	tu_assert_bad_input(db, "dates --section 9", "no section '9' in DOC at main");
	tu_assert_bad_input(db, "dates --from 2025-01-01 --to 2024-01-01",
			    "--from 2025-01-01 is after --to 2024-01-01; no day is in that range");
	tu_assert_bad_input(db, "dates --from +1m --to -1m", "is after --to");
	tu_assert_bad_input(db, "ballot list --state open", "unknown state 'open'; use draft, discussion, voting");
	/* The same filters that can match still do. */
	tu_ct_ok(db, "dates --ballot smc-91 --section 4 --from 2024-01-01 --to 2024-01-01");
	tu_ct_ok(db, "dates --ballot SMC91 --all-versions --section 4.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ambiguous_everywhere),
		cmocka_unit_test(test_day_spellings_agree),
		cmocka_unit_test(test_times_and_zones),
		cmocka_unit_test(test_config_spellings),
		cmocka_unit_test(test_filters_that_cannot_match),
	};
	return cmocka_run_group_tests_name("cli_dates", tests, group_setup, group_teardown);
}
