/*
 * test_records_ballots.c - the typed records of the hand-recorded and
 * found ballot and meeting tables (db/meetingdb.h, db/ballotdb.h,
 * db/mentiondb.h) on a small database the test builds (no corpus): every
 * field read into its place, NULL for SQL NULL, rows in their order, and
 * the JSON built at the edge (ct_*_to_json) exactly what the column-named
 * rows of query_collect were, so output stays byte-identical.
 */
#include "testutil.h"

#include "db/meetingdb.h"
#include "db/query.h"
#include "engine_fixture.h"
#include "tracker/meetings_cadence.h"

static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n";

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	fx_commit(&fx, "TST.md", doc_v1, "Ballot SMC01 - first version (#12)", "2024-01-05T12:00:00Z");
	fx_import(&fx, "TST.md");
	return 0;
}

/* `sql`'s rows as query_collect gives them, dumped: what the edge JSON must equal. */
static char *collected(const char *sql, const char *const *json_cols, int64_t bind)
{
	sqlite3_stmt *st;
	json_t *rows = NULL;
	assert_int_equal(db_prepare(&st, fx.db, sql), 0);
	if (bind)
		sqlite3_bind_int64(st, 1, bind);
	assert_int_equal(query_collect(&rows, fx.db, st, json_cols), 0);
	char *s = json_dumps(rows, JSON_COMPACT);
	json_decref(rows);
	return s;
}

static void assert_same_json(json_t *built, char *want)
{
	char *got = json_dumps(built, JSON_COMPACT);
	assert_string_equal(got, want);
	free(got);
	free(want);
	json_decref(built);
}

static void test_meetings(void **state)
{
	(void)state;
	struct meetingdb_meeting later = { "2024-02-07", "11:00", "America/New_York", "2024-02-07T16:00:00Z", "Call",
					   "recorded", NULL, "[\"smcwg\"]" };
	struct meetingdb_meeting earlier = { "2024-01-24", NULL, NULL, NULL, NULL, "minutes", "m.md", NULL };
	int created;
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(meetingdb_put(&created, fx.db, &later), 0);
	assert_int_equal(meetingdb_put(&created, fx.db, &earlier), 0);
	assert_int_equal(db_commit(fx.db), 0);

	struct ct_meeting_list list = CT_MEETING_LIST_INIT;
	assert_int_equal(meetingdb_query(&list, fx.db), 0);
	assert_int_equal(list.n, 2);
	/* by date, not by insertion */
	assert_string_equal(list.items[0].date, "2024-01-24");
	assert_null(list.items[0].time);
	assert_null(list.items[0].tz);
	assert_null(list.items[0].start_utc);
	assert_null(list.items[0].title);
	assert_string_equal(list.items[0].source, "minutes");
	assert_string_equal(list.items[0].minutes, "m.md");
	assert_string_equal(list.items[0].tags, "[]");
	assert_string_equal(list.items[1].time, "11:00");
	assert_string_equal(list.items[1].tz, "America/New_York");
	assert_string_equal(list.items[1].start_utc, "2024-02-07T16:00:00Z");
	assert_string_equal(list.items[1].title, "Call");
	assert_null(list.items[1].minutes);
	assert_true(list.items[0].id > 0 && list.items[1].id > 0 && list.items[0].id != list.items[1].id);

	json_t *built = json_array();
	for (size_t i = 0; i < list.n; i++)
		json_array_append_new(built, ct_meeting_to_json(&list.items[i]));
	static const char *const tags[] = { "tags", NULL };
	assert_same_json(built, collected("SELECT id, date, time, tz, start_utc, title, source, minutes, tags FROM meetings "
					  "ORDER BY date", tags, 0));
	ct_meeting_list_release(&list);
	assert_null(list.items);
	assert_int_equal(list.n, 0);
	ct_meeting_list_release(&list); /* released twice: harmless */
}

/* The cadence's projected meeting is a record: its day, time, zone and UTC start. */
static void test_cadence_meeting(void **state)
{
	(void)state;
	struct meetings_cadence c;
	struct ct_date today = { 2024, 1, 1 };
	assert_int_equal(meetings_cadence_parse(&c, "every other Wednesday", "11:00", "America/New_York", "2024-01-24",
						NULL, today),
			 0);
	struct ct_meeting m;
	struct ct_date from = { 2024, 1, 25 };
	meetings_cadence_meeting(&m, &c, from, 0);
	assert_string_equal(m.date, "2024-02-07");
	assert_string_equal(m.time, "11:00");
	assert_string_equal(m.tz, "America/New_York");
	assert_string_equal(m.start_utc, "2024-02-07T16:00:00Z");
	assert_string_equal(m.source, "cadence");
	assert_null(m.title);
	ct_meeting_release(&m);
	meetings_cadence_meeting(&m, &c, from, 1);
	assert_string_equal(m.date, "2024-02-21");
	ct_meeting_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meetings),
		cmocka_unit_test(test_cadence_meeting),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
