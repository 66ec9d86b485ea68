/*
 * test_github.c - GitHub issues end to end: the Link header parser and the
 * reference scanners as units; `import github` of the corpus listing and
 * the links it must show; `sync github` against tests/ghserver.py (pages,
 * ETags and 304s, a 500, rate limits, a truncated body, a slow answer, an
 * unreachable server); every failure leaves the database byte for byte as
 * it was and prints one error line without the token.
 *
 * The S/MIME BR history is imported once into a template database that
 * each test copies.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <time.h>

#include "tracker/base/error.h"
#include "importers/github.h"
#include "importers/json_split.h"
#include "tracker/issue_link.h"

static char *tmp;
static int have_template;

#define TOKEN "secret-token-4711"

static const char *corpus_json(void)
{
	static char path[4096 + 64];
	const char *c = tu_corpus();
	if (!c)
		return NULL;
	snprintf(path, sizeof(path), "%s/github/cabforum-smime-issues.json", c);
	return path;
}

static int group_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	const char *c = tu_corpus();
	if (c) {
		struct strbuf args = STRBUF_INIT, db = STRBUF_INIT;
		strbuf_addf(&db, "%s/template.db", tmp);
		strbuf_addf(&args, "import '%s/smime.git' --path SBR.md -q", c);
		have_template = tu_ct(NULL, NULL, db.buf, args.buf) == 0;
		strbuf_release(&args);
		strbuf_release(&db);
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	return 0;
}

/* A fresh copy of the template database (the SBR imported) named `name`. */
static void template_copy(struct strbuf *db, const char *name)
{
	strbuf_reset(db);
	strbuf_addf(db, "%s/%s", tmp, name);
	assert_true(have_template);
	assert_int_equal(tu_run(NULL, NULL, "cp '%s/template.db' '%s'", tmp, db->buf), 0);
}

static void snapshot(struct strbuf *sb, const char *path)
{
	strbuf_reset(sb);
	assert_int_equal(tu_read_file(sb, path), 0);
}

static void assert_same_file(const struct strbuf *before, const char *path)
{
	struct strbuf after = STRBUF_INIT;
	snapshot(&after, path);
	assert_int_equal(before->len, after.len);
	assert_memory_equal(before->buf, after.buf, before->len);
	strbuf_release(&after);
}

static json_t *issue(json_t *all, long number)
{
	size_t i;
	json_t *r;
	json_array_foreach(all, i, r)
		if (json_integer_value(json_object_get(r, "number")) == number)
			return r;
	fprintf(stderr, "issue #%ld not listed\n", number);
	fail();
	return NULL;
}

/* Does the issue link to kind/target (resolved as given, or either when -1)? */
static int has_link(json_t *is, const char *kind, const char *target, int resolved)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(is, "links"), i, l)
		if (!strcmp(json_string_value(json_object_get(l, "kind")), kind) &&
		    !strcmp(json_string_value(json_object_get(l, "target")), target) &&
		    (resolved < 0 || json_is_true(json_object_get(l, "resolved")) == resolved))
			return 1;
	return 0;
}

static int has_label(json_t *is, const char *label)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(is, "labels"), i, l)
		if (!strcmp(json_string_value(l), label))
			return 1;
	return 0;
}

/* --- units ------------------------------------------------------------------ */

static void test_link_header(void **state)
{
	(void)state;
	char *url;
	const char *h = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", "
			"<https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
	assert_int_equal(github_link_find(&url, h, strlen(h), "next"), 0);
	assert_string_equal(url, "https://api.github.com/repositories/1/issues?page=2");
	free(url);
	assert_int_equal(github_link_find(&url, h, strlen(h), "last"), 0);
	assert_string_equal(url, "https://api.github.com/repositories/1/issues?page=5");
	free(url);
	assert_int_equal(github_link_find(&url, h, strlen(h), "prev"), CT_ENOTFOUND);
	assert_null(url);

	/* unquoted, several relations, extra parameters, odd spacing */
	const char *h2 = " <a?x=1,2>;type=\"text/html\" ; rel=first , <b>;title=\"x, y; z\";rel=\"prev next\"";
	assert_int_equal(github_link_find(&url, h2, strlen(h2), "next"), 0);
	assert_string_equal(url, "b");
	free(url);
	assert_int_equal(github_link_find(&url, h2, strlen(h2), "first"), 0);
	assert_string_equal(url, "a?x=1,2");
	free(url);

	/* the length bounds the value: no NUL needed, nothing read past it */
	char cut[] = { '<', 'u', '>', ';', 'r', 'e', 'l', '=', 'n', 'e', 'x', 't', 'X' };
	assert_int_equal(github_link_find(&url, cut, 12, "next"), 0);
	assert_string_equal(url, "u");
	free(url);
	assert_int_equal(github_link_find(&url, cut, 6, "next"), CT_ENOTFOUND);

	static const char *const bad[] = { "<unterminated; rel=next", "nourl; rel=next", "<u> rel=next",
					   "<u>; rel=\"next", "<u>; rel=x <v>" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(github_link_find(&url, bad[i], strlen(bad[i]), "next"), CT_EINVALID);
		assert_null(url);
	}
	assert_int_equal(github_link_find(&url, "", 0, "next"), CT_ENOTFOUND);

	char repo[128];
	assert_int_equal(github_repo_from_url(repo, sizeof(repo), "https://api.github.com/repos/cabforum/smime"), 0);
	assert_string_equal(repo, "cabforum/smime");
	assert_int_equal(github_repo_from_url(repo, sizeof(repo), "https://github.com/cabforum/smime/pull/228"), 0);
	assert_string_equal(repo, "cabforum/smime");
	assert_int_equal(github_repo_from_url(repo, sizeof(repo), "https://github.com/cabforum"), CT_EINVALID);
	assert_true(github_repo_name_valid("cabforum/smime"));
	assert_false(github_repo_name_valid("cabforum/smime/x"));
	assert_false(github_repo_name_valid("../x"));
	assert_false(github_repo_name_valid("a/b?x=1"));
}

/* The section targets found in text, joined with '|'. */
static void sections_of(struct strbuf *sb, const char *text)
{
	struct issue_ref refs[16];
	size_t n = issue_link_scan_sections(refs, 16, text, strlen(text));
	strbuf_reset(sb);
	for (size_t i = 0; i < n && i < 16; i++)
		strbuf_addf(sb, "%s%s", i ? "|" : "", refs[i].target);
}

static void test_scan_sections(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "7.1.2.3 Subscriber certificates, Paragraph f.", "7.1.2.3" },
		{ "calls for updating 4.9.1.1 to explicitly", "4.9.1.1" },
		{ "See Section 4.9.1.1 and \xc2\xa7" "3.2.2, also \xc2\xa7 6", "4.9.1.1|3.2.2|6" },
		{ "in 7.1.4.2.2 (a) and 7.1.4.2.2.b and 7.1.2.3(e).", "7.1.4.2.2|7.1.4.2.2|7.1.2.3" },
		{ "[Section 3.2.2.1](https://github.com/cabforum/smime/blob/main/SBR.md#3221-validating-authority)",
		  "3.2.2.1|3221-validating-authority" },
		{ "see (#4221-certification-authority-authorization)", "4221-certification-authority-authorization" },
		/* not sections */
		{ "Version 1.0.3, v1.0.10, v 2.4.1, version 1.1.1 and BR 2.0.5", "" },
		{ "OID 2.23.140.1.5.4.1 and id-kp (1.3.6.1.5.5.7.3.4)", "" },
		{ "hosts 192.168.1.1 and 10.0.0.1 on 2024.01.15", "" },
		{ "section 4.1.2 of RFC 5321, RFC 5280 section 4.2.1.3, \xc2\xa7" "7.1.2.10.2 of the TLS BR", "" },
		{ "TLS 1.2, X.509 and 1.2x and 4.5% and 1.2/3 and CCADB Policy Section 6.3", "" },
		{ "2.5 is a number: bare two-part numbers are kept only when they resolve", "2.5" },
		{ "section 4", "4" },
		{ "uri=uriserv:OJ.L_.2014.257.01.0073.01.ENG and /pipermail/2023-October/000800.html", "" },
		/* the byte filter that passes over prose: first and last bytes, an upper-case URL, nothing at all */
		{ "#4221-caa at the start and Section 4.9.1.1", "4221-caa|4.9.1.1" },
		{ "HTTPS://github.com/cabforum/smime/blob/main/SBR.md#3221-x then 3.2.2", "3221-x|3.2.2" },
		{ "only prose here, no mark that starts anything at all", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sections_of(&sb, cases[i].text);
		if (strcmp(sb.buf, cases[i].want))
			fprintf(stderr, "scan %zu: '%s': got '%s', want '%s'\n", i, cases[i].text, sb.buf, cases[i].want);
		assert_string_equal(sb.buf, cases[i].want);
	}

	/* what matched, and whether "Section"/"§" stood before it */
	struct issue_ref r[4];
	const char *t = "Per Section 7.1.4.2.2 (a), fine.";
	assert_int_equal(issue_link_scan_sections(r, 4, t, strlen(t)), 1);
	assert_true(r[0].explicit_ref);
	assert_int_equal(r[0].end - r[0].start, strlen("Section 7.1.4.2.2 (a)"));
	assert_memory_equal(t + r[0].start, "Section 7.1.4.2.2 (a)", r[0].end - r[0].start);
	/* an anchor in a link to another Markdown file carries its name */
	t = "https://github.com/cabforum/servercert/blob/main/docs/BR.md#3224-constructing";
	assert_int_equal(issue_link_scan_sections(r, 4, t, strlen(t)), 1);
	assert_string_equal(r[0].file, "BR.md");
	strbuf_release(&sb);
}

static void test_scan_issues(void **state)
{
	(void)state;
	struct issue_ref r[8];
	const char *t = "Fixes #7, see #12; &#123; #4221-anchor cabforum/servercert#580 "
			"https://github.com/cabforum/smime/pull/217 and https://github.com/cabforum/smime/issues/5#issuecomment-1 "
			"a#3 #0 #12345678";
	size_t n = issue_link_scan_issues(r, 8, t, strlen(t));
	assert_int_equal(n, 5);
	assert_string_equal(r[0].target, "#7");
	assert_true(r[0].explicit_ref);
	assert_memory_equal(t + r[0].start, "Fixes #7", 8);
	assert_string_equal(r[1].target, "#12");
	assert_false(r[1].explicit_ref);
	assert_string_equal(r[2].target, "cabforum/servercert#580");
	assert_string_equal(r[3].target, "cabforum/smime#217");
	assert_string_equal(r[4].target, "cabforum/smime#5");
	/* a reference as the first and as the last bytes, and an upper-case URL */
	t = "#9 then HTTPS://github.com/cabforum/smime/issues/3 then #10";
	n = issue_link_scan_issues(r, 8, t, strlen(t));
	assert_int_equal(n, 3);
	assert_string_equal(r[0].target, "#9");
	assert_string_equal(r[1].target, "cabforum/smime#3");
	assert_string_equal(r[2].target, "#10");
}

/* --- import github ---------------------------------------------------------- */

static void test_import_corpus(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, args = STRBUF_INIT;
	template_copy(&db, "import.db");
	strbuf_addf(&args, "import github '%s'", corpus_json());
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "imported 104 issues and pull requests of cabforum/smime"));

	json_t *all = tu_ct_json(db.buf, "issues --format json");
	assert_int_equal(json_array_size(all), 104);
	size_t i, prs = 0;
	json_t *r;
	json_array_foreach(all, i, r) {
		prs += json_is_true(json_object_get(r, "is_pull_request"));
		assert_true(json_is_array(json_object_get(r, "sections")));
		assert_true(json_is_array(json_object_get(r, "ballots")));
		assert_true(json_is_string(json_object_get(r, "created_at")));
		assert_true(json_is_string(json_object_get(r, "updated_at")));
	}
	assert_int_equal(prs, 36);
	assert_true(has_label(issue(all, 221), "Parked"));
	assert_true(has_link(issue(all, 123), "section", "7.1.2.3", 1));
	assert_true(has_link(issue(all, 274), "section", "4.9.1.1", 1));
	json_t *pr = issue(all, 228);
	assert_true(json_is_true(json_object_get(pr, "is_pull_request")));
	assert_true(has_link(pr, "ballot", "SMC05", 1));
	assert_true(has_link(pr, "ref", "refs/pull/228/head", 1));
	/* issues a ballot's branch addresses: an issue URL and a merged pull request in commit subjects */
	assert_true(has_link(issue(all, 203), "addressed", "SMC06", 1));
	assert_true(has_link(issue(all, 200), "addressed", "SMC03", 1));
	assert_false(has_link(issue(all, 228), "addressed", "SMC05", -1));  /* not by the ballot's own merge */
	/* an anchor in a link to the SBR, another document's RFC section left out, "fixes #7" */
	assert_true(has_link(issue(all, 255), "section", "7.1.6.4", 1));
	assert_false(has_link(issue(all, 198), "section", "4.1.2", -1));
	assert_true(has_link(issue(all, 150), "issue", "#7", 1));
	assert_true(has_link(issue(all, 274), "issue", "cabforum/servercert#580", 0));
	/* a section the SBR never had is kept, flagged */
	assert_true(has_link(issue(all, 239), "section", "3.2.2.9", 0));
	json_decref(all);

	/* the filters */
	json_t *f = tu_ct_json(db.buf, "issues --label parked --format json");
	assert_int_equal(json_array_size(f), 1);
	json_decref(f);
	f = tu_ct_json(db.buf, "issues --ballot SMC-05 --format json");
	assert_true(json_array_size(f) >= 1);
	json_decref(f);
	f = tu_ct_json(db.buf, "issues --section 4.9.1 --format json");
	assert_true(has_link(issue(f, 274), "section", "4.9.1.1", 1));
	json_decref(f);
	f = tu_ct_json(db.buf, "issues --state open --format json");
	assert_int_equal(json_array_size(f), 33);
	json_decref(f);
	f = tu_ct_json(db.buf, "issues --since 2026-05-01 --format json");
	json_array_foreach(f, i, r)
		assert_true(strcmp(json_string_value(json_object_get(r, "updated_at")), "2026-05-01") >= 0);
	assert_true(json_array_size(f) >= 1);
	json_decref(f);
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "issues --label NoSuchLabel"), 1);
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "issues --format csv --label Parked"), 0);
	assert_non_null(strstr(out.buf, "NUMBER,STATE,PR,UPDATED,LABELS,SECTIONS,CHANGES,BALLOTS,TITLE\r\n"));
	assert_non_null(strstr(out.buf, "221,closed"));

	/* importing the same file again changes nothing */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "0 new or changed"));

	strbuf_reset(&err);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, "issues --ballot nonsense"), 1);  /* no such ballot or draft: nothing matched */
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&args);
}

/* A deterministic pseudo-random number below n (a linear congruential generator). */
static unsigned pin_rand(unsigned *seed, unsigned n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

/*
 * A listing of 120 issues and pull requests of example/pin whose titles,
 * bodies and labels name sections (of the SBR and not), anchors, ballots
 * and issues over and over, in every spelling the scanners take; pull
 * requests carry ballots and "Fixes #N", several the same ballot.
 */
static void pin_listing(struct strbuf *json)
{
	static const char *const sections[] = { "4.2.2.1", "7.1.2.3", "4.9.1.1", "3.2.2.9", "1.1", "2.5", "7.1.4.2.2",
						"4.1.2", "9.9.9", "6.1.5", "3.2.2.1", "1.2.3.4.5" };
	static const char *const ballots[] = { "SMC01", "SMC-03", "Ballot SMC05", "smc06", "SMC 7", "Ballot SMC-09",
					       "SMC99", "Ballot_SMC02" };
	static const char *const forms[] = { "Section %s", "\\u00a7%s", "see %s", "%s (a)", "as %s says",
					     "[Section %s]", "in %s of RFC 5280", "TLS %s" };
	unsigned seed = 14;
	strbuf_addstr(json, "[");
	for (int n = 1; n <= 120; n++) {
		int pr = n % 5 == 0;
		strbuf_addf(json, "%s{\"number\": %d, \"state\": \"%s\", \"html_url\": \"https://github.com/example/pin/%s/%d\", "
			    "\"created_at\": \"20%02d-%02d-15T12:00:00Z\", \"updated_at\": \"2025-01-01T00:00:00Z\", "
			    "\"user\": {\"login\": \"u%d\"}, ",
			    n > 1 ? ",\n" : "", n, n % 3 ? "open" : "closed", pr ? "pull" : "issues", n,
			    22 + n % 3, 1 + n % 12, n % 7);
		if (pr)
			strbuf_addf(json, "\"pull_request\": {\"merged_at\": null}, \"title\": \"%s: update %s\", ",
				    ballots[pin_rand(&seed, 8)], sections[pin_rand(&seed, 12)]);
		else
			strbuf_addf(json, "\"title\": \"Question on Section %s and #%u\", ", sections[pin_rand(&seed, 12)],
				    1 + pin_rand(&seed, 140));
		strbuf_addstr(json, "\"labels\": [");
		for (unsigned l = 0, nl = pin_rand(&seed, 3); l < nl; l++)
			strbuf_addf(json, "%s{\"name\": \"%s\"}", l ? ", " : "", l ? "Parked" : ballots[pin_rand(&seed, 8)]);
		strbuf_addstr(json, "], \"body\": \"");
		for (int r = 0; r < 40; r++) {
			strbuf_addstr(json, "The CA SHALL verify the mailbox. ");
			switch (pin_rand(&seed, 9)) {
			case 0:
			case 1:
				strbuf_addf(json, forms[pin_rand(&seed, 8)], sections[pin_rand(&seed, 12)]);
				break;
			case 2:
				strbuf_addf(json, "%s did this", ballots[pin_rand(&seed, 8)]);
				break;
			case 3:
				strbuf_addf(json, "%s #%u", pin_rand(&seed, 2) ? "Fixes" : "relates to", 1 + pin_rand(&seed, 140));
				break;
			case 4:
				strbuf_addf(json, "%s#%u", pin_rand(&seed, 2) ? "Example/Pin" : "cabforum/smime",
					    1 + pin_rand(&seed, 140));
				break;
			case 5:
				strbuf_addf(json, "https://github.com/example/pin/issues/%u", 1 + pin_rand(&seed, 140));
				break;
			case 6:
				strbuf_addf(json, "https://github.com/cabforum/smime/blob/main/SBR.md#%s-x",
					    pin_rand(&seed, 2) ? "4221" : "7164");
				break;
			case 7:
				strbuf_addf(json, "#%d (this one)", n);
				break;
			default:
				strbuf_addstr(json, "version 1.0.2 of 2.23.140.1.5.4.1 at 10.0.0.1");
			}
			strbuf_addstr(json, r % 8 == 7 ? ".\\n\\n" : ". ");
		}
		strbuf_addstr(json, "\"}");
	}
	strbuf_addstr(json, "]\n");
}

/*
 * The links of a generated listing, every row as stored, are pinned in
 * tests/golden/github-links.txt: which mention of a target wins (title
 * before body before labels, the first in the text), what resolves
 * against the SBR as of each issue's creation, and which ballots address
 * which issues through which pull request (the lowest number first).
 */
static void test_links_pinned(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, json = STRBUF_INIT, path = STRBUF_INIT, args = STRBUF_INIT, got = STRBUF_INIT,
		      want = STRBUF_INIT;
	template_copy(&db, "pin.db");
	pin_listing(&json);
	strbuf_addf(&path, "%s/pin.json", tmp);
	tu_write_file(path.buf, json.buf, json.len);
	strbuf_addf(&args, "import github '%s' -q", path.buf);
	tu_ct_ok(db.buf, args.buf);

	sqlite3 *sql;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db.buf, &sql), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(sql, "SELECT number, kind, target, ifnull(doc, '-'), resolved, source, text "
					    "FROM issue_links ORDER BY number, kind, target", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&got, "%lld|%s|%s|%s|%d|%s|%s\n", (long long)sqlite3_column_int64(st, 0),
			    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
			    sqlite3_column_int(st, 4), sqlite3_column_text(st, 5), sqlite3_column_text(st, 6));
	sqlite3_finalize(st);
	sqlite3_close(sql);

	static const char golden[] = "tests/golden/github-links.txt";
	if (getenv("CABTRACK_UPDATE_GOLDEN"))
		tu_write_file(golden, got.buf, got.len);
	assert_int_equal(tu_read_file(&want, golden), 0);
	if (strcmp(want.buf, got.buf)) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/github-links.txt", tmp);
		tu_write_file(path.buf, got.buf, got.len);
		tu_run(NULL, NULL, "diff -u '%s' '%s' >&2", golden, path.buf);
	}
	assert_string_equal(want.buf, got.buf);
	/* the golden file holds every kind of link, resolved and not */
	static const char *const needles[] = { "|section|", "|ballot|", "|issue|", "|addressed|", "|pull|#", "|0|body|",
					       "|1|title|", "|label|" };
	for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
		assert_non_null(strstr(want.buf, needles[i]));
	strbuf_release(&db);
	strbuf_release(&json);
	strbuf_release(&path);
	strbuf_release(&args);
	strbuf_release(&got);
	strbuf_release(&want);
}

static const char html_item[] =
	"[{\"url\": \"https://api.github.com/repos/example/html/issues/1\","
	" \"repository_url\": \"https://api.github.com/repos/example/html\","
	" \"html_url\": \"https://github.com/example/html/issues/1\", \"number\": 1,"
	" \"title\": \"<script>alert('t')</script> & <b>bold</b>\","
	" \"body\": \"<img src=x onerror=alert(1)> see \\u00a74.2.1 and #2\","
	" \"state\": \"open\", \"user\": {\"login\": \"x\"}, \"labels\": [{\"name\": \"<i>SMC06</i>\"}],"
	" \"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-02T00:00:00Z\"}]";

/* Titles and bodies with HTML in them are stored, and listed, as the text they are. */
static void test_html_is_text(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, file = STRBUF_INIT, args = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&db, "%s/html.db", tmp);
	strbuf_addf(&file, "%s/html.json", tmp);
	tu_write_file(file.buf, html_item, strlen(html_item));
	strbuf_addf(&args, "import github '%s'", file.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	sqlite3 *sql;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(db.buf, &sql, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(sql, "SELECT title, body, labels FROM gh_issues", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "<script>alert('t')</script> & <b>bold</b>");
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "<img src=x onerror=alert(1)> see \xc2\xa7" "4.2.1 and #2");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "[\"<i>SMC06</i>\"]");
	sqlite3_finalize(st);
	sqlite3_close(sql);

	json_t *all = tu_ct_json(db.buf, "issues --format json");
	json_t *is = issue(all, 1);
	assert_string_equal(json_string_value(json_object_get(is, "title")), "<script>alert('t')</script> & <b>bold</b>");
	/* no document in this database: the section is kept, unresolved; the label names a ballot */
	assert_true(has_link(is, "section", "4.2.1", 0));
	assert_true(has_link(is, "ballot", "SMC06", 0));
	assert_true(has_link(is, "issue", "#2", 0));
	json_decref(all);
	/* a page format, when render has one, escapes it */
	if (tu_ct(&out, NULL, db.buf, "issues --format html") == 0)
		assert_null(strstr(out.buf, "<script>alert"));
	strbuf_release(&db);
	strbuf_release(&file);
	strbuf_release(&args);
	strbuf_release(&out);
}

/* Two item lists are the same, field by field. */
static void assert_same_items(const struct github_item *a, size_t na, const struct github_item *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		const char *sa[] = { a[i].title, a[i].body, a[i].state, a[i].state_reason, a[i].user, a[i].created_at,
				     a[i].updated_at, a[i].closed_at, a[i].html_url, a[i].labels, a[i].repo, a[i].merged_at,
				     a[i].head_ref, a[i].head_label, a[i].head_sha, a[i].base_ref };
		const char *sb[] = { b[i].title, b[i].body, b[i].state, b[i].state_reason, b[i].user, b[i].created_at,
				     b[i].updated_at, b[i].closed_at, b[i].html_url, b[i].labels, b[i].repo, b[i].merged_at,
				     b[i].head_ref, b[i].head_label, b[i].head_sha, b[i].base_ref };
		assert_int_equal(a[i].number, b[i].number);
		assert_int_equal(a[i].is_pull_request, b[i].is_pull_request);
		assert_int_equal(a[i].from_pulls, b[i].from_pulls);
		for (size_t k = 0; k < sizeof(sa) / sizeof(sa[0]); k++) {
			assert_int_equal(sa[k] == NULL, sb[k] == NULL);
			if (sa[k])
				assert_string_equal(sa[k], sb[k]);
		}
	}
}

/*
 * Long string values are decoded apart from jansson (importers/json_split.h):
 * the same items as jansson alone gives, for every escape and UTF-8 form;
 * and for every string jansson refuses, the same error, told by jansson.
 */
static void test_parse_long_strings(void **state)
{
	(void)state;
	/* every form a string can take, repeated past the long-string size */
	static const char unit[] = "plain text, \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC\\ud83d\\ude00 "
				   "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \x7f #12 Section 4.2.1 ";
	struct strbuf longs = STRBUF_INIT, json = STRBUF_INIT;
	for (int i = 0; i < 8; i++)
		strbuf_addstr(&longs, unit);
	strbuf_addstr(&json, "[");
	for (int i = 1; i <= 3; i++)
		strbuf_addf(&json, "%s{\"number\" : %d, \"title\":\"%s\", \"body\":\n\t\"%s\", \"state\": \"open\", "
			    "\"labels\": [{\"name\": \"%s\"}, \"%s\"], \"%s\": 1, \"user\": {\"login\": \"%s\"}, "
			    "\"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-02T00:00:00Z\", "
			    "\"html_url\": \"https://github.com/example/long/issues/%d\"}",
			    i > 1 ? ", " : "", i, i == 2 ? longs.buf : "short", longs.buf, longs.buf, longs.buf, longs.buf,
			    longs.buf, i);
	strbuf_addstr(&json, "] [{\"number\": 4, \"title\": \"t\", \"state\": \"closed\", \"body\": null, "
		      "\"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-02T00:00:00Z\", "
		      "\"closed_at\": \"2024-01-03T00:00:00Z\", \"head\": {\"label\": \"o:b\", \"ref\": \"b\", \"sha\": \"s\"}, "
		      "\"base\": {\"ref\": \"main\", \"repo\": {\"full_name\": \"example/long\"}}}]");

	/* the fast path is taken: titles of #2, the bodies, label names and logins are split off */
	struct json_split sp = JSON_SPLIT_INIT;
	assert_int_equal(json_split(&sp, json.buf, json.len, 256), 1);
	assert_int_equal(sp.n, 1 + 3 + 3 + 3);
	json_split_release(&sp);

	struct github_item *fast = NULL, *slow = NULL;
	size_t nfast = 0, nslow = 0;
	assert_int_equal(github_parse_items(&fast, &nfast, json.buf, json.len, "long.json"), 0);
	assert_int_equal(github_parse_items_plain(&slow, &nslow, json.buf, json.len, "long.json"), 0);
	assert_int_equal(nfast, 4);
	assert_same_items(fast, nfast, slow, nslow);
	assert_non_null(strstr(fast[0].body, "\"quoted\" \\ / \b\f\n\r\t \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 "));
	assert_string_equal(fast[1].title, fast[0].body);
	github_items_free(fast, nfast);
	github_items_free(slow, nslow);

	/* strings jansson refuses: the same failure, with jansson's words and byte positions */
	static const char *const bad[] = {
		"\x01", "\n", "\\u0000", "\\udc00", "\\ud800x", "\\ud800\\u0041", "\\ud83d", "\\x", "\\u12G4",
		"\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xff", "\x80",
	};
	for (size_t b = 0; b < sizeof(bad) / sizeof(bad[0]) + 1; b++) {
		strbuf_reset(&json);
		strbuf_addf(&json, "[{\"number\": 1, \"title\": \"t\", \"state\": \"open\", \"body\": \"%s%s%s",
			    longs.buf, b < sizeof(bad) / sizeof(bad[0]) ? bad[b] : "", longs.buf);
		if (b < sizeof(bad) / sizeof(bad[0]))    /* the last one ends inside the string */
			strbuf_addstr(&json, "\", \"created_at\": \"2024-01-01T00:00:00Z\", "
				      "\"updated_at\": \"2024-01-02T00:00:00Z\"}]");
		assert_int_equal(json_split(&sp, json.buf, json.len, 256), 0);
		assert_int_equal(github_parse_items(&fast, &nfast, json.buf, json.len, "bad.json"), CT_EINVALID);
		char *msg = xstrdup(ct_error_last());
		ct_error_clear();
		assert_int_equal(github_parse_items_plain(&slow, &nslow, json.buf, json.len, "bad.json"), CT_EINVALID);
		assert_string_equal(msg, ct_error_last());
		ct_error_clear();
		free(msg);
		assert_null(fast);
		assert_null(slow);
	}
	strbuf_release(&longs);
	strbuf_release(&json);
}

static void test_import_bad_files(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT, args = STRBUF_INIT,
		      data = STRBUF_INIT, path = STRBUF_INIT;
	template_copy(&db, "bad.db");
	strbuf_addf(&args, "import github '%s' -q", corpus_json());
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
	snapshot(&before, db.buf);
	assert_int_equal(tu_read_file(&data, corpus_json()), 0);

	struct {
		const char *name, *content;
		size_t len;
		const char *extra, *needle;
	} cases[] = {
		{ "truncated.json", data.buf, data.len / 2, "", "truncated JSON" },
		{ "text.json", "hello", 0, "", "not valid JSON" },
		{ "scalar.json", "[1]", 0, "", "item 1 is not an object" },
		{ "nonumber.json", "[{\"title\": \"x\", \"state\": \"open\"}]", 0, "", "has no valid \"number\"" },
		{ "badtime.json", "[{\"number\": 3, \"title\": \"x\", \"state\": \"open\", \"created_at\": \"yesterday\"}]", 0, "",
		  "(#3) has no valid \"created_at\"" },
		{ "badstate.json", "[{\"number\": 3, \"title\": \"x\", \"state\": \"merged\", \"created_at\": "
		  "\"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-01T00:00:00Z\", \"repository_url\": "
		  "\"https://api.github.com/repos/cabforum/smime\"}]", 0, "",
		  "(#3) has a \"state\" that is neither \"open\" nor \"closed\"" },
		{ "norepo.json", "[]", 0, "", "name it with --repo" },
		{ "other.json", html_item, 0, "--repo cabforum/smime", "belongs to example/html" },
		{ "absent.json", NULL, 0, "", "absent.json" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", tmp, cases[i].name);
		if (cases[i].content)
			tu_write_file(path.buf, cases[i].content, cases[i].len ? cases[i].len : strlen(cases[i].content));
		strbuf_reset(&args);
		strbuf_addf(&args, "import github '%s' %s", path.buf, cases[i].extra);
		strbuf_reset(&err);
		tu_assert_one_error(tu_ct(NULL, &err, db.buf, args.buf), &err, cases[i].needle);
		if (cases[i].content && strcmp(cases[i].name, "norepo.json") && strcmp(cases[i].name, "other.json"))
			assert_non_null(strstr(err.buf, cases[i].name)); /* names the file */
		assert_same_file(&before, db.buf);
	}
	/* two repositories at once */
	strbuf_reset(&args);
	strbuf_addf(&args, "import github '%s' '%s/other.json'", corpus_json(), tmp);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, args.buf), &err, "one repository at a time");
	assert_same_file(&before, db.buf);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "import github"), &err, "FILE.json");
	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&args);
	strbuf_release(&data);
	strbuf_release(&path);
}

/* One item of example/order, #224, as saved at `updated`, whose body names `section`. */
static void order_item(const char *path, const char *title, const char *state, const char *updated, const char *section)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "[{\"repository_url\": \"https://api.github.com/repos/example/order\", \"html_url\": "
		    "\"https://github.com/example/order/issues/224\", \"number\": 224, \"title\": \"%s\", \"state\": \"%s\", "
		    "\"body\": \"See Section %s.\", "
		    "\"labels\": [], \"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"%s\"%s}]",
		    title, state, section, updated, strcmp(state, "closed") ? "" : ", \"closed_at\": \"2024-03-01T00:00:00Z\"");
	tu_write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* Importing an older saved file after a newer one keeps the newer record and its links, in either order. */
static void test_import_keeps_newer(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, args = STRBUF_INIT, older = STRBUF_INIT, newer = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&older, "%s/order-old.json", tmp);
	strbuf_addf(&newer, "%s/order-new.json", tmp);
	order_item(older.buf, "Old title", "open", "2024-01-15T00:00:00Z", "7.1.2.3");
	order_item(newer.buf, "New title", "closed", "2024-03-01T00:00:00Z", "4.2.2.1");
	for (int order = 0; order < 4; order++) {
		template_copy(&db, "order.db");
		const char *first = order == 1 ? older.buf : newer.buf, *second = order == 1 ? newer.buf : older.buf;
		strbuf_reset(&args);
		if (order < 2) {
			strbuf_addf(&args, "import github '%s' -q", first);
			assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
			strbuf_reset(&args);
			strbuf_addf(&args, "import github '%s'", second);
		} else {
			/* one command, newer first, then older first */
			strbuf_addf(&args, "import github '%s' '%s'", order == 2 ? newer.buf : older.buf,
				    order == 2 ? older.buf : newer.buf);
		}
		strbuf_reset(&out);
		assert_int_equal(tu_ct(&out, NULL, db.buf, args.buf), 0);
		if (order == 0)
			assert_non_null(strstr(out.buf, "0 new or changed"));
		json_t *all = tu_ct_json(db.buf, "issues --state all --format json");
		json_t *is = issue(all, 224);
		assert_non_null(is);
		assert_string_equal(json_string_value(json_object_get(is, "title")), "New title");
		assert_string_equal(json_string_value(json_object_get(is, "state")), "closed");
		assert_string_equal(json_string_value(json_object_get(is, "updated_at")), "2024-03-01T00:00:00Z");
		/* and the links are the newer body's, whichever was read last */
		assert_true(has_link(is, "section", "4.2.2.1", -1));
		assert_false(has_link(is, "section", "7.1.2.3", -1));
		json_decref(all);
	}
	strbuf_release(&db);
	strbuf_release(&args);
	strbuf_release(&older);
	strbuf_release(&newer);
	strbuf_release(&out);
}

/*
 * Whether text holds a raw control character other than line feed: C0 or
 * DEL, and with c1 also U+0080-U+009F (JSON leaves those as they are).
 */
static int has_raw_control(const char *s, size_t len, int c1)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f ||
		    (c1 && c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0))
			return 1;
	}
	return 0;
}

/*
 * ESC, BEL and other control characters in issue titles and labels and in
 * ballot titles are shown escaped in text (\x1b), escaped as JSON does in
 * JSON, and never reach the terminal raw.
 */
static void test_control_chars_escaped(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, path = STRBUF_INIT, args = STRBUF_INIT;
	template_copy(&db, "controls.db");
	static const char item[] =
		"[{\"repository_url\": \"https://api.github.com/repos/cabforum/smime\", \"html_url\": "
		"\"https://github.com/cabforum/smime/issues/901\", \"number\": 901, \"title\": "
		"\"Fix \\u001b[2J\\u001b]0;pwned\\u0007 now\\u009b31m\", \"state\": \"open\", \"labels\": "
		"[{\"name\": \"lab\\u001b[5mel\"}], \"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": "
		"\"2024-01-02T00:00:00Z\"}]";
	strbuf_addf(&path, "%s/controls.json", tmp);
	tu_write_file(path.buf, item, strlen(item));
	strbuf_addf(&args, "import github '%s' -q", path.buf);
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);

	assert_int_equal(tu_ct(&out, NULL, db.buf, "issues --state all"), 0);
	assert_false(has_raw_control(out.buf, out.len, 1));
	assert_non_null(strstr(out.buf, "Fix \\x1b[2J\\x1b]0;pwned\\x07 now\\u009b31m"));
	assert_non_null(strstr(out.buf, "lab\\x1b[5mel"));
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "issues --state all --format json"), 0);
	assert_false(has_raw_control(out.buf, out.len, 0));
	json_t *all = json_loads(out.buf, 0, NULL), *is = issue(all, 901);
	assert_string_equal(json_string_value(json_object_get(is, "title")), "Fix \x1b[2J\x1b]0;pwned\x07 now\xc2\x9b" "31m");
	json_decref(all);

	/* a ballot title set by hand */
	strbuf_reset(&err);
	assert_int_equal(tu_run(NULL, &err, "%s --db '%s' ballot set SMC05 --title \"$(printf 'Red\\033[31m ring\\007 clear\\033[2J')\"",
				tu_binary(), db.buf), 0);
	static const char *const views[] = { "ballot list", "ballot show SMC05" };
	for (size_t i = 0; i < 2; i++) {
		strbuf_reset(&out);
		assert_int_equal(tu_ct(&out, NULL, db.buf, views[i]), 0);
		assert_false(has_raw_control(out.buf, out.len, 1));
		assert_non_null(strstr(out.buf, "Red\\x1b[31m ring\\x07 clear\\x1b[2J"));
	}
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, "ballot list --format json"), 0);
	assert_false(has_raw_control(out.buf, out.len, 0));
	assert_non_null(strstr(out.buf, "Red\\u001B[31m ring\\u0007"));
	/* an error quoting its input stays one line */
	strbuf_reset(&err);
	tu_assert_one_error(tu_run(NULL, &err, "%s --db '%s' ballot show \"$(printf 'X\\033[31m\\nY')\"", tu_binary(), db.buf),
			    &err, "X\\x1b[31m\\x0aY");
	assert_false(has_raw_control(err.buf, err.len, 1));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&path);
	strbuf_release(&args);
}

/* --- sync github against tests/ghserver.py ---------------------------------- */

static struct tu_server srv;

static int server_setup(void **state)
{
	(void)state;
	memset(&srv, 0, sizeof(srv));
	if (!corpus_json())
		return 0;
	char log[4096];
	snprintf(log, sizeof(log), "%s/server-%ld.log", tmp, (long)time(NULL) ^ (long)getpid());
	return tu_server_start(&srv, corpus_json(), 10, 3, log);
}

static int server_teardown(void **state)
{
	(void)state;
	tu_server_stop(&srv);
	return 0;
}

/* The requests the server saw so far, one object each. */
static json_t *server_log(void)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *arr = json_array();
	if (tu_read_file(&sb, srv.log) == 0) {
		char *line = sb.buf, *nl;
		while ((nl = strchr(line, '\n'))) {
			*nl = '\0';
			json_t *j = json_loads(line, 0, NULL);
			if (j)
				json_array_append_new(arr, j);
			line = nl + 1;
		}
	}
	strbuf_release(&sb);
	return arr;
}

static size_t count_status(json_t *log, size_t from, int status)
{
	size_t n = 0;
	for (size_t i = from; i < json_array_size(log); i++)
		n += json_integer_value(json_object_get(json_array_get(log, i), "status")) == status;
	return n;
}

/* Run `sync github cabforum/smime` against scenario `scen` with extra options. */
static int sync_run(struct strbuf *out, struct strbuf *err, const char *db, const char *scen, const char *extra)
{
	return tu_run(out, err, "GITHUB_TOKEN=" TOKEN " %s --db '%s' sync github cabforum/smime --api-url http://127.0.0.1:%d/%s %s",
		      tu_binary(), db, srv.port, scen, extra ? extra : "");
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_sync_pages_etags_304(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, idb = STRBUF_INIT, args = STRBUF_INIT,
		      before = STRBUF_INIT;
	template_copy(&db, "sync.db");
	double t0 = now_s();
	int rc = sync_run(&out, &err, db.buf, "ok", NULL);
	double t1 = now_s();
	if (rc)
		fprintf(stderr, "%s", err.buf);
	assert_int_equal(rc, 0);
	printf("sync of 104 issues, 10 a page: %.2f s\n", t1 - t0);
	assert_non_null(strstr(out.buf, "104 issues and pull requests and 36 pull heads received, 104 new or changed"));
	json_t *log = server_log();
	size_t first = json_array_size(log);
	assert_int_equal(first, 11 + 4); /* 104 issues and 36 pulls, 10 a page */
	json_t *e;
	size_t i;
	json_array_foreach(log, i, e) {
		assert_string_equal(json_string_value(json_object_get(e, "authorization")), "Bearer " TOKEN);
		assert_string_equal(json_string_value(json_object_get(e, "accept")), "application/vnd.github+json");
		assert_string_equal(json_string_value(json_object_get(e, "api_version")), "2022-11-28");
		assert_non_null(strstr(json_string_value(json_object_get(e, "user_agent")), "cabtrack"));
		assert_non_null(strstr(json_string_value(json_object_get(e, "path")), "sort=updated&direction=desc"));
	}
	json_decref(log);
	assert_null(strstr(out.buf, TOKEN));
	assert_null(strstr(err.buf, TOKEN));

	/* the same as importing the saved listing */
	strbuf_addf(&idb, "%s/same.db", tmp);
	assert_int_equal(tu_run(NULL, NULL, "cp '%s/template.db' '%s'", tmp, idb.buf), 0);
	strbuf_addf(&args, "import github '%s' -q", corpus_json());
	assert_int_equal(tu_ct(NULL, NULL, idb.buf, args.buf), 0);
	json_t *synced = tu_ct_json(db.buf, "issues --format json");
	json_t *imported = tu_ct_json(idb.buf, "issues --format json");
	assert_int_equal(json_array_size(synced), 104);
	json_t *r;
	json_array_foreach(imported, i, r) {
		json_t *s = issue(synced, (long)json_integer_value(json_object_get(r, "number")));
		static const char *const keys[] = { "title", "state", "labels", "sections", "ballots", "created_at",
						    "updated_at", "is_pull_request", "merged_at" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			assert_true(json_equal(json_object_get(r, keys[k]), json_object_get(s, keys[k])));
	}
	json_t *pr = issue(synced, 228);
	assert_true(has_link(pr, "ballot", "SMC05", 1));
	assert_true(has_link(pr, "ref", "refs/pull/228/head", 1));
	assert_string_equal(json_string_value(json_object_get(pr, "head_ref")), "pr-228");
	assert_string_equal(json_string_value(json_object_get(pr, "base_ref")), "main");
	assert_true(has_label(issue(synced, 221), "Parked"));

	/* nothing changed on the server: 304s only, nothing stored */
	strbuf_reset(&out);
	assert_int_equal(sync_run(&out, &err, db.buf, "ok", NULL), 0);
	assert_non_null(strstr(out.buf, "up to date"));
	log = server_log();
	assert_int_equal(json_array_size(log) - first, 2);
	assert_int_equal(count_status(log, first, 304), 2);
	json_array_foreach(log, i, e)
		if (i >= first)
			assert_non_null(json_object_get(e, "if_none_match"));
	json_decref(log);
	json_t *again = tu_ct_json(db.buf, "issues --format json");
	assert_true(json_equal(again, synced));
	json_decref(again);

	/* the token is nowhere in the database */
	snapshot(&before, db.buf);
	assert_null(memmem(before.buf, before.len, TOKEN, strlen(TOKEN)));

	json_decref(synced);
	json_decref(imported);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&idb);
	strbuf_release(&args);
	strbuf_release(&before);
}

/* One issue edited: the next sync fetches the first page only, and stores that issue. */
static void test_sync_picks_up_a_change(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT;
	template_copy(&db, "change.db");
	assert_int_equal(sync_run(NULL, NULL, db.buf, "ok", "-q"), 0);
	json_t *log = server_log();
	size_t first = json_array_size(log);
	json_decref(log);
	assert_int_equal(tu_run(NULL, NULL,
				"python3 -c \"import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:%d/_control/touch/221', method='POST'))\"",
				srv.port), 0);
	assert_int_equal(sync_run(&out, NULL, db.buf, "ok", NULL), 0);
	assert_non_null(strstr(out.buf, "1 new or changed"));
	log = server_log();
	assert_int_equal(json_array_size(log) - first, 3); /* the touch, /issues page 1 (200), /pulls page 1 (304) */
	assert_int_equal(count_status(log, first, 200), 1);
	assert_int_equal(count_status(log, first, 304), 1);
	json_decref(log);
	json_t *all = tu_ct_json(db.buf, "issues --format json");
	assert_int_equal(json_array_size(all), 104);
	json_t *is = issue(all, 221);
	assert_non_null(strstr(json_string_value(json_object_get(is, "title")), "(edited)"));
	assert_true(has_label(is, "Parked"));
	json_decref(all);
	strbuf_release(&db);
	strbuf_release(&out);
}

static void test_sync_retries_a_500(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	template_copy(&db, "flaky.db");
	int rc = sync_run(&out, &err, db.buf, "flaky", NULL);
	if (rc)
		fprintf(stderr, "%s", err.buf);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out.buf, "1 retried"));
	json_t *log = server_log();
	assert_int_equal(json_integer_value(json_object_get(json_array_get(log, 0), "status")), 500);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(log, 1), "status")), 200);
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, 0), "path")),
			    json_string_value(json_object_get(json_array_get(log, 1), "path")));
	json_decref(log);
	json_t *all = tu_ct_json(db.buf, "issues --format json");
	assert_int_equal(json_array_size(all), 104);
	json_decref(all);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_sync_waits_for_rate_limit(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT;
	template_copy(&db, "wait.db");
	double t0 = now_s();
	int rc = sync_run(NULL, &err, db.buf, "ratelimit-1", "--max-wait 10 -q");
	if (rc)
		fprintf(stderr, "%s", err.buf);
	assert_int_equal(rc, 0);
	assert_true(now_s() - t0 >= 1.0);
	json_t *log = server_log();
	assert_int_equal(json_integer_value(json_object_get(json_array_get(log, 0), "status")), 403);
	assert_int_equal(count_status(log, 1, 403), 0);
	json_decref(log);
	json_t *all = tu_ct_json(db.buf, "issues --format json");
	assert_int_equal(json_array_size(all), 104);
	json_decref(all);
	strbuf_release(&db);
	strbuf_release(&err);
}

/* Each failure: exit 2, one line naming the URL and the problem, no token, the database as it was. */
static void test_sync_failures_leave_database(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT, args = STRBUF_INIT;
	template_copy(&db, "fail.db");
	strbuf_addf(&args, "import github '%s' -q", corpus_json());
	assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
	snapshot(&before, db.buf);

	struct {
		const char *scen, *extra, *needles[3];
	} cases[] = {
		{ "ratelimit-3600", "--max-wait 2", { "rate limit", "--max-wait", "/ratelimit-3600/repos/cabforum/smime/issues" } },
		{ "truncated", "", { "truncated JSON", "/truncated/repos/cabforum/smime/issues", "page=2" } },
		{ "slow", "--timeout 1 --retries 0", { "timed out", "/slow/repos/cabforum/smime/issues", NULL } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&err);
		double t0 = now_s();
		int rc = sync_run(NULL, &err, db.buf, cases[i].scen, cases[i].extra);
		assert_true(now_s() - t0 < 10);
		for (int k = 0; k < 3 && cases[i].needles[k]; k++)
			tu_assert_one_error(rc, &err, cases[i].needles[k]);
		assert_null(strstr(err.buf, TOKEN));
		assert_same_file(&before, db.buf);
	}

	/* nothing listens there */
	server_teardown(NULL);
	strbuf_reset(&err);
	int rc = sync_run(NULL, &err, db.buf, "ok", "--retries 1");
	tu_assert_one_error(rc, &err, "127.0.0.1");
	assert_non_null(strstr(err.buf, "2 attempts"));
	assert_null(strstr(err.buf, TOKEN));
	assert_same_file(&before, db.buf);

	/* a token is never sent over plain http to another host */
	strbuf_reset(&err);
	rc = tu_run(NULL, &err, "GITHUB_TOKEN=" TOKEN " %s --db '%s' sync github cabforum/smime --api-url http://example.invalid",
		    tu_binary(), db.buf);
	tu_assert_one_error(rc, &err, "refusing to send the GitHub token over plain http");
	assert_null(strstr(err.buf, TOKEN));
	assert_same_file(&before, db.buf);

	/* usage */
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "sync gitlab cabforum/smime"), &err, "only: github");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "sync github 'cabforum/smime/../x'"), &err, "OWNER/REPO");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "sync github cabforum/smime --retries 30"), &err, "whole number");
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "sync github cabforum/smime --token-file /nonexistent/tok"), &err,
			    "/nonexistent/tok");
	assert_same_file(&before, db.buf);
	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&args);
}

/* A slow first answer times out and is tried again; the token can come from a file. */
static void test_sync_retries_a_timeout(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, tok = STRBUF_INIT, out = STRBUF_INIT;
	template_copy(&db, "slowonce.db");
	strbuf_addf(&tok, "%s/token", tmp);
	tu_write_file(tok.buf, "file-token-42\n", 14);
	int rc = tu_run(&out, &err, "GITHUB_TOKEN= %s --db '%s' sync github cabforum/smime --api-url http://127.0.0.1:%d/slowonce "
			"--timeout 1 --retries 2 --token-file '%s'", tu_binary(), db.buf, srv.port, tok.buf);
	if (rc)
		fprintf(stderr, "%s", err.buf);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out.buf, "104 new or changed"));
	json_t *log = server_log();
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, 0), "authorization")),
			    "Bearer file-token-42");
	json_decref(log);
	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&tok);
	strbuf_release(&out);
}

/* An IPv4 address of this machine that is not loopback, or 0 when there is none. */
static int outside_address(char out[INET_ADDRSTRLEN])
{
	struct ifaddrs *ifs = NULL, *i;
	int found = 0;
	if (getifaddrs(&ifs) != 0)
		return 0;
	for (i = ifs; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
			continue;
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127)
			continue;
		found = inet_ntop(AF_INET, &sin->sin_addr, out, INET_ADDRSTRLEN) != NULL;
	}
	freeifaddrs(ifs);
	return found;
}

/*
 * Over plain http the token goes only to a loopback address: a host name
 * is not trusted for what it looks like (127.evil.example), and the address
 * libcurl connects to decides (here a proxy from http_proxy on an address
 * of this machine that is not loopback, which must never see the token).
 */
static void test_sync_token_only_to_loopback(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT;
	template_copy(&db, "loopback.db");
	snapshot(&before, db.buf);
	static const char *const hosts[] = { "127.evil.example", "127.0.0.1.evil.example", "localhost.evil.example",
					     "[::ffff:192.0.2.1]", "[::2]", "0.0.0.0", "10.127.0.1" };
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		strbuf_reset(&err);
		int rc = tu_run(NULL, &err, "GITHUB_TOKEN=" TOKEN " %s --db '%s' sync github cabforum/smime --retries 0 "
				"--timeout 2 --api-url 'http://%s:%d/ok'", tu_binary(), db.buf, hosts[i], srv.port);
		tu_assert_one_error(rc, &err, "refusing to send the GitHub token over plain http");
		assert_null(strstr(err.buf, TOKEN));
		assert_same_file(&before, db.buf);
	}

	char addr[INET_ADDRSTRLEN];
	if (!outside_address(addr)) {
		/*
		 * The rest of the test ran.  A machine without a non-loopback
		 * address cannot host the proxy part; that is the machine, not
		 * a missing corpus, so it is reported and not failed.
		 */
		printf("SKIP: %s: proxy part: no non-loopback IPv4 address on this machine\n", __func__);
	} else {
		struct tu_server proxy;
		char log[4096];
		snprintf(log, sizeof(log), "%s/proxy.log", tmp);
		setenv("GHSERVER_BIND", addr, 1);
		int started = tu_server_start(&proxy, corpus_json(), 10, 3, log);
		unsetenv("GHSERVER_BIND");
		assert_int_equal(started, 0);
		strbuf_reset(&err);
		int rc = tu_run(NULL, &err, "no_proxy= NO_PROXY= http_proxy=http://%s:%d GITHUB_TOKEN=" TOKEN
				" %s --db '%s' sync github cabforum/smime --retries 0 --timeout 5 --api-url http://127.0.0.1:%d/ok",
				addr, proxy.port, tu_binary(), db.buf, srv.port);
		tu_assert_one_error(rc, &err, "not a loopback address");
		assert_non_null(strstr(err.buf, addr));
		assert_null(strstr(err.buf, TOKEN));
		assert_same_file(&before, db.buf);
		struct strbuf seen = STRBUF_INIT;
		(void)tu_read_file(&seen, log);
		assert_null(strstr(seen.buf, TOKEN));
		assert_int_equal(seen.len, 0); /* no request reached it at all */

		/* without a token the proxy is used as the environment says (its Link headers then point
		   off the API's origin, so the sync stops after the first page: that does not matter here) */
		(void)tu_run(NULL, NULL, "no_proxy= NO_PROXY= http_proxy=http://%s:%d GITHUB_TOKEN= %s --db '%s' sync github "
			    "cabforum/smime -q --retries 0 --timeout 5 --api-url http://127.0.0.1:%d/ok",
			    addr, proxy.port, tu_binary(), db.buf, srv.port);
		strbuf_reset(&seen);
		assert_int_equal(tu_read_file(&seen, log), 0);
		assert_non_null(strstr(seen.buf, "\"authorization\": null"));
		strbuf_release(&seen);
		tu_server_stop(&proxy);
	}
	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&before);
}

/*
 * A token with a control character, a space or a non-ASCII byte is refused
 * from every source (environment, token file) before any request: one
 * line naming the source, never the token; a CRLF token file is fine.
 */
static void test_sync_refuses_bad_tokens(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT, file = STRBUF_INIT;
	template_copy(&db, "badtoken.db");
	snapshot(&before, db.buf);
	static const struct {
		const char *printf_arg, *what;
	} bad[] = {
		{ "tok4711\\r\\nX-Injected: yes", "a control character" },
		{ "tok4711\\nX-Injected: yes", "a control character" },
		{ "tok4711\\rX-Injected:yes", "a control character" },
		{ "tok4711 X-Injected", "a space" },
		{ "tok4711\\tX", "a control character" },
		{ "tok4711\\033[31m", "a control character" },
		{ "tok4711\\177", "a control character" },
		{ "tok4711\\303\\251", "a non-ASCII byte" },
	};
	strbuf_addf(&file, "%s/bad-token", tmp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* from the environment */
		strbuf_reset(&err);
		int rc = tu_run(NULL, &err, "GITHUB_TOKEN=\"$(printf '%s')\" %s --db '%s' sync github cabforum/smime "
				"--retries 0 --api-url http://127.0.0.1:%d/ok", bad[i].printf_arg, tu_binary(), db.buf, srv.port);
		tu_assert_one_error(rc, &err, "$GITHUB_TOKEN");
		assert_non_null(strstr(err.buf, bad[i].what));
		assert_null(strstr(err.buf, "tok4711"));
		assert_null(strstr(err.buf, "Injected"));
		/* from a file: its first line, whatever ends it */
		strbuf_reset(&err);
		rc = tu_run(NULL, &err, "printf '%s\\n' >'%s' && GITHUB_TOKEN= %s --db '%s' sync github cabforum/smime "
			    "--retries 0 --api-url http://127.0.0.1:%d/ok --token-file '%s'", bad[i].printf_arg, file.buf,
			    tu_binary(), db.buf, srv.port, file.buf);
		if (strstr(bad[i].printf_arg, "\\n")) {
			/* the first line is "tok4711": a good token; the request goes out with it alone */
			assert_int_equal(rc, 0);
			snapshot(&before, db.buf);
		} else {
			tu_assert_one_error(rc, &err, "--token-file");
			assert_non_null(strstr(err.buf, bad[i].what));
			assert_null(strstr(err.buf, "tok4711"));
			assert_null(strstr(err.buf, "Injected"));
			assert_same_file(&before, db.buf);
		}
	}
	/* no request carried an injected header or a broken token */
	json_t *log = server_log(), *e;
	size_t k;
	json_array_foreach(log, k, e) {
		const char *auth = json_string_value(json_object_get(e, "authorization"));
		assert_true(auth && !strcmp(auth, "Bearer tok4711"));
	}
	json_decref(log);
	struct strbuf seen = STRBUF_INIT;
	if (tu_read_file(&seen, srv.log) == 0)
		assert_null(strstr(seen.buf, "Injected"));
	strbuf_release(&seen);

	/* a token file with CRLF line ends is read as its token */
	tu_write_file(file.buf, "crlf-token-42\r\n", 15);
	strbuf_reset(&err);
	int rc = tu_run(NULL, &err, "GITHUB_TOKEN= %s --db '%s' sync github cabforum/smime -q --api-url "
			"http://127.0.0.1:%d/ok --token-file '%s'", tu_binary(), db.buf, srv.port, file.buf);
	assert_int_equal(rc, 0);
	log = server_log();
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, json_array_size(log) - 1), "authorization")),
			    "Bearer crlf-token-42");
	json_decref(log);
	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&file);
}

/* --since: only issues updated since then are asked for and stored. */
static void test_sync_since(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	(void)corpus;
	struct strbuf db = STRBUF_INIT, data = STRBUF_INIT;
	template_copy(&db, "since.db");
	assert_int_equal(sync_run(NULL, NULL, db.buf, "ok", "--since 2025-06-01 -q"), 0);
	assert_int_equal(tu_read_file(&data, corpus_json()), 0);
	json_t *all = json_loads(data.buf, 0, NULL), *r;
	size_t i, want = 0;
	json_array_foreach(all, i, r)
		want += strcmp(json_string_value(json_object_get(r, "updated_at")), "2025-06-01") >= 0;
	json_decref(all);
	assert_true(want > 0 && want < 104);
	all = tu_ct_json(db.buf, "issues --format json");
	assert_int_equal(json_array_size(all), want);
	json_decref(all);
	json_t *log = server_log();
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(log, 0), "path")),
			       "since=2025-06-01T00:00:00Z"));
	json_decref(log);
	strbuf_release(&db);
	strbuf_release(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_header),
		cmocka_unit_test(test_scan_sections),
		cmocka_unit_test(test_scan_issues),
		cmocka_unit_test(test_import_corpus),
		cmocka_unit_test(test_links_pinned),
		cmocka_unit_test(test_html_is_text),
		cmocka_unit_test(test_parse_long_strings),
		cmocka_unit_test(test_import_bad_files),
		cmocka_unit_test(test_import_keeps_newer),
		cmocka_unit_test(test_control_chars_escaped),
		cmocka_unit_test_setup_teardown(test_sync_pages_etags_304, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_picks_up_a_change, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_retries_a_500, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_waits_for_rate_limit, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_failures_leave_database, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_retries_a_timeout, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_since, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_token_only_to_loopback, server_setup, server_teardown),
		cmocka_unit_test_setup_teardown(test_sync_refuses_bad_tokens, server_setup, server_teardown),
	};
	return cmocka_run_group_tests_name("github", tests, group_setup, group_teardown);
}
