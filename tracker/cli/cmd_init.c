/*
 * cmd_init.c - `cabtrack init`: write the project file, cabtrack.conf
 * beside the database, empty or from a preset for one of the Forum's
 * working groups (tracker/project.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tracker/cli/cli.h"
#include "tracker/base/error.h"
#include "tracker/project.h"

static const char usage[] =
	"usage: cabtrack init [--preset smime|servercert|codesigning] [--force]\n\n"
	"Writes the project file (cabtrack.conf beside the database, or $CABTRACK_CONF) that\n"
	"every command reads for its defaults: the documents and their repositories (and extra\n"
	"remotes such as a chair's fork), the GitHub repository, the working group, the meeting\n"
	"zone, time and cadence, and where pages go.  Then 'cabtrack update' fetches and imports\n"
	"everything, and 'cabtrack render status --meeting next' makes the page for the next call.\n"
	"'cabtrack config' reads and changes single settings.\n\n"
	"   --preset P      fill in the Forum's repositories for the S/MIME (smime), Server\n"
	"                   Certificate (servercert) or Code Signing (codesigning) working group\n"
	"   --force         replace an existing project file\n";

int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "preset", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *preset = NULL;
	int force = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'p')
			preset = optarg;
		else if (c == 'F')
			force = 1;
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (project_init(cli_db_path, preset, force) < 0)
		return cli_fail();
	char *path = project_path(cli_db_path);
	printf("wrote %s%s%s%s; next: cabtrack update\n", path, preset ? " from the " : "", preset ? preset : "", preset ? " preset" : "");
	free(path);
	return CLI_EXIT_OK;
}
