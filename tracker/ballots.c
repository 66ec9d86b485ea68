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
#include "db/record.h"
#include "importers/datephrase.h"
#include "tracker/ballot_bylaws.h"
#include "tracker/bylaws.h"
#include "tracker/dates.h"
#include "tracker/diff.h"
#include "tracker/sightings.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"

void ballots_key(char *out, size_t outsz, const char *id)
{
	if (ballot_name_normalize(out, outsz, id) != 0)
		snprintf(out, outsz, "%s", id);
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
	json_t *history = NULL, *refs = NULL, *main_pos = json_object(), *pr_keys = json_object(), *known = json_object();
	char key[64], name[64];
	struct ct_revision_list revs = CT_REVISION_LIST_INIT;
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
		json_object_set_new(main_pos, jsonget_str(c, "oid"), json_integer((json_int_t)i));
		if (!named_ballot(key, sizeof(key), name, sizeof(name), jsonget_str(c, "summary")))
			continue;
		json_t *prev = i ? json_array_get(history, i - 1) : NULL;
		struct ballotdb_source s = {
			key, name, "merge", NULL, prev ? jsonget_str(prev, "oid") : NULL, jsonget_str(c, "oid"),
			jsonget_str(c, "summary"), jsonget_str(c, "label"), NULL, subject_pr(jsonget_str(c, "summary")),
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
	    (rc = query_revision_list(&revs, db, json_integer_value(json_object_get(tip, "version_id")))) == 0) {
		for (i = 0; i < revs.n; i++) {
			const struct ct_revision *rv = &revs.items[i];
			if (!rv->ballot_key)
				continue;
			json_object_set_new(known, rv->ballot_key, json_true());
			json_t *dj = ct_revision_dates_to_json(rv);
			char *dates = json_dumps(dj, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(dj);
			struct ballotdb_source s = {
				rv->ballot_key, rv->ballot, "revision", NULL, NULL, NULL, rv->description,
				rv->version, dates, 0, 0,
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
		const char *ref = jsonget_str(r, "name"), *oid = jsonget_str(r, "oid"), *base = jsonget_str(r, "base");
		struct ballotdb_source s = { NULL, NULL, NULL, ref, base, oid, NULL, NULL, NULL, 0, 0 };
		s.title = jsonget_str(r, "summary");
		s.time = json_integer_value(json_object_get(r, "time"));
		if (!strncmp(ref, "refs/tags/", 10)) {
			if (named_ballot(key, sizeof(key), name, sizeof(name), ref + 10)) {
				json_t *pos = json_object_get(main_pos, oid);
				if (pos && json_integer_value(pos) > 0)
					s.base = jsonget_str(json_array_get(history, (size_t)json_integer_value(pos) - 1), "oid");
				s.ballot_key = key, s.name = name, s.kind = "tag";
			}
		} else if (!strncmp(ref, "refs/pull/", 10)) {
			s.pr = strtoll(ref + 10, NULL, 10);
			char pr[32];
			snprintf(pr, sizeof(pr), "%lld", (long long)s.pr);
			const char *k = jsonget_str(pr_keys, pr);
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
	ct_revision_list_release(&revs);
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

/* The day a revision source's row says the ballot was published, into `day` ("" when none); 1 when there is one. */
int ballots_source_publication(char day[32], const struct ct_ballot_source *s)
{
	*day = '\0';
	if (!s || !s->dates)
		return 0;
	json_t *dates = json_loads(s->dates, JSON_DECODE_ANY, NULL);
	const char *pub = ballots_publication(dates);
	if (pub)
		snprintf(day, 32, "%s", pub);
	json_decref(dates);
	return *day != '\0';
}

/*
 * Was a found source there at `as_of` (0: now)?  A commit's time, or a
 * revision row's publication date, after it means not yet.
 */
static int existed(const struct ct_ballot_source *src, int64_t as_of)
{
	if (!as_of)
		return 1;
	if (src->time)
		return src->time <= as_of;
	char pub[32], day[11];
	when_day(day, as_of);
	return !ballots_source_publication(pub, src) || strcmp(pub, day) <= 0;
}

static struct ballots_ballot *ballot_of(const struct ballots_set *set, const char *key)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].key, key))
			return &set->items[i];
	return NULL;
}

static struct ballots_ballot *ballot_add(struct ballots_set *set, const char *key)
{
	struct ballots_ballot *b = ballot_of(set, key);
	if (!b) {
		b = record_grow((void **)&set->items, &set->n, &set->alloc, sizeof(*b));
		b->key = key;
	}
	return b;
}

static void source_push(struct ballots_ballot *b, const struct ct_ballot_source *s)
{
	const struct ct_ballot_source **slot = record_grow((void **)&b->sources, &b->nsources, &b->sources_alloc, sizeof(*slot));
	*slot = s;
}

void ballots_set_release(struct ballots_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->items[i].sources);
		free(set->items[i].id);
	}
	free(set->items);
	ct_ballot_source_list_release(&set->sources);
	ct_ballot_list_release(&set->recorded);
	memset(set, 0, sizeof(*set));
}

static const struct ct_ballot_source *first_of(const struct ballots_ballot *b, const char *kind)
{
	for (size_t i = 0; i < b->nsources; i++)
		if (!strcmp(b->sources[i]->kind, kind))
			return b->sources[i];
	return NULL;
}

static const struct ct_ballot_source *last_of(const struct ballots_ballot *b, const char *kind)
{
	const struct ct_ballot_source *last = NULL;
	for (size_t i = 0; i < b->nsources; i++)
		if (!strcmp(b->sources[i]->kind, kind))
			last = b->sources[i];
	return last;
}

/* A source's head: a short ref name when it has a ref, else the commit. */
static const char *source_head(const struct ct_ballot_source *src)
{
	return src->ref ? query_short_ref(src->ref) : src->head;
}

/* Fill the merged fields of a ballot from its sources and recorded row. */
static void summarise(struct ballots_ballot *b)
{
	const char *key = b->key;
	const struct ct_ballot *rec = b->rec;
	const struct ct_ballot_source *rev = first_of(b, "revision"), *merge = first_of(b, "merge");
	const struct ct_ballot_source *tag = first_of(b, "tag"), *pull = first_of(b, "pull");
	const struct ct_ballot_source *fork = first_of(b, "fork"), *branch = first_of(b, "branch");

	const char *id = rev ? rev->name : merge ? merge->name : rec ? rec->name : tag ? tag->name : pull ? pull->name : key;
	/* Named as the Forum writes it ("SC063", also where a source wrote "SC63"); a declared draft as declared. */
	char forum[32];
	if (ballot_name_display(forum, sizeof(forum), key) == 0)
		id = forum;
	else
		ct_error_drop("a draft's key that is no ballot name is shown as declared");
	b->id = xstrdup(id ? id : key);
	/* A branch's last commit subject is no title: drafts found only as branches have none. */
	b->title = rec && rec->title ? rec->title : rev ? rev->title : merge ? merge->title : pull ? pull->title : NULL;

	/* base and head */
	if (rec && rec->head) {
		b->head = rec->head;
		b->from = "recorded";
	}
	const struct ct_ballot_source *src = merge ? merge : tag ? tag : pull ? pull : fork ? fork : branch;
	if (!b->from && src) {
		b->head = source_head(merge ? last_of(b, "merge") : src);
		b->from = src->kind;
	}
	if (rec && rec->base)
		b->base = rec->base;
	else if (src)
		b->base = src->base;

	b->pr = rec && rec->pr ? rec->pr : merge && merge->pr ? merge->pr : pull ? pull->pr : 0;

	/* state */
	if (ballots_source_publication(b->published, rev)) {
		b->state = "effective", b->state_source = "revisions";
	} else if (rec && rec->state) {
		b->state = rec->state, b->state_source = "recorded";
	} else if (merge || tag) {
		b->state = "passed", b->state_source = "main";
	} else {
		b->state = "draft", b->state_source = "found";
	}
	b->version = rev ? rev->version : NULL;

	for (size_t i = 0; i < b->nsources; i++) {
		int seen = 0;
		for (size_t j = 0; j < b->nfound_in; j++)
			seen |= !strcmp(b->found_in[j], b->sources[i]->kind);
		if (!seen && b->nfound_in < sizeof(b->found_in) / sizeof(b->found_in[0]) - 1)
			b->found_in[b->nfound_in++] = b->sources[i]->kind;
	}
	if (rec)
		b->found_in[b->nfound_in++] = "recorded";
}

int ballots_load(struct ballots_set *set, struct ct_db *db, const struct query_doc *doc, int64_t as_of)
{
	*set = (struct ballots_set)BALLOTS_SET_INIT;
	int rc = ballotdb_source_list(&set->sources, db, doc->id);
	if (rc == 0)
		rc = ballotdb_ballot_list(&set->recorded, db, doc->name);
	if (rc < 0) {
		ballots_set_release(set);
		return rc;
	}
	for (size_t i = 0; i < set->sources.n; i++) {
		const struct ct_ballot_source *s = &set->sources.items[i];
		if (existed(s, as_of))
			source_push(ballot_add(set, s->ballot_key), s);
	}
	for (size_t i = 0; i < set->recorded.n; i++)
		ballot_add(set, set->recorded.items[i].ballot_key)->rec = &set->recorded.items[i];
	/*
	 * A draft declared by hand whose head is a branch found at import
	 * ("ballot add CAA --head srdavidson/CAA") is that draft: its found
	 * sources join the recorded ballot and the draft's own entry goes.
	 */
	for (size_t i = 0; i < set->recorded.n; i++) {
		const char *head = set->recorded.items[i].head, *k = set->recorded.items[i].ballot_key;
		if (!head)
			continue;
		for (size_t j = 0; j < set->n; j++) {
			struct ballots_ballot *d = &set->items[j];
			const struct ct_ballot_source *src = d->nsources ? d->sources[0] : NULL;
			if (!strcmp(d->key, k) || d->rec || !src || !src->ref)
				continue;
			if ((strcmp(src->kind, "fork") && strcmp(src->kind, "branch") && strcmp(src->kind, "pull")) ||
			    (strcmp(src->ref, head) && strcmp(query_short_ref(src->ref), head)))
				continue;
			struct ballots_ballot *b = ballot_of(set, k);
			for (size_t x = 0; x < d->nsources; x++)
				source_push(b, d->sources[x]);
			free(d->sources);
			memmove(d, d + 1, (set->n - j - 1) * sizeof(*d));
			set->n--;
			break;
		}
	}
	for (size_t i = 0; i < set->n; i++)
		summarise(&set->items[i]);
	return 0;
}

const struct ballots_ballot *ballots_find(const struct ballots_set *set, const char *id)
{
	char key[256];
	ballots_key(key, sizeof(key), id);
	const struct ballots_ballot *b = ballot_of(set, key);
	for (size_t i = 0; i < set->n && !b; i++)
		for (size_t j = 0; j < set->items[i].nsources && !b; j++) {
			const char *ref = set->items[i].sources[j]->ref;
			if (ref && (!strcmp(ref, id) || !strcmp(query_short_ref(ref), id)))
				b = &set->items[i];
		}
	return b;
}

json_t *ballots_ballot_to_json(const struct ballots_ballot *b)
{
	json_t *kinds = json_array();
	for (size_t i = 0; i < b->nfound_in; i++)
		json_array_append_new(kinds, json_string(b->found_in[i]));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o}", "id", b->id, "key", b->key, "title",
			 record_json_text(b->title), "base", record_json_text(b->base), "head", record_json_text(b->head), "from",
			 record_json_text(b->from), "pr", b->pr ? json_integer((json_int_t)b->pr) : json_null(), "state",
			 b->state, "state_source", b->state_source, "published",
			 *b->published ? json_string(b->published) : json_null(), "version", record_json_text(b->version),
			 "found_in", kinds);
}

/* Ballots by prefix and number (SMC5 before SMC10, 62 before 105), drafts after them by name. */
static int key_cmp(const void *x, const void *y)
{
	const char *a = (*(const struct ballots_ballot *const *)x)->key, *b = (*(const struct ballots_ballot *const *)y)->key;
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

const struct ballots_ballot **ballots_sorted(const struct ballots_set *set)
{
	const struct ballots_ballot **sorted = xcalloc(set->n + 1, sizeof(*sorted));
	for (size_t i = 0; i < set->n; i++)
		sorted[i] = &set->items[i];
	qsort(sorted, set->n, sizeof(*sorted), key_cmp);
	return sorted;
}

json_t *ballots_next_deadline(const struct ballots_ballot *b, const struct ballot_bylaws_lifecycle *lc, const char *tz)
{
	if (lc->next < 0 || *b->published)
		return json_null();
	struct strbuf next = STRBUF_INIT;
	ballot_bylaws_next(&next, lc, tz);
	json_t *out = json_string(next.buf);
	strbuf_release(&next);
	return out;
}

/* The ballot's entry in the list: its merged fields, next deadline and IP review end. */
static json_t *list_entry(const struct ballots_ballot *b, const struct ballots_view_options *opts)
{
	json_t *v = ballots_ballot_to_json(b);
	struct ballot_bylaws_lifecycle lc;
	ballot_bylaws_steps(&lc, b->rec, opts->as_of);
	json_object_set_new(v, "next_deadline", ballots_next_deadline(b, &lc, opts->tz));
	json_object_set_new(v, "ipr_ends", ballot_bylaws_step_to_json(&lc, BALLOT_BYLAWS_IPR_ENDS, opts->tz));
	return v;
}

int ballots_list(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct ballots_view_options *given)
{
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	if (given)
		opts = *given;
	struct ballots_set set;
	int rc = ballots_load(&set, db, doc, opts.as_of);
	if (rc < 0)
		return rc;
	const struct ballots_ballot **sorted = ballots_sorted(&set);
	*out = json_array();
	for (size_t i = 0; i < set.n; i++)
		json_array_append_new(*out, list_entry(sorted[i], &opts));
	free(sorted);
	ballots_set_release(&set);
	return 0;
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
	*label = jsonget_str(ver, "label") ? xstrdup(jsonget_str(ver, "label")) : NULL;
	json_decref(ver);
	/* Each requirement id's section, from the phrases. */
	json_t *where = json_object();
	json_array_foreach(rows, i, o)
		if (!strcmp(jsonget_str(o, "source"), "text") && json_array_size(json_object_get(o, "requirements")))
			json_object_set(where, json_string_value(json_array_get(json_object_get(o, "requirements"), 0)),
					json_array_get(json_object_get(o, "sections"), 0));
	json_array_foreach(rows, i, o) {
		const char *k = jsonget_str(o, "ballot_key");
		if (!k || strcmp(k, key))
			continue;
		json_t *reqs = json_array(), *r;
		size_t j;
		json_array_foreach(json_object_get(o, "requirements"), j, r)
			json_array_append_new(reqs, json_pack("{s:O, s:O?}", "id", r, "section",
							      json_object_get(where, json_string_value(r))));
		int text = !strcmp(jsonget_str(o, "source"), "text");
		json_t *secs = json_object_get(o, "sections");
		json_t *d = json_pack("{s:s, s:O?, s:s, s:O?, s:O, s:s, s:o}", "date", jsonget_str(o, "date"), "keyword",
				      json_object_get(o, "keyword"), "source", jsonget_str(o, "source"), "section",
				      text ? json_array_get(secs, 0) : json_object_get(o, "in_section"), "sections", secs, "description",
				      jsonget_str(o, "description"), "requirements", reqs);
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
		ct_error_drop("a ref that went away: no dates to show");
		return 0;
	}
	if (query_version(&ver, db, h.version_id) == 0) {
		*label = jsonget_str(ver, "label") ? xstrdup(jsonget_str(ver, "label")) : NULL;
		json_decref(ver);
	}
	opts.redline = 0;
	int rc = diff_versions(&model, db, doc->id, b.version_id, h.version_id, &opts);
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(model, "dates"), i, d) {
		const char *change = jsonget_str(d, "change");
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
static json_t *plan_view(const struct ct_ballot_phase_list *phases, const struct ct_ballot *rec,
			 const struct ballot_bylaws_lifecycle *lc, json_t *dates, const struct ct_ballot_source *rev)
{
	const char *from = rec ? rec->plan_from : NULL;
	char adoption[16] = "";
	const char *adoption_source = NULL;
	if (from && strcmp(from, "adoption")) {
		snprintf(adoption, sizeof(adoption), "%s", from);
		adoption_source = "given";
	} else {
		int64_t ipr = lc->steps[BALLOT_BYLAWS_IPR_ENDS].t, vote = lc->steps[BALLOT_BYLAWS_VOTE_END].t;
		char pub[32];
		int have_pub = ballots_source_publication(pub, rev);
		if (ipr || vote) {
			struct strbuf iso = STRBUF_INIT;
			when_format_iso(&iso, ipr ? ipr : vote);
			snprintf(adoption, sizeof(adoption), "%.10s", iso.buf);
			strbuf_release(&iso);
			adoption_source = ipr ? "IP review end" : "vote end";
		} else if (have_pub) {
			snprintf(adoption, sizeof(adoption), "%.15s", pub);
			adoption_source = "Revisions table";
		}
	}
	json_t *out = json_pack("{s:s, s:s?, s:s?, s:[]}", "from", from ? from : "adoption", "adoption",
				*adoption ? adoption : NULL, "adoption_source", adoption_source, "phases");
	for (size_t i = 0; phases && i < phases->n; i++) {
		const struct ct_ballot_phase *p = &phases->items[i];
		struct ct_duration d;
		struct ct_date base;
		json_t *ph = ct_ballot_phase_to_json(p);
		if (*adoption && ct_duration_parse(&d, p->offset) == 0 && ct_date_parse_strict(&base, adoption) == 0) {
			struct ct_date proj = ct_date_add_days(ct_date_add_months(base, d.months), d.days);
			char buf[16];
			ct_date_format(buf, &proj);
			json_object_set_new(ph, "projected", json_string(buf));
			/* The actual date: the earliest introduced date with this keyword. */
			const char *actual = NULL;
			json_t *x;
			size_t j;
			json_array_foreach(dates, j, x) {
				const char *kw = jsonget_str(x, "keyword"), *date = jsonget_text(x, "date");
				if (kw && !strcmp(kw, p->keyword) && (!actual || strcmp(date, actual) < 0))
					actual = date;
			}
			if (actual) {
				struct ct_date a;
				json_object_set_new(ph, "actual", json_string(actual));
				if (ct_date_parse_strict(&a, actual) == 0)
					json_object_set_new(ph, "delta_days",
							    json_integer(ct_date_to_days(a) - ct_date_to_days(proj)));
			}
		}
		ct_error_drop("an offset or day that does not read leaves the phase without a projected date");
		json_array_append_new(json_object_get(out, "phases"), ph);
	}
	return out;
}

/* The requirements of a version, as an object id -> text, cached in `cache` by version id. */
static json_t *version_reqs(json_t *cache, struct ct_db *db, int64_t vid)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)vid);
	json_t *set = json_object_get(cache, key);
	struct ct_requirement_list reqs = CT_REQUIREMENT_LIST_INIT;
	if (set)
		return set;
	set = json_object();
	if (vid && query_requirement_list(&reqs, db, vid, NULL, NULL) == 0)
		for (size_t i = 0; i < reqs.n; i++)
			if (reqs.items[i].id)
				json_object_set_new(set, reqs.items[i].id,
						    query_json_stringn(reqs.items[i].text, reqs.items[i].text_len));
	ct_error_drop("requirements that cannot be read count as none: no likeness is claimed from them");
	ct_requirement_list_release(&reqs);
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
	if (!at)
		return 0;
	if (query_resolve(&a, db, doc, at) < 0) {
		ct_error_drop("a ref or commit not in the database holds no known version");
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
static json_t *became(struct ct_db *db, const struct query_doc *doc, const struct ballots_set *set,
		      const struct ballots_ballot *self)
{
	const char *heads[2];
	size_t nheads = 0;
	char commit[80] = "";
	int64_t base_v = version_at(db, doc, self->base, NULL, 0);
	int64_t head_v = version_at(db, doc, self->head, commit, sizeof(commit));
	if (*commit)
		heads[nheads++] = commit;
	const struct ct_ballot_source *pull = first_of(self, "pull");
	if (pull && pull->head)
		heads[nheads++] = pull->head;
	int64_t since = 0;
	for (size_t i = 0; i < self->nsources; i++)
		if (self->sources[i]->time > since)
			since = self->sources[i]->time;

	json_t *cache = json_object(), *found = NULL, *mine = NULL;
	double best = 0.5;
	int tried = 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct ballots_ballot *g = &set->items[i];
		const char *k = g->key;
		const struct ct_ballot_source *merge = last_of(g, "merge"), *first = first_of(g, "merge");
		if (g == self || !merge || !merge->head)
			continue;
		for (size_t j = 0; j < nheads; j++) {
			int in_merge = 0, in_base = 1;
			int e = query_is_ancestor(&in_merge, db, doc->id, heads[j], merge->head);
			if (e == 0 && in_merge && first->base)
				e = query_is_ancestor(&in_base, db, doc->id, heads[j], first->base);
			if (e < 0)
				ct_error_drop("ancestry that cannot be read: this merge is not taken for what the draft became");
			if (in_merge && !in_base) {
				json_decref(found);
				found = json_pack("{s:s, s:s, s:s}", "id", g->id, "key", k, "how", "its merge reaches the draft's head");
				goto out;
			}
		}
		/* Requirements: only merges after the draft's last commit, the next few. */
		if (!base_v || !head_v || merge->time < since || tried >= 8)
			continue;
		tried++;
		if (!mine)
			mine = added_reqs(version_reqs(cache, db, base_v), version_reqs(cache, db, head_v));
		if (!json_object_size(mine))
			continue;
		int64_t mb = version_at(db, doc, first->base, NULL, 0), mh = version_at(db, doc, merge->head, NULL, 0);
		json_t *theirs = added_reqs(version_reqs(cache, db, mb), version_reqs(cache, db, mh)), *x;
		const char *rid;
		size_t shared = 0;
		json_object_foreach(mine, rid, x)
			shared += reappears(rid, json_string_value(x), theirs);
		json_decref(theirs);
		double share = (double)shared / (double)json_object_size(mine);
		if (share > best) {
			best = share;
			json_decref(found);
			found = json_pack("{s:s, s:s, s:s, s:I, s:I}", "id", g->id, "key", k, "how",
					  "most of the requirements the draft adds are in its change", "shared", (json_int_t)shared,
					  "added", (json_int_t)json_object_size(mine));
		}
	}
out:
	json_decref(cache);
	json_decref(mine);
	return found;
}

/* A group's sources as JSON, in their order. */
static json_t *sources_json(const struct ballots_ballot *g)
{
	json_t *out = json_array();
	for (size_t i = 0; i < g->nsources; i++)
		json_array_append_new(out, ct_ballot_source_to_json(g->sources[i]));
	return out;
}

/* The recorded plan and log of `rec`, as JSON at the edge; NULL when nothing is recorded. */
static int plan_and_log(json_t **log_out, struct ct_ballot_phase_list *phases, struct ct_db *db, const struct ct_ballot *rec)
{
	struct ct_ballot_log log = CT_BALLOT_LOG_INIT;
	*log_out = NULL;
	if (!rec)
		return 0;
	int rc = ballotdb_phase_list(phases, db, rec->id);
	if (rc == 0)
		rc = ballotdb_log_list(&log, db, rec->id);
	if (rc == 0) {
		*log_out = json_array();
		for (size_t i = 0; i < log.n; i++)
			json_array_append_new(*log_out, ct_ballot_log_entry_to_json(&log.items[i]));
	}
	ct_ballot_log_release(&log);
	return rc;
}

int ballots_view(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *id,
		 const struct ballots_view_options *given)
{
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	if (given)
		opts = *given;
	struct ballots_set set;
	*out = NULL;
	int rc = ballots_load(&set, db, doc, opts.as_of);
	if (rc < 0)
		return rc;
	const struct ballots_ballot *g = ballots_find(&set, id);
	if (!g) {
		ballots_set_release(&set);
		return ct_error_set(CT_ENOTFOUND,
				    "no ballot '%s' in %s; 'cabtrack ballot list' shows them, 'cabtrack ballot add' declares one",
				    id, doc->name);
	}
	const struct ct_ballot *rec = g->rec;
	const char *key = g->key;
	json_t *v = ballots_ballot_to_json(g);
	json_object_set_new(v, "document", json_string(doc->name));
	json_object_set_new(v, "recorded", json_boolean(rec != NULL));
	json_object_set_new(v, "sources", sources_json(g));

	struct ballot_bylaws_lifecycle steps;
	ballot_bylaws_steps(&steps, rec, opts.as_of);
	json_t *lc = ballot_bylaws_lifecycle_to_json(&steps, opts.tz);
	json_object_set_new(lc, "zone", json_string(opts.tz ? opts.tz : "UTC"));
	json_object_set_new(v, "next_deadline", ballots_next_deadline(g, &steps, opts.tz));

	json_t *dates = NULL, *log = NULL;
	struct ct_ballot_phase_list phases = CT_BALLOT_PHASE_LIST_INIT;
	char *label = NULL;
	rc = introduced_dates(&dates, &label, db, doc, key, opts.as_of);
	json_object_set_new(v, "dates_from", json_string("main"));
	/* Where the section numbers of its dates come from: main's version, or the draft's head. */
	json_object_set_new(v, "sections_from", json_pack("{s:s, s:s?}", "ref", "main", "version", label));
	free(label);
	int on_main = first_of(g, "merge") || first_of(g, "revision");
	if (rc == 0 && !on_main && !json_array_size(dates) && g->base && g->head) {
		/* Not on main yet: the dates its draft adds, numbered as in its head. */
		json_decref(dates);
		rc = draft_dates(&dates, &label, db, doc, g->base, g->head);
		/* Each says whether it ever reached main (a failed or abandoned branch's never will). */
		if (rc == 0)
			rc = sightings_mark(NULL, dates, db, doc);
		json_object_set_new(v, "dates_from", json_string("draft"));
		json_object_set_new(v, "sections_from", json_pack("{s:s, s:s?}", "ref", g->head, "version", label));
		free(label);
	}
	json_object_set_new(v, "became", json_null());
	if (rc == 0 && !on_main && g->head) {
		json_t *b = became(db, doc, &set, g);
		if (b)
			json_object_set_new(v, "became", b);
	}
	if (rc == 0)
		rc = plan_and_log(&log, &phases, db, rec);
	if (rc == 0) {
		json_t *vote = ballot_bylaws_vote(rec), *endorse = ballot_bylaws_endorsement(rec);
		json_object_set_new(v, "vote", vote ? vote : json_null());
		json_object_set_new(v, "endorsement", endorse ? endorse : json_null());
		json_t *plan = plan_view(&phases, rec, &steps, dates, first_of(g, "revision"));
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
	ct_ballot_phase_list_release(&phases);
	ballots_set_release(&set);
	return rc;
}
