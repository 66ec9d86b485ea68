/*
 * diff.h - what changed between two versions of a document, requirement by
 * requirement: sections added, removed, modified or moved; requirements
 * added, removed or modified (keyword changes called out); dated
 * obligations added, removed or moved; a word-level redline per changed
 * section.
 *
 * The result is a view model (jansson), the same for every output format:
 *
 *   { "sections":     [{number, title, change, old_number?, old_title?,
 *                       words_added, words_removed, whitespace_only?,
 *                       redline?}],
 *     "requirements": [{change, section, old_section?, keyword,
 *                       old_keyword?, strength?, text, old_text?, id,
 *                       old_id?}],
 *     "dates":        [{change, date, old_date?, keyword, source, section,
 *                       sections, description, ballot}],
 *     "summary":      {sections_added, ..., dates_moved} }
 *
 * Redlines compare text with runs of blanks squeezed and trailing blanks
 * dropped; a section whose text differs only so is "whitespace_only".
 * `change` is added, removed, modified or moved (sections and dates), or
 * added, removed, modified (requirements); `strength` is strengthened,
 * weakened or same when a keyword changed.  The caller adds `base` and
 * `head`.
 */
#ifndef CT_DIFF_H
#define CT_DIFF_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "db/query.h"

struct diff_options {
	int redline;            /* compute a word-level redline per changed section */
	const char *section;    /* only this section and its subsections (NULL: all) */
	int sections_only;      /* only which sections changed: no words_added/words_removed, and
				   "requirements" and "dates" are left empty */
};
#define DIFF_OPTIONS_INIT { 1, NULL, 0 }

/*
 * Compare versions `base_vid` and `head_vid` of document `doc_id`:
 * *out is the view model above.  Only sections whose text differs are
 * compared word by word, so a small change in a large document costs
 * little.  0 or a negative CT_E* code.
 */
int diff_versions(json_t **out, struct ct_db *db, int64_t doc_id, int64_t base_vid, int64_t head_vid,
		  const struct diff_options *opts);

/*
 * The strength of a keyword: 1 for MAY and OPTIONAL, 2 for SHOULD,
 * RECOMMENDED and SHOULD NOT, 3 for MUST, SHALL, REQUIRED and their
 * negations; 0 for anything else.
 */
int diff_keyword_strength(const char *keyword);

/*
 * The requirement in `candidates` (those of an earlier version) that `req`
 * most likely grew from: the same text with other keywords, else the one
 * in the same section sharing the most words (at least half).  Points
 * into `candidates`; NULL when none.
 */
const struct ct_requirement *diff_predecessor(const struct ct_requirement_list *candidates, const struct ct_requirement *req);

/*
 * How alike two texts are: the Dice coefficient of their sets of words
 * (runs of ASCII letters and digits, compared as written: "LOG" is not
 * "log"), 0 to 1.
 */
double diff_text_similarity(const char *a, const char *b);

#endif
