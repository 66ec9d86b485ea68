/*
 * project.c - the project file (see project.h), through libgit2's config
 * API: no parser of our own, and the file reads and edits like a
 * .git/config (`git config -f cabtrack.conf ...` works on it too).
 *
 * Each call opens the file, does one thing and closes it: commands read a
 * handful of keys, so caching would buy nothing and cost invariants.
 * libgit2 itself is started once, the first time a project file is there
 * to read, and left running: starting it reads every CA certificate of
 * the system for its TLS, which cost more than the rest of a page render
 * when it was done for every key.
 */
#include "tracker/project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

char *project_path(const char *db_path)
{
	const char *env = getenv("CABTRACK_CONF");
	if (env && *env)
		return xstrdup(env);
	const char *slash = strrchr(db_path, '/');
	struct strbuf sb = STRBUF_INIT;
	if (slash)
		strbuf_add(&sb, db_path, (size_t)(slash - db_path + 1));
	strbuf_addstr(&sb, "cabtrack.conf");
	return strbuf_detach(&sb, NULL);
}

char *project_discover(void)
{
	char dir[4096];
	if (!getcwd(dir, sizeof(dir)))
		return NULL;
	static const char *const marks[] = { "cabtrack.conf", "cabtrack.db" };
	struct strbuf cur = STRBUF_INIT, probe = STRBUF_INIT;
	strbuf_addstr(&cur, dir);
	for (;;) {
		const char *here = cur.len > 1 ? cur.buf : ""; /* the root is "" + "/NAME" */
		for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
			struct stat st;
			strbuf_reset(&probe);
			strbuf_addf(&probe, "%s/%s", here, marks[m]);
			if (stat(probe.buf, &st) == 0 && S_ISREG(st.st_mode)) {
				strbuf_reset(&probe);
				strbuf_addf(&probe, "%s/cabtrack.db", here);
				strbuf_release(&cur);
				return strbuf_detach(&probe, NULL);
			}
		}
		char *slash = strrchr(cur.buf, '/');
		if (!slash || cur.len <= 1)
			break;
		strbuf_setlen(&cur, slash == cur.buf ? 1 : (size_t)(slash - cur.buf));
	}
	strbuf_release(&cur);
	strbuf_release(&probe);
	return NULL;
}

char *project_resolve(const char *db_path, const char *value)
{
	if (!value)
		return NULL;
	const char *colon = strchr(value, ':'), *slash0 = strchr(value, '/');
	if (value[0] == '/' || strstr(value, "://") || (colon && (!slash0 || colon < slash0)))
		return xstrdup(value); /* absolute, a URL, or scp-like host:path */
	char *file = project_path(db_path);
	const char *slash = strrchr(file, '/');
	struct strbuf sb = STRBUF_INIT;
	if (slash)
		strbuf_add(&sb, file, (size_t)(slash - file + 1));
	strbuf_addstr(&sb, value);
	free(file);
	return strbuf_detach(&sb, NULL);
}

static int fail(const char *path, const char *what)
{
	const git_error *e = git_error_last();
	return ct_error_set(CT_EINVALID, "project file '%s': %s%s%s", path, what, e && e->message ? ": " : "",
			    e && e->message ? e->message : "");
}

/* An open project file: libgit2's config and the file's path. */
struct cfg {
	git_config *cfg;
	char *path;
};

/* Start libgit2 once for the process (see the top of the file). */
static void start_libgit2(void)
{
	static int started;
	if (!started)
		git_libgit2_init();
	started = 1;
}

/* Open the project file; c->cfg NULL (and 0) when it does not exist and !create. */
static int open_cfg(struct cfg *c, const char *db_path, int create)
{
	struct stat st;
	git_config **cfg = &c->cfg;
	char **path = &c->path;
	*cfg = NULL;
	*path = project_path(db_path);
	/* No file, nothing to read: libgit2 is not started. */
	if (!create && stat(*path, &st) != 0)
		return 0;
	start_libgit2();
	if (git_config_open_ondisk(cfg, *path) != 0)
		return fail(*path, "cannot read it");
	return 0;
}

static void close_cfg(struct cfg *c)
{
	git_config_free(c->cfg);
	free(c->path);
}

char *project_get(const char *db_path, const char *key)
{
	struct cfg c;
	char *value = NULL;
	if (open_cfg(&c, db_path, 0) == 0 && c.cfg) {
		git_buf buf = GIT_BUF_INIT;
		if (git_config_get_string_buf(&buf, c.cfg, key) == 0)
			value = xstrdup(buf.ptr);
		git_buf_dispose(&buf);
	}
	ct_error_drop("no project file or no such key: the value is absent (NULL), as the header says");
	close_cfg(&c);
	return value;
}

int project_check(const char *db_path)
{
	/*
	 * libgit2 parses lazily: reading every entry finds a broken line, and
	 * project_list says so when the iteration stops short.
	 */
	json_t *entries = NULL;
	int rc = project_list(&entries, db_path);
	json_decref(entries);
	return rc;
}

int project_set(const char *db_path, const char *key, const char *value)
{
	struct cfg c;
	int rc = open_cfg(&c, db_path, 1);
	if (rc == 0) {
		/* Unsetting removes every value of a key that has several (document.X.remote). */
		int e = value ? git_config_set_string(c.cfg, key, value) : git_config_delete_multivar(c.cfg, key, ".*");
		if (e == GIT_ENOTFOUND && !value)
			rc = ct_error_set(CT_ENOTFOUND, "project file '%s' has no '%s'", c.path, key);
		else if (e != 0)
			rc = fail(c.path, value ? "cannot set the key" : "cannot remove the key");
	}
	close_cfg(&c);
	return rc;
}

int project_add(const char *db_path, const char *key, const char *value)
{
	struct cfg c;
	int rc = open_cfg(&c, db_path, 1);
	/* "^$" matches no existing value, so the value is added, never replaced. */
	if (rc == 0 && git_config_set_multivar(c.cfg, key, "^$", value) != 0)
		rc = fail(c.path, "cannot add the value");
	close_cfg(&c);
	return rc;
}

int project_list(json_t **out, const char *db_path)
{
	struct cfg c;
	*out = json_array();
	int rc = open_cfg(&c, db_path, 0);
	if (rc == 0 && c.cfg) {
		git_config_iterator *it = NULL;
		git_config_entry *e;
		if (git_config_iterator_new(&it, c.cfg) != 0)
			rc = fail(c.path, "cannot read it");
		int step;
		while (rc == 0 && (step = git_config_next(&e, it)) == 0)
			json_array_append_new(*out, json_pack("{s:s, s:s}", "key", e->name, "value", e->value ? e->value : ""));
		if (rc == 0 && step != GIT_ITEROVER)
			rc = fail(c.path, "cannot read it");
		git_config_iterator_free(it);
	}
	close_cfg(&c);
	return rc;
}

int project_documents(json_t **out, const char *db_path)
{
	json_t *entries = NULL, *e, *docs = json_object(), *order = json_array();
	size_t i;
	*out = NULL;
	int rc = project_list(&entries, db_path);
	json_array_foreach(entries, i, e) {
		const char *key = json_string_value(json_object_get(e, "key"));
		const char *value = json_string_value(json_object_get(e, "value"));
		if (strncmp(key, "document.", 9))
			continue;
		const char *dot = strrchr(key, '.');
		if (dot <= key + 9)
			continue;
		char *name = xstrndup(key + 9, (size_t)(dot - key - 9));
		json_t *d = json_object_get(docs, name);
		if (!d) {
			d = json_pack("{s:s, s:n, s:n, s:n, s:[]}", "name", name, "url", "path", "branch", "remotes");
			json_object_set_new(docs, name, d);
			json_array_append_new(order, json_string(name));
		}
		const char *field = dot + 1;
		if (!strcmp(field, "remote")) {
			/* "NAME URL" */
			const char *sp = strchr(value, ' ');
			if (!sp) {
				rc = ct_error_set(CT_EINVALID, "project file: %s = '%s': write the remote as NAME URL", key, value);
			} else {
				char *rname = xstrndup(value, (size_t)(sp - value));
				while (*sp == ' ')
					sp++;
				json_array_append_new(json_object_get(d, "remotes"), json_pack("{s:s, s:s}", "name", rname, "url", sp));
				free(rname);
			}
		} else if (!strcmp(field, "url")) {
			char *url = project_resolve(db_path, value); /* a local path is the project's, not the cwd's */
			json_object_set_new(d, field, json_string(url));
			free(url);
		} else if (!strcmp(field, "path") || !strcmp(field, "branch")) {
			json_object_set_new(d, field, json_string(value));
		}
		free(name);
	}
	json_t *list = json_array(), *n;
	json_array_foreach(order, i, n) {
		json_t *d = json_object_get(docs, json_string_value(n));
		if (rc == 0 && (!json_is_string(json_object_get(d, "url")) || !json_is_string(json_object_get(d, "path"))))
			rc = ct_error_set(CT_EINVALID, "project file: document \"%s\" needs a url and a path "
					  "(cabtrack config document.%s.url URL)", json_string_value(n), json_string_value(n));
		json_array_append(list, d);
	}
	json_decref(entries);
	json_decref(docs);
	json_decref(order);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}

struct preset {
	const char *name;
	const char *const *pairs;   /* key, value, ..., NULL */
};

static const char *const smime[] = {
	"cabtrack.wg", "S/MIME Certificate Working Group",
	"cabtrack.github", "cabforum/smime",
	"cabtrack.pages", "site",
	"document.SBR.url", "https://github.com/cabforum/smime",
	"document.SBR.path", "SBR.md",
	"document.SBR.branch", "main",
	"document.SBR.remote", "srdavidson https://github.com/srdavidson/smime",
	"meeting.tz", "America/New_York",
	"meeting.time", "11:00",
	"meeting.cadence", "every other Wednesday",
	NULL,
};

static const char *const servercert[] = {
	"cabtrack.wg", "Server Certificate Working Group",
	"cabtrack.github", "cabforum/servercert",
	"cabtrack.pages", "site",
	"document.BR.url", "https://github.com/cabforum/servercert",
	"document.BR.path", "docs/BR.md",
	"document.BR.branch", "main",
	"meeting.tz", "America/New_York",
	"meeting.time", "11:00",
	"meeting.cadence", "every other Thursday",
	NULL,
};

static const char *const codesigning[] = {
	"cabtrack.wg", "Code Signing Certificate Working Group",
	"cabtrack.github", "cabforum/code-signing",
	"cabtrack.pages", "site",
	"document.CSBR.url", "https://github.com/cabforum/code-signing",
	"document.CSBR.path", "docs/CSBR.md",
	"document.CSBR.branch", "main",
	"meeting.tz", "America/New_York",
	"meeting.time", "11:00",
	"meeting.cadence", "every other Thursday",
	NULL,
};

static const struct preset presets[] = {
	{ "smime", smime },
	{ "servercert", servercert },
	{ "codesigning", codesigning },
};

int project_init(const char *db_path, const char *preset, int force)
{
	const char *const *pairs = NULL;
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (preset && !strcmp(presets[i].name, preset))
			pairs = presets[i].pairs;
	if (preset && !pairs)
		return ct_error_set(CT_EINVALID, "unknown preset '%s'; use smime, servercert or codesigning", preset);
	char *path = project_path(db_path);
	struct stat st;
	int rc = 0, created = 1;
	if (stat(path, &st) == 0) {
		created = 0;
		if (!force)
			rc = ct_error_set(CT_EINVALID, "'%s' exists; change it with 'cabtrack config', or pass --force to start again",
					  path);
		else if (remove(path) != 0)
			rc = ct_error_set(CT_EINVALID, "cannot replace '%s'", path);
		else
			created = 1;
	}
	if (rc == 0 && !pairs) {
		/* No preset: an empty file to fill with 'cabtrack config'. */
		FILE *f = fopen(path, "w");
		if (!f || fputs("# cabtrack project file; see 'man cabtrack' or 'cabtrack help init'\n", f) == EOF)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s'", path);
		if (f && fclose(f) != 0 && rc == 0)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s'", path);
	}
	for (size_t i = 0; rc == 0 && pairs && pairs[i]; i += 2) {
		if (strstr(pairs[i], ".remote"))
			rc = project_add(db_path, pairs[i], pairs[i + 1]);
		else
			rc = project_set(db_path, pairs[i], pairs[i + 1]);
	}
	if (rc < 0 && stat(path, &st) == 0 && created)
		remove(path);   /* no half-written project file */
	free(path);
	return rc;
}
