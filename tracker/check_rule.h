/*
 * check_rule.h - private to check.c and the check_*.c rule files: the
 * context every rule reads (struct check) and each rule's entry point for
 * the rule table in check.c.  The helpers the rules share (check_finding
 * and the section numbers) are in check_finding.h, below both.
 *
 * A rule reads the context and adds findings with check_finding; it
 * never writes to the database.  Not for use outside the check module.
 */
#ifndef CT_CHECK_RULE_H
#define CT_CHECK_RULE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "db/query.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/strbuf.h"
#include "tracker/check.h"
#include "tracker/outline.h"

/* What check_run read for the rules, shared by all of them. */
struct check {
	struct ct_db *db;
	const struct check_options *opts;
	struct ct_section_list sections; /* the head's sections, with text */
	struct outline outline; /* outline_of_sections(sections) */
	long *starts;           /* first document line of each section */
	size_t nsections;
	struct ct_requirement_list reqs; /* the head's requirements */
	struct ct_obligation_list obls; /* the head's dated obligations */
	json_t *diff;           /* base..head (diff_versions), or NULL */
	char *normative;        /* per section: it holds a requirement */
	json_t *links;          /* internal links: [{anchor, line, pos}] */
	json_t *ids;            /* explicit anchors (<a id>, <a name>): id -> line */
	json_t *findings;
	int64_t base_vid;       /* the base version's id (0: no base) */
	int64_t head_vid;       /* the head version's id */
};

/* Append word w[0..n) in the form terms are compared: lower case, no possessive, no plural (check_terms.c). */
void check_norm_word(struct strbuf *sb, const char *w, size_t n);

/*
 * lowercase-keyword (check_keyword.c): lower-case "must", "shall" and
 * "should" in one text node of section `pos` starting at section line
 * `line`, outside quotations; *quoted carries the quotation state across
 * the nodes of a paragraph or table cell.  Called by the walk in check.c.
 */
void check_keyword_scan(struct check *c, const char *s, long line, size_t pos, int *quoted);

/*
 * The rules that run after the walk, one file each: 0, or a negative
 * CT_E* code when the rule could not run to its end (the message set).
 */
int check_broken_anchor(struct check *c);        /* check_anchor.c */
int check_numbering(struct check *c);            /* check_numbering.c */
int check_date_mismatch(struct check *c);        /* check_dates.c */
int check_revision_row(struct check *c);         /* check_revision.c */
int check_date_before_adoption(struct check *c); /* check_adoption.c */
int check_undefined_term(struct check *c);       /* check_terms.c */

#endif
