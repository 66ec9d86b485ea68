/*
 * cli.h - what every command shares: the command table, the database
 * option, option parsing and error reporting.
 *
 * A command is `int cmd_NAME(int argc, char **argv)` in tracker/cmd_NAME.c;
 * argv[0] is the command's name.  It returns the process exit status:
 * 0 fine, 1 nothing found where that is meaningful, 2 usage or input error
 * (after printing one "cabtrack: error: ..." line).
 */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <getopt.h>
#include <stdint.h>

#include "db/db.h"
#include "db/query.h"
#include "render/table.h"
#include "tracker/dates.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_NOTHING 1
#define CLI_EXIT_ERROR 2

/* The database path chosen by --db, $CABTRACK_DB or ./cabtrack.db. */
extern const char *cli_db_path;

int cmd_import(int argc, char **argv);
int cmd_versions(int argc, char **argv);
int cmd_sections(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_requirements(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_in_force(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_issues(int argc, char **argv);
int cmd_import_github(int argc, char **argv); /* `import github ...`, from cmd_import */
int cmd_diff(int argc, char **argv);
int cmd_ballot(int argc, char **argv);
int cmd_blame(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_complete(int argc, char **argv); /* hidden `__complete`, for tracker/cabtrack-completion.bash */
int cmd_meeting(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import_state(int argc, char **argv); /* `import state FILE`, from cmd_import */
int cmd_render(int argc, char **argv);
int cmd_import_minutes(int argc, char **argv); /* `import minutes FILE.md`, from cmd_import */

/* Print the last error as one line and return CLI_EXIT_ERROR. */
int cli_fail(void);

/* Report a usage error for `cmd` ("cabtrack: error: dates: ...") and return CLI_EXIT_ERROR. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The usage error for a word that is not one of `names` (`n` of them):
 * "unknown WHAT 'WORD'; did you mean 'NEAR'? (use A, B or C)", the
 * suggestion only when one is near (suggest.h).  Returns CLI_EXIT_ERROR.
 */
int cli_unknown_word(const char *cmd, const char *what, const char *word, const char *const *names, size_t n);

/*
 * getopt_long over a command's arguments, with "--help" handled: prints
 * `usage` and returns -2.  Unknown options set a usage error and return -3.
 * Otherwise as getopt_long.  Call cli_getopt_reset() before the first call.
 */
void cli_getopt_reset(void);
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, const char *usage);

/*
 * What --format takes in every listing (render_table), for the usage
 * lines and the option's line of each command's --help.
 */
#define CLI_LISTING_FORMATS "text|json|csv|markdown|html"
#define CLI_LISTING_FORMAT_HELP "text (default), json, csv, markdown (md) or html"

/* The options every query command takes: --doc NAME, --at REF, --format F. */
struct cli_query_args {
	const char *doc, *at;
	enum render_format fmt;
};
#define CLI_QUERY_ARGS_INIT { NULL, NULL, RENDER_TEXT }

/*
 * Handle option `c` if it is one of those ('d' doc, 'a' at, 'f' format,
 * with optarg as its value).  Returns 1 when handled, 0 when `c` is not
 * one of them, or -1 after reporting a usage error for command `cmd`.
 */
int cli_query_option(struct cli_query_args *q, int c, const char *cmd);

/*
 * Parse the options of a command that takes only --doc, --at and --format
 * (and --help), and at most `max_args` arguments besides (-1: any number;
 * they are left at argv[optind...]).  Returns -1 to go on, else the exit
 * status to return (0 after --help, CLI_EXIT_ERROR after a usage error).
 */
int cli_parse_query_args(struct cli_query_args *q, int argc, char **argv, const char *usage, int max_args);

/*
 * Read the whole file `path` into sb, refusing one larger than `max`
 * bytes.  0, or CT_ENOTFOUND / CT_EINVALID with a message naming the file.
 */
struct strbuf;
int cli_read_file(struct strbuf *sb, const char *path, size_t max);

/*
 * A setting of the project file beside the database (tracker/project.h),
 * read once: NULL when absent.  Commands take their defaults from it;
 * flags override.
 */
const char *cli_setting(const char *key);

/* The zone to show times in: $CABTRACK_TZ, else the project's meeting.tz, else NULL (UTC). */
const char *cli_default_tz(void);

/*
 * Write data[0..len) to `path` whole (a temporary file beside it, then a
 * rename), or to standard output when path is NULL.  0 or an error naming
 * the file.
 */
int cli_write_file(const char *path, const char *data, size_t len);

/*
 * The values of options that take a day, a time or a zone, read with the
 * one grammar of tracker/base/when.h.  On a refusal the error store holds
 * "OPTION: <why>" (OPTION as "--from", or the argument's name); 0 or
 * CT_EINVALID.  A zone abbreviation ("EST") is taken for its zone with one
 * "cabtrack: note: ..." line on stderr.
 */
struct ct_date;
int cli_day(struct ct_date *out, const char *option, const char *s);
int cli_time(int64_t *out, const char *option, const char *s, const char *tz);
int cli_zone(const char **out, const char *option, const char *given);

/*
 * The GitHub token into `token` (left empty when there is none): the first
 * line of `token_file` when given, else $GITHUB_TOKEN; checked like every
 * token (github_token_check).  0, or CT_EINVALID naming the file or the
 * variable, never the token.
 */
int cli_github_token(struct strbuf *token, const char *token_file);

/* Open the database for reading (write = 0) or writing. */
int cli_open(struct ct_db **db, int write);

/*
 * Find the document a command works on: `given` (--doc), else the
 * project's default (cabtrack.document), else the database's only one.
 * 0 or an error naming the document (and the setting, when it came from
 * there).
 */
int cli_document(struct query_doc *out, struct ct_db *db, const char *given);

/* Open the database, find the document (cli_document) and resolve --at: the common start of every query command. */
struct cli_target {
	struct ct_db *db;
	struct query_doc doc;
	struct query_at at;
};
int cli_target_open(struct cli_target *t, const char *doc, const char *at);
/* Close the database and free what `t` holds; the struct is the caller's. */
void cli_target_release(struct cli_target *t);

/*
 * The error "no section 'N' in DOC at REF" for the version t->at (REF as
 * given with --at, `at_given`, else the branch); returns CT_ENOTFOUND.
 */
int cli_no_section(const struct cli_target *t, const char *at_given, const char *number);

/*
 * 0 when `number`, or a subsection of it, is one of `sections` (those
 * of t->at); else cli_no_section's error.
 */
int cli_section_check(const struct ct_section_list *sections, const struct cli_target *t, const char *at_given,
		      const char *number);

/*
 * The view of a requirement: {id, section, keyword, keywords, negated
 * (boolean), line (in the document), text}; `starts` from
 * outline_section_starts of the version's `nsections` sections.
 * (cmd_requirements.c)
 */
json_t *requirement_view(const struct ct_requirement *r, size_t nsections, const long *starts);

#endif
