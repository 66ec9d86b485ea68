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
#include <unistd.h>

#include "db/github_query.h"
#include "db/meetingdb.h"
#include "db/summary.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/meetings.h"
#include "tracker/project.h"

/* The documents stored, marked configured or not, and those only configured. */
static int documents(json_t **out, struct ct_db *db, const char *db_path, int have_file)
{
	json_t *stored = NULL, *configured = NULL;
	if (db && summary_documents(&stored, db) < 0)
		return CT_EDB;
	if (!stored)
		stored = json_array();
	if (have_file && project_documents(&configured, db_path) < 0) {
		json_decref(stored);
		return ct_error_code();
	}
	size_t i, j;
	json_t *d, *c;
	json_array_foreach(stored, i, d) {
		int named = 0;
		json_array_foreach(configured, j, c)
			if (json_equal(json_object_get(c, "name"), json_object_get(d, "name")))
				named = 1;
		json_object_set_new(d, "imported", json_true());
		json_object_set_new(d, "configured", json_boolean(named));
	}
	json_array_foreach(configured, j, c) {
		int found = 0;
		json_array_foreach(stored, i, d)
			if (json_equal(json_object_get(c, "name"), json_object_get(d, "name")))
				found = 1;
		if (!found)
			json_array_append_new(stored, json_pack("{s:O, s:O?, s:O?, s:b, s:b}", "name", json_object_get(c, "name"),
								"repo", json_object_get(c, "url"), "path",
								json_object_get(c, "path"), "imported", 0, "configured", 1));
	}
	json_decref(configured);
	*out = stored;
	return 0;
}

/* The repositories synced or imported, with counts; the configured one even if never synced. */
static int github(json_t **out, struct ct_db *db, const char *db_path, int have_file)
{
	json_t *repos = NULL, *counts = NULL, *r, *c;
	size_t i, j;
	if (db && (github_query_repos(&repos, db) < 0 || summary_github(&counts, db) < 0)) {
		json_decref(repos);
		return CT_EDB;
	}
	if (!repos)
		repos = json_array();
	json_array_foreach(repos, i, r) {
		json_object_del(r, "id");
		json_array_foreach(counts, j, c)
			if (json_equal(json_object_get(c, "repo"), json_object_get(r, "name"))) {
				json_object_set(r, "issues", json_object_get(c, "issues"));
				json_object_set(r, "pulls", json_object_get(c, "pulls"));
				json_object_set(r, "open", json_object_get(c, "open"));
			}
	}
	json_decref(counts);
	char *want = have_file ? project_get(db_path, "cabtrack.github") : NULL;
	if (want) {
		int found = 0;
		json_array_foreach(repos, i, r) {
			const char *name = json_string_value(json_object_get(r, "name"));
			if (name && !strcasecmp(name, want))
				found = 1;
		}
		if (!found)
			json_array_append_new(repos, json_pack("{s:s, s:n}", "name", want, "synced_at"));
		free(want);
	}
	*out = repos;
	return 0;
}

int overview_build(json_t **out, struct ct_db *db, const char *db_path)
{
	char *file = project_path(db_path);
	int have_file = access(file, F_OK) == 0;
	if (have_file && project_check(db_path) < 0) {
		free(file);
		return ct_error_code();
	}
	json_t *model = json_pack("{s:s?, s:s, s:b}", "project_file", have_file ? file : NULL, "database", db_path,
				  "database_exists", db != NULL);
	free(file);
	json_t *docs = NULL, *repos = NULL, *all = NULL, *next = NULL;
	int rc = documents(&docs, db, db_path, have_file);
	if (rc == 0)
		rc = github(&repos, db, db_path, have_file);
	if (rc == 0 && db && meetingdb_list(&all, db) < 0)
		rc = CT_EDB;
	if (rc == 0) {
		struct meetings_cadence cadence;
		int have_cadence = 0;
		if (!all)
			all = json_array();
		if (have_file && meetings_project_cadence(&cadence, &have_cadence, db_path, all, ct_date_today()) < 0)
			rc = ct_error_code();
		else if (meetings_pick(&next, all, "next", ct_date_today(), have_cadence ? &cadence : NULL) < 0)
			ct_error_drop("no next meeting is a state to show, not an error");
		char *c = have_file ? project_get(db_path, "meeting.cadence") : NULL;
		json_object_set_new(model, "cadence", c ? json_string(c) : json_null());
		free(c);
	}
	if (rc < 0) {
		json_decref(docs);
		json_decref(repos);
		json_decref(all);
		json_decref(model);
		return rc;
	}
	json_object_set_new(model, "documents", docs);
	json_object_set_new(model, "github", repos);
	json_object_set_new(model, "next_meeting", next ? next : json_null());
	json_decref(all);
	*out = model;
	return 0;
}
