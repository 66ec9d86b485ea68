/*
 * ghlink.h - GitHub links to a change, as minutes and ballots cite them.
 *
 * Owns reading a link of the forms
 *   https://github.com/OWNER/REPO/compare/BASE...HEAD   (also "..", the
 *     Unicode ellipsis "…" that a page's link text shows, and
 *     "BASE...USER:HEAD" across forks)
 *   https://github.com/OWNER/REPO/commits/BRANCH[/PATH] and /tree/BRANCH[/PATH]
 * into its owner, repository, base and head.  A query ("?w=1"), a
 * fragment ("#diff-…") and a ".diff" or ".patch" suffix are ignored.
 */
#ifndef CT_GHLINK_H
#define CT_GHLINK_H

#include <stddef.h>

enum ghlink_kind {
	GHLINK_COMPARE = 1, /* base...head */
	GHLINK_BRANCH = 2,  /* commits/BRANCH or tree/BRANCH: head is the branch, base is "" */
};

struct ghlink {
	enum ghlink_kind kind;
	char owner[64];
	char repo[128];
	char base[128];
	char head[128];
	char head_owner[64];    /* compare across forks ("BASE...USER:HEAD"): USER, else "" */
};

/*
 * Read `url` (len bytes; the string need not end there).  0, or
 * CT_EINVALID with a message naming the link and what is wrong with it
 * (not github.com, not a compare or branch link, a part too long).
 */
int ghlink_parse(struct ghlink *out, const char *url, size_t len);

/* Is `text` (NUL-terminated) a link ghlink_parse reads? Sets no error. */
int ghlink_is_change(const char *text);

#endif
