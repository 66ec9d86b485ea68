/*
 * test_hostile.c - inputs of hostile size and shape: a 100 MB single-line
 * Markdown file (made in /tmp at test time), 1.5 MB (the old cap) written
 * as densely dated requirements, a 3 MB guideline past that old cap (the
 * cap is MD_MAX_BYTES, 16 MB), lists and block quotes nested 10,000 deep, JSON bodies of 50 MB for `import github` (one page of many
 * issues, one issue with a huge body), JSON nested 100,000 deep, and
 * invalid UTF-8 in Markdown and JSON.  Each gives a correct result or one
 * clear error line that leaves the database as it was, never a crash, and
 * the run's peak memory (the child's ru_maxrss from wait4) stays under
 * 200 MB.  Under AddressSanitizer the bound is not checked (its shadow
 * memory and quarantine are not cabtrack's), only printed.
 */
#include "testutil.h"

#include "importers/mdsplit.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define MEMORY_BOUND_KB (200L * 1024)

/*
 * Run cabtrack --db DB ARGS... (NULL-terminated) and wait for it: no crash,
 * and its peak memory under the bound.  Returns the exit status; its stderr
 * goes into *err.
 */
static int run_ct(struct strbuf *err, const char *what, const char *db, const char *const *args)
{
	struct strbuf errf = STRBUF_INIT;
	strbuf_addf(&errf, "%s/run.err", tu_tmp);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/*
	 * fork, not posix_spawn: the child's peak counts the pages it shares
	 * with this process when forked (a few MB: the test keeps no large
	 * output), where a vfork'd child's would count this process's own peak.
	 */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int o = open("/dev/null", O_WRONLY);
		int e = open(errf.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (o < 0 || e < 0)
			_exit(126);
		dup2(o, 1);
		dup2(e, 2);
		tu_exec_ct(db, args);
	}
	int st;
	struct rusage ru;
	assert_int_equal(wait4(pid, &st, 0, &ru), pid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	strbuf_reset(err);
	tu_read_file(err, errf.buf);
	printf("%s: exit %d, %.2f s, peak memory %ld MB%s\n", what, rc,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss / 1024,
	       UNDER_ASAN ? " (under ASan: bound not checked)" : "");
	if (rc >= 128)
		fprintf(stderr, "%s: killed by signal %d: %s\n", what, rc - 128, err->buf);
	assert_true(rc < 128); /* no crash */
	if (!UNDER_ASAN && ru.ru_maxrss >= MEMORY_BOUND_KB) {
		fprintf(stderr, "%s: peak memory %ld KB is not under %ld KB\n", what, ru.ru_maxrss, MEMORY_BOUND_KB);
		fail();
	}
	strbuf_release(&errf);
	return rc;
}

/* The run succeeds. */
static void expect_ok(const char *what, const char *db, const char *const *args)
{
	struct strbuf err = STRBUF_INIT;
	int rc = run_ct(&err, what, db, args);
	if (rc)
		fprintf(stderr, "%s: exit %d: %s", what, rc, err.buf);
	assert_int_equal(rc, 0);
	strbuf_release(&err);
}

/* The run fails with one clear error line naming `file` and the problem, and leaves the database as it was. */
static void expect_error(const char *what, const char *db, const char *const *args, const char *file,
			 const char *needle)
{
	struct strbuf err = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	assert_int_equal(tu_read_file(&before, db), 0);
	tu_assert_one_error(run_ct(&err, what, db, args), &err, needle);
	assert_non_null(strstr(err.buf, file));
	assert_int_equal(tu_read_file(&after, db), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&after);
}

/* The number a query gives, from the sqlite3 shell (the test keeps outputs of many MB out of its own memory). */
static long query_number(const char *db, const char *sql)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "sqlite3 '%s' \"%s\"", db, sql), 0);
	long n = atol(out.buf);
	strbuf_release(&out);
	return n;
}

/* Write `head`, then `unit` repeated up to `total` bytes in all (the last one cut), with no newline. */
static void write_repeated(const char *path, const char *head, const char *unit, size_t total)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	size_t hl = strlen(head), written = 0;
	assert_int_equal(fwrite(head, 1, hl, f), hl);
	written += hl;
	struct strbuf chunk = STRBUF_INIT;
	while (chunk.len < 65536)
		strbuf_addstr(&chunk, unit);
	while (written < total) {
		size_t n = total - written < chunk.len ? total - written : chunk.len;
		assert_int_equal(fwrite(chunk.buf, 1, n, f), n);
		written += n;
	}
	strbuf_release(&chunk);
	assert_int_equal(fclose(f), 0);
}

/* tu_tmp/NAME, a database holding one small document, to show that failures leave it alone. */
static void base_db(struct strbuf *db, const char *name)
{
	struct strbuf md = STRBUF_INIT;
	strbuf_reset(db);
	strbuf_addf(db, "%s/%s", tu_tmp, name);
	strbuf_addf(&md, "%s/base.md", tu_tmp);
	const char *doc = "# 1. Base\n\nEffective 2030-01-01 the CA MUST stop.\n";
	tu_write_file(md.buf, doc, strlen(doc));
	const char *args[] = { "import", md.buf, "--doc", "BASE", "-q", NULL };
	expect_ok("small base document", db->buf, args);
	strbuf_release(&md);
}

/* ---- Markdown --------------------------------------------------------------------- */

static const char dated_sentence[] = "Effective 1 May 2025 the CA SHALL do x. ";

static void test_100mb_single_line_markdown(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT;
	base_db(&db, "big.db");
	strbuf_addf(&md, "%s/big.md", tu_tmp);
	const char *args[] = { "import", md.buf, "--doc", "BIG", NULL };

	/* all of it one paragraph of dated requirements, no newline anywhere */
	write_repeated(md.buf, "", dated_sentence, (size_t)100 << 20);
	expect_error("100 MB single-line paragraph", db.buf, args, "big.md",
		     "more than the 16384 KB a guideline document may have");
	/* the same as one heading line */
	write_repeated(md.buf, "# 1. ", "Heading words and SHALL ", (size_t)100 << 20);
	expect_error("100 MB single-line heading", db.buf, args, "big.md", "more than the 16384 KB");
	unlink(md.buf);
	strbuf_release(&db);
	strbuf_release(&md);
}

/* 1.5 MB (the old cap) at its most expensive: one line of dated requirements. */
static void test_dense_dated_paragraph(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT;
	strbuf_addf(&db, "%s/largest.db", tu_tmp);
	strbuf_addf(&md, "%s/largest.md", tu_tmp);
	size_t total = ((size_t)3 << 19) / strlen(dated_sentence) * strlen(dated_sentence);
	write_repeated(md.buf, "", dated_sentence, total);
	const char *args[] = { "import", md.buf, "--doc", "LARGE", "-q", NULL };
	expect_ok("1.5 MB single-line paragraph of dated requirements", db.buf, args);
	/* every sentence is a requirement, and each states its date */
	long n = (long)(total / strlen(dated_sentence));
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM requirements"), n);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM obligations WHERE date = '2025-05-01'"), n);
	unlink(md.buf);
	strbuf_release(&db);
	strbuf_release(&md);
}

/*
 * A guideline of 5 MB of short dated requirements (about 100,000 dated
 * phrases in one version) is imported, dates linked to their origins and
 * sightings recorded, within the memory bound: the origins and sightings
 * walk each version's obligations a row at a time (it peaked near 300 MB
 * when each version's keys were JSON objects).
 */
static void test_many_dated_phrases(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT, doc = STRBUF_INIT;
	strbuf_addf(&db, "%s/phrases.db", tu_tmp);
	strbuf_addf(&md, "%s/phrases.md", tu_tmp);
	long phrases = 0;
	for (int sec = 1; doc.len < (size_t)5 << 20; sec++) {
		strbuf_addf(&doc, "## %d.%d Section %d\n\n", sec / 100 + 1, sec % 100 + 1, sec);
		for (int p = 0; p < 20; p++, phrases++)
			strbuf_addf(&doc, "By %d May 2025 the CA MUST check item %d.\n\n", p % 28 + 1, p);
	}
	tu_write_file(md.buf, doc.buf, doc.len);
	const char *args[] = { "import", md.buf, "--doc", "PHRASES", "-q", NULL };
	expect_ok("5 MB of dated phrases", db.buf, args);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM obligations"), phrases);
	/* each phrase's requirement and section keys are origins, and each distinct phrase is one sighting */
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM date_origins WHERE okey LIKE 'r|%'"),
			 query_number(db.buf, "SELECT count(DISTINCT 'r|' || date || '|' || keyword || '|' || rid) FROM obligations"));
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM date_origins WHERE okey LIKE 's|%'"),
			 query_number(db.buf, "SELECT count(DISTINCT o.date || '|' || o.keyword || '|' || s.number) "
					      "FROM obligations o JOIN section_texts s ON s.id = o.section_text_id"));
	assert_true(query_number(db.buf, "SELECT count(*) FROM date_origins") > 20000);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM date_sightings"),
			 query_number(db.buf, "SELECT count(DISTINCT date || keyword || lower(description)) FROM obligations"));
	unlink(md.buf);
	strbuf_release(&db);
	strbuf_release(&md);
	strbuf_release(&doc);
}

/*
 * A guideline past the old 1.5 MB cap (3 MB: 3,000 sections of dated
 * requirements) is imported whole, within the memory bound.
 */
static void test_past_the_old_cap(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT, doc = STRBUF_INIT;
	strbuf_addf(&db, "%s/past.db", tu_tmp);
	strbuf_addf(&md, "%s/past.md", tu_tmp);
	int sections = 0;
	while (doc.len < (size_t)3 << 20) {
		sections++;
		strbuf_addf(&doc, "## %d.%d Section %d\n\n", sections / 100 + 1, sections % 100 + 1, sections);
		for (int p = 0; p < 10; p++)
			strbuf_addf(&doc, "Effective %d May 2025 the CA SHALL check item %d of section %d, "
				    "and the CA MUST record the result of the check.\n\n", p % 28 + 1, p, sections);
	}
	tu_write_file(md.buf, doc.buf, doc.len);
	const char *args[] = { "import", md.buf, "--doc", "PAST", "-q", NULL };
	expect_ok("3 MB guideline", db.buf, args);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM requirements"), 10L * sections);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM obligations"), 10L * sections);
	unlink(md.buf);
	strbuf_release(&db);
	strbuf_release(&md);
	strbuf_release(&doc);
}

/*
 * A compliance table of 3,000 rows over 6,000 dated phrases: `dates`
 * groups each table row with the phrases that state it by an index, not by
 * comparing every pair (51 s for the 1.4 MB benchmark input when it did).
 * The bound is loose, for a loaded machine; under ASan it is only printed.
 */
static void test_many_table_rows(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT, doc = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/table.db", tu_tmp);
	strbuf_addf(&md, "%s/table.md", tu_tmp);
	strbuf_addstr(&doc, "# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.2 Relevant Dates\n\n"
			    "| Compliance | Section(s) | Summary Description |\n|---|---|---|\n");
	for (int r = 0; r < 3000; r++)
		strbuf_addf(&doc, "| 2025-%02d-%02d | 4.%d | The CA SHALL apply rule %d. |\n", r % 12 + 1, r % 28 + 1,
			    r % 300 + 1, r);
	strbuf_addstr(&doc, "\n# 4. OPERATIONS\n\n");
	for (int sec = 1; sec <= 300; sec++) {
		strbuf_addf(&doc, "## 4.%d Item %d\n\n", sec, sec);
		for (int p = 0; p < 20; p++)
			strbuf_addf(&doc, "Effective 2025-%02d-%02d, the CA SHALL check item %d.\n\n", p % 12 + 1,
				    (sec + p) % 28 + 1, p);
	}
	tu_write_file(md.buf, doc.buf, doc.len);
	const char *import[] = { "import", md.buf, "--doc", "TABLE", "-q", NULL };
	expect_ok("3,000 table rows", db.buf, import);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM obligations WHERE source = 'table'"), 3000);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM obligations WHERE source = 'text'"), 6000);
	const char *dates[] = { "dates", "--format", "json", NULL };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run_ct(&err, "dates of 3,000 table rows", db.buf, dates), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!UNDER_ASAN && s >= 10) {
		fprintf(stderr, "dates of 3,000 table rows: %.2f s is not under 10 s\n", s);
		fail();
	}
	unlink(md.buf);
	strbuf_release(&db);
	strbuf_release(&md);
	strbuf_release(&doc);
	strbuf_release(&err);
}

static void test_deep_nesting_markdown(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT, doc = STRBUF_INIT;
	strbuf_addf(&db, "%s/deep.db", tu_tmp);
	strbuf_addf(&md, "%s/deep.md", tu_tmp);
	strbuf_addstr(&doc, "# 1. Deep\n\n");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&doc, "- ");
	strbuf_addstr(&doc, "The CA SHALL nest.\n\n## 1.1 Ordered\n\n");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&doc, "1. ");
	strbuf_addstr(&doc, "The CA MUST count.\n\n## 1.2 Quoted\n\n");
	for (int i = 0; i < 10000; i++)
		strbuf_addstr(&doc, "> ");
	strbuf_addstr(&doc, "A quotation SHALL NOT count.\n\n## 1.3 Mixed\n\n");
	for (int i = 0; i < 3000; i++)
		strbuf_addstr(&doc, i % 3 == 0 ? "- " : i % 3 == 1 ? "> " : "1) ");
	strbuf_addstr(&doc, "Starting on 1 May 2030 the CA SHOULD mix.\n\n## 1.4 Indented\n\n");
	for (int i = 0; i < 400; i++) {
		for (int k = 0; k < i; k++)
			strbuf_addstr(&doc, "  ");
		strbuf_addf(&doc, "- level %d\n", i);
	}
	tu_write_file(md.buf, doc.buf, doc.len);
	const char *args[] = { "import", md.buf, "--doc", "DEEP", "-q", NULL };
	expect_ok("lists nested 10,000 deep", db.buf, args);
	json_t *reqs = tu_ct_json(db.buf, "requirements --doc DEEP --format json");
	int nest = 0, count = 0, quote = 0, mix = 0;
	size_t i;
	json_t *q;
	json_array_foreach(reqs, i, q) {
		const char *t = json_string_value(json_object_get(q, "text"));
		nest += !strcmp(t, "The CA SHALL nest.");
		count += !strcmp(t, "The CA MUST count.");
		quote += strstr(t, "quotation") != NULL;
		mix += strstr(t, "SHOULD mix") != NULL;
	}
	assert_int_equal(nest, 1);
	assert_int_equal(count, 1);
	assert_int_equal(quote, 0); /* block quotes state no requirement, however deep */
	assert_int_equal(mix, 0);   /* nor does anything inside one */
	json_decref(reqs);
	strbuf_release(&db);
	strbuf_release(&md);
	strbuf_release(&doc);
}

#define TEXT(s) s, sizeof(s) - 1

static void test_invalid_utf8_markdown(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, md = STRBUF_INIT;
	base_db(&db, "utf8.db");
	static const struct {
		const char *what, *text;
		size_t len;
		const char *needle;
	} cases[] = {
		{ "a Latin-1 byte", TEXT("# 1. A\n\nThe CA SHALL caf\xe9.\n"), "invalid UTF-8 at line 3 (byte 0xe9)" },
		{ "a lone continuation byte", TEXT("# 1. A\n\n\x80\n"), "invalid UTF-8 at line 3 (byte 0x80)" },
		{ "an overlong '/'", TEXT("# 1. A\nx\n\xc0\xaf\n"), "invalid UTF-8 at line 3" },
		{ "an overlong three-byte form", TEXT("# 1. A\n\xe0\x80\xaf\n"), "invalid UTF-8 at line 2" },
		{ "a UTF-16 surrogate", TEXT("---\ntitle: \xed\xa0\x80\n---\n# 1. A\n"), "invalid UTF-8 at line 2" },
		{ "a code point past U+10FFFF", TEXT("# 1. A\n\n\xf4\x90\x80\x80\n"), "invalid UTF-8 at line 3" },
		{ "a sequence cut by the end", TEXT("# 1. A\n\nThe CA SHALL \xe2\x82"), "invalid UTF-8 at line 3" },
		{ "0xff in a heading", TEXT("# 1. A\n## 1.1 \xff\n"), "invalid UTF-8 at line 2 (byte 0xff)" },
	};
	strbuf_addf(&md, "%s/bad.md", tu_tmp);
	const char *bad_args[] = { "import", md.buf, "--doc", "BAD", NULL };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tu_write_file(md.buf, cases[i].text, cases[i].len);
		expect_error(cases[i].what, db.buf, bad_args, "bad.md", cases[i].needle);
	}
	/* valid UTF-8 of every length is taken */
	const char *good = "# 1. \xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x92\n\nThe CA SHALL \xe2\x80\x9cquote\xe2\x80\x9d.\n";
	tu_write_file(md.buf, good, strlen(good));
	const char *args[] = { "import", md.buf, "--doc", "GOOD", "-q", NULL };
	expect_ok("valid UTF-8", db.buf, args);
	strbuf_release(&db);
	strbuf_release(&md);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static const char item_fmt[] =
	"{\"repository_url\":\"https://api.github.com/repos/ex/big\",\"html_url\":\"https://github.com/ex/big/issues/%d\","
	"\"number\":%d,\"title\":\"Issue %d about section 4.%d\",\"state\":\"open\",\"user\":{\"login\":\"u\"},"
	"\"labels\":[{\"name\":\"L%d\"}],\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-02T00:00:00Z\","
	"\"body\":\"";

static void test_50mb_json_page_of_issues(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, file = STRBUF_INIT, body = STRBUF_INIT;
	strbuf_addf(&db, "%s/json.db", tu_tmp);
	strbuf_addf(&file, "%s/page.json", tu_tmp);
	FILE *f = fopen(file.buf, "wb");
	assert_non_null(f);
	while (body.len < 50000)
		strbuf_addstr(&body, "plain words of a long issue body, without references, ");
	fputc('[', f);
	int n = 1000;
	for (int i = 1; i <= n; i++) {
		fprintf(f, item_fmt, i, i, i, i % 9, i % 7);
		if (i % 100 == 0)
			fprintf(f, "See Section 4.%d and #%d. ", i % 9, i - 1);
		fwrite(body.buf, 1, body.len, f);
		fprintf(f, "\"}%s", i < n ? "," : "]");
	}
	long size = ftell(f);
	assert_int_equal(fclose(f), 0);
	assert_true(size >= 50L * 1000 * 1000);
	const char *args[] = { "import", "github", file.buf, NULL };
	expect_ok("50 MB page of 1000 issues", db.buf, args);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM gh_issues"), n);
	assert_int_equal(query_number(db.buf, "SELECT count(*) FROM gh_issues WHERE length(body) > 50000"), n);
	unlink(file.buf);
	strbuf_release(&db);
	strbuf_release(&file);
	strbuf_release(&body);
}

static void test_50mb_json_body_of_one_issue(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, file = STRBUF_INIT, head = STRBUF_INIT;
	strbuf_addf(&db, "%s/one.db", tu_tmp);
	strbuf_addf(&file, "%s/one.json", tu_tmp);
	strbuf_addch(&head, '[');
	strbuf_addf(&head, item_fmt, 1, 1, 1, 1, 1);
	write_repeated(file.buf, head.buf, "x", (size_t)50 << 20);
	FILE *f = fopen(file.buf, "ab");
	assert_non_null(f);
	fputs("\"}]", f);
	assert_int_equal(fclose(f), 0);
	const char *args[] = { "import", "github", file.buf, NULL };
	expect_ok("50 MB body of one issue", db.buf, args);
	assert_int_equal(query_number(db.buf, "SELECT length(body) FROM gh_issues WHERE number = 1"),
			 (50L << 20) - (long)head.len);
	unlink(file.buf);
	strbuf_release(&head);
	strbuf_release(&db);
	strbuf_release(&file);
}

static void test_hostile_json(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, file = STRBUF_INIT, text = STRBUF_INIT;
	base_db(&db, "badjson.db");
	static const char good_tail[] = "\",\"state\":\"open\",\"created_at\":\"2024-01-01T00:00:00Z\","
					"\"updated_at\":\"2024-01-01T00:00:00Z\"}]";
	static const struct {
		const char *what, *head;
		const char *needle;
	} cases[] = {
		{ "invalid UTF-8 in a title", "[{\"number\":1,\"title\":\"caf\xe9", "unable to decode byte 0xe9" },
		{ "a lone surrogate escape", "[{\"number\":1,\"title\":\"\\udc00", "invalid Unicode" },
		{ "an escaped NUL", "[{\"number\":1,\"title\":\"a\\u0000b", "not valid JSON" },
		{ "an overlong UTF-8 form", "[{\"number\":1,\"title\":\"\xc0\xaf", "unable to decode byte 0xc0" },
		{ "arrays nested 100,000 deep", NULL, "maximum parsing depth" },
	};
	strbuf_addf(&file, "%s/bad.json", tu_tmp);
	const char *args[] = { "import", "github", file.buf, "--repo", "ex/bad", NULL };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&text);
		if (cases[i].head) {
			strbuf_addstr(&text, cases[i].head);
			strbuf_addstr(&text, good_tail);
		} else {
			for (int k = 0; k < 200000; k++)
				strbuf_addch(&text, k < 100000 ? '[' : ']');
		}
		tu_write_file(file.buf, text.buf, text.len);
		expect_error(cases[i].what, db.buf, args, "bad.json", cases[i].needle);
	}
	strbuf_release(&db);
	strbuf_release(&file);
	strbuf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_100mb_single_line_markdown),
		cmocka_unit_test(test_dense_dated_paragraph),
		cmocka_unit_test(test_past_the_old_cap),
		cmocka_unit_test(test_many_dated_phrases),
		cmocka_unit_test(test_many_table_rows),
		cmocka_unit_test(test_deep_nesting_markdown),
		cmocka_unit_test(test_invalid_utf8_markdown),
		cmocka_unit_test(test_50mb_json_page_of_issues),
		cmocka_unit_test(test_50mb_json_body_of_one_issue),
		cmocka_unit_test(test_hostile_json),
	};
	return cmocka_run_group_tests_name("hostile", tests, tu_tmp_setup, tu_tmp_teardown);
}
