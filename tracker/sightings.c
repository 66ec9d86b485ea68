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

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/link.h"
#include "tracker/base/strbuf.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

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
			json_object_set_new(json_object_get(p, "refs"), query_short_ref(str(r, "ref")), json_true());
	}
out:
	json_decref(firsts);
	json_decref(onmain);
	json_decref(onref);
	return rc;
}

/* The ballot that brought a main row: the earlier of its origins (text: requirement and section keys). */
static json_t *origin_of(json_t *origins, json_t *o, struct strbuf *key)
{
	const char *date = str(o, "date"), *kw = str(o, "keyword");
	if (strcmp(str(o, "source"), "text")) {
		link_table_key(key, date, kw, str(o, "description"));
		return json_object_get(origins, key->buf);
	}
	json_t *best = NULL;
	for (int k = 0; k < 2; k++) {
		strbuf_reset(key);
		strbuf_addf(key, "%c|%s|%s|%s", k ? 's' : 'r', date, kw ? kw : "", k ? (str(o, "section") ? str(o, "section") : "")
										   : (str(o, "rid") ? str(o, "rid") : ""));
		json_t *x = json_object_get(origins, key->buf);
		if (x && (!best || json_integer_value(json_object_get(x, "pos")) < json_integer_value(json_object_get(best, "pos"))))
			best = x;
	}
	return best;
}

static int store(struct ct_db *db, const struct query_doc *doc, json_t *seen)
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
	const char *k;
	json_t *e;
	json_object_foreach(seen, k, e) {
		char bkey[32];
		const char *ballot = str(e, "ballot");
		json_t *names = json_array();
		const char *name;
		json_t *t;
		json_object_foreach(json_object_get(e, "refs"), name, t)
			json_array_append_new(names, json_string(name));
		char *refs = json_dumps(names, JSON_COMPACT);
		json_decref(names);
		sqlite3_bind_int64(st, 1, doc->id);
		db_bind_text(st, 2, k);
		sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(e, "st")));
		sqlite3_bind_int64(st, 4, json_integer_value(json_object_get(e, "ord")));
		db_bind_text(st, 5, str(e, "section"));
		sqlite3_bind_int64(st, 6, json_integer_value(json_object_get(e, "v")));
		db_bind_text(st, 7, str(e, "commit"));
		sqlite3_bind_int(st, 8, json_is_true(json_object_get(e, "main")));
		db_bind_text(st, 9, refs);
		db_bind_text(st, 10, ballot);
		db_bind_text(st, 11, ballot && ballot_name_normalize(bkey, sizeof(bkey), ballot) == 0 ? bkey : NULL);
		sqlite3_bind_int64(st, 12, json_integer_value(json_object_get(e, "n")));
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

int sightings_rebuild(struct ct_db *db, const struct query_doc *doc)
{
	json_t *places = NULL, *origins = NULL, *rows = NULL, *seen = json_object(), *o;
	struct strbuf key = STRBUF_INIT, dkey = STRBUF_INIT;
	size_t i;
	int rc = version_places(&places, db, doc);
	if (rc == 0)
		rc = query_origins(&origins, db, doc->id, "");
	if (rc == 0)
		rc = collect(&rows, db, doc,
			     "SELECT v.id AS v, o.section_text_id AS st, o.ord, o.source, o.date, o.keyword, o.description, "
			     "o.rid, o.ballot, s.number AS section "
			     "FROM versions v, json_each(v.sections) j JOIN obligations o ON o.section_text_id = j.value "
			     "JOIN section_texts s ON s.id = j.value WHERE v.doc_id = ?1 ORDER BY v.first_time, v.id, j.key, o.ord");
	if (rc < 0)
		goto out;
	json_array_foreach(rows, i, o) {
		char id[32];
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(o, "v")));
		json_t *place = json_object_get(places, id);
		int main = json_is_true(json_object_get(place, "main"));
		link_table_key(&dkey, str(o, "date"), str(o, "keyword"), str(o, "description"));
		if (!strcmp(str(o, "source"), "text"))
			dkey.buf[0] = 'x';
		json_t *e = json_object_get(seen, dkey.buf);
		if (!e) {
			e = json_pack("{s:O, s:O, s:O, s:O, s:O?, s:I, s:b, s:o, s:O?}", "v", json_object_get(o, "v"), "st",
				      json_object_get(o, "st"), "ord", json_object_get(o, "ord"), "section",
				      json_object_get(o, "section"), "commit", json_object_get(place, "commit"), "n",
				      (json_int_t)json_object_size(seen), "main", 0, "refs", json_object(), "ballot",
				      json_object_get(o, "ballot"));
			json_object_set_new(seen, dkey.buf, e);
		}
		if (main && !json_is_true(json_object_get(e, "main"))) {
			/* The ballot that brought it to main, where history names one. */
			json_t *origin = origin_of(origins, o, &key);
			json_object_set_new(e, "main", json_true());
			if (origin && str(origin, "ballot"))
				json_object_set(e, "ballot", json_object_get(origin, "ballot"));
		}
		json_object_update_missing(json_object_get(e, "refs"), json_object_get(place, "refs"));
	}
	rc = store(db, doc, seen);
out:
	strbuf_release(&key);
	strbuf_release(&dkey);
	json_decref(places);
	json_decref(origins);
	json_decref(rows);
	json_decref(seen);
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
