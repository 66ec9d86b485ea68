/*
 * mdsplit.h - cut a guideline's Markdown into front matter and sections.
 *
 * This is the cheap first pass of every import: a line scanner, no Markdown
 * parser.  Each ATX heading (outside fenced code) starts a section that runs
 * to the next heading; the front matter and anything before the first
 * heading form section 0 (level 0).  Every section is hashed (XXH3-128) so
 * that the importer parses only section texts it has never seen.
 *
 * The sections point into the caller's buffer, which must outlive them.
 */
#ifndef CT_MDSPLIT_H
#define CT_MDSPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "tracker/base/strbuf.h"

struct md_section {
	const char *text;       /* points into the document buffer */
	size_t len;
	int level;              /* 0 for the front matter / preamble, else 1..6 */
	size_t line;            /* first line in the document, from 1 */
	size_t lines;           /* number of lines */
	unsigned char hash[16]; /* XXH3-128 of text[0..len), big-endian */
};

struct md_document {
	struct md_section *sections;
	size_t nr, alloc;
	/* front matter fields (NULL when absent); owned */
	char *title, *subtitle, *label, *date;
};
#define MD_DOCUMENT_INIT { NULL, 0, 0, NULL, NULL, NULL, NULL }

/*
 * The largest document taken, 16 MB: the guidelines have never reached
 * 400 KB, so a real document that grows never meets it, while a runaway
 * file is refused before it is parsed.  A generated 16 MB guideline
 * imports in under 200 MB (`make bench`): dates are tied to ballots row by
 * row, not through the obligations held as JSON.
 */
#define MD_MAX_BYTES ((size_t)16 << 20)

/*
 * Split buf[0..len) into sections.  `name` names the input in messages
 * ("SBR.md at 3ee2a73").  Fails with CT_EINVALID on an empty or binary
 * (NUL-containing) file, or one larger than MD_MAX_BYTES.  UTF-8 is checked
 * later, per new section, by md_check_utf8().
 */
int md_split(struct md_document *out, const char *name, const char *buf, size_t len);

/* Free what md_split allocated (not the buffer) and reset `doc`; NULL or empty is fine. */
void md_document_release(struct md_document *doc);

/*
 * Parse a section's heading line: the number ("4.2.2.1", or empty when the
 * heading has none) and the title (inline Markdown kept).  For level 0 the
 * title is "Front matter".
 */
void md_section_heading(struct strbuf *number, struct strbuf *title, const struct md_section *s);

/*
 * The name an unnumbered appendix heading is referred to by: "Appendix B"
 * for a title "Appendix B – Issuance of ..." or "Appendix b".  Writes it to
 * out (at least 12 bytes) and returns 1, or returns 0 when the title names
 * no appendix.
 */
int md_appendix_name(char *out, const char *title);

/*
 * Check that s[0..len) is valid UTF-8.  Returns 0, or CT_EINVALID with a
 * message naming `name`, the line (counted from `first_line`) and the byte.
 */
int md_check_utf8(const char *name, const char *s, size_t len, size_t first_line);

/* Hash arbitrary bytes as the sections are hashed (XXH3-128, big-endian). */
void md_hash(unsigned char out[16], const void *data, size_t len);

#endif
