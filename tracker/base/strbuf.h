/*
 * strbuf.h - growing byte buffers, after git's strbuf.
 *
 * A strbuf owns a heap buffer that is always NUL-terminated: buf[len] == '\0'
 * whether or not len is zero, so sb.buf can be passed to any function taking a
 * C string.  STRBUF_INIT points at a static empty string; the first growth
 * allocates.  Allocation failure aborts the process (as git's xmalloc does):
 * callers never check for it.
 *
 * Freeing, here and in every module: `T_release(struct T *)` frees what a
 * caller-owned struct holds and resets it to its _INIT value, so it can be
 * used again (strbuf_release, outline_release, query_doc_release);
 * `T_free(struct T *)` frees a heap object the library allocated, pointer
 * and all (db_free, store_free).  `_free` accepts NULL, `_release` an
 * empty (_INIT) value.  A type has one or the other, never both.
 */
#ifndef CT_STRBUF_H
#define CT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

/* Make sure at least `extra` more bytes (plus the NUL) fit without a realloc. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Append `len` bytes from `data`. */
void strbuf_add(struct strbuf *sb, const void *data, size_t len);

/* Append a C string. */
void strbuf_addstr(struct strbuf *sb, const char *s);

/* Append one byte. */
void strbuf_addch(struct strbuf *sb, int c);

/* Append printf-style formatted text. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Cut the buffer to `len` bytes (len must not exceed sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

/* Remove trailing ASCII white space. */
void strbuf_rtrim(struct strbuf *sb);

/* Give up ownership of the buffer; the caller frees it.  sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* Free the buffer and return sb to STRBUF_INIT. */
void strbuf_release(struct strbuf *sb);

/* Allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
