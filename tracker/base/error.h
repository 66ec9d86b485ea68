/*
 * error.h - the last error, kept for the caller (after libgit2's git_error_last).
 *
 * Library-level functions in cabtrack return 0 on success or a negative
 * CT_E* code and record one message with ct_error_set().  The command layer
 * prints that message once, as "cabtrack: error: <message>", and exits
 * non-zero.  Messages name the input and the problem, and never contain a
 * token or other secret.  The store is per thread.
 */
#ifndef CT_ERROR_H
#define CT_ERROR_H

enum {
	CT_OK = 0,
	CT_ERROR = -1,     /* generic failure */
	CT_ENOTFOUND = -3, /* the named thing does not exist */
	CT_EINVALID = -4,  /* bad input: usage, syntax, encoding */
	CT_EDB = -5,       /* the database failed or is not ours */
	CT_ENET = -6,      /* network or remote service failed */
};

/*
 * Record a printf-style message as the last error; returns `code`.  Control
 * characters in it are written as \xNN, so that it is one line however
 * hostile the text it quotes.
 */
int ct_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Put a printf-style prefix before the last message ("ballots[2]." before
 * "vote_end: ..."), keeping it one message; returns `code`.
 */
int ct_error_prefix(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last recorded message, or NULL when none was recorded. */
const char *ct_error_last(void);

/* The code passed with the last message (0 when none). */
int ct_error_code(void);

/* Forget the last error. */
void ct_error_clear(void);

/*
 * Forget the last error on purpose: the caller chose to go on without what
 * failed.  `reason` says why that is right (a string literal); it is the
 * comment at the call site, and the one place to look for dropped errors.
 * Use ct_error_clear() only to start clean before a call.
 */
void ct_error_drop(const char *reason);

#endif
