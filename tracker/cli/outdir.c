/*
 * outdir.c - a folder of output files written all or nothing (see outdir.h).
 *
 * The temporary folder is "NAME.tmp-XXXXXX" beside the real path of DIR
 * (after symbolic links), so that every rename stays on one file system.
 * When DIR did not exist the temporary folder itself is renamed to DIR.
 * Otherwise each file replaces its namesake: the old one is first moved
 * into the temporary folder's "old" sub-folder, so that a failed rename
 * can move everything back.
 */
#include "tracker/cli/outdir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"

struct outdir {
	char *dir;          /* DIR as given, for messages */
	char *real;         /* where the files go: DIR's real path, or DIR when it is new */
	char *tmp;          /* the temporary folder */
	int fresh;          /* DIR did not exist: rename the whole folder */
	char **names;
	size_t nr, alloc;
};

static char *path_join(const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

int outdir_begin(struct outdir **out, const char *dir)
{
	*out = NULL;
	struct stat st;
	struct outdir *o = xcalloc(1, sizeof(*o));
	o->dir = xstrdup(dir);
	if (stat(dir, &st) == 0) {
		char *real = realpath(dir, NULL);
		if (!S_ISDIR(st.st_mode) || !real) {
			free(real);
			outdir_free(o);
			return ct_error_set(CT_EINVALID, "cannot write into '%s': %s", dir,
					    S_ISDIR(st.st_mode) ? strerror(errno) : "it is not a folder");
		}
		o->real = real;
	} else if (errno == ENOENT) {
		o->real = xstrdup(dir);
		o->fresh = 1;
	} else {
		int e = errno;
		outdir_free(o);
		return ct_error_set(CT_EINVALID, "cannot write into '%s': %s", dir, strerror(e));
	}
	size_t n = strlen(o->real);
	while (n > 1 && o->real[n - 1] == '/')
		o->real[--n] = '\0';
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s.tmp-XXXXXX", o->real);
	if (!mkdtemp(t.buf)) {
		int e = errno;
		strbuf_release(&t);
		outdir_free(o);
		return ct_error_set(CT_EINVALID, "cannot make a temporary folder beside '%s': %s", dir, strerror(e));
	}
	o->tmp = strbuf_detach(&t, NULL);
	if (o->fresh) {
		/* mkdtemp made it private; the folder it becomes is made as mkdir would */
		mode_t mask = umask(0);
		umask(mask);
		(void)chmod(o->tmp, 0777 & ~mask);
	}
	*out = o;
	return 0;
}

int outdir_write(struct outdir *o, const char *name, const char *data, size_t len)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return ct_error_set(CT_EINVALID, "'%s' is not a file name", name);
	char *path = path_join(o->tmp, name);
	FILE *f = fopen(path, "wbx");
	int rc = 0;
	if (!f) {
		rc = ct_error_set(CT_EINVALID, "cannot write '%s/%s': %s", o->dir, name,
				  errno == EEXIST ? "written twice" : strerror(errno));
	} else {
		if (fwrite(data, 1, len, f) != len)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s/%s': %s", o->dir, name, strerror(errno));
		if (fclose(f) != 0 && rc == 0)
			rc = ct_error_set(CT_EINVALID, "cannot write '%s/%s': %s", o->dir, name, strerror(errno));
	}
	if (f && rc < 0)
		(void)unlink(path);
	free(path);
	if (rc == 0) {
		if (o->nr == o->alloc) {
			o->alloc = o->alloc ? 2 * o->alloc : 8;
			o->names = xrealloc(o->names, o->alloc * sizeof(*o->names));
		}
		o->names[o->nr++] = xstrdup(name);
	}
	return rc;
}

/* Move back what step i (and those before it) did: new files out, old files in. */
static void roll_back(struct outdir *o, size_t done, const char *old)
{
	for (size_t i = done; i-- > 0;) {
		char *dst = path_join(o->real, o->names[i]), *back = path_join(old, o->names[i]);
		char *tmp = path_join(o->tmp, o->names[i]);
		(void)rename(dst, tmp);
		(void)rename(back, dst); /* fails harmlessly when there was no old file */
		free(dst);
		free(back);
		free(tmp);
	}
}

int outdir_commit(struct outdir *o)
{
	if (o->fresh) {
		if (rename(o->tmp, o->real) != 0)
			return ct_error_set(CT_EINVALID, "cannot write into '%s': %s", o->dir, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return 0;
	}
	/* Nothing is moved until every name is known to be free or a file. */
	for (size_t i = 0; i < o->nr; i++) {
		struct stat st;
		char *dst = path_join(o->real, o->names[i]);
		int bad = lstat(dst, &st) == 0 && S_ISDIR(st.st_mode);
		free(dst);
		if (bad)
			return ct_error_set(CT_EINVALID, "cannot write '%s/%s': it is a folder", o->dir, o->names[i]);
	}
	char *old = path_join(o->tmp, ".old");
	if (mkdir(old, 0700) != 0) {
		int e = errno;
		free(old);
		return ct_error_set(CT_EINVALID, "cannot write into '%s': %s", o->dir, strerror(e));
	}
	int rc = 0;
	for (size_t i = 0; i < o->nr && rc == 0; i++) {
		char *src = path_join(o->tmp, o->names[i]), *dst = path_join(o->real, o->names[i]);
		char *back = path_join(old, o->names[i]);
		if (rename(dst, back) != 0 && errno != ENOENT)
			rc = ct_error_set(CT_EINVALID, "cannot replace '%s/%s': %s", o->dir, o->names[i], strerror(errno));
		else if (rename(src, dst) != 0) {
			rc = ct_error_set(CT_EINVALID, "cannot write '%s/%s': %s", o->dir, o->names[i], strerror(errno));
			(void)rename(back, dst);
		}
		if (rc < 0)
			roll_back(o, i, old);
		free(src);
		free(dst);
		free(back);
	}
	free(old);
	return rc;
}

/* Remove the temporary folder: the files written, the old files kept aside, and their folders. */
static void remove_tmp(struct outdir *o)
{
	char *old = path_join(o->tmp, ".old");
	for (size_t i = 0; i < o->nr; i++) {
		char *a = path_join(o->tmp, o->names[i]), *b = path_join(old, o->names[i]);
		(void)unlink(a);
		(void)unlink(b);
		free(a);
		free(b);
	}
	(void)rmdir(old);
	(void)rmdir(o->tmp);
	free(old);
}

void outdir_free(struct outdir *o)
{
	if (!o)
		return;
	if (o->tmp)
		remove_tmp(o);
	for (size_t i = 0; i < o->nr; i++)
		free(o->names[i]);
	free(o->names);
	free(o->dir);
	free(o->real);
	free(o->tmp);
	free(o);
}
