/*
 * progress.h - how a long step (an import, a fetch, a sync) says how far it
 * got, without writing anywhere itself: the command that runs it gives a
 * callback, and decides whether and where to show the lines (a terminal,
 * nothing when piped).  Library code never writes to stderr.
 */
#ifndef CT_PROGRESS_H
#define CT_PROGRESS_H

struct progress {
	/*
	 * Called with one line of text (no newline): `done` 0 for a line that
	 * the next one replaces ("importing SBR: 120 commits"), 1 for a line
	 * that stays (the last state of a step, or a note such as "GitHub rate
	 * limit: waiting 20 s").  NULL: nothing is reported.
	 */
	void (*fn)(void *payload, const char *line, int done);
	void *payload;
};
#define PROGRESS_INIT { NULL, NULL }

/* Report a line through p (nothing when p or p->fn is NULL). */
void progress_say(const struct progress *p, int done, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
