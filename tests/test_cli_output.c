/*
 * test_cli_output.c - output people read (issue 16): text tables fit the
 * width ($COLUMNS, else the terminal's) and wrap their last column;
 * colour only on a terminal and never with NO_COLOR; a pipe gets plain,
 * unwrapped lines.  The terminal is a real pseudo-terminal
 * (tests/ptyrun.py).  Needs no corpus.
 */
#include "testutil.h"

static char *tmp, *repo, *db;

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	repo = tu_path(tmp, "repo");
	tu_make_doc_repo(repo);
	const char doc[] = "---\ntitle: T\n---\n\n# 4. OPERATIONS\n\n## 4.1 Issuance\n\n"
			   "Effective 2024-09-15, the CA SHOULD log every decision it takes about a certificate request.\n";
	char *file = tu_path(repo, "DOC.md");
	tu_write_file(file, doc, strlen(doc));
	free(file);
	assert_int_equal(tu_run(NULL, NULL, "git -C '%s' -c user.name=t -c user.email=t@e commit -qam 'Ballot SMC91 - "
					  "dates'", repo), 0);
	db = tu_doc_db(tmp, repo, "ct.db");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	free(repo);
	free(db);
	return 0;
}

#define DESCRIPTION "Effective 2024-09-15, the CA SHOULD log every decision it takes about a certificate request."

/* Each line's length in characters is at most `cols`; returns the number of lines. */
static size_t check_lines(const char *s, size_t cols)
{
	size_t lines = 0, w = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\n') {
			lines++;
			w = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80 && ++w > cols) {
			fail_msg("a line is wider than %zu columns:\n%s", cols, s);
		}
	}
	return lines;
}

/* The text of the last column (from column `at`), its wrapped lines joined by spaces. */
static void last_column(struct strbuf *out, const char *s, size_t at)
{
	const char *line = strchr(s, '\n') + 1; /* past the heading */
	while (*line) {
		const char *nl = strchr(line, '\n');
		if (out->len)
			strbuf_addch(out, ' ');
		strbuf_add(out, line + at, (size_t)(nl - line) - at);
		line = nl + 1;
	}
}

static void test_columns_wrap_the_last_column(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, joined = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "COLUMNS=70 %s --db '%s' dates", tu_binary(), db), 0);
	assert_true(check_lines(out.buf, 70) > 2);
	/* Continuation lines start under the column, and no word is lost or split. */
	const char *second = strchr(strchr(out.buf, '\n') + 1, '\n') + 1;
	assert_int_equal(strspn(second, " "), 47);
	last_column(&joined, out.buf, 47);
	assert_string_equal(joined.buf, DESCRIPTION);
	/* Piped, without COLUMNS: one line per row, as before. */
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "env -u COLUMNS %s --db '%s' dates | cat", tu_binary(), db), 0);
	assert_int_equal(check_lines(out.buf, 1000), 2);
	assert_non_null(strstr(out.buf, DESCRIPTION "\n"));
	assert_null(strchr(out.buf, '\033'));
	/* Too narrow to be worth wrapping into: the line is left whole. */
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "COLUMNS=50 %s --db '%s' dates", tu_binary(), db), 0);
	assert_int_equal(check_lines(out.buf, 1000), 2);
	strbuf_release(&out);
	strbuf_release(&joined);
}

static void test_terminal_width_and_colour(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, joined = STRBUF_INIT;
	/* On a terminal 72 columns wide: wrapped to it, the heading in bold. */
	assert_int_equal(tu_run(&out, NULL, "env -u COLUMNS -u NO_COLOR TERM=xterm python3 '%s/ptyrun.py' 72 %s --db '%s' dates",
				tu_source_dir(), tu_binary_path(), db), 0);
	assert_true(!strncmp(out.buf, "\033[1mDATE", 8));
	char *reset = strstr(out.buf, "\033[0m\n");
	assert_non_null(reset);
	memmove(out.buf, out.buf + 4, (size_t)(reset - out.buf) - 4); /* the heading without its escapes */
	memmove(reset - 4, reset + 4, strlen(reset + 4) + 1);
	out.len = strlen(out.buf);
	assert_true(check_lines(out.buf, 72) > 2);
	last_column(&joined, out.buf, 47);
	assert_string_equal(joined.buf, DESCRIPTION);
	/* NO_COLOR and TERM=dumb: no escapes, still fitted. */
	static const char *const plain[] = { "NO_COLOR=1 TERM=xterm", "TERM=dumb" };
	for (size_t i = 0; i < 2; i++) {
		strbuf_reset(&out);
		assert_int_equal(tu_run(&out, NULL, "env -u COLUMNS %s python3 '%s/ptyrun.py' 72 %s --db '%s' dates",
					plain[i], tu_source_dir(), tu_binary_path(), db), 0);
		assert_null(strchr(out.buf, '\033'));
		assert_true(check_lines(out.buf, 72) > 2);
	}
	/* JSON and CSV are never fitted nor coloured. */
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "env -u COLUMNS TERM=xterm python3 '%s/ptyrun.py' 40 %s --db '%s' dates --format csv",
				tu_source_dir(), tu_binary_path(), db), 0);
	assert_null(strchr(out.buf, '\033'));
	assert_non_null(strstr(out.buf, DESCRIPTION));
	strbuf_release(&out);
	strbuf_release(&joined);
}

/* Every listing takes the same --format values, and its --help says which. */
static void test_every_listing_takes_every_format(void **state)
{
	(void)state;
	static const char *const listings[][2] = {
		{ "versions", "versions" }, { "sections", "sections" }, { "requirements", "requirements" },
		{ "dates", "dates" }, { "issues", "issues" }, { "blame", "blame 4.1" }, { "meeting", "meeting list" },
		{ "ballot", "ballot list" }, { "config", "config --list" },
	};
	static const char *const formats[] = { "text", "json", "csv", "markdown", "md", "html" };
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		assert_int_equal(tu_run(&out, NULL, "%s %s --help", tu_binary(), listings[i][0]), 0);
		if (!strstr(out.buf, "[--format text|json|csv|markdown|html]") ||
		    !strstr(out.buf, "text (default), json, csv, markdown (md) or html"))
			fail_msg("'cabtrack %s --help' does not list the formats:\n%s", listings[i][0], out.buf);
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			struct strbuf err = STRBUF_INIT;
			char args[128];
			snprintf(args, sizeof(args), "%s --format %s", listings[i][1], formats[f]);
			int rc = tu_ct(NULL, &err, db, args);
			if (rc != 0 && rc != 1)
				fail_msg("cabtrack %s: exit %d: %s", args, rc, err.buf);
			strbuf_release(&err);
		}
		strbuf_release(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_listing_takes_every_format),
		cmocka_unit_test(test_columns_wrap_the_last_column),
		cmocka_unit_test(test_terminal_width_and_colour),
	};
	return cmocka_run_group_tests_name("cli_output", tests, group_setup, group_teardown);
}
