/*
 * diff_view.h - the diff of two named versions (tracker/diff_view.c).
 */
#ifndef CT_DIFF_VIEW_H
#define CT_DIFF_VIEW_H

#include <jansson.h>

#include "db/query.h"
#include "tracker/diff.h"

/*
 * The diff view between `base` and `head` (refs, commits, version
 * labels or days, as inforce_resolve_at() reads them) of `doc`: diff_versions()'s model with "document", "base" and
 * "head" ({ref, full_ref, commit, version, version_id}) added.  Unless
 * `any`, BASE must be an ancestor of HEAD when both are commits
 * (CT_EINVALID otherwise).  0 or a negative code (message in the error store).
 */
int diff_view_build(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *base, const char *head,
		    int any, const struct diff_options *opts);

#endif
