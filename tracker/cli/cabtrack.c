/*
 * cabtrack.c - the entry point: global options and the command table.
 *
 *   cabtrack [--db FILE] COMMAND [OPTIONS]
 *
 * The database is --db (anywhere on the line), else $CABTRACK_DB, else the
 * project around the current folder (project_discover), else ./cabtrack.db.  Each
 * command lives in tracker/cli/cmd_NAME.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/suggest.h"
#include "tracker/cli/cli.h"
#include "tracker/cli/terminal.h"
#include "tracker/project.h"

struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
};

static const struct command commands[] = {
	{ "status", cmd_status, "where the project stands: project file, database, documents, GitHub, next meeting" },
	{ "init", cmd_init, "write the project file (cabtrack.conf), from a preset for a working group" },
	{ "config", cmd_config, "read or change a setting of the project file" },
	{ "update", cmd_update, "fetch and import every document, sync GitHub: one command before a call" },
	{ "export", cmd_export, "what was recorded by hand (ballots, plans, meetings) as a JSON file" },
	{ "import", cmd_import, "import a guideline's git history (or a plain Markdown file)" },
	{ "versions", cmd_versions, "the document's versions from its Revisions table" },
	{ "sections", cmd_sections, "the sections of a version" },
	{ "show", cmd_show, "one section's text and requirements" },
	{ "requirements", cmd_requirements, "normative requirements (RFC 2119 keywords)" },
	{ "dates", cmd_dates, "dated obligations: what becomes effective when, by which ballot" },
	{ "in-force", cmd_in_force, "what is in force on a day: the version, ballots not yet effective, dates" },
	{ "sync", cmd_sync, "fetch a repository's GitHub issues and pull requests (sync github OWNER/REPO)" },
	{ "issues", cmd_issues, "GitHub issues and pull requests, with the sections and ballots they concern" },
	{ "diff", cmd_diff, "what changed between two versions, requirement by requirement" },
	{ "blame", cmd_blame, "where each requirement of a section came from, and its keyword's last change" },
	{ "meeting", cmd_meeting, "the working group's calls: add, list" },
	{ "render", cmd_render, "pages for a call: status (HTML), minutes (Markdown), ics (calendar)" },
	{ "ballot", cmd_ballot, "ballots: list, show, add, set (lifecycle), plan (phase-in), diff" },
	{ "check", cmd_check, "check a draft before it goes to vote: broken links, dates, revision rows" },
	{ "__complete", cmd_complete, "candidates for the shell's completion (hidden)" },
};

static void usage(FILE *out)
{
	fputs("usage: cabtrack [--db FILE] COMMAND [OPTIONS]\n\n"
	      "The database is --db FILE (before or after the command), else $CABTRACK_DB, else the\n"
	      "cabtrack.db of the nearest folder up from here holding cabtrack.conf or cabtrack.db,\n"
	      "else ./cabtrack.db.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strncmp(commands[i].name, "__", 2))   /* "__" names are hidden */
			fprintf(out, "   %-14s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'cabtrack COMMAND --help' for a command's options.\n"
	      "Exit status: 0 fine, 1 nothing found where that is meaningful, 2 usage or input error.\n", out);
}

/* An unknown command: say so, and name the nearest one as git does. */
static int unknown(const char *name)
{
	const char *names[sizeof(commands) / sizeof(commands[0])];
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		names[k] = commands[k].name;
	const char *near = suggest_nearest(name, names, sizeof(names) / sizeof(names[0]));
	if (near)
		fprintf(stderr, "cabtrack: error: '%s' is not a cabtrack command; did you mean '%s'? (see 'cabtrack --help')\n",
			name, near);
	else
		fprintf(stderr, "cabtrack: error: '%s' is not a cabtrack command (see 'cabtrack --help')\n", name);
	return CLI_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	struct render_terminal term;
	terminal_detect(&term);
	render_terminal_set(&term);
	const char *env = getenv("CABTRACK_DB");
	int db_given = 0;
	if (env && *env)
		cli_db_path = env, db_given = 1;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--db")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "cabtrack: error: option '--db' needs a value (the database file)\n");
				return CLI_EXIT_ERROR;
			}
			cli_db_path = argv[++i];
			db_given = 1;
		} else if (!strncmp(a, "--db=", 5)) {
			cli_db_path = a + 5;
			db_given = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("cabtrack 0.1\n");
			return 0;
		} else {
			static const char *const globals[] = { "db", "help", "version" };
			const char *near = !strncmp(a, "--", 2) ? suggest_nearest(a + 2, globals, 3) : NULL;
			if (near)
				fprintf(stderr, "cabtrack: error: option '%s' is unknown; did you mean '--%s'? (see 'cabtrack --help')\n",
					a, near);
			else
				fprintf(stderr, "cabtrack: error: option '%s' is unknown (see 'cabtrack --help')\n", a);
			return CLI_EXIT_ERROR;
		}
	}
	/* Global options may follow the command too, as in `cabtrack dates --db x.db`. */
	int j = i + 1;
	for (int k = i + 1; k < argc; k++) {
		if (!strcmp(argv[k], "--")) {
			while (k < argc)
				argv[j++] = argv[k++];
			break;
		}
		if (!strcmp(argv[k], "--db")) {
			if (k + 1 >= argc) {
				fprintf(stderr, "cabtrack: error: option '--db' needs a value (the database file)\n");
				return CLI_EXIT_ERROR;
			}
			cli_db_path = argv[++k];
			db_given = 1;
		} else if (!strncmp(argv[k], "--db=", 5)) {
			cli_db_path = argv[k] + 5;
			db_given = 1;
		} else {
			argv[j++] = argv[k];
		}
	}
	if (i < argc) {
		argc = j;
		argv[argc] = NULL;
	}
	/* Neither --db nor $CABTRACK_DB: the project around the current folder, as git finds .git. */
	static char *found;
	if (!db_given && (found = project_discover()))
		cli_db_path = found;
	if (i >= argc) {
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	const char *name = argv[i];
	if (!strcmp(name, "help")) {
		if (i + 1 < argc) {
			char *args[] = { argv[i + 1], (char *)"--help", NULL };
			for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
				if (!strcmp(commands[k].name, argv[i + 1]))
					return commands[k].fn(2, args);
			return unknown(argv[i + 1]);
		}
		usage(stdout);
		return 0;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(commands[k].name, name))
			return commands[k].fn(argc - i, argv + i);
	return unknown(name);
}
