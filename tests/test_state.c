/*
 * test_state.c - what only the chair recorded survives: `export` and
 * `import state` round trips (idempotent, into a database rebuilt from the
 * repository), bad state files leave the database byte for byte as it
 * was, and pages never land outside the folder given, whatever a ballot
 * is called.
 */
#include "testutil.h"

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

static void record(const char *db)
{
	tu_ct_ok(db, "ballot add D1 --base main --head main --title 'A draft' --pr 9");
	tu_ct_ok(db, "ballot set D1 --state voting --vote-end '2024-02-20 17:00 UTC' --type guideline");
	tu_ct_ok(db, "ballot plan D1 --phase 'SHOULD +6 months' --phase 'SHALL +12 months' --from 2024-03-01");
	tu_ct_ok(db, "ballot set SMC91 --state effective");
	/* Migration 6: proposer, endorsers, the Bylaws' times and the vote. */
	tu_ct_ok(db, "ballot set D1 --proposer 'Ann Lee (CA One)' --endorser 'Bob Roe (Browser Co)' "
		     "--endorser 'Cy Poe (CA Two, Inc.)' --last-version '2024-02-01 17:00 UTC'");
	tu_ct_ok(db, "ballot vote D1 --issuers 12/0/1 --consumers 2/1/0");
	tu_ct_ok(db, "ballot set SMC91 --result-at '2023-06-01 12:00 UTC' --review-start '2023-06-02 12:00 UTC'");
	tu_ct_ok(db, "meeting add 2024-02-14 --time 11:00 --tz America/New_York --title 'Test WG'");
}

static void test_export_import_round_trip(void **state)
{
	(void)state;
	char *a = fresh_db("a.db"), *b = fresh_db("b.db"), *file = path_in("state.json");
	record(a);
	struct strbuf args = STRBUF_INIT, one = STRBUF_INIT, two = STRBUF_INIT, show_a = STRBUF_INIT, show_b = STRBUF_INIT;
	strbuf_addf(&args, "export --out '%s'", file);
	tu_ct_ok(a, args.buf);
	strbuf_reset(&args);
	strbuf_addf(&args, "import state '%s'", file);
	tu_ct_ok(b, args.buf);
	tu_ct_ok(b, args.buf); /* twice: nothing more */
	assert_int_equal(tu_ct(&one, NULL, a, "export"), 0);
	assert_int_equal(tu_ct(&two, NULL, b, "export"), 0);
	assert_string_equal(one.buf, two.buf);
	/* The views agree: lifecycle, derived IP review end, plan, log. */
	assert_int_equal(tu_ct(&show_a, NULL, a, "ballot show D1 --format json"), 0);
	assert_int_equal(tu_ct(&show_b, NULL, b, "ballot show D1 --format json"), 0);
	assert_string_equal(show_a.buf, show_b.buf);
	json_t *v = json_loads(show_b.buf, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(v, "lifecycle"), "ipr_ends"),
							       "time")), "2024-04-20T17:00:00Z");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "vote"), "result")), "passed");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(v, "endorsement"), "endorsers"),
							     1)), "Cy Poe (CA Two, Inc.)");
	json_decref(v);
	/* The new fields as the file has them: endorsers an array, votes as typed. */
	json_t *st = json_loads(two.buf, 0, NULL), *d1 = json_array_get(json_object_get(st, "ballots"), 0);
	assert_int_equal(json_array_size(json_object_get(d1, "endorsers")), 2);
	assert_string_equal(json_string_value(json_object_get(d1, "votes_issuers")), "12/0/1");
	assert_string_equal(json_string_value(json_object_get(d1, "last_version")), "2024-02-01T17:00:00Z");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(st, "ballots"), 1),
							       "review_start")), "2023-06-02T12:00:00Z");
	json_decref(st);
	json_t *m = tu_ct_json(b, "meeting list --format json");
	assert_int_equal(json_array_size(m), 1);
	json_decref(m);

	/* Re-importing the repository into b leaves what was restored. */
	strbuf_reset(&args);
	strbuf_addf(&args, "import '%s' --path DOC.md -q", repo);
	tu_ct_ok(b, args.buf);
	strbuf_reset(&two);
	assert_int_equal(tu_ct(&two, NULL, b, "export"), 0);
	assert_string_equal(one.buf, two.buf);

	strbuf_release(&args);
	strbuf_release(&one);
	strbuf_release(&two);
	strbuf_release(&show_a);
	strbuf_release(&show_b);
	free(a);
	free(b);
	free(file);
}

static void bad_state(const char *db, const char *file, const char *text, const char *needle)
{
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT, err = STRBUF_INIT, args = STRBUF_INIT;
	tu_write_file(file, text, strlen(text));
	assert_int_equal(tu_read_file(&before, db), 0);
	strbuf_addf(&args, "import state '%s'", file);
	tu_assert_one_error(tu_ct(NULL, &err, db, args.buf), &err, needle);
	assert_int_equal(tu_read_file(&after, db), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&err);
	strbuf_release(&args);
}

static void test_bad_state_files(void **state)
{
	(void)state;
	char *db = fresh_db("bad.db"), *file = path_in("bad.json");
	record(db);
	bad_state(db, file, "{\"cabtrack_state\": 1, \"ballots\": [", "not valid JSON");
	bad_state(db, file, "{\"ballots\": [], \"meetings\": []}", "not a cabtrack state file");
	bad_state(db, file, "{\"cabtrack_state\": 1, \"ballots\": [{\"doc\": 7}], \"meetings\": []}", "ballots[0].doc");
	/* A good ballot then a bad meeting: nothing at all is written. */
	bad_state(db, file,
		  "{\"cabtrack_state\": 1, \"ballots\": [{\"doc\": \"DOC\", \"ballot_key\": \"X\", \"name\": \"X\", "
		  "\"created\": \"2024-01-01T00:00:00Z\", \"updated\": \"2024-01-01T00:00:00Z\", \"phases\": [], \"log\": []}], "
		  "\"meetings\": [{\"date\": 5}]}",
		  "meetings[0]");
	char *missing = path_in("nowhere.json");
	struct strbuf err = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&args, "import state '%s'", missing);
	tu_assert_one_error(tu_ct(NULL, &err, db, args.buf), &err, "nowhere.json");
	strbuf_release(&err);
	strbuf_release(&args);
	free(missing);
	free(db);
	free(file);
}

/* Replace the value at ballots[0].KEY (or meetings[0].KEY, phases, log) of a good export, and import it. */
static void bad_value(const char *db, const char *file, json_t *good, const char *list, const char *sub,
		      const char *key, json_t *value, const char *needle)
{
	json_t *st = json_deep_copy(good);
	json_t *o = json_array_get(json_object_get(st, list), 0);
	if (sub)
		o = json_array_get(json_object_get(o, sub), 0);
	assert_non_null(o);
	json_object_set_new(o, key, value);
	char *text = json_dumps(st, JSON_INDENT(1));
	bad_state(db, file, text, needle);
	free(text);
	json_decref(st);
}

/* Issue 14 item 8: import state refuses what no command would take, one line naming the field. */
static void test_state_values_checked(void **state)
{
	(void)state;
	char *db = fresh_db("bad-values.db"), *file = path_in("bad-values.json"), *good_file = path_in("bad-good.json");
	record(db);
	tu_ct_ok(db, "ballot set D1 --vote-start '2024-02-13 17:00 UTC'");
	struct strbuf args = STRBUF_INIT;
	strbuf_addf(&args, "export --out '%s'", good_file);
	tu_ct_ok(db, args.buf);
	json_t *good = json_load_file(good_file, 0, NULL);
	assert_non_null(good);
	/* The ballot with a plan comes first (D1 before SMC91). */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(good, "ballots"), 0),
							      "ballot_key")), "D1");

	bad_value(db, file, good, "ballots", NULL, "vote_end", json_string("2023-02-30T17:00:00Z"), "ballots[0].vote_end");
	bad_value(db, file, good, "ballots", NULL, "vote_end", json_string("0999-06-01T00:00:00Z"), "ballots[0].vote_end");
	bad_value(db, file, good, "ballots", NULL, "vote_end", json_string("2024-02-20 17:00"), "ballots[0].vote_end");
	bad_value(db, file, good, "ballots", NULL, "ipr_ends", json_string("2024-02-01T00:00:00Z"), "before voting ends");
	bad_value(db, file, good, "ballots", NULL, "vote_start", json_string("2024-03-01T00:00:00Z"), "after it ends");
	bad_value(db, file, good, "ballots", NULL, "state", json_string("adopted"), "ballots[0].state: unknown state");
	bad_value(db, file, good, "ballots", NULL, "type", json_string("final"), "ballots[0].type");
	bad_value(db, file, good, "ballots", NULL, "pr", json_integer(-5), "ballots[0].pr");
	bad_value(db, file, good, "ballots", NULL, "pr", json_string("9"), "ballots[0].pr");
	bad_value(db, file, good, "ballots", NULL, "doc", json_string("NOPE"), "no document 'NOPE'");
	bad_value(db, file, good, "ballots", NULL, "ballot_key", json_string(""), "ballots[0].ballot_key");
	bad_value(db, file, good, "ballots", NULL, "name", json_null(), "ballots[0].name");
	bad_value(db, file, good, "ballots", NULL, "plan_from", json_string("soon"), "ballots[0].plan_from");
	bad_value(db, file, good, "ballots", NULL, "endorsers", json_string("Bob"), "ballots[0].endorsers");
	bad_value(db, file, good, "ballots", NULL, "endorsers", json_pack("[s]", ""), "ballots[0].endorsers");
	bad_value(db, file, good, "ballots", NULL, "proposer", json_string("A\tB"), "ballots[0].proposer");
	bad_value(db, file, good, "ballots", NULL, "votes_issuers", json_string("12/0"), "ballots[0].votes_issuers");
	bad_value(db, file, good, "ballots", NULL, "last_version", json_string("2024-02-30T00:00:00Z"),
		  "ballots[0].last_version");
	bad_value(db, file, good, "ballots", NULL, "garbage", json_true(), "unknown field 'garbage'");
	bad_value(db, file, good, "ballots", NULL, "created", json_string("yesterday"), "ballots[0].created");
	bad_value(db, file, good, "ballots", "phases", "keyword", json_string("SOMETIMES"), "ballots[0].phases[0]");
	bad_value(db, file, good, "ballots", "phases", "offset", json_string("-6 months"), "ballots[0].phases[0]");
	bad_value(db, file, good, "ballots", "phases", "when", json_string("x"), "unknown field 'when'");
	bad_value(db, file, good, "ballots", "log", "field", json_string("colour"), "ballots[0].log[0].field");
	bad_value(db, file, good, "ballots", "log", "time", json_string("2024-13-01T00:00:00Z"), "ballots[0].log[0]");
	bad_value(db, file, good, "meetings", NULL, "tz", json_string("Mars/Olympus"), "meetings[0].tz");
	bad_value(db, file, good, "meetings", NULL, "tz", json_string("America"), "meetings[0].tz");
	bad_value(db, file, good, "meetings", NULL, "date", json_string("2023-02-30"), "meetings[0].date");
	bad_value(db, file, good, "meetings", NULL, "date", json_string(""), "meetings[0].date: missing or empty");
	bad_value(db, file, good, "meetings", NULL, "time", json_string("9:5"), "meetings[0].time");
	bad_value(db, file, good, "meetings", NULL, "start_utc", json_string("soon"), "meetings[0].start_utc");
	bad_value(db, file, good, "meetings", NULL, "source", json_string("rumour"), "meetings[0].source");
	bad_value(db, file, good, "meetings", NULL, "tags", json_pack("[i]", 1), "meetings[0].tags");
	json_t *extra = json_deep_copy(good);
	json_object_set_new(extra, "garbage", json_array());
	char *text = json_dumps(extra, 0);
	bad_state(db, file, text, "unknown field 'garbage'");
	free(text);
	json_decref(extra);

	/* The good file itself goes in. */
	strbuf_reset(&args);
	strbuf_addf(&args, "import state '%s'", good_file);
	tu_ct_ok(db, args.buf);
	json_decref(good);
	strbuf_release(&args);
	free(db);
	free(file);
	free(good_file);
}

static void test_pages_stay_in_their_folder(void **state)
{
	(void)state;
	char *db = fresh_db("out.db"), *site = path_in("deep/site");
	tu_ct_ok(db, "ballot add '../../escape' --base main --head main");
	tu_ct_ok(db, "ballot add '/etc/passwd' --base main --head main");
	tu_ct_ok(db, "meeting add 2024-02-14");
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s/deep'", tmp), 0);
	struct strbuf args = STRBUF_INIT, files = STRBUF_INIT;
	strbuf_addf(&args, "render status --meeting 2024-02-14 --out '%s'", site);
	tu_ct_ok(db, args.buf);
	/* Every file written is a plain name inside the folder; nothing beside it. */
	assert_int_equal(tu_run(&files, NULL, "cd '%s' && find . -type f | sort", tmp), 0);
	const char *p = files.buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int inside = !strncmp(p, "./deep/site/", 12) && !memchr(p + 12, '/', n - 12);
		int other = !strncmp(p, "./repo/", 7) || !strncmp(p, "./out.db", 8) || !strncmp(p, "./a.db", 6) ||
			    !strncmp(p, "./b.db", 6) || !strncmp(p, "./bad", 5) || !strncmp(p, "./state.json", 12);
		if (!inside && !other)
			fprintf(stderr, "unexpected file: %.*s\n", (int)n, p);
		assert_true(inside || other);
		p = nl ? nl + 1 : p + n;
	}
	assert_non_null(strstr(files.buf, "./deep/site/index.html"));
	strbuf_release(&args);
	strbuf_release(&files);
	free(db);
	free(site);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_import_round_trip),
		cmocka_unit_test(test_bad_state_files),
		cmocka_unit_test(test_state_values_checked),
		cmocka_unit_test(test_pages_stay_in_their_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
