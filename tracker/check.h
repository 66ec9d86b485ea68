/*
 * check.h - the rules of `cabtrack check`: what a draft gets wrong before
 * it goes to vote, found in one version of a document (and, for the rules
 * that compare, against a base version).
 *
 *   broken-anchor         (error)   an internal link (#anchor) that matches no
 *                                   heading as GitHub anchors it, nor an
 *                                   explicit <a id>/<a name>
 *   section-numbering     (error)   a duplicate number, a number that does not
 *                                   fit its heading level, a gap
 *   revision-row          (error)   with a base: normative text changed but the
 *                                   Revisions table gained no row, or the new
 *                                   row's version does not follow the last
 *   date-mismatch         (error)   a compliance-table date with no matching
 *                                   text in its sections, a dated requirement
 *                                   missing from the table, or a date that
 *                                   differs between the two
 *   date-before-adoption  (warning) with a vote end: a new date earlier than
 *                                   the end of the IP review
 *   lowercase-keyword     (warning) "must", "shall", "should" in lower case in
 *                                   a normative section
 *   undefined-term        (warning) with a base: a capitalised term in a new
 *                                   requirement that 1.6.1 does not define
 *
 * Findings are a JSON array (the view model), sorted by line:
 *   [{severity, rule, line, message, anchor?, section?, date?, ...}]
 * `line` counts from 1 in the whole document at HEAD.  The engine only
 * reads the database.
 */
#ifndef CT_CHECK_H
#define CT_CHECK_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"
#include "db/query.h"

enum check_rule {
	CHECK_BROKEN_ANCHOR,
	CHECK_SECTION_NUMBERING,
	CHECK_REVISION_ROW,
	CHECK_DATE_MISMATCH,
	CHECK_DATE_BEFORE_ADOPTION,
	CHECK_LOWERCASE_KEYWORD,
	CHECK_UNDEFINED_TERM,
	CHECK_NRULES
};

struct check_options {
	unsigned rules;         /* bit (1u << CHECK_*) for each rule that runs */
	int64_t vote_end;       /* the ballot's vote end, UTC seconds (0: none) */
	int64_t ipr_end;        /* the end of its IP review (0: vote_end + the period for `type`) */
	const char *type;       /* the ballot's type ("maintenance", "guideline"; NULL: maintenance) */
	const char *ballot;     /* the ballot's id, for messages (NULL: none) */
};
#define CHECK_OPTIONS_INIT { (1u << CHECK_NRULES) - 1, 0, 0, NULL, NULL }

/* The rule's name as options and findings spell it ("broken-anchor"). */
const char *check_rule_name(enum check_rule rule);

/*
 * The rules `opts` turns on that check_run cannot run with these inputs:
 * revision-row and undefined-term without a base, date-before-adoption
 * without a base or a vote end.  A bit (1u << CHECK_*) for each; the
 * caller says so, so that "no findings" is never "not checked".
 */
unsigned check_rules_not_run(const struct check_options *opts, int has_base);

/*
 * Run the rules `opts` turns on over version `head` of `doc`; `base` (may
 * be NULL) is the version the change started from, which revision-row,
 * date-before-adoption and undefined-term need.  *findings is the array
 * above.  0, or a negative CT_E* code when a rule could not run to its
 * end (a query failed): the message names the rule, and no findings are
 * returned, since a partial list would read as a clean bill.
 */
int check_run(json_t **findings, struct ct_db *db, const struct query_doc *doc, const struct query_at *head,
	      const struct query_at *base, const struct check_options *opts);

#endif
