/*
 * status_issues.c - the issues part of a meeting's status view model: the
 * GitHub issues new, updated, addressed by a draft or parked since the
 * previous meeting, and the open ones by section; and renaming the ballot
 * keys that address them to the drafts' declared names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/github_query.h"
#include "render/url.h"
#include "tracker/base/strbuf.h"
#include "tracker/status_part.h"

static int has_label(json_t *is, const char *label)
{
	json_t *l;
	size_t i;
	json_array_foreach(json_object_get(is, "labels"), i, l)
		if (json_is_string(l) && !strcasecmp(json_string_value(l), label))
			return 1;
	return 0;
}

int status_issues_part(json_t *model, struct ct_db *db, const char *repo_name, int64_t repo_id, const char *since,
		       const char *today, json_t *draft_keys, json_t *outline)
{
	json_t *all = NULL, *links = NULL, *is, *l;
	size_t i;
	json_t *new_ = json_array(), *updated = json_array(), *addressed = json_array(), *parked = json_array();
	json_t *by_section = json_object(), *order = json_array();
	int open = 0;
	int rc = repo_id ? github_query_issues(&all, db, repo_id) : 0;
	if (rc == 0 && repo_id)
		rc = github_query_links(&links, db, repo_id);
	/* Links folded per issue number. */
	json_t *per = json_object();
	json_array_foreach(links, i, l) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(l, "number")));
		json_t *p = json_object_get(per, num);
		if (!p) {
			p = json_pack("{s:[], s:[], s:[]}", "sections", "ballots", "addressed_by");
			json_object_set_new(per, num, p);
		}
		const char *kind = jsonget_text(l, "kind");
		const char *list = !strcmp(kind, "section") && json_integer_value(json_object_get(l, "resolved")) ? "sections"
				   : !strcmp(kind, "ballot") ? "ballots" : !strcmp(kind, "addressed") ? "addressed_by" : NULL;
		if (list)
			json_array_append(json_object_get(p, list), json_object_get(l, "target"));
	}
	/* Oldest first reads best in a list of what is new. */
	for (size_t k = json_array_size(all); k-- > 0;) {
		is = json_array_get(all, k);
		const char *created = jsonget_text(is, "created_at"), *updated_at = jsonget_text(is, "updated_at");
		const char *closed = jsonget_str(is, "closed_at");
		if (strncmp(created, today, 10) > 0)
			continue; /* opened after the meeting */
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(is, "number")));
		json_t *p = json_object_get(per, num);
		int pr = json_integer_value(json_object_get(is, "is_pull_request")) != 0;
		int was_open = !closed || strncmp(closed, today, 10) > 0;
		/* only an http(s) URL becomes a link; anything else is left out */
		json_t *url = json_object_get(is, "html_url");
		if (!url_is_web(json_string_value(url), json_string_length(url)))
			url = json_null();
		/* The parked label shows as the "parked" badge, not a second time as a label. */
		json_t *labels = json_array(), *lab;
		size_t li;
		json_array_foreach(json_object_get(is, "labels"), li, lab)
			if (!json_is_string(lab) || strcasecmp(json_string_value(lab), "parked"))
				json_array_append(labels, lab);
		json_t *v = json_pack("{s:O, s:O, s:O, s:s, s:b, s:o, s:O, s:O, s:b}", "number", json_object_get(is, "number"),
				      "title", json_object_get(is, "title"), "url", url,
				      "state", was_open ? "open" : "closed", "is_pull_request", pr, "labels",
				      labels, "created_at", json_object_get(is, "created_at"),
				      "updated_at", json_object_get(is, "updated_at"), "parked", has_label(is, "parked"));
		static const char *const lists[] = { "sections", "ballots", "addressed_by" };
		for (size_t l = 0; l < 3; l++)
			json_object_set_new(v, lists[l], p ? json_incref(json_object_get(p, lists[l])) : json_array());

		if (strncmp(created, since, 10) > 0)
			json_array_append(new_, v);
		else if (strncmp(updated_at, since, 10) > 0 && strncmp(updated_at, today, 10) <= 0)
			json_array_append(updated, v);
		if (has_label(is, "parked"))
			json_array_append(parked, v);
		json_t *by, *key;
		size_t j;
		int drafted = 0;
		by = json_object_get(v, "addressed_by");
		json_array_foreach(by, j, key)
			drafted |= json_object_get(draft_keys, json_string_value(key)) != NULL;
		if (was_open && drafted)
			json_array_append(addressed, v);
		if (was_open && !pr && !has_label(is, "parked")) {
			open++;
			/* Grouped by the first section it names (its top two levels), else "other". */
			const char *sec = json_string_value(json_array_get(json_object_get(v, "sections"), 0));
			char group[32] = "";
			if (sec) {
				const char *dot = strchr(sec, '.');
				const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
				snprintf(group, sizeof(group), "%.*s", (int)(dot2 ? (size_t)(dot2 - sec) : strlen(sec)), sec);
			}
			json_t *g = json_object_get(by_section, group);
			if (!g) {
				const char *title = *group ? jsonget_str(json_object_get(outline, group), "title") : NULL;
				g = json_pack("{s:s?, s:s, s:[]}", "section", *group ? group : NULL, "title",
					      title ? title : (*group ? "" : "No section named"), "issues");
				json_object_set_new(by_section, group, g);
				json_array_append_new(order, json_string(group));
			}
			json_array_append(json_object_get(g, "issues"), v);
		}
		json_decref(v);
	}
	/* Sections in document order (numerically), "no section" last. */
	json_t *groups = json_array(), *k2;
	size_t n = json_array_size(order);
	const char **keys = xcalloc(n + 1, sizeof(*keys));
	json_array_foreach(order, i, k2)
		keys[i] = json_string_value(k2);
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0; b--) {
			const char *x = keys[b - 1], *y = keys[b];
			int swap = !*x ? *y != '\0' : *y && strverscmp(x, y) > 0;
			if (!swap)
				break;
			keys[b - 1] = y, keys[b] = x;
		}
	for (size_t a = 0; a < n; a++)
		json_array_append(groups, json_object_get(by_section, keys[a]));
	free(keys);
	json_object_set_new(model, "issues", json_pack("{s:o, s:o, s:o, s:o, s:o, s:i}", "new", new_, "updated", updated,
						      "addressed", addressed, "parked", parked, "by_section", groups,
						      "open", open));
	json_object_set_new(model, "repo", repo_name ? json_string(repo_name) : json_null());
	json_decref(by_section);
	json_decref(order);
	json_decref(per);
	json_decref(all);
	json_decref(links);
	return rc;
}

/*
 * Replace the ballot keys in an issue's addressed_by by the names in
 * `names` (key -> id).  The lists share issue objects: `done` remembers
 * which were renamed already.
 */
void status_rename_addressed(json_t *is, json_t *names, json_t *done)
{
	char id[32];
	snprintf(id, sizeof(id), "%p", (void *)is);
	if (json_object_get(done, id))
		return;
	json_object_set_new(done, id, json_true());
	json_t *by = json_object_get(is, "addressed_by"), *k, *out = json_array();
	size_t i;
	json_array_foreach(by, i, k) {
		json_t *name = json_object_get(names, json_string_value(k));
		json_array_append(out, name ? name : k);
	}
	json_object_set_new(is, "addressed_by", out);
}
