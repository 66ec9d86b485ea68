/* test_ballot_name.c - every spelling of a ballot gives one key, and names are found in free text. */
#include "testutil.h"

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void test_normalize(void **state)
{
	(void)state;
	static const struct {
		const char *in, *key;
	} cases[] = {
		{ "SMC05", "SMC5" },
		{ "SMC010", "SMC10" },
		{ "SMC012", "SMC12" },
		{ "SMC01", "SMC1" },
		{ "SMC-05", "SMC5" },
		{ "Ballot SMC011", "SMC11" },
		{ "SC-081", "SC81" },
		{ "SC81", "SC81" },
		{ "SC81v3", "SC81" },
		{ "SC-081v3", "SC81" },
		{ "SC28V6", "SC28" },
		{ "SC_088v3", "SC88" },
		{ "SC-097-V1", "SC97" },
		{ "SC-061-v4", "SC61" },
		{ "sc 061", "SC61" },
		{ "CSC-25", "CSC25" },
		{ "CSCWG-25", "CSC25" },
		{ "NS-003", "NS3" },
		{ "Forum-9", "FORUM9" },
		{ "62", "62" },
		{ "0062", "62" },
		{ "Ballot 193", "193" },
		{ "ballot 62", "62" },
		{ "Ballot62", "62" },
		{ " smc05 ", "SMC5" },
		{ "\tSMC05\n", "SMC5" },
		{ "Ballot_SMC04", "SMC4" },
		{ "Ballot-SMC08", "SMC8" },
		{ "BALLOT: SC-80", "SC80" },
		{ "Ballot  SC 80 v2", "SC80" },
		{ "SC999999", "SC999999" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char key[32];
		memset(key, 'x', sizeof(key));
		if (ballot_name_normalize(key, sizeof(key), cases[i].in) != 0)
			fail_msg("'%s' refused: %s", cases[i].in, ct_error_last());
		if (strcmp(key, cases[i].key))
			fail_msg("'%s' gave '%s', want '%s'", cases[i].in, key, cases[i].key);
	}
}

static void test_normalize_rejects(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"--", "", "   ", "n/a", "N/A", "SMC", "SMC-", "v1.0.3", "1.0.3", "RFC5280", "RFC 5280",
		"SMCWG-05", "SMCWG", "TLSC05", "SMC05 - Introducing CAA", "#228", "SMC0", "SMC000", "0",
		"SMC1234567", "1234567", "SC81v", "SC81v1234", "SC81vx", "Ballot", "Ballot ", "Ballot SMC",
		"SC-XX", "SMC05x", "SC81 v3 extra", "SMC--05", "SMC 05 06", "SMC  05", "-5", "+5", "5.0",
		"SMC\xff" "05", "\xc3\xa9SMC05", "SMC05\xc2\xa0", "62a", "Ballot #62", "SMC5.", "v3",
		"SC-081-", "Ballots 62", "99999999999999999999999",
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char key[32] = "untouched";
		ct_error_clear();
		if (ballot_name_normalize(key, sizeof(key), cases[i]) != CT_EINVALID)
			fail_msg("'%s' accepted as '%s'", cases[i], key);
		assert_int_equal(ct_error_code(), CT_EINVALID);
		assert_non_null(strstr(ct_error_last(), cases[i]));
		assert_string_equal(key, "untouched");
	}
	char key[8];
	assert_int_equal(ballot_name_normalize(key, sizeof(key), NULL), CT_EINVALID);
}

static void test_normalize_buffer(void **state)
{
	(void)state;
	char key[16];
	assert_int_equal(ballot_name_normalize(key, 5, "SMC05"), 0);
	assert_string_equal(key, "SMC5");
	memset(key, 0, sizeof(key));
	assert_int_equal(ballot_name_normalize(key, 4, "SMC05"), CT_ERROR);
	assert_int_equal(ballot_name_normalize(key, 0, "SMC05"), CT_ERROR);
	assert_int_equal(ballot_name_normalize(NULL, 0, "SMC05"), CT_ERROR);
	assert_int_equal(ballot_name_normalize(key, 3, "62"), 0);
	assert_string_equal(key, "62");
	/* A bad name is reported as such even without room. */
	assert_int_equal(ballot_name_normalize(NULL, 0, "n/a"), CT_EINVALID);
}

/* The first name in text from `from`, as a string ("" when none). */
static const char *find_str(const char *text, size_t from, size_t *endp)
{
	static char got[64];
	size_t start = 99, len = 99;
	size_t n = strlen(text);
	char *copy = xmalloc(n + 1); /* exact size: ASan catches reads past the NUL */
	memcpy(copy, text, n + 1);
	int rc = ballot_name_find(&start, &len, copy, from);
	free(copy);
	if (rc == CT_ENOTFOUND) {
		assert_int_equal(start, 99);
		return "";
	}
	assert_int_equal(rc, 0);
	assert_true(start >= from && len > 0 && start + len <= n && len < sizeof(got));
	memcpy(got, text + start, len);
	got[len] = '\0';
	if (endp)
		*endp = start + len;
	return got;
}

/* Every output names a ballot as the Forum does, whatever spelling or key it came from. */
static void test_display(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "SMC5", "SMC05" },     { "SMC05", "SMC05" },   { "Ballot SMC09", "SMC09" }, { "SMC-9", "SMC09" },
		{ "SMC10", "SMC010" },   { "SMC012", "SMC012" }, { "smc18", "SMC018" },      { "SMC1", "SMC01" },
		{ "SC81", "SC081" },     { "SC-081v3", "SC081" }, { "SC63", "SC063" },        { "SC_088v3", "SC088" },
		{ "SC100", "SC100" },    { "NS-3", "NS003" },     { "CSC-25", "CSC25" },      { "Forum-9", "FORUM9" },
		{ "Ballot 193", "193" }, { "62", "62" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(ballot_name_display(out, sizeof(out), t[i].in), 0);
		if (strcmp(out, t[i].want))
			fail_msg("'%s' shown as '%s', not '%s'", t[i].in, out, t[i].want);
	}
	assert_int_equal(ballot_name_display(out, sizeof(out), "n/a"), CT_EINVALID);
	assert_int_equal(ballot_name_display(out, 5, "SMC12"), CT_ERROR);
}

static void test_find(void **state)
{
	(void)state;
	static const struct {
		const char *text, *name;
	} cases[] = {
		{ "SMC05 - Introducing CAA for S/MIME (#228)", "SMC05" },
		{ "v1.0.10 - Ballot SMC012 (#282)", "SMC012" },
		{ "v1.0.9 - Ballot SMC011 (#272)", "SMC011" },
		{ "Ballot SC-081: Introduce Schedule of Reducing Validity", "SC-081" },
		{ "Adoption of S/MIME BR v1.0.1 per Ballot SMC03 (#210)", "SMC03" },
		{ "Ballot_SMC04", "SMC04" },
		{ "Ballot-SMC08", "SMC08" },
		{ "refs/remotes/srdavidson/Ballot-SMC012", "SMC012" },
		{ "Ballot 193", "193" },
		{ "as amended by ballot 62 in 2011", "62" },
		{ "Ballot: 144", "144" },
		{ "SMC04 (#220)", "SMC04" },
		{ "Ballot SMC06 (#238)", "SMC06" },
		{ "Ballot SMC010 - Introduction of Multi-Perspective Issuance Corroboration  (#260)", "SMC010" },
		{ "SMC07 - Align Logging Requirement and Key Escrow clarification (#249)", "SMC07" },
		{ "Merge branch 'main' into SC-097-V1-S", "SC-097-V1" },
		{ "Align with SC-083v2", "SC-083v2" },
		{ "Incorporate feedback from SC_088v2 (#7)", "SC_088v2" },
		{ "[SC-088] DNS labels", "SC-088" },
		{ "Ballot sc 061 (#42)", "sc 061" },
		{ "Update the BR as per SC67.md", "SC67" },
		{ "Merge remote-tracking branch 'upstream/master' into SC23+SC24", "SC23" },
		{ "Merge pull request #3 from cabforum/Ballot-SC13-Fixup", "SC13" },
		{ "Ballot Forum-9", "Forum-9" },
		{ "CSC-25: signing", "CSC-25" },
		{ "CSCWG-26", "CSCWG-26" },
		{ "NS-003: Network security", "NS-003" },
		{ "sc094-dnssec-exception-email-DCV", "sc094" },
		{ "SC28v6.", "SC28v6" },
		{ "(SMC05)", "SMC05" },
		{ "Ballot SC-XX then SC12", "SC12" },
		{ "SMCWG call; SMC09 adopted", "SMC09" },
		{ "Ballot\xc2\xa0SMC05", "SMC05" },
		{ "\xe2\x80\x9cSMC05\xe2\x80\x9d", "SMC05" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = find_str(cases[i].text, 0, NULL);
		if (strcmp(got, cases[i].name))
			fail_msg("'%s': found '%s', want '%s'", cases[i].text, got, cases[i].name);
	}
}

static void test_find_nothing(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"", "SMCWG meeting notes", "TLSC05", "ASC05", "#228", "Fixes #228 and #260", "v1.0.10",
		"RFC 5280", "RFC5280", "Section 4.2.2", "SC-XX process", "ballots 62", "Ballot", "Ballot #62",
		"SMC05x", "SMC1.2", "the SMC subcommittee", "Ballot 1.0.3", "SC1234567", "Ballot v1.0.3",
		"Revert to commit 7a63f507fd51c01ef7184058eecd7a834a1c7da4 (#256)", "SMC0 and SC000",
		"Ballot 0", "ballotSMC05", "DNS-3", "NSRs", "xSMC05", "SMC_", "Ballot: SMC", "62",
		"2.23.140.1.5.4.3", "SC81v", "\xff\xfe\x80", "smc05abc",
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = find_str(cases[i], 0, NULL);
		if (*got)
			fail_msg("'%s': found '%s'", cases[i], got);
	}
	size_t start, len;
	assert_int_equal(ballot_name_find(&start, &len, NULL, 0), CT_ENOTFOUND);
}

static void test_find_from(void **state)
{
	(void)state;
	const char *text = "Merge SMC05, SMC-06 and Ballot 62; then SC81v3 (#12)";
	static const char *const want[] = { "SMC05", "SMC-06", "62", "SC81v3" };
	static const char *const keys[] = { "SMC5", "SMC6", "62", "SC81" };
	size_t from = 0;
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		size_t end = 0;
		const char *got = find_str(text, from, &end);
		assert_string_equal(got, want[i]);
		char key[16];
		assert_int_equal(ballot_name_normalize(key, sizeof(key), got), 0);
		assert_string_equal(key, keys[i]);
		from = end;
	}
	assert_string_equal(find_str(text, from, NULL), "");
	size_t n = strlen(text), start, len;
	assert_int_equal(ballot_name_find(&start, &len, text, n), CT_ENOTFOUND);
	assert_int_equal(ballot_name_find(&start, &len, text, n + 100), CT_ENOTFOUND);
	/* Starting inside a word does not make its tail a name. */
	assert_string_equal(find_str("xSMC05", 1, NULL), "");
	assert_string_equal(find_str("SMC05", 1, NULL), "");
	assert_string_equal(find_str("SC23+SC24", 4, NULL), "SC24");
}

/* Every found name normalises, and random bytes never crash or overrun. */
static void test_find_robust(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"SMC", "SC", "CSC", "CSCWG", "NS", "FORUM", "Ballot", "ballot", "-", "_", " ", ":", "0", "05",
		"081", "v", "V3", "1234567", ".", "#", "x", "\xc2\xa0", "\xff",
	};
	unsigned long seed = 99;
	for (int round = 0; round < 20000; round++) {
		char buf[128];
		size_t len = 0;
		int parts = (int)(seed % 10);
		for (int k = 0; k < parts; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			const char *p = pieces[(seed >> 33) % ARRAY_SIZE(pieces)];
			size_t pl = strlen(p);
			if (len + pl >= sizeof(buf))
				break;
			memcpy(buf + len, p, pl);
			len += pl;
		}
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		buf[len] = '\0';
		char *copy = xmalloc(len + 1);
		memcpy(copy, buf, len + 1);
		size_t from = 0, start, n;
		while (ballot_name_find(&start, &n, copy, from) == 0) {
			assert_true(start >= from && n > 0 && start + n <= len);
			char name[128], key[32];
			memcpy(name, copy + start, n);
			name[n] = '\0';
			if (ballot_name_normalize(key, sizeof(key), name) != 0)
				fail_msg("found '%s' in '%s' but it does not normalise", name, copy);
			from = start + n;
		}
		char key[32];
		int rc = ballot_name_normalize(key, sizeof(key), copy);
		assert_true(rc == 0 || rc == CT_EINVALID);
		free(copy);
	}
}

static void test_corpus_tags(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_run(&out, NULL, "git -C '%s/smime.git' tag; git -C '%s/smime.git' log --format=%%s main",
				corpus, corpus), 0);
	int seen[13] = { 0 };
	char *line = out.buf;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		size_t start, len;
		if (ballot_name_find(&start, &len, line, 0) == 0) {
			char name[64], key[32];
			assert_true(len < sizeof(name));
			memcpy(name, line + start, len);
			name[len] = '\0';
			assert_int_equal(ballot_name_normalize(key, sizeof(key), name), 0);
			int n;
			if (sscanf(key, "SMC%d", &n) == 1 && n >= 1 && n <= 12)
				seen[n] = 1;
		}
		line = nl ? nl + 1 : NULL;
	}
	for (int n = 1; n <= 12; n++)
		if (n != 2 && !seen[n])
			fail_msg("no tag or commit subject names SMC%d", n);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_rejects),
		cmocka_unit_test(test_normalize_buffer),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_nothing),
		cmocka_unit_test(test_find_from),
		cmocka_unit_test(test_find_robust),
		cmocka_unit_test(test_corpus_tags),
	};
	return cmocka_run_group_tests_name("ballot_name", tests, NULL, NULL);
}
