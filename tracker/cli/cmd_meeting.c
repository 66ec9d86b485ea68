/*
 * cmd_meeting.c - `cabtrack meeting add|list`: the working group's calls.
 *
 * `meeting add` is the only writer of a recorded meeting (import minutes
 * records the meetings a minutes post describes); one transaction, and
 * every value is checked before anything is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "db/meetingdb.h"
#include "tracker/meetings.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/valid.h"

static const char usage[] =
	"usage: cabtrack meeting add DATE [--time TIME] [--tz ZONE] [--title T]\n"
	"   or: cabtrack meeting list [--tz ZONE] [--format " CLI_LISTING_FORMATS "]\n\n"
	"Records a call of the working group, or lists them.  A status page ('cabtrack render\n"
	"status --meeting DATE') covers what happened since the previous recorded meeting.\n"
	"'cabtrack import minutes FILE.md' records the meeting a minutes post describes and\n"
	"the next call it announces.  With a cadence in the project file (meeting.cadence,\n"
	"e.g. \"every other Wednesday\", with meeting.time and meeting.tz), list also shows\n"
	"the next calls it schedules.\n\n"
	"   --time TIME     the start, in the meeting's zone (11:00, 11am, 11:00 a.m.)\n"
	"   --tz ZONE       the meeting's zone (America/New_York); for list, the zone to show\n"
	"                   times in beside UTC (default: $CABTRACK_TZ, else the project's\n"
	"                   meeting.tz, else each meeting's own)\n"
	"   --title T       a title (\"S/MIME Certificate Working Group\")\n"
	"   --format FMT    list's: " CLI_LISTING_FORMAT_HELP "\n";

static int do_add(const char *date_arg, const char *time_arg, const char *tz, const char *title)
{
	struct ct_date d;
	if (cli_day(&d, "DATE", date_arg) < 0)
		return cli_usage_error("meeting", "%s", ct_error_last());
	char date[11], clock[16];
	ct_date_format(date, &d);
	int minutes;
	/* Any spelling of the time (11am, 11:00 a.m.); stored as HH:MM. */
	if (time_arg && when_parse_clock(&minutes, time_arg) < 0)
		return cli_usage_error("meeting", "--time: %s", ct_error_last());
	if (tz && cli_zone(&tz, "--tz", tz) < 0)
		return cli_usage_error("meeting", "%s", ct_error_last());
	struct strbuf start = STRBUF_INIT, when = STRBUF_INIT;
	int64_t t;
	if (time_arg) {
		when_clock_format(clock, minutes);
		time_arg = clock;
		strbuf_addf(&when, "%s %s", date, time_arg);
		if (when_parse(&t, when.buf, tz) < 0) {
			strbuf_release(&when);
			return cli_fail();
		}
		when_format_iso(&start, t);
	}
	struct ct_db *db = NULL;
	int created = 0, rc;
	struct meetingdb_meeting m = {
		date, time_arg, tz, time_arg ? start.buf : NULL, title, "recorded", NULL, NULL,
	};
	if ((rc = cli_open(&db, 1)) == 0 && (rc = db_begin(db)) == 0) {
		rc = meetingdb_put(&created, db, &m);
		if (rc == 0)
			rc = db_commit(db);
		else
			db_rollback(db);
	}
	db_free(db);
	strbuf_release(&start);
	strbuf_release(&when);
	if (rc < 0)
		return cli_fail();
	printf("meeting %s %s\n", date, created ? "recorded" : "updated");
	return CLI_EXIT_OK;
}

/* How many calls the cadence adds to the list. */
#define UPCOMING 4

static int do_list(const char *tz, enum render_format fmt)
{
	static const struct render_column cols[] = {
		{ "date", "DATE" }, { "utc", "UTC" }, { "local", "LOCAL" }, { "title", "TITLE" }, { "source", "FROM" },
	};
	struct ct_db *db = NULL;
	struct ct_meeting_list recorded = CT_MEETING_LIST_INIT, next = CT_MEETING_LIST_INIT;
	if (cli_open(&db, 0) < 0 || meetingdb_query(&recorded, db) < 0) {
		db_free(db);
		return cli_fail();
	}
	/* The project's cadence adds the next calls not recorded yet. */
	struct meetings_cadence cadence;
	int have = 0;
	if (meetings_project_cadence(&cadence, &have, cli_db_path, &recorded, ct_date_today()) < 0) {
		ct_meeting_list_release(&recorded);
		db_free(db);
		return cli_fail();
	}
	if (have)
		meetings_cadence_next(&next, &cadence, ct_date_today(), UPCOMING, &recorded);
	/* The rows at the edge: the recorded as ct_meeting_to_json, the cadence's as meetings_pick_to_json. */
	json_t *rows = json_array();
	for (size_t i = 0; i < recorded.n + next.n; i++) {
		const struct ct_meeting *m = i < recorded.n ? &recorded.items[i] : &next.items[i - recorded.n];
		if (i >= recorded.n && meetings_recorded(m))
			continue;
		json_t *r = i < recorded.n ? ct_meeting_to_json(m) : meetings_pick_to_json(m);
		int64_t t;
		if (m->start_utc && when_parse_iso(&t, m->start_utc) == 0) {
			struct strbuf u = STRBUF_INIT, l = STRBUF_INIT;
			when_format_utc(&u, t);
			when_format_zone(&l, t, tz ? tz : m->tz);
			json_object_set_new(r, "utc", json_string(u.buf));
			json_object_set_new(r, "local", json_string(l.buf));
			strbuf_release(&u);
			strbuf_release(&l);
		} else {
			json_object_set_new(r, "utc", json_null());
			json_object_set_new(r, "local", json_null());
		}
		json_array_append_new(rows, r);
	}
	ct_meeting_list_release(&recorded);
	ct_meeting_list_release(&next);
	ct_error_drop("a stored start or zone that does not read: that meeting's UTC and LOCAL are left blank");
	int rc = render_table(stdout, rows, cols, sizeof(cols) / sizeof(cols[0]), fmt);
	size_t n = json_array_size(rows);
	json_decref(rows);
	db_free(db);
	if (rc < 0)
		return cli_fail();
	return n ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
}

int cmd_meeting(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "tz", required_argument, NULL, 'z' },
		{ "title", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	const char *time_arg = NULL, *tz = NULL, *title = NULL;
	int c, formatted = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 't')
			time_arg = optarg;
		else if (c == 'z')
			tz = optarg;
		else if (c == 'T')
			title = optarg;
		else if (c == 'f') {
			if (cli_query_option(&q, c, "meeting") != 1)
				return CLI_EXIT_ERROR;
			formatted = 1;
		}
	}
	if (optind >= argc)
		return cli_usage_error("meeting", "name a subcommand: add or list");
	const char *sub = argv[optind++];
	if (!strcmp(sub, "add")) {
		if (formatted)
			return cli_usage_error("meeting", "'meeting add' takes no --format");
		if (optind + 1 != argc)
			return cli_usage_error("meeting", "'meeting add' takes one DATE");
		return do_add(argv[optind], time_arg, tz, title);
	}
	if (!strcmp(sub, "list")) {
		if (time_arg || title)
			return cli_usage_error("meeting", "'meeting list' takes only --tz and --format");
		if (optind != argc)
			return cli_usage_error("meeting", "unexpected argument '%s'", argv[optind]);
		if (tz && cli_zone(&tz, "--tz", tz) < 0)
			return cli_usage_error("meeting", "%s", ct_error_last());
		if (!tz)
			tz = cli_default_tz();
		if (tz && when_check_zone(tz) < 0)
			return cli_fail();
		return do_list(tz, q.fmt);
	}
	static const char *const subs[] = { "add", "list" };
	return cli_unknown_word("meeting", "subcommand", sub, subs, sizeof(subs) / sizeof(subs[0]));
}
