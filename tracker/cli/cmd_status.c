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

#include "render/table.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/cli/cli.h"
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

static void day_of(char out[11], json_t *t)
{
	time_t secs = (time_t)json_integer_value(t);
	struct tm tm;
	if (!json_is_integer(t) || !gmtime_r(&secs, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		snprintf(out, 11, "-");
}

static void print_text(json_t *m)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	json_t *pf = json_object_get(m, "project_file");
	printf("project file   %s\n", json_is_string(pf) ? cell(&a, pf) : "none (cabtrack init makes one)");
	printf("database       %s%s\n", cell(&a, json_object_get(m, "database")),
	       json_is_true(json_object_get(m, "database_exists")) ? "" : " (not created yet: run cabtrack update or import)");

	json_t *docs = json_object_get(m, "documents"), *d;
	size_t i;
	printf(json_array_size(docs) ? "documents\n" : "documents      none imported\n");
	json_array_foreach(docs, i, d) {
		if (!json_is_true(json_object_get(d, "imported"))) {
			printf("  %-12s named in the project file, not imported yet (run cabtrack update)\n",
			       cell(&a, json_object_get(d, "name")));
			continue;
		}
		char head_day[11], newest[11];
		day_of(head_day, json_object_get(d, "head_time"));
		day_of(newest, json_object_get(d, "newest_time"));
		const char *oid = json_string_value(json_object_get(d, "head"));
		printf("  %-12s %s in %s\n", cell(&a, json_object_get(d, "name")), cell(&b, json_object_get(d, "path")),
		       cell(&c, json_object_get(d, "repo")));
		printf("  %-12s %s at version %s, commit %.12s of %s; %lld versions, %lld commits, newest %s\n", "",
		       cell(&a, json_object_get(d, "main_ref")), cell(&b, json_object_get(d, "head_version")),
		       oid ? oid : "-", head_day, (long long)json_integer_value(json_object_get(d, "versions")),
		       (long long)json_integer_value(json_object_get(d, "commits")), newest);
	}

	json_t *repos = json_object_get(m, "github"), *r;
	printf(json_array_size(repos) ? "github\n" : "github         none (set cabtrack.github OWNER/REPO)\n");
	json_array_foreach(repos, i, r) {
		json_t *synced = json_object_get(r, "synced_at");
		printf("  %-24s %lld issues, %lld pull requests (%lld open); %s%s\n", cell(&a, json_object_get(r, "name")),
		       (long long)json_integer_value(json_object_get(r, "issues")),
		       (long long)json_integer_value(json_object_get(r, "pulls")),
		       (long long)json_integer_value(json_object_get(r, "open")),
		       json_is_string(synced) ? "last sync " : json_integer_value(json_object_get(r, "issues")) +
		       json_integer_value(json_object_get(r, "pulls")) ? "imported from files, never synced" : "never synced",
		       json_is_string(synced) ? cell(&b, synced) : "");
	}

	json_t *next = json_object_get(m, "next_meeting");
	if (json_is_object(next)) {
		json_t *t = json_object_get(next, "time"), *tz = json_object_get(next, "tz"),
		       *utc = json_object_get(next, "start_utc");
		printf("next meeting   %s", cell(&a, json_object_get(next, "date")));
		if (json_is_string(t))
			printf(" %s %s", cell(&b, t), json_is_string(tz) ? cell(&c, tz) : "UTC");
		if (json_is_string(utc))
			printf(" (%s)", cell(&b, utc));
		printf("%s\n", json_is_true(json_object_get(next, "recorded")) ? "" : ", from the cadence");
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
	json_t *model = NULL;
	int rc = overview_build(&model, db, cli_db_path);
	if (db)
		db_free(db);
	if (rc < 0)
		return cli_fail();
	if (q.fmt == RENDER_JSON)
		rc = render_json(stdout, model);
	else
		print_text(model);
	json_decref(model);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}
