/*
 * cmd_config.c - `cabtrack config`: read and write the project file's
 * settings, as `git config -f cabtrack.conf` would (tracker/project.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/when.h"
#include "tracker/project.h"
#include "tracker/valid.h"

static const char usage[] =
	"usage: cabtrack config KEY [VALUE]\n"
	"   or: cabtrack config --add KEY VALUE\n"
	"   or: cabtrack config --unset KEY\n"
	"   or: cabtrack config --list [--format " CLI_LISTING_FORMATS "]\n\n"
	"Reads or writes a setting of the project file (cabtrack.conf beside the database).\n"
	"Keys: cabtrack.wg, cabtrack.github (OWNER/REPO), cabtrack.api-url, cabtrack.pages,\n"
	"cabtrack.document (the document commands use when none is named),\n"
	"document.NAME.url, document.NAME.path, document.NAME.branch, document.NAME.remote\n"
	"(\"NAME URL\", repeatable with --add), meeting.tz (America/New_York; EST and the\n"
	"like are taken for their zone), meeting.time (11:00, 11am), meeting.cadence (\"every\n"
	"other Wednesday\"), meeting.anchor (a date of one meeting, 2023-12-06 or Dec 6, 2023).\n"
	"Exit status 1 when KEY is not set.\n\n"
	"   --add           add a value to a key that takes several (document.NAME.remote)\n"
	"   --unset         remove the key\n"
	"   --list          every setting\n"
	"   --format FMT    --list's: " CLI_LISTING_FORMAT_HELP "\n";

/*
 * meeting.anchor as YYYY-MM-DD, meeting.time as HH:MM and meeting.tz as an
 * IANA name, whatever spelling was given (tracker/base/when.h); *value
 * then points into norm when it changed.  0 or CT_EINVALID.
 */
static int normalize(char norm[80], const char *key, char **value)
{
	struct ct_date d;
	const char *zone;
	int minutes;
	if (!strcmp(key, "meeting.anchor")) {
		if (cli_day(&d, key, *value) < 0)
			return CT_EINVALID;
		ct_date_format(norm, &d);
	} else if (!strcmp(key, "meeting.time")) {
		if (when_parse_clock(&minutes, *value) < 0)
			return ct_error_set(CT_EINVALID, "%s: %s", key, ct_error_last());
		when_clock_format(norm, minutes);
	} else if (!strcmp(key, "meeting.tz")) {
		if (cli_zone(&zone, key, *value) < 0)
			return CT_EINVALID;
		if (zone == *value)
			return 0;
		snprintf(norm, 80, "%s", zone);
	} else {
		return 0;
	}
	*value = norm;
	return 0;
}

int cmd_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "add", no_argument, NULL, 'a' },
		{ "unset", no_argument, NULL, 'u' },
		{ "list", no_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	int add = 0, unset = 0, list = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'a')
			add = 1;
		else if (c == 'u')
			unset = 1;
		else if (c == 'l')
			list = 1;
		else if (c == 'f' && cli_query_option(&q, c, "config") != 1)
			return CLI_EXIT_ERROR;
	}
	int n = argc - optind;
	if (add + unset + list > 1)
		return cli_usage_error("config", "give one of --add, --unset and --list");
	if (list) {
		if (n)
			return cli_usage_error("config", "--list takes no KEY");
		static const struct render_column cols[] = { { "key", "KEY" }, { "value", "VALUE" } };
		json_t *rows = NULL;
		if (project_list(&rows, cli_db_path) < 0)
			return cli_fail();
		int rc = render_table(stdout, rows, cols, 2, q.fmt);
		size_t count = json_array_size(rows);
		json_decref(rows);
		return rc < 0 ? cli_fail() : count ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
	}
	if (n < 1 || n > 2 || (unset && n != 1) || (add && n != 2))
		return cli_usage_error("config", "see 'cabtrack config --help' for the forms it takes");
	const char *key = argv[optind];
	if (!strchr(key, '.') || key[0] == '.' || key[strlen(key) - 1] == '.')
		return cli_usage_error("config", "'%s' is not a key (SECTION.NAME or SECTION.SUBSECTION.NAME)", key);
	if (project_check(cli_db_path) < 0)
		return cli_fail();
	/* The meeting's day, time and zone in any spelling the options take, stored in one. */
	char norm[80];
	if (n == 2 && normalize(norm, key, &argv[optind + 1]) < 0)
		return cli_usage_error("config", "%s", ct_error_last());
	/* What is written must be a key cabtrack reads with a value it can use; anything may be read or removed. */
	if (n == 2 && valid_setting(key, argv[optind + 1]) < 0)
		return cli_usage_error("config", "%s", ct_error_last());
	if (n == 1 && !unset) {
		char *value = project_get(cli_db_path, key);
		if (!value)
			return CLI_EXIT_NOTHING;
		printf("%s\n", value);
		free(value);
		return CLI_EXIT_OK;
	}
	int rc = unset ? project_set(cli_db_path, key, NULL)
		 : add ? project_add(cli_db_path, key, argv[optind + 1]) : project_set(cli_db_path, key, argv[optind + 1]);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}
