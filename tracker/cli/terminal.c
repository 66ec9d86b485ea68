/*
 * terminal.c - where the output goes (see terminal.h).  The only place
 * that asks the terminal anything; render/ is told the answer.
 */
#include "tracker/cli/terminal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

int terminal_progress_wanted(void)
{
	return isatty(STDERR_FILENO) && !dumb();
}
