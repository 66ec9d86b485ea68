/*
 * textnorm.h - one form for the text of a document, whatever editor saved it.
 *
 * Owns what is dropped or rewritten before a document (or a minutes post)
 * is cut into sections: a leading UTF-8 byte order mark, and CRLF and
 * CR-only line ends, which become LF.  A document saved with any of these
 * is read as the same document as with LF and no mark.
 */
#ifndef CT_TEXTNORM_H
#define CT_TEXTNORM_H

#include <stddef.h>

#include "tracker/base/strbuf.h"

/*
 * Whether buf[0..len) needs textnorm_lf: it starts with a byte order mark
 * or holds a CR.  1 or 0.
 */
int textnorm_needed(const char *buf, size_t len);

/*
 * Append buf[0..len) to out without a leading UTF-8 byte order mark and
 * with every CRLF and every lone CR turned into LF.
 */
void textnorm_lf(struct strbuf *out, const char *buf, size_t len);

#endif
