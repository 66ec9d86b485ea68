/*
 * test_cli_project.c - finding the project as git finds .git: cabtrack in a
 * subfolder of a project uses the project's database; --db works before or
 * after the command; folders the project file names resolve against the
 * project's folder, not the current one; `cabtrack status` says where it
 * all stands.  Needs no corpus.
 */
#include "testutil.h"

#include <limits.h>

static char *tmp;
static char bin[PATH_MAX];

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	if (!realpath(tu_binary_path(), bin))
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

/* Run cabtrack in folder `dir` with no --db and no $CABTRACK_DB. */
static int ct_in(struct strbuf *out, struct strbuf *err, const char *dir, const char *args)
{
	return tu_run(out, err, "cd '%s' && env -u CABTRACK_DB -u CABTRACK_CONF '%s' %s", dir, bin, args);
}

/* A project with a document, and a folder two levels down. */
static void make_project(char *proj, size_t size, const char *name)
{
	snprintf(proj, size, "%s/%s", tmp, name);
	assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s/a/b' && printf '# Doc\\n\\n## 1. Intro\\n\\n"
				     "The CA SHALL publish it before 2025-01-01.\\n' > '%s/doc.md'", proj, proj), 0);
	assert_int_equal(ct_in(NULL, NULL, proj, "import doc.md -q"), 0);
}

static void test_subfolder_finds_database(void **state)
{
	(void)state;
	char proj[4200], sub[4300];
	make_project(proj, sizeof(proj), "p1");
	snprintf(sub, sizeof(sub), "%s/a/b", proj);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = ct_in(&out, &err, sub, "dates --format json");
	if (rc != 0)
		fail_msg("dates in a subfolder: exit %d: %s", rc, err.buf);
	assert_non_null(strstr(out.buf, "2025-01-01"));

	/* no database was made in the subfolder */
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/cabtrack.db", sub);
	assert_int_not_equal(access(path.buf, F_OK), 0);
	strbuf_release(&path);

	/* outside any project: the usual error naming cabtrack.db */
	strbuf_reset(&err);
	rc = ct_in(NULL, &err, "/", "versions");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, "cabtrack.db"));
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_db_after_command(void **state)
{
	(void)state;
	char proj[4200];
	make_project(proj, sizeof(proj), "p2");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_run(&out, &err, "cd / && '%s' dates --db '%s/cabtrack.db' --format json", bin, proj);
	if (rc != 0)
		fail_msg("dates --db after the command: exit %d: %s", rc, err.buf);
	assert_non_null(strstr(out.buf, "2025-01-01"));
	strbuf_reset(&err);
	rc = tu_run(NULL, &err, "cd / && '%s' versions --db=%s/missing.db", bin, tmp);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, "missing.db"));
	strbuf_reset(&err);
	rc = tu_run(NULL, &err, "cd / && '%s' versions --db", bin);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, "'--db' needs a value"));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* The nearest folder holding a project file or a database wins, as the nearest .git does. */
static void test_nearest_project_wins(void **state)
{
	(void)state;
	char proj[4200], inner[4300];
	make_project(proj, sizeof(proj), "p3");
	snprintf(inner, sizeof(inner), "%s/a", proj);
	assert_int_equal(tu_run(NULL, NULL, "printf '# Other\\n\\n## 1. Scope\\n\\nThe CA SHALL stop by 2030-06-30.\\n' "
				     "> '%s/other.md'", inner), 0);
	/* inside a project, a new one needs its own --db (as git init does .git) */
	assert_int_equal(ct_in(NULL, NULL, inner, "import other.md -q --db cabtrack.db"), 0);
	struct strbuf out = STRBUF_INIT;
	char deeper[4400];
	snprintf(deeper, sizeof(deeper), "%s/b", inner);
	assert_int_equal(ct_in(&out, NULL, deeper, "dates --format json"), 0);
	assert_non_null(strstr(out.buf, "2030-06-30"));
	assert_null(strstr(out.buf, "2025-01-01"));
	strbuf_release(&out);
}

static void test_pages_resolve_against_project(void **state)
{
	(void)state;
	char proj[4200], sub[4300];
	make_project(proj, sizeof(proj), "p4");
	snprintf(sub, sizeof(sub), "%s/a/b", proj);
	assert_int_equal(ct_in(NULL, NULL, proj, "config cabtrack.pages site"), 0);
	assert_int_equal(ct_in(NULL, NULL, sub, "meeting add 2024-06-05"), 0);
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	int rc = ct_in(NULL, &err, sub, "render status --meeting 2024-06-05");
	if (rc != 0)
		fail_msg("render status in a subfolder: exit %d: %s", rc, err.buf);
	strbuf_addf(&path, "%s/site/index.html", proj);
	assert_int_equal(access(path.buf, F_OK), 0);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/site", sub);
	assert_int_not_equal(access(path.buf, F_OK), 0);
	strbuf_release(&err);
	strbuf_release(&path);
}

/* `cabtrack status` from a subfolder names the project, its database and documents. */
static void test_status_where_it_stands(void **state)
{
	(void)state;
	char proj[4200], sub[4300];
	make_project(proj, sizeof(proj), "p5");
	snprintf(sub, sizeof(sub), "%s/a/b", proj);
	assert_int_equal(ct_in(NULL, NULL, proj, "config document.BR.url https://example.org/br.git"), 0);
	assert_int_equal(ct_in(NULL, NULL, proj, "config document.BR.path docs/BR.md"), 0);
	assert_int_equal(ct_in(NULL, NULL, proj, "meeting add 2099-01-06"), 0);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	int rc = ct_in(&out, &err, sub, "status --format json");
	if (rc != 0)
		fail_msg("status: exit %d: %s", rc, err.buf);
	json_error_t jerr;
	json_t *m = json_loads(out.buf, 0, &jerr);
	assert_non_null(m);
	strbuf_addf(&want, "%s/cabtrack.conf", proj);
	assert_string_equal(json_string_value(json_object_get(m, "project_file")), want.buf);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/cabtrack.db", proj);
	assert_string_equal(json_string_value(json_object_get(m, "database")), want.buf);
	json_t *docs = json_object_get(m, "documents");
	assert_int_equal(json_array_size(docs), 2);
	json_t *doc = json_array_get(docs, 0), *br = json_array_get(docs, 1);
	assert_string_equal(json_string_value(json_object_get(doc, "name")), "doc");
	assert_int_equal(json_integer_value(json_object_get(doc, "versions")), 1);
	assert_true(json_is_true(json_object_get(doc, "imported")));
	assert_string_equal(json_string_value(json_object_get(br, "name")), "BR");
	assert_true(json_is_false(json_object_get(br, "imported")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "next_meeting"), "date")), "2099-01-06");
	json_decref(m);

	/* the text form says the same in lines a person reads */
	strbuf_reset(&out);
	assert_int_equal(ct_in(&out, NULL, sub, "status"), 0);
	assert_non_null(strstr(out.buf, "project file   "));
	assert_non_null(strstr(out.buf, "BR           named in the project file, not imported yet"));
	assert_non_null(strstr(out.buf, "next meeting   2099-01-06"));

	/* outside any project: where it would be, and what to run */
	strbuf_reset(&out);
	assert_int_equal(ct_in(&out, NULL, "/", "status"), 0);
	assert_non_null(strstr(out.buf, "not created yet"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

/* A relative date is an operand, not an option: `meeting add -3m` needs no "--". */
static void test_relative_date_operand(void **state)
{
	(void)state;
	char proj[4200];
	make_project(proj, sizeof(proj), "p6");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = ct_in(&out, &err, proj, "meeting add -3m");
	if (rc != 0)
		fail_msg("meeting add -3m: exit %d: %s", rc, err.buf);
	strbuf_reset(&out);
	assert_int_equal(ct_in(&out, NULL, proj, "meeting add --time 11:00 -2w"), 0);
	strbuf_reset(&out);
	assert_int_equal(ct_in(&out, NULL, proj, "meeting list --format json"), 0);
	json_t *list = json_loads(out.buf, 0, NULL);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "time")), "11:00");
	json_decref(list);
	/* as an option's value it stays the value */
	strbuf_reset(&out);
	assert_int_equal(ct_in(&out, NULL, proj, "dates --from -30y --format json"), 0);
	assert_non_null(strstr(out.buf, "2025-01-01"));
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subfolder_finds_database),
		cmocka_unit_test(test_db_after_command),
		cmocka_unit_test(test_nearest_project_wins),
		cmocka_unit_test(test_pages_resolve_against_project),
		cmocka_unit_test(test_status_where_it_stands),
		cmocka_unit_test(test_relative_date_operand),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
