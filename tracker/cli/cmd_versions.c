/*
 * cmd_versions.c - `cabtrack versions`: the rows of the document's Revisions
 * table at a version, each with the tag and the main-history commit it maps
 * to.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/ballot_name.h"
#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

static const char usage[] =
	"usage: cabtrack versions [--doc NAME] [--at REF|DAY] [--format " CLI_LISTING_FORMATS "]\n\n"
	"Lists the document's versions as its Revisions table gives them at REF: version,\n"
	"ballot, description and every date column of the table, with the tag whose name\n"
	"carries the row's ballot and the first commit on the main history that names the\n"
	"ballot (else that carries the version label in its front matter).\n"
	"Exit status 1 when the version has no Revisions table.\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    a ref, commit or version label (default: the document's main ref), or\n"
	"                   a day (2024-01-10, -3m): the latest version on main adopted by then\n"
	"   --format FMT    " CLI_LISTING_FORMAT_HELP "\n";

/* The key of a ballot spelling, or 0 when it is no ballot name. */
static int ballot_key(char *out, size_t outsz, const char *spelling)
{
	return spelling && ballot_name_normalize(out, outsz, spelling) == 0;
}

/* Ballot key -> short tag name, for every ballot named in a tag under refs/tags/ (first tag by name wins). */
static json_t *tags_by_ballot(json_t *tags)
{
	json_t *map = json_object(), *ref;
	size_t i;
	json_array_foreach(tags, i, ref) {
		const char *name = json_string_value(json_object_get(ref, "name"));
		if (!name || strncmp(name, "refs/tags/", 10))
			continue;
		const char *tag = name + 10;
		size_t start, len, from = 0;
		while (ballot_name_find(&start, &len, tag, from) == 0) {
			char *spelling = xstrndup(tag + start, len);
			char key[64];
			if (ballot_key(key, sizeof(key), spelling) && !json_object_get(map, key))
				json_object_set_new(map, key, json_string(tag));
			free(spelling);
			from = start + len;
		}
	}
	ct_error_drop("a tag that names no ballot is simply not a ballot's tag");
	return map;
}

/* The first main-history commit naming each ballot key, and carrying each version label. */
static void commits_by_ballot(json_t *history, json_t *by_ballot, json_t *by_label)
{
	json_t *c;
	size_t i;
	json_array_foreach(history, i, c) {
		const char *oid = json_string_value(json_object_get(c, "oid"));
		const char *ballot = json_string_value(json_object_get(c, "ballot"));
		const char *label = json_string_value(json_object_get(c, "label"));
		char key[64];
		if (!oid)
			continue;
		if (ballot_key(key, sizeof(key), ballot) && !json_object_get(by_ballot, key))
			json_object_set_new(by_ballot, key, json_string(oid));
		if (label && *label && !json_object_get(by_label, label))
			json_object_set_new(by_label, label, json_string(oid));
	}
	ct_error_drop("a commit whose ballot has no key is found by its label or not at all");
}

static json_t *version_rows(const struct ct_revision_list *revisions, json_t *history, json_t *tags)
{
	json_t *tag_of = tags_by_ballot(tags);
	json_t *by_ballot = json_object(), *by_label = json_object();
	commits_by_ballot(history, by_ballot, by_label);

	json_t *rows = json_array();
	for (size_t i = 0; i < revisions->n; i++) {
		const struct ct_revision *r = &revisions->items[i];
		const char *key = r->ballot_key, *version = r->version;
		json_t *tag = key ? json_object_get(tag_of, key) : NULL;
		json_t *commit = key ? json_object_get(by_ballot, key) : NULL;
		if (!commit && version && *version)
			commit = json_object_get(by_label, version);

		/* the row's JSON less its ballot key, with the tag and commit that carry it */
		json_t *o = json_object(), *j = ct_revision_to_json(r);
		json_object_set(o, "version", json_object_get(j, "version"));
		json_object_set(o, "ballot", json_object_get(j, "ballot"));
		json_object_set(o, "description", json_object_get(j, "description"));
		json_object_set(o, "dates", json_object_get(j, "dates"));
		json_decref(j);
		json_object_set_new(o, "tag", tag ? json_incref(tag) : json_null());
		json_object_set_new(o, "commit", commit ? json_incref(commit) : json_null());
		json_array_append_new(rows, o);
	}
	json_decref(tag_of);
	json_decref(by_ballot);
	json_decref(by_label);
	return rows;
}

/* Text and CSV: one column per distinct date key, in table order of first appearance. */
static int render_flat(json_t *rows, enum render_format fmt)
{
	json_t *keys = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		const char *k;
		json_t *v, *seen;
		size_t j;
		json_object_foreach(json_object_get(row, "dates"), k, v) {
			int found = 0;
			json_array_foreach(keys, j, seen)
				found |= !strcmp(json_string_value(seen), k);
			if (!found)
				json_array_append_new(keys, json_string(k));
		}
	}
	size_t ndates = json_array_size(keys), ncols = 0;
	struct render_column *cols = xcalloc(ndates + 5, sizeof(*cols));
	char **names = xcalloc(2 * ndates + 1, sizeof(char *));
	cols[ncols++] = (struct render_column){ "version", "VERSION" };
	cols[ncols++] = (struct render_column){ "ballot", "BALLOT" };
	for (size_t d = 0; d < ndates; d++) {
		const char *k = json_string_value(json_array_get(keys, d));
		struct strbuf col = STRBUF_INIT, heading = STRBUF_INIT;
		strbuf_addf(&col, "date:%s", k);
		for (const char *p = k; *p; p++)
			strbuf_addch(&heading, toupper((unsigned char)*p));
		names[2 * d] = strbuf_detach(&col, NULL);
		names[2 * d + 1] = strbuf_detach(&heading, NULL);
		cols[ncols++] = (struct render_column){ names[2 * d], names[2 * d + 1] };
		json_array_foreach(rows, i, row) {
			json_t *v = json_object_get(json_object_get(row, "dates"), k);
			json_object_set_new(row, names[2 * d], v ? json_incref(v) : json_null());
		}
	}
	cols[ncols++] = (struct render_column){ "tag", "TAG" };
	if (fmt == RENDER_TEXT) {
		/* a short id reads better in a terminal (not "worktree:<blob>"); CSV keeps the full one */
		json_array_foreach(rows, i, row) {
			const char *c = json_string_value(json_object_get(row, "commit"));
			size_t n = c ? strlen(c) : 0;
			json_object_set_new(row, "commit_short", c ? json_stringn(c, n == 40 ? 12 : n) : json_null());
		}
		cols[ncols++] = (struct render_column){ "commit_short", "COMMIT" };
	} else {
		cols[ncols++] = (struct render_column){ "commit", "COMMIT" };
	}
	cols[ncols++] = (struct render_column){ "description", "DESCRIPTION" };
	int rc = render_table(stdout, rows, cols, ncols, fmt);
	for (size_t n = 0; n < 2 * ndates; n++)
		free(names[n]);
	free(names);
	free(cols);
	json_decref(keys);
	return rc;
}

int cmd_versions(int argc, char **argv)
{
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	int parsed = cli_parse_query_args(&q, argc, argv, usage, 0);
	if (parsed >= 0)
		return parsed;

	struct cli_target t;
	struct ct_revision_list revisions = CT_REVISION_LIST_INIT;
	json_t *history = NULL, *tags = NULL, *rows = NULL;
	int ret = CLI_EXIT_ERROR;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	/* one read transaction: every query sees the same snapshot */
	if (db_exec(t.db, "BEGIN") < 0 ||
	    query_revision_list(&revisions, t.db, t.at.version_id) < 0 ||
	    query_main_history(&history, t.db, &t.doc) < 0 ||
	    query_refs(&tags, t.db, t.doc.id, "refs/tags/") < 0)
		goto fail;
	rows = version_rows(&revisions, history, tags);
	if ((q.fmt == RENDER_JSON ? render_json(stdout, rows) : render_flat(rows, q.fmt)) < 0)
		goto fail;
	ret = json_array_size(rows) ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
	goto out;
fail:
	ret = cli_fail();
out:
	json_decref(rows);
	json_decref(tags);
	json_decref(history);
	ct_revision_list_release(&revisions);
	db_rollback(t.db);
	cli_target_release(&t);
	return ret;
}
