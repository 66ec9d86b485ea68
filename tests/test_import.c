/*
 * test_import.c - `cabtrack import` and `cabtrack dates` end to end: git
 * repositories the test creates, bad input that must leave the database as
 * it was, and the facts the issue names on the shared corpus.
 */
#include "testutil.h"

#include <jansson.h>

/* The file's bytes, to compare before and after a failing command. */
static void snapshot(struct strbuf *sb, const char *path)
{
	strbuf_reset(sb);
	assert_int_equal(tu_read_file(sb, path), 0);
}

static const char doc_v1[] =
	"---\ntitle: Test Requirements\nsubtitle: Version 1.0.0\ndate: January 1, 2024\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.1 Revisions\n\n"
	"| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n"
	"| 1.0.0 | SMC91 | First | January 1, 2024 |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHALL issue. The CA MAY refuse.\n";

static const char doc_v2_tail[] =
	"| 1.0.1 | SMC92 | Second | March 1, 2024 |\n\n"
	"| Version | Ballot | Description | Compliance Date |\n|---|---|---|---|\n"
	"| 1.0.1 | SMC92 | SHALL check things | 2025-06-01 |\n\n"
	"# 4. OPERATIONS\n\n## 4.1 Issuance\n\nThe CA SHALL issue. The CA MAY refuse.\n\n"
	"## 4.2 Checking\n\nEffective June 1, 2025 the CA SHALL check things. Starting on 1 March 2025 the CA SHOULD check things.\n";

static void git(const char *repo, const char *args)
{
	tu_git_at(repo, NULL, args);
}

/* A repository with two versions of docs/TST.md on main, a tag and a branch. */
static char *make_repo(const char *name)
{
	char *repo = tu_path(tu_tmp, name);
	tu_repo_init(repo);
	tu_repo_commit(repo, "docs/TST.md", doc_v1, "Ballot SMC91 - first version", NULL);
	git(repo, "tag Ballot_SMC91");
	const char *last_row = "| 1.0.0 | SMC91 | First | January 1, 2024 |\n";
	struct strbuf v2 = STRBUF_INIT;
	strbuf_add(&v2, doc_v1, (size_t)(strstr(doc_v1, last_row) - doc_v1) + strlen(last_row));
	strbuf_addstr(&v2, doc_v2_tail);
	git(repo, "checkout -q -b draft");
	tu_repo_write(repo, "docs/TST.md", v2.buf);
	git(repo, "commit -q -a -m 'draft of the second ballot'");
	git(repo, "checkout -q main");
	git(repo, "merge -q --no-ff -m 'SMC92 - Second version (#2)' draft");
	strbuf_release(&v2);
	return repo;
}

static void test_git_import_and_reimport(void **state)
{
	(void)state;
	char *repo = make_repo("repo");
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&db, "%s/git.db", tu_tmp);
	strbuf_addf(&args, "import '%s' --path docs/TST.md", repo);
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "imported TST"));
	assert_non_null(strstr(out.buf, "3 new commits"));
	assert_non_null(strstr(out.buf, "2 new versions"));

	/* Nothing new: nothing walked, and the database file does not change. */
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	snapshot(&before, db.buf);
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "up to date"));
	snapshot(&after, db.buf);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);

	/* main has the phase-in; the tag does not. */
	json_t *d = tu_ct_json(db.buf, "dates --format json");
	size_t i, text = 0, table = 0;
	json_t *r;
	json_array_foreach(d, i, r) {
		const char *src = json_string_value(json_object_get(r, "source"));
		if (!strcmp(src, "version"))
			continue; /* the Revisions table's dates: both versions' */
		assert_string_equal(json_string_value(json_object_get(r, "ballot")), "SMC092");
		if (!strcmp(src, "text")) {
			text++;
			assert_string_equal(json_string_value(json_array_get(json_object_get(r, "sections"), 0)), "4.2");
		} else {
			table++;
			assert_string_equal(json_string_value(json_object_get(r, "date")), "2025-06-01");
			assert_string_equal(json_string_value(json_object_get(r, "keyword")), "SHALL");
		}
	}
	assert_int_equal(text, 2);
	assert_int_equal(table, 1);
	json_t *first = json_array_get(d, json_array_size(d) - 3); /* after the two versions' dates */
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "source")), "version");
	assert_string_equal(json_string_value(json_object_get(first, "date")), "2025-03-01");
	assert_string_equal(json_string_value(json_object_get(first, "keyword")), "SHOULD");
	json_decref(d);

	d = tu_ct_json(db.buf, "dates --at Ballot_SMC91 --source table --format json");
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	d = tu_ct_json(db.buf, "dates --ballot smc-092 --from 2025-01-01 --to 2025-03-31 --format json");
	assert_int_equal(json_array_size(d), 1);
	json_decref(d);
	d = tu_ct_json(db.buf, "dates --all-versions --format json");
	assert_int_equal(json_array_size(d), 3);
	json_decref(d);

	/* CSV has a header and one line per row. */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, &err, db.buf, "dates --format csv"), 0);
	assert_non_null(strstr(out.buf, "DATE,KEYWORD,BALLOT,SECTIONS,SOURCE,DESCRIPTION\r\n"));

	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&args);
	free(repo);
}

static void test_new_commit_is_picked_up(void **state)
{
	(void)state;
	struct strbuf repo = STRBUF_INIT, db = STRBUF_INIT, out = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&repo, "%s/grow", tu_tmp);
	strbuf_addf(&db, "%s/grow.db", tu_tmp);
	tu_repo_init(repo.buf);
	tu_repo_commit(repo.buf, "SBR.md", doc_v1, "one", NULL);
	strbuf_addf(&args, "import '%s' --path SBR.md", repo.buf);
	assert_int_equal(tu_ct(&out, NULL, db.buf, args.buf), 0);
	/* the whole file replaced (48 bytes, no final newline) */
	tu_repo_edit(repo.buf, "SBR.md", doc_v1, "# 1. One\n\nEffective 2030-01-01 the CA MUST stop.", "two", NULL);
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "1 new commits"));
	json_t *d = tu_ct_json(db.buf, "dates --format json");
	assert_int_equal(json_array_size(d), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "keyword")), "MUST");
	json_decref(d);
	strbuf_release(&repo);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&args);
}

/* A URL is cloned into the cache with libgit2, then fetched on the next import. */
static void test_url_is_cloned_into_cache(void **state)
{
	(void)state;
	char *repo = make_repo("remote");
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&db, "%s/url.db", tu_tmp);
	strbuf_addf(&args, "import 'file://%s' --path docs/TST.md --doc URL", repo);
	int rc = tu_run(&out, &err, "CABTRACK_CACHE='%s/cache' %s --db '%s' %s", tu_tmp, tu_binary(), db.buf, args.buf);
	if (rc)
		fprintf(stderr, "%s", err.buf);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out.buf, "2 new versions"));
	struct strbuf cached = STRBUF_INIT;
	strbuf_addf(&cached, "%s/cache", tu_tmp);
	assert_int_equal(tu_run(&cached, NULL, "ls '%s/cache'", tu_tmp), 0);
	assert_non_null(strstr(cached.buf, "remote.git"));
	json_t *d = tu_ct_json(db.buf, "dates --doc URL --at Ballot_SMC91 --format json");
	assert_int_equal(json_array_size(d), 1); /* only version 1.0.0's publication */
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "source")), "version");
	json_decref(d);

	/* The remote gains a commit: the next import fetches it. */
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s/docs/TST.md", repo);
	tu_write_file(file.buf, "# 1. One\n\nEffective 2031-01-01 the CA MUST stop.\n", 48);
	git(repo, "commit -q -a -m 'SMC93 - stop'");
	strbuf_reset(&out);
	assert_int_equal(tu_run(&out, NULL, "CABTRACK_CACHE='%s/cache' %s --db '%s' %s", tu_tmp, tu_binary(), db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "1 new commits"));
	d = tu_ct_json(db.buf, "dates --doc URL --format json");
	assert_int_equal(json_array_size(d), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "ballot")), "SMC093");
	json_decref(d);

	/* An unreachable URL: one error line, nothing written. */
	strbuf_reset(&err);
	rc = tu_run(NULL, &err, "CABTRACK_CACHE='%s/cache' %s --db '%s' import 'file://%s/nowhere' --path X.md",
		    tu_tmp, tu_binary(), db.buf, tu_tmp);
	tu_assert_one_error(rc, &err, "cannot fetch");

	strbuf_release(&file);
	strbuf_release(&cached);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&args);
	free(repo);
}

/* Every bad input: one error line, exit 2, and the database byte for byte as it was. */
static void test_bad_input_leaves_database_unchanged(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT,
		      after = STRBUF_INIT, path = STRBUF_INIT, args = STRBUF_INIT;
	strbuf_addf(&db, "%s/bad.db", tu_tmp);
	strbuf_addf(&path, "%s/good.md", tu_tmp);
	tu_write_file(path.buf, doc_v1, strlen(doc_v1));
	strbuf_addf(&args, "import '%s' --doc GOOD", path.buf);
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);
	snapshot(&before, db.buf);

	struct {
		const char *name, *content;
		size_t len;
		const char *args, *needle;
	} cases[] = {
		{ "empty.md", "", 0, "import '%s' --doc E", "empty" },
		{ "binary.md", "# 1. A\n\0\1\2", 10, "import '%s' --doc B", "binary" },
		{ "latin1.md", "# 1. A\n\nThe CA SHALL caf\xe9.\n", 27, "import '%s' --doc L", "invalid UTF-8 at line 3" },
		{ "notrepo", NULL, 0, "import '%s' --path SBR.md", "not a git repository" },
		{ "missing", NULL, 0, "import '%s/nothing-here' --path SBR.md", "no such file" },
		{ NULL, NULL, 0, "dates --at no-such-ref", "no-such-ref" },
		{ NULL, NULL, 0, "dates --from 2024-02-30", "2024-02-30" },
		{ NULL, NULL, 0, "dates --ballot '!!'", "no ballot '!!'" },
		{ NULL, NULL, 0, "dates --format xml", "xml" },
		{ NULL, NULL, 0, "dates --doc NOPE", "NOPE" },
		{ NULL, NULL, 0, "frobnicate", "frobnicate" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf p = STRBUF_INIT, a = STRBUF_INIT;
		if (cases[i].name) {
			strbuf_addf(&p, "%s/%s", tu_tmp, cases[i].name);
			if (cases[i].content)
				tu_write_file(p.buf, cases[i].content, cases[i].len);
			else if (!strcmp(cases[i].name, "notrepo"))
				assert_int_equal(tu_run(NULL, NULL, "mkdir -p '%s'", p.buf), 0);
		}
		strbuf_addf(&a, cases[i].args, cases[i].name ? p.buf : "");
		strbuf_reset(&err);
		int rc = tu_ct(NULL, &err, db.buf, a.buf);
		tu_assert_one_error(rc, &err, cases[i].needle);
		snapshot(&after, db.buf);
		assert_int_equal(before.len, after.len);
		assert_memory_equal(before.buf, after.buf, before.len);
		strbuf_release(&p);
		strbuf_release(&a);
	}

	/* A file that git history lacks: the repository is fine, the path is not. */
	char *repo = make_repo("repo2");
	strbuf_reset(&args);
	strbuf_addf(&args, "import '%s' --path docs/NOPE.md", repo);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, args.buf), &err, "docs/NOPE.md");
	snapshot(&after, db.buf);
	assert_memory_equal(before.buf, after.buf, before.len);
	free(repo);

	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&path);
	strbuf_release(&args);
}

static void test_foreign_and_broken_database_files(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT,
		      args = STRBUF_INIT, md = STRBUF_INIT;
	strbuf_addf(&md, "%s/f.md", tu_tmp);
	tu_write_file(md.buf, doc_v1, strlen(doc_v1));
	strbuf_addf(&args, "import '%s' --doc F", md.buf);

	/* Another program's SQLite database. */
	strbuf_addf(&db, "%s/foreign.db", tu_tmp);
	assert_int_equal(tu_run(NULL, NULL, "sqlite3 '%s' 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'", db.buf), 0);
	snapshot(&before, db.buf);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, args.buf), &err, "another program");
	snapshot(&after, db.buf);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.buf, after.buf, before.len);

	/* Not a database at all. */
	strbuf_reset(&db);
	strbuf_addf(&db, "%s/text.db", tu_tmp);
	tu_write_file(db.buf, "hello, this is not SQLite\n", 26);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, args.buf), &err, "not a database");
	snapshot(&after, db.buf);
	assert_int_equal(after.len, 26);

	/* A query on a database that does not exist creates nothing. */
	strbuf_reset(&db);
	strbuf_addf(&db, "%s/absent.db", tu_tmp);
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "dates"), &err, "does not exist");
	assert_int_not_equal(access(db.buf, F_OK), 0);

	/* A failed first import removes the database it created. */
	strbuf_reset(&err);
	tu_assert_one_error(tu_ct(NULL, &err, db.buf, "import /nonexistent/repo --path SBR.md"), &err, "/nonexistent/repo");
	assert_int_not_equal(access(db.buf, F_OK), 0);

	strbuf_release(&db);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&args);
	strbuf_release(&md);
}

/* The facts issue 2 names, on the real S/MIME BR history. */
static void test_corpus_smime(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf db = STRBUF_INIT, args = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/smime.db", tu_tmp);
	strbuf_addf(&args, "import '%s/smime.git' --path SBR.md", corpus);
	assert_int_equal(tu_ct(&out, &err, db.buf, args.buf), 0);

	json_t *d = tu_ct_json(db.buf, "dates --ballot SMC05 --format json");
	int want[4] = { 0 }; /* 2024-09-15 SHOULD table/text, 2025-03-15 SHALL table/text */
	size_t i;
	json_t *r;
	json_array_foreach(d, i, r) {
		const char *date = json_string_value(json_object_get(r, "date"));
		const char *kw = json_string_value(json_object_get(r, "keyword"));
		const char *src = json_string_value(json_object_get(r, "source"));
		json_t *secs = json_object_get(r, "sections");
		int in4221 = 0;
		size_t k;
		json_t *s;
		json_array_foreach(secs, k, s)
			in4221 |= !strcmp(json_string_value(s), "4.2.2.1");
		assert_string_equal(json_string_value(json_object_get(r, "ballot")), "SMC05");
		if (!kw || !in4221)
			continue;
		int slot = !strcmp(date, "2024-09-15") && !strcmp(kw, "SHOULD") ? 0
			 : !strcmp(date, "2025-03-15") && !strcmp(kw, "SHALL") ? 2 : -1;
		if (slot >= 0)
			want[slot + !strcmp(src, "text")]++;
	}
	for (int k = 0; k < 4; k++)
		assert_true(want[k] >= 1);
	json_decref(d);

	d = tu_ct_json(db.buf, "dates --at Ballot_SMC04 --ballot SMC05 --format json");
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);

	d = tu_ct_json(db.buf, "dates --format json");
	size_t table = 0;
	json_array_foreach(d, i, r)
		table += !strcmp(json_string_value(json_object_get(r, "source")), "table");
	assert_int_equal(table, 11);
	json_decref(d);

	strbuf_release(&db);
	strbuf_release(&args);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_corpus_br(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf db = STRBUF_INIT, args = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&db, "%s/br.db", tu_tmp);
	strbuf_addf(&args, "import '%s/servercert-br.git' --path docs/BR.md", corpus);
	assert_int_equal(tu_ct(&out, NULL, db.buf, args.buf), 0);
	assert_non_null(strstr(out.buf, "1356 new versions"));
	json_t *d = tu_ct_json(db.buf, "dates --doc BR --format json");
	size_t i, table = 0;
	json_t *r;
	json_array_foreach(d, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "source")), "table"))
			continue;
		table++;
		assert_true(json_array_size(json_object_get(r, "sections")) >= 1);
	}
	assert_int_equal(table, 26);
	json_decref(d);
	strbuf_release(&db);
	strbuf_release(&args);
	strbuf_release(&out);
}

/*
 * A document saved with a UTF-8 byte order mark, CRLF or CR-only line ends
 * is read as the same document as with LF and no mark: the same sections,
 * versions (front matter) and dates.
 */
static void test_bom_and_line_ends(void **state)
{
	(void)state;
	TU_NEED_CORPUS(corpus);
	struct strbuf lf = STRBUF_INIT, text = STRBUF_INIT, file = STRBUF_INIT, db = STRBUF_INIT, args = STRBUF_INIT;
	assert_int_equal(tu_run(&lf, NULL, "git -C '%s/servercert-br.git' show HEAD:docs/BR.md", corpus), 0);
	assert_null(memchr(lf.buf, '\r', lf.len));
	static const char *const commands[] = { "sections --doc BR --format json", "versions --doc BR --format json",
						"dates --doc BR --all-versions --format json", "show 1.1 --doc BR" };
	struct strbuf want[4] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	static const char *const variants[] = { "lf", "bom", "cr", "crlf", "bom-crlf" };
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		const char *name = variants[v];
		strbuf_reset(&text);
		if (strstr(name, "bom"))
			strbuf_addstr(&text, "\xef\xbb\xbf");
		for (size_t i = 0; i < lf.len; i++) {
			if (lf.buf[i] != '\n')
				strbuf_addch(&text, lf.buf[i]);
			else if (strstr(name, "crlf"))
				strbuf_addstr(&text, "\r\n");
			else if (!strcmp(name, "cr"))
				strbuf_addch(&text, '\r');
			else
				strbuf_addch(&text, '\n');
		}
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/BR-%s.md", tu_tmp, name);
		tu_write_file(file.buf, text.buf, text.len);
		strbuf_reset(&db);
		strbuf_addf(&db, "%s/br-%s.db", tu_tmp, name);
		strbuf_reset(&args);
		strbuf_addf(&args, "import '%s' --doc BR -q", file.buf);
		assert_int_equal(tu_ct(NULL, NULL, db.buf, args.buf), 0);
		for (size_t c = 0; c < 4; c++) {
			struct strbuf out = STRBUF_INIT;
			assert_int_equal(tu_ct(&out, NULL, db.buf, commands[c]), 0);
			/* the working copy's pseudo-commit names the file's own blob: that differs */
			for (char *w = strstr(out.buf, "worktree:"); w; w = strstr(w + 1, "worktree:"))
				for (size_t k = 9; k < 49 && w[k]; k++)
					w[k] = 'x';
			if (v == 0) {
				assert_true(out.len > 2);
				want[c] = out;
				continue;
			}
			if (strcmp(out.buf, want[c].buf))
				fprintf(stderr, "%s: '%s' differs from the LF document's\n", name, commands[c]);
			assert_string_equal(out.buf, want[c].buf);
			strbuf_release(&out);
		}
	}
	json_t *secs = json_loads(want[0].buf, 0, NULL);
	assert_true(json_array_size(secs) > 300);
	json_decref(secs);
	json_t *vers = json_loads(want[1].buf, 0, NULL);
	assert_true(json_array_size(vers) > 10);
	json_decref(vers);

	/* a minutes post too: its front matter and "Next call:" behind a mark and CRLF line ends */
	struct strbuf m1 = STRBUF_INIT, m2 = STRBUF_INIT;
	strbuf_reset(&lf);
	strbuf_reset(&text);
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/minutes/2023-11-15-smcwg-minutes.md", corpus);
	assert_int_equal(tu_read_file(&lf, file.buf), 0);
	strbuf_addstr(&text, "\xef\xbb\xbf");
	for (size_t i = 0; i < lf.len; i++) {
		if (lf.buf[i] == '\n')
			strbuf_addch(&text, '\r');
		strbuf_addch(&text, lf.buf[i]);
	}
	strbuf_reset(&args);
	strbuf_addf(&args, "mkdir -p '%s/crlf'", tu_tmp);
	assert_int_equal(tu_run(NULL, NULL, "%s", args.buf), 0);
	strbuf_reset(&args);
	strbuf_addf(&args, "%s/crlf/2023-11-15-smcwg-minutes.md", tu_tmp);
	tu_write_file(args.buf, text.buf, text.len);
	const char *posts[2] = { file.buf, args.buf };
	struct strbuf *lists[2] = { &m1, &m2 };
	for (int k = 0; k < 2; k++) {
		struct strbuf cmd = STRBUF_INIT;
		strbuf_reset(&db);
		strbuf_addf(&db, "%s/minutes-%d.db", tu_tmp, k);
		strbuf_addf(&cmd, "import minutes '%s' -q", posts[k]);
		assert_int_equal(tu_ct(NULL, NULL, db.buf, cmd.buf), 0);
		assert_int_equal(tu_ct(lists[k], NULL, db.buf, "meeting list --format json"), 0);
		strbuf_release(&cmd);
	}
	assert_non_null(strstr(m1.buf, "Minutes of the S/MIME"));
	assert_non_null(strstr(m1.buf, "2023-12-06"));
	assert_string_equal(m2.buf, m1.buf);
	strbuf_release(&m1);
	strbuf_release(&m2);
	for (size_t c = 0; c < 4; c++)
		strbuf_release(&want[c]);
	strbuf_release(&lf);
	strbuf_release(&text);
	strbuf_release(&file);
	strbuf_release(&db);
	strbuf_release(&args);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git_import_and_reimport),
		cmocka_unit_test(test_new_commit_is_picked_up),
		cmocka_unit_test(test_url_is_cloned_into_cache),
		cmocka_unit_test(test_bad_input_leaves_database_unchanged),
		cmocka_unit_test(test_foreign_and_broken_database_files),
		cmocka_unit_test(test_corpus_smime),
		cmocka_unit_test(test_corpus_br),
		cmocka_unit_test(test_bom_and_line_ends),
	};
	return cmocka_run_group_tests_name("import", tests, tu_tmp_setup, tu_tmp_teardown);
}
