/*
 * status.c - a meeting's status view model and the document's calendar
 * (see status.h).
 *
 * Everything is described as it stood at the meeting ("as of"): the
 * meeting's start when its time is known, else the end of its day (UTC).
 * Ballots come from ballots_view/ballots_list with that as_of, the dates
 * from the main version of that moment, issues from what GitHub says
 * today about when each was opened, updated and closed.  "Since" is the
 * previous recorded meeting, or two weeks before when there is none.
 *
 * Invariant: nothing here writes the database; the model holds no clock
 * reading of its own, so the same database gives the same model.
 */
#include "tracker/status.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tracker/ballots.h"
#include "tracker/inflight.h"
#include "tracker/dates.h"
#include "importers/datephrase.h"
#include "tracker/diff.h"
#include "tracker/base/error.h"
#include "db/github_query.h"
#include "importers/mdsplit.h"
#include "db/meetingdb.h"
#include "tracker/meetings.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/outline.h"
#include "tracker/pr_sections.h"
#include "tracker/diff_view.h"
#include "render/url.h"

#define DEFAULT_WINDOW_DAYS 14

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *str0(json_t *o, const char *k)
{
	const char *s = str(o, k);
	return s ? s : "";
}

/* {utc, local} strings of an ISO time, local in tz. */
static void set_times(json_t *o, const char *iso, const char *tz)
{
	int64_t t;
	if (!iso || when_parse_iso(&t, iso) < 0) {
		ct_error_clear();
		json_object_set_new(o, "utc", json_null());
		json_object_set_new(o, "local", json_null());
		return;
	}
	struct strbuf u = STRBUF_INIT, l = STRBUF_INIT;
	when_format_utc(&u, t);
	when_format_zone(&l, t, tz);
	json_object_set_new(o, "utc", json_string(u.buf));
	json_object_set_new(o, "local", json_string(l.buf));
	strbuf_release(&u);
	strbuf_release(&l);
}

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
static void unique_pages(json_t *drafts)
{
	json_t *seen = json_object(), *d;
	size_t i;
	struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;
	json_array_foreach(drafts, i, d) {
		const char *base = str0(d, "slug");
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

/* The lifecycle's steps (tracker/ballot_bylaws.h), recorded and derived, in order. */
static json_t *deadlines(json_t *lc)
{
	json_t *out = json_array(), *t;
	size_t i;
	json_array_foreach(json_object_get(lc, "steps"), i, t) {
		json_t *d = json_pack("{s:O, s:O, s:O, s:O, s:b}", "label", json_object_get(t, "label"), "time",
				      json_object_get(t, "time"), "utc", json_object_get(t, "utc"), "local",
				      json_object_get(t, "local"), "derived", json_is_true(json_object_get(t, "derived")));
		if (json_is_string(json_object_get(t, "rule")))
			json_object_set(d, "rule", json_object_get(t, "rule"));
		json_array_append_new(out, d);
	}
	return out;
}

static json_t *pr_url(const char *repo, json_t *pr)
{
	if (!repo || !json_is_integer(pr))
		return json_null();
	json_t *u = json_sprintf("https://github.com/%s/pull/%lld", repo, (long long)json_integer_value(pr));
	if (u && url_is_web(json_string_value(u), json_string_length(u)))
		return u;
	json_decref(u);
	return json_null();
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
	const char *base = str(v, "base"), *head = str(v, "head");
	char s[SLUG_MAX + 10];
	slug(s, str0(v, "id"));
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
		ct_error_clear();
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
		const char *change = str0(x, "change");
		const char *strength = str(x, "strength");
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
		if (strcmp(str0(x, "change"), "removed"))
			json_array_append(json_object_get(e, "dates"), x);
	json_object_set(e, "summary", json_object_get(diff, "summary"));
	if (opts->with_diffs)
		json_object_set(e, "diff", diff);
	json_decref(diff);
	*out = e;
	return 0;
}

/* A ballot in flight: its state, deadlines and pull request. */
static json_t *flight_entry(json_t *v, const char *repo)
{
	json_t *f = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:o}", "id", json_object_get(v, "id"), "title",
			      json_object_get(v, "title"), "state", json_object_get(v, "state"), "next_deadline",
			      json_object_get(v, "next_deadline"), "pr", json_object_get(v, "pr"), "pr_url",
			      pr_url(repo, json_object_get(v, "pr")), "deadlines", deadlines(json_object_get(v, "lifecycle")));
	/* What the Bylaws say of it: the recorded vote's result, missing endorsements. */
	json_t *vote = json_object_get(v, "vote"), *flag = json_object_get(json_object_get(v, "endorsement"), "flag");
	json_object_set_new(f, "vote", vote ? json_incref(vote) : json_null());
	json_object_set_new(f, "flag", flag ? json_incref(flag) : json_null());
	return f;
}

/* The keys a change answers to: its own and those of the branches it absorbed. */
static json_t *keys_of(json_t *v)
{
	json_t *keys = json_pack("{s:b}", str0(v, "key"), 1), *src;
	size_t j;
	json_array_foreach(json_object_get(v, "sources"), j, src)
		if (json_is_string(json_object_get(src, "ballot_key")))
			json_object_set_new(keys, str(src, "ballot_key"), json_true());
	return keys;
}

/* Did a source of the ballot move after the day `since`? */
static int moved_since(json_t *v, const char *since)
{
	json_t *src;
	size_t j;
	int moved = 0;
	json_array_foreach(json_object_get(v, "sources"), j, src) {
		char day[11];
		json_int_t t = json_integer_value(json_object_get(src, "time"));
		if (!t)
			continue;
		when_day(day, t);
		moved |= strcmp(day, since) > 0;
	}
	return moved;
}

/* The draft link of the previous minutes that names the ballot `v` (its key, head or a source's ref), or NULL. */
static json_t *named_link(json_t *links, json_t *v)
{
	json_t *m, *src;
	size_t i, j;
	json_array_foreach(links, i, m) {
		const char *ref = str(m, "ref");
		if (!ref)
			continue;
		if (!strcmp(ref, str0(v, "key")) || !strcmp(ref, str0(v, "head")))
			return m;
		json_array_foreach(json_object_get(v, "sources"), j, src)
			if (str(src, "ref") && !strcmp(query_short_ref(str(src, "ref")), ref))
				return m;
	}
	return NULL;
}

/* Mark a draft as named in the previous minutes, with the link they cite. */
static void set_named(json_t *e, json_t *m)
{
	json_object_set_new(e, "named_in", json_string(str0(m, "meeting")));
	const char *u = str(m, "url");
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
	const char *tip = str(x, "pull_commit");
	for (size_t i = 0; tip && i < json_array_size(drafts);) {
		json_t *d = json_array_get(drafts, i);
		struct query_at h;
		int anc = 0;
		if (str(d, "head") && query_resolve(&h, db, doc, str(d, "head")) == 0 && *h.commit)
			query_is_ancestor(&anc, db, doc->id, h.commit, tip);
		ct_error_clear();
		if (!anc) {
			i++;
			continue;
		}
		if (!str(x, "head")) {
			json_object_set(x, "base", json_object_get(d, "base"));
			json_object_set(x, "head", json_object_get(d, "head"));
			json_object_set_new(x, "note", json_sprintf("its change at the meeting: draft %s, which its pull request "
								    "carries on", str0(d, "id")));
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
static int ballots_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *since,
			const char *prev_date, const char *date, const char *repo, int64_t repo_id,
			const struct status_options *opts)
{
	struct ballots_view_options bo = BALLOTS_VIEW_OPTIONS_INIT;
	bo.tz = opts->tz;
	bo.as_of = as_of;
	struct inflight_context ic = { as_of, date, opts->tz, repo, repo_id };
	json_t *list = NULL, *named = NULL, *b, *x;
	size_t i;
	int others = 0;
	int rc = ballots_list(&list, db, doc, &bo);
	if (rc == 0)
		rc = inflight_minutes_drafts(&named, db, doc, prev_date);
	json_t *flight = json_array(), *drafts = json_array(), *have = json_object(), *links = json_array();
	json_array_foreach(list, i, b) {
		if (rc < 0)
			break;
		const char *state = str(b, "state");
		json_t *found_in = json_object_get(b, "found_in"), *k;
		size_t j;
		int recorded = 0;
		json_array_foreach(found_in, j, k)
			recorded |= !strcmp(json_string_value(k), "recorded");
		int draft = state && !strcmp(state, "draft"), discussion = state && !strcmp(state, "discussion");
		if (!in_flight(state) && !draft)
			continue;
		json_t *v = NULL, *e = NULL, *m = NULL;
		if ((rc = ballots_view(&v, db, doc, str(b, "key"), &bo)) < 0)
			break;
		if (in_flight(state)) {
			json_t *f = flight_entry(v, repo);
			json_object_set_new(f, "key", json_string(str0(v, "key")));
			json_object_set_new(f, "keys", keys_of(v));
			/* In discussion: its change, once, here and on its own page. */
			if (discussion && (rc = draft_entry(&e, db, doc, v, since, as_of, opts)) == 0) {
				add_change(f, e);
				json_decref(e);
			}
			json_object_set_new(have, str0(v, "key"), json_true());
			json_array_append_new(flight, f);
		} else if (!json_is_null(json_object_get(v, "became")) && json_object_get(v, "became")) {
			others++; /* shown as the ballot it became */
		} else if (recorded || moved_since(v, since) || (m = named_link(named, v)) != NULL) {
			if ((rc = draft_entry(&e, db, doc, v, since, as_of, opts)) == 0) {
				json_object_set_new(e, "pr_url", pr_url(repo, json_object_get(v, "pr")));
				json_object_set_new(e, "key", json_string(str0(v, "key")));
				json_object_set(e, "became", json_object_get(v, "became"));
				json_object_set_new(e, "keys", keys_of(v));
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
			const char *u = str(x, "url");
			json_array_append_new(links, json_pack("{s:O, s:o, s:O, s:O}", "url", json_object_get(x, "url"), "url_link",
							       u && url_is_web(u, strlen(u)) ? json_string(u) : json_null(),
							       "meeting", json_object_get(x, "meeting"), "context",
							       json_object_get(x, "context")));
			continue;
		}
		const char *id = str(x, "ref") ? str(x, "ref") : str0(x, "head");
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
			const char *key = str0(x, "key");
			if (json_object_get(have, key)) {
				json_t *y;
				size_t j;
				json_array_foreach(flight, j, y)
					if (!strcmp(str0(y, "key"), key) && json_is_null(json_object_get(y, "pr_url"))) {
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
			if (str(x, "head") && str(x, "base")) {
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
	unique_pages(paged);
	json_decref(paged);
	json_decref(list);
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

/* ---- dates ------------------------------------------------------------- */

static void shift_months(char out[11], const char *day, int months)
{
	struct ct_date d;
	if (ct_date_parse_strict(&d, day) < 0) {
		ct_error_clear();
		snprintf(out, 11, "%s", day);
		return;
	}
	d = ct_date_add_months(d, months);
	ct_date_format(out, &d);
}

static int source_rank(const char *source)
{
	return !strcmp(source, "table") ? 0 : !strcmp(source, "text") ? 1 : 2;
}

/* Date order; on one day the table first, then the text, then the Revisions table. */
static int by_date(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str0(x, "date"), str0(y, "date"));
	return c ? c : source_rank(str0(x, "source")) - source_rank(str0(y, "source"));
}

/*
 * The Revisions table's effective dates, from..to: when each version
 * takes effect, and rows such as "Transition end for Extant S/MIME CAs".
 * Appended to rows (as dates rows, source "revisions") and, when not
 * NULL, to events (timeline events).
 */
static int revision_dates(json_t *rows, json_t *events, struct ct_db *db, int64_t vid, const char *from, const char *to,
			  const char *today)
{
	json_t *revs = NULL, *r;
	size_t i;
	int rc = query_revisions(&revs, db, vid);
	json_array_foreach(revs, i, r) {
		const char *col;
		json_t *d;
		json_object_foreach(json_object_get(r, "dates"), col, d) {
			const char *date = json_string_value(d);
			if (!date || !strcasestr(col, "effective") || (from && strcmp(date, from) < 0) ||
			    (to && strcmp(date, to) > 0))
				continue;
			const char *ver = str(r, "version");
			int versioned = ver && *ver && strspn(ver, "0123456789.") == strlen(ver);
			json_t *desc = versioned ? json_sprintf("Version %s takes effect: %s", ver, str0(r, "description"))
						 : json_string(str0(r, "description"));
			json_array_append_new(rows, json_pack("{s:s, s:n, s:O, s:[], s:O, s:s, s:b}", "date", date, "keyword",
							      "ballot", json_object_get(r, "ballot"), "sections", "description",
							      desc, "source", "revisions", "past", today && strcmp(date, today) < 0));
			if (events)
				json_array_append_new(events, json_pack("{s:s, s:s, s:o, s:s}", "date", date, "keyword", "",
									"label", desc, "kind", "obligation"));
			else
				json_decref(desc);
		}
	}
	json_decref(revs);
	return rc;
}

static int dates_part(json_t *model, struct ct_db *db, const struct query_doc *doc, int64_t as_of, const char *today)
{
	int64_t vid = 0;
	char from[11], to[11];
	shift_months(from, today, -3);
	shift_months(to, today, 18);
	json_t *rows = NULL, *r, *kept = json_array(), *events = json_array();
	size_t i;
	int rc = ballots_main_version(&vid, db, doc, as_of);
	if (rc == 0 && vid)
		rc = dates_rows(&rows, db, doc->id, vid);
	if (rows) {
		/* One obligation stated by the table and the text is one row. */
		dates_group(rows);
		json_t *merged = dates_merge(rows);
		json_decref(rows);
		rows = merged;
	}
	json_array_foreach(rows, i, r) {
		const char *date = str0(r, "date");
		if (strcmp(date, from) < 0 || strcmp(date, to) > 0)
			continue;
		json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O?, s:b}", "date", json_object_get(r, "date"), "keyword",
					json_object_get(r, "keyword"), "ballot", json_object_get(r, "ballot"), "sections",
					json_object_get(r, "sections"), "description", json_object_get(r, "description"),
					"source", json_object_get(r, "source"), "sources", json_object_get(r, "sources"),
					"past", strcmp(date, today) < 0);
		json_array_append_new(kept, row);
		/* The timeline shows each table row, and the text's dates the tables do not state. */
		json_array_append_new(events, json_pack("{s:O, s:O, s:O, s:s}", "date", json_object_get(r, "date"), "keyword",
							json_object_get(r, "keyword"), "label", json_object_get(r, "description"),
							"kind", "obligation"));
	}
	json_decref(rows);
	if (rc == 0 && vid)
		rc = revision_dates(kept, events, db, vid, from, to, today);
	/* By date; on one day table rows first, so a date both the table and the text state reads from the table. */
	size_t n = json_array_size(kept);
	json_t **v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_array_get(kept, i);
	qsort(v, n, sizeof(*v), by_date);
	json_t *sorted = json_array();
	for (i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	json_decref(kept);
	json_object_set_new(model, "dates", json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "rows", sorted));
	/* the day line marks the meeting the page is for, not the day it is rendered */
	json_object_set_new(model, "timeline", json_pack("{s:s, s:s, s:s, s:s, s:o}", "from", from, "to", to, "today", today,
							 "marker", "meeting", "events", events));
	return rc;
}

/* ---- issues -------------------------------------------------------------- */

static int has_label(json_t *is, const char *label)
{
	json_t *l;
	size_t i;
	json_array_foreach(json_object_get(is, "labels"), i, l)
		if (json_is_string(l) && !strcasecmp(json_string_value(l), label))
			return 1;
	return 0;
}

static int issues_part(json_t *model, struct ct_db *db, const char *repo_name, int64_t repo_id, const char *since,
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
		const char *kind = str0(l, "kind");
		const char *list = !strcmp(kind, "section") && json_integer_value(json_object_get(l, "resolved")) ? "sections"
				   : !strcmp(kind, "ballot") ? "ballots" : !strcmp(kind, "addressed") ? "addressed_by" : NULL;
		if (list)
			json_array_append(json_object_get(p, list), json_object_get(l, "target"));
	}
	/* Oldest first reads best in a list of what is new. */
	for (size_t k = json_array_size(all); k-- > 0;) {
		is = json_array_get(all, k);
		const char *created = str0(is, "created_at"), *updated_at = str0(is, "updated_at");
		const char *closed = str(is, "closed_at");
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
				const char *title = *group ? str(json_object_get(outline, group), "title") : NULL;
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
static void rename_addressed(json_t *is, json_t *names, json_t *done)
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

/* The GitHub repository whose issues link against `doc` (the first one synced or imported for it). */
static int repo_of(const char **name, int64_t *id, json_t **repos, struct ct_db *db, const struct query_doc *doc)
{
	json_t *r;
	size_t i;
	*name = NULL;
	*id = 0;
	int rc = github_query_repos(repos, db);
	json_array_foreach(*repos, i, r) {
		const char *d = str(r, "doc");
		if (!*id || (d && !strcmp(d, doc->name))) {
			*name = str(r, "name");
			*id = json_integer_value(json_object_get(r, "id"));
			if (d && !strcmp(d, doc->name))
				break;
		}
	}
	return rc;
}

int status_build(json_t **out, struct ct_db *db, const struct query_doc *doc, json_t *meeting, json_t *meetings,
		 const struct status_options *given)
{
	struct status_options opts = STATUS_OPTIONS_INIT;
	if (given)
		opts = *given;
	const char *tz = opts.tz ? opts.tz : str(meeting, "tz");
	opts.tz = tz;
	const char *date = str0(meeting, "date");
	int64_t as_of = meetings_as_of(meeting);
	*out = NULL;

	json_t *model = json_object();
	json_t *m = json_pack("{s:s, s:O, s:O, s:O, s:b}", "date", date, "time", json_object_get(meeting, "time"), "tz",
			      json_object_get(meeting, "tz"), "title", json_object_get(meeting, "title"), "recorded",
			      json_is_true(json_object_get(meeting, "recorded")));
	set_times(m, str(meeting, "start_utc"), tz);
	json_object_set_new(model, "meeting", m);
	json_object_set_new(model, "wg", opts.wg && *opts.wg ? json_string(opts.wg) : json_null());

	json_t *prev = meetings_previous(meetings, date), *next = meetings_following(meetings, date);
	json_t *scheduled = NULL;
	if (opts.cadence) {
		/* The cadence's next call, when it comes before any recorded one. */
		struct ct_date d;
		if (ct_date_parse_strict(&d, date) == 0) {
			json_t *two = meetings_cadence_next(opts.cadence, ct_date_add_days(d, 1), 1, meetings);
			json_t *c = json_array_get(two, 0);
			if (c && (!next || strcmp(str0(c, "date"), str0(next, "date")) < 0))
				next = scheduled = json_incref(c);
			json_decref(two);
		}
		ct_error_clear();
	}
	char since[11];
	if (prev) {
		snprintf(since, sizeof(since), "%s", str0(prev, "date"));
		json_object_set_new(model, "previous", json_pack("{s:O, s:O}", "date", json_object_get(prev, "date"), "title",
								 json_object_get(prev, "title")));
	} else {
		struct ct_date d;
		if (ct_date_parse_strict(&d, date) == 0) {
			d = ct_date_add_days(d, -DEFAULT_WINDOW_DAYS);
			ct_date_format(since, &d);
		} else {
			snprintf(since, sizeof(since), "%s", date);
		}
		ct_error_clear();
		json_object_set_new(model, "previous", json_null());
	}
	json_object_set_new(model, "since", json_string(since));
	if (next) {
		json_t *n = json_pack("{s:O, s:O, s:O, s:b}", "date", json_object_get(next, "date"), "time",
				      json_object_get(next, "time"), "title", json_object_get(next, "title"), "projected",
				      next == scheduled);
		set_times(n, str(next, "start_utc"), tz ? tz : str(next, "tz"));
		json_object_set_new(model, "next", n);
	} else {
		json_object_set_new(model, "next", json_null());
	}

	/* The document as it stood. */
	int64_t vid = 0;
	json_t *version = NULL, *sections = NULL, *outline = json_object(), *repos = NULL;
	int rc = ballots_main_version(&vid, db, doc, as_of);
	if (rc == 0 && vid)
		rc = query_version(&version, db, vid);
	if (rc == 0 && vid)
		rc = query_sections(&sections, db, vid, 0);
	json_t *s;
	size_t i;
	json_array_foreach(sections, i, s)
		if (json_is_string(json_object_get(s, "number")))
			json_object_set(outline, str(s, "number"), s);
	/* "imported" false: the meeting was before the document's first version on main. */
	json_object_set_new(model, "document", json_pack("{s:s, s:O?, s:O?, s:b}", "name", doc->name, "title",
							 version ? json_object_get(version, "title") : NULL, "version",
							 version ? json_object_get(version, "label") : NULL, "imported", version != NULL));

	const char *repo = NULL;
	int64_t repo_id = 0;
	if (rc == 0)
		rc = repo_of(&repo, &repo_id, &repos, db, doc);
	if (rc == 0)
		rc = ballots_part(model, db, doc, as_of, since, prev ? str(prev, "date") : NULL, date, repo, repo_id, &opts);
	if (rc == 0)
		rc = dates_part(model, db, doc, as_of, date);
	/* Drafts, and ballots in flight with a change of their own: what issues can be addressed by. */
	json_t *changes = json_array(), *c;
	json_array_foreach(json_object_get(model, "ballots_in_flight"), i, c)
		if (json_object_get(c, "keys"))
			json_array_append(changes, c);
	json_array_extend(changes, json_object_get(model, "drafts"));
	if (rc == 0) {
		json_t *keys = json_object(), *d;
		json_array_foreach(changes, i, d)
			json_object_update(keys, json_object_get(d, "keys"));
		rc = issues_part(model, db, repo, repo_id, since, date, keys, outline);
		/* Which issues each draft addresses, for its entry. */
		json_t *is;
		json_array_foreach(changes, i, d) {
			json_t *nums = json_array();
			size_t j;
			json_array_foreach(json_object_get(json_object_get(model, "issues"), "addressed"), j, is) {
				json_t *k;
				size_t x;
				int hit = 0;
				json_array_foreach(json_object_get(is, "addressed_by"), x, k)
					hit |= json_object_get(json_object_get(d, "keys"), json_string_value(k)) != NULL;
				if (hit)
					json_array_append(nums, json_object_get(is, "number"));
			}
			json_object_set_new(d, "addresses", nums);
		}
		json_decref(keys);
		/* Name drafts as the chair declared them ("D1"), not by the branch they absorbed. */
		json_t *names = json_object(), *done = json_object(), *k;
		const char *key;
		json_array_foreach(changes, i, d)
			json_object_foreach(json_object_get(d, "keys"), key, k)
				json_object_set(names, key, json_object_get(d, "id"));
		static const char *const lists[] = { "new", "updated", "addressed", "parked" };
		json_t *issues = json_object_get(model, "issues");
		for (size_t l = 0; l < 4; l++)
			json_array_foreach(json_object_get(issues, lists[l]), i, is)
				rename_addressed(is, names, done);
		json_array_foreach(json_object_get(issues, "by_section"), i, d) {
			size_t j;
			json_array_foreach(json_object_get(d, "issues"), j, is)
				rename_addressed(is, names, done);
		}
		json_decref(names);
		json_decref(done);
	}
	/* Open pull requests by the sections their heads change (tracker/pr_sections.h). */
	if (rc == 0) {
		json_t *pulls = NULL;
		rc = pr_sections_by_section(&pulls, db, repo_id, date, outline);
		json_object_set_new(model, "pulls_by_section", pulls ? pulls : json_array());
	}
	/* The next call also goes on the timeline. */
	if (rc == 0 && next) {
		json_t *ev = json_object_get(json_object_get(model, "timeline"), "events");
		json_array_append_new(ev, json_pack("{s:O, s:s, s:s, s:s}", "date", json_object_get(next, "date"), "keyword", "",
						    "label", next == scheduled ? "next call (projected)" : "next call", "kind",
						    "meeting"));
	}
	if (rc == 0) {
		json_t *b, *ev = json_object_get(json_object_get(model, "timeline"), "events");
		json_array_foreach(json_object_get(model, "ballots_in_flight"), i, b) {
			json_t *dl;
			size_t j;
			json_array_foreach(json_object_get(b, "deadlines"), j, dl) {
				char day[11];
				snprintf(day, sizeof(day), "%.10s", str0(dl, "time"));
				json_array_append_new(ev, json_pack("{s:s, s:s, s:o, s:s}", "date", day, "keyword", "", "label",
								    json_sprintf("%s %s", str0(b, "id"), str0(dl, "label")), "kind",
								    "deadline"));
			}
		}
		json_object_set_new(model, "counts",
				    json_pack("{s:I, s:I, s:I, s:I, s:I}", "ballots_in_flight",
					      (json_int_t)json_array_size(json_object_get(model, "ballots_in_flight")), "drafts",
					      (json_int_t)json_array_size(json_object_get(model, "drafts")), "dates",
					      (json_int_t)json_array_size(json_object_get(json_object_get(model, "dates"), "rows")),
					      "issues_new",
					      (json_int_t)json_array_size(json_object_get(json_object_get(model, "issues"), "new")),
					      "issues_parked",
					      (json_int_t)json_array_size(json_object_get(json_object_get(model, "issues"), "parked"))));
	}
	json_decref(changes);
	json_decref(version);
	json_decref(sections);
	json_decref(outline);
	json_decref(repos);
	json_decref(scheduled);
	if (rc < 0) {
		json_decref(model);
		return rc;
	}
	*out = model;
	return 0;
}

/* ---- several documents ---------------------------------------------------- */

/* "NAME: text" in place of o.key (a string), so that a merged list says which document. */
static void prefix_doc(json_t *o, const char *key, const char *name)
{
	const char *t = str(o, key);
	json_object_set_new(o, key, t ? json_sprintf("%s: %s", name, t) : json_string(name));
}

/* Append the items of list `key` of `from` to that of `into`, each item's `field` prefixed with the document. */
static void merge_list(json_t *into, json_t *from, const char *key, const char *field, const char *name)
{
	json_t *x, *dst = json_object_get(into, key);
	size_t i;
	json_array_foreach(json_object_get(from, key), i, x) {
		prefix_doc(x, field, name);
		json_object_set_new(x, "document", json_string(name));
		json_array_append(dst, x);
	}
}

/* Sort a JSON array of objects by "date", stably. */
static void sort_by_date(json_t *arr)
{
	size_t n = json_array_size(arr), i;
	json_t **v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	/* insertion sort: stable, and the lists are short */
	for (i = 1; i < n; i++)
		for (size_t j = i; j > 0 && by_date(&v[j - 1], &v[j]) > 0; j--) {
			json_t *t = v[j - 1];
			v[j - 1] = v[j];
			v[j] = t;
		}
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

int status_build_documents(json_t **out, struct ct_db *db, const struct query_doc *docs, size_t ndocs, json_t *meeting,
			   json_t *meetings, const struct status_options *opts)
{
	*out = NULL;
	if (ndocs == 1)
		return status_build(out, db, &docs[0], meeting, meetings, opts);
	json_t *model = NULL, *documents = json_array();
	struct strbuf names = STRBUF_INIT, versions = STRBUF_INIT;
	int rc = 0, imported = 0;
	for (size_t k = 0; k < ndocs && rc == 0; k++) {
		json_t *m = NULL;
		if ((rc = status_build(&m, db, &docs[k], meeting, meetings, opts)) < 0)
			break;
		json_t *d = json_object_get(m, "document");
		json_array_append(documents, d);
		strbuf_addf(&names, "%s%s", k ? ", " : "", docs[k].name);
		if (json_is_true(json_object_get(d, "imported"))) {
			imported = 1;
			strbuf_addf(&versions, "%s%s", versions.len ? ", " : "", docs[k].name);
			if (str(d, "version"))
				strbuf_addf(&versions, " version %s", str(d, "version"));
		}
		/* Every list says which document its items are of; the issues are the repository's, once. */
		if (!model) {
			model = json_object();
			json_object_update(model, m);
			static const char *const lists[] = { "ballots_in_flight", "drafts" };
			for (size_t l = 0; l < 2; l++)
				json_object_set_new(model, lists[l], json_array());
			/* Its own dates, timeline and counts objects: the first document's lists are merged into them. */
			static const char *const parts[] = { "dates", "timeline", "counts" };
			for (size_t l = 0; l < 3; l++)
				json_object_set_new(model, parts[l], json_copy(json_object_get(m, parts[l])));
			json_object_set_new(json_object_get(model, "dates"), "rows", json_array());
			json_object_set_new(json_object_get(model, "timeline"), "events", json_array());
		}
		merge_list(model, m, "ballots_in_flight", "title", docs[k].name);
		merge_list(model, m, "drafts", "title", docs[k].name);
		merge_list(json_object_get(model, "dates"), json_object_get(m, "dates"), "rows", "description", docs[k].name);
		merge_list(json_object_get(model, "timeline"), json_object_get(m, "timeline"), "events", "label",
			   docs[k].name);
		json_decref(m);
	}
	if (rc == 0) {
		/* One timeline and one table of dates for all the documents. */
		sort_by_date(json_object_get(json_object_get(model, "dates"), "rows"));
		sort_by_date(json_object_get(json_object_get(model, "timeline"), "events"));
		unique_pages(json_object_get(model, "drafts"));
		/* The page shows one section per document: each document's own items, named as in the lists. */
		for (size_t k = 0; k < ndocs; k++) {
			static const char *const lists[] = { "ballots_in_flight", "drafts" };
			json_t *d = json_array_get(documents, k);
			for (size_t l = 0; l < 2; l++) {
				json_t *mine = json_array(), *x;
				size_t i;
				json_array_foreach(json_object_get(model, lists[l]), i, x)
					if (!strcmp(str(x, "document") ? str(x, "document") : "", docs[k].name))
						json_array_append(mine, x);
				json_object_set_new(d, lists[l], mine);
			}
		}
		json_object_set_new(model, "document", json_pack("{s:s, s:s?, s:n, s:b}", "name", names.buf, "title",
								 versions.len ? versions.buf : NULL, "version",
								 "imported", imported));
		json_object_set(model, "documents", documents);
		json_t *counts = json_object_get(model, "counts");
		json_object_set_new(counts, "ballots_in_flight",
				    json_integer((json_int_t)json_array_size(json_object_get(model, "ballots_in_flight"))));
		json_object_set_new(counts, "drafts", json_integer((json_int_t)json_array_size(json_object_get(model, "drafts"))));
		json_object_set_new(counts, "dates", json_integer((json_int_t)json_array_size(
						     json_object_get(json_object_get(model, "dates"), "rows"))));
		*out = model;
	} else {
		json_decref(model);
	}
	json_decref(documents);
	strbuf_release(&names);
	strbuf_release(&versions);
	return rc;
}

/* ---- calendar ------------------------------------------------------------- */

static void uid_of(char out[80], const char *kind, const char *key)
{
	unsigned char h[16];
	md_hash(h, key, strlen(key));
	int n = snprintf(out, 80, "%s-", kind);
	for (int i = 0; i < 10 && n < 70; i++)
		n += snprintf(out + n, (size_t)(80 - n), "%02x", h[i]);
	snprintf(out + n, (size_t)(80 - n), "@cabtrack");
}

/* Cut `s` to at most `max` bytes at a space, with "…" when cut. */
static void add_short(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		strbuf_addstr(sb, s);
		return;
	}
	size_t cut = max;
	while (cut > max / 2 && s[cut] != ' ')
		cut--;
	if (s[cut] != ' ')
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--; /* never inside a UTF-8 sequence */
	while (cut > 0 && strchr(" ,;:", s[cut - 1]))
		cut--;
	strbuf_add(sb, s, cut);
	strbuf_addstr(sb, "…");
}

/*
 * What happens on an effective date, as a calendar shows it in one line:
 * "SBR: SHALL adoption of CAA for S/MIME (SMC05)" for a table row,
 * "SBR SHALL §4.2.2.1: Starting on … (SMC05)" for a phrase, never an empty
 * "SBR  (SMC01)".
 */
static void date_summary(struct strbuf *sb, const char *docname, json_t *r)
{
	const char *kw = str(r, "keyword"), *desc = str0(r, "description"), *src = str0(r, "source");
	json_t *secs = json_object_get(r, "sections"), *x;
	size_t j;
	strbuf_addstr(sb, docname);
	if (!strcmp(src, "text") && kw) {
		strbuf_addf(sb, " %s", kw);
		json_array_foreach(secs, j, x)
			strbuf_addf(sb, "%s%s", j ? ", " : " §", json_string_value(x) ? json_string_value(x) : "");
	}
	strbuf_addstr(sb, ": ");
	if (*desc)
		add_short(sb, desc, strcmp(src, "text") ? 120 : 80);
	else if (kw)
		strbuf_addf(sb, "%s takes effect", kw);
	else
		strbuf_addstr(sb, "effective date");
	if (str(r, "ballot"))
		strbuf_addf(sb, " (%s)", str(r, "ballot"));
}

/* One document's effective dates at main and its recorded ballots' IP review ends. */
static int calendar_doc(json_t *events, int64_t *newest, struct ct_db *db, const struct query_doc *doc, const char *from)
{
	json_t *rows = NULL, *r, *list = NULL, *b, *history = NULL;
	size_t i;
	int64_t vid = 0;
	struct strbuf key = STRBUF_INIT;
	char uid[80];
	int rc = ballots_main_version(&vid, db, doc, 0);
	if (rc == 0 && vid)
		rc = dates_rows(&rows, db, doc->id, vid);
	if (rows) {
		/* One obligation stated by the table and the text is one event. */
		dates_group(rows);
		json_t *merged = dates_merge(rows);
		json_decref(rows);
		rows = merged;
	}
	if (rc == 0)
		rc = query_main_history(&history, db, doc);
	json_array_foreach(history, i, r)
		if (json_integer_value(json_object_get(r, "time")) > *newest)
			*newest = json_integer_value(json_object_get(r, "time"));
	if (rc == 0 && vid) {
		if (!rows)
			rows = json_array();
		rc = revision_dates(rows, NULL, db, vid, from, NULL, NULL);
	}
	json_array_foreach(rows, i, r) {
		const char *date = str0(r, "date");
		if (from && strcmp(date, from) < 0)
			continue;
		strbuf_reset(&key);
		/* An obligation stated by the table and the text keeps the table row's UID. */
		const char *src = strcmp(str0(r, "source"), "table+text") ? str0(r, "source") : "table";
		strbuf_addf(&key, "%s|%s|%s|%s|%s", doc->name, src, date, str0(r, "keyword"), str0(r, "description"));
		uid_of(uid, "date", key.buf);
		struct strbuf summary = STRBUF_INIT, desc = STRBUF_INIT;
		date_summary(&summary, doc->name, r);
		strbuf_addf(&desc, "%s", str0(r, "description"));
		json_t *secs = json_object_get(r, "sections"), *x;
		size_t j;
		json_array_foreach(secs, j, x)
			strbuf_addf(&desc, "%s%s", j ? ", " : "\nSection ", json_string_value(x) ? json_string_value(x) : "");
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "uid", uid, "summary", summary.buf,
							"description", desc.buf, "start", date, "categories", "effective date"));
		strbuf_release(&summary);
		strbuf_release(&desc);
	}
	if (rc == 0)
		rc = ballots_list(&list, db, doc, NULL);
	json_array_foreach(list, i, b) {
		/* Only a recorded lifecycle has an IP review end; the list carries it. */
		json_t *v = b, *ipr = json_object_get(b, "ipr_ends");
		if (json_is_object(ipr)) {
			strbuf_reset(&key);
			strbuf_addf(&key, "%s|ipr|%s", doc->name, str0(v, "key"));
			uid_of(uid, "ipr", key.buf);
			struct strbuf summary = STRBUF_INIT;
			strbuf_addf(&summary, "%s IP review ends", str0(v, "id"));
			if (str(v, "title"))
				strbuf_addf(&summary, ": %s", str(v, "title"));
			strbuf_addf(&summary, " (%s)", doc->name);
			json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:O, s:[s]}", "uid", uid, "summary", summary.buf,
								"description",
								json_is_true(json_object_get(ipr, "derived")) ? str0(ipr, "rule") : "",
								"start", json_object_get(ipr, "time"), "categories", "ballot"));
			strbuf_release(&summary);
		}
	}
	json_decref(rows);
	json_decref(list);
	json_decref(history);
	strbuf_release(&key);
	return rc;
}

/*
 * The working group's name: as set, else from a minutes title ("2023-11-15
 * Minutes of the S/MIME … Group"), else the title meetings were recorded
 * with, else "Working group".
 */
static void wg_name(struct strbuf *sb, const char *wg, json_t *meetings)
{
	json_t *r;
	size_t i;
	const char *titled = NULL;
	if (wg && *wg) {
		strbuf_addstr(sb, wg);
		return;
	}
	json_array_foreach(meetings, i, r) {
		const char *t = str(r, "title"), *p = t ? strstr(t, "Minutes of the ") : NULL;
		if (p && p[15]) {
			strbuf_addstr(sb, p + 15);
			return;
		}
		if (t && *t && !strcmp(str0(r, "source"), "recorded"))
			titled = t;
	}
	strbuf_addstr(sb, titled ? titled : "Working group");
}

/* A meeting's start in UTC: its own, else its day at the working group's usual time and zone. */
static int meeting_start(char iso[32], json_t *m, const char *time, const char *tz)
{
	int64_t t;
	if (str(m, "start_utc")) {
		snprintf(iso, 32, "%s", str(m, "start_utc"));
		return 1;
	}
	char when[40];
	snprintf(when, sizeof(when), "%s %s", str0(m, "date"), time ? time : "");
	if (!time || when_parse(&t, when, tz) < 0) {
		ct_error_clear();
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	when_format_iso(&sb, t);
	snprintf(iso, 32, "%s", sb.buf);
	strbuf_release(&sb);
	return 2;
}

/* The recorded meetings, timed, and the cadence's next call after the last of them, projected. */
static void calendar_meetings(json_t *events, json_t *meetings, const struct status_calendar_options *opts)
{
	struct strbuf key = STRBUF_INIT, wg = STRBUF_INIT;
	char uid[80], iso[32];
	json_t *r;
	size_t i;
	wg_name(&wg, opts->wg, meetings);
	/* The usual time: the cadence's, else that of the latest meeting recorded with one. */
	const char *time = opts->cadence && *opts->cadence->time ? opts->cadence->time : NULL;
	const char *tz = opts->cadence && *opts->cadence->tz ? opts->cadence->tz : NULL;
	if (!time)
		json_array_foreach(meetings, i, r)
			if (str(r, "time")) {
				time = str(r, "time");
				tz = str(r, "tz");
			}
	json_t *all = json_deep_copy(meetings);
	if (opts->cadence && json_array_size(meetings)) {
		struct ct_date d;
		const char *last = str0(json_array_get(meetings, json_array_size(meetings) - 1), "date");
		if (ct_date_parse_strict(&d, last) == 0) {
			json_t *next = meetings_cadence_next(opts->cadence, ct_date_add_days(d, 1), 1, meetings);
			json_array_extend(all, next);
			json_decref(next);
		}
		ct_error_clear();
	}
	json_array_foreach(all, i, r) {
		int projected = !strcmp(str0(r, "source"), "cadence");
		strbuf_reset(&key);
		strbuf_addf(&key, "meeting|%s", str0(r, "date"));
		uid_of(uid, "meeting", key.buf);
		struct strbuf summary = STRBUF_INIT, desc = STRBUF_INIT;
		strbuf_addf(&summary, "%s call%s", wg.buf, projected ? " (projected)" : "");
		int timed = meeting_start(iso, r, time, tz);
		json_t *ev = json_pack("{s:s, s:s, s:s, s:[s]}", "uid", uid, "summary", summary.buf, "start",
				       timed ? iso : str0(r, "date"), "categories", "meeting");
		const char *minutes = str(r, "minutes"), *source = str0(r, "source");
		if (str(r, "title") && strcmp(str(r, "title"), wg.buf))
			strbuf_addf(&desc, "%s\n", str(r, "title"));
		if (minutes && !strcmp(source, "minutes"))
			strbuf_addf(&desc, "Minutes: %s\n", minutes);
		else if (minutes && !strcmp(source, "announced"))
			strbuf_addf(&desc, "No minutes yet; the call was announced in %s\n", minutes);
		if (projected)
			strbuf_addstr(&desc, "Projected from the meeting cadence; not announced yet\n");
		if (timed == 2)
			strbuf_addf(&desc, "Time: the working group's usual %s %s\n", time, tz ? tz : "UTC");
		if (desc.len) {
			strbuf_setlen(&desc, desc.len - 1);
			json_object_set_new(ev, "description", json_string(desc.buf));
		}
		if (minutes && !strcmp(source, "minutes") && url_is_web(minutes, strlen(minutes)))
			json_object_set_new(ev, "url", json_string(minutes));
		if (projected)
			json_object_set_new(ev, "status", json_string("TENTATIVE"));
		json_array_append_new(events, ev);
		strbuf_release(&summary);
		strbuf_release(&desc);
	}
	json_decref(all);
	strbuf_release(&key);
	strbuf_release(&wg);
}

int status_calendar(json_t **out, char stamp[17], struct ct_db *db, const struct query_doc *docs, size_t ndocs,
		    const struct status_calendar_options *given)
{
	struct status_calendar_options opts = STATUS_CALENDAR_OPTIONS_INIT;
	if (given)
		opts = *given;
	json_t *events = json_array(), *meetings = NULL;
	int64_t newest = 0;
	int rc = 0;
	*out = NULL;
	for (size_t i = 0; i < ndocs && rc == 0; i++)
		rc = calendar_doc(events, &newest, db, &docs[i], opts.from);
	if (rc == 0)
		rc = meetingdb_list(&meetings, db);
	if (rc == 0)
		calendar_meetings(events, meetings, &opts);
	time_t t = (time_t)newest;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, 17, "%Y%m%dT%H%M%SZ", &tm);
	json_decref(meetings);
	if (rc < 0) {
		json_decref(events);
		return rc;
	}
	*out = events;
	return 0;
}
