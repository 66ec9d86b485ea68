/*
 * outdir.h - a folder of output files written all or nothing.
 *
 * Owns the way `render status --out DIR` puts its pages in place: every
 * file is first written into a temporary folder beside DIR (on DIR's own
 * file system), and only when all of them are written are they renamed
 * into DIR, in the order they were written (so the page that links the
 * others goes last).  A failure before that point (a write error, a full
 * disk, a name in DIR that is a folder) leaves DIR exactly as it was; a
 * failed rename puts back what was already moved.  Files in DIR that are
 * not written again are left alone.
 */
#ifndef CT_OUTDIR_H
#define CT_OUTDIR_H

#include <stddef.h>

struct outdir;

/*
 * Start writing into folder `dir` (made when missing; its parent must
 * exist).  0, or CT_EINVALID with a message naming the folder.
 */
int outdir_begin(struct outdir **out, const char *dir);

/*
 * Write file `name` (a plain file name, no '/') with data[0..len) into
 * the temporary folder.  0, or CT_EINVALID naming DIR/name.
 */
int outdir_write(struct outdir *o, const char *name, const char *data, size_t len);

/*
 * Rename every file written into DIR, in the order written.  0, or
 * CT_EINVALID naming the file (DIR as it was before the call).
 */
int outdir_commit(struct outdir *o);

/* Remove the temporary folder and what is left in it, and free (NULL is fine). */
void outdir_free(struct outdir *o);

#endif
