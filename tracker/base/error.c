/*
 * error.c - the per-thread "last error" message (see error.h).
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
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
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
