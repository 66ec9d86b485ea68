/*
 * check_finding.h - what the rules of `cabtrack check` share, below the
 * driver (check.c) and the rule files: a finding recorded in the context
 * (with the rule's name and severity), and the section numbers as rules
 * compare them.  Private to the check module.
 */
#ifndef CT_CHECK_FINDING_H
#define CT_CHECK_FINDING_H

#include <stddef.h>
#include <jansson.h>

#include "tracker/check.h"

struct check;

/* Is a finding of `rule` an error (else a warning)? */
int check_is_error(enum check_rule rule);

/* Section `pos`'s number, or NULL when it has none. */
const char *check_number_of(const struct check *c, size_t pos);

/* The document line of line `line` of section `pos` (`line` itself when there is no such section). */
long check_doc_line(const struct check *c, long pos, long line);

/* Is section number `num` `parent` or one of its subsections? */
int check_under(const char *num, const char *parent);

/* Sections 1.6 and under (definitions, acronyms, references, conventions) quote and define, not require. */
int check_is_definitions(const char *number);

/* Record a finding of `rule` at document line `line`; returns it (borrowed) for the caller to add fields. */
__attribute__((format(printf, 4, 5)))
json_t *check_finding(struct check *c, int rule, long line, const char *fmt, ...);

/* Set f[key] to `value` unless it is NULL or empty. */
void check_set_str(json_t *f, const char *key, const char *value);

#endif
