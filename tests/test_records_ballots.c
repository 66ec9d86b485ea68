/*
 * test_records_ballots.c - the typed records of the hand-recorded and
 * found ballot and meeting tables (db/meetingdb.h, db/ballotdb.h,
 * db/mentiondb.h) on a small database the test builds (no corpus): every
 * field read into its place, NULL for SQL NULL, rows in their order, and
 * the JSON built at the edge (ct_*_to_json) exactly what the column-named
 * rows of query_collect were, so output stays byte-identical.
 */
#include "testutil.h"

#include "db/ballotdb.h"
#include "db/meetingdb.h"
#include "db/mentiondb.h"
#include "db/query.h"
#include "engine_fixture.h"
#include "tracker/ballots.h"
#include "tracker/meetings.h"
#include "tracker/meetings_cadence.h"
#include "tracker/status.h"

static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n";

static const char doc_caa[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n\n## 1.2 CAA\n\nThe CA SHALL check CAA records.\n";

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	fx_commit(&fx, "TST.md", doc_v1, "Ballot SMC01 - first version (#12)", "2024-01-05T12:00:00Z");
	fx_git(&fx, "checkout -q -b caa");
	fx_commit(&fx, "TST.md", doc_caa, "CAA draft", "2024-02-14T12:00:00Z");
	fx_git(&fx, "checkout -q main");
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

/*
 * Picking a meeting from the records (after test_meetings: 2024-01-24
 * from minutes without a time, 2024-02-07 recorded at 11:00 New York):
 * a recorded day, a day alone, next and last with and without a cadence,
 * the neighbours, the start "as of", and the JSON built at the edge.
 */
static void test_meeting_pick(void **state)
{
	(void)state;
	struct ct_meeting_list list = CT_MEETING_LIST_INIT;
	struct ct_meeting m;
	assert_int_equal(meetingdb_query(&list, fx.db), 0);
	assert_int_equal(list.n, 2);
	struct ct_date jan30 = { 2024, 1, 30 };

	assert_int_equal(meetings_pick(&m, &list, "2024-02-07", jan30, NULL), 0);
	assert_true(meetings_recorded(&m));
	assert_string_equal(m.title, "Call");
	assert_int_equal(meetings_as_of(&m), 1707321600); /* 2024-02-07T16:00:00Z */
	json_t *j = meetings_pick_to_json(&m), *want = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:b}", "date", "2024-02-07", "time", "11:00", "tz", "America/New_York", "start_utc",
		"2024-02-07T16:00:00Z", "title", "Call", "recorded", 1);
	assert_true(json_equal(j, want));
	json_decref(j);
	json_decref(want);
	ct_meeting_release(&m);

	/* A day with no meeting: that day alone, counted from its end. */
	assert_int_equal(meetings_pick(&m, &list, "2024-01-12", jan30, NULL), 0);
	assert_false(meetings_recorded(&m));
	assert_null(m.source);
	assert_null(m.start_utc);
	assert_int_equal(meetings_as_of(&m), 1705103999); /* 2024-01-12T23:59:59Z */
	j = meetings_pick_to_json(&m);
	want = json_pack("{s:s, s:n, s:n, s:n, s:n, s:b}", "date", "2024-01-12", "time", "tz", "start_utc", "title",
			 "recorded", 0);
	assert_true(json_equal(j, want));
	json_decref(j);
	json_decref(want);
	ct_meeting_release(&m);

	assert_int_equal(meetings_pick(&m, &list, "next", jan30, NULL), 0);
	assert_string_equal(m.date, "2024-02-07");
	ct_meeting_release(&m);
	assert_int_equal(meetings_pick(&m, &list, "last", jan30, NULL), 0);
	assert_string_equal(m.date, "2024-01-24");
	assert_string_equal(m.source, "minutes");
	ct_meeting_release(&m);
	struct ct_date mar1 = { 2024, 3, 1 };
	assert_int_equal(meetings_pick(&m, &list, "next", mar1, NULL), CT_ENOTFOUND);
	ct_error_clear();
	assert_int_equal(meetings_pick(&m, &list, "someday", mar1, NULL), CT_EINVALID);
	ct_error_clear();

	/* A weekly cadence on Thursdays: its call comes before the recorded one, and is not recorded. */
	struct meetings_cadence c;
	assert_int_equal(meetings_cadence_parse(&c, "every Thursday", "10:00", "UTC", NULL, &list, jan30), 0);
	assert_int_equal(meetings_pick(&m, &list, "next", jan30, &c), 0);
	assert_string_equal(m.date, "2024-02-01");
	assert_false(meetings_recorded(&m));
	assert_string_equal(m.source, "cadence");
	j = meetings_pick_to_json(&m);
	assert_string_equal(json_string_value(json_object_get(j, "source")), "cadence");
	assert_string_equal(json_string_value(json_object_get(j, "start_utc")), "2024-02-01T10:00:00Z");
	json_decref(j);
	ct_meeting_release(&m);

	/* Every other Wednesday from 2024-01-24: the call of 2024-02-07 is the recorded one, copied. */
	struct ct_meeting_list next = CT_MEETING_LIST_INIT;
	assert_int_equal(meetings_cadence_parse(&c, "every other Wednesday", "11:00", "America/New_York", "2024-01-24",
						&list, jan30), 0);
	meetings_cadence_next(&next, &c, jan30, 2, &list);
	assert_int_equal(next.n, 2);
	assert_true(meetings_recorded(&next.items[0]));
	assert_string_equal(next.items[0].title, "Call");
	assert_false(meetings_recorded(&next.items[1]));
	assert_string_equal(next.items[1].date, "2024-02-21");
	ct_meeting_list_release(&next);

	assert_string_equal(meetings_previous(&list, "2024-02-07")->date, "2024-01-24");
	assert_null(meetings_previous(&list, "2024-01-24"));
	assert_string_equal(meetings_following(&list, "2024-01-24")->date, "2024-02-07");
	assert_null(meetings_following(&list, "2024-02-07"));
	ct_meeting_list_release(&list);
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

/* The found source of the ballot commit on main: its fields, and the edge JSON equal to the column-named rows. */
static void test_sources(void **state)
{
	(void)state;
	struct ct_ballot_source_list list = CT_BALLOT_SOURCE_LIST_INIT;
	assert_int_equal(ballotdb_source_list(&list, fx.db, fx.doc.id), 0);
	const struct ct_ballot_source *merge = NULL;
	for (size_t i = 0; i < list.n; i++)
		if (!strcmp(list.items[i].kind, "merge"))
			merge = &list.items[i];
	assert_non_null(merge);
	assert_string_equal(merge->ballot_key, "SMC1");
	assert_string_equal(merge->name, "SMC01");
	assert_int_equal(merge->pr, 12);
	assert_null(merge->ref);
	assert_null(merge->base); /* the first commit has no parent */
	assert_int_equal(strlen(merge->head), 40);
	assert_string_equal(merge->title, "Ballot SMC01 - first version (#12)");
	assert_null(merge->dates);
	assert_true(merge->time > 0);

	json_t *built = json_array();
	for (size_t i = 0; i < list.n; i++)
		json_array_append_new(built, ct_ballot_source_to_json(&list.items[i]));
	static const char *const dates[] = { "dates", NULL };
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT ballot_key, name, kind, ref, base, head, pr, title, version, dates, time FROM ballot_sources "
		 "WHERE doc_id = %lld ORDER BY ballot_key, CASE kind WHEN 'merge' THEN 0 WHEN 'tag' THEN 1 WHEN 'pull' THEN 2 "
		 "WHEN 'fork' THEN 3 WHEN 'branch' THEN 4 ELSE 5 END, ord",
		 (long long)fx.doc.id);
	assert_same_json(built, collected(sql, dates, 0));
	ct_ballot_source_list_release(&list);
}

/* A recorded ballot, its plan and its log as records; what was never set is NULL. */
static void test_recorded(void **state)
{
	(void)state;
	int64_t id = 0;
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(ballotdb_ensure(&id, fx.db, fx.doc.name, "SMC1", "SMC01"), 0);
	assert_int_equal(ballotdb_set(fx.db, id, "state", "voting"), 0);
	assert_int_equal(ballotdb_set(fx.db, id, "pr", "12"), 0);
	assert_int_equal(ballotdb_set(fx.db, id, "vote_start", "2024-01-10T17:00:00Z"), 0);
	assert_int_equal(ballotdb_set(fx.db, id, "endorsers", "[\"Bob Roe (CA One)\"]"), 0);
	const char *kw[] = { "SHALL", "MUST" }, *off[] = { "+6 months", "+1 year" };
	assert_int_equal(ballotdb_phases_set(fx.db, id, kw, off, 2), 0);
	assert_int_equal(db_commit(fx.db), 0);

	struct ct_ballot b;
	int found = 0;
	assert_int_equal(ballotdb_ballot_get(&b, &found, fx.db, fx.doc.name, "SMC1"), 0);
	assert_int_equal(found, 1);
	assert_int_equal(b.id, id);
	assert_string_equal(b.doc, fx.doc.name);
	assert_string_equal(b.ballot_key, "SMC1");
	assert_string_equal(b.name, "SMC01");
	assert_string_equal(b.state, "voting");
	assert_int_equal(b.pr, 12);
	assert_string_equal(b.vote_start, "2024-01-10T17:00:00Z");
	assert_string_equal(b.endorsers, "[\"Bob Roe (CA One)\"]");
	assert_null(b.title);
	assert_null(b.type);
	assert_null(b.vote_end);
	assert_non_null(b.created);
	json_t *one = json_array();
	json_array_append_new(one, ct_ballot_to_json(&b));
	static const char *const endorsers[] = { "endorsers", NULL };
	assert_same_json(one, collected("SELECT id, doc, ballot_key, name, title, base, head, pr, state, type, discussion_start, "
					"vote_start, vote_end, ipr_ends, plan_from, proposer, endorsers, last_version, result_at, "
					"review_start, votes_issuers, votes_consumers, created, updated FROM ballots WHERE id = ?1",
					endorsers, id));
	ct_ballot_release(&b);
	assert_int_equal(ballotdb_ballot_get(&b, &found, fx.db, fx.doc.name, "SMC99"), 0);
	assert_int_equal(found, 0);
	assert_null(b.ballot_key);

	struct ct_ballot_list all = CT_BALLOT_LIST_INIT;
	assert_int_equal(ballotdb_ballot_list(&all, fx.db, fx.doc.name), 0);
	assert_int_equal(all.n, 1);
	ct_ballot_list_release(&all);
	assert_int_equal(ballotdb_ballot_list(&all, fx.db, "NO-SUCH-DOC"), 0);
	assert_int_equal(all.n, 0);

	struct ct_ballot_phase_list phases = CT_BALLOT_PHASE_LIST_INIT;
	assert_int_equal(ballotdb_phase_list(&phases, fx.db, id), 0);
	assert_int_equal(phases.n, 2);
	assert_string_equal(phases.items[1].keyword, "MUST");
	assert_string_equal(phases.items[1].offset, "+1 year");
	ct_ballot_phase_list_release(&phases);

	struct ct_ballot_log log = CT_BALLOT_LOG_INIT;
	assert_int_equal(ballotdb_log_list(&log, fx.db, id), 0);
	assert_int_equal(log.n, 5); /* state, pr, vote_start, endorsers, plan */
	assert_string_equal(log.items[0].field, "state");
	assert_null(log.items[0].old);
	assert_string_equal(log.items[0].new_, "voting");
	assert_string_equal(log.items[4].field, "plan");
	assert_string_equal(log.items[4].new_, "SHALL +6 months; MUST +1 year");
	json_t *entries = json_array();
	for (size_t i = 0; i < log.n; i++)
		json_array_append_new(entries, ct_ballot_log_entry_to_json(&log.items[i]));
	assert_same_json(entries, collected("SELECT time, field, old, new FROM ballot_log WHERE ballot_id = ?1 ORDER BY id", NULL, id));
	ct_ballot_log_release(&log);

	/* The engine merges the recorded row with the found source: recorded state, found head. */
	json_t *v = NULL;
	assert_int_equal(ballots_view(&v, fx.db, &fx.doc, "SMC-01", NULL), 0);
	assert_string_equal(s(v, "id"), "SMC01");
	assert_string_equal(s(v, "state"), "voting");
	assert_string_equal(s(v, "state_source"), "recorded");
	assert_string_equal(s(v, "from"), "merge");
	assert_int_equal(json_array_size(json_object_get(json_object_get(v, "plan"), "phases")), 2);
	assert_int_equal(json_array_size(json_object_get(v, "log")), 5);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "endorsement"), "other_members")), 1);
	json_decref(v);
}

/* What a minutes post says, as records: the kinds' own fields, NULL for the others. */
static void test_mentions(void **state)
{
	(void)state;
	json_t *rows = json_pack("[{s:s, s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}]", "kind", "compare", "url",
				 "https://github.com/o/r/compare/a...b", "owner", "o", "repo", "r", "base", "a", "head", "b",
				 "context", "see the diff", "kind", "ipr_end", "ballot_key", "SMC1", "name", "SMC01", "time",
				 "2024-03-20T17:00:00Z", "context", "IP review ends");
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(mentiondb_replace(fx.db, "2024-02-07", rows), 0);
	assert_int_equal(db_commit(fx.db), 0);
	json_decref(rows);
	struct ct_mention_list list = CT_MENTION_LIST_INIT;
	assert_int_equal(mentiondb_query(&list, fx.db, "2024-02-07"), 0);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.items[0].kind, "compare");
	assert_string_equal(list.items[0].head, "b");
	assert_null(list.items[0].ballot_key);
	assert_int_equal(list.items[1].ord, 1);
	assert_string_equal(list.items[1].ballot_key, "SMC1");
	assert_string_equal(list.items[1].time, "2024-03-20T17:00:00Z");
	assert_null(list.items[1].url);
	assert_string_equal(list.items[1].meeting, "2024-02-07");
	ct_mention_list_release(&list);
	assert_int_equal(mentiondb_query(&list, fx.db, "2024-01-01"), 0);
	assert_int_equal(list.n, 0);
	ct_mention_list_release(&list);
}

/*
 * The merged ballots: a draft declared by hand on a branch found at import
 * is that branch (one ballot, its sources joined); found by its key or its
 * branch; ballot names before drafts; the JSON the start of the list's.
 */
static void test_merged(void **state)
{
	(void)state;
	int64_t id = 0;
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(ballotdb_ensure(&id, fx.db, fx.doc.name, "CAA", "CAA"), 0);
	assert_int_equal(ballotdb_set(fx.db, id, "head", "caa"), 0);
	assert_int_equal(db_commit(fx.db), 0);

	struct ballots_set set;
	assert_int_equal(ballots_load(&set, fx.db, &fx.doc, 0), 0);
	const struct ballots_ballot *caa = ballots_find(&set, "CAA"), *smc = ballots_find(&set, "SMC-01");
	assert_non_null(caa);
	assert_non_null(smc);
	assert_null(ballots_find(&set, "SMC99"));
	assert_ptr_equal(ballots_find(&set, "caa"), caa); /* the branch's own entry went into the declared draft */
	assert_ptr_equal(ballots_find(&set, "refs/heads/caa"), caa);
	assert_string_equal(caa->key, "CAA");
	assert_non_null(caa->rec);
	assert_int_equal(caa->nsources, 1);
	assert_string_equal(caa->sources[0]->kind, "branch");
	assert_string_equal(caa->head, "caa");
	assert_string_equal(caa->from, "recorded");
	assert_string_equal(caa->state, "draft");
	assert_string_equal(caa->state_source, "found");
	assert_int_equal(caa->nfound_in, 2);
	assert_string_equal(caa->found_in[1], "recorded");
	assert_string_equal(smc->id, "SMC01");
	assert_string_equal(smc->state, "voting"); /* recorded by test_recorded */
	assert_int_equal(smc->pr, 12);
	assert_string_equal(smc->published, "");

	const struct ballots_ballot **sorted = ballots_sorted(&set);
	assert_int_equal(set.n, 2);
	assert_ptr_equal(sorted[0], smc); /* ballot names first, drafts after them */
	assert_ptr_equal(sorted[1], caa);

	json_t *list = NULL;
	assert_int_equal(ballots_list(&list, fx.db, &fx.doc, NULL), 0);
	assert_int_equal(json_array_size(list), 2);
	for (size_t i = 0; i < set.n; i++) {
		json_t *mine = ballots_ballot_to_json(sorted[i]), *entry = json_deep_copy(json_array_get(list, i));
		json_object_del(entry, "next_deadline");
		json_object_del(entry, "ipr_ends");
		assert_true(json_equal(mine, entry));
		json_decref(mine);
		json_decref(entry);
	}
	json_decref(list);
	free(sorted);
	ballots_set_release(&set);
	ballots_set_release(&set); /* released twice: harmless */
}

/*
 * A recorded ballot in flight on the status page: its deadlines, next
 * deadline, vote and endorsement flag, now built from the records, are
 * what `ballot show` (ballots_view) says of it at that meeting.
 */
static void test_status_flight(void **state)
{
	(void)state;
	struct ct_ballot b;
	int found = 0;
	assert_int_equal(ballotdb_ballot_get(&b, &found, fx.db, fx.doc.name, "SMC1"), 0);
	assert_int_equal(found, 1);
	assert_int_equal(db_begin(fx.db), 0);
	assert_int_equal(ballotdb_set(fx.db, b.id, "votes_issuers", "20/1/0"), 0);
	assert_int_equal(ballotdb_set(fx.db, b.id, "votes_consumers", "3/0/0"), 0);
	assert_int_equal(db_commit(fx.db), 0);
	ct_ballot_release(&b);

	struct ct_meeting_list meetings = CT_MEETING_LIST_INIT;
	struct ct_meeting m;
	json_t *model = NULL, *entry = NULL, *x;
	struct ct_date today = { 2024, 12, 31 };
	assert_int_equal(meetingdb_query(&meetings, fx.db), 0);
	assert_int_equal(meetings_pick(&m, &meetings, "2024-01-12", today, NULL), 0);
	struct status_options opts = STATUS_OPTIONS_INIT;
	opts.with_diffs = 0;
	opts.tz = "America/New_York";
	assert_int_equal(status_build(&model, fx.db, &fx.doc, &m, &meetings, &opts), 0);
	size_t i;
	json_array_foreach(json_object_get(model, "ballots_in_flight"), i, x)
		if (!strcmp(s(x, "key"), "SMC1"))
			entry = x;
	assert_non_null(entry);

	json_t *v = NULL;
	struct ballots_view_options bo = BALLOTS_VIEW_OPTIONS_INIT;
	bo.tz = opts.tz;
	bo.as_of = meetings_as_of(&m);
	assert_int_equal(ballots_view(&v, fx.db, &fx.doc, "SMC1", &bo), 0);
	json_t *want = json_array(), *step;
	json_array_foreach(json_object_get(json_object_get(v, "lifecycle"), "steps"), i, step) {
		json_t *d = json_deep_copy(step);
		json_object_del(d, "key");
		json_array_append_new(want, d);
	}
	assert_true(json_array_size(want) >= 3); /* vote start, its end, the result due ... */
	assert_true(json_equal(json_object_get(entry, "deadlines"), want));
	assert_string_equal(s(entry, "next_deadline"), s(v, "next_deadline"));
	assert_string_equal(s(entry, "next_deadline"), "voting ends 2024-01-17 17:00 UTC (2024-01-17 12:00 EST)");
	assert_true(json_equal(json_object_get(entry, "vote"), json_object_get(v, "vote")));
	assert_string_equal(s(json_object_get(entry, "vote"), "result"), "passed");
	assert_true(json_equal(json_object_get(entry, "flag"), json_object_get(json_object_get(v, "endorsement"), "flag")));
	assert_true(json_is_string(json_object_get(entry, "flag"))); /* one endorser */
	assert_string_equal(s(entry, "state"), "voting");
	assert_int_equal(json_integer_value(json_object_get(entry, "pr")), 12);
	json_decref(want);
	json_decref(v);
	json_decref(model);
	ct_meeting_release(&m);
	ct_meeting_list_release(&meetings);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meetings),
		cmocka_unit_test(test_meeting_pick),
		cmocka_unit_test(test_cadence_meeting),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_recorded),
		cmocka_unit_test(test_mentions),
		cmocka_unit_test(test_merged),
		cmocka_unit_test(test_status_flight),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
