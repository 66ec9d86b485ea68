/*
 * check_keyword.c - the lowercase-keyword rule of `cabtrack check`:
 * "must", "shall" and "should" in lower case in a normative section.  The
 * walk in check.c calls check_keyword_scan on each text node outside
 * headings, block quotes, table headers, code and links of a normative
 * section outside 1.6; this file judges the words and the quotations.
 */
#include <ctype.h>
#include <string.h>

#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

static const char *const lower_keywords[] = { "must", "shall", "should" };

/*
 * Lower-case "must", "shall" and "should" in one text node, outside
 * quotations; *quoted carries the quotation state across the nodes of a
 * paragraph or table cell.
 */
void check_keyword_scan(struct check *c, const char *s, long line, size_t pos, int *quoted)
{
	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"') {
			*quoted = !*quoted;
			continue;
		}
		if (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] == 0x9c ||
								    (unsigned char)s[i + 2] == 0x9d)) {
			*quoted = (unsigned char)s[i + 2] == 0x9c; /* “ opens, ” closes */
			i += 2;
			continue;
		}
		if (*quoted || !islower(ch) || (i && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')))
			continue;
		for (size_t k = 0; k < sizeof(lower_keywords) / sizeof(lower_keywords[0]); k++) {
			size_t n = strlen(lower_keywords[k]);
			if (strncmp(s + i, lower_keywords[k], n) || isalnum((unsigned char)s[i + n]) || s[i + n] == '_')
				continue;
			char upper[8];
			for (size_t j = 0; j <= n; j++)
				upper[j] = (char)toupper((unsigned char)lower_keywords[k][j]);
			json_t *f = check_finding(c, CHECK_LOWERCASE_KEYWORD, c->starts[pos] + line - 1,
					    "\"%s\" in lower case in a normative section: write %s if it states a requirement, else reword",
					    lower_keywords[k], upper);
			check_set_str(f, "section", check_number_of(c, pos));
			check_set_str(f, "word", lower_keywords[k]);
			i += n - 1;
			break;
		}
	}
}
