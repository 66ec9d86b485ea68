/*
 * import.c - git history and plain files into the database (see import.h).
 *
 * Invariants: a commit is recorded only together with all of its ancestors
 * (the whole import is one transaction), so a recorded ref tip lets the next
 * walk stop there; commits are walked oldest first, so a section text is
 * first stored from the earliest version that has it.
 */
#include "importers/import.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <git2.h>
#include <jansson.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "importers/extract.h"
#include "importers/keymap.h"
#include "importers/mdsplit.h"
#include "importers/store.h"
#include "tracker/base/strbuf.h"
#include "importers/textnorm.h"

struct importer {
	struct ct_db *db;
	struct store *st;
	int64_t doc_id;
	struct keymap sections;  /* XXH3-128 -> section_texts.id */
	struct keymap versions;  /* blob oid -> versions.id */
	struct keymap commits;   /* commit oid -> 1 */
	struct strbuf number, title, sjson, name;
	struct import_stats *stats;
};

void import_default_doc(char *out, size_t outsz, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot && dot != base)
		n = (size_t)(dot - base);
	snprintf(out, outsz, "%.*s", (int)n, base);
}

static void on_section(const unsigned char hash[16], int64_t id, void *p)
{
	keymap_put(&((struct importer *)p)->sections, hash, id);
}

static void on_version(const char *blob, int64_t id, void *p)
{
	git_oid oid;
	if (git_oid_fromstr(&oid, blob) == 0)
		keymap_put(&((struct importer *)p)->versions, oid.id, id);
}

static void on_commit(const char *hex, void *p)
{
	git_oid oid;
	if (git_oid_fromstr(&oid, hex) == 0)
		keymap_put(&((struct importer *)p)->commits, oid.id, 1);
}

static int importer_start(struct importer *imp, struct ct_db *db, struct import_stats *stats,
			  const char *doc, const char *repo, const char *path, const char *main_ref)
{
	memset(imp, 0, sizeof(*imp));
	imp->db = db;
	imp->stats = stats;
	imp->number = (struct strbuf)STRBUF_INIT;
	imp->title = (struct strbuf)STRBUF_INIT;
	imp->sjson = (struct strbuf)STRBUF_INIT;
	imp->name = (struct strbuf)STRBUF_INIT;
	keymap_init(&imp->sections, 16);
	keymap_init(&imp->versions, GIT_OID_RAWSZ);
	keymap_init(&imp->commits, GIT_OID_RAWSZ);
	if (store_new(&imp->st, db) < 0)
		return CT_EDB;
	if (store_document(&imp->doc_id, imp->st, doc, repo, path, main_ref) < 0)
		return CT_EDB;
	if (store_each_section(imp->st, on_section, imp) < 0 ||
	    store_each_version(imp->st, imp->doc_id, on_version, imp) < 0 ||
	    store_each_commit(imp->st, imp->doc_id, on_commit, imp) < 0)
		return CT_EDB;
	return 0;
}

static void importer_finish(struct importer *imp)
{
	store_free(imp->st);
	keymap_release(&imp->sections);
	keymap_release(&imp->versions);
	keymap_release(&imp->commits);
	strbuf_release(&imp->number);
	strbuf_release(&imp->title);
	strbuf_release(&imp->sjson);
	strbuf_release(&imp->name);
}

/*
 * Store one version of the file (content buf[0..len), blob id `blob`):
 * split it, parse and store the section texts never seen, store the version.
 */
static int import_version(int64_t *version_id, struct importer *imp, const char *name, const char *blob,
			  const char *buf, size_t len, int64_t time)
{
	struct md_document doc = MD_DOCUMENT_INIT;
	/* a byte order mark, CRLF or CR-only line ends: the same document as with LF */
	struct strbuf lf = STRBUF_INIT;
	if (textnorm_needed(buf, len)) {
		textnorm_lf(&lf, buf, len);
		buf = lf.buf;
		len = lf.len;
	}
	int rc = md_split(&doc, name, buf, len);
	if (rc < 0)
		goto out;
	strbuf_reset(&imp->sjson);
	strbuf_addch(&imp->sjson, '[');
	for (size_t i = 0; i < doc.nr; i++) {
		const struct md_section *s = &doc.sections[i];
		int64_t id;
		if (!keymap_get(&imp->sections, s->hash, &id)) {
			rc = md_check_utf8(name, s->text, s->len, s->line);
			if (rc < 0)
				goto out;
			md_section_heading(&imp->number, &imp->title, s);
			struct extract_result ex = EXTRACT_RESULT_INIT;
			extract_section(&ex, imp->number.buf, s->text, s->len);
			struct store_section sec = {
				s->hash, imp->number.buf, imp->title.buf, s->level, (int)s->lines, s->text, s->len,
			};
			rc = store_section_insert(&id, imp->st, &sec, &ex);
			extract_result_release(&ex);
			if (rc < 0)
				goto out;
			keymap_put(&imp->sections, s->hash, id);
			imp->stats->sections_new++;
		}
		strbuf_addf(&imp->sjson, "%s%lld", i ? "," : "", (long long)id);
	}
	strbuf_addch(&imp->sjson, ']');
	struct store_version v = {
		imp->doc_id, blob, doc.title, doc.subtitle, doc.label, doc.date, (int64_t)len, imp->sjson.buf, time,
	};
	rc = store_version_insert(version_id, imp->st, &v);
	if (rc == 0)
		imp->stats->versions_new++;
out:
	md_document_release(&doc);
	strbuf_release(&lf);
	return rc;
}

/* ---- git ---------------------------------------------------------------- */

static int git_fail(const char *what, const char *subject)
{
	const git_error *e = git_error_last();
	return ct_error_set(CT_ERROR, "%s '%s': %s", what, subject, e && e->message ? e->message : "failed");
}

static int is_url(const char *s)
{
	return strstr(s, "://") != NULL || !strncmp(s, "git@", 4);
}

static int mkdir_p(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addstr(&p, dir);
	for (size_t i = 1; i <= p.len; i++) {
		if (p.buf[i] == '/' || p.buf[i] == '\0') {
			char c = p.buf[i];
			p.buf[i] = '\0';
			if (mkdir(p.buf, 0777) != 0 && errno != EEXIST) {
				int e = errno;
				ct_error_set(CT_ERROR, "cannot create cache folder '%s': %s", p.buf, strerror(e));
				strbuf_release(&p);
				return CT_ERROR;
			}
			p.buf[i] = c;
		}
	}
	strbuf_release(&p);
	return 0;
}

/* Clone `url` into the cache (bare, with pull-request heads), or fetch when already there. */
/* The cache clone's folder for `url`. */
static int cache_path(struct strbuf *dir, const char *url, const char *cache_dir)
{
	const char *c = cache_dir;
	if (!c || !*c)
		c = getenv("CABTRACK_CACHE");
	if (c && *c) {
		strbuf_addstr(dir, c);
	} else if (getenv("XDG_CACHE_HOME") && *getenv("XDG_CACHE_HOME")) {
		strbuf_addf(dir, "%s/cabtrack", getenv("XDG_CACHE_HOME"));
	} else {
		strbuf_addf(dir, "%s/.cache/cabtrack", getenv("HOME") ? getenv("HOME") : ".");
	}
	int rc = mkdir_p(dir->buf);
	const char *u = strstr(url, "://");
	u = u ? u + 3 : url;
	strbuf_addch(dir, '/');
	for (; *u; u++)
		strbuf_addch(dir, (isalnum((unsigned char)*u) || *u == '.' || *u == '-') ? *u : '_');
	strbuf_addstr(dir, ".git");
	return rc;
}

/* A fetch's progress: the remote and the objects received so far. */
struct fetch_seen {
	const struct progress *to;
	const char *name;
	unsigned received, total;
};

static int fetch_progress(const git_indexer_progress *p, void *payload)
{
	struct fetch_seen *seen = payload;
	if (p->total_objects && p->received_objects != seen->received) {
		seen->received = p->received_objects;
		seen->total = p->total_objects;
		progress_say(seen->to, 0, "fetching %s: %u/%u objects", seen->name, seen->received, seen->total);
	}
	return 0;
}

/* Make sure the cache clone has remote `name` at `url` with these refspecs; then fetch it. */
static int fetch_remote(git_repository *repo, const char *name, const char *url, const char *const *specs, size_t nspecs,
			const struct progress *progress)
{
	git_remote *remote = NULL;
	int rc = 0;
	if (git_remote_lookup(&remote, repo, name) == 0) {
		if (!git_remote_url(remote) || strcmp(git_remote_url(remote), url)) {
			git_remote_free(remote);
			remote = NULL;
			if (git_remote_set_url(repo, name, url) != 0 || git_remote_lookup(&remote, repo, name) != 0)
				return git_fail("cannot set the URL of remote", name);
		}
	} else {
		if (git_remote_create_with_fetchspec(&remote, repo, name, url, specs[0]) != 0)
			return git_fail("cannot set up the remote", url);
		for (size_t i = 1; i < nspecs; i++)
			if (git_remote_add_fetch(repo, name, specs[i]) != 0) {
				git_remote_free(remote);
				return git_fail("cannot set up the remote", url);
			}
		git_remote_free(remote);
		if (git_remote_lookup(&remote, repo, name) != 0)
			return git_fail("cannot set up the remote", url);
	}
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.prune = GIT_FETCH_PRUNE;
	struct fetch_seen seen = { progress, name, 0, 0 };
	if (progress && progress->fn) {
		fo.callbacks.transfer_progress = fetch_progress;
		fo.callbacks.payload = &seen;
	}
	if (git_remote_fetch(remote, NULL, &fo, "cabtrack fetch") != 0) {
		const git_error *e = git_error_last();
		rc = ct_error_set(CT_ENET, "cannot fetch remote '%s' (%s): %s; check the URL and your network, or import a local clone",
				  name, url, e && e->message ? e->message : "failed");
	}
	if (rc < 0)
		progress_say(progress, 1, "fetching %s: failed", name);
	else if (seen.total)
		progress_say(progress, 1, "fetching %s: %u/%u objects", name, seen.received, seen.total);
	else
		progress_say(progress, 1, "fetching %s: nothing new", name);
	git_remote_free(remote);
	return rc;
}

int import_fetch(char **path, char **errors, const char *url, const struct import_remote *remotes, size_t nremotes,
		 const char *cache_dir, const struct progress *progress)
{
	static const char *const origin_specs[] = {
		"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", "+refs/pull/*/head:refs/pull/*/head",
	};
	struct strbuf dir = STRBUF_INIT;
	git_repository *repo = NULL;
	*path = NULL;
	for (size_t i = 0; i < nremotes; i++)
		errors[i] = NULL;
	git_libgit2_init();
	int rc = cache_path(&dir, url, cache_dir);
	if (rc == 0 && git_repository_open_bare(&repo, dir.buf) != 0 && git_repository_init(&repo, dir.buf, 1) != 0)
		rc = git_fail("cannot create the cache clone", dir.buf);
	if (rc == 0)
		rc = fetch_remote(repo, "origin", url, origin_specs, 3, progress);
	for (size_t i = 0; rc == 0 && i < nremotes; i++) {
		struct strbuf spec = STRBUF_INIT;
		strbuf_addf(&spec, "+refs/heads/*:refs/remotes/%s/*", remotes[i].name);
		const char *specs[] = { spec.buf };
		int frc;
		if (!remotes[i].name[0] || !strcmp(remotes[i].name, "origin") || strchr(remotes[i].name, '/'))
			frc = ct_error_set(CT_EINVALID, "remote name '%s' cannot be used (it must be a single name other than origin)",
					   remotes[i].name);
		else
			frc = fetch_remote(repo, remotes[i].name, remotes[i].url, specs, 1, progress);
		if (frc < 0) {
			errors[i] = xstrdup(ct_error_last() ? ct_error_last() : "failed");
			ct_error_drop("a remote's failure goes back in errors[i]; the other remotes are still fetched");
		}
		strbuf_release(&spec);
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (rc == 0)
		*path = strbuf_detach(&dir, NULL);
	strbuf_release(&dir);
	return rc;
}

int import_cached(char **path, const char *url, const char *cache_dir)
{
	struct strbuf dir = STRBUF_INIT;
	struct stat st;
	*path = NULL;
	int rc = cache_path(&dir, url, cache_dir);
	if (rc == 0 && (stat(dir.buf, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = ct_error_set(CT_ENOTFOUND, "'%s' was never fetched into the cache (%s)", url, dir.buf);
	if (rc == 0)
		*path = strbuf_detach(&dir, NULL);
	strbuf_release(&dir);
	return rc;
}

static int open_remote(git_repository **repo, const char *url, const char *cache_dir)
{
	char *path = NULL;
	*repo = NULL;
	int rc = import_fetch(&path, NULL, url, NULL, 0, cache_dir, 0);
	if (rc == 0 && git_repository_open_bare(repo, path) != 0)
		rc = git_fail("cannot open the cache clone", path);
	free(path);
	return rc;
}

struct tip {
	char *name;
	git_oid oid;
};

static void tips_free(struct tip *tips, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tips[i].name);
	free(tips);
}

static int want_ref(const char *name)
{
	if (!strncmp(name, "refs/heads/", 11) || !strncmp(name, "refs/tags/", 10) || !strncmp(name, "refs/pull/", 10))
		return 1;
	if (!strncmp(name, "refs/remotes/", 13)) {
		size_t n = strlen(name);
		return !(n >= 5 && !strcmp(name + n - 5, "/HEAD"));
	}
	return 0;
}

/* Collect the refs to import: those named, or all of them. */
static int collect_tips(struct tip **out, size_t *nout, git_repository *repo, const char *repo_name,
			const struct import_options *opts)
{
	struct tip *tips = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;
	if (opts->nrefs) {
		for (size_t i = 0; i < opts->nrefs; i++) {
			git_reference *ref = NULL;
			git_object *obj = NULL;
			const char *full = opts->refs[i];
			if (git_reference_dwim(&ref, repo, opts->refs[i]) == 0)
				full = git_reference_name(ref);
			if (git_revparse_single(&obj, repo, opts->refs[i]) != 0) {
				git_reference_free(ref);
				rc = ct_error_set(CT_ENOTFOUND, "'%s': no ref or commit named '%s'", repo_name, opts->refs[i]);
				break;
			}
			git_object *peeled = NULL;
			if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0) {
				git_object_free(obj);
				git_reference_free(ref);
				rc = ct_error_set(CT_EINVALID, "'%s': '%s' does not name a commit", repo_name, opts->refs[i]);
				break;
			}
			if (n == alloc)
				tips = xrealloc(tips, (alloc = alloc ? alloc * 2 : 16) * sizeof(*tips));
			tips[n].name = xstrdup(full);
			git_oid_cpy(&tips[n].oid, git_object_id(peeled));
			n++;
			git_object_free(peeled);
			git_object_free(obj);
			git_reference_free(ref);
		}
	} else {
		git_reference_iterator *it;
		if (git_reference_iterator_new(&it, repo) != 0)
			return git_fail("cannot list the refs of", repo_name);
		git_reference *ref;
		while (git_reference_next(&ref, it) == 0) {
			const char *name = git_reference_name(ref);
			git_object *obj = NULL;
			if (want_ref(name) && git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
			    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
				if (n == alloc)
					tips = xrealloc(tips, (alloc = alloc ? alloc * 2 : 64) * sizeof(*tips));
				tips[n].name = xstrdup(name);
				git_oid_cpy(&tips[n].oid, git_object_id(obj));
				n++;
			}
			git_object_free(obj);
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
		if (!n)
			rc = ct_error_set(CT_ENOTFOUND, "'%s': the repository has no branches or tags", repo_name);
	}
	if (rc < 0) {
		tips_free(tips, n);
		return rc;
	}
	*out = tips;
	*nout = n;
	return 0;
}

/* The ref queries default to: refs/heads/main, else what HEAD points at. */
static char *main_ref_of(git_repository *repo, const char *branch)
{
	git_reference *ref = NULL;
	if (branch && *branch) {
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "refs/heads/%s", branch);
		return strbuf_detach(&name, NULL);
	}
	if (git_reference_lookup(&ref, repo, "refs/heads/main") == 0) {
		git_reference_free(ref);
		return xstrdup("refs/heads/main");
	}
	if (git_repository_head(&ref, repo) == 0) {
		char *r = xstrdup(git_reference_name(ref));
		git_reference_free(ref);
		return r;
	}
	return NULL;
}

/* What on_known_ref needs: the known commits, and the walk to hide them from. */
struct hide_ctx {
	struct importer *imp;
	git_revwalk *walk;
};

static void on_known_ref(const char *name, const char *oid, const char *base, void *p)
{
	(void)name;
	(void)base;
	struct hide_ctx *ctx = p;
	git_oid o;
	int64_t v;
	if (git_oid_fromstr(&o, oid) == 0 && keymap_get(&ctx->imp->commits, o.id, &v))
		git_revwalk_hide(ctx->walk, &o);
}

/* How far the walk got, at most ten times a second (and always at the end, `force`). */
static void progress(const struct importer *imp, const struct progress *to, int force)
{
	static struct timespec last;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 < 100)
		return;
	last = now;
	progress_say(to, force, "importing %s: %zu commits, %zu new versions, %zu new sections", imp->stats->doc,
		     imp->stats->commits_walked, imp->stats->versions_new, imp->stats->sections_new);
}

static int walk(struct importer *imp, git_repository *repo, const char *repo_name, const char *path,
		struct tip *tips, size_t ntips, const struct progress *show_progress)
{
	git_revwalk *w = NULL;
	int rc = 0, pushed = 0;
	if (git_revwalk_new(&w, repo) != 0)
		return git_fail("cannot walk", repo_name);
	git_revwalk_sorting(w, GIT_SORT_TIME | GIT_SORT_REVERSE);
	for (size_t i = 0; i < ntips; i++) {
		int64_t v;
		if (keymap_get(&imp->commits, tips[i].oid.id, &v))
			continue;
		if (git_revwalk_push(w, &tips[i].oid) != 0) {
			rc = git_fail("cannot walk from", tips[i].name);
			goto out;
		}
		pushed++;
	}
	if (!pushed)
		goto out;
	struct hide_ctx ctx = { imp, w };
	if (store_each_ref(imp->st, imp->doc_id, on_known_ref, &ctx) < 0) {
		rc = CT_EDB;
		goto out;
	}

	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1], blob_hex[GIT_OID_HEXSZ + 1];
	while ((rc = git_revwalk_next(&oid, w)) == 0) {
		int64_t v;
		if (keymap_get(&imp->commits, oid.id, &v))
			continue;
		git_commit *commit = NULL;
		git_tree *tree = NULL;
		git_tree_entry *entry = NULL;
		git_oid_tostr(hex, sizeof(hex), &oid);
		if (git_commit_lookup(&commit, repo, &oid) != 0 || git_commit_tree(&tree, commit) != 0) {
			git_commit_free(commit);
			rc = git_fail("cannot read commit", hex);
			goto out;
		}
		int64_t version_id = 0;
		git_time_t when = git_commit_time(commit);
		if (git_tree_entry_bypath(&entry, tree, path) == 0 && git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
			const git_oid *boid = git_tree_entry_id(entry);
			imp->stats->commits_with_file++;
			if (!keymap_get(&imp->versions, boid->id, &version_id)) {
				git_blob *blob = NULL;
				if (git_blob_lookup(&blob, repo, boid) != 0) {
					rc = git_fail("cannot read the blob of", hex);
				} else {
					git_oid_tostr(blob_hex, sizeof(blob_hex), boid);
					strbuf_reset(&imp->name);
					strbuf_addf(&imp->name, "%s at %.12s", path, hex);
					rc = import_version(&version_id, imp, imp->name.buf, blob_hex,
							    git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), when);
					if (rc == 0)
						keymap_put(&imp->versions, boid->id, version_id);
				}
				git_blob_free(blob);
			}
		}
		if (rc == 0) {
			unsigned int np = git_commit_parentcount(commit);
			char (*phex)[GIT_OID_HEXSZ + 1] = xcalloc(np ? np : 1, sizeof(*phex));
			const char **parents = xcalloc(np ? np : 1, sizeof(*parents));
			for (unsigned int i = 0; i < np; i++) {
				git_oid_tostr(phex[i], sizeof(phex[i]), git_commit_parent_id(commit, i));
				parents[i] = phex[i];
			}
			const char *summary = git_commit_summary(commit);
			size_t bstart, blen;
			char *ballot = NULL;
			if (summary && ballot_name_find(&bstart, &blen, summary, 0) == 0)
				ballot = xstrndup(summary + bstart, blen);
			struct store_commit c = {
				imp->doc_id, hex, np ? parents[0] : NULL, (int)np, parents,
				(int64_t)when, summary ? summary : "", ballot, version_id,
			};
			rc = store_commit_insert(imp->st, &c);
			free(ballot);
			free(parents);
			free(phex);
			keymap_put(&imp->commits, oid.id, 1);
			imp->stats->commits_walked++;
		}
		git_tree_entry_free(entry);
		git_tree_free(tree);
		git_commit_free(commit);
		if (rc < 0)
			goto out;
		if (show_progress->fn)
			progress(imp, show_progress, 0);
	}
	if (rc == GIT_ITEROVER)
		rc = 0;
	else if (rc < 0 && !ct_error_last())
		rc = git_fail("cannot walk", repo_name);
	if (show_progress->fn)
		progress(imp, show_progress, 1);
out:
	git_revwalk_free(w);
	return rc;
}

/*
 * Record the refs, each with its merge base with the main ref, so that a
 * pull request or a fork's branch can be diffed against the point where it
 * left main without the repository at hand.
 */
static void on_stored_ref(const char *name, const char *oid, const char *base, void *p)
{
	json_object_set_new(p, name, json_pack("{s:s, s:s?}", "oid", oid, "base", base));
}

static int store_tips(struct importer *imp, git_repository *repo, const struct tip *tips, size_t ntips,
		      const char *main_ref)
{
	const git_oid *main_oid = NULL;
	for (size_t i = 0; i < ntips; i++)
		if (main_ref && !strcmp(tips[i].name, main_ref))
			main_oid = &tips[i].oid;

	/*
	 * A merge base reads commits: compute it only for a ref that moved,
	 * or for every ref when main moved.
	 */
	json_t *stored = json_object();
	if (store_each_ref(imp->st, imp->doc_id, on_stored_ref, stored) < 0) {
		json_decref(stored);
		return CT_EDB;
	}
	char main_hex[GIT_OID_HEXSZ + 1] = "";
	if (main_oid)
		git_oid_tostr(main_hex, sizeof(main_hex), main_oid);
	const char *old_main = main_ref ? json_string_value(json_object_get(json_object_get(stored, main_ref), "oid")) : NULL;
	int main_moved = !old_main || strcmp(old_main, main_hex);

	int rc = 0;
	for (size_t i = 0; i < ntips && rc == 0; i++) {
		char hex[GIT_OID_HEXSZ + 1], base_hex[GIT_OID_HEXSZ + 1];
		json_t *old = json_object_get(stored, tips[i].name);
		git_oid_tostr(hex, sizeof(hex), &tips[i].oid);
		if (!main_moved && old && !strcmp(json_string_value(json_object_get(old, "oid")), hex))
			continue; /* unchanged, and so is its base */
		git_oid base;
		int have_base = main_oid && &tips[i].oid != main_oid &&
				git_merge_base(&base, repo, main_oid, &tips[i].oid) == 0;
		if (have_base)
			git_oid_tostr(base_hex, sizeof(base_hex), &base);
		rc = store_ref_set(imp->st, imp->doc_id, tips[i].name, hex, have_base ? base_hex : NULL);
	}
	json_decref(stored);
	return rc;
}

int import_git(struct import_stats *stats, struct ct_db *db, const char *repo_path, const struct import_options *opts)
{
	git_repository *repo = NULL;
	struct importer imp;
	struct tip *tips = NULL;
	size_t ntips = 0;
	char *main_ref = NULL;
	int rc = 0, started = 0;

	memset(stats, 0, sizeof(*stats));
	if (!opts->path || !*opts->path)
		return ct_error_set(CT_EINVALID, "import '%s': name the file with --path (for example --path SBR.md)", repo_path);
	if (opts->doc)
		snprintf(stats->doc, sizeof(stats->doc), "%s", opts->doc);
	else
		import_default_doc(stats->doc, sizeof(stats->doc), opts->path);

	git_libgit2_init();
	/*
	 * Blob ids are what we address content by, and the object database is
	 * git's own: re-hashing every object read (libgit2's default) would
	 * cost more than the whole parse.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (is_url(repo_path)) {
		rc = open_remote(&repo, repo_path, opts->cache_dir);
	} else if (git_repository_open_ext(&repo, repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
		struct stat st;
		if (stat(repo_path, &st) != 0)
			rc = ct_error_set(CT_ENOTFOUND, "'%s': no such file or folder", repo_path);
		else
			rc = ct_error_set(CT_EINVALID, "'%s' is not a git repository", repo_path);
	}
	if (rc < 0)
		goto out;

	rc = collect_tips(&tips, &ntips, repo, repo_path, opts);
	if (rc < 0)
		goto out;
	main_ref = main_ref_of(repo, opts->main_branch);
	if (opts->main_branch) {
		/* A main branch named must be one: queries default to it. */
		git_reference *ref = NULL;
		if (git_reference_lookup(&ref, repo, main_ref) != 0) {
			rc = ct_error_set(CT_EINVALID, "--main '%s': '%s' has no branch of that name", opts->main_branch, repo_path);
			goto out;
		}
		git_reference_free(ref);
	}
	rc = importer_start(&imp, db, stats, stats->doc, repo_path, opts->path, main_ref);
	started = 1;
	if (rc < 0)
		goto out;
	rc = walk(&imp, repo, repo_path, opts->path, tips, ntips, &opts->progress);
	if (rc < 0)
		goto out;

	/* The file must exist somewhere in what was imported. */
	sqlite3_stmt *st;
	if ((rc = db_prepare(&st, db, "SELECT count(*) FROM commits WHERE doc_id = ?1 AND version_id IS NOT NULL")) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, imp.doc_id);
	int have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (!have) {
		rc = ct_error_set(CT_ENOTFOUND, "'%s': no commit has a file '%s'; name the file inside the repository with --path",
				  repo_path, opts->path);
		goto out;
	}
	rc = store_tips(&imp, repo, tips, ntips, main_ref);
	stats->refs = ntips;
out:
	if (started)
		importer_finish(&imp);
	tips_free(tips, ntips);
	free(main_ref);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int import_file(struct import_stats *stats, struct ct_db *db, const char *file, const struct import_options *opts)
{
	struct strbuf buf = STRBUF_INIT;
	struct importer imp;
	int rc = 0, started = 0;
	memset(stats, 0, sizeof(*stats));
	if (opts->doc)
		snprintf(stats->doc, sizeof(stats->doc), "%s", opts->doc);
	else
		import_default_doc(stats->doc, sizeof(stats->doc), file);

	FILE *f = fopen(file, "rb");
	if (!f)
		return ct_error_set(CT_ENOTFOUND, "'%s': %s", file, strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&buf, chunk, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		rc = ct_error_set(CT_ERROR, "'%s': read error", file);
		goto out;
	}
	git_libgit2_init();
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1], pseudo[GIT_OID_HEXSZ + 16];
	git_odb_hash(&oid, buf.buf, buf.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof(hex), &oid);
	git_libgit2_shutdown();

	rc = importer_start(&imp, db, stats, stats->doc, file, opts->path ? opts->path : file, "worktree");
	started = 1;
	if (rc < 0)
		goto out;
	int64_t version_id;
	if (!keymap_get(&imp.versions, oid.id, &version_id)) {
		rc = import_version(&version_id, &imp, file, hex, buf.buf, buf.len, (int64_t)time(NULL));
		if (rc < 0)
			goto out;
	}
	/* A working copy is recorded as a pseudo-commit "worktree:<blob>" under the ref "worktree". */
	snprintf(pseudo, sizeof(pseudo), "worktree:%s", hex);
	struct store_commit c = { imp.doc_id, pseudo, NULL, 0, NULL, (int64_t)time(NULL), "working copy", NULL, version_id };
	if ((rc = store_commit_insert(imp.st, &c)) == 0)
		rc = store_ref_set(imp.st, imp.doc_id, "worktree", pseudo, NULL);
	stats->commits_with_file = 1;
	stats->refs = 1;
out:
	if (started)
		importer_finish(&imp);
	strbuf_release(&buf);
	return rc;
}
