/*
 * ballots.c - found and recorded ballots, merged per key (see ballots.h).
 *
 * Invariants: ballots_discover writes ballot_sources only; nothing here
 * writes the hand-recorded tables (cmd_ballot.c does, through ballotdb).
 * A view's base and head are refs or commits that query_resolve accepts,
 * chosen in this order: recorded by hand, the ballot's commits on main,
 * its tag, its pull request, a fork's branch, a local branch.
 */
#include "tracker/ballots.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracker/base/ballot_name.h"
#include "db/ballotdb.h"
#include "importers/datephrase.h"
#include "tracker/ballot_bylaws.h"
#include "tracker/bylaws.h"
#include "tracker/dates.h"
#include "tracker/diff.h"
#include "tracker/sightings.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void ballots_key(char *out, size_t outsz, const char *id)
{
	if (ballot_name_normalize(out, outsz, id) != 0)
		snprintf(out, outsz, "%s", id);
}

int64_t ballots_ipr_end(int64_t vote_end, const char *type)
{
	return bylaws_ipr_end(vote_end, type);
}

/* The pull-request number in a merge subject: the last "(#N)". */
static int64_t subject_pr(const char *summary)
{
	const char *p = summary ? strstr(summary, "(#") : NULL, *last = NULL;
	for (; p; p = strstr(p + 2, "(#"))
		last = p;
	if (!last || !isdigit((unsigned char)last[2]))
		return 0;
	return strtoll(last + 2, NULL, 10);
}

/* The ballot named in `text` (a subject, a ref's short name): key and spelling, or 0. */
static int named_ballot(char *key, size_t keysz, char *name, size_t namesz, const char *text)
{
	size_t start, len;
	if (!text || ballot_name_find(&start, &len, text, 0) != 0)
		return 0;
	snprintf(name, namesz, "%.*s", (int)len, text + start);
	return ballot_name_normalize(key, keysz, name) == 0;
}

int ballots_discover(struct ct_db *db, const struct query_doc *doc)
{
	json_t *history = NULL, *refs = NULL, *revs = NULL, *main_pos = json_object(), *pr_keys = json_object(), *known = json_object();
	char key[64], name[64];
	int rc = ballotdb_sources_clear(db, doc->id);
	if (rc == 0)
		rc = query_main_history(&history, db, doc);
	if (rc == 0)
		rc = query_refs(&refs, db, doc->id, NULL);
	if (rc < 0)
		goto out;

	/* Commits on main that name a ballot. */
	json_t *c, *r;
	size_t i;
	json_array_foreach(history, i, c) {
		json_object_set_new(main_pos, str(c, "oid"), json_integer((json_int_t)i));
		if (!named_ballot(key, sizeof(key), name, sizeof(name), str(c, "summary")))
			continue;
		json_t *prev = i ? json_array_get(history, i - 1) : NULL;
		struct ballotdb_source s = {
			key, name, "merge", NULL, prev ? str(prev, "oid") : NULL, str(c, "oid"),
			str(c, "summary"), str(c, "label"), NULL, subject_pr(str(c, "summary")),
			json_integer_value(json_object_get(c, "time")),
		};
		if (s.pr) {
			char pr[32];
			snprintf(pr, sizeof(pr), "%lld", (long long)s.pr);
			json_object_set_new(pr_keys, pr, json_string(key));
		}
		json_object_set_new(known, key, json_true());
		if ((rc = ballotdb_source_add(db, doc->id, &s, (int)i)) < 0)
			goto out;
	}

	/* The Revisions table at the tip of main. */
	json_t *tip = json_array_get(history, json_array_size(history) ? json_array_size(history) - 1 : 0);
	if (tip && json_integer_value(json_object_get(tip, "version_id")) &&
	    (rc = query_revisions(&revs, db, json_integer_value(json_object_get(tip, "version_id")))) == 0) {
		json_array_foreach(revs, i, r) {
			const char *k = str(r, "ballot_key");
			if (!k)
				continue;
			json_object_set_new(known, k, json_true());
			char *dates = json_dumps(json_object_get(r, "dates"), JSON_COMPACT | JSON_SORT_KEYS);
			struct ballotdb_source s = {
				k, str(r, "ballot"), "revision", NULL, NULL, NULL, str(r, "description"),
				str(r, "version"), dates, 0, 0,
			};
			rc = ballotdb_source_add(db, doc->id, &s, (int)i);
			free(dates);
			if (rc < 0)
				goto out;
		}
	}

	if (rc < 0)
		goto out;

	/* Tags, pull requests and branches. */
	json_array_foreach(refs, i, r) {
		const char *ref = str(r, "name"), *oid = str(r, "oid"), *base = str(r, "base");
		struct ballotdb_source s = { NULL, NULL, NULL, ref, base, oid, NULL, NULL, NULL, 0, 0 };
		s.title = str(r, "summary");
		s.time = json_integer_value(json_object_get(r, "time"));
		if (!strncmp(ref, "refs/tags/", 10)) {
			if (named_ballot(key, sizeof(key), name, sizeof(name), ref + 10)) {
				json_t *pos = json_object_get(main_pos, oid);
				if (pos && json_integer_value(pos) > 0)
					s.base = str(json_array_get(history, (size_t)json_integer_value(pos) - 1), "oid");
				s.ballot_key = key, s.name = name, s.kind = "tag";
			}
		} else if (!strncmp(ref, "refs/pull/", 10)) {
			s.pr = strtoll(ref + 10, NULL, 10);
			char pr[32];
			snprintf(pr, sizeof(pr), "%lld", (long long)s.pr);
			const char *k = str(pr_keys, pr);
			if (k) {
				snprintf(key, sizeof(key), "%s", k);
				snprintf(name, sizeof(name), "#%lld", (long long)s.pr);
				s.ballot_key = key, s.name = name, s.kind = "pull";
			} else if (named_ballot(key, sizeof(key), name, sizeof(name), s.title) && json_object_get(known, key)) {
				/* Only a ballot of this document: an S/MIME pull request may cite a TLS ballot. */
				s.ballot_key = key, s.name = name, s.kind = "pull";
			}
		} else if (strcmp(ref, doc->main_ref ? doc->main_ref : "") && strcmp(ref, "worktree") &&
			   (!strncmp(ref, "refs/remotes/", 13) || !strncmp(ref, "refs/heads/", 11))) {
			const char *sh = query_short_ref(ref);
			const char *leaf = strrchr(sh, '/') ? strrchr(sh, '/') + 1 : sh;
			int merged = base && !strcmp(base, oid);
			if (!merged && strcmp(leaf, "HEAD") && strcmp(leaf, "main") && strcmp(leaf, "master")) {
				s.kind = !strncmp(ref, "refs/remotes/", 13) ? "fork" : "branch";
				if (named_ballot(key, sizeof(key), name, sizeof(name), leaf)) {
					s.ballot_key = key, s.name = name;
				} else {
					snprintf(key, sizeof(key), "%s", sh);
					s.ballot_key = key, s.name = sh;
				}
			}
		}
		if (s.kind)
			rc = ballotdb_source_add(db, doc->id, &s, (int)i);
		if (rc < 0)
			goto out;
	}

out:
	json_decref(history);
	json_decref(refs);
	json_decref(revs);
	json_decref(main_pos);
	json_decref(pr_keys);
	json_decref(known);
	return rc;
}

/* ---- views -------------------------------------------------------------- */

const char *ballots_publication(json_t *dates)
{
	const char *k, *adopted = NULL;
	json_t *v;
	json_object_foreach(dates, k, v) {
		if (strcasestr(k, "publication"))
			return json_string_value(v);
		if (strcasestr(k, "adopt"))
			adopted = json_string_value(v);
	}
	return adopted;
}

/*
 * Was a found source there at `as_of` (0: now)?  A commit's time, or a
 * revision row's publication date, after it means not yet.
 */
static int existed(json_t *src, int64_t as_of)
{
	if (!as_of)
		return 1;
	json_int_t t = json_integer_value(json_object_get(src, "time"));
	if (t)
		return t <= as_of;
	const char *pub = ballots_publication(json_object_get(src, "dates"));
	char day[11];
	when_day(day, as_of);
	return !pub || strcmp(pub, day) <= 0;
}

/*
 * Group found sources (those that existed at `as_of`) and recorded rows by
 * key: {key: {sources: [...], recorded: {...}}}, in first-seen order.
 */
static int gather(json_t **out, json_t **order, struct ct_db *db, const struct query_doc *doc, int64_t as_of)
{
	json_t *sources = NULL, *recorded = NULL, *s;
	size_t i;
	int rc = ballotdb_sources(&sources, db, doc->id);
	if (rc == 0)
		rc = ballotdb_recorded(&recorded, db, doc->name);
	if (rc < 0) {
		json_decref(sources);
		return rc;
	}
	*out = json_object();
	*order = json_array();
	json_array_foreach(sources, i, s) {
		const char *k = str(s, "ballot_key");
		json_t *g = json_object_get(*out, k);
		if (!existed(s, as_of))
			continue;
		if (!g) {
			g = json_pack("{s:[]}", "sources");
			json_object_set_new(*out, k, g);
			json_array_append_new(*order, json_string(k));
		}
		json_array_append(json_object_get(g, "sources"), s);
	}
	json_array_foreach(recorded, i, s) {
		const char *k = str(s, "ballot_key");
		json_t *g = json_object_get(*out, k);
		if (!g) {
			g = json_pack("{s:[]}", "sources");
			json_object_set_new(*out, k, g);
			json_array_append_new(*order, json_string(k));
		}
		json_object_set(g, "recorded", s);
	}
	/*
	 * A draft declared by hand whose head is a branch found at import
	 * ("ballot add CAA --head srdavidson/CAA") is that draft: its found
	 * sources join the recorded ballot and the draft's own entry goes.
	 */
	json_array_foreach(recorded, i, s) {
		const char *head = str(s, "head");
		const char *k = str(s, "ballot_key");
		size_t j;
		json_t *o;
		if (!head)
			continue;
		json_array_foreach(*order, j, o) {
			const char *dk = json_string_value(o);
			json_t *dg = json_object_get(*out, dk), *src = json_array_get(json_object_get(dg, "sources"), 0);
			if (!strcmp(dk, k) || json_object_get(dg, "recorded") || !src || !str(src, "ref"))
				continue;
			const char *kind = str(src, "kind");
			if ((strcmp(kind, "fork") && strcmp(kind, "branch") && strcmp(kind, "pull")) ||
			    (strcmp(str(src, "ref"), head) && strcmp(query_short_ref(str(src, "ref")), head)))
				continue;
			json_array_extend(json_object_get(json_object_get(*out, k), "sources"), json_object_get(dg, "sources"));
			json_object_del(*out, dk);
			json_array_remove(*order, j);
			break;
		}
	}
	json_decref(sources);
	json_decref(recorded);
	return 0;
}

static json_t *first_of(json_t *sources, const char *kind)
{
	json_t *s;
	size_t i;
	json_array_foreach(sources, i, s)
		if (!strcmp(str(s, "kind"), kind))
			return s;
	return NULL;
}

static json_t *last_of(json_t *sources, const char *kind)
{
	json_t *s, *last = NULL;
	size_t i;
	json_array_foreach(sources, i, s)
		if (!strcmp(str(s, "kind"), kind))
			last = s;
	return last;
}

/* A short ref name for a commit when a source has a ref, else the commit. */
static json_t *ref_or_commit(json_t *src, const char *field)
{
	if (!strcmp(field, "head") && str(src, "ref"))
		return json_string(query_short_ref(str(src, "ref")));
	const char *v = str(src, field);
	return v ? json_string(v) : json_null();
}

/* Fill the common fields of a ballot from its group. */
static json_t *summarise(const char *key, json_t *g)
{
	json_t *sources = json_object_get(g, "sources"), *rec = json_object_get(g, "recorded");
	json_t *rev = first_of(sources, "revision"), *merge = first_of(sources, "merge");
	json_t *tag = first_of(sources, "tag"), *pull = first_of(sources, "pull");
	json_t *fork = first_of(sources, "fork"), *branch = first_of(sources, "branch");
	json_t *v = json_object();

	const char *id = rev ? str(rev, "name") : merge ? str(merge, "name") : rec ? str(rec, "name")
			 : tag ? str(tag, "name") : pull ? str(pull, "name") : key;
	/* Named as the Forum writes it ("SC063", also where a source wrote "SC63"); a declared draft as declared. */
	char forum[32];
	if (ballot_name_display(forum, sizeof(forum), key) == 0)
		id = forum;
	ct_error_clear();
	json_object_set_new(v, "id", json_string(id ? id : key));
	json_object_set_new(v, "key", json_string(key));
	/* A branch's last commit subject is no title: drafts found only as branches have none. */
	const char *title = rec && str(rec, "title") ? str(rec, "title") : rev ? str(rev, "title")
			    : merge ? str(merge, "title") : pull ? str(pull, "title") : NULL;
	json_object_set_new(v, "title", title ? json_string(title) : json_null());

	/* base and head */
	json_t *base = json_null(), *head = json_null();
	const char *from = NULL;
	if (rec && str(rec, "head")) {
		json_decref(head);
		head = json_string(str(rec, "head"));
		from = "recorded";
	}
	json_t *src = merge ? merge : tag ? tag : pull ? pull : fork ? fork : branch;
	if (!from && src) {
		json_t *last = merge ? last_of(sources, "merge") : src;
		json_decref(head);
		head = ref_or_commit(last, "head");
		from = str(src, "kind");
	}
	if (rec && str(rec, "base")) {
		json_decref(base);
		base = json_string(str(rec, "base"));
	} else if (src) {
		json_decref(base);
		base = ref_or_commit(src, "base");
	}
	json_object_set_new(v, "base", base);
	json_object_set_new(v, "head", head);
	json_object_set_new(v, "from", from ? json_string(from) : json_null());

	json_int_t pr = rec && json_integer_value(json_object_get(rec, "pr")) ? json_integer_value(json_object_get(rec, "pr"))
			: merge && json_integer_value(json_object_get(merge, "pr")) ? json_integer_value(json_object_get(merge, "pr"))
			: pull ? json_integer_value(json_object_get(pull, "pr")) : 0;
	json_object_set_new(v, "pr", pr ? json_integer(pr) : json_null());

	/* state */
	const char *published = rev ? ballots_publication(json_object_get(rev, "dates")) : NULL;
	const char *state, *state_source;
	if (published) {
		state = "effective", state_source = "revisions";
	} else if (rec && str(rec, "state")) {
		state = str(rec, "state"), state_source = "recorded";
	} else if (merge || tag) {
		state = "passed", state_source = "main";
	} else {
		state = "draft", state_source = "found";
	}
	json_object_set_new(v, "state", json_string(state));
	json_object_set_new(v, "state_source", json_string(state_source));
	json_object_set_new(v, "published", published ? json_string(published) : json_null());
	json_object_set_new(v, "version", rev && str(rev, "version") ? json_string(str(rev, "version")) : json_null());

	json_t *kinds = json_array(), *s;
	size_t i;
	json_array_foreach(sources, i, s) {
		const char *kd = str(s, "kind");
		int seen = 0;
		json_t *k;
		size_t j;
		json_array_foreach(kinds, j, k)
			seen |= !strcmp(json_string_value(k), kd);
		if (!seen)
			json_array_append_new(kinds, json_string(kd));
	}
	if (rec)
		json_array_append_new(kinds, json_string("recorded"));
	json_object_set_new(v, "found_in", kinds);
	return v;
}

/* The lifecycle of a recorded ballot: the Bylaws' steps (tracker/ballot_bylaws.h). */
static json_t *lifecycle(json_t *rec, const char *tz, int64_t as_of, const char **next_deadline_out, struct strbuf *next)
{
	return ballot_bylaws_lifecycle(rec, tz, as_of, next_deadline_out, next);
}

/* Ballots by prefix and number (SMC5 before SMC10, 62 before 105), drafts after them by name. */
static int key_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	char na[64], nb[64];
	int ba = ballot_name_normalize(na, sizeof(na), a) == 0, bb = ballot_name_normalize(nb, sizeof(nb), b) == 0;
	if (ba != bb)
		return ba ? -1 : 1;
	if (!ba)
		return strcmp(a, b);
	size_t pa = strcspn(a, "0123456789"), pb = strcspn(b, "0123456789");
	int c = pa != pb ? (pa < pb ? -1 : 1) : strncmp(a, b, pa);
	if (c)
		return c;
	long ia = strtol(a + pa, NULL, 10), ib = strtol(b + pb, NULL, 10);
	return ia != ib ? (ia < ib ? -1 : 1) : strcmp(a, b);
}

int ballots_list(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct ballots_view_options *given)
{
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	if (given)
		opts = *given;
	json_t *groups = NULL, *order = NULL;
	size_t i;
	int rc = gather(&groups, &order, db, doc, opts.as_of);
	if (rc < 0)
		return rc;
	size_t n = json_array_size(order);
	const char **keys = xcalloc(n + 1, sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = json_string_value(json_array_get(order, i));
	qsort(keys, n, sizeof(*keys), key_cmp);
	*out = json_array();
	for (i = 0; i < n; i++) {
		const char *key = keys[i];
		json_t *g = json_object_get(groups, key);
		json_t *v = summarise(key, g);
		struct strbuf next = STRBUF_INIT;
		const char *deadline;
		json_t *lc = lifecycle(json_object_get(g, "recorded"), opts.tz, opts.as_of, &deadline, &next);
		json_object_set_new(v, "next_deadline", deadline && !json_object_get(v, "published") ? json_string(deadline)
						       : json_null());
		if (json_is_string(json_object_get(v, "published")))
			json_object_set_new(v, "next_deadline", json_null());
		json_object_set(v, "ipr_ends", json_object_get(lc, "ipr_ends"));
		json_decref(lc);
		strbuf_release(&next);
		json_array_append_new(*out, v);
	}
	free(keys);
	json_decref(groups);
	json_decref(order);
	return 0;
}

/* Find the group a user's id names: by key, or by a ref one of its sources carries. */
static const char *find_key(json_t *groups, const char *id, char *buf, size_t bufsz)
{
	ballots_key(buf, bufsz, id);
	if (json_object_get(groups, buf))
		return buf;
	const char *key;
	json_t *g;
	json_object_foreach(groups, key, g) {
		json_t *s;
		size_t i;
		json_array_foreach(json_object_get(g, "sources"), i, s) {
			const char *ref = str(s, "ref");
			if (ref && (!strcmp(ref, id) || !strcmp(query_short_ref(ref), id)))
				return key;
		}
	}
	return NULL;
}

int ballots_main_version(int64_t *vid, struct ct_db *db, const struct query_doc *doc, int64_t as_of)
{
	json_t *history = NULL, *c;
	size_t i;
	*vid = 0;
	int rc = query_main_history(&history, db, doc);
	json_array_foreach(history, i, c) {
		if (as_of && json_integer_value(json_object_get(c, "time")) > as_of)
			break;
		if (json_integer_value(json_object_get(c, "version_id")))
			*vid = json_integer_value(json_object_get(c, "version_id"));
	}
	json_decref(history);
	return rc;
}

/*
 * The dated obligations at main that `key` brought (dates_rows()'s ballot,
 * the same computation as `dates --ballot`), each with the requirements
 * that carry its date ({id, section}); `*label` is the version they were
 * read from (borrowed from nothing: caller frees).
 */
static int introduced_dates(json_t **out, char **label, struct ct_db *db, const struct query_doc *doc, const char *key,
			    int64_t as_of)
{
	json_t *rows = NULL, *o, *ver = NULL;
	size_t i;
	int64_t vid = 0;
	*out = json_array();
	*label = NULL;
	int rc = ballots_main_version(&vid, db, doc, as_of);
	if (rc < 0 || !vid)
		return rc;
	if ((rc = dates_rows(&rows, db, doc->id, vid)) < 0 || (rc = query_version(&ver, db, vid)) < 0) {
		json_decref(rows);
		return rc;
	}
	*label = str(ver, "label") ? xstrdup(str(ver, "label")) : NULL;
	json_decref(ver);
	/* Each requirement id's section, from the phrases. */
	json_t *where = json_object();
	json_array_foreach(rows, i, o)
		if (!strcmp(str(o, "source"), "text") && json_array_size(json_object_get(o, "requirements")))
			json_object_set(where, json_string_value(json_array_get(json_object_get(o, "requirements"), 0)),
					json_array_get(json_object_get(o, "sections"), 0));
	json_array_foreach(rows, i, o) {
		const char *k = str(o, "ballot_key");
		if (!k || strcmp(k, key))
			continue;
		json_t *reqs = json_array(), *r;
		size_t j;
		json_array_foreach(json_object_get(o, "requirements"), j, r)
			json_array_append_new(reqs, json_pack("{s:O, s:O?}", "id", r, "section",
							      json_object_get(where, json_string_value(r))));
		int text = !strcmp(str(o, "source"), "text");
		json_t *secs = json_object_get(o, "sections");
		json_t *d = json_pack("{s:s, s:O?, s:s, s:O?, s:O, s:s, s:o}", "date", str(o, "date"), "keyword",
				      json_object_get(o, "keyword"), "source", str(o, "source"), "section",
				      text ? json_array_get(secs, 0) : json_object_get(o, "in_section"), "sections", secs, "description",
				      str(o, "description"), "requirements", reqs);
		json_array_append_new(*out, d);
	}
	json_decref(where);
	json_decref(rows);
	dates_sort(*out); /* in the order of `dates --ballot` */
	return 0;
}

/* The dates a draft adds or moves, from the diff of its base and head. */
static int draft_dates(json_t **out, char **label, struct ct_db *db, const struct query_doc *doc, const char *base,
		       const char *head)
{
	struct query_at b, h;
	json_t *model = NULL, *d, *ver = NULL;
	size_t i;
	struct diff_options opts = DIFF_OPTIONS_INIT;
	*out = json_array();
	*label = NULL;
	if (query_resolve(&b, db, doc, base) < 0 || query_resolve(&h, db, doc, head) < 0) {
		ct_error_clear(); /* a ref that went away: no dates to show */
		return 0;
	}
	if (query_version(&ver, db, h.version_id) == 0) {
		*label = str(ver, "label") ? xstrdup(str(ver, "label")) : NULL;
		json_decref(ver);
	}
	opts.redline = 0;
	int rc = diff_versions(&model, db, doc->id, b.version_id, h.version_id, &opts);
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(model, "dates"), i, d) {
		const char *change = str(d, "change");
		if (strcmp(change, "added") && strcmp(change, "moved"))
			continue;
		json_t *x = json_deep_copy(d);
		json_object_set_new(x, "requirements", json_array());
		json_array_append_new(*out, x);
	}
	json_decref(model);
	return 0;
}

/* The planned phases with projected and actual dates. */
static json_t *plan_view(json_t *phases, json_t *rec, json_t *lc, json_t *dates, json_t *rev)
{
	const char *from = rec ? str(rec, "plan_from") : NULL;
	char adoption[16] = "";
	const char *adoption_source = NULL;
	if (from && strcmp(from, "adoption")) {
		snprintf(adoption, sizeof(adoption), "%s", from);
		adoption_source = "given";
	} else {
		json_t *ipr = json_object_get(lc, "ipr_ends"), *vote = json_object_get(lc, "vote_end");
		const char *t = ipr && json_is_object(ipr) ? str(ipr, "time") : vote && json_is_object(vote) ? str(vote, "time") : NULL;
		const char *pub = rev ? ballots_publication(json_object_get(rev, "dates")) : NULL;
		if (t) {
			snprintf(adoption, sizeof(adoption), "%.10s", t);
			adoption_source = ipr && json_is_object(ipr) ? "IP review end" : "vote end";
		} else if (pub) {
			snprintf(adoption, sizeof(adoption), "%s", pub);
			adoption_source = "Revisions table";
		}
	}
	json_t *out = json_pack("{s:s, s:s?, s:s?, s:[]}", "from", from ? from : "adoption", "adoption",
				*adoption ? adoption : NULL, "adoption_source", adoption_source, "phases");
	json_t *p;
	size_t i;
	json_array_foreach(phases, i, p) {
		struct ct_duration d;
		struct ct_date base;
		json_t *ph = json_pack("{s:s, s:s}", "keyword", str(p, "keyword"), "offset", str(p, "offset"));
		if (*adoption && ct_duration_parse(&d, str(p, "offset")) == 0 && ct_date_parse_strict(&base, adoption) == 0) {
			struct ct_date proj = ct_date_add_days(ct_date_add_months(base, d.months), d.days);
			char buf[16];
			ct_date_format(buf, &proj);
			json_object_set_new(ph, "projected", json_string(buf));
			/* The actual date: the earliest introduced date with this keyword. */
			const char *actual = NULL;
			json_t *x;
			size_t j;
			json_array_foreach(dates, j, x) {
				const char *kw = str(x, "keyword");
				if (kw && !strcmp(kw, str(p, "keyword")) && (!actual || strcmp(str(x, "date"), actual) < 0))
					actual = str(x, "date");
			}
			if (actual) {
				struct ct_date a;
				json_object_set_new(ph, "actual", json_string(actual));
				if (ct_date_parse_strict(&a, actual) == 0)
					json_object_set_new(ph, "delta_days",
							    json_integer(ct_date_to_days(a) - ct_date_to_days(proj)));
			}
		}
		ct_error_clear();
		json_array_append_new(json_object_get(out, "phases"), ph);
	}
	return out;
}

/* The requirements of a version, as an object id -> text, cached in `cache` by version id. */
static json_t *version_reqs(json_t *cache, struct ct_db *db, int64_t vid)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)vid);
	json_t *set = json_object_get(cache, key), *reqs = NULL, *r;
	size_t i;
	if (set)
		return set;
	set = json_object();
	if (vid && query_requirements(&reqs, db, vid, NULL, NULL) == 0)
		json_array_foreach(reqs, i, r)
			if (str(r, "id"))
				json_object_set(set, str(r, "id"), json_object_get(r, "text"));
	ct_error_clear();
	json_decref(reqs);
	json_object_set_new(cache, key, set);
	return set;
}

/* Those of `head` (id -> text) that `base` lacks. */
static json_t *added_reqs(json_t *base, json_t *head)
{
	json_t *out = json_object(), *x;
	const char *rid;
	json_object_foreach(head, rid, x)
		if (!json_object_get(base, rid))
			json_object_set(out, rid, x);
	return out;
}

/* Does `text` reappear among `theirs` (id -> text): the same id, or most words in common (Dice 0.75)? */
static int reappears(const char *rid, const char *text, json_t *theirs)
{
	const char *k;
	json_t *t;
	if (json_object_get(theirs, rid))
		return 1;
	json_object_foreach(theirs, k, t)
		if (diff_text_similarity(text, json_string_value(t)) >= 0.75)
			return 1;
	return 0;
}

/* The version a ref or commit holds (0 when unknown). */
static int64_t version_at(struct ct_db *db, const struct query_doc *doc, const char *at, char *commit, size_t commitsz)
{
	struct query_at a;
	if (!at || query_resolve(&a, db, doc, at) < 0) {
		ct_error_clear();
		return 0;
	}
	if (commit)
		snprintf(commit, commitsz, "%s", a.commit);
	return a.version_id;
}

/*
 * The ballot on main a draft became: the first merged ballot whose merge
 * reaches the draft's head (or its pull request's) when its base did not,
 * else the one, among the next merges after the draft's head, whose change
 * adds most of the requirements the draft adds (more than half; the same
 * requirement, or one sharing most of its words, edited on the way).
 * {id, key, how, shared?, added?} or NULL.
 */
static json_t *became(struct ct_db *db, const struct query_doc *doc, json_t *groups, json_t *order, const char *self,
		      json_t *v)
{
	json_t *sources = json_object_get(json_object_get(groups, self), "sources"), *heads = json_array(), *o;
	char commit[80] = "";
	size_t i;
	int64_t base_v = version_at(db, doc, str(v, "base"), NULL, 0);
	int64_t head_v = version_at(db, doc, str(v, "head"), commit, sizeof(commit));
	if (*commit)
		json_array_append_new(heads, json_string(commit));
	json_t *pull = first_of(sources, "pull");
	if (pull && str(pull, "head"))
		json_array_append_new(heads, json_string(str(pull, "head")));
	json_int_t since = 0;
	json_array_foreach(sources, i, o)
		if (json_integer_value(json_object_get(o, "time")) > since)
			since = json_integer_value(json_object_get(o, "time"));

	json_t *cache = json_object(), *found = NULL, *mine = NULL;
	double best = 0.5;
	int tried = 0;
	json_array_foreach(order, i, o) {
		const char *k = json_string_value(o);
		json_t *g = json_object_get(groups, k), *merge = last_of(json_object_get(g, "sources"), "merge");
		json_t *first = first_of(json_object_get(g, "sources"), "merge");
		if (!strcmp(k, self) || !merge || !str(merge, "head"))
			continue;
		size_t j;
		json_t *h;
		json_array_foreach(heads, j, h) {
			int in_merge = 0, in_base = 1;
			query_is_ancestor(&in_merge, db, doc->id, json_string_value(h), str(merge, "head"));
			if (in_merge && str(first, "base"))
				query_is_ancestor(&in_base, db, doc->id, json_string_value(h), str(first, "base"));
			ct_error_clear();
			if (in_merge && !in_base) {
				json_t *sum = summarise(k, g);
				json_decref(found);
				found = json_pack("{s:O, s:s, s:s}", "id", json_object_get(sum, "id"), "key", k, "how",
						  "its merge reaches the draft's head");
				json_decref(sum);
				goto out;
			}
		}
		/* Requirements: only merges after the draft's last commit, the next few. */
		if (!base_v || !head_v || json_integer_value(json_object_get(merge, "time")) < since || tried >= 8)
			continue;
		tried++;
		if (!mine)
			mine = added_reqs(version_reqs(cache, db, base_v), version_reqs(cache, db, head_v));
		if (!json_object_size(mine))
			continue;
		int64_t mb = version_at(db, doc, str(first, "base"), NULL, 0), mh = version_at(db, doc, str(merge, "head"), NULL, 0);
		json_t *theirs = added_reqs(version_reqs(cache, db, mb), version_reqs(cache, db, mh)), *x;
		const char *rid;
		size_t shared = 0;
		json_object_foreach(mine, rid, x)
			shared += reappears(rid, json_string_value(x), theirs);
		json_decref(theirs);
		double share = (double)shared / (double)json_object_size(mine);
		if (share > best) {
			json_t *sum = summarise(k, g);
			best = share;
			json_decref(found);
			found = json_pack("{s:O, s:s, s:s, s:I, s:I}", "id", json_object_get(sum, "id"), "key", k, "how",
					  "most of the requirements the draft adds are in its change", "shared", (json_int_t)shared,
					  "added", (json_int_t)json_object_size(mine));
			json_decref(sum);
		}
	}
out:
	json_decref(cache);
	json_decref(mine);
	json_decref(heads);
	return found;
}

int ballots_view(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *id,
		 const struct ballots_view_options *given)
{
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	if (given)
		opts = *given;
	json_t *groups = NULL, *order = NULL;
	char buf[256];
	*out = NULL;
	int rc = gather(&groups, &order, db, doc, opts.as_of);
	if (rc < 0)
		return rc;
	const char *key = find_key(groups, id, buf, sizeof(buf));
	if (!key) {
		json_decref(groups);
		json_decref(order);
		return ct_error_set(CT_ENOTFOUND,
				    "no ballot '%s' in %s; 'cabtrack ballot list' shows them, 'cabtrack ballot add' declares one",
				    id, doc->name);
	}
	json_t *g = json_object_get(groups, key), *rec = json_object_get(g, "recorded");
	json_t *v = summarise(key, g);
	json_object_set_new(v, "document", json_string(doc->name));
	json_object_set_new(v, "recorded", json_boolean(rec != NULL));
	json_object_set_new(v, "sources", json_deep_copy(json_object_get(g, "sources")));

	struct strbuf next = STRBUF_INIT;
	const char *deadline;
	json_t *lc = lifecycle(rec, opts.tz, opts.as_of, &deadline, &next);
	json_object_set_new(lc, "zone", json_string(opts.tz ? opts.tz : "UTC"));
	int published = json_is_string(json_object_get(v, "published"));
	json_object_set_new(v, "next_deadline", deadline && !published ? json_string(deadline) : json_null());
	strbuf_release(&next);

	json_t *dates = NULL, *phases = NULL, *log = NULL, *srcs = json_object_get(g, "sources");
	char *label = NULL;
	rc = introduced_dates(&dates, &label, db, doc, key, opts.as_of);
	json_object_set_new(v, "dates_from", json_string("main"));
	/* Where the section numbers of its dates come from: main's version, or the draft's head. */
	json_object_set_new(v, "sections_from", json_pack("{s:s, s:s?}", "ref", "main", "version", label));
	free(label);
	if (rc == 0 && !first_of(srcs, "merge") && !first_of(srcs, "revision") && !json_array_size(dates) &&
	    json_is_string(json_object_get(v, "base")) && json_is_string(json_object_get(v, "head"))) {
		/* Not on main yet: the dates its draft adds, numbered as in its head. */
		json_decref(dates);
		rc = draft_dates(&dates, &label, db, doc, str(v, "base"), str(v, "head"));
		/* Each says whether it ever reached main (a failed or abandoned branch's never will). */
		if (rc == 0)
			rc = sightings_mark(NULL, dates, db, doc);
		json_object_set_new(v, "dates_from", json_string("draft"));
		json_object_set_new(v, "sections_from", json_pack("{s:s, s:s?}", "ref", str(v, "head"), "version", label));
		free(label);
	}
	json_object_set_new(v, "became", json_null());
	if (rc == 0 && !first_of(srcs, "merge") && !first_of(srcs, "revision") && json_is_string(json_object_get(v, "head"))) {
		json_t *b = became(db, doc, groups, order, key, v);
		if (b)
			json_object_set_new(v, "became", b);
	}
	if (rc == 0 && rec)
		rc = ballotdb_phases(&phases, db, json_integer_value(json_object_get(rec, "id")));
	if (rc == 0 && rec)
		rc = ballotdb_log(&log, db, json_integer_value(json_object_get(rec, "id")));
	if (rc == 0) {
		json_t *vote = ballot_bylaws_vote(rec), *endorse = ballot_bylaws_endorsement(rec);
		json_object_set_new(v, "vote", vote ? vote : json_null());
		json_object_set_new(v, "endorsement", endorse ? endorse : json_null());
		json_t *plan = plan_view(phases, rec, lc, dates, first_of(json_object_get(g, "sources"), "revision"));
		json_object_set_new(v, "lifecycle", lc);
		json_object_set_new(v, "plan", plan);
		json_object_set_new(v, "dates", dates);
		json_object_set_new(v, "log", log ? log : json_array());
		*out = v;
	} else {
		json_decref(lc);
		json_decref(dates);
		json_decref(log);
		json_decref(v);
	}
	json_decref(phases);
	json_decref(groups);
	json_decref(order);
	return rc;
}
