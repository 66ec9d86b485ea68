/*
 * progress.c - report a step's progress through the caller's callback
 * (see progress.h).
 */
#include "tracker/base/progress.h"

#include <stdarg.h>

#include "tracker/base/strbuf.h"

void progress_say(const struct progress *p, int done, const char *fmt, ...)
{
	if (!p || !p->fn)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->fn(p->payload, sb.buf, done);
	strbuf_release(&sb);
}
