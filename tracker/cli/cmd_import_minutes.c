/*
 * cmd_import_minutes.c - `cabtrack import minutes FILE.md...`: the
 * meetings that minutes posts (as published on cabforum.org) describe,
 * and the next call each announces, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "db/meetingdb.h"
#include "tracker/meetings.h"
#include "tracker/mentions.h"
#include "importers/mdsplit.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "importers/textnorm.h"

static const char usage[] =
	"usage: cabtrack import minutes FILE.md... [-q]\n\n"
	"Records the meeting each minutes post describes (front matter title, date and tags)\n"
	"and the next call it announces (\"Next call: Wednesday, December 6, 2023 at 11:00 am\n"
	"Eastern Time\"), the GitHub compare and branch links it cites (drafts the next\n"
	"meeting's page lists) and the IP review ends it states (\"in IP review, ending at\n"
	"1700 UTC on December 8\").  A meeting recorded by hand keeps what was recorded; the\n"
	"announcement fills in only what is missing.\n\n"
	"   -q, --quiet     no summary\n";

#define MAX_MINUTES_BYTES ((size_t)16 << 20)

static int import_one(struct ct_db *db, const char *file, int *meetings)
{
	struct strbuf text = STRBUF_INIT, start = STRBUF_INIT;
	struct meetings_minutes m = MEETINGS_MINUTES_INIT;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	int rc = cli_read_file(&text, file, MAX_MINUTES_BYTES);
	if (rc == 0 && textnorm_needed(text.buf, text.len)) { /* a byte order mark, CR line ends */
		struct strbuf lf = STRBUF_INIT;
		textnorm_lf(&lf, text.buf, text.len);
		strbuf_release(&text);
		text = lf;
	}
	if (rc == 0)
		rc = md_check_utf8(file, text.buf, text.len, 1);
	if (rc == 0)
		rc = meetings_parse_minutes(&m, file, text.buf, text.len);
	char *tags = NULL;
	int created = 0;
	if (rc == 0) {
		tags = json_dumps(m.tags, JSON_COMPACT);
		struct meetingdb_meeting mt = { m.date, NULL, NULL, NULL, m.title, "minutes", base, tags };
		rc = meetingdb_put(&created, db, &mt);
		*meetings += 1;
	}
	/* The drafts it links to and the IP review ends it states, for the next meeting's page. */
	if (rc == 0)
		rc = mentions_record(db, m.date, text.buf, text.len);
	if (rc == 0 && *m.next_note)
		fprintf(stderr, "cabtrack: warning: %s: the next call (%s) is recorded without a time: %s\n", file, m.next_date,
			m.next_note);
	if (rc == 0 && *m.next_date) {
		int64_t t;
		const char *tz = *m.next_tz ? m.next_tz : NULL;
		int timed = 0;
		if (*m.next_time) {
			struct strbuf when = STRBUF_INIT;
			strbuf_addf(&when, "%s %s", m.next_date, m.next_time);
			if (when_parse(&t, when.buf, tz) == 0) {
				when_format_iso(&start, t);
				timed = 1;
			} else {
				ct_error_drop("a next-call time that names no instant: the call is recorded by its day alone");
			}
			strbuf_release(&when);
		}
		struct meetingdb_meeting next = {
			m.next_date, timed ? m.next_time : NULL, tz, timed ? start.buf : NULL, NULL, "announced", base, NULL,
		};
		rc = meetingdb_put(&created, db, &next);
		*meetings += 1;
	}
	free(tags);
	meetings_minutes_release(&m);
	strbuf_release(&text);
	strbuf_release(&start);
	return rc;
}

int cmd_import_minutes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int quiet = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "q", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'q')
			quiet = 1;
	}
	if (optind >= argc)
		return cli_usage_error("import minutes", "name one or more minutes posts (FILE.md)");
	struct ct_db *db = NULL;
	int rc, meetings = 0;
	if ((rc = cli_open(&db, 1)) < 0 || (rc = db_begin(db)) < 0) {
		db_free(db);
		return cli_fail();
	}
	for (int i = optind; i < argc && rc == 0; i++)
		rc = import_one(db, argv[i], &meetings);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0) {
		rc = cli_fail();
		db_rollback(db);
		db_free_discard(db);  /* removes the file only if this command created it */
		return rc;
	}
	db_free(db);
	if (!quiet)
		printf("imported %d minutes post%s: %d meetings recorded or updated\n", argc - optind,
		       argc - optind == 1 ? "" : "s", meetings);
	return CLI_EXIT_OK;
}
