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
	json_decref(v);
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
		  "\"created\": \"t\", \"updated\": \"t\", \"phases\": [], \"log\": []}], \"meetings\": [{\"date\": 5}]}",
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
		cmocka_unit_test(test_pages_stay_in_their_folder),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
