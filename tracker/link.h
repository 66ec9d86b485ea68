/*
 * link.h - tie dated obligations to the ballots that introduced them.
 *
 * Runs after each import that brought something new, in the import's
 * transaction.  Walks the main ref's first-parent history oldest first; the
 * ballot of each commit is the one its subject names ("SMC05 - Introducing
 * CAA for S/MIME (#228)"), else the ballot of the row it added to the
 * Revisions table.  Each dated phrase in the text ("date|keyword|section")
 * is attributed to the first commit where it appears, and so is each
 * compliance-table row ("date|keyword|description"), unless it took the
 * place of a table row or Revisions date with the same date and keyword:
 * then it keeps that one's origin (a row moved or re-formatted brings
 * nothing new).
 */
#ifndef CT_LINK_H
#define CT_LINK_H

#include "db/db.h"
#include "db/query.h"

#include "tracker/base/strbuf.h"

/*
 * The date_origins key of a compliance-table row: "t|DATE|KEYWORD|text",
 * the description read through typographic variants (typo_fold),
 * lower-cased (ASCII), with runs of white space made one.
 */
void link_table_key(struct strbuf *out, const char *date, const char *keyword, const char *description);

/* Rebuild date_origins for the document.  0 or a negative code. */
int link_date_origins(struct ct_db *db, const struct query_doc *doc);

/*
 * The ballot a main-history commit brought, given its subject's ballot
 * (may be NULL) and the Revisions rows of its version and of the previous
 * one: returns a borrowed string or NULL.
 */
const char *link_commit_ballot(const char *subject_ballot, const struct ct_revision_list *revisions,
			       const struct ct_revision_list *prev_revisions);

#endif
