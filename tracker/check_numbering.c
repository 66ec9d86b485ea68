/*
 * check_numbering.c - the section-numbering rule of `cabtrack check`: a
 * duplicate number, a number that does not fit its heading level, a gap,
 * a section out of order or without its parent.  Numbers are the
 * outline's, or a title's "3.2.2.4.13:"; the usual level offset is learnt
 * from the document; an orphan's siblings wait for their parent.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

static int parts_of(const char *number)
{
	int n = 1;
	for (const char *p = number; *p; p++)
		n += *p == '.';
	return n;
}

/*
 * A heading's section number: the outline's, else one the title starts
 * with before a colon ("3.2.2.4.13: Email to DNS CAA Contact", which
 * mdsplit leaves unnumbered).  Returns a new string or NULL.
 */
static char *heading_number(const struct outline_section *o)
{
	const char *num = o->number;
	if (num)
		return *num ? xstrdup(num) : NULL;
	const char *t = o->title;
	size_t n = 0;
	while (isdigit((unsigned char)t[n]) || (t[n] == '.' && isdigit((unsigned char)t[n + 1])))
		n++;
	return n && isdigit((unsigned char)*t) && t[n] == ':' ? xstrndup(t, n) : NULL;
}

/*
 * Judge heading `o` numbered `num`, given the usual level `offset` and
 * what came before: `seen` (number -> line), `last` (parent -> its last
 * child's number), `missing` (parents reported absent).
 */
static void number_one(struct check *c, const struct outline_section *o, const char *num, int offset, json_t *seen,
		       json_t *last, json_t *missing)
{
	if (!num)
		return;
	long line = o->line_start;
	int level = o->level;
	int want = parts_of(num) + offset;
	if (level != want) {
		json_t *f = check_finding(c, CHECK_SECTION_NUMBERING, line,
				    "section %s is a level-%d heading (%.*s) but its number has %d part%s: expected %.*s",
				    num, level, level, "######", parts_of(num), parts_of(num) == 1 ? "" : "s",
				    want > 0 && want <= 6 ? want : 0, "######");
		check_set_str(f, "section", num);
	}
	json_t *first = json_object_get(seen, num);
	if (first) {
		json_t *f = check_finding(c, CHECK_SECTION_NUMBERING, line, "duplicate section number %s (also at line %lld)",
				    num, (long long)json_integer_value(first));
		check_set_str(f, "section", num);
		return;
	}
	json_object_set_new(seen, num, json_integer(line));

	const char *dot = strrchr(num, '.');
	char *parent = dot ? xstrndup(num, (size_t)(dot - num)) : xstrdup("");
	long k = strtol(dot ? dot + 1 : num, NULL, 10);
	long prev = (long)json_integer_value(json_object_get(last, parent));
	if (*parent && !json_object_get(seen, parent)) {
		if (!json_object_get(missing, parent)) {
			json_t *f = check_finding(c, CHECK_SECTION_NUMBERING, line,
					    "section %s has no parent: there is no section %s before it", num, parent);
			check_set_str(f, "section", num);
			json_object_set_new(missing, parent, json_true());
		}
		free(parent);
		return; /* its siblings are judged once the parent comes */
	}
	if (k > prev + 1) {
		const char *sep = *parent ? "." : "";
		struct strbuf after = STRBUF_INIT, lack = STRBUF_INIT;
		if (prev)
			strbuf_addf(&after, "follows %s%s%ld", parent, sep, prev);
		else if (*parent)
			strbuf_addf(&after, "is the first under %s", parent);
		else
			strbuf_addstr(&after, "is the first section");
		strbuf_addf(&lack, "%s%s%ld", parent, sep, prev + 1);
		if (k > prev + 2)
			strbuf_addf(&lack, " to %s%s%ld", parent, sep, k - 1);
		json_t *f = check_finding(c, CHECK_SECTION_NUMBERING, line, "gap: section %s %s; there is no %s", num,
				    after.buf, lack.buf);
		check_set_str(f, "section", num);
		strbuf_release(&after);
		strbuf_release(&lack);
	} else if (k <= prev) {
		json_t *f = check_finding(c, CHECK_SECTION_NUMBERING, line, "section %s comes after %s%s%ld: out of order",
				    num, parent, *parent ? "." : "", prev);
		check_set_str(f, "section", num);
	}
	if (k > prev)
		json_object_set_new(last, parent, json_integer(k));
	free(parent);
}

int check_numbering(struct check *c)
{
	/* The usual distance between heading level and number depth ("# 1." is 0). */
	int counts[16] = { 0 }, offset = 0;
	size_t i;
	for (i = 0; i < c->outline.n; i++) {
		char *num = heading_number(&c->outline.v[i]);
		int d = c->outline.v[i].level - (num ? parts_of(num) : 0);
		if (num && d >= -8 && d < 8)
			counts[d + 8]++;
		free(num);
	}
	for (int k = 0; k < 16; k++)
		if (counts[k] > counts[offset + 8])
			offset = k - 8;

	json_t *seen = json_object(), *last = json_object(), *missing = json_object();
	for (i = 0; i < c->outline.n; i++) {
		char *num = heading_number(&c->outline.v[i]);
		number_one(c, &c->outline.v[i], num, offset, seen, last, missing);
		free(num);
	}
	json_decref(seen);
	json_decref(last);
	json_decref(missing);
	return 0;
}
