/*
 * overview.c - where a project stands (see overview.h): the project file,
 * the database, each document's head, the GitHub repositories and their
 * last sync, the next meeting.
 *
 * Invariant: reads only; a missing database or project file is a state to
 * report, not an error.
 */
#include "tracker/overview.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "db/meetingdb.h"
#include "db/record.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/strbuf.h"
#include "tracker/meetings.h"
#include "tracker/project.h"

/* The documents stored, marked configured or not, and those only configured. */
static int documents(struct overview *o, struct ct_db *db, const char *db_path, int have_file)
{
	struct summary_document_list stored = SUMMARY_DOCUMENT_LIST_INIT;
	json_t *configured = NULL, *c;
	size_t j;
	if (db && summary_documents(&stored, db) < 0)
		return CT_EDB;
	if (have_file && project_documents(&configured, db_path) < 0) {
		summary_document_list_release(&stored);
		return ct_error_code();
	}
	o->documents = xcalloc(stored.n + json_array_size(configured) + 1, sizeof(*o->documents));
	for (size_t i = 0; i < stored.n; i++) {
		struct overview_document *d = &o->documents[o->ndocuments++];
		d->doc = stored.items[i];
		d->imported = 1;
		json_array_foreach(configured, j, c)
			if (!strcmp(jsonget_text(c, "name"), d->doc.name))
				d->configured = 1;
	}
	free(stored.items); /* the records moved into o->documents */
	json_array_foreach(configured, j, c) {
		int found = 0;
		for (size_t i = 0; i < stored.n; i++)
			found |= !strcmp(jsonget_text(c, "name"), o->documents[i].doc.name);
		if (found)
			continue;
		struct overview_document *d = &o->documents[o->ndocuments++];
		const char *url = jsonget_str(c, "url"), *path = jsonget_str(c, "path");
		d->doc.name = xstrdup(jsonget_text(c, "name"));
		d->doc.repo = url ? xstrdup(url) : NULL;
		d->doc.path = path ? xstrdup(path) : NULL;
		d->configured = 1;
	}
	json_decref(configured);
	return 0;
}

/* The repositories synced or imported, with counts; the configured one even if never synced. */
static int github(struct overview *o, struct ct_db *db, const char *db_path, int have_file)
{
	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	struct summary_repo_list counts = SUMMARY_REPO_LIST_INIT;
	if (db && (github_query_repo_list(&repos, db) < 0 || summary_github(&counts, db) < 0)) {
		ct_gh_repo_list_release(&repos);
		return CT_EDB;
	}
	o->repos = xcalloc(repos.n + 2, sizeof(*o->repos));
	for (size_t i = 0; i < repos.n; i++) {
		struct overview_repo *r = &o->repos[o->nrepos++];
		r->repo = repos.items[i];
		r->stored = 1;
		for (size_t j = 0; j < counts.n; j++)
			if (!strcmp(counts.items[j].repo, r->repo.name)) {
				r->counted = counts.items[j].counted;
				r->issues = counts.items[j].issues;
				r->pulls = counts.items[j].pulls;
				r->open = counts.items[j].open;
			}
	}
	free(repos.items); /* the records moved into o->repos */
	summary_repo_list_release(&counts);
	char *want = have_file ? project_get(db_path, "cabtrack.github") : NULL;
	if (want) {
		int found = 0;
		for (size_t i = 0; i < o->nrepos; i++)
			found |= !strcasecmp(o->repos[i].repo.name, want);
		if (!found)
			o->repos[o->nrepos++].repo.name = want;
		else
			free(want);
	}
	return 0;
}

int overview_build(struct overview *out, struct ct_db *db, const char *db_path)
{
	memset(out, 0, sizeof(*out));
	char *file = project_path(db_path);
	int have_file = access(file, F_OK) == 0;
	if (have_file && project_check(db_path) < 0) {
		free(file);
		return ct_error_code();
	}
	out->project_file = have_file ? file : NULL;
	if (!have_file)
		free(file);
	out->database = xstrdup(db_path);
	out->database_exists = db != NULL;
	struct ct_meeting_list all = CT_MEETING_LIST_INIT;
	int rc = documents(out, db, db_path, have_file);
	if (rc == 0)
		rc = github(out, db, db_path, have_file);
	if (rc == 0 && db && meetingdb_query(&all, db) < 0)
		rc = CT_EDB;
	if (rc == 0) {
		struct meetings_cadence cadence;
		int have_cadence = 0;
		if (have_file && meetings_project_cadence(&cadence, &have_cadence, db_path, &all, ct_date_today()) < 0)
			rc = ct_error_code();
		else if (meetings_pick(&out->next_meeting, &all, "next", ct_date_today(), have_cadence ? &cadence : NULL) < 0)
			ct_error_drop("no next meeting is a state to show, not an error");
		else
			out->has_next_meeting = 1;
		out->cadence = have_file ? project_get(db_path, "meeting.cadence") : NULL;
	}
	ct_meeting_list_release(&all);
	if (rc < 0)
		overview_release(out);
	return rc;
}

static json_t *document_json(const struct overview_document *d)
{
	const struct summary_document *s = &d->doc;
	if (!d->imported)
		return json_pack("{s:o, s:o, s:o, s:b, s:b}", "name", record_json_text(s->name), "repo", record_json_text(s->repo),
				 "path", record_json_text(s->path), "imported", 0, "configured", 1);
	return json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:b, s:b}", "name", record_json_text(s->name),
			 "repo", record_json_text(s->repo), "path", record_json_text(s->path), "main_ref", record_json_text(s->main_ref),
			 "versions", (json_int_t)s->versions, "commits", (json_int_t)s->commits, "head",
			 record_json_text(s->head), "head_version", record_json_text(s->head_version), "head_time",
			 record_json_int(s->head_time, s->has_head_time), "newest_time",
			 record_json_int(s->newest_time, s->has_newest_time), "imported", 1, "configured", d->configured);
}

static json_t *repo_json(const struct overview_repo *r)
{
	if (!r->stored)
		return json_pack("{s:s, s:n}", "name", r->repo.name, "synced_at");
	json_t *o = ct_gh_repo_to_json(&r->repo);
	json_object_del(o, "id");
	json_object_set_new(o, "issues", record_json_int(r->issues, r->counted));
	json_object_set_new(o, "pulls", record_json_int(r->pulls, r->counted));
	json_object_set_new(o, "open", record_json_int(r->open, r->counted));
	return o;
}

json_t *overview_to_json(const struct overview *o)
{
	json_t *docs = json_array(), *repos = json_array();
	for (size_t i = 0; i < o->ndocuments; i++)
		json_array_append_new(docs, document_json(&o->documents[i]));
	for (size_t i = 0; i < o->nrepos; i++)
		json_array_append_new(repos, repo_json(&o->repos[i]));
	return json_pack("{s:o, s:s, s:b, s:o, s:o, s:o, s:o}", "project_file", record_json_text(o->project_file), "database",
			 o->database, "database_exists", o->database_exists, "cadence", record_json_text(o->cadence),
			 "documents", docs, "github", repos, "next_meeting",
			 o->has_next_meeting ? meetings_pick_to_json(&o->next_meeting) : json_null());
}

void overview_release(struct overview *o)
{
	if (!o)
		return;
	free(o->project_file);
	free(o->database);
	free(o->cadence);
	for (size_t i = 0; i < o->ndocuments; i++)
		summary_document_release(&o->documents[i].doc);
	free(o->documents);
	for (size_t i = 0; i < o->nrepos; i++)
		ct_gh_repo_release(&o->repos[i].repo);
	free(o->repos);
	ct_meeting_release(&o->next_meeting);
	memset(o, 0, sizeof(*o));
}
