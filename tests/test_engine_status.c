/*
 * test_engine_status.c - status_build called directly (no command, no
 * corpus) on a history the test commits with fixed dates and meetings it
 * records: the view model's fields as they stood at each meeting (the
 * document's version, the previous and next meeting, the window since the
 * previous one, drafts that moved in it and branches that did not, the
 * dates, the counts agreeing with the lists), and the issues of the
 * document's repository in the lists of the page.
 */
#include "testutil.h"

#include "db/meetingdb.h"
#include "engine_fixture.h"
#include "importers/datephrase.h"
#include "tracker/meetings.h"
#include "tracker/status.h"

static const char v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
	"Effective 2024-06-01 the CA SHALL log every issuance decision.\n";

static const char v2[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.1.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
	"Effective 2024-06-01 the CA SHALL log every issuance decision.\n\n## 4.2 Keys\n\n"
	"Effective 2024-09-01 the CA SHALL rotate keys.\n";

static const char caa[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHALL publish a list.\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
	"Effective 2024-06-01 the CA SHALL log every issuance decision.\n\n## 4.3 CAA\n\nThe CA SHALL check CAA records.\n";

static const char stale[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\n---\n\n# 1. INTRODUCTION\n\n## 1.1 Overview\n\n"
	"The CA SHOULD publish a list.\n";

static struct ct_meeting_list meetings = CT_MEETING_LIST_INIT;

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	fx_commit(&fx, "TST.md", v1, "Ballot SMC01 - first version", "2024-01-05T12:00:00Z");
	fx_git(&fx, "checkout -q -b stale");
	fx_commit(&fx, "TST.md", stale, "an old idea", "2024-01-10T12:00:00Z");
	fx_git(&fx, "checkout -q -b caa main");
	fx_commit(&fx, "TST.md", caa, "CAA draft", "2024-02-14T12:00:00Z");
	fx_git(&fx, "checkout -q main");
	fx_commit(&fx, "TST.md", v2, "Ballot SMC02 - keys", "2024-03-01T12:00:00Z");
	fx_import(&fx, "TST.md");
	static const char *const days[] = { "2024-01-24", "2024-02-07", "2024-02-21", "2024-03-06" };
	assert_int_equal(db_begin(fx.db), 0);
	for (size_t i = 0; i < 4; i++) {
		char start[32];
		snprintf(start, sizeof(start), "%sT16:00:00Z", days[i]);
		struct meetingdb_meeting m = { days[i], "16:00", "UTC", start, "Test WG call", "recorded", NULL, NULL };
		int created = 0;
		assert_int_equal(meetingdb_put(&created, fx.db, &m), 0);
		assert_int_equal(created, 1);
	}
	assert_int_equal(db_commit(fx.db), 0);
	assert_int_equal(meetingdb_query(&meetings, fx.db), 0);
	return 0;
}

static int teardown(void **state)
{
	ct_meeting_list_release(&meetings);
	return fx_teardown(state);
}

/* The model at the meeting of `day`. */
static json_t *status_at(const char *day, const char *wg)
{
	struct ct_meeting m;
	json_t *model = NULL;
	struct ct_date today = { 2024, 12, 31 };
	assert_int_equal(meetings_pick(&m, &meetings, day, today, NULL), 0);
	struct status_options opts = STATUS_OPTIONS_INIT;
	opts.with_diffs = 0;
	opts.wg = wg;
	int rc = status_build(&model, fx.db, &fx.doc, &m, &meetings, &opts);
	if (rc < 0)
		fprintf(stderr, "status_build: %s\n", ct_error_last());
	assert_int_equal(rc, 0);
	ct_meeting_release(&m);
	return model;
}

static json_t *at(json_t *o, const char *a, const char *b)
{
	return json_object_get(json_object_get(o, a), b);
}

/* A draft whose id or key contains `needle`. */
static json_t *draft(json_t *model, const char *needle)
{
	json_t *d;
	size_t i;
	json_array_foreach(json_object_get(model, "drafts"), i, d)
		if (strstr(s(d, "id"), needle) || strstr(s(d, "key"), needle))
			return d;
	return NULL;
}

/* The counts say what the lists hold. */
static void counts_agree(json_t *model)
{
	json_t *c = json_object_get(model, "counts");
	assert_int_equal(json_integer_value(json_object_get(c, "ballots_in_flight")),
			 json_array_size(json_object_get(model, "ballots_in_flight")));
	assert_int_equal(json_integer_value(json_object_get(c, "drafts")), json_array_size(json_object_get(model, "drafts")));
	assert_int_equal(json_integer_value(json_object_get(c, "dates")), json_array_size(at(model, "dates", "rows")));
	assert_int_equal(json_integer_value(json_object_get(c, "issues_new")), json_array_size(at(model, "issues", "new")));
}

static void test_meeting_and_neighbours(void **state)
{
	(void)state;
	json_t *model = status_at("2024-02-21", "Test WG");
	if (!json_is_object(json_object_get(model, "previous")))
		fprintf(stderr, "%s\n", json_dumps(model, JSON_INDENT(1)));
	assert_string_equal(s(json_object_get(model, "meeting"), "date"), "2024-02-21");
	assert_true(json_is_true(at(model, "meeting", "recorded")));
	assert_non_null(strstr(s(json_object_get(model, "meeting"), "utc"), "16:00"));
	assert_string_equal(s(json_object_get(model, "previous"), "date"), "2024-02-07");
	assert_string_equal(s(model, "since"), "2024-02-07");
	assert_string_equal(s(json_object_get(model, "next"), "date"), "2024-03-06");
	assert_string_equal(s(model, "wg"), "Test WG");
	assert_true(json_is_null(json_object_get(model, "repo")));
	counts_agree(model);
	json_decref(model);

	/* the first meeting has no previous one: the window reaches back instead */
	model = status_at("2024-01-24", NULL);
	assert_true(json_is_null(json_object_get(model, "previous")));
	assert_true(strcmp(s(model, "since"), "2024-01-24") < 0);
	assert_true(json_is_null(json_object_get(model, "wg")));
	json_decref(model);

	/* the last has no next one */
	model = status_at("2024-03-06", NULL);
	assert_true(json_is_null(json_object_get(model, "next")));
	json_decref(model);
}

static void test_document_as_it_stood(void **state)
{
	(void)state;
	json_t *model = status_at("2024-02-21", NULL), *doc = json_object_get(model, "document");
	assert_string_equal(s(doc, "name"), "TST");
	assert_string_equal(s(doc, "title"), "Test Requirements");
	/* 1.1.0 came on 2024-03-01, after this meeting */
	assert_string_equal(s(doc, "version"), "1.0.0");
	assert_true(json_is_true(json_object_get(doc, "imported")));
	/* the dates in force then: 4.1's, not yet 4.2's */
	json_t *r;
	size_t i;
	int has_41 = 0, has_42 = 0;
	json_array_foreach(at(model, "dates", "rows"), i, r) {
		has_41 |= !strcmp(s(r, "date"), "2024-06-01");
		has_42 |= !strcmp(s(r, "date"), "2024-09-01");
	}
	assert_true(has_41);
	assert_false(has_42);
	json_decref(model);

	model = status_at("2024-03-06", NULL);
	assert_string_equal(s(json_object_get(model, "document"), "version"), "1.1.0");
	has_42 = 0;
	json_array_foreach(at(model, "dates", "rows"), i, r)
		has_42 |= !strcmp(s(r, "date"), "2024-09-01");
	assert_true(has_42);
	counts_agree(model);
	json_decref(model);
}

static void test_drafts_in_the_window(void **state)
{
	(void)state;
	/* caa moved on 2024-02-14, between 2024-02-07 and 2024-02-21: a draft to discuss */
	json_t *model = status_at("2024-02-21", NULL);
	json_t *d = draft(model, "caa");
	if (!d)
		fprintf(stderr, "%s\n", json_dumps(json_object_get(model, "drafts"), JSON_INDENT(1)));
	assert_non_null(d);
	json_t *sec;
	size_t i;
	int has_43 = 0;
	json_array_foreach(json_object_get(d, "sections"), i, sec)
		has_43 |= !strcmp(s(sec, "number"), "4.3");
	assert_true(has_43);
	/* the stale branch did not move since January: no draft */
	assert_null(draft(model, "stale"));
	json_decref(model);

	/* a meeting later, caa has not moved: not on the page */
	model = status_at("2024-03-06", NULL);
	assert_null(draft(model, "caa"));
	assert_null(draft(model, "stale"));
	json_decref(model);
}

/* The numbers of the issues in list `name` of the model's issues, "1,4". */
static void numbers(struct strbuf *sb, json_t *list)
{
	json_t *is;
	size_t i;
	strbuf_reset(sb);
	json_array_foreach(list, i, is)
		strbuf_addf(sb, "%s%lld", i ? "," : "", (long long)json_integer_value(json_object_get(is, "number")));
}

/* The issue `number` in list `list`, or NULL. */
static json_t *issue(json_t *list, long number)
{
	json_t *is;
	size_t i;
	json_array_foreach(list, i, is)
		if (json_integer_value(json_object_get(is, "number")) == number)
			return is;
	return NULL;
}

static void test_issues(void **state)
{
	(void)state;
	/* the caa draft's ballot key and name, for an issue it addresses */
	json_t *model = status_at("2024-02-21", NULL), *d = draft(model, "caa");
	assert_non_null(d);
	const char *key = NULL;
	json_t *v;
	json_object_foreach(json_object_get(d, "keys"), key, v)
		break;
	assert_non_null(key);
	char *draft_key = strdup(key), *draft_id = strdup(s(d, "id"));
	json_decref(model);

	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql,
		    "BEGIN;"
		    "INSERT INTO gh_repos (id, name, doc) VALUES (1, 'aaa/other', NULL), (2, 'acme/tst', 'TST');"
		    "INSERT INTO gh_issues (repo_id, number, title, state, is_pull_request, created_at, updated_at, "
		    "closed_at, html_url, labels) VALUES "
		    "(2, 1, 'Issuance wording', 'open', 0, '2024-02-10T00:00:00Z', '2024-02-10T00:00:00Z', NULL, "
		    "'https://github.com/acme/tst/issues/1', '[\"ca\"]'),"
		    "(2, 2, 'Old idea', 'open', 0, '2024-01-02T00:00:00Z', '2024-02-15T00:00:00Z', NULL, "
		    "'javascript:alert(1)', '[\"Parked\",\"later\"]'),"
		    "(2, 3, 'CAA checks', 'closed', 0, '2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z', "
		    "'2024-03-01T00:00:00Z', NULL, '[]'),"
		    "(2, 4, 'Closed before', 'closed', 0, '2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z', "
		    "'2024-01-04T00:00:00Z', NULL, '[]'),"
		    "(2, 5, 'A pull request', 'open', 1, '2024-02-12T00:00:00Z', '2024-02-12T00:00:00Z', NULL, NULL, '[]'),"
		    "(2, 6, 'Opened after', 'open', 0, '2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z', NULL, NULL, '[]'),"
		    "(1, 7, 'Another repository', 'open', 0, '2024-02-10T00:00:00Z', '2024-02-10T00:00:00Z', NULL, NULL, '[]');"
		    "INSERT INTO issue_links (repo_id, number, kind, target, doc, resolved, source, text) VALUES "
		    "(2, 1, 'section', '4.1', 'TST', 1, 'title', '4.1'),"
		    "(2, 1, 'section', '9.9', 'TST', 0, 'body', '9.9'),"
		    "(2, 3, 'section', '1.1', 'TST', 1, 'body', '1.1'),"
		    "(2, 3, 'ballot', 'SMC1', 'TST', 1, 'body', 'SMC01'),"
		    "(2, 3, 'addressed', '%s', 'TST', 1, 'pull', '#5');"
		    "COMMIT;",
		    draft_key);
	assert_int_equal(db_exec(fx.db, sql.buf), 0);

	model = status_at("2024-02-21", NULL);
	json_t *issues = json_object_get(model, "issues");
	assert_string_equal(s(model, "repo"), "acme/tst");
	/* since 2024-02-07: #1 and the pull request #5 are new, #2 updated; #6 came after the meeting */
	numbers(&sql, json_object_get(issues, "new"));
	assert_string_equal(sql.buf, "1,5");
	numbers(&sql, json_object_get(issues, "updated"));
	assert_string_equal(sql.buf, "2");
	numbers(&sql, json_object_get(issues, "parked"));
	assert_string_equal(sql.buf, "2");
	/* #3 was still open at the meeting, addressed by the draft, which names it */
	numbers(&sql, json_object_get(issues, "addressed"));
	assert_string_equal(sql.buf, "3");
	json_t *is3 = issue(json_object_get(issues, "addressed"), 3);
	assert_string_equal(s(is3, "state"), "open");
	assert_string_equal(json_string_value(json_array_get(json_object_get(is3, "addressed_by"), 0)), draft_id);
	assert_string_equal(json_string_value(json_array_get(json_object_get(is3, "ballots"), 0)), "SMC1");
	json_t *addresses = json_object_get(draft(model, "caa"), "addresses");
	assert_int_equal(json_array_size(addresses), 1);
	assert_int_equal(json_integer_value(json_array_get(addresses, 0)), 3);
	/* only resolved sections; a URL that is not http(s) is no link; "parked" is a badge, not a label */
	json_t *is1 = issue(json_object_get(issues, "new"), 1), *is2 = issue(json_object_get(issues, "updated"), 2);
	assert_int_equal(json_array_size(json_object_get(is1, "sections")), 1);
	assert_string_equal(s(is1, "url"), "https://github.com/acme/tst/issues/1");
	assert_true(json_is_null(json_object_get(is2, "url")));
	assert_true(json_is_true(json_object_get(is2, "parked")));
	assert_int_equal(json_array_size(json_object_get(is2, "labels")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(is2, "labels"), 0)), "later");
	assert_true(json_is_true(json_object_get(issue(json_object_get(issues, "new"), 5), "is_pull_request")));
	/* open issues, not parked, not pull requests: by section in document order, none last */
	json_t *groups = json_object_get(issues, "by_section");
	assert_int_equal(json_integer_value(json_object_get(issues, "open")), 2);
	assert_int_equal(json_array_size(groups), 2);
	assert_string_equal(s(json_array_get(groups, 0), "section"), "1.1");
	assert_string_equal(s(json_array_get(groups, 0), "title"), "Overview");
	assert_string_equal(s(json_array_get(groups, 1), "section"), "4.1");
	assert_string_equal(s(json_array_get(groups, 1), "title"), "Issuance");
	numbers(&sql, json_object_get(json_array_get(groups, 1), "issues"));
	assert_string_equal(sql.buf, "1");
	counts_agree(model);
	json_decref(model);

	/* a meeting later #3 is closed: no longer addressed, and not open */
	model = status_at("2024-03-06", NULL);
	issues = json_object_get(model, "issues");
	assert_int_equal(json_array_size(json_object_get(issues, "addressed")), 0);
	assert_string_equal(s(model, "repo"), "acme/tst");
	json_decref(model);
	strbuf_release(&sql);
	free(draft_key);
	free(draft_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_and_neighbours),
		cmocka_unit_test(test_document_as_it_stood),
		cmocka_unit_test(test_drafts_in_the_window),
		/* last: it adds GitHub data the others do not expect */
		cmocka_unit_test(test_issues),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
