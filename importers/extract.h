/*
 * extract.h - what one section text says: requirements, dated obligations,
 * Revisions-table rows.
 *
 * The second pass of an import, run once per distinct section text.  The
 * section is parsed with cmark-gfm and its table extension; requirements
 * are the sentences (and table rows) carrying an RFC 2119/8174 keyword in
 * capitals; dated obligations are compliance-table rows and dated phrases
 * ("Starting on September 15, 2024") inside requirements; a Revisions table
 * is recognised by its Version and Ballot columns.
 *
 * Everything in a struct extract_result is owned by it.
 */
#ifndef CT_EXTRACT_H
#define CT_EXTRACT_H

#include <stddef.h>

#include "importers/datephrase.h"

struct extract_requirement {
	char *text;             /* plain text, white space folded */
	char keyword[16];       /* the first keyword: "SHALL NOT" */
	char *keywords;         /* every keyword in order, comma separated */
	int negated;            /* the first keyword is a negative one */
	int line;               /* line within the section text, from 1 */
	char rid[17];           /* 16 hex digits: hash of the normalised text */
};

enum extract_source { EXTRACT_TABLE, EXTRACT_TEXT };

struct extract_obligation {
	struct ct_date date;
	char keyword[16];       /* "" when none */
	char *ballot;           /* table rows: the Ballot cell as written; else NULL */
	char *version;          /* table rows: the Version cell; else NULL */
	char *description;
	char *sections;         /* JSON array of section numbers: ["4.9.9","3.2.2.4"] */
	enum extract_source source;
	const char *phrase;     /* text rows: datephrase_kind_name(); else NULL */
	char rid[17];           /* text rows: the requirement's id; else "" */
	int line;
};

struct extract_revision {
	char *version;          /* "1.0.3", or NULL for "--" */
	char *ballot;           /* as written, or NULL */
	char *description;
	char *dates;            /* JSON object: column -> YYYY-MM-DD */
};

struct extract_result {
	struct extract_requirement *reqs;
	size_t nreqs, reqs_alloc;
	struct extract_obligation *obls;
	size_t nobls, obls_alloc;
	struct extract_revision *revs;
	size_t nrevs, revs_alloc;
};
#define EXTRACT_RESULT_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }

/*
 * Extract from the Markdown text[0..len) of the section numbered `number`
 * (NULL or "" when unnumbered).  Returns 0; the text is expected to be
 * valid UTF-8 already (see md_check_utf8).
 */
int extract_section(struct extract_result *out, const char *number, const char *text, size_t len);

/* Free everything in `res` and reset it to EXTRACT_RESULT_INIT; NULL or empty is fine. */
void extract_result_release(struct extract_result *res);

/*
 * Find the RFC 2119 keyword starting at s[0..len) if there is one: returns
 * its length and sets *kw to its canonical spelling ("MUST NOT"), else 0.
 * Only whole words in capitals count.
 */
size_t extract_keyword_at(const char **kw, const char *s, size_t len, size_t pos);

/* The first keyword in s (canonical spelling), or NULL. */
const char *extract_first_keyword(const char *s);

/*
 * The requirement id of a plain text: 16 hex digits of XXH3-64 of its
 * normalised form (typography folded as typo_fold does, white space runs as
 * one space), so that a change of hyphens, dashes, quotes or no-break
 * spaces keeps the id.
 */
void extract_requirement_id(char out[17], const char *text, size_t len);

#endif
