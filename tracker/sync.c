/*
 * sync.c - a GitHub repository's issues and pull requests over the REST
 * API, paged with ETags, stored and linked (see sync.h).
 */
#include "tracker/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db/github_query.h"
#include "importers/github_store.h"
#include "tracker/base/error.h"
#include "tracker/base/progress.h"
#include "tracker/base/strbuf.h"
#include "tracker/issue_link.h"
#include "tracker/pr_sections.h"

/* Pages of one listing at the most: 100,000 items at GitHub's 100 a page. */
#define MAX_PAGES 1000

struct sync {
	struct ct_db *db;
	struct github_client *gh;
	const struct sync_options *opts;
	int64_t repo_id;
	const char *repo;
	const char *since;      /* ISO time, or NULL */
	int incremental;        /* a complete sync covered this window: stop at what is stored */
	size_t items, pulls;    /* items received from /issues and from /pulls */
	json_t *changed;        /* numbers of the items stored anew or changed -> true */
};

/* Page through one listing starting at `url`. */
static int sync_listing(struct sync *s, const char *first, int pulls)
{
	char *url = xstrdup(first);
	int rc = 0, pages = 0;
	while (url && rc == 0) {
		if (++pages > MAX_PAGES) {
			rc = ct_error_set(CT_ENET, "%s: more than %d pages; the server's Link headers do not end", url, MAX_PAGES);
			break;
		}
		char *etag = NULL, *stored_next = NULL;
		struct github_response r = GITHUB_RESPONSE_INIT;
		rc = github_query_etag(&etag, &stored_next, s->db, url);
		if (rc == 0)
			rc = github_get(&r, s->gh, url, etag);
		char *next = NULL;
		if (rc == 0 && r.status == 304) {
			/* unchanged: stored when its ETag was; what follows is older, or stored too */
			if (!s->incremental && stored_next)
				next = xstrdup(stored_next);
		} else if (rc == 0) {
			struct github_item *items = NULL;
			size_t n = 0;
			int known = 0, older = 0;
			rc = github_parse_items(&items, &n, r.body.buf, r.body.len, url);
			for (size_t i = 0; i < n && rc == 0; i++) {
				char updated[40];
				int has_head, changed;
				if ((rc = github_query_item_state(updated, sizeof(updated), &has_head, s->db, s->repo_id,
								  items[i].number)) < 0)
					break;
				if (s->incremental && !strcmp(updated, items[i].updated_at) && (!pulls || has_head))
					known = 1;
				if (s->since && strcmp(items[i].updated_at, s->since) < 0) {
					older = 1;
					continue;
				}
				if ((rc = github_store_item(&changed, NULL, s->db, s->repo_id, &items[i])) < 0)
					break;
				*(pulls ? &s->pulls : &s->items) += 1;
				if (changed) {
					char num[24];
					snprintf(num, sizeof(num), "%ld", items[i].number);
					json_object_set_new(s->changed, num, json_true());
				}
			}
			github_items_free(items, n);
			if (rc == 0 && r.etag)
				rc = github_store_etag(s->db, url, r.etag, r.next);
			if (rc == 0 && !known && !older && r.next)
				next = xstrdup(r.next);
		}
		free(etag);
		free(stored_next);
		github_response_release(&r);
		free(url);
		url = next;
		progress_say(&s->opts->github.progress, 0, "syncing %s: %zu issues and pull requests, %zu pull heads (%d page%s)",
			     s->repo, s->items, s->pulls, pages, pages == 1 ? "" : "s");
	}
	free(url);
	return rc;
}

/* The whole sync; api_url is the key of stored state. */
static int sync_run(struct sync *s, const char *api_url)
{
	char *doc = NULL;
	struct ct_gh_repo repo = { 0 };
	int rc = issue_link_pick_doc(&doc, s->db, s->repo, s->opts->doc);
	if (rc == 0)
		rc = github_store_repo(&s->repo_id, s->db, s->repo, doc);
	if (rc == 0)
		rc = github_query_repo_get(&repo, s->db, s->repo);
	if (rc < 0) {
		free(doc);
		return rc;
	}
	const char *since = s->opts->since;
	const char *stored_since = repo.since, *stored_api = repo.api_url;
	int synced = repo.synced_at && stored_api && !strcmp(stored_api, api_url);
	s->incremental = synced && (!stored_since || (since && strcmp(since, stored_since) >= 0));
	const char *window = s->incremental ? stored_since : since;
	s->since = since;

	struct strbuf url = STRBUF_INIT;
	strbuf_addf(&url, "%s/repos/%s/issues?state=all&sort=updated&direction=desc&per_page=100", api_url, s->repo);
	if (since)
		strbuf_addf(&url, "&since=%s", since);
	rc = sync_listing(s, url.buf, 0);
	strbuf_reset(&url);
	strbuf_addf(&url, "%s/repos/%s/pulls?state=all&sort=updated&direction=desc&per_page=100", api_url, s->repo);
	if (rc == 0)
		rc = sync_listing(s, url.buf, 1);
	if (rc == 0)
		rc = issue_link_rebuild(s->db, s->repo_id);
	if (rc == 0)
		rc = pr_sections_rebuild(s->db, s->repo_id);
	if (rc == 0)
		rc = github_store_repo_done(s->db, s->repo_id, 1, api_url, window);
	strbuf_release(&url);
	ct_gh_repo_release(&repo);
	free(doc);
	return rc;
}

int sync_repository(struct sync_stats *stats, struct ct_db *db, const char *repo, const struct sync_options *opts)
{
	memset(stats, 0, sizeof(*stats));
	if (!github_repo_name_valid(repo))
		return ct_error_set(CT_EINVALID, "'%s' is not a repository name OWNER/REPO", repo);
	struct sync s = { 0 };
	s.db = db;
	s.opts = opts;
	s.repo = repo;
	int rc = github_client_new(&s.gh, &opts->github);
	if (rc < 0)
		return rc;
	/* the API URL as the client normalised it: the key of stored state */
	struct strbuf api = STRBUF_INIT;
	strbuf_addstr(&api, opts->github.api_url && *opts->github.api_url ? opts->github.api_url : GITHUB_API_URL);
	while (api.len && api.buf[api.len - 1] == '/')
		strbuf_setlen(&api, api.len - 1);
	s.changed = json_object();
	rc = sync_run(&s, api.buf);
	progress_say(&opts->github.progress, 1, "syncing %s: %zu issues and pull requests, %zu pull heads%s", repo, s.items,
		     s.pulls, rc < 0 ? ", failed" : "");
	stats->items = s.items;
	stats->pulls = s.pulls;
	stats->changed = json_object_size(s.changed);
	stats->http = github_client_stats(s.gh);
	json_decref(s.changed);
	strbuf_release(&api);
	github_client_free(s.gh);
	return rc;
}
