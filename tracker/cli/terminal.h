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

/*
 * The progress a command shows (tracker/base/progress.h): on standard
 * error, each line replacing the last in place, when standard error is a
 * terminal (not TERM=dumb) and not `quiet`, or when `forced` (--progress,
 * as git has it).  Otherwise *p reports nothing.
 */
struct progress;
void terminal_progress_init(struct progress *p, int quiet, int forced);

#endif
