/*
 * diff_view.c - the diff of two named versions as the commands and the
 * status page show it: diff_versions()'s model plus the document and the
 * two sides as the user named them.
 *
 * Invariant: unless `any`, a diff between two commits goes forwards (BASE
 * is an ancestor of HEAD), so a reversed diff is an error and not a
 * silently inverted report.
 */
#include "tracker/diff_view.h"

#include <string.h>

#include "tracker/base/error.h"
#include "tracker/inforce.h"

static json_t *side_json(const struct query_at *at, const char *given, json_t *commit)
{
	json_t *label = commit ? json_object_get(commit, "label") : NULL;
	return json_pack("{s:s, s:s, s:s?, s:O?, s:I}", "ref", given, "full_ref", at->ref,
			 "commit", *at->commit ? at->commit : NULL, "version", label && !json_is_null(label) ? label : NULL,
			 "version_id", (json_int_t)at->version_id);
}

/* Real commits (not a version label, not a plain file's pseudo-commit). */
static int is_commit(const struct query_at *at)
{
	return strlen(at->commit) == 40 && !strchr(at->commit, ':');
}

int diff_view_build(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *base, const char *head,
		    int any, const struct diff_options *opts)
{
	struct query_at b, h;
	json_t *bc = NULL, *hc = NULL;
	*out = NULL;
	if (inforce_resolve_at(&b, db, doc, base) < 0 || inforce_resolve_at(&h, db, doc, head) < 0)
		return ct_error_code();
	if (!any && is_commit(&b) && is_commit(&h)) {
		int anc = 0;
		if (query_is_ancestor(&anc, db, doc->id, b.commit, h.commit) < 0)
			return CT_EDB;
		if (!anc)
			return ct_error_set(CT_EINVALID,
					    "'%s' is not an ancestor of '%s'; name the commit the change started from as BASE, or pass --any",
					    base, head);
	}
	if (*b.commit)
		query_commit(&bc, db, doc->id, b.commit);
	if (*h.commit)
		query_commit(&hc, db, doc->id, h.commit);
	ct_error_drop("a commit not in the database only leaves its summary out of the view");
	json_t *model = NULL;
	int rc = diff_versions(&model, db, doc->id, b.version_id, h.version_id, opts);
	if (rc == 0) {
		json_object_set_new(model, "document", json_string(doc->name));
		json_object_set_new(model, "base", side_json(&b, base, bc));
		json_object_set_new(model, "head", side_json(&h, head, hc));
		*out = model;
	}
	json_decref(bc);
	json_decref(hc);
	return rc;
}

