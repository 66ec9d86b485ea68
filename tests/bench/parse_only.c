/*
 * parse_only.c - the benchmark baseline: read and parse every distinct
 * version of one file in a git repository, doing nothing else.
 *
 * Usage: parse_only REPO PATH
 *
 * Walks every commit reachable from all refs of REPO (branches, tags,
 * remote-tracking branches, refs/pull/N/head), collects the distinct blob ids
 * of PATH, then reads each blob once (git_blob_lookup + rawcontent, no
 * copy) and parses it with cmark-gfm and its "table" extension.  Blobs are
 * never held together in memory: each is read, parsed and freed in turn,
 * and the read and parse times are accumulated separately.
 *
 * Output, one "name value" per line, for tests/bench/run-bench.sh:
 *   commits N, versions N, bytes N, walk_seconds X, read_seconds X,
 *   parse_seconds X, total_seconds X (the whole run, walk included).
 */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die_git(const char *what)
{
	const git_error *e = git_error_last();
	fprintf(stderr, "parse_only: %s: %s\n", what, e && e->message ? e->message : "unknown error");
	exit(1);
}

static void die_oom(void)
{
	fprintf(stderr, "parse_only: out of memory\n");
	exit(1);
}

struct oids {
	git_oid *v;
	size_t nr, alloc;
};

static void oids_add(struct oids *o, const git_oid *id)
{
	if (o->nr == o->alloc) {
		size_t n = o->alloc ? 2 * o->alloc : 1024;
		git_oid *v = realloc(o->v, n * sizeof(*v));
		if (!v)
			die_oom();
		o->v = v;
		o->alloc = n;
	}
	git_oid_cpy(&o->v[o->nr++], id);
}

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Sort and drop duplicates in place. */
static void oids_uniq(struct oids *o)
{
	size_t i, j = 0;

	if (!o->nr)
		return;
	qsort(o->v, o->nr, sizeof(*o->v), oid_cmp);
	for (i = 1; i < o->nr; i++)
		if (git_oid_cmp(&o->v[i], &o->v[j]))
			git_oid_cpy(&o->v[++j], &o->v[i]);
	o->nr = j + 1;
}

/* Push the commit every ref peels to; refs to trees or blobs are skipped. */
static void push_all_refs(git_repository *repo, git_revwalk *walk)
{
	git_reference_iterator *it;
	git_reference *ref;
	int rc;

	if (git_reference_iterator_new(&it, repo) < 0)
		die_git("listing refs");
	while ((rc = git_reference_next(&ref, it)) == 0) {
		git_object *obj;
		if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			if (git_revwalk_push(walk, git_object_id(obj)) < 0)
				die_git(git_reference_name(ref));
			git_object_free(obj);
		}
		git_reference_free(ref);
	}
	if (rc != GIT_ITEROVER)
		die_git("listing refs");
	git_reference_iterator_free(it);
}

/* The blob ids PATH has in every reachable commit, distinct. */
static size_t collect_blobs(git_repository *repo, const char *path, struct oids *out)
{
	git_revwalk *walk;
	git_oid id;
	size_t commits = 0;
	int rc;

	if (git_revwalk_new(&walk, repo) < 0)
		die_git("revwalk");
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	push_all_refs(repo, walk);
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit;
		git_tree *tree;
		git_tree_entry *entry;

		if (git_commit_lookup(&commit, repo, &id) < 0)
			die_git("commit lookup");
		if (git_commit_tree(&tree, commit) < 0)
			die_git("tree lookup");
		if (git_tree_entry_bypath(&entry, tree, path) == 0) {
			if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
				oids_add(out, git_tree_entry_id(entry));
			git_tree_entry_free(entry);
		}
		git_tree_free(tree);
		git_commit_free(commit);
		commits++;
	}
	if (rc != GIT_ITEROVER)
		die_git("revwalk");
	git_revwalk_free(walk);
	oids_uniq(out);
	return commits;
}

static void parse(cmark_syntax_extension *table, const char *text, size_t len)
{
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_node *doc;

	if (!parser)
		die_oom();
	cmark_parser_attach_syntax_extension(parser, table);
	cmark_parser_feed(parser, text, len);
	doc = cmark_parser_finish(parser);
	if (!doc) {
		fprintf(stderr, "parse_only: cmark-gfm returned no document\n");
		exit(1);
	}
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

int main(int argc, char **argv)
{
	git_repository *repo;
	cmark_syntax_extension *table;
	struct oids blobs = { 0 };
	double t0, t1, t2, t3, read_s = 0, parse_s = 0;
	unsigned long long bytes = 0;
	size_t commits, i;

	if (argc != 3) {
		fprintf(stderr, "usage: parse_only REPO PATH\n");
		return 2;
	}
	t0 = now();
	git_libgit2_init();
	/* read blobs as cabtrack does: git's ids are trusted, objects are not re-hashed */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	cmark_gfm_core_extensions_ensure_registered();
	table = cmark_find_syntax_extension("table");
	if (!table) {
		fprintf(stderr, "parse_only: cmark-gfm has no \"table\" extension\n");
		return 1;
	}
	if (git_repository_open_bare(&repo, argv[1]) < 0 &&
	    git_repository_open(&repo, argv[1]) < 0)
		die_git(argv[1]);

	commits = collect_blobs(repo, argv[2], &blobs);
	if (!blobs.nr) {
		fprintf(stderr, "parse_only: %s: no version of %s in any commit\n", argv[1], argv[2]);
		git_repository_free(repo);
		git_libgit2_shutdown();
		return 1;
	}
	t1 = now();

	for (i = 0; i < blobs.nr; i++) {
		git_blob *blob;
		const char *text;
		size_t len;

		t2 = now();
		if (git_blob_lookup(&blob, repo, &blobs.v[i]) < 0)
			die_git("blob lookup");
		text = git_blob_rawcontent(blob);
		len = (size_t)git_blob_rawsize(blob);
		t3 = now();
		read_s += t3 - t2;

		parse(table, text, len);
		t2 = now();
		parse_s += t2 - t3;

		bytes += len;
		git_blob_free(blob);
	}

	printf("commits %zu\n", commits);
	printf("versions %zu\n", blobs.nr);
	printf("bytes %llu\n", bytes);
	printf("walk_seconds %.6f\n", t1 - t0);
	printf("read_seconds %.6f\n", read_s);
	printf("parse_seconds %.6f\n", parse_s);
	printf("total_seconds %.6f\n", now() - t0);

	free(blobs.v);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
