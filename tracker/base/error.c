/*
 * error.c - the per-thread "last error" message (see error.h).
 */
#include "tracker/base/error.h"

#include <stdarg.h>
#include <stdio.h>

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
