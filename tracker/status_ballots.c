/*
 * status_ballots.c - the ballots part of a meeting's status view model:
 * the ballots in flight with their next deadlines, and each draft with
 * the sections it touches, its requirements and dates, its redline page
 * name (a file-name-safe slug, unique also where case is ignored) and
 * what it absorbed.  As of the meeting; nothing here writes the database.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db/record.h"
#include "importers/mdsplit.h"
#include "render/url.h"
#include "tracker/ballot_bylaws.h"
#include "tracker/ballots.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/diff_view.h"
#include "tracker/inflight.h"
#include "tracker/status_part.h"

/*
 * A file-name-safe form of a ballot id, unique per id: ASCII letters,
 * digits, '-', '_' and '.' kept, the rest '-', at most 64 bytes; when that
 * lost anything (CAA/v2 and CAA v2, two non-ASCII ids), "-" and 8 hex
 * digits of a hash of the whole id follow, so that distinct ids never
 * share a name.  unique_pages settles what is left (case alone).
 */
#define SLUG_MAX 64

static void slug(char out[SLUG_MAX + 10], const char *id)
{
	size_t n = 0;
	int lossy = 0;
	const char *p;
	for (p = id; *p && n < SLUG_MAX; p++) {
		int keep = (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '.') && !(p == id && *p == '.');
		out[n++] = keep ? *p : '-';
		lossy |= !keep;
	}
	lossy |= *p != '\0' || n == 0;
	out[n] = '\0';
	if (lossy) {
		unsigned char h[16];
		md_hash(h, id, strlen(id));
		snprintf(out + n, 10, "-%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
	}
}

/*
 * Make the drafts' page names unique also where a file system ignores
 * case (CAA and caa): a later draft whose name is taken gets "-2", "-3", ...
 */
void status_unique_pages(json_t *drafts)
{
	json_t *seen = json_object(), *d;
	size_t i;
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;
	json_array_foreach(drafts, i, d) {
		const char *base = jsonget_text(d, "slug");
		for (int k = 1;; k++) {
			strbuf_reset(&name);
			strbuf_addstr(&name, base);
			if (k > 1)
				strbuf_addf(&name, "-%d", k);
			strbuf_reset(&key);
			for (size_t c = 0; c < name.len; c++)
				strbuf_addch(&key, (char)tolower((unsigned char)name.buf[c]));
			if (!json_object_get(seen, key.buf))
				break;
		}
		json_object_set_new(seen, key.buf, json_true());
		json_object_set_new(d, "slug", json_string(name.buf));
		json_object_set_new(d, "page", json_sprintf("ballot-%s.html", name.buf));
	}
	strbuf_release(&name);
	strbuf_release(&key);
	json_decref(seen);
}

/* ---- ballots ------------------------------------------------------------ */

/* The lifecycle's steps (tracker/ballot_bylaws.h), recorded and derived, in order: {label, time, utc, local, derived, rule?}. */
static json_t *deadlines(const struct ballot_bylaws_lifecycle *lc, const char *tz)
{
	json_t *out = json_array();
	for (int k = 0; k < BALLOT_BYLAWS_NSTEPS; k++) {
		if (!lc->steps[k].t)
			continue;
		json_t *d = ballot_bylaws_step_to_json(lc, (enum ballot_bylaws_step_key)k, tz);
		json_object_del(d, "key");
		json_array_append_new(out, d);
	}
	return out;
}


static int in_flight(const char *state)
{
	return state && (!strcmp(state, "discussion") || !strcmp(state, "voting") || !strcmp(state, "passed") ||
			 !strcmp(state, "ipr-review"));
}

/* Which version a draft's section numbers are from: its head ({ref, version}). */
static void set_sections_from(json_t *e, json_t *v, json_t *diff)
{
	json_t *hv = json_object_get(json_object_get(diff, "head"), "version");
	json_object_set_new(e, "sections_from", json_pack("{s:O, s:O}", "ref", json_object_get(v, "head"), "version",
							  hv ? hv : json_null()));
}

/* A draft's entry: its diff summarised for the page, and the diff itself for its redline page. */
static int draft_entry(json_t **out, struct ct_db *db, const struct query_doc *doc, json_t *v, const char *since_day,
		       int64_t as_of, const struct status_options *opts)
{
	const char *base = jsonget_str(v, "base"), *head = jsonget_str(v, "head");
	char s[SLUG_MAX + 10];
	slug(s, jsonget_text(v, "id"));
	json_t *e = json_pack("{s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(v, "id"), "slug", s, "title",
			      json_object_get(v, "title"), "state", json_object_get(v, "state"), "base",
			      json_object_get(v, "base"), "head", json_object_get(v, "head"), "plan", json_object_get(v, "plan"),
			      "pr", json_object_get(v, "pr"));
	json_object_set_new(e, "page", json_sprintf("ballot-%s.html", s));
	json_object_set_new(e, "sections", json_array());
	json_object_set_new(e, "requirements", json_array());
	json_object_set_new(e, "dates", json_array());
	(void)since_day;
	(void)as_of;
	if (!base || !head) {
		json_object_set_new(e, "note", json_string("no base and head known: record them with 'cabtrack ballot set'"));
		*out = e;
		return 0;
	}
	json_t *diff = NULL;
	struct diff_options dopts = DIFF_OPTIONS_INIT;
	if (diff_view_build(&diff, db, doc, base, head, 0, &dopts) < 0) {
		/* A draft whose refs went away or whose base is wrong still shows, with why. */
		json_object_set_new(e, "note", json_string(ct_error_last() ? ct_error_last() : "cannot diff"));
		ct_error_drop("shown on the page as the draft's note");
		*out = e;
		return 0;
	}
	json_t *x;
	size_t i;
	json_array_foreach(json_object_get(diff, "sections"), i, x)
		json_array_append_new(json_object_get(e, "sections"),
				      json_pack("{s:O, s:O, s:O, s:O?, s:O?}", "number", json_object_get(x, "number"), "title",
						json_object_get(x, "title"), "change", json_object_get(x, "change"), "old_number",
						json_object_get(x, "old_number"), "old_title", json_object_get(x, "old_title")));
	json_array_foreach(json_object_get(diff, "requirements"), i, x) {
		const char *change = jsonget_text(x, "change");
		const char *strength = jsonget_str(x, "strength");
		/* Added or strengthened: what the working group takes on. */
		if (strcmp(change, "added") && !(strength && !strcmp(strength, "strengthened")))
			continue;
		json_array_append_new(json_object_get(e, "requirements"),
				      json_pack("{s:O, s:O, s:O, s:O?, s:O?, s:O}", "change", json_object_get(x, "change"),
						"section", json_object_get(x, "section"), "keyword", json_object_get(x, "keyword"),
						"old_keyword", json_object_get(x, "old_keyword"), "strength",
						json_object_get(x, "strength"), "text_md", json_object_get(x, "text")));
	}
	json_t *secs = json_object_get(e, "sections");
	set_sections_from(e, v, diff);
	if (json_array_size(secs))
		json_object_set_new(json_array_get(secs, json_array_size(secs) - 1), "last", json_true());
	json_array_foreach(json_object_get(diff, "dates"), i, x)
		if (strcmp(jsonget_text(x, "change"), "removed"))
			json_array_append(json_object_get(e, "dates"), x);
	json_object_set(e, "summary", json_object_get(diff, "summary"));
	if (opts->with_diffs)
		json_object_set(e, "diff", diff);
	json_decref(diff);
	*out = e;
	return 0;
}

/* A ballot in flight as it stood at `as_of`: its state, deadlines (times also in `tz`) and pull request. */
static json_t *flight_entry(const struct ballots_ballot *b, int64_t as_of, const char *tz, const char *repo)
{
	struct ballot_bylaws_lifecycle lc;
	ballot_bylaws_steps(&lc, b->rec, as_of);
	json_t *f = json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", b->id, "title", record_json_text(b->title), "state",
			      b->state, "next_deadline", ballots_next_deadline(b, &lc, tz), "pr", record_json_int(b->pr, b->pr != 0),
			      "pr_url", inflight_pr_url(repo, b->pr, NULL), "deadlines", deadlines(&lc, tz));
	/* What the Bylaws say of it: the recorded vote's result, missing endorsements. */
	json_t *vote = ballot_bylaws_vote(b->rec), *endorse = ballot_bylaws_endorsement(b->rec);
	json_t *flag = json_object_get(endorse, "flag");
	json_object_set_new(f, "vote", vote ? vote : json_null());
	json_object_set_new(f, "flag", flag ? json_incref(flag) : json_null());
	json_decref(endorse);
	return f;
}

/* The keys a change answers to: its own and those of the branches it absorbed. */
static json_t *keys_of(const struct ballots_ballot *b)
{
	json_t *keys = json_pack("{s:b}", b->key, 1);
	for (size_t j = 0; j < b->nsources; j++)
		json_object_set_new(keys, b->sources[j]->ballot_key, json_true());
	return keys;
}

/* Did a source of the ballot move after the day `since`? */
static int moved_since(const struct ballots_ballot *b, const char *since)
{
	int moved = 0;
	for (size_t j = 0; j < b->nsources; j++) {
		char day[11];
		if (!b->sources[j]->time)
			continue;
		when_day(day, b->sources[j]->time);
		moved |= strcmp(day, since) > 0;
	}
	return moved;
}

/* The draft link of the previous minutes that names ballot `b` (its key, head or a source's ref), or NULL. */
static json_t *named_link(json_t *links, const struct ballots_ballot *b)
{
	json_t *m;
	size_t i;
	json_array_foreach(links, i, m) {
		const char *ref = jsonget_str(m, "ref");
		if (!ref)
			continue;
		if (!strcmp(ref, b->key) || (b->head && !strcmp(ref, b->head)))
			return m;
		for (size_t j = 0; j < b->nsources; j++)
			if (b->sources[j]->ref && !strcmp(query_short_ref(b->sources[j]->ref), ref))
				return m;
	}
	return NULL;
}

/* Mark a draft as named in the previous minutes, with the link they cite. */
static void set_named(json_t *e, json_t *m)
{
	json_object_set_new(e, "named_in", json_string(jsonget_text(m, "meeting")));
	const char *u = jsonget_str(m, "url");
	json_object_set_new(e, "link", u && url_is_web(u, strlen(u)) ? json_string(u) : json_null());
	json_object_set_new(m, "used", json_true());
}

/* The fields of a draft's diff entry that an entry of ballots in flight lacks. */
static void add_change(json_t *flight, json_t *draft)
{
	const char *k;
	json_t *x;
	json_object_foreach(draft, k, x)
		if (!json_object_get(flight, k) || json_is_null(json_object_get(flight, k)))
			json_object_set(flight, k, x);
}

/*
 * A draft whose head the pull request's head reaches became that ballot:
 * it is shown once, as the ballot, which takes its change when the pull
 * request's own head at the meeting is not known, and where the minutes
 * named it.
 */
static void absorb_drafts(json_t *x, json_t *drafts, struct ct_db *db, const struct query_doc *doc)
{
	const char *tip = jsonget_str(x, "pull_commit");
	for (size_t i = 0; tip && i < json_array_size(drafts);) {
		json_t *d = json_array_get(drafts, i);
		struct query_at h;
		int anc = 0;
		if (jsonget_str(d, "head") && query_resolve(&h, db, doc, jsonget_str(d, "head")) == 0 && *h.commit)
			query_is_ancestor(&anc, db, doc->id, h.commit, tip);
		ct_error_drop("a draft head that cannot be resolved is not the pull request's");
		if (!anc) {
			i++;
			continue;
		}
		if (!jsonget_str(x, "head")) {
			json_object_set(x, "base", json_object_get(d, "base"));
			json_object_set(x, "head", json_object_get(d, "head"));
			json_object_set_new(x, "note", json_sprintf("its change at the meeting: draft %s, which its pull request "
								    "carries on", jsonget_text(d, "id")));
		}
		json_object_set(x, "was_draft", json_object_get(d, "id"));
		static const char *const keep[] = { "named_in", "link", "plan" };
		for (size_t k = 0; k < 3; k++)
			if (json_object_get(d, keep[k]) && !json_is_null(json_object_get(d, keep[k])))
				json_object_set(x, keep[k], json_object_get(d, keep[k]));
		json_object_update(json_object_get(x, "keys"), json_object_get(d, "keys"));
		json_array_remove(drafts, i);
	}
}

/*
 * Ballots in flight (recorded, published ones whose IP review was running,
 * open pull requests naming a ballot), each once; drafts (declared, moved
 * since the previous meeting, or named in its minutes); the previous
 * minutes' draft links that name nothing imported; and how many other
 * branches are left out.
 */
int status_ballots_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *since,
			const char *prev_date, const char *date, const char *repo, int64_t repo_id,
			const struct status_options *opts)
{
	struct ballots_view_options bo = BALLOTS_VIEW_OPTIONS_INIT;
	bo.tz = opts->tz;
	bo.as_of = as_of;
	struct inflight_context ic = { as_of, date, opts->tz, repo, repo_id };
	struct ballots_set set;
	const struct ballots_ballot **sorted = NULL;
	json_t *named = NULL, *x;
	size_t i;
	int others = 0;
	int rc = ballots_load(&set, db, doc, as_of);
	if (rc == 0) {
		sorted = ballots_sorted(&set);
		rc = inflight_minutes_drafts(&named, db, doc, prev_date);
	}
	json_t *flight = json_array(), *drafts = json_array(), *have = json_object(), *links = json_array();
	for (i = 0; sorted && i < set.n && rc == 0; i++) {
		const struct ballots_ballot *b = sorted[i];
		const char *state = b->state;
		int recorded = b->rec != NULL;
		int draft = !strcmp(state, "draft"), discussion = !strcmp(state, "discussion");
		if (!in_flight(state) && !draft)
			continue;
		json_t *v = NULL, *e = NULL, *m = NULL;
		if ((rc = ballots_view(&v, db, doc, b->key, &bo)) < 0)
			break;
		if (in_flight(state)) {
			json_t *f = flight_entry(b, as_of, opts->tz, repo);
			json_object_set_new(f, "key", json_string(b->key));
			json_object_set_new(f, "keys", keys_of(b));
			/* In discussion: its change, once, here and on its own page. */
			if (discussion && (rc = draft_entry(&e, db, doc, v, since, as_of, opts)) == 0) {
				add_change(f, e);
				json_decref(e);
			}
			json_object_set_new(have, b->key, json_true());
			json_array_append_new(flight, f);
		} else if (!json_is_null(json_object_get(v, "became")) && json_object_get(v, "became")) {
			others++; /* shown as the ballot it became */
		} else if (recorded || moved_since(b, since) || (m = named_link(named, b)) != NULL) {
			if ((rc = draft_entry(&e, db, doc, v, since, as_of, opts)) == 0) {
				json_object_set_new(e, "pr_url", inflight_pr_url(repo, b->pr, NULL));
				json_object_set_new(e, "key", json_string(b->key));
				json_object_set(e, "became", json_object_get(v, "became"));
				json_object_set_new(e, "keys", keys_of(b));
				if (m)
					set_named(e, m);
				json_array_append_new(drafts, e);
			}
		} else {
			others++;
		}
		json_decref(v);
	}
	/* What the previous minutes link to and no draft above is: a draft of its own (which a pull request below may carry on), else a link to follow up. */
	json_array_foreach(named, i, x) {
		if (rc < 0 || json_is_true(json_object_get(x, "used")))
			continue;
		if (!json_is_true(json_object_get(x, "resolved"))) {
			const char *u = jsonget_str(x, "url");
			json_array_append_new(links, json_pack("{s:O, s:o, s:O, s:O}", "url", json_object_get(x, "url"), "url_link",
							       u && url_is_web(u, strlen(u)) ? json_string(u) : json_null(),
							       "meeting", json_object_get(x, "meeting"), "context",
							       json_object_get(x, "context")));
			continue;
		}
		const char *id = jsonget_str(x, "ref") ? jsonget_str(x, "ref") : jsonget_text(x, "head");
		json_t *v = json_pack("{s:s, s:s, s:n, s:s, s:O, s:O, s:n, s:n}", "id", id, "key", id, "title", "state", "draft",
				      "base", json_object_get(x, "base"), "head", json_object_get(x, "head"), "plan", "pr");
		json_t *e = NULL;
		if ((rc = draft_entry(&e, db, doc, v, since, as_of, opts)) == 0) {
			json_object_set_new(e, "key", json_string(id));
			json_object_set_new(e, "keys", json_pack("{s:b}", id, 1));
			set_named(e, x);
			json_array_append_new(drafts, e);
		}
		json_decref(v);
	}
	/* Published ballots whose IP review was running, then pull requests: each ballot once. */
	json_t *found[2] = { NULL, NULL };
	if (rc == 0)
		rc = inflight_reviews(&found[0], db, doc, &ic);
	if (rc == 0)
		rc = inflight_pulls(&found[1], db, doc, &ic);
	for (int f = 0; f < 2 && rc == 0; f++)
		json_array_foreach(found[f], i, x) {
			const char *key = jsonget_text(x, "key");
			if (json_object_get(have, key)) {
				json_t *y;
				size_t j;
				json_array_foreach(flight, j, y)
					if (!strcmp(jsonget_text(y, "key"), key) && json_is_null(json_object_get(y, "pr_url"))) {
						json_t *pr = json_pack("{s:O, s:O}", "pr", json_object_get(x, "pr"), "pr_url",
								       json_object_get(x, "pr_url"));
						add_change(y, pr);
						json_decref(pr);
					}
				continue;
			}
			json_object_set_new(have, key, json_true());
			json_object_set_new(x, "keys", json_pack("{s:b}", key, 1));
			absorb_drafts(x, drafts, db, doc);
			if (jsonget_str(x, "head") && jsonget_str(x, "base")) {
				json_t *e = NULL;
				if (!json_object_get(x, "plan"))
					json_object_set_new(x, "plan", json_null());
				if ((rc = draft_entry(&e, db, doc, x, since, as_of, opts)) < 0)
					break;
				add_change(x, e);
				json_decref(e);
			}
			json_array_append(flight, x);
		}
	/* Every change with a redline page gets a name of its own. */
	json_t *paged = json_array();
	json_array_foreach(flight, i, x)
		if (json_object_get(x, "page"))
			json_array_append(paged, x);
	json_array_extend(paged, drafts);
	status_unique_pages(paged);
	json_decref(paged);
	free(sorted);
	ballots_set_release(&set);
	json_decref(named);
	json_decref(found[0]);
	json_decref(found[1]);
	json_decref(have);
	json_object_set_new(model, "ballots_in_flight", flight);
	json_object_set_new(model, "drafts", drafts);
	json_object_set_new(model, "draft_links", links);
	json_object_set_new(model, "other_branches", json_integer(others));
	json_object_set_new(model, "other_branches_line",
			    others ? json_sprintf("%d other branch%s not shown (no pull request, not declared, not named in the "
						  "previous minutes, no commit since %s)", others, others == 1 ? "" : "es", since)
				   : json_null());
	return rc;
}
