/*
 * textnorm.c - byte order mark and line ends (see textnorm.h).
 */
#include "importers/textnorm.h"

#include <string.h>

static const char bom[] = "\xef\xbb\xbf";

int textnorm_needed(const char *buf, size_t len)
{
	return (len >= 3 && !memcmp(buf, bom, 3)) || memchr(buf, '\r', len) != NULL;
}

void textnorm_lf(struct strbuf *out, const char *buf, size_t len)
{
	size_t i = len >= 3 && !memcmp(buf, bom, 3) ? 3 : 0;
	strbuf_grow(out, len - i);
	while (i < len) {
		const char *cr = memchr(buf + i, '\r', len - i);
		size_t end = cr ? (size_t)(cr - buf) : len;
		strbuf_add(out, buf + i, end - i);
		if (!cr)
			break;
		strbuf_addch(out, '\n');
		i = end + 1;
		if (i < len && buf[i] == '\n')
			i++;
	}
}
