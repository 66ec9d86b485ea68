/*
 * terminal.c - where the output goes (see terminal.h).  The only place
 * that asks the terminal anything; render/ is told the answer.
 */
#include "tracker/cli/terminal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tracker/base/progress.h"
#include "tracker/base/strbuf.h"

/* $COLUMNS as a width, or 0 when it is not a plain number (4..10000). */
static size_t columns_env(void)
{
	const char *s = getenv("COLUMNS");
	if (!s || !*s)
		return 0;
	char *end;
	long n = strtol(s, &end, 10);
	return *end || n < 4 || n > 10000 ? 0 : (size_t)n;
}

static int dumb(void)
{
	const char *term = getenv("TERM");
	return term && !strcmp(term, "dumb");
}

void terminal_detect(struct render_terminal *out)
{
	struct render_terminal t = RENDER_TERMINAL_INIT;
	int tty = isatty(STDOUT_FILENO);
	struct winsize ws;
	t.width = columns_env();
	if (!t.width && tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		t.width = ws.ws_col;
	const char *no_color = getenv("NO_COLOR");
	t.color = tty && !(no_color && *no_color) && !dumb();
	*out = t;
}

/* One line on stderr: in place (\r, then clear to the end) or to stay. */
static void show(void *payload, const char *line, int done)
{
	(void)payload;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '\r');
	render_text_escape(&sb, line, strlen(line), 0);
	strbuf_addstr(&sb, done ? "\033[K\n" : "\033[K");
	fwrite(sb.buf, 1, sb.len, stderr);
	fflush(stderr);
	strbuf_release(&sb);
}

void terminal_progress_init(struct progress *p, int quiet, int forced)
{
	int on = forced || (!quiet && isatty(STDERR_FILENO) && !dumb());
	p->fn = on ? show : NULL;
	p->payload = NULL;
}
