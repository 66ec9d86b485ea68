/*
 * cmd_export.c - `cabtrack export` and `cabtrack import state FILE`: the
 * hand-recorded facts (ballot states, deadlines, plans, meetings) as a
 * JSON file, and back (db/state.c).  An export is the backup of what no
 * repository or GitHub can give back; the import is one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "db/state.h"
#include "tracker/base/strbuf.h"
#include "tracker/valid.h"

static const char export_usage[] =
	"usage: cabtrack export [--out FILE]\n\n"
	"Writes what was recorded by hand (ballots declared or set, their deadlines, phase-in\n"
	"plans and change logs, and the meetings) as one JSON file, to FILE or standard output.\n"
	"'cabtrack import state FILE' reads it back, into this database or another.\n\n"
	"   --out FILE      write FILE (whole, or not at all) instead of standard output\n";

static const char import_usage[] =
	"usage: cabtrack import state FILE\n\n"
	"Reads a file 'cabtrack export' wrote: ballots (by document and key) and meetings (by\n"
	"date) are replaced by the file's, plans replaced, change-log entries added when\n"
	"missing; importing the same file twice changes nothing more.  The file is checked\n"
	"whole first; one transaction.\n";

#define MAX_STATE_BYTES ((size_t)64 << 20)

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, export_usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'o')
			out = optarg;
	}
	if (optind < argc)
		return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
	struct ct_db *db = NULL;
	json_t *state = NULL;
	if (cli_open(&db, 0) < 0 || state_export(&state, db) < 0) {
		db_free(db);
		return cli_fail();
	}
	db_free(db);
	char *text = json_dumps(state, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(state);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, text ? text : "");
	strbuf_addch(&sb, '\n');
	free(text);
	int rc = cli_write_file(out, sb.buf, sb.len);
	strbuf_release(&sb);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}

int cmd_import_state(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, import_usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
	}
	if (argc - optind != 1)
		return cli_usage_error("import state", "name one file that 'cabtrack export' wrote");
	const char *file = argv[optind];
	struct strbuf text = STRBUF_INIT;
	if (cli_read_file(&text, file, MAX_STATE_BYTES) < 0) {
		strbuf_release(&text);
		return cli_fail();
	}
	json_error_t e;
	json_t *state = json_loadb(text.buf, text.len, 0, &e);
	strbuf_release(&text);
	if (!state) {
		ct_error_set(CT_EINVALID, "'%s' is not valid JSON: %s (line %d)", file, e.text, e.line);
		return cli_fail();
	}
	struct ct_db *db = NULL;
	size_t nb = 0, nm = 0;
	int rc;
	if ((rc = cli_open(&db, 1)) == 0 && (rc = db_begin(db)) == 0) {
		/* Checked whole, with the commands' checks, before state_import writes. */
		rc = valid_state_file(db, state);
		if (rc == 0)
			rc = state_import(&nb, &nm, db, state);
		if (rc == 0)
			rc = db_commit(db);
	}
	json_decref(state);
	if (rc < 0) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "'%s': %s", file, ct_error_last() ? ct_error_last() : "cannot import");
		if (db) {
			db_rollback(db);
			db_free_discard(db);
		}
		ct_error_set(CT_EINVALID, "%s", msg.buf);
		strbuf_release(&msg);
		return cli_fail();
	}
	db_free(db);
	printf("restored %zu ballot%s and %zu meeting%s from %s\n", nb, nb == 1 ? "" : "s", nm, nm == 1 ? "" : "s", file);
	return CLI_EXIT_OK;
}
