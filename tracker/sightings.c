/*
 * sightings.c - where each dated obligation was first seen, whether it
 * reached main, and on which refs (see sightings.h).
 *
 * One pass over every version's obligations, oldest version first; a
 * version is "on main" when a commit of the main ref's first-parent
 * history holds it, and is seen on a ref when a commit of the ref's own
 * part of history (from its tip back along first parents until main's
 * history) holds it.  Identity as `dates --all-versions` had it: source,
 * date, keyword and the description with white space and ASCII case
 * folded (link_table_key).
 */
#include "tracker/sightings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/link.h"
#include "tracker/base/strbuf.h"
#include "importers/keymap.h"

/* Run `sql` (?1 doc id, ?2 main ref) and collect its rows. */
static int collect(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *sql)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, sql) < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc->id);
	db_bind_text(st, 2, doc->main_ref);
	return query_collect(out, db, st, NULL);
}

/*
 * version id -> {main: bool, commit: oldest commit, refs: {short name: true}}.
 */
static int version_places(json_t **out, struct ct_db *db, const struct query_doc *doc)
{
	json_t *firsts = NULL, *onmain = NULL, *onref = NULL, *r;
	size_t i;
	char id[32];
	int rc = collect(&firsts, db, doc,
			 "SELECT version_id AS v, oid, min(time) FROM commits WHERE doc_id = ?1 AND version_id IS NOT NULL "
			 "GROUP BY version_id");
	if (rc == 0)
		rc = collect(&onmain, db, doc,
			     "WITH RECURSIVE m(oid) AS (SELECT oid FROM refs WHERE doc_id = ?1 AND name = ?2 "
			     " UNION SELECT c.parent FROM m JOIN commits c ON c.doc_id = ?1 AND c.oid = m.oid WHERE c.parent IS NOT NULL) "
			     "SELECT DISTINCT c.version_id AS v FROM m JOIN commits c ON c.doc_id = ?1 AND c.oid = m.oid "
			     "WHERE c.version_id IS NOT NULL");
	if (rc == 0)
		rc = collect(&onref, db, doc,
			     "WITH RECURSIVE m(oid) AS MATERIALIZED (SELECT oid FROM refs WHERE doc_id = ?1 AND name = ?2 "
			     " UNION SELECT c.parent FROM m JOIN commits c ON c.doc_id = ?1 AND c.oid = m.oid WHERE c.parent IS NOT NULL), "
			     "w(ref, oid) AS (SELECT name, oid FROM refs WHERE doc_id = ?1 AND oid NOT IN m "
			     " UNION SELECT w.ref, c.parent FROM w JOIN commits c ON c.doc_id = ?1 AND c.oid = w.oid "
			     " WHERE c.parent IS NOT NULL AND c.parent NOT IN m) "
			     "SELECT DISTINCT w.ref, c.version_id AS v FROM w JOIN commits c ON c.doc_id = ?1 AND c.oid = w.oid "
			     "WHERE c.version_id IS NOT NULL");
	if (rc < 0)
		goto out;
	*out = json_object();
	json_array_foreach(firsts, i, r) {
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(r, "v")));
		json_object_set_new(*out, id, json_pack("{s:b, s:O, s:{}}", "main", 0, "commit", json_object_get(r, "oid"), "refs"));
	}
	json_array_foreach(onmain, i, r) {
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(r, "v")));
		json_t *p = json_object_get(*out, id);
		if (p) {
			json_object_set_new(p, "main", json_true());
			json_object_set_new(json_object_get(p, "refs"), query_short_ref(doc->main_ref), json_true());
		}
	}
	json_array_foreach(onref, i, r) {
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(r, "v")));
		json_t *p = json_object_get(*out, id);
		if (p)
			json_object_set_new(json_object_get(p, "refs"), query_short_ref(jsonget_str(r, "ref")), json_true());
	}
out:
	json_decref(firsts);
	json_decref(onmain);
	json_decref(onref);
	return rc;
}

/*
 * The ballot that brought a main row, or NULL when none is recorded: the
 * earlier of its origins (text: requirement and section keys), read from
 * date_origins by key.
 */
static int origin_ballot(char **out, sqlite3_stmt *get, struct strbuf *key, const char *source, const char *date,
			 const char *kw, const char *description, const char *rid, const char *section)
{
	int64_t best_pos = 0;
	int have = 0;
	*out = NULL;
	for (int k = 0; k < 2; k++) {
		if (strcmp(source, "text")) {
			if (k)
				break;
			link_table_key(key, date, kw, description);
		} else {
			strbuf_reset(key);
			strbuf_addf(key, "%c|%s|%s|%s", k ? 's' : 'r', date, kw ? kw : "",
				    k ? (section ? section : "") : (rid ? rid : ""));
		}
		db_bind_text(get, 2, key->buf);
		int step = sqlite3_step(get);
		if (step == SQLITE_ROW && (!have || sqlite3_column_int64(get, 1) < best_pos)) {
			have = 1;
			best_pos = sqlite3_column_int64(get, 1);
			free(*out);
			*out = query_forum_ballot((const char *)sqlite3_column_text(get, 0));
		}
		sqlite3_reset(get);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return CT_EDB;
	}
	return 0;
}

/* One sighting: where a dated obligation was first seen, and where since. */
struct sighting {
	int64_t v, st, ord;
	char *section;
	const char *commit;     /* borrowed from the places */
	int main;
	char *ballot;
	uint32_t *refs;         /* indexes into the ref names, in order seen */
	size_t nrefs, arefs;
};

struct sightings {
	struct sighting *v;
	size_t nr, alloc;
	struct keymap index;    /* XXH3-128 of the identity -> index in v */
	json_t *names;          /* ref names, in order first met */
	json_t *name_ids;       /* ref name -> index in names */
};

/* The indexes of a place's refs, in the place's order. */
static void place_refs(struct sightings *all, json_t *place, uint32_t **ids, size_t *nr)
{
	const char *name;
	json_t *t;
	*nr = 0;
	*ids = xrealloc(*ids, (json_object_size(json_object_get(place, "refs")) + 1) * sizeof(**ids));
	json_object_foreach(json_object_get(place, "refs"), name, t) {
		json_t *id = json_object_get(all->name_ids, name);
		if (!id) {
			id = json_integer((json_int_t)json_array_size(all->names));
			json_object_set_new(all->name_ids, name, id);
			json_array_append_new(all->names, json_string(name));
		}
		(*ids)[(*nr)++] = (uint32_t)json_integer_value(id);
	}
}

static void sighting_add_refs(struct sighting *e, const uint32_t *ids, size_t nr)
{
	for (size_t k = 0; k < nr; k++) {
		size_t j = 0;
		while (j < e->nrefs && e->refs[j] != ids[k])
			j++;
		if (j < e->nrefs)
			continue;
		if (e->nrefs == e->arefs) {
			e->arefs = e->arefs ? 2 * e->arefs : 4;
			e->refs = xrealloc(e->refs, e->arefs * sizeof(*e->refs));
		}
		e->refs[e->nrefs++] = ids[k];
	}
}

static void sightings_release(struct sightings *all)
{
	for (size_t k = 0; k < all->nr; k++) {
		free(all->v[k].section);
		free(all->v[k].ballot);
		free(all->v[k].refs);
	}
	free(all->v);
	keymap_release(&all->index);
	json_decref(all->names);
	json_decref(all->name_ids);
}

/* Record the sightings in order of first appearance, with the identity keys kept in `dkeys`. */
static int store(struct ct_db *db, const struct query_doc *doc, const struct sightings *all, const struct strbuf *dkeys)
{
	sqlite3_stmt *st = NULL;
	int rc = db_prepare(&st, db, "DELETE FROM date_sightings WHERE doc_id = ?1");
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, doc->id);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return db_error(db, "clearing date sightings");
	if ((rc = db_prepare(&st, db,
			     "INSERT INTO date_sightings(doc_id, dkey, section_text_id, ord, section, first_version_id, "
			     "first_commit, on_main, refs, ballot, ballot_key, ord_seen) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")) < 0)
		return rc;
	const char *k = dkeys->buf;
	for (size_t n = 0; n < all->nr; n++, k += strlen(k) + 1) {
		const struct sighting *e = &all->v[n];
		char bkey[32];
		json_t *names = json_array();
		for (size_t j = 0; j < e->nrefs; j++)
			json_array_append(names, json_array_get(all->names, e->refs[j]));
		char *refs = json_dumps(names, JSON_COMPACT);
		json_decref(names);
		sqlite3_bind_int64(st, 1, doc->id);
		db_bind_text(st, 2, k);
		sqlite3_bind_int64(st, 3, e->st);
		sqlite3_bind_int64(st, 4, e->ord);
		db_bind_text(st, 5, e->section);
		sqlite3_bind_int64(st, 6, e->v);
		db_bind_text(st, 7, e->commit);
		sqlite3_bind_int(st, 8, e->main);
		db_bind_text(st, 9, refs);
		db_bind_text(st, 10, e->ballot);
		int keyed = e->ballot && ballot_name_normalize(bkey, sizeof(bkey), e->ballot) == 0;
		if (e->ballot && !keyed)
			ct_error_drop("a ballot named in a way that has no key is stored by its name alone");
		db_bind_text(st, 11, keyed ? bkey : NULL);
		sqlite3_bind_int64(st, 12, (sqlite3_int64)n);
		free(refs);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step != SQLITE_DONE) {
			rc = db_error(db, "recording a date sighting");
			break;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/*
 * Read every version's obligations a row at a time, oldest version first,
 * keeping one compact record per identity (its key's digest, and the key
 * itself in `dkeys` to store).
 */
static int sightings_read(struct sightings *all, struct strbuf *dkeys, struct ct_db *db, const struct query_doc *doc,
			  json_t *places)
{
	sqlite3_stmt *rows = NULL, *get = NULL;
	struct strbuf key = STRBUF_INIT, dkey = STRBUF_INIT;
	uint32_t *ids = NULL;
	size_t nids = 0;
	int64_t cur = -1;
	json_t *place = NULL;
	int rc = db_prepare(&rows, db,
			    "SELECT v.id AS v, o.section_text_id AS st, o.ord, o.source, o.date, o.keyword, o.description, "
			    "o.rid, o.ballot, s.number AS section "
			    "FROM versions v, json_each(v.sections) j JOIN obligations o ON o.section_text_id = j.value "
			    "JOIN section_texts s ON s.id = j.value WHERE v.doc_id = ?1 ORDER BY v.first_time, v.id, j.key, o.ord");
	if (rc == 0)
		rc = db_prepare(&get, db, "SELECT ballot, pos FROM date_origins WHERE doc_id = ?1 AND okey = ?2");
	if (rc < 0)
		goto out;
	sqlite3_bind_int64(rows, 1, doc->id);
	sqlite3_bind_int64(get, 1, doc->id);
	int step;
	while ((step = sqlite3_step(rows)) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(rows, 0);
		if (v != cur) {
			char id[32];
			snprintf(id, sizeof(id), "%lld", (long long)v);
			place = json_object_get(places, id);
			place_refs(all, place, &ids, &nids);
			cur = v;
		}
		const char *source = col(rows, 3), *date = col(rows, 4), *kw = col(rows, 5), *desc = col(rows, 6);
		link_table_key(&dkey, date, kw, desc);
		if (!strcmp(source, "text"))
			dkey.buf[0] = 'x';
		XXH128_hash_t h = XXH3_128bits(dkey.buf, dkey.len);
		int64_t at;
		if (!keymap_get(&all->index, &h, &at)) {
			if (all->nr == all->alloc) {
				all->alloc = all->alloc ? 2 * all->alloc : 256;
				all->v = xrealloc(all->v, all->alloc * sizeof(*all->v));
			}
			at = (int64_t)all->nr++;
			all->v[at] = (struct sighting){
				.v = v, .st = sqlite3_column_int64(rows, 1), .ord = sqlite3_column_int64(rows, 2),
				.section = col(rows, 9) ? xstrdup(col(rows, 9)) : NULL,
				.commit = json_string_value(json_object_get(place, "commit")),
				.ballot = col(rows, 8) ? xstrdup(col(rows, 8)) : NULL,
			};
			keymap_put(&all->index, &h, at);
			strbuf_add(dkeys, dkey.buf, dkey.len + 1);
		}
		struct sighting *e = &all->v[at];
		if (json_is_true(json_object_get(place, "main")) && !e->main) {
			/* The ballot that brought it to main, where history names one. */
			char *b = NULL;
			if ((rc = origin_ballot(&b, get, &key, source, date, kw, desc, col(rows, 7), col(rows, 9))) < 0) {
				rc = db_error(db, "reading a date origin");
				break;
			}
			e->main = 1;
			if (b) {
				free(e->ballot);
				e->ballot = b;
			}
		}
		sighting_add_refs(e, ids, nids);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(db, "reading the dated obligations");
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(get);
	strbuf_release(&key);
	strbuf_release(&dkey);
	free(ids);
	return rc;
}

int sightings_rebuild(struct ct_db *db, const struct query_doc *doc)
{
	json_t *places = NULL;
	struct sightings all = { .names = json_array(), .name_ids = json_object() };
	struct strbuf dkeys = STRBUF_INIT;
	keymap_init(&all.index, sizeof(XXH128_hash_t));
	int rc = version_places(&places, db, doc);
	if (rc == 0)
		rc = sightings_read(&all, &dkeys, db, doc, places);
	if (rc == 0)
		rc = store(db, doc, &all, &dkeys);
	strbuf_release(&dkeys);
	sightings_release(&all);
	json_decref(places);
	return rc;
}

int sightings_missing(int *out, struct ct_db *db, const struct query_doc *doc)
{
	json_t *rows = NULL;
	int rc = collect(&rows, db, doc,
			 "SELECT 1 FROM obligations WHERE NOT EXISTS (SELECT 1 FROM date_sightings WHERE doc_id = ?1) "
			 "AND EXISTS (SELECT 1 FROM versions WHERE doc_id = ?1) LIMIT 1");
	*out = rc == 0 && json_array_size(rows) > 0;
	json_decref(rows);
	return rc;
}

int sightings_mark(size_t *branch_only, json_t *rows, struct ct_db *db, const struct query_doc *doc)
{
	sqlite3_stmt *st;
	struct strbuf key = STRBUF_INIT;
	json_t *r;
	size_t i, n = 0;
	int rc = 0;
	if (branch_only)
		*branch_only = 0;
	if (db_prepare(&st, db, "SELECT on_main, json_extract(refs, '$[0]') FROM date_sightings WHERE doc_id = ?1 AND dkey = ?2") < 0)
		return CT_EDB;
	sqlite3_bind_int64(st, 1, doc->id);
	json_array_foreach(rows, i, r) {
		const char *source = json_string_value(json_object_get(r, "source"));
		const char *date = json_string_value(json_object_get(r, "date"));
		if (!source || !date || (strcmp(source, "table") && strcmp(source, "text")))
			continue;
		/* The identity sightings_read() gave it. */
		link_table_key(&key, date, json_string_value(json_object_get(r, "keyword")),
			       json_string_value(json_object_get(r, "description")));
		if (!strcmp(source, "text"))
			key.buf[0] = 'x';
		sqlite3_reset(st);
		sqlite3_bind_text(st, 2, key.buf, (int)key.len, SQLITE_TRANSIENT);
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			int main = sqlite3_column_int(st, 0) != 0;
			const char *ref = (const char *)sqlite3_column_text(st, 1);
			json_object_set_new(r, "on_main", json_boolean(main));
			json_object_set_new(r, "seen", main ? json_string("main")
							    : json_sprintf("branch only: %s", ref ? ref : "no ref"));
			n += !main;
		} else if (step != SQLITE_DONE) {
			rc = db_error(db, "reading where a date was seen");
			break;
		}
	}
	sqlite3_finalize(st);
	strbuf_release(&key);
	if (branch_only)
		*branch_only = n;
	return rc;
}
