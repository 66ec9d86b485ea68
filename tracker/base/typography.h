/*
 * typography.h - typographic variants that do not change what a text says.
 *
 * The guidelines are edited in word processors as often as in Markdown, so
 * the same requirement or date turns up written with Unicode hyphens and
 * dashes (U+2010..U+2015), the minus sign (U+2212), no-break and other
 * fixed-width spaces (U+00A0, U+2000..U+200A, U+202F, U+205F) and curly
 * quotes and primes (U+2018..U+201F, U+2032, U+2033).  A ballot that only
 * replaced those changed no fact: dates are read through them, and the
 * identity of a requirement or a date is computed on the folded text.
 */
#ifndef CT_TYPOGRAPHY_H
#define CT_TYPOGRAPHY_H

#include <stddef.h>

#include "tracker/base/strbuf.h"

/* Does s[0..len) hold any character typo_fold changes? */
int typo_has(const char *s, size_t len);

/*
 * Append s[0..len) to `out` with each such character replaced by its ASCII
 * form: hyphens, dashes and minus as '-', spaces as ' ', single quotes and
 * primes as '\'', double quotes as '"'.  When `map` is not NULL, *map is
 * set to a new array (free() it) of the folded text's length + 1 entries:
 * for each byte appended, the offset in s of the character it came from,
 * and last `len`, so that a byte range found in the folded text maps back.
 */
void typo_fold(struct strbuf *out, size_t **map, const char *s, size_t len);

#endif
