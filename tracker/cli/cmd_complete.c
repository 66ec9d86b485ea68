/*
 * cmd_complete.c - `cabtrack __complete docs|refs|ballots|meetings
 * [--doc NAME]`: the hidden command that the bash completion
 * (tracker/cabtrack-completion.bash) asks for the values it cannot know
 * itself, one candidate per line: the names of the documents the
 * database holds, refs by their short names (main, Ballot_SMC05,
 * srdavidson/CAA, pull/228/head), ballot IDs and the dates of recorded
 * meetings.  Without --doc, refs and ballots are those of every document.
 *
 * It runs while a user presses TAB, so it never fails loudly: no
 * database, no document, an unreadable file or an unknown kind prints
 * nothing (or what it found so far) and exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/ballots.h"
#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "db/meetingdb.h"

static const char usage[] =
	"usage: cabtrack __complete docs|refs|ballots|meetings [--doc NAME]\n\n"
	"Prints candidates for the shell's completion, one a line (used by\n"
	"cabtrack-completion.bash).  Prints nothing when there is no database.\n";

/* Print `s` once: `seen` remembers what was printed. */
static void emit(json_t *seen, const char *s)
{
	if (!s || !*s || json_object_get(seen, s))
		return;
	json_object_set_new(seen, s, json_true());
	puts(s);
}

/* The names of the documents the database holds (an empty array when it cannot be read). */
static json_t *document_names(struct ct_db *db)
{
	json_t *rows = NULL, *names = json_array(), *row;
	sqlite3_stmt *st;
	size_t i;
	if (db_prepare(&st, db, "SELECT name FROM documents ORDER BY name") == 0 &&
	    query_collect(&rows, db, st, NULL) == 0)
		json_array_foreach(rows, i, row)
			json_array_append(names, json_object_get(row, "name"));
	json_decref(rows);
	return names;
}

static void complete_docs(struct ct_db *db, json_t *seen)
{
	json_t *names = document_names(db), *v;
	size_t i;
	json_array_foreach(names, i, v)
		emit(seen, json_string_value(v));
	json_decref(names);
}

/* The refs of `doc` as a user types them: refs/heads/, refs/tags/, refs/remotes/ and refs/ dropped. */
static void complete_refs(struct ct_db *db, const struct query_doc *doc, json_t *seen)
{
	static const char *const prefixes[] = { "refs/heads/", "refs/tags/", "refs/remotes/", "refs/" };
	json_t *refs = NULL, *ref;
	size_t i;
	if (query_refs(&refs, db, doc->id, NULL) < 0)
		return;
	json_array_foreach(refs, i, ref) {
		const char *name = json_string_value(json_object_get(ref, "name"));
		for (size_t k = 0; name && k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
			if (!strncmp(name, prefixes[k], strlen(prefixes[k]))) {
				name += strlen(prefixes[k]);
				break;
			}
		emit(seen, name);
	}
	json_decref(refs);
}

static void complete_ballots(struct ct_db *db, const struct query_doc *doc, json_t *seen)
{
	struct ballots_set set;
	if (ballots_load(&set, db, doc, 0) < 0)
		return;
	const struct ballots_ballot **sorted = ballots_sorted(&set);
	for (size_t i = 0; i < set.n; i++)
		emit(seen, sorted[i]->id);
	free(sorted);
	ballots_set_release(&set);
}

/* refs or ballots of the document `name`, or of every document when it is NULL. */
static void complete_per_document(struct ct_db *db, const char *name, int ballots, json_t *seen)
{
	json_t *names = name ? json_pack("[s]", name) : document_names(db), *n;
	size_t i;
	json_array_foreach(names, i, n) {
		struct query_doc doc;
		if (query_document(&doc, db, json_string_value(n)) < 0)
			continue;
		if (ballots)
			complete_ballots(db, &doc, seen);
		else
			complete_refs(db, &doc, seen);
		query_doc_release(&doc);
	}
	json_decref(names);
}

static void complete_meetings(struct ct_db *db, json_t *seen)
{
	struct ct_meeting_list list = CT_MEETING_LIST_INIT;
	if (meetingdb_query(&list, db) < 0)
		return;
	for (size_t i = 0; i < list.n; i++)
		emit(seen, list.items[i].date);
	ct_meeting_list_release(&list);
}

int cmd_complete(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *doc = NULL;
	int c;
	/* getopt_long itself, silent: an unknown option is no reason to print anything here */
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return CLI_EXIT_OK;
		}
		if (c == 'd')
			doc = optarg;
	}
	if (optind >= argc)
		return CLI_EXIT_OK;
	const char *kind = argv[optind];
	struct ct_db *db;
	if (cli_open(&db, 0) < 0) {
		ct_error_drop("completion offers nothing without a database; it never prints an error into the shell");
		return CLI_EXIT_OK;
	}
	json_t *seen = json_object();
	if (!strcmp(kind, "docs"))
		complete_docs(db, seen);
	else if (!strcmp(kind, "refs") || !strcmp(kind, "ballots"))
		complete_per_document(db, doc, !strcmp(kind, "ballots"), seen);
	else if (!strcmp(kind, "meetings"))
		complete_meetings(db, seen);
	json_decref(seen);
	db_free(db);
	ct_error_drop("completion offers what it could read; it never prints an error into the shell");
	return CLI_EXIT_OK;
}
