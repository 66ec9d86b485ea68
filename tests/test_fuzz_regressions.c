/*
 * test_fuzz_regressions.c - replays fuzzer inputs through the harnesses of
 * tests/fuzz/harness.h: every input in tests/fuzz/regressions/NAME/ (each
 * one made a harness crash, leak, hang or break an invariant before its
 * fix) and every seed in tests/fuzz/seeds/NAME/, so the ordinary test run
 * (and its ASan/UBSan build) keeps the bugs fixed without clang or libFuzzer.
 */
#include "testutil.h"

#include <dirent.h>
#include <time.h>

#define FUZZ_CHECK(cond) assert_true(cond)
#include "fuzz/harness.h"

static const char *fuzz_dir(void)
{
	static char path[4096];
	const char *f = __FILE__, *slash = strrchr(f, '/');
	snprintf(path, sizeof(path), "%.*s/fuzz", slash ? (int)(slash - f) : 1, slash ? f : ".");
	return path;
}

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} harnesses[] = {
	{ "markdown", fuzz_markdown },
	{ "datephrase", fuzz_datephrase },
	{ "ballot_name", fuzz_ballot_name },
	{ "github_json", fuzz_github_json },
	{ "link", fuzz_link },
	{ "mustache", fuzz_mustache },
	{ "state", fuzz_state },
	{ "token_url", fuzz_token_url },
	{ "ghlink", fuzz_ghlink },
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every file in fuzz/KIND/NAME through the harness NAME; the count replayed. */
static size_t replay(const char *kind, const char *name, int (*fn)(const uint8_t *, size_t))
{
	struct strbuf dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s/%s", fuzz_dir(), kind, name);
	DIR *d = opendir(dir.buf);
	size_t n = 0;
	if (!d) {
		strbuf_release(&dir);
		return 0;
	}
	char **files = NULL;
	size_t nfiles = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README"))
			continue;
		files = xrealloc(files, (nfiles + 1) * sizeof(*files));
		files[nfiles++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (nfiles)
		qsort(files, nfiles, sizeof(*files), cmp_str);
	for (size_t i = 0; i < nfiles; i++) {
		struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
		strbuf_addf(&path, "%s/%s", dir.buf, files[i]);
		assert_int_equal(tu_read_file(&data, path.buf), 0);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		/* a copy of exactly the input's size, as libFuzzer passes it */
		uint8_t *copy = xmalloc(data.len ? data.len : 1);
		memcpy(copy, data.buf, data.len);
		assert_int_equal(fn(copy, data.len), 0);
		free(copy);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (s > 10) {
			fprintf(stderr, "%s/%s: %.1f s: too slow\n", name, files[i], s);
			fail();
		}
		n++;
		strbuf_release(&path);
		strbuf_release(&data);
		free(files[i]);
	}
	free(files);
	strbuf_release(&dir);
	return n;
}

static void test_regressions(void **state)
{
	(void)state;
	size_t total = 0;
	for (size_t h = 0; h < sizeof(harnesses) / sizeof(harnesses[0]); h++) {
		size_t n = replay("regressions", harnesses[h].name, harnesses[h].fn);
		if (n)
			printf("replayed %zu fuzz regression input%s of %s\n", n, n == 1 ? "" : "s", harnesses[h].name);
		total += n;
	}
	assert_true(total > 0);
}

static void test_seeds(void **state)
{
	(void)state;
	for (size_t h = 0; h < sizeof(harnesses) / sizeof(harnesses[0]); h++)
		assert_true(replay("seeds", harnesses[h].name, harnesses[h].fn) > 0); /* every harness has seeds */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
		cmocka_unit_test(test_seeds),
	};
	return cmocka_run_group_tests_name("fuzz regressions", tests, NULL, NULL);
}
