/*
 * test_cli_errors.c - every command's usage errors are one line: an unknown
 * option, an option missing its value, a misspelt subcommand, page or
 * format.  The line names the option as the user typed it, suggests the
 * nearest name when one is near ("did you mean"), and the exit status is 2.
 *
 * The commands and their options are read from `cabtrack --help` and each
 * command's --help, so a new command or option is covered without editing
 * this file.  Needs no corpus.
 */
#include "testutil.h"

#include <ctype.h>

static char *tmp;
static char db[4200];

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	snprintf(db, sizeof(db), "%s/empty.db", tmp);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

/* Lines of text (a trailing newline does not start another line). */
static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		if (*p == '\n')
			n++;
	if (*s && s[strlen(s) - 1] != '\n')
		n++;
	return n;
}

/*
 * The commands `cabtrack --help` lists: indented lines "   NAME   summary"
 * between "Commands:" style headings; hidden ones (__) are never listed.
 */
static json_t *command_names(void)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "%s --help", tu_binary()), 0);
	json_t *names = json_array();
	char *save = NULL;
	for (char *line = strtok_r(out.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "   ", 3) || !islower((unsigned char)line[3]))
			continue;
		char name[64];
		if (sscanf(line + 3, "%63[a-z-]", name) == 1)
			json_array_append_new(names, json_string(name));
	}
	strbuf_release(&out);
	return names;
}

/*
 * The first long option of a command's --help that takes a value, from a
 * line "   --NAME VALUE  ..." (VALUE upper case), or "" when it has none.
 */
static void value_option(char *opt, size_t size, const char *cmd)
{
	struct strbuf out = STRBUF_INIT;
	*opt = '\0';
	tu_run(&out, NULL, "%s %s --help", tu_binary(), cmd);
	char *save = NULL;
	for (char *line = strtok_r(out.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64], value[64];
		const char *p = line;
		while (*p == ' ')
			p++;
		if (!strncmp(p, "-", 1) && p[1] != '-') /* "-q, --quiet" */
			p = strstr(p, "--") ? strstr(p, "--") : p;
		if (sscanf(p, "--%63[a-z-] %63[A-Z|]", name, value) == 2 && isupper((unsigned char)value[0])) {
			snprintf(opt, size, "--%s", name);
			break;
		}
	}
	strbuf_release(&out);
}

/* Run `cabtrack --db DB ARGS`: stderr must be one line holding `want`, exit 2. */
static void one_error_line(const char *args, const char *want)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = tu_run(&out, &err, "%s --db '%s' %s", tu_binary(), db, args);
	if (rc != 2 || count_lines(err.buf) != 1 || !strstr(err.buf, want))
		fail_msg("cabtrack %s: exit %d, stderr (%zu lines): %s; wanted one line with \"%s\"", args, rc,
			 count_lines(err.buf), err.buf, want);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* Every command: an unknown option and an option without its value. */
static void test_every_command_one_line(void **state)
{
	(void)state;
	json_t *names = command_names();
	assert_true(json_array_size(names) >= 15);
	size_t i, with_value = 0;
	json_t *n;
	struct strbuf args = STRBUF_INIT;
	json_array_foreach(names, i, n) {
		const char *cmd = json_string_value(n);
		strbuf_reset(&args);
		strbuf_addf(&args, "%s --no-such-option", cmd);
		one_error_line(args.buf, "option '--no-such-option' is unknown");

		char opt[80];
		value_option(opt, sizeof(opt), cmd);
		if (!*opt)
			continue;
		with_value++;
		strbuf_reset(&args);
		strbuf_addf(&args, "%s %s", cmd, opt);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "option '%s' needs a value", opt);
		one_error_line(args.buf, want.buf);
		strbuf_release(&want);
	}
	assert_true(with_value >= 10);
	strbuf_release(&args);
	json_decref(names);
}

/* Misspellings get the nearest name; far-off words get the list only. */
static void test_did_you_mean(void **state)
{
	(void)state;
	one_error_line("dates --balot SMC05", "did you mean '--ballot'?");
	one_error_line("ballot shwo SMC05", "did you mean 'show'?");
	one_error_line("render stauts --meeting next", "did you mean 'status'?");
	one_error_line("meeting lsit", "did you mean 'list'?");
	one_error_line("dates --format jsno", "did you mean 'json'?");
	one_error_line("verisons", "did you mean 'versions'?");
	one_error_line("config meetng.tz America/New_York", "did you mean 'meeting.tz'?");
	one_error_line("ballot list --state votng", "did you mean 'voting'?");
	one_error_line("render zzzzzz", "unknown page 'zzzzzz'; use status, minutes, agenda, ics or all");

	struct strbuf err = STRBUF_INIT;
	tu_run(NULL, &err, "%s --db '%s' render zzzzzz", tu_binary(), db);
	assert_null(strstr(err.buf, "did you mean"));
	strbuf_release(&err);
}

/* A short option keeps its own spelling; an abbreviation that fits two options says so. */
static void test_short_and_ambiguous(void **state)
{
	(void)state;
	one_error_line("diff -Z a b", "option -Z is unknown");
	one_error_line("dates --f json", "option '--f' is ambiguous");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_one_line),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_short_and_ambiguous),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
