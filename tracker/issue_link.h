/*
 * issue_link.h - what GitHub issues and pull requests are about: sections
 * of the document, ballots, git refs and other issues.
 *
 * Owns the derived table issue_links: rebuilt per repository after every
 * `sync github` and `import github`, inside the command's transaction (as
 * tracker/link.c is after an import).  A section reference is resolved in
 * the document version current on the issue's creation date: the newest
 * commit of the main ref's first-parent history at or before created_at
 * (or, for an issue older than the document's first numbered sections,
 * the first version that has them); a number that version lacks is stored
 * with resolved = 0, not dropped.
 *
 * The scanners are pure functions over text[0..len) (no NUL needed), linear
 * in len, and never read past it.
 */
#ifndef CT_ISSUE_LINK_H
#define CT_ISSUE_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum issue_ref_kind {
	ISSUE_REF_SECTION,      /* target: a section number, "7.1.2.3" */
	ISSUE_REF_ANCHOR,       /* target: a GitHub heading anchor, "4221-certification-authority-authorization" */
	ISSUE_REF_ISSUE,        /* target: "#N" or "OWNER/REPO#N" */
};

/* One reference found in text. */
struct issue_ref {
	enum issue_ref_kind kind;
	size_t start, end;      /* the text that matched: "Section 4.9.1.1", "§3.2.2", "7.1.4.2.2 (a)", "Fixes #7" */
	char target[200];
	int explicit_ref;       /* sections: "Section"/"§" stands before it; issues: "Fixes"/"Closes"/"Resolves" does */
	char file[64];          /* anchors in a URL to a Markdown file: its base name ("SBR.md"), else "" */
};

/*
 * Find section references in text: dotted numbers ("7.1.2.3", "Section
 * 4.9.1.1", "§3.2.2", "7.1.4.2.2 (a)", "7.1.4.2.2.b") and heading anchors
 * ("#4221-certification-authority-authorization", also as a URL
 * fragment).  A number is taken whole (never a piece of a longer dotted
 * number), must look like a section (first part 1-9, parts of one or two
 * digits without a leading zero, at most 6 parts, two or more parts
 * unless "Section" or "§" precedes it) and is skipped after "v",
 * "version", "TLS", "RFC" and the like, inside URLs, and when followed by
 * "of RFC ...", "of the TLS BR" and other documents: so version numbers,
 * OIDs (2.23.140.1.5.4.1), IP addresses, dates and RFC sections are not
 * taken.  Stores at most max refs in out (NULL when max is 0) and returns
 * how many there are.
 */
size_t issue_link_scan_sections(struct issue_ref *out, size_t max, const char *text, size_t len);

/*
 * Find issue references: "#N", "OWNER/REPO#N", and URLs
 * https://github.com/OWNER/REPO/issues/N or .../pull/N (target
 * "OWNER/REPO#N"), with "Fixes", "Closes" or "Resolves" before them
 * noted.  Not HTML entities ("&#123;"), anchors ("#4221-...") or URL
 * fragments.  Stores at most max refs and returns how many there are.
 */
size_t issue_link_scan_issues(struct issue_ref *out, size_t max, const char *text, size_t len);

/*
 * The document the issues of repository `repo` (OWNER/REPO) link against:
 * `given` when not NULL (it must exist), else the one the repository
 * recorded, else the database's only document, else the one whose
 * repository is named like REPO ("smime" for smime.git).  *doc is a new
 * string, or NULL when the database holds no document (links are then
 * stored unresolved).  0, or CT_ENOTFOUND / CT_EINVALID with a message
 * asking for --doc.
 */
int issue_link_pick_doc(char **doc, struct ct_db *db, const char *repo, const char *given);

/* Rebuild the links of every issue of the repository with id repo_id.  0 or a CT_E* code. */
int issue_link_rebuild(struct ct_db *db, int64_t repo_id);

struct github_item;

/*
 * issue_link_rebuild after an import stored items[0..n), in that order.
 * An item whose number was not stored before (before[0..nbefore), in
 * ascending order) and that is the only one of its number among the items
 * was inserted as it is: its title, body, labels, creation time and head
 * are taken from the item rather than read back (an import's bodies can
 * be 50 MB).  Every other issue is read from the database.  The links
 * written are the ones issue_link_rebuild writes.  0 or a CT_E* code.
 */
int issue_link_rebuild_known(struct ct_db *db, int64_t repo_id, const struct github_item *const *items, size_t n,
			     const long *before, size_t nbefore);

/* Rebuild the links of every repository (after a document was re-imported).  0 or a CT_E* code. */
int issue_link_rebuild_all(struct ct_db *db);

#endif
