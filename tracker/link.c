/*
 * link.c - ballots of dated obligations (see link.h).
 */
#include "tracker/link.h"

#include <string.h>

#include "importers/keymap.h"
#include "importers/mdsplit.h"
#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

static int same_row(json_t *a, json_t *b)
{
	const char *va = json_string_value(json_object_get(a, "version"));
	const char *vb = json_string_value(json_object_get(b, "version"));
	const char *ka = json_string_value(json_object_get(a, "ballot_key"));
	const char *kb = json_string_value(json_object_get(b, "ballot_key"));
	return (va ? vb && !strcmp(va, vb) : !vb) && (ka ? kb && !strcmp(ka, kb) : !kb);
}

const char *link_commit_ballot(const char *subject_ballot, json_t *revs, json_t *prev)
{
	if (subject_ballot)
		return subject_ballot;
	const char *found = NULL;
	size_t i, j;
	json_t *r, *p;
	json_array_foreach(revs, i, r) {
		int seen = 0;
		json_array_foreach(prev, j, p)
			if (same_row(r, p)) {
				seen = 1;
				break;
			}
		const char *b = json_string_value(json_object_get(r, "ballot"));
		if (!seen && b)
			found = b; /* the last new row wins: tables are in date order */
	}
	return found;
}

static int insert_origin(struct ct_db *db, sqlite3_stmt *ins, int64_t doc_id, const char *okey, int pos,
			 json_t *commit, int64_t version, const char *ballot)
{
	char key[32];
	sqlite3_bind_int64(ins, 1, doc_id);
	db_bind_text(ins, 2, okey);
	sqlite3_bind_int(ins, 3, pos);
	db_bind_text(ins, 4, json_string_value(json_object_get(commit, "oid")));
	sqlite3_bind_int64(ins, 5, version);
	db_bind_text(ins, 6, ballot);
	db_bind_text(ins, 7, ballot && ballot_name_normalize(key, sizeof(key), ballot) == 0 ? key : NULL);
	int step = sqlite3_step(ins);
	sqlite3_reset(ins);
	return step == SQLITE_DONE ? 0 : db_error(db, "recording a date origin");
}

int link_date_origins(struct ct_db *db, const struct query_doc *doc)
{
	json_t *history = NULL, *prev_revs = json_array(), *steps = json_array();
	sqlite3_stmt *ins = NULL, *keys = NULL;
	struct keymap last;
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
		json_t *revs = NULL;
		if ((rc = query_revisions(&revs, db, json_integer_value(vid))) < 0)
			goto out;
		const char *b = link_commit_ballot(json_string_value(json_object_get(c, "ballot")), revs, prev_revs);
		json_t *s = json_pack("{s:O, s:s?}", "commit", c, "ballot", b);
		json_array_append_new(steps, s);
		json_decref(prev_revs);
		prev_revs = revs;
		prev_version = json_integer_value(vid);
	}
	const char *carry = NULL;
	for (size_t k = json_array_size(steps); k > 0; k--) {
		json_t *s = json_array_get(steps, k - 1);
		const char *b = json_string_value(json_object_get(s, "ballot"));
		if (b)
			carry = b;
		else if (carry)
			json_object_set_new(s, "ballot", json_string(carry));
	}

	/*
	 * Pass 2: the step where each key appeared, starting its latest run of
	 * presence: a phrase reverted and brought back later belongs to the
	 * ballot that brought it back.  `last` maps each key's XXH3-128 (as
	 * section texts are identified) to the last step it was seen in; the
	 * keys are read row by row, never held all at once.
	 */
	if ((rc = db_prepare(&ins, db, "INSERT OR REPLACE INTO date_origins(doc_id, okey, pos, commit_oid, version_id, ballot, ballot_key) "
				       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) < 0)
		goto out;
	if ((rc = db_prepare(&keys, db,
			     "SELECT 'r|' || o.date || '|' || coalesce(o.keyword, '') || '|' || coalesce(o.rid, ''), "
			     " 's|' || o.date || '|' || coalesce(o.keyword, '') || '|' || coalesce(s.number, '') "
			     "FROM versions v, json_each(v.sections) j JOIN section_texts s ON s.id = j.value "
			     "JOIN obligations o ON o.section_text_id = s.id WHERE v.id = ?1 AND o.source = 'text'")) < 0)
		goto out;
	keymap_init(&last, 16);
	json_t *s;
	json_array_foreach(steps, i, s) {
		json_t *commit = json_object_get(s, "commit");
		int64_t version = json_integer_value(json_object_get(commit, "version_id"));
		const char *ballot = json_string_value(json_object_get(s, "ballot"));
		sqlite3_reset(keys);
		sqlite3_bind_int64(keys, 1, version);
		while (rc == 0 && (step = sqlite3_step(keys)) == SQLITE_ROW) {
			for (int k = 0; k < 2 && rc == 0; k++) {
				const char *key = (const char *)sqlite3_column_text(keys, k);
				unsigned char h[16];
				int64_t seen;
				md_hash(h, key, (size_t)sqlite3_column_bytes(keys, k));
				int found = keymap_get(&last, h, &seen);
				if (found && seen == (int64_t)i)
					continue; /* written for this step already */
				keymap_put(&last, h, (int64_t)i);
				if (!found || seen != (int64_t)i - 1)
					rc = insert_origin(db, ins, doc->id, key, (int)i, commit, version, ballot);
			}
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = db_error(db, "reading dated obligations");
		if (rc < 0)
			break;
	}
	keymap_free(&last);
out:
	sqlite3_finalize(keys);
	sqlite3_finalize(ins);
	json_decref(history);
	json_decref(prev_revs);
	json_decref(steps);
	return rc;
}
