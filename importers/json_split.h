/*
 * json_split.h - long JSON string values decoded apart from jansson.
 *
 * jansson's lexer reads a string byte by byte and copies it twice; a saved
 * listing of large issue bodies spends most of its parse there.
 * json_split copies the input into a skeleton in which every string value
 * (a string right after ':') of at least min_len bytes becomes a short
 * placeholder "\u0000N", and decodes those strings itself; jansson then
 * parses the small skeleton with JSON_ALLOW_NUL, and json_split_value /
 * json_split_take turn a placeholder back into its string.
 *
 * Invariant: json_split accepts a string only where jansson (default
 * flags) accepts it, and decodes it to the same bytes; any string it is
 * not sure of (a control character, invalid UTF-8, a bad or lone-surrogate
 * escape, "\u0000" anywhere, a string without its end) makes it refuse
 * the whole input, which then goes to jansson as it is.  A skeleton
 * differs from its input only inside strings that are valid, so it parses
 * exactly when the input does, to the same values; on any failure the
 * caller parses the input itself, so messages and byte positions stay
 * jansson's.
 */
#ifndef CT_JSON_SPLIT_H
#define CT_JSON_SPLIT_H

#include <stddef.h>

#include <jansson.h>

#include "tracker/base/strbuf.h"

struct json_split {
	struct strbuf skeleton; /* the input with long string values replaced by placeholders */
	char **strings;         /* decoded long strings, by placeholder index (owned; NULL once taken) */
	size_t n, alloc;
};
#define JSON_SPLIT_INIT { STRBUF_INIT, NULL, 0, 0 }

/*
 * Split data[0..len) into out->skeleton and out->strings (out must be
 * JSON_SPLIT_INIT or released).  1 when out holds a skeleton to parse with
 * JSON_ALLOW_NUL; 0 when the input is to be parsed as it is (out is then
 * released).  Linear in len; never reads past it.
 */
int json_split(struct json_split *out, const char *data, size_t len, size_t min_len);

/*
 * The text of string v: a placeholder's long string (not yet taken), else
 * json_string_value(v).  NULL when v is not a string.  s may be NULL (no
 * split: every string is jansson's).
 */
const char *json_split_value(const struct json_split *s, const json_t *v);

/*
 * A new string with the text of v (NULL when v is not a string): a
 * placeholder's long string is handed over without a copy, and
 * json_split_value gives NULL for it afterwards.  The caller frees it.
 */
char *json_split_take(struct json_split *s, const json_t *v);

/* Free what s holds and make it JSON_SPLIT_INIT again. */
void json_split_release(struct json_split *s);

#endif
