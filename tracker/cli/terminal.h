/*
 * terminal.h - what the command line knows about where its output goes:
 * the width text tables fit and whether colour is wanted (standard
 * output), and whether progress may be shown (standard error).
 */
#ifndef CT_CLI_TERMINAL_H
#define CT_CLI_TERMINAL_H

#include <stddef.h>

#include "render/table.h"

/*
 * The settings for text tables on standard output: the width is $COLUMNS
 * when that is a number (so `COLUMNS=100 cabtrack ... | less` fits 100),
 * else the terminal's (TIOCGWINSZ) when standard output is one, else 0 (no
 * limit); colour only on a terminal, and never when $NO_COLOR is set and
 * not empty (https://no-color.org) or TERM is "dumb".
 */
void terminal_detect(struct render_terminal *out);

/* Whether progress lines may be written: standard error is a terminal (and not TERM=dumb). */
int terminal_progress_wanted(void);

#endif
