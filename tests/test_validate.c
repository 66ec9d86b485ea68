/*
 * test_validate.c - what a chair records is checked the same way wherever
 * it comes from (options, the project file, minutes posts, import state):
 * zones are zone files, times stay within the years every output shows,
 * usage errors record nothing, and a bad value is one line naming it,
 * exit 2, with the database byte for byte as it was (issue 14).
 */
#include "testutil.h"

#include "db/ballotdb.h"
#include "db/db.h"
#include "tracker/base/error.h"

static char *tmp, *repo;

static char *path_in(const char *name)
{
	return tu_path(tmp, name);
}

static char *fresh_db(const char *name)
{
	return tu_doc_db(tmp, repo, name);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	repo = path_in("repo");
	tu_make_doc_repo(repo);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	return 0;
}

/* Item 5: a zoneinfo folder or data file is not a zone, wherever a zone is given. */
static void test_zone_is_a_zone_file(void **state)
{
	(void)state;
	char *db = fresh_db("zone.db");
	tu_ct_ok(db, "ballot add D1 --base main --head main");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '2024-02-20 12:00' --tz America", "'America' is not a time zone");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '2024-02-20 12:00' --tz leapseconds", "leapseconds");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '2024-02-20 12:00 America'", "America");
	tu_assert_bad_input(db, "meeting add 2024-02-14 --time 11:00 --tz America", "'America' is not a time zone");
	tu_assert_bad_input(db, "meeting add 2024-02-14 --time 11:00 --tz zone.tab", "zone.tab");
	tu_assert_bad_input(db, "ballot show D1 --tz Europe", "'Europe' is not a time zone");
	/* The real zones still are. */
	tu_ct_ok(db, "ballot set D1 --vote-end '2024-02-20 12:00' --tz America/New_York");
	tu_ct_ok(db, "meeting add 2024-02-14 --time 11:00 --tz Europe/Berlin");
	free(db);
}

/* Item 7: only the years 1000..9999 (in UTC, derived IP review end included) are taken. */
static void test_years_every_output_shows(void **state)
{
	(void)state;
	char *db = fresh_db("years.db");
	tu_ct_ok(db, "ballot add D1 --base main --head main");
	tu_assert_bad_input(db, "ballot set D1 --vote-end 0999-06-01", "0999-06-01");
	tu_assert_bad_input(db, "ballot set D1 --vote-start '0999-06-01 12:00 UTC'", "0999-06-01");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '9999-12-31 23:00 -05:00'", "9999-12-31");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '1000-01-01 00:30 Europe/Berlin'", "1000-01-01");
	/* The IP review end derived from it would be in the year 10000. */
	tu_assert_bad_input(db, "ballot set D1 --vote-end 9999-12-31", "IP review");
	tu_assert_bad_input(db, "ballot set D1 --vote-end ' 999-06-01'", "999-06-01");
	tu_assert_bad_input(db, "ballot set D1 --vote-end '2023- 1-05'", "2023- 1-05");
	/* Dates typed as offsets land in the same years. */
	tu_assert_bad_input(db, "meeting add -- -2000y", "-2000y");
	tu_assert_bad_input(db, "meeting add 2024-02-14 --time 9:5", "9:5");
	tu_assert_bad_input(db, "dates --from -2000y", "-2000y");
	/* Within range, every output shows it: the calendar too. */
	tu_ct_ok(db, "ballot set D1 --vote-end 1000-01-01 --ipr-ends 1000-02-01 --vote-start 1000-01-01");
	tu_ct_ok(db, "ballot set D1 --vote-end '9999-10-01 12:00' --ipr-ends 9999-12-31 --vote-start 9999-09-01");
	char *ics = path_in("years.ics");
	struct strbuf args = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addf(&args, "render ics --out '%s'", ics);
	tu_ct_ok(db, args.buf);
	assert_int_equal(tu_read_file(&text, ics), 0);
	assert_non_null(strstr(text.buf, "99991231"));
	json_t *v = tu_ct_json(db, "ballot show D1 --format json");
	json_t *lc = json_object_get(v, "lifecycle");
	assert_string_equal(json_string_value(json_object_get(json_object_get(lc, "vote_end"), "time")),
			    "9999-10-01T12:00:00Z");
	json_decref(v);
	strbuf_release(&args);
	strbuf_release(&text);
	free(ics);
	free(db);
}

/* Item 4: usage errors of `ballot plan` exit 2 and record nothing. */
static void test_plan_usage_records_nothing(void **state)
{
	(void)state;
	char *db = fresh_db("plan.db");
	tu_ct_ok(db, "ballot add D1 --base main --head main");
	tu_assert_bad_input(db, "ballot plan D1", "needs --phase");
	tu_assert_bad_input(db, "ballot plan D1 --clear --phase 'SHOULD +6 months'", "not both");
	tu_assert_bad_input(db, "ballot plan D1 --phase 'SHOULD +200 years'", "100 years");
	tu_ct_ok(db, "ballot plan D1 --phase 'SHOULD +6 months' --from 'March 1, 2024'");
	json_t *v = tu_ct_json(db, "ballot show D1 --format json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "plan"), "from")), "2024-03-01");
	json_decref(v);
	free(db);
}

/* Item 15: a lifecycle that contradicts itself, and list filters that name no state. */
static void test_lifecycle_in_order(void **state)
{
	(void)state;
	char *db = fresh_db("order.db");
	tu_ct_ok(db, "ballot add D1 --base main --head main");
	tu_assert_bad_input(db, "ballot set D1 --vote-start 2024-02-20 --vote-end 2024-02-13", "after it ends");
	tu_assert_bad_input(db, "ballot set D1 --vote-end 2024-02-20 --ipr-ends 2024-02-01", "before voting ends");
	tu_ct_ok(db, "ballot set D1 --vote-end '2024-02-20 17:00 UTC'");
	/* Against what was recorded before. */
	tu_assert_bad_input(db, "ballot set D1 --ipr-ends 2024-02-19", "before voting ends");
	tu_assert_bad_input(db, "ballot set D1 --vote-start 2024-02-21", "after it ends");
	tu_ct_ok(db, "ballot set D1 --vote-start 2024-02-13 --ipr-ends 2024-03-21");
	tu_assert_bad_input(db, "ballot set D1 --vote-end 2024-03-22", "before voting ends");
	tu_assert_bad_input(db, "ballot list --state bogus", "unknown state 'bogus'");
	tu_assert_bad_input(db, "ballot set D1 --pr -5", "-5");
	tu_assert_bad_input(db, "ballot set D1 --pr 0", "'0'");
	free(db);
}

/* Item 8: a constraint the database itself refuses is still one line (its SQL spans lines). */
static void test_database_error_is_one_line(void **state)
{
	(void)state;
	char *path = fresh_db("check.db");
	struct db_open_options opts = DB_OPEN_OPTIONS_INIT;
	opts.flags = DB_OPEN_WRITE;
	struct ct_db *db = NULL;
	int64_t id = 0;
	assert_int_equal(db_open(&db, path, &opts), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(ballotdb_ensure(&id, db, "DOC", "D1", "D1"), 0);
	assert_true(ballotdb_set(db, id, "state", "adopted") < 0);
	const char *msg = ct_error_last();
	assert_non_null(msg);
	assert_non_null(strstr(msg, "CHECK constraint"));
	assert_null(strchr(msg, '\n'));
	assert_null(strstr(msg, "  "));
	db_rollback(db);
	db_free(db);
	free(path);
}

/* Item 15 (and 5 for meeting.tz): config writes only keys cabtrack reads, with values it can use. */
static void test_config_refuses_nonsense(void **state)
{
	(void)state;
	/* A folder of its own: the project file is the one beside the database. */
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s/cfg'", tmp), 0);
	char *db = fresh_db("cfg/cfg.db"), *conf = path_in("cfg/cabtrack.conf");
	tu_ct_ok(db, "config meeting.time 11:00");
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT, err = STRBUF_INIT;
	static const char *const bad[][2] = {
		{ "config meeting.tz Mars/Olympus", "Mars/Olympus" },
		{ "config meeting.tz America", "'America' is not a time zone" },
		{ "config bogus.key 1", "unknown key 'bogus.key'" },
		{ "config document.SBR.colour red", "unknown key 'document.SBR.colour'" },
		{ "config meeting.time 9:5", "'9:5' is not a time of day" },
		{ "config meeting.time 24:00", "24:00" },
		{ "config meeting.anchor 2024-02-30", "2024-02-30" },
		{ "config meeting.cadence 'now and then'", "now and then" },
		{ "config meeting.cadence 'every other Wednesday 11:00 Mars/Olympus'", "Mars/Olympus" },
		{ "config cabtrack.github 'not a repo'", "OWNER/REPO" },
		{ "config cabtrack.api-url ''", "empty" },
		{ "config cabtrack.api-url ftp://example.org", "not an http" },
		{ "config --add document.SBR.remote nospace", "NAME URL" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&before);
		strbuf_reset(&after);
		strbuf_reset(&err);
		assert_int_equal(tu_read_file(&before, conf), 0);
		tu_assert_one_error(tu_ct(NULL, &err, db, bad[i][0]), &err, bad[i][1]);
		assert_int_equal(tu_read_file(&after, conf), 0);
		assert_string_equal(before.buf, after.buf);
	}
	tu_ct_ok(db, "config meeting.tz America/New_York");
	tu_ct_ok(db, "config meeting.cadence 'every other Wednesday'");
	tu_ct_ok(db, "config cabtrack.api-url https://api.github.com");
	/* A zone folder written into the file by hand is refused where it is read. */
	assert_int_equal(tu_run(NULL, NULL, "git config -f '%s' meeting.tz America", conf), 0);
	tu_assert_bad_input(db, "meeting list", "'America' is not a time zone");
	tu_assert_bad_input(db, "ballot show SMC91", "'America' is not a time zone");
	/* An empty --api-url is refused, not taken as api.github.com. */
	tu_assert_bad_input(db, "sync github acme/doc --api-url ''", "--api-url is empty");
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&err);
	free(conf);
	free(db);
}

/* Import a minutes post whose next call is announced as `announce`; the stored start, or NULL; stderr into err. */
static char *next_call_start(const char *db, const char *announce, struct strbuf *err)
{
	char *file = path_in("minutes.md");
	struct strbuf text = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&text, "---\ntitle: Minutes\ndate: 2023-11-15\n---\n\nNext call: Wednesday, December 6, 2023 %s\n",
		    announce);
	tu_write_file(file, text.buf, text.len);
	strbuf_addf(&args, "import minutes '%s'", file);
	strbuf_reset(err);
	assert_int_equal(tu_ct(NULL, err, db, args.buf), 0);
	json_t *list = tu_ct_json(db, "meeting list --format json"), *m;
	size_t i;
	char *start = NULL;
	json_array_foreach(list, i, m)
		if (!strcmp(json_string_value(json_object_get(m, "date")), "2023-12-06") &&
		    json_is_string(json_object_get(m, "start_utc")))
			start = xstrdup(json_string_value(json_object_get(m, "start_utc")));
	json_decref(list);
	strbuf_release(&text);
	strbuf_release(&args);
	free(file);
	return start;
}

/* Item 6: the next call's time, in every spelling of a.m. and p.m., noon and midnight; an unknown zone is not guessed. */
static void test_minutes_times(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "at 12:00 pm Eastern Time", "2023-12-06T17:00:00Z" },
		{ "at 11:00 a.m. Eastern Time", "2023-12-06T16:00:00Z" },
		{ "at 11:00 A.M. Eastern Time", "2023-12-06T16:00:00Z" },
		{ "at 2:30 p.m. Pacific Time", "2023-12-06T22:30:00Z" },
		{ "at 2 PM Eastern", "2023-12-06T19:00:00Z" },
		{ "at 12 noon Eastern Time", "2023-12-06T17:00:00Z" },
		{ "at noon (Eastern Time)", "2023-12-06T17:00:00Z" },
		{ "at 12:00 am Eastern Time", "2023-12-06T05:00:00Z" },
		{ "at midnight UTC", "2023-12-06T00:00:00Z" },
		{ "at 16:00 UTC", "2023-12-06T16:00:00Z" },
	};
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "minutes-%zu.db", i);
		char *db = path_in(name);
		char *start = next_call_start(db, cases[i][0], &err);
		if (!start || strcmp(start, cases[i][1]))
			fprintf(stderr, "'%s': got %s, want %s\n", cases[i][0], start ? start : "(none)", cases[i][1]);
		assert_non_null(start);
		assert_string_equal(start, cases[i][1]);
		assert_null(strstr(err.buf, "warning"));
		free(start);
		free(db);
	}
	/* An unknown zone, or none: a warning naming it, and the call recorded without a time. */
	static const char *const unknown[][2] = {
		{ "at 11:00 am Mars Time", "'Mars Time' is not a time zone" },
		{ "at 11:00 am.", "names no time zone" },
	};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		char name[32];
		snprintf(name, sizeof(name), "minutes-unknown-%zu.db", i);
		char *db = path_in(name);
		char *start = next_call_start(db, unknown[i][0], &err);
		assert_null(start);
		assert_non_null(strstr(err.buf, "cabtrack: warning: "));
		assert_non_null(strstr(err.buf, unknown[i][1]));
		assert_non_null(strstr(err.buf, "without a time"));
		json_t *list = tu_ct_json(db, "meeting list --format json");
		assert_int_equal(json_array_size(list), 2);
		assert_true(json_is_null(json_object_get(json_array_get(list, 1), "tz")));
		json_decref(list);
		free(db);
	}
	strbuf_release(&err);
}

/* Item 10: an import naming no main branch that exists, or an empty document name, stores nothing. */
static void test_import_names_checked(void **state)
{
	(void)state;
	char *db = fresh_db("names.db"), *fresh = path_in("names-fresh.db"), *md = path_in("draft.md");
	const char draft[] = "# 1. Intro\n\nThe CA MUST log.\n";
	tu_write_file(md, draft, strlen(draft));
	struct strbuf args = STRBUF_INIT, err = STRBUF_INIT;
	static const char *const bad[][2] = {
		{ "import '%s' --path DOC.md --main nope", "--main 'nope'" },
		{ "import '%s' --path DOC.md --doc ''", "--doc is empty" },
		{ "import '%s' --path DOC.md --doc OTHER --main ''", "--main is empty" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&args);
		strbuf_addf(&args, bad[i][0], repo);
		tu_assert_bad_input(db, args.buf, bad[i][1]);
		/* Into no database: none is left behind. */
		strbuf_reset(&err);
		tu_assert_one_error(tu_ct(NULL, &err, fresh, args.buf), &err, bad[i][1]);
		assert_int_not_equal(access(fresh, F_OK), 0);
	}
	strbuf_reset(&args);
	strbuf_addf(&args, "import '%s' --doc ''", md);
	tu_assert_bad_input(db, args.buf, "--doc is empty");
	tu_assert_bad_input(db, "import github nothing.json --doc ''", "--doc is empty");
	/* The queries still default to main. */
	json_t *v = tu_ct_json(db, "sections --format json");
	assert_true(json_array_size(v) > 0);
	json_decref(v);
	strbuf_release(&args);
	strbuf_release(&err);
	free(md);
	free(fresh);
	free(db);
}

/* Item 15: a section that is not there is bad input; an appendix before the first version says so. */
static void test_blame_and_appendix(void **state)
{
	(void)state;
	char *db = fresh_db("blame.db");
	tu_assert_bad_input(db, "blame 99", "no section '99'");
	tu_assert_bad_input(db, "blame 4.9 --at main", "no section '4.9' in DOC at main");
	tu_assert_bad_input(db, "requirements --section 99", "no section '99'");
	tu_ct_ok(db, "blame 4.1");
	/* The repository's only commit is today's: a meeting in 2020 was before it. */
	tu_ct_ok(db, "meeting add 2020-01-01");
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, db, "render minutes --meeting 2020-01-01"), 0);
	assert_null(strstr(out.buf, "\n, as of the meeting"));
	assert_non_null(strstr(out.buf, "DOC had no version on main yet at the meeting. Changes since 2019-12-18."));
	strbuf_reset(&out);
	tu_ct_ok(db, "meeting add +1d");
	assert_int_equal(tu_ct(&out, NULL, db, "render minutes --meeting +1d"), 0);
	assert_non_null(strstr(out.buf, "\nT, as of the meeting. Changes since"));
	strbuf_release(&out);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_is_a_zone_file),
		cmocka_unit_test(test_years_every_output_shows),
		cmocka_unit_test(test_plan_usage_records_nothing),
		cmocka_unit_test(test_lifecycle_in_order),
		cmocka_unit_test(test_database_error_is_one_line),
		cmocka_unit_test(test_config_refuses_nonsense),
		cmocka_unit_test(test_minutes_times),
		cmocka_unit_test(test_import_names_checked),
		cmocka_unit_test(test_blame_and_appendix),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
