/*
 * test_records_issues.c - the typed records of GitHub data (db/github_query.h)
 * on a small database the test fills with SQL: repositories, issues and
 * pull requests with their labels, and links, read back field by field
 * (SQL NULL as NULL, order, the repository filter), and their JSON keys
 * in the order the JSON edges print.
 */
#include "testutil.h"

#include "db/github_query.h"
#include "db/summary.h"
#include "engine_fixture.h"

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	struct db_open_options o = DB_OPEN_OPTIONS_INIT;
	o.flags = DB_OPEN_WRITE;
	assert_int_equal(db_open(&fx.db, fx.dbpath, &o), 0);
	assert_int_equal(db_exec(fx.db,
				 "BEGIN;"
				 "INSERT INTO gh_repos (id, name, doc, api_url, since, last_updated_at, synced_at) VALUES "
				 "(1, 'zeta/docs', NULL, NULL, NULL, NULL, NULL),"
				 "(2, 'acme/Req', 'TST', 'https://api.github.com', '2024-01-01', '2024-03-01T00:00:00Z', "
				 "'2024-03-02T10:00:00Z'),"
				 "(3, 'mmm/empty', NULL, NULL, NULL, NULL, NULL);"
				 "INSERT INTO gh_issues (repo_id, number, title, body, state, state_reason, is_pull_request, "
				 "user_login, created_at, updated_at, closed_at, html_url, labels, merged_at, head_ref, head_label, "
				 "head_sha, base_ref) VALUES "
				 "(2, 7, 'Keys in 4.2', 'body text', 'open', NULL, 0, 'alice', '2024-01-05T00:00:00Z', "
				 "'2024-02-01T00:00:00Z', NULL, 'https://github.com/acme/Req/issues/7', '[\"Parked\",\"ca\"]', "
				 "NULL, NULL, NULL, NULL, NULL),"
				 "(2, 9, 'Fix keys', NULL, 'closed', 'completed', 1, NULL, '2024-01-06T00:00:00Z', "
				 "'2024-02-02T00:00:00Z', '2024-02-02T00:00:00Z', NULL, '[]', '2024-02-02T00:00:00Z', 'keys', "
				 "'bob:keys', 'abc123', 'main'),"
				 "(1, 3, 'Other repo', NULL, 'open', NULL, 0, NULL, '2024-01-01T00:00:00Z', "
				 "'2024-01-01T00:00:00Z', NULL, NULL, '[]', NULL, NULL, NULL, NULL, NULL);"
				 "INSERT INTO issue_links (repo_id, number, kind, target, doc, resolved, source, text) VALUES "
				 "(2, 7, 'section', '4.2', 'TST', 1, 'title', 'Keys in 4.2'),"
				 "(2, 7, 'addressed', 'keys', NULL, 0, 'pull', '#9'),"
				 "(2, 9, 'issue', '7', NULL, 0, 'body', '#7'),"
				 "(1, 3, 'ballot', 'SMC5', 'TST', 1, 'title', 'SMC05');"
				 "COMMIT;"),
			 0);
	return 0;
}

static void test_repos(void **state)
{
	(void)state;
	struct ct_gh_repo_list list = CT_GH_REPO_LIST_INIT;
	assert_int_equal(github_query_repo_list(&list, fx.db), 0);
	assert_int_equal(list.n, 3);
	/* by name: acme/Req, mmm/empty, zeta/docs */
	assert_int_equal(list.items[0].id, 2);
	assert_string_equal(list.items[0].name, "acme/Req");
	assert_string_equal(list.items[0].doc, "TST");
	assert_string_equal(list.items[0].synced_at, "2024-03-02T10:00:00Z");
	assert_string_equal(list.items[2].name, "zeta/docs");
	assert_null(list.items[2].doc);
	assert_null(list.items[2].api_url);
	assert_null(list.items[2].synced_at);
	ct_gh_repo_list_release(&list);
	assert_null(list.items);
	assert_int_equal(list.n, 0);

	/* one by name, any case; a name not there is an error that names it */
	struct ct_gh_repo r;
	assert_int_equal(github_query_repo_get(&r, fx.db, "ACME/req"), 0);
	assert_int_equal(r.id, 2);
	assert_string_equal(r.since, "2024-01-01");
	ct_gh_repo_release(&r);
	assert_int_equal(github_query_repo_get(&r, fx.db, "nobody/here"), CT_ENOTFOUND);
	assert_non_null(strstr(ct_error_last(), "'nobody/here'"));
	assert_null(r.name);
	ct_error_clear();
}

static void test_issues(void **state)
{
	(void)state;
	struct ct_issue_list list = CT_ISSUE_LIST_INIT;
	assert_int_equal(github_query_issue_list(&list, fx.db, 0), 0);
	/* by repository name, newest number first */
	assert_int_equal(list.n, 3);
	assert_int_equal(list.items[0].number, 9);
	assert_int_equal(list.items[1].number, 7);
	assert_int_equal(list.items[2].number, 3);
	assert_string_equal(list.items[2].repo, "zeta/docs");

	const struct ct_issue *pr = &list.items[0], *is = &list.items[1];
	assert_int_equal(pr->repo_id, 2);
	assert_string_equal(pr->repo, "acme/Req");
	assert_true(pr->is_pull_request);
	assert_string_equal(pr->state, "closed");
	assert_string_equal(pr->state_reason, "completed");
	assert_null(pr->body);
	assert_null(pr->user);
	assert_null(pr->html_url);
	assert_string_equal(pr->merged_at, "2024-02-02T00:00:00Z");
	assert_string_equal(pr->head_ref, "keys");
	assert_string_equal(pr->head_label, "bob:keys");
	assert_string_equal(pr->head_sha, "abc123");
	assert_string_equal(pr->base_ref, "main");
	assert_int_equal(pr->nlabels, 0);

	assert_false(is->is_pull_request);
	assert_string_equal(is->title, "Keys in 4.2");
	assert_string_equal(is->body, "body text");
	assert_string_equal(is->user, "alice");
	assert_string_equal(is->created_at, "2024-01-05T00:00:00Z");
	assert_string_equal(is->updated_at, "2024-02-01T00:00:00Z");
	assert_null(is->closed_at);
	assert_null(is->head_sha);
	assert_int_equal(is->nlabels, 2);
	assert_string_equal(is->labels[0], "Parked");
	assert_string_equal(is->labels[1], "ca");
	assert_true(ct_issue_has_label(is, "parked"));
	assert_false(ct_issue_has_label(is, "park"));
	ct_issue_list_release(&list);
	assert_null(list.items);

	/* one repository's */
	assert_int_equal(github_query_issue_list(&list, fx.db, 1), 0);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.items[0].title, "Other repo");
	ct_issue_list_release(&list);
}

static void test_links(void **state)
{
	(void)state;
	struct ct_issue_link_list list = CT_ISSUE_LINK_LIST_INIT;
	assert_int_equal(github_query_link_list(&list, fx.db, 2), 0);
	/* by issue, then kind (as stored: "addressed" < "section") */
	assert_int_equal(list.n, 3);
	assert_int_equal(list.items[0].number, 7);
	assert_int_equal(list.items[0].kind, CT_LINK_ADDRESSED);
	assert_string_equal(list.items[0].target, "keys");
	assert_null(list.items[0].doc);
	assert_false(list.items[0].resolved);
	assert_int_equal(list.items[1].kind, CT_LINK_SECTION);
	assert_string_equal(list.items[1].target, "4.2");
	assert_string_equal(list.items[1].doc, "TST");
	assert_true(list.items[1].resolved);
	assert_string_equal(list.items[1].source, "title");
	assert_string_equal(list.items[1].text, "Keys in 4.2");
	assert_int_equal(list.items[2].number, 9);
	assert_int_equal(list.items[2].kind, CT_LINK_ISSUE);
	assert_string_equal(ct_issue_link_kind_name(list.items[2].kind), "issue");
	ct_issue_link_list_release(&list);

	assert_int_equal(github_query_link_list(&list, fx.db, 0), 0);
	assert_int_equal(list.n, 4);
	assert_int_equal(list.items[0].repo_id, 1);
	assert_int_equal(list.items[0].kind, CT_LINK_BALLOT);
	ct_issue_link_list_release(&list);
}

/* The keys of object `o` in order, joined with commas. */
static void keys_of(struct strbuf *sb, json_t *o)
{
	const char *k;
	json_t *v;
	strbuf_reset(sb);
	json_object_foreach(o, k, v)
		strbuf_addf(sb, "%s%s", sb->len ? "," : "", k);
}

static void test_json_edges(void **state)
{
	(void)state;
	struct strbuf keys = STRBUF_INIT;
	struct ct_issue_list issues = CT_ISSUE_LIST_INIT;
	assert_int_equal(github_query_issue_list(&issues, fx.db, 2), 0);
	assert_int_equal(issues.n, 2);
	json_t *is = ct_issue_to_json(&issues.items[1]);
	keys_of(&keys, is);
	assert_string_equal(keys.buf, "repo_id,repo,number,title,body,state,state_reason,is_pull_request,user,created_at,"
				      "updated_at,closed_at,merged_at,html_url,labels,head_ref,head_label,head_sha,base_ref");
	assert_int_equal(json_integer_value(json_object_get(is, "is_pull_request")), 0);
	assert_true(json_is_null(json_object_get(is, "closed_at")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(is, "labels"), 0)), "Parked");
	json_decref(is);
	ct_issue_list_release(&issues);

	struct ct_issue_link_list links = CT_ISSUE_LINK_LIST_INIT;
	assert_int_equal(github_query_link_list(&links, fx.db, 1), 0);
	assert_true(links.n > 0);
	json_t *l = ct_issue_link_to_json(&links.items[0]);
	keys_of(&keys, l);
	assert_string_equal(keys.buf, "repo_id,number,kind,target,doc,resolved,source,text");
	assert_string_equal(s(l, "kind"), "ballot");
	assert_int_equal(json_integer_value(json_object_get(l, "resolved")), 1);
	json_decref(l);
	ct_issue_link_list_release(&links);

	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	assert_int_equal(github_query_repo_list(&repos, fx.db), 0);
	assert_true(repos.n > 2);
	json_t *r = ct_gh_repo_to_json(&repos.items[2]);
	keys_of(&keys, r);
	assert_string_equal(keys.buf, "id,name,doc,api_url,since,last_updated_at,synced_at");
	assert_true(json_is_null(json_object_get(r, "doc")));
	json_decref(r);
	ct_gh_repo_list_release(&repos);
	strbuf_release(&keys);
}

/* What sync asks before it stores an item or fetches a page. */
static void test_lookups(void **state)
{
	(void)state;
	char updated[32];
	int has_head = -1;
	assert_int_equal(github_query_item_state(updated, sizeof(updated), &has_head, fx.db, 2, 9), 0);
	assert_string_equal(updated, "2024-02-02T00:00:00Z");
	assert_int_equal(has_head, 1);
	assert_int_equal(github_query_item_state(updated, sizeof(updated), &has_head, fx.db, 2, 7), 0);
	assert_string_equal(updated, "2024-02-01T00:00:00Z");
	assert_int_equal(has_head, 0);
	assert_int_equal(github_query_item_state(updated, sizeof(updated), &has_head, fx.db, 2, 8), 0);
	assert_string_equal(updated, "");

	char *etag = NULL, *next = NULL;
	assert_int_equal(db_exec(fx.db, "INSERT INTO gh_etags (url, etag, next, fetched_at) VALUES "
				       "('https://api.example/a', 'W/\"1\"', NULL, '2024-01-01T00:00:00Z')"),
			 0);
	assert_int_equal(github_query_etag(&etag, &next, fx.db, "https://api.example/a"), 0);
	assert_string_equal(etag, "W/\"1\"");
	assert_null(next);
	free(etag);
	assert_int_equal(github_query_etag(&etag, &next, fx.db, "https://api.example/b"), 0);
	assert_null(etag);
	assert_null(next);
}

/* The counts per repository for `cabtrack status`: a repository with nothing stored has none. */
static void test_summary_github(void **state)
{
	(void)state;
	struct summary_repo_list list = SUMMARY_REPO_LIST_INIT;
	assert_int_equal(summary_github(&list, fx.db), 0);
	assert_int_equal(list.n, 3);
	const struct summary_repo *acme = &list.items[0], *empty = &list.items[1], *zeta = &list.items[2];
	assert_string_equal(acme->repo, "acme/Req");
	assert_true(acme->counted);
	assert_int_equal(acme->issues, 1);
	assert_int_equal(acme->pulls, 1);
	assert_int_equal(acme->open, 1);
	assert_string_equal(empty->repo, "mmm/empty");
	assert_false(empty->counted);
	assert_int_equal(empty->issues + empty->pulls + empty->open, 0);
	assert_true(zeta->counted);
	assert_int_equal(zeta->issues, 1);
	assert_int_equal(zeta->pulls, 0);
	summary_repo_list_release(&list);
	assert_null(list.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repos),
		cmocka_unit_test(test_issues),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_json_edges),
		cmocka_unit_test(test_summary_github),
		cmocka_unit_test(test_lookups),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
