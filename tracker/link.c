/*
 * link.c - ballots of dated obligations (see link.h).
 */
#include "tracker/link.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/typography.h"
#include "importers/keymap.h"

/* Are the two strings equal, NULL equal only to NULL? */
static int same_str(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

static int same_row(const struct ct_revision *a, const struct ct_revision *b)
{
	return same_str(a->version, b->version) && same_str(a->ballot_key, b->ballot_key);
}

const char *link_commit_ballot(const char *subject_ballot, const struct ct_revision_list *revs,
			       const struct ct_revision_list *prev)
{
	if (subject_ballot)
		return subject_ballot;
	const char *found = NULL;
	for (size_t i = 0; i < revs->n; i++) {
		int seen = 0;
		for (size_t j = 0; j < prev->n && !seen; j++)
			seen = same_row(&revs->items[i], &prev->items[j]);
		const char *b = revs->items[i].ballot;
		if (!seen && b)
			found = b; /* the last new row wins: tables are in date order */
	}
	return found;
}

void link_table_key(struct strbuf *out, const char *date, const char *keyword, const char *description)
{
	struct strbuf folded = STRBUF_INIT;
	const char *d = description ? description : "";
	typo_fold(&folded, NULL, d, strlen(d));
	strbuf_reset(out);
	strbuf_addf(out, "t|%s|%s|", date, keyword ? keyword : "");
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)folded.buf; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = out->len > 0 && out->buf[out->len - 1] != '|';
			continue;
		}
		if (space)
			strbuf_addch(out, ' ');
		space = 0;
		strbuf_addch(out, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	}
	strbuf_release(&folded);
}

/*
 * Where a key first appeared.  Origins are interned: every key a step
 * brings shares the step's one or two origins, and a key that stays keeps
 * the index of its origin.
 */
struct origin {
	int pos;
	const char *commit;     /* borrowed from the history */
	int64_t version;
	char *ballot;
};

struct origins {
	struct origin *v;
	size_t nr, alloc;
	size_t step_start;      /* the first origin of the current step */
};

static uint32_t origin_intern(struct origins *os, int pos, const char *commit, int64_t version, const char *ballot)
{
	for (size_t k = os->step_start; k < os->nr; k++)
		if (os->v[k].pos == pos && (ballot ? os->v[k].ballot && !strcmp(os->v[k].ballot, ballot) : !os->v[k].ballot))
			return (uint32_t)k;
	if (os->nr == os->alloc) {
		os->alloc = os->alloc ? 2 * os->alloc : 16;
		os->v = xrealloc(os->v, os->alloc * sizeof(*os->v));
	}
	os->v[os->nr] = (struct origin){ pos, commit, version, ballot ? xstrdup(ballot) : NULL };
	return (uint32_t)os->nr++;
}

static void origins_release(struct origins *os)
{
	for (size_t k = 0; k < os->nr; k++)
		free(os->v[k].ballot);
	free(os->v);
}

static int insert_origin(struct ct_db *db, sqlite3_stmt *ins, int64_t doc_id, const char *okey, const struct origin *o)
{
	char key[32];
	sqlite3_bind_int64(ins, 1, doc_id);
	db_bind_text(ins, 2, okey);
	sqlite3_bind_int(ins, 3, o->pos);
	db_bind_text(ins, 4, o->commit);
	sqlite3_bind_int64(ins, 5, o->version);
	db_bind_text(ins, 6, o->ballot);
	int keyed = o->ballot && ballot_name_normalize(key, sizeof(key), o->ballot) == 0;
	if (o->ballot && !keyed)
		ct_error_drop("a ballot named in a way that has no key is stored by its name alone");
	db_bind_text(ins, 7, keyed ? key : NULL);
	int step = sqlite3_step(ins);
	sqlite3_reset(ins);
	return step == SQLITE_DONE ? 0 : db_error(db, "recording a date origin");
}

/* "date|keyword": what a table row or a Revisions date keeps when it moves or is re-worded. */
static void signature(struct strbuf *out, const char *date, const char *keyword)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s|%s", date, keyword ? keyword : "");
}

/*
 * One key of a version, in the order it first appeared there: its key and
 * signature as XXH3-128 digests, its kind (the key's first letter: r, s,
 * t or v), its origin, a Revisions row's ballot (v only) and, for a table
 * row new in this version, the key's text to record.
 */
struct key_entry {
	XXH128_hash_t key, sig;
	uint32_t origin;
	char kind;
	char *ballot;
	char *okey;
};

struct keyset {
	struct key_entry *v;
	size_t nr, alloc;
	struct keymap index;    /* key digest -> index in v */
};

static void keyset_init(struct keyset *ks)
{
	memset(ks, 0, sizeof(*ks));
	keymap_init(&ks->index, sizeof(XXH128_hash_t));
}

static void keyset_release(struct keyset *ks)
{
	for (size_t k = 0; k < ks->nr; k++) {
		free(ks->v[k].ballot);
		free(ks->v[k].okey);
	}
	free(ks->v);
	keymap_release(&ks->index);
}

static struct key_entry *keyset_find(const struct keyset *ks, XXH128_hash_t key)
{
	int64_t at;
	return keymap_get(&ks->index, &key, &at) ? &ks->v[at] : NULL;
}

/* The state of one step: what it adds to `now` and how it records the keys it brings. */
struct step {
	struct ct_db *db;
	sqlite3_stmt *ins;
	int64_t doc_id;
	const struct keyset *live;
	struct keyset *now;
	struct origins *origins;
	int pos;
	const char *commit;
	int64_t version;
	const char *ballot;
	struct strbuf sig;
};

/*
 * Add a key to the step's keys.  A key seen again in the same version
 * keeps its place and takes the later Revisions ballot.  A phrase key
 * that is new is recorded at once (its origin is the step's); a new table
 * row waits, with its text, until the rows that went away are known.
 */
static int step_add(struct step *s, const char *key, char kind, const char *vballot)
{
	XXH128_hash_t h = XXH3_128bits(key, strlen(key));
	struct key_entry *e = keyset_find(s->now, h);
	if (e) {
		if (kind == 'v') {
			free(e->ballot);
			e->ballot = vballot ? xstrdup(vballot) : NULL;
		}
		return 0;
	}
	if (s->now->nr == s->now->alloc) {
		s->now->alloc = s->now->alloc ? 2 * s->now->alloc : 64;
		s->now->v = xrealloc(s->now->v, s->now->alloc * sizeof(*s->now->v));
	}
	e = &s->now->v[s->now->nr];
	*e = (struct key_entry){ .key = h, .sig = XXH3_128bits(s->sig.buf, s->sig.len), .kind = kind };
	e->ballot = kind == 'v' && vballot ? xstrdup(vballot) : NULL;
	keymap_put(&s->now->index, &h, (int64_t)s->now->nr++);
	if (keyset_find(s->live, h) || kind == 'v')
		return 0;
	if (kind == 't') {
		e->okey = xstrdup(key);
		return 0;
	}
	e->origin = origin_intern(s->origins, s->pos, s->commit, s->version, s->ballot);
	return insert_origin(s->db, s->ins, s->doc_id, key, &s->origins->v[e->origin]);
}

/*
 * The keys of one version, read a row at a time: text phrases under their
 * requirement and section keys, table rows under link_table_key(), and
 * each date of the Revisions table under "v|date|version" (those only to
 * follow a date that moves from the Revisions table into the compliance
 * table).  A Revisions key carries its row's ballot.
 */
static int version_keys(struct step *s)
{
	struct ct_revision_list revs = CT_REVISION_LIST_INIT;
	struct strbuf key = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc = db_prepare(&st, s->db,
			    "SELECT o.source, o.date, o.keyword, CASE WHEN o.source = 'text' THEN NULL ELSE o.description END, "
			    "o.rid, s.number "
			    "FROM versions v, json_each(v.sections) j JOIN section_texts s ON s.id = j.value "
			    "JOIN obligations o ON o.section_text_id = s.id WHERE v.id = ?1 ORDER BY o.date, j.key, o.ord");
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, s->version);
	int step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *source = (const char *)sqlite3_column_text(st, 0);
		const char *date = (const char *)sqlite3_column_text(st, 1);
		const char *kw = (const char *)sqlite3_column_text(st, 2);
		signature(&s->sig, date, kw);
		if (source && !strcmp(source, "text")) {
			const char *rid = (const char *)sqlite3_column_text(st, 4);
			const char *number = (const char *)sqlite3_column_text(st, 5);
			strbuf_reset(&key);
			strbuf_addf(&key, "r|%s|%s|%s", date, kw ? kw : "", rid ? rid : "");
			if ((rc = step_add(s, key.buf, 'r', NULL)) < 0)
				break;
			strbuf_reset(&key);
			strbuf_addf(&key, "s|%s|%s|%s", date, kw ? kw : "", number ? number : "");
			rc = step_add(s, key.buf, 's', NULL);
			continue;
		}
		link_table_key(&key, date, kw, (const char *)sqlite3_column_text(st, 3));
		rc = step_add(s, key.buf, 't', NULL);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(s->db, "reading a version's dated obligations");
	sqlite3_finalize(st);
	if (rc == 0)
		rc = query_revision_list(&revs, s->db, s->version);
	for (size_t j = 0; j < revs.n; j++) {
		const struct ct_revision *o = &revs.items[j];
		for (size_t k = 0; k < o->ndates && rc == 0; k++) {
			const char *date = o->dates[k].date;
			strbuf_reset(&key);
			strbuf_addf(&key, "v|%s|%s|%s", date, o->version ? o->version : "", o->dates[k].column);
			signature(&s->sig, date, NULL);
			rc = step_add(s, key.buf, 'v', o->ballot);
		}
	}
	strbuf_release(&key);
	ct_revision_list_release(&revs);
	return rc;
}

/*
 * The origins of the keys a step brings that its phrase keys did not
 * settle: a key that stays keeps its origin; a new table row that takes
 * the place of one that went away with its date and keyword (the first in
 * the previous version's order) keeps that one's; a Revisions date naming
 * a ballot has it; anything else is the step's.
 */
static int step_settle(struct step *s)
{
	struct keymap gone;     /* signature digest -> origin */
	int64_t at;
	int rc = 0;
	keymap_init(&gone, sizeof(XXH128_hash_t));
	for (size_t k = 0; k < s->live->nr; k++) {
		const struct key_entry *o = &s->live->v[k];
		if ((o->kind == 't' || o->kind == 'v') && !keyset_find(s->now, o->key) && !keymap_get(&gone, &o->sig, &at))
			keymap_put(&gone, &o->sig, o->origin);
	}
	for (size_t k = 0; k < s->now->nr && rc == 0; k++) {
		struct key_entry *e = &s->now->v[k];
		const struct key_entry *was = keyset_find(s->live, e->key);
		if (was)
			e->origin = was->origin;
		else if (e->kind == 't' && keymap_get(&gone, &e->sig, &at))
			e->origin = (uint32_t)at;
		else if (e->kind == 'v' && e->ballot)
			e->origin = origin_intern(s->origins, s->pos, s->commit, s->version, e->ballot);
		else if (e->kind != 'r' && e->kind != 's')
			e->origin = origin_intern(s->origins, s->pos, s->commit, s->version, s->ballot);
		if (e->okey) {
			rc = insert_origin(s->db, s->ins, s->doc_id, e->okey, &s->origins->v[e->origin]);
			free(e->okey);
			e->okey = NULL;
		}
	}
	keymap_release(&gone);
	return rc;
}

int link_date_origins(struct ct_db *db, const struct query_doc *doc)
{
	json_t *history = NULL, *steps = json_array();
	struct ct_revision_list prev_revs = CT_REVISION_LIST_INIT;
	sqlite3_stmt *ins = NULL;
	int rc = query_main_history(&history, db, doc);
	if (rc < 0)
		goto out;
	if ((rc = db_prepare(&ins, db, "DELETE FROM date_origins WHERE doc_id = ?1")) < 0)
		goto out;
	sqlite3_bind_int64(ins, 1, doc->id);
	int step = sqlite3_step(ins);
	sqlite3_finalize(ins);
	ins = NULL;
	if (step != SQLITE_DONE) {
		rc = db_error(db, "clearing date origins");
		goto out;
	}

	/*
	 * Pass 1: the commits where the file changed, each with the ballot it
	 * names or brought (a Revisions row); a commit with none is carried by
	 * the next ballot on main.
	 */
	int64_t prev_version = 0;
	size_t i;
	json_t *c;
	json_array_foreach(history, i, c) {
		json_t *vid = json_object_get(c, "version_id");
		if (!json_is_integer(vid) || json_integer_value(vid) == prev_version)
			continue;
		struct ct_revision_list revs = CT_REVISION_LIST_INIT;
		if ((rc = query_revision_list(&revs, db, json_integer_value(vid))) < 0)
			goto out;
		const char *subject = json_string_value(json_object_get(c, "ballot"));
		/*
		 * History that starts with a document that already had several
		 * versions (BR's starts at 1.3.0) cannot say which ballot brought
		 * what its first version holds: only a ballot its subject names.
		 */
		int predates = !json_array_size(steps) && revs.n > 1 && !subject;
		const char *b = predates ? NULL : link_commit_ballot(subject, &revs, &prev_revs);
		json_t *s = json_pack("{s:O, s:s?, s:b}", "commit", c, "ballot", b, "predates", predates);
		json_array_append_new(steps, s);
		ct_revision_list_release(&prev_revs);
		prev_revs = revs;
		prev_version = json_integer_value(vid);
	}
	const char *carry = NULL;
	for (size_t k = json_array_size(steps); k > 0; k--) {
		json_t *s = json_array_get(steps, k - 1);
		const char *b = json_string_value(json_object_get(s, "ballot"));
		if (b)
			carry = b;
		else if (carry && !json_is_true(json_object_get(s, "predates")))
			json_object_set_new(s, "ballot", json_string(carry));
	}

	/*
	 * Pass 2: the step where each key appeared, starting its latest run of
	 * presence: a phrase reverted and brought back later belongs to the
	 * ballot that brought it back.  A table row that appears as another
	 * table row or Revisions date with its date and keyword goes away (it
	 * moved, was re-worded or re-formatted) keeps that one's origin.
	 */
	if ((rc = db_prepare(&ins, db, "INSERT OR REPLACE INTO date_origins(doc_id, okey, pos, commit_oid, version_id, ballot, ballot_key) "
				       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) < 0)
		goto out;
	struct origins origins = { 0 };
	struct keyset sets[2];
	keyset_init(&sets[0]);
	keyset_init(&sets[1]);
	struct step st = { .db = db, .ins = ins, .doc_id = doc->id, .origins = &origins, .sig = STRBUF_INIT };
	json_t *s;
	json_array_foreach(steps, i, s) {
		json_t *commit = json_object_get(s, "commit");
		st.live = &sets[i % 2];
		st.now = &sets[(i + 1) % 2];
		keyset_release(st.now);
		keyset_init(st.now);
		st.pos = (int)i;
		st.commit = json_string_value(json_object_get(commit, "oid"));
		st.version = json_integer_value(json_object_get(commit, "version_id"));
		st.ballot = json_string_value(json_object_get(s, "ballot"));
		origins.step_start = origins.nr;
		if ((rc = version_keys(&st)) < 0 || (rc = step_settle(&st)) < 0)
			break;
	}
	strbuf_release(&st.sig);
	keyset_release(&sets[0]);
	keyset_release(&sets[1]);
	origins_release(&origins);
out:
	sqlite3_finalize(ins);
	json_decref(history);
	ct_revision_list_release(&prev_revs);
	json_decref(steps);
	return rc;
}
