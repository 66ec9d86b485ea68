/*
 * cmd_status.c - `cabtrack status`: where the project stands, the first
 * thing a user runs: the project file, the database, each document with its
 * head, the GitHub repository and its last sync, the next meeting.
 *
 * The engine builds it (tracker/overview.c); this file prints it.  Text
 * from the database (document names, repositories) goes through
 * render_cell_text's terminal escaping like every listing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db/record.h"
#include "render/table.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/cli/cli.h"
#include "tracker/meetings.h"
#include "tracker/overview.h"

static const char usage[] =
	"usage: cabtrack status [--format text|json]\n\n"
	"Where the project stands: the project file and database in use (found from the\n"
	"current folder up, as git finds .git), each document with its imported head, the\n"
	"GitHub repository and its last sync, and the next meeting.\n\n"
	"   --format FMT    text (default) or json\n";

/* A value as one terminal-safe cell ("-" for null). */
static const char *cell(struct strbuf *sb, json_t *v)
{
	strbuf_reset(sb);
	render_cell_text(sb, v);
	return sb->buf;
}

/* A string as one terminal-safe cell ("-" for NULL). */
static const char *text_cell(struct strbuf *sb, const char *s)
{
	json_t *v = record_json_text(s);
	cell(sb, v);
	json_decref(v);
	return sb->buf;
}

static void day_of(char out[11], int64_t t, int known)
{
	time_t secs = (time_t)t;
	struct tm tm;
	if (!known || !gmtime_r(&secs, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		snprintf(out, 11, "-");
}

static void print_text(const struct overview *m)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	printf("project file   %s\n", m->project_file ? text_cell(&a, m->project_file) : "none (cabtrack init makes one)");
	printf("database       %s%s\n", text_cell(&a, m->database),
	       m->database_exists ? "" : " (not created yet: run cabtrack update or import)");

	printf(m->ndocuments ? "documents\n" : "documents      none imported\n");
	for (size_t i = 0; i < m->ndocuments; i++) {
		const struct summary_document *d = &m->documents[i].doc;
		if (!m->documents[i].imported) {
			printf("  %-12s named in the project file, not imported yet (run cabtrack update)\n",
			       text_cell(&a, d->name));
			continue;
		}
		char head_day[11], newest[11];
		day_of(head_day, d->head_time, d->has_head_time);
		day_of(newest, d->newest_time, d->has_newest_time);
		printf("  %-12s %s in %s\n", text_cell(&a, d->name), text_cell(&b, d->path), text_cell(&c, d->repo));
		printf("  %-12s %s at version %s, commit %.12s of %s; %lld versions, %lld commits, newest %s\n", "",
		       text_cell(&a, d->main_ref), text_cell(&b, d->head_version), d->head ? d->head : "-", head_day,
		       (long long)d->versions, (long long)d->commits, newest);
	}

	printf(m->nrepos ? "github\n" : "github         none (set cabtrack.github OWNER/REPO)\n");
	for (size_t i = 0; i < m->nrepos; i++) {
		const struct overview_repo *r = &m->repos[i];
		const char *synced = r->repo.synced_at;
		printf("  %-24s %lld issues, %lld pull requests (%lld open); %s%s\n", text_cell(&a, r->repo.name),
		       (long long)r->issues, (long long)r->pulls, (long long)r->open,
		       synced ? "last sync " : r->issues + r->pulls ? "imported from files, never synced" : "never synced",
		       synced ? text_cell(&b, synced) : "");
	}

	const struct ct_meeting *next = &m->next_meeting;
	if (m->has_next_meeting) {
		printf("next meeting   %s", text_cell(&a, next->date));
		if (next->time)
			printf(" %s %s", text_cell(&b, next->time), next->tz ? text_cell(&c, next->tz) : "UTC");
		if (next->start_utc)
			printf(" (%s)", text_cell(&b, next->start_utc));
		printf("%s\n", meetings_recorded(next) ? "" : ", from the cadence");
	} else {
		printf("next meeting   none known (cabtrack meeting add DATE, or set meeting.cadence)\n");
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "h", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3 || cli_query_option(&q, c, "status") != 1)
			return CLI_EXIT_ERROR;
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
	if (q.fmt != RENDER_TEXT && q.fmt != RENDER_JSON)
		return cli_usage_error("status", "--format: use text or json");

	struct stat st;
	struct ct_db *db = NULL;
	if (stat(cli_db_path, &st) == 0 && cli_open(&db, 0) < 0)
		return cli_fail();
	struct overview model;
	int rc = overview_build(&model, db, cli_db_path);
	if (db)
		db_free(db);
	if (rc < 0)
		return cli_fail();
	if (q.fmt == RENDER_JSON) {
		json_t *j = overview_to_json(&model);
		rc = render_json(stdout, j);
		json_decref(j);
	} else {
		print_text(&model);
	}
	overview_release(&model);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}
