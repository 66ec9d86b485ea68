/*
 * check_anchor.c - the broken-anchor rule of `cabtrack check`: an internal
 * link (#anchor) that matches no heading as GitHub anchors it (the
 * outline's anchors) nor an explicit <a id>/<a name>.  The links and ids
 * come from the walk in check.c; guessing the heading a link meant is
 * anchor_match.c's.  Anchors are compared after %XX decoding, in lower case.
 */
#include <stdlib.h>
#include <string.h>

#include "importers/anchor.h"
#include "tracker/anchor_match.h"
#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

/* A link's or an explicit id's fragment as anchors are compared (anchor_link_key). */
static char *anchor_key(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	anchor_link_key(&sb, s, len);
	return strbuf_detach(&sb, NULL);
}

int check_broken_anchor(struct check *c)
{
	json_t *valid = json_object(); /* anchor -> null: a set (no value to allocate) */
	size_t i, n = c->outline.n;
	const char **as = xcalloc(n ? n : 1, sizeof(*as)), **nums = xcalloc(n ? n : 1, sizeof(*nums));
	for (i = 0; i < n; i++) {
		/* outline_of_sections makes them as GitHub does (anchor.h). */
		const char *a = c->outline.v[i].anchor;
		if (a)
			json_object_set_new(valid, a, json_null());
		as[i] = a;
		nums[i] = c->outline.v[i].number;
	}
	struct anchor_match *match = anchor_match_new(as, nums, n);
	free(nums);
	const char *id;
	json_t *v;
	json_object_foreach(c->ids, id, v) {
		char *k = anchor_key(id, strlen(id));
		json_object_set_new(valid, k, json_null());
		free(k);
	}
	json_t *l;
	json_array_foreach(c->links, i, l) {
		const char *want = jsonget_text(l, "anchor");
		char *k = anchor_key(want, strlen(want));
		if (!json_object_get(valid, k)) {
			const char *why = NULL;
			long m = anchor_match_meant(match, k, &why);
			size_t pos = (size_t)json_integer_value(json_object_get(l, "pos"));
			json_t *f;
			if (m >= 0) {
				const struct outline_section *h = &c->outline.v[m];
				const char *num = h->number;
				f = check_finding(c, CHECK_BROKEN_ANCHOR, (long)json_integer_value(json_object_get(l, "line")),
					    "link to #%s matches no heading; did you mean #%s (%s%s%s, line %lld; %s)?", want,
					    as[m], num ? num : "", num ? " " : "",
					    h->title, (long long)h->line_start, why);
				json_object_set_new(f, "meant", json_pack("{s:s, s:s?, s:s}", "anchor",
							as[m], "section", num,
							"title", h->title));
			} else {
				f = check_finding(c, CHECK_BROKEN_ANCHOR, (long)json_integer_value(json_object_get(l, "line")),
					    "link to #%s matches no heading or anchor", want);
			}
			check_set_str(f, "anchor", want);
			check_set_str(f, "section", check_number_of(c, pos));
		}
		free(k);
	}
	anchor_match_free(match);
	free(as);
	json_decref(valid);
	return 0;
}
