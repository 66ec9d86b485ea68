/*
 * link.c - ballots of dated obligations (see link.h).
 */
#include "tracker/link.h"

#include <string.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/typography.h"

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

/* Where a key first appeared: {pos, commit, version, ballot}. */
static json_t *origin_new(int pos, json_t *commit, int64_t version, const char *ballot)
{
	return json_pack("{s:i, s:O, s:I, s:s?}", "pos", pos, "commit", json_object_get(commit, "oid"), "version",
			 (json_int_t)version, "ballot", ballot);
}

static int insert_origin(struct ct_db *db, sqlite3_stmt *ins, int64_t doc_id, const char *okey, json_t *origin)
{
	char key[32];
	const char *ballot = json_string_value(json_object_get(origin, "ballot"));
	sqlite3_bind_int64(ins, 1, doc_id);
	db_bind_text(ins, 2, okey);
	sqlite3_bind_int(ins, 3, (int)json_integer_value(json_object_get(origin, "pos")));
	db_bind_text(ins, 4, json_string_value(json_object_get(origin, "commit")));
	sqlite3_bind_int64(ins, 5, json_integer_value(json_object_get(origin, "version")));
	db_bind_text(ins, 6, ballot);
	db_bind_text(ins, 7, ballot && ballot_name_normalize(key, sizeof(key), ballot) == 0 ? key : NULL);
	int step = sqlite3_step(ins);
	sqlite3_reset(ins);
	ct_error_clear();
	return step == SQLITE_DONE ? 0 : db_error(db, "recording a date origin");
}

/* "date|keyword": what a table row or a Revisions date keeps when it moves or is re-worded. */
static void signature(struct strbuf *out, const char *date, const char *keyword)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s|%s", date, keyword ? keyword : "");
}

/*
 * The keys of one version: text phrases under their requirement and
 * section keys, table rows under link_table_key(), and each date of the
 * Revisions table under "v|date|version" (those only to follow a date
 * that moves from the Revisions table into the compliance table).  Each
 * maps to {sig, ballot?, table}: ballot only for a Revisions row naming
 * one.
 */
static int version_keys(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version)
{
	json_t *obls = NULL, *revs = NULL, *o;
	struct strbuf key = STRBUF_INIT, sig = STRBUF_INIT;
	size_t j;
	int rc = query_obligations(&obls, db, doc_id, version);
	if (rc == 0)
		rc = query_revisions(&revs, db, version);
	if (rc < 0) {
		json_decref(obls);
		return rc;
	}
	*out = json_object();
	json_array_foreach(obls, j, o) {
		const char *date = json_string_value(json_object_get(o, "date"));
		const char *kw = json_string_value(json_object_get(o, "keyword"));
		signature(&sig, date, kw);
		if (!strcmp(json_string_value(json_object_get(o, "source")), "text")) {
			json_object_set_new(*out, json_string_value(json_object_get(o, "rkey")), json_pack("{s:s}", "sig", sig.buf));
			json_object_set_new(*out, json_string_value(json_object_get(o, "skey")), json_pack("{s:s}", "sig", sig.buf));
			continue;
		}
		link_table_key(&key, date, kw, json_string_value(json_object_get(o, "description")));
		json_object_set_new(*out, key.buf, json_pack("{s:s, s:b}", "sig", sig.buf, "table", 1));
	}
	json_array_foreach(revs, j, o) {
		const char *col, *date;
		json_t *d;
		json_object_foreach(json_object_get(o, "dates"), col, d) {
			if (!(date = json_string_value(d)))
				continue;
			const char *label = json_string_value(json_object_get(o, "version"));
			strbuf_reset(&key);
			strbuf_addf(&key, "v|%s|%s|%s", date, label ? label : "", col);
			signature(&sig, date, NULL);
			json_object_set_new(*out, key.buf, json_pack("{s:s, s:b, s:s?}", "sig", sig.buf, "table", 1, "ballot",
								   json_string_value(json_object_get(o, "ballot"))));
		}
	}
	strbuf_release(&key);
	strbuf_release(&sig);
	json_decref(obls);
	json_decref(revs);
	return 0;
}

int link_date_origins(struct ct_db *db, const struct query_doc *doc)
{
	json_t *history = NULL, *prev_revs = json_array(), *steps = json_array();
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
		json_t *revs = NULL;
		if ((rc = query_revisions(&revs, db, json_integer_value(vid))) < 0)
			goto out;
		const char *subject = json_string_value(json_object_get(c, "ballot"));
		/*
		 * History that starts with a document that already had several
		 * versions (BR's starts at 1.3.0) cannot say which ballot brought
		 * what its first version holds: only a ballot its subject names.
		 */
		int predates = !json_array_size(steps) && json_array_size(revs) > 1 && !subject;
		const char *b = predates ? NULL : link_commit_ballot(subject, revs, prev_revs);
		json_t *s = json_pack("{s:O, s:s?, s:b}", "commit", c, "ballot", b, "predates", predates);
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
	json_t *s, *live = json_object();
	json_array_foreach(steps, i, s) {
		json_t *commit = json_object_get(s, "commit");
		int64_t version = json_integer_value(json_object_get(commit, "version_id"));
		const char *ballot = json_string_value(json_object_get(s, "ballot"));
		json_t *now = NULL, *gone = json_object(), *o;
		const char *key;
		if ((rc = version_keys(&now, db, doc->id, version)) < 0) {
			json_decref(gone);
			break;
		}
		json_object_foreach(live, key, o) {
			json_t *sig = json_object_get(o, "sig");
			if (!json_object_get(now, key) && json_is_true(json_object_get(o, "table")) &&
			    !json_object_get(gone, json_string_value(sig)))
				json_object_set(gone, json_string_value(sig), json_object_get(o, "origin"));
		}
		json_object_foreach(now, key, o) {
			json_t *was = json_object_get(live, key), *origin;
			if (was)
				origin = json_incref(json_object_get(was, "origin"));
			else if (key[0] == 't' && json_object_get(gone, json_string_value(json_object_get(o, "sig"))))
				origin = json_incref(json_object_get(gone, json_string_value(json_object_get(o, "sig"))));
			else if (key[0] == 'v' && json_is_string(json_object_get(o, "ballot")))
				origin = origin_new((int)i, commit, version, json_string_value(json_object_get(o, "ballot")));
			else
				origin = origin_new((int)i, commit, version, ballot);
			json_object_set_new(o, "origin", origin);
			if (!was && key[0] != 'v' && (rc = insert_origin(db, ins, doc->id, key, origin)) < 0)
				break;
		}
		json_decref(gone);
		json_decref(live);
		live = now;
		if (rc < 0)
			break;
	}
	json_decref(live);
out:
	sqlite3_finalize(ins);
	json_decref(history);
	json_decref(prev_revs);
	json_decref(steps);
	return rc;
}
