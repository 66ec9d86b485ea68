/*
 * test_anchor.c - heading anchors exactly as GitHub makes them (anchor.h).
 *
 * The table gives, for heading lines as written, the anchor GitHub
 * produces: the github-slugger rules (its regex is generated from the
 * Unicode general categories and checked against the anchors github.com
 * gave for one heading per category: test/General_Category/ in
 * Flet/github-slugger), applied to the text cmark-gfm renders.  Then the
 * uniqueness counter, link fragments, and the outline `sections`, `show`,
 * `check` and the issue linker share, on a repository the test makes.
 */
#include "testutil.h"

#include <time.h>

#include "importers/anchor.h"
#include "tracker/cli/cli.h"
#include "tracker/outline.h"

struct row {
	const char *heading;    /* the heading line as written */
	const char *anchor;     /* GitHub's anchor for it */
};

static const struct row table[] = {
	/* Spaces: every ASCII space is a hyphen, never collapsed, also after the number. */
	{ "# 7.  CERTIFICATE PROFILES", "7--certificate-profiles" },
	{ "## 4.2.2.1 CAA records", "4221-caa-records" },
	{ "# a   b", "a---b" },
	{ "# -leading and trailing-", "-leading-and-trailing-" },
	{ "#\tTabbed heading", "tabbed-heading" },
	{ "## Title ##", "title" },
	{ "## Title #   ", "title" },
	{ "# C#", "c" },
	{ "# Issue #5", "issue-5" },
	{ "   ### Indented", "indented" },
	/* Other space separators are removed like punctuation (Zs, Zl, Zp). */
	{ "### 3.2.2.8\u00a0CAA Records", "3228caa-records" },
	{ "# em\u2003space", "emspace" },
	{ "# ideographic\u3000space", "ideographicspace" },
	{ "# narrow\u202fno-break", "narrowno-break" },
	{ "# line\u2028separator\u2029paragraph", "lineseparatorparagraph" },
	/* ASCII punctuation and symbols (none of the inline Markdown characters). */
	{ "# a!b\"c#d$e%f'g(h)i+j,k.l/m:n;o=p?q@r^s{t|u}v~w>x", "abcdefghijklmnopqrstuvwx" },
	{ "# Appendix A - Registration schemes", "appendix-a---registration-schemes" },
	{ "# HTTP GET", "http-get" },
	/* Pc kept; Pd other than '-' removed. */
	{ "# Connector _\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f", "connector-_\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f" },
	{ "# Dash -\u058a\u05be\u2010\u2011\u2012\u2013\u2014\u2015\u2e3a\u301c\u30a0\uff0d", "dash--" },
	{ "# Appendix B \u2013 Issuance of Certificates for Onion Domain Names",
	  "appendix-b--issuance-of-certificates-for-onion-domain-names" },
	{ "# A \u2014 B", "a--b" },
	/* Ps, Pe, Pi, Pf, Po. */
	{ "# Open ({\u0f3a\u2045\u3008\uff08\u3010", "open-" },
	{ "# Close )}\u0f3b\u2046\u3009\uff09\u3011", "close-" },
	{ "# Initial \u00ab\u2018\u201c\u2039", "initial-" },
	{ "# Final \u00bb\u2019\u201d\u203a", "final-" },
	{ "# \u201cQuoted\u201d \u2018text\u2019 don\u2019t", "quoted-text-dont" },
	{ "# Other !%'\u00a1\u00a7\u00b6\u00b7\u00bf\u3001\u3002\u30fb\u066a", "other-" },
	{ "# Don\u2019t \u00a7 1.2", "dont--12" },
	{ "# \u5168\u89d2\uff08\u62ec\u5f27\uff09", "\u5168\u89d2\u62ec\u5f27" },
	{ "# \u3010\u91cd\u8981\u3011\u304a\u77e5\u3089\u305b", "\u91cd\u8981\u304a\u77e5\u3089\u305b" },
	/* Sm, Sc, Sk, So: removed, but for the symbols Unicode counts as letters. */
	{ "# Math +=|~\u00ac\u00b1\u00d7\u00f7\u2211\u221a\u221e", "math-" },
	{ "# Left \u2192 Right", "left--right" },
	{ "# Currency $\u00a2\u00a3\u00a5\u20ac\u20b9\u20bf", "currency-" },
	{ "# Modifier ^\u00a8\u00af\u00b4\u02c2\u02c5\u02da\u02dc", "modifier-" },
	{ "# Other \u00a9\u00ae\u00b0\u2116\u2122\u2191\u2318\u263a\u2713", "other-" },
	{ "# Party \U0001f389 time", "party--time" },
	{ "# Flag \U0001f1e9\U0001f1ea and ZWJ \U0001f469\u200d\U0001f4bb", "flag--and-zwj-" },
	{ "# Circled \u24b6\u24d1\u24e9 \U0001f130\U0001f150\U0001f170", "circled-\u24d0\u24d1\u24e9-\U0001f130\U0001f150\U0001f170" },
	/* Numbers: Nd and Nl kept (lower-cased), No removed. */
	{ "# Digits 3\u0663\u06f3\u0969\u0be9\uff13", "digits-3\u0663\u06f3\u0969\u0be9\uff13" },
	{ "# Roman \u216b \u217b \u3007", "roman-\u217b-\u217b-\u3007" },
	{ "# Other numbers x\u00b2 \u00bd \u2460 \u2488", "other-numbers-x---" },
	/* Marks kept: Mn, Mc, Me. */
	{ "# Cafe\u0301 \u0915\u093e \u20dd", "cafe\u0301-\u0915\u093e-\u20dd" },
	/* Format, control, private use and unassigned code points removed. */
	{ "# zero\u200bwidth soft\u00adhyphen", "zerowidth-softhyphen" },
	{ "# control\x7f" "char", "controlchar" },
	{ "# private\ue000use", "privateuse" },
	{ "# unassigned\U000e0080x", "unassignedx" },
	/* Scripts, lower-cased by Unicode rules. */
	{ "# \u041f\u0440\u0438\u0432\u0435\u0442 \u041c\u0418\u0420", "\u043f\u0440\u0438\u0432\u0435\u0442-\u043c\u0438\u0440" },
	{ "# \u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u039a\u0395\u0399\u039c\u0395\u039d\u0391",
	  "\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac-\u03ba\u03b5\u03b9\u03bc\u03b5\u03bd\u03b1" },
	{ "# \u03a3\u039f\u03a6\u0399\u0391\u03a3", "\u03c3\u03bf\u03c6\u03b9\u03b1\u03c3" }, /* no final sigma */
	{ "# \u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645\u060c \u0623\u0647\u0644\u0627\u061f",
	  "\u0645\u0631\u062d\u0628\u0627-\u0628\u0627\u0644\u0639\u0627\u0644\u0645-\u0623\u0647\u0644\u0627" },
	{ "# \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd", "\u05e9\u05dc\u05d5\u05dd-\u05e2\u05d5\u05dc\u05dd" },
	{ "# \u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e",
	  "\u0928\u092e\u0938\u094d\u0924\u0947-\u0926\u0941\u0928\u093f\u092f\u093e" },
	{ "# \u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057\u3002", "\u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057" },
	{ "# \ud55c\uad6d\uc5b4 \uc81c\ubaa9", "\ud55c\uad6d\uc5b4-\uc81c\ubaa9" },
	{ "# \u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22", "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22" },
	{ "# \u0130stanbul", "i\u0307stanbul" }, /* full lower-case mapping */
	{ "# Gr\u00f6\u00dfe \u1e9e", "gr\u00f6\u00dfe-\u00df" },
	{ "# \u01c5ungla", "\u01c6ungla" }, /* title case letter */
	{ "# \u00c9T\u00c9 \u00c0 ROME", "\u00e9t\u00e9-\u00e0-rome" },
	/* The text cmark-gfm renders: entities, escapes, code, emphasis, links, HTML, images. */
	{ "# Fish &amp; Chips", "fish--chips" },
	{ "# A&#x20;B&#32;C", "a-b-c" },
	{ "# caf&eacute; &copy; 2024", "caf\u00e9--2024" },
	{ "# &nbsp;No-break entity", "no-break-entity" },
	{ "# 1\\.2 \\*not\\* emphasis", "12-not-emphasis" },
	{ "# The `foo_bar()` call", "the-foo_bar-call" },
	{ "# `&amp;` in code", "amp-in-code" },
	{ "# *Important* **note** _here_", "important-note-here" },
	{ "# snake_case_name and __init__", "snake_case_name-and-init" },
	{ "# See [RFC 5280](https://www.rfc-editor.org/rfc/rfc5280) section", "see-rfc-5280-section" },
	{ "# Link to <https://example.com/a>", "link-to-httpsexamplecoma" },
	{ "# Logo ![alt text](logo.png) here", "logo--here" },
	{ "# Foo <span>bar</span> <a name=\"x\"></a>baz", "foo-bar-baz" },
	{ "# ~~old~~ new", "old-new" },
	{ "# 1. *Numbered* heading", "1-numbered-heading" },
	{ "# [Unresolved][ref]", "unresolvedref" },
	{ "# Ends with \\#", "ends-with-" },
};

static void test_table(void **state)
{
	(void)state;
	size_t n = sizeof(table) / sizeof(table[0]);
	assert_true(n >= 60);
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		anchor_slug(&sb, table[i].heading, strlen(table[i].heading));
		if (strcmp(sb.buf, table[i].anchor))
			fail_msg("heading \"%s\": anchor \"%s\", GitHub makes \"%s\"", table[i].heading, sb.buf,
				 table[i].anchor);
		strbuf_release(&sb);
	}
}

/* Give out anchors for the slugs in order; compare with `want`. */
static void check_unique(const char *const *slugs, const char *const *want, size_t n)
{
	struct anchor_set set = ANCHOR_SET_INIT;
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		anchor_set_unique(&sb, &set, slugs[i], strlen(slugs[i]));
		assert_string_equal(sb.buf, want[i]);
		strbuf_release(&sb);
	}
	anchor_set_release(&set);
}

static void test_duplicates(void **state)
{
	(void)state;
	const char *a[] = { "a", "a-1", "a" }, *wa[] = { "a", "a-1", "a-2" };
	check_unique(a, wa, 3);
	const char *b[] = { "intro", "intro", "intro" }, *wb[] = { "intro", "intro-1", "intro-2" };
	check_unique(b, wb, 3);
	const char *c[] = { "foo", "foo-1", "foo", "foo-1", "foo" };
	const char *wc[] = { "foo", "foo-1", "foo-2", "foo-1-1", "foo-3" };
	check_unique(c, wc, 5);
	const char *d[] = { "", "", "-1" }, *wd[] = { "", "-1", "-1-1" };
	check_unique(d, wd, 3);
	const char *e[] = { "x-1", "x", "x" }, *we[] = { "x-1", "x", "x-2" };
	check_unique(e, we, 3);
}

/* 100,000 headings with one title: linear, not a rescan per heading. */
static void test_duplicates_many(void **state)
{
	(void)state;
	struct anchor_set set = ANCHOR_SET_INIT;
	struct strbuf sb = STRBUF_INIT;
	clock_t t0 = clock();
	for (int i = 0; i < 100000; i++) {
		strbuf_reset(&sb);
		anchor_set_unique(&sb, &set, "definitions", 11);
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_string_equal(sb.buf, "definitions-99999");
	strbuf_reset(&sb);
	anchor_set_unique(&sb, &set, "definitions-5", 13);
	assert_string_equal(sb.buf, "definitions-5-1");
	assert_true(secs < 2.0); /* a rescan per heading takes minutes */
	strbuf_release(&sb);
	anchor_set_release(&set);
}

static void test_link_key(void **state)
{
	(void)state;
	struct {
		const char *fragment, *key;
	} t[] = {
		{ "#3228CAA-Records", "3228caa-records" },
		{ "4221-caa-records", "4221-caa-records" },
		{ "%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82", "\u043f\u0440\u0438\u0432\u0435\u0442" },
		{ "#%E5%85%A8%E8%A7%92", "\u5168\u89d2" },
		{ "50%-off", "50%-off" },
		{ "#", "" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		anchor_link_key(&sb, t[i].fragment, strlen(t[i].fragment));
		assert_string_equal(sb.buf, t[i].key);
		strbuf_release(&sb);
	}
}

static size_t len_or_0(const char *s)
{
	return s ? strlen(s) : 0;
}

/* A section record over literal strings (the test's; never released). */
#define SEC(num, ttl, lvl, nlines, head) \
	{ .number = (char *)(num), .title = (char *)(ttl), .title_len = sizeof(ttl) - 1, .level = (lvl), \
	  .lines = (nlines), .heading = (char *)(head), .heading_len = len_or_0(head) }

/* The outline of section records: the heading line as written, duplicates counted across the document. */
static void test_outline(void **state)
{
	(void)state;
	struct ct_section secs[] = {
		SEC(NULL, "Front matter", 0, 2, NULL),
		SEC("7", "CERTIFICATE PROFILES", 1, 2, "# 7.  CERTIFICATE PROFILES"),
		SEC("3.2.2.8", "CAA Records", 3, 2, "### 3.2.2.8\u00a0CAA Records"),
		SEC(NULL, "Notes", 2, 1, "## Notes"),
		SEC(NULL, "Notes", 2, 1, "## Notes\r"),
	};
	struct ct_section_list rows = { secs, sizeof(secs) / sizeof(secs[0]) };
	struct outline built = OUTLINE_INIT;
	outline_of_sections(&built, &rows);
	json_t *outline = outline_to_json(&built);
	outline_release(&built);
	assert_true(json_is_null(json_object_get(json_array_get(outline, 0), "anchor")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(outline, 1), "anchor")),
			    "7--certificate-profiles");
	assert_string_equal(json_string_value(json_object_get(json_array_get(outline, 2), "anchor")), "3228caa-records");
	assert_string_equal(json_string_value(json_object_get(json_array_get(outline, 3), "anchor")), "notes");
	assert_string_equal(json_string_value(json_object_get(json_array_get(outline, 4), "anchor")), "notes-1");

	/* The plain outline says the same: parents, lines, anchors; the JSON form is made from it. */
	struct outline ol = OUTLINE_INIT;
	outline_of_sections(&ol, &rows);
	assert_int_equal(ol.n, 5);
	assert_null(ol.v[0].anchor);
	assert_null(ol.v[0].number);
	assert_int_equal(ol.v[0].level, 0);
	assert_string_equal(ol.v[1].anchor, "7--certificate-profiles");
	assert_null(ol.v[1].parent);
	assert_string_equal(ol.v[2].parent, "7");
	assert_string_equal(ol.v[2].title, "CAA Records");
	assert_int_equal(ol.v[2].line_start, 5);
	assert_int_equal(ol.v[2].line_end, 6);
	assert_string_equal(ol.v[3].parent, "7"); /* level 2 under the level-1 "7", not under 3.2.2.8 */
	assert_string_equal(ol.v[4].anchor, "notes-1");
	assert_int_equal(ol.v[4].line_start, 8);
	assert_int_equal(ol.v[4].line_end, 8);
	for (size_t i = 0; i < ol.n; i++) {
		json_t *o = json_array_get(outline, i);
		assert_int_equal(json_integer_value(json_object_get(o, "line_start")), ol.v[i].line_start);
		assert_int_equal(json_integer_value(json_object_get(o, "line_end")), ol.v[i].line_end);
		assert_int_equal(json_integer_value(json_object_get(o, "level")), ol.v[i].level);
		if (ol.v[i].parent)
			assert_string_equal(json_string_value(json_object_get(o, "parent")), ol.v[i].parent);
		else
			assert_true(json_is_null(json_object_get(o, "parent")));
	}
	outline_release(&ol);
	assert_null(ol.v);
	json_decref(outline);
}

/* ---- one anchor everywhere: sections, show, check, the issue linker ----------- */

static const char doc[] =
	"---\ntitle: Test\nsubtitle: Version 1.0.0\n---\n\n"
	"# 1. INTRODUCTION\n\n"
	"See [profiles](#7--certificate-profiles), [CAA](#3228caa-records), [\u00e9t\u00e9](#%C3%A9t%C3%A9),\n"
	"[collapsed](#7-certificate-profiles) and [again](#notes-1).\n\n"
	"## Notes\n\n## Notes\n\n"
	"### 3.2.2.8\u00a0CAA Records\n\n"
	"# \u00c9t\u00e9\n\n"
	"# 7.  CERTIFICATE PROFILES\n\nText.\n";

static const char issues_json[] =
	"[{\"url\": \"https://api.github.com/repos/example/doc/issues/1\","
	" \"repository_url\": \"https://api.github.com/repos/example/doc\","
	" \"html_url\": \"https://github.com/example/doc/issues/1\", \"number\": 1, \"title\": \"CAA\","
	" \"body\": \"https://github.com/example/doc/blob/main/TST.md#3228caa-records and "
	"https://github.com/example/doc/blob/main/TST.md#7--certificate-profiles\","
	" \"state\": \"open\", \"user\": {\"login\": \"x\"}, \"labels\": [],"
	" \"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-02T00:00:00Z\"}]";

static int has_link(json_t *is, const char *target)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(is, "links"), i, l)
		if (!strcmp(json_string_value(json_object_get(l, "kind")), "section") &&
		    !strcmp(json_string_value(json_object_get(l, "target")), target) &&
		    json_is_true(json_object_get(l, "resolved")))
			return 1;
	return 0;
}

static void test_commands(void **state)
{
	(void)state;
	char *tmp = tu_tmpdir();
	struct strbuf repo = STRBUF_INIT, db = STRBUF_INIT, path = STRBUF_INIT, out = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&repo, "%s/doc", tmp); /* named as the GitHub repository */
	strbuf_addf(&db, "%s/t.db", tmp);
	assert_int_equal(tu_run(NULL, NULL, "git init -q -b main '%s'", repo.buf), 0);
	strbuf_addf(&path, "%s/TST.md", repo.buf);
	tu_write_file(path.buf, doc, strlen(doc));
	assert_int_equal(tu_run(NULL, NULL, "git -C '%s' add TST.md && git -C '%s' -c user.name=t "
				"-c user.email=t@example.org commit -q -m first", repo.buf, repo.buf), 0);
	strbuf_addf(&args, "import '%s' --path TST.md --doc TST -q", repo.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	/* sections */
	json_t *secs = tu_ct_json(db.buf, "sections --format json");
	assert_non_null(secs);
	static const char *const want[] = { "1-introduction", "notes", "notes-1", "3228caa-records", "\u00e9t\u00e9",
					    "7--certificate-profiles" };
	assert_int_equal(json_array_size(secs), 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(secs, i), "anchor")), want[i]);
	/* a no-break space after the number still ends the number */
	assert_string_equal(json_string_value(json_object_get(json_array_get(secs, 3), "number")), "3.2.2.8");
	assert_string_equal(json_string_value(json_object_get(json_array_get(secs, 3), "title")), "CAA Records");
	json_decref(secs);

	/* show, by anchor as a link writes it */
	assert_int_equal(tu_ct(&out, NULL, db.buf, "show '#3228caa-records'"), 0);
	assert_non_null(strstr(out.buf, "CAA Records"));
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "show '#%C3%89t%C3%A9'"), 0);
	assert_non_null(strstr(out.buf, "anchor #\u00e9t\u00e9"));

	/* check: the links GitHub follows are fine, the collapsed one is broken */
	strbuf_reset(&out);
	tu_ct(&out, NULL, db.buf, "check main --format json");
	json_t *f = json_loads(out.buf, 0, NULL);
	assert_non_null(f);
	size_t i, broken = 0;
	json_t *x;
	json_array_foreach(f, i, x)
		if (!strcmp(json_string_value(json_object_get(x, "rule")), "broken-anchor")) {
			broken++;
			assert_string_equal(json_string_value(json_object_get(x, "anchor")), "7-certificate-profiles");
		}
	assert_int_equal(broken, 1);
	json_decref(f);

	/* the issue linker */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/issues.json", tmp);
	tu_write_file(path.buf, issues_json, strlen(issues_json));
	strbuf_reset(&args);
	strbuf_addf(&args, "import github '%s'", path.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
	json_t *all = tu_ct_json(db.buf, "issues --format json");
	json_t *is = json_array_get(all, 0);
	assert_true(has_link(is, "3.2.2.8"));
	assert_true(has_link(is, "7"));
	json_decref(all);

	tu_rmtree(tmp);
	free(tmp);
	strbuf_release(&repo);
	strbuf_release(&db);
	strbuf_release(&path);
	strbuf_release(&out);
	strbuf_release(&args);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_duplicates_many),
		cmocka_unit_test(test_link_key),
		cmocka_unit_test(test_outline),
		cmocka_unit_test(test_commands),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
