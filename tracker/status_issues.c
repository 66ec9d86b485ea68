/*
 * status_issues.c - the issues part of a meeting's status view model: the
 * GitHub issues new, updated, addressed by a draft or parked since the
 * previous meeting, and the open ones by section; and naming the ballot
 * keys that address them as the drafts are declared.
 *
 * Issues and their links are read as records (db/github_query.h) into a
 * struct status_issues; status.c renames what addresses them and only
 * then has the JSON built (status_issues_to_json), the one place the
 * issue objects of the view model are made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/github_query.h"
#include "db/record.h"
#include "render/url.h"
#include "tracker/base/strbuf.h"
#include "tracker/status_part.h"

/* The index of the first link of issue `number` in `links` (sorted by number: one repository's), or links->n. */
static size_t first_link(const struct ct_issue_link_list *links, int64_t number)
{
	size_t lo = 0, hi = links->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (links->items[mid].number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The issue's section (resolved), ballot and addressed links, in their order, as pointers into `links`. */
static void fold_links(struct status_issue *v, const struct ct_issue_link_list *links)
{
	size_t from = first_link(links, v->is->number), to = from;
	while (to < links->n && links->items[to].number == v->is->number)
		to++;
	if (to == from)
		return;
	v->sections = xcalloc(to - from, sizeof(*v->sections));
	v->ballots = xcalloc(to - from, sizeof(*v->ballots));
	v->addressed_by = xcalloc(to - from, sizeof(*v->addressed_by));
	for (size_t i = from; i < to; i++) {
		const struct ct_issue_link *l = &links->items[i];
		if (l->kind == CT_LINK_SECTION && l->resolved)
			v->sections[v->nsections++] = l->target;
		else if (l->kind == CT_LINK_BALLOT)
			v->ballots[v->nballots++] = l->target;
		else if (l->kind == CT_LINK_ADDRESSED)
			v->addressed_by[v->naddressed++] = l->target;
	}
}

int status_issues_read(struct status_issues *out, struct ct_db *db, int64_t repo_id, const char *since,
		       const char *today, json_t *draft_keys)
{
	*out = (struct status_issues)STATUS_ISSUES_INIT;
	if (!repo_id)
		return 0;
	int rc = github_query_issue_list(&out->all, db, repo_id);
	if (rc == 0)
		rc = github_query_link_list(&out->links, db, repo_id);
	if (rc < 0) {
		status_issues_release(out);
		return rc;
	}
	out->items = xcalloc(out->all.n + 1, sizeof(*out->items));
	/* Oldest first reads best in a list of what is new. */
	for (size_t k = out->all.n; k-- > 0;) {
		const struct ct_issue *is = &out->all.items[k];
		if (strncmp(is->created_at, today, 10) > 0)
			continue; /* opened after the meeting */
		struct status_issue *v = &out->items[out->n++];
		v->is = is;
		v->was_open = !is->closed_at || strncmp(is->closed_at, today, 10) > 0;
		v->parked = ct_issue_has_label(is, "parked");
		fold_links(v, &out->links);
		if (strncmp(is->created_at, since, 10) > 0)
			v->lists |= STATUS_ISSUE_NEW;
		else if (strncmp(is->updated_at, since, 10) > 0 && strncmp(is->updated_at, today, 10) <= 0)
			v->lists |= STATUS_ISSUE_UPDATED;
		if (v->parked)
			v->lists |= STATUS_ISSUE_PARKED;
		int drafted = 0;
		for (size_t j = 0; j < v->naddressed; j++)
			drafted |= json_object_get(draft_keys, v->addressed_by[j]) != NULL;
		if (v->was_open && drafted)
			v->lists |= STATUS_ISSUE_ADDRESSED;
		if (v->was_open && !is->is_pull_request && !v->parked)
			v->lists |= STATUS_ISSUE_OPEN;
	}
	return 0;
}

void status_issues_rename(struct status_issues *si, json_t *names)
{
	for (size_t i = 0; i < si->n; i++) {
		struct status_issue *v = &si->items[i];
		for (size_t j = 0; j < v->naddressed; j++) {
			const char *name = json_string_value(json_object_get(names, v->addressed_by[j]));
			if (name)
				v->addressed_by[j] = name;
		}
	}
}

size_t status_issues_count(const struct status_issues *si, unsigned list)
{
	size_t n = 0;
	for (size_t i = 0; i < si->n; i++)
		n += (si->items[i].lists & list) != 0;
	return n;
}

void status_issues_release(struct status_issues *si)
{
	if (!si)
		return;
	for (size_t i = 0; i < si->n; i++) {
		free(si->items[i].sections);
		free(si->items[i].ballots);
		free(si->items[i].addressed_by);
	}
	free(si->items);
	ct_issue_list_release(&si->all);
	ct_issue_link_list_release(&si->links);
	*si = (struct status_issues)STATUS_ISSUES_INIT;
}

/* A JSON array of n strings. */
static json_t *strings(const char *const *s, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, record_json_text(s[i]));
	return arr;
}

/*
 * An issue as the view model has it (status.h): {number, title, url,
 * state (at the meeting), is_pull_request, labels (but "parked", which
 * shows as the badge), created_at, updated_at, parked, sections, ballots,
 * addressed_by}.
 */
static json_t *issue_json(const struct status_issue *v)
{
	const struct ct_issue *is = v->is;
	/* only an http(s) URL becomes a link; anything else is left out */
	json_t *url = record_json_text(is->html_url && url_is_web(is->html_url, strlen(is->html_url)) ? is->html_url : NULL);
	json_t *labels = json_array();
	for (size_t i = 0; i < is->nlabels; i++)
		if (strcasecmp(is->labels[i], "parked"))
			json_array_append_new(labels, record_json_text(is->labels[i]));
	return json_pack("{s:I, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "number", (json_int_t)is->number,
			 "title", record_json_text(is->title), "url", url, "state", v->was_open ? "open" : "closed", "is_pull_request",
			 is->is_pull_request, "labels", labels, "created_at", record_json_text(is->created_at),
			 "updated_at", record_json_text(is->updated_at),
			 "parked", v->parked, "sections", strings(v->sections, v->nsections), "ballots",
			 strings(v->ballots, v->nballots), "addressed_by", strings(v->addressed_by, v->naddressed));
}

/* The group of an open issue: the top two levels of the first section it names ("4.2" of "4.2.2.1"), else "". */
static void group_of(char group[32], const struct status_issue *v)
{
	const char *sec = v->nsections ? v->sections[0] : NULL;
	group[0] = '\0';
	if (sec) {
		const char *dot = strchr(sec, '.');
		const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
		snprintf(group, 32, "%.*s", (int)(dot2 ? (size_t)(dot2 - sec) : strlen(sec)), sec);
	}
}

/* A group of open issues: its key ("4.2", "" for none), its view-model object and the object's issue list. */
struct group {
	char key[32];
	json_t *obj, *issues;
};

/* Sort order of groups: numerically by key ("4.2" before "4.10"), "" last. */
static int group_after(const struct group *x, const struct group *y)
{
	return !*x->key ? *y->key != '\0' : *y->key && strverscmp(x->key, y->key) > 0;
}

/* The open issues by section: groups in document order (numerically), "no section" last. */
static json_t *by_section(json_t *const *objs, const struct status_issues *si, json_t *outline)
{
	struct group *groups = xcalloc(si->n + 1, sizeof(*groups));
	size_t n = 0;
	for (size_t i = 0; i < si->n; i++) {
		if (!(si->items[i].lists & STATUS_ISSUE_OPEN))
			continue;
		char key[32];
		group_of(key, &si->items[i]);
		size_t g = 0;
		while (g < n && strcmp(groups[g].key, key))
			g++;
		if (g == n) {
			const char *title = *key ? jsonget_str(json_object_get(outline, key), "title") : NULL;
			snprintf(groups[n].key, sizeof(groups[n].key), "%s", key);
			groups[n].issues = json_array();
			groups[n].obj = json_pack("{s:s?, s:s, s:O}", "section", *key ? key : NULL, "title",
						  title ? title : (*key ? "" : "No section named"), "issues", groups[n].issues);
			n++;
		}
		json_array_append(groups[g].issues, objs[i]);
	}
	/* insertion sort: stable, and the groups are few */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && group_after(&groups[b - 1], &groups[b]); b--) {
			struct group t = groups[b - 1];
			groups[b - 1] = groups[b];
			groups[b] = t;
		}
	json_t *out = json_array();
	for (size_t g = 0; g < n; g++) {
		json_array_append_new(out, groups[g].obj);
		json_decref(groups[g].issues);
	}
	free(groups);
	return out;
}

void status_issues_to_json(json_t *model, const struct status_issues *si, const char *repo_name, json_t *outline)
{
	json_t *new_ = json_array(), *updated = json_array(), *addressed = json_array(), *parked = json_array();
	json_t **objs = xcalloc(si->n + 1, sizeof(*objs));
	int open = 0;
	for (size_t i = 0; i < si->n; i++) {
		const struct status_issue *v = &si->items[i];
		objs[i] = issue_json(v);
		if (v->lists & STATUS_ISSUE_NEW)
			json_array_append(new_, objs[i]);
		if (v->lists & STATUS_ISSUE_UPDATED)
			json_array_append(updated, objs[i]);
		if (v->lists & STATUS_ISSUE_PARKED)
			json_array_append(parked, objs[i]);
		if (v->lists & STATUS_ISSUE_ADDRESSED)
			json_array_append(addressed, objs[i]);
		open += (v->lists & STATUS_ISSUE_OPEN) != 0;
	}
	json_t *groups = by_section(objs, si, outline);
	json_object_set_new(model, "issues", json_pack("{s:o, s:o, s:o, s:o, s:o, s:i}", "new", new_, "updated", updated,
						      "addressed", addressed, "parked", parked, "by_section", groups,
						      "open", open));
	json_object_set_new(model, "repo", repo_name ? json_string(repo_name) : json_null());
	for (size_t i = 0; i < si->n; i++)
		json_decref(objs[i]);
	free(objs);
}
