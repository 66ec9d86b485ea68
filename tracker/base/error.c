/*
 * error.c - the per-thread "last error" message (see error.h).
 *
 * A message is always one line: control characters (a newline in a field
 * name, an ESC in a title) are kept as \xNN.
 */
#include "tracker/base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_msg[1024];
static _Thread_local int last_code;
static _Thread_local int have_msg;

int ct_error_set(int code, const char *fmt, ...)
{
	char raw[sizeof(last_msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* One line, safe for a terminal: control characters quoted from the input are shown as \xNN. */
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)raw; *p && o + 5 < sizeof(last_msg); p++) {
		if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(last_msg + o, sizeof(last_msg) - o, "\\x%02x", *p);
		else
			last_msg[o++] = (char)*p;
	}
	last_msg[o] = '\0';
	last_code = code;
	have_msg = 1;
	return code;
}

int ct_error_prefix(int code, const char *fmt, ...)
{
	char prefix[256], old[sizeof(last_msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	snprintf(old, sizeof(old), "%s", have_msg ? last_msg : "failed");
	return ct_error_set(code, "%s%s", prefix, old);
}

const char *ct_error_last(void)
{
	return have_msg ? last_msg : NULL;
}

int ct_error_code(void)
{
	return have_msg ? last_code : 0;
}

void ct_error_clear(void)
{
	have_msg = 0;
	last_code = 0;
	last_msg[0] = '\0';
}

void ct_error_drop(const char *reason)
{
	(void)reason;
	ct_error_clear();
}
