/*
 * test_typography.c - typography does not change facts (typography.h):
 * the fold and its offset map, requirement ids that ignore hyphens, dashes,
 * quotes and no-break spaces, a ballot that only replaced them introducing
 * no date (a repository the test makes), and BR's 2024-03-15 CRL dates in
 * 7.2 credited to SC063, not SC095 (the shared corpus).
 */
#include "testutil.h"

#include "importers/extract.h"
#include "tracker/base/typography.h"

static void test_fold(void **state)
{
	(void)state;
	const char *s = "a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h\u00a0i\u2009j\u202fk\u2018l\u2019m\u201cn\u201do";
	struct strbuf out = STRBUF_INIT;
	size_t *map;
	assert_true(typo_has(s, strlen(s)));
	typo_fold(&out, &map, s, strlen(s));
	assert_string_equal(out.buf, "a-b-c-d-e-f-g-h i j k'l'm\"n\"o");
	/* each folded byte maps back to the character it came from; the end maps to the end */
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 1);                     /* U+2010 at byte 1 */
	assert_int_equal(map[2], 4);                     /* 'b' after the 3 bytes */
	assert_int_equal(map[out.len], strlen(s));
	free(map);
	strbuf_release(&out);

	/* nothing to fold: copied as is, é (C3 A9) and à (C3 A0) included */
	const char *plain = "caf\u00e9 \u00e0 la \u2020 \u20ac";
	assert_false(typo_has(plain, strlen(plain)));
	typo_fold(&out, NULL, plain, strlen(plain));
	assert_string_equal(out.buf, plain);
	strbuf_release(&out);
	/* a sequence cut short is copied */
	typo_fold(&out, NULL, "x\xe2\x80", 3);
	assert_memory_equal(out.buf, "x\xe2\x80", 3);
	strbuf_release(&out);
}

static void rid(char out[17], const char *s)
{
	extract_requirement_id(out, s, strlen(s));
}

static void test_requirement_id(void **state)
{
	(void)state;
	char a[17], b[17], c[17];
	rid(a, "Prior to 2024-03-15, the CA SHALL issue CRLs per the \"old\" profile for Publicly-Trusted Certificates.");
	rid(b, "Prior to 2024\u201003\u201015, the CA SHALL issue CRLs per the \u201cold\u201d profile for "
	       "Publicly\u2010Trusted\u00a0Certificates.");
	rid(c, "Prior to 2024-03-15, the CA SHALL issue CRLs per the new profile for Publicly-Trusted Certificates.");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	rid(a, "The CA\u2019s policy \u2212 and \u2014 its practice");
	rid(b, "The CA's policy - and - its practice");
	assert_string_equal(a, b);
}

static const char before[] =
	"---\ntitle: T\nsubtitle: Version 1.0.0\n---\n\n# 7. PROFILES\n\n## 7.2 CRL profile\n\n"
	"Prior to 2024\u201003\u201015, the CA SHALL issue CRLs in accordance with the \u201cold\u201d profile. "
	"Effective 2024\u201003\u201015, the CA SHALL issue CRLs per these\u00a0Requirements.\n";
static const char after[] =
	"---\ntitle: T\nsubtitle: Version 1.0.0\n---\n\n# 7. PROFILES\n\n## 7.2 CRL profile\n\n"
	"Prior to 2024-03-15, the CA SHALL issue CRLs in accordance with the \"old\" profile. "
	"Effective 2024-03-15, the CA SHALL issue CRLs per these Requirements.\n";

static void commit(const char *repo, const char *text, const char *subject)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/BR.md", repo);
	tu_write_file(path.buf, text, strlen(text));
	assert_int_equal(tu_run(NULL, NULL, "git -C '%s' add BR.md && git -C '%s' -c user.name=t -c user.email=t@example.org "
				"commit -q -m '%s'", repo, repo, subject), 0);
	strbuf_release(&path);
}

/* A ballot that only replaced hyphens, quotes and spaces introduces nothing; the dates stay with the first. */
static void test_typography_ballot(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	struct strbuf repo = STRBUF_INIT, db = STRBUF_INIT, args = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&repo, "%s/servercert", tmp);
	strbuf_addf(&db, "%s/t.db", tmp);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", repo.buf), 0);
	commit(repo.buf, before, "Ballot SC-063: CRL profile");
	commit(repo.buf, after, "Ballot SC-095: Typography");
	strbuf_addf(&args, "import '%s' --path BR.md -q", repo.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	json_t *dates = tu_ct_json(db.buf, "dates --format json"), *d;
	size_t i;
	assert_int_equal(json_array_size(dates), 2);
	json_array_foreach(dates, i, d) {
		assert_string_equal(json_string_value(json_object_get(d, "date")), "2024-03-15");
		assert_string_equal(json_string_value(json_object_get(d, "ballot")), "SC063"); /* the Forum's spelling */
	}
	json_decref(dates);
	/* SC095 brought no date */
	dates = tu_ct_json(db.buf, "dates --ballot SC095 --format json");
	assert_int_equal(json_array_size(dates), 0);
	json_decref(dates);
	dates = tu_ct_json(db.buf, "dates --ballot SC063 --format json");
	assert_int_equal(json_array_size(dates), 2);
	json_decref(dates);

	/* and the diff between the two has no requirement or date change */
	strbuf_reset(&args);
	assert_int_equal(tu_run(&out, NULL, "git -C '%s' rev-parse HEAD~1 HEAD", repo.buf), 0);
	char o1[41], o2[41];
	assert_int_equal(sscanf(out.buf, "%40s %40s", o1, o2), 2);
	strbuf_addf(&args, "diff %s %s --format json", o1, o2);
	json_t *diff = tu_ct_json(db.buf, args.buf);
	assert_int_equal(json_array_size(json_object_get(diff, "requirements")), 0);
	assert_int_equal(json_array_size(json_object_get(diff, "dates")), 0);
	json_decref(diff);

	tu_rmtree(tmp);
	free(tmp);
	strbuf_release(&repo);
	strbuf_release(&db);
	strbuf_release(&args);
	strbuf_release(&out);
}

/* BR 7.2: "Prior to 2024‐03‐15" (U+2010) came with SC063; SC095 only retyped it. */
static void test_corpus_br_crl_dates(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	char *tmp = tu_tmpdir();
	struct strbuf db = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&db, "%s/br.db", tmp);
	strbuf_addf(&args, "import '%s/servercert-br.git' --path docs/BR.md -q", corpus);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
	json_t *dates = tu_ct_json(db.buf, "dates --grep 'issue CRLs in accordance' --format json"), *d;
	size_t i, n = 0;
	json_array_foreach(dates, i, d) {
		if (strcmp(json_string_value(json_object_get(d, "date")), "2024-03-15"))
			continue;
		n++;
		char key[32];
		const char *b = json_string_value(json_object_get(d, "ballot"));
		assert_non_null(b);
		/* however the Forum spelled it in the commit: SC063, SC-063, SC63 */
		size_t k = 0;
		for (const char *p = b; *p && k + 1 < sizeof(key); p++)
			if (*p != '-' && !(*p == '0' && k == 2))
				key[k++] = *p;
		key[k] = '\0';
		assert_string_equal(key, "SC63");
	}
	assert_int_equal(n, 2);
	json_decref(dates);
	tu_rmtree(tmp);
	free(tmp);
	strbuf_release(&db);
	strbuf_release(&args);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_requirement_id),
		cmocka_unit_test(test_typography_ballot),
		cmocka_unit_test(test_corpus_br_crl_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
