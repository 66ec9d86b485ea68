/*
 * check_finding.c - the helpers every rule of `cabtrack check` shares
 * (see check_finding.h): the rules' names and severities, a finding added
 * to the context, and section numbers compared as the rules compare them.
 *
 * It sits below the driver (check.c) and the rule files (check_*.c): both
 * call it, it calls neither.
 */
#include "tracker/check_finding.h"

#include <stdarg.h>
#include <string.h>

#include "tracker/base/strbuf.h"
#include "tracker/check_rule.h"

/* Each rule's name and whether its findings are errors (else warnings), by enum check_rule. */
static const struct {
	const char *name;
	int error;
} rule_info[CHECK_NRULES] = {
	[CHECK_BROKEN_ANCHOR] = { "broken-anchor", 1 },
	[CHECK_SECTION_NUMBERING] = { "section-numbering", 1 },
	[CHECK_REVISION_ROW] = { "revision-row", 1 },
	[CHECK_DATE_MISMATCH] = { "date-mismatch", 1 },
	[CHECK_DATE_BEFORE_ADOPTION] = { "date-before-adoption", 0 },
	[CHECK_LOWERCASE_KEYWORD] = { "lowercase-keyword", 0 },
	[CHECK_UNDEFINED_TERM] = { "undefined-term", 0 },
};

const char *check_rule_name(enum check_rule rule)
{
	return rule < CHECK_NRULES ? rule_info[rule].name : "?";
}

int check_is_error(enum check_rule rule)
{
	return rule < CHECK_NRULES && rule_info[rule].error;
}

const char *check_number_of(const struct check *c, size_t pos)
{
	return pos < c->outline.n ? c->outline.v[pos].number : NULL;
}

long check_doc_line(const struct check *c, long pos, long line)
{
	return pos >= 0 && (size_t)pos < c->nsections ? c->starts[pos] + line - 1 : line;
}

int check_under(const char *num, const char *parent)
{
	size_t n = strlen(parent);
	return num && n && !strncmp(num, parent, n) && (num[n] == '\0' || num[n] == '.');
}

int check_is_definitions(const char *number)
{
	return check_under(number, "1.6");
}

json_t *check_finding(struct check *c, int rule, long line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	json_t *f = json_pack("{s:s, s:s, s:I, s:s}", "severity", check_is_error((enum check_rule)rule) ? "error" : "warning",
			      "rule", check_rule_name((enum check_rule)rule), "line", (json_int_t)line, "message", msg.buf);
	strbuf_release(&msg);
	json_array_append_new(c->findings, f);
	return f;
}

void check_set_str(json_t *f, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(f, key, json_string(value));
}
