/*
 * check_dates.c - the date-mismatch rule of `cabtrack check`: the
 * compliance table against the dated requirements of the text.  A table
 * row matches when its sections write its date (give or take a day:
 * "after May 31" is June 1) or, its date dropped, 60% of its words; text
 * dates older than the table's first row were retired from it on purpose.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importers/datephrase.h"
#include "importers/mdsplit.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

/* What a table row calls the section at pos: its number, else "Appendix B" for an appendix (buf: 12 bytes). */
static const char *reference_of(const struct check *c, size_t pos, char *buf)
{
	const char *num = check_number_of(c, pos);
	if (num)
		return num;
	return pos < c->outline.n && md_appendix_name(buf, c->outline.v[pos].title) ? buf : NULL;
}

/* The string, or "" for NULL. */
static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Is one of the two sections the other or under it? */
static int related(const char *a, const char *b)
{
	return check_under(a, b) || check_under(b, a);
}

/* What the date rules know of each section, filled in as needed. */
struct texts {
	json_t *dates;          /* per section: the dates its text writes (object), or null */
	json_t *words;          /* per section: its words, normalised (object), or null */
	const char *table;      /* per section: it holds compliance-table rows */
};

/* Add the words of s (three letters or more, or with a digit: "3.2.2.4.2") to `set`, normalised. */
static void add_words(json_t *set, const char *s, struct strbuf *sb)
{
	while (*s) {
		if (!isalnum((unsigned char)*s)) {
			s++;
			continue;
		}
		size_t n = 0, digits = 0;
		while (isalnum((unsigned char)s[n]) || (s[n] == '.' && isdigit((unsigned char)s[n + 1])))
			digits += isdigit((unsigned char)s[n++]) != 0;
		if (n >= 3 || digits) {
			strbuf_reset(sb);
			check_norm_word(sb, s, n);
			json_object_set_new(set, sb->buf, json_true());
		}
		s += n;
	}
}

/* Section `pos`'s dates (words: 0) or words (1), computed once. */
static json_t *section_set(struct check *c, struct texts *x, size_t pos, int words)
{
	json_t *cache = words ? x->words : x->dates, *set = json_array_get(cache, pos);
	if (!json_is_null(set))
		return set;
	const char *t = c->sections.items[pos].text;
	set = json_object();
	if (words) {
		struct strbuf sb = STRBUF_INIT;
		add_words(set, t, &sb);
		strbuf_release(&sb);
	} else {
		size_t len = strlen(t), n = datephrase_find(NULL, 0, t, len);
		struct datephrase *dp = xcalloc(n ? n : 1, sizeof(*dp));
		datephrase_find(dp, n, t, len);
		for (size_t k = 0; k < n; k++) {
			char buf[11];
			ct_date_format(buf, &dp[k].date);
			json_object_set_new(set, buf, json_true());
		}
		free(dp);
	}
	json_array_set_new(cache, pos, set);
	return set;
}

/* Does the row name section `pos` (any section but the table's own when it names none)? */
static int row_names(struct check *c, struct texts *x, const struct ct_obligation *row, size_t pos)
{
	if (x->table[pos])
		return 0;
	if (!row->nsections)
		return 1;
	char appendix[12];
	const char *ref = reference_of(c, pos, appendix);
	for (size_t i = 0; i < row->nsections; i++)
		if (check_under(ref, row->sections[i]))
			return 1;
	return 0;
}

/*
 * The row's date and the days either side, as YYYY-MM-DD: "after May 31"
 * and "from June 1" are the same date.
 */
static void near_dates(char out[3][11], const char *date)
{
	struct ct_date d;
	memset(out, 0, 3 * 11);
	if (ct_date_parse_strict(&d, date) < 0) {
		ct_error_drop("a row's date that is no calendar date still matches the same text exactly");
		snprintf(out[0], 11, "%s", date);
		return;
	}
	for (int k = -1; k <= 1; k++) {
		struct ct_date e = ct_date_add_days(d, k);
		ct_date_format(out[k + 1], &e);
	}
}

/* Are the two dates (YYYY-MM-DD) at most a day apart? */
static int dates_near(const char *a, const char *b)
{
	char near[3][11];
	near_dates(near, a);
	return !strcmp(near[0], b) || !strcmp(near[1], b) || !strcmp(near[2], b);
}

/* Do the sections the row names write its date (give or take a day)?  *named: do they exist? */
static int row_date_written(struct check *c, struct texts *x, const struct ct_obligation *row, int *named)
{
	char near[3][11];
	near_dates(near, row->date);
	*named = 0;
	for (size_t pos = 0; pos < c->nsections; pos++) {
		if (!row_names(c, x, row, pos))
			continue;
		json_t *set = section_set(c, x, pos, 0);
		*named = 1;
		for (int k = 0; k < 3; k++)
			if (*near[k] && json_object_get(set, near[k]))
				return 1;
	}
	return 0;
}

/*
 * The share (percent) of the row's description words that the sections it
 * names write: a requirement kept after its date passed and was dropped
 * from the text still matches its row.
 */
static int row_words_written(struct check *c, struct texts *x, const struct ct_obligation *row)
{
	json_t *want = json_object();
	struct strbuf sb = STRBUF_INIT;
	add_words(want, row->description, &sb);
	strbuf_release(&sb);
	size_t total = json_object_size(want), found = 0;
	for (size_t pos = 0; pos < c->nsections && found < total; pos++) {
		if (!row_names(c, x, row, pos))
			continue;
		json_t *have = section_set(c, x, pos, 1), *v;
		const char *w;
		void *tmp;
		json_object_foreach_safe(want, tmp, w, v)
			if (json_object_get(have, w)) {
				json_object_del(want, w);
				found++;
			}
	}
	json_decref(want);
	return total ? (int)(found * 100 / total) : 100;
}

/* The share of a row's words its sections must write for the row to match without its date. */
#define CHECK_WORDS_MATCH 60

/* Does the table row cover the text obligation: same date, and a section of the row holds it? */
static int row_covers(const struct ct_obligation *row, const struct ct_obligation *text)
{
	if (!dates_near(row->date, text->date))
		return 0;
	if (!row->nsections)
		return 1;
	for (size_t i = 0; i < row->nsections; i++)
		if (related(nz(text->section), row->sections[i]))
			return 1;
	return 0;
}

/* Could the text obligation be the one the row meant, at another date? */
static int same_obligation(const struct ct_obligation *row, const struct ct_obligation *text)
{
	const char *kr = nz(row->keyword), *kt = nz(text->keyword);
	if (!row->nsections)
		return *kr && !strcmp(kr, kt) && *nz(row->ballot_key) &&
		       !strcmp(nz(row->ballot_key), nz(text->origin_ballot_key));
	if (*kr && *kt && strcmp(kr, kt))
		return 0;
	for (size_t i = 0; i < row->nsections; i++)
		if (related(nz(text->section), row->sections[i]))
			return 1;
	return 0;
}

static void sections_list(struct strbuf *sb, const struct ct_obligation *row)
{
	for (size_t i = 0; i < row->nsections; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", row->sections[i]);
}

/* Its document line. */
static long line_of(const struct check *c, const struct ct_obligation *o)
{
	return check_doc_line(c, o->pos, o->line);
}

int check_date_mismatch(struct check *c)
{
	const struct ct_obligation **rows = xcalloc(c->obls.n + 1, sizeof(*rows)), **texts = xcalloc(c->obls.n + 1, sizeof(*texts));
	size_t nrows = 0, ntexts = 0;
	char *table = xcalloc(c->nsections + 1, 1);
	const char *earliest = NULL;
	size_t i, j;
	for (i = 0; i < c->obls.n; i++) {
		const struct ct_obligation *o = &c->obls.items[i];
		if (!strcmp(o->source, "table")) {
			rows[nrows++] = o;
			table[o->pos] = 1;
			if (!earliest || strcmp(o->date, earliest) < 0)
				earliest = o->date;
		}
	}
	if (!earliest)
		goto out; /* no compliance table: nothing to compare */
	/*
	 * The table lists dates from its first row on: older dates in the text
	 * were retired from it on purpose (the BR's table starts in 2025).
	 */
	for (i = 0; i < c->obls.n; i++) {
		const struct ct_obligation *o = &c->obls.items[i];
		if (strcmp(o->source, "table") && strcmp(o->date, earliest) >= 0 && !table[o->pos])
			texts[ntexts++] = o;
	}

	struct texts x = { json_array(), json_array(), table };
	for (i = 0; i < c->nsections; i++) {
		json_array_append_new(x.dates, json_null());
		json_array_append_new(x.words, json_null());
	}
	char *text_ok = xcalloc(ntexts + 1, 1);
	for (j = 0; j < ntexts; j++)
		for (i = 0; i < nrows; i++)
			if (row_covers(rows[i], texts[j])) {
				text_ok[j] = 1;
				break;
			}

	struct strbuf secs = STRBUF_INIT;
	for (i = 0; i < nrows; i++) {
		const struct ct_obligation *r = rows[i];
		int named;
		if (row_date_written(c, &x, r, &named))
			continue;
		strbuf_reset(&secs);
		sections_list(&secs, r);
		long line = line_of(c, r);
		json_t *f = NULL;
		if (!named) {
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") names section %s, which the document does not have",
				    r->date, r->description, secs.buf);
			check_set_str(f, "date", r->date);
			check_set_str(f, "section", secs.buf);
			continue;
		}
		for (j = 0; j < ntexts; j++) {
			const struct ct_obligation *t = texts[j];
			if (text_ok[j] || !same_obligation(r, t))
				continue;
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "the compliance table dates \"%s\" %s, but the text of %s (line %lld) says %s",
				    r->description, r->date, nz(t->section), (long long)line_of(c, t), t->date);
			check_set_str(f, "text_date", t->date);
			json_object_set_new(f, "text_line", json_integer(line_of(c, t)));
			text_ok[j] = 1;
			break;
		}
		if (!f) {
			int share = row_words_written(c, &x, r);
			if (share >= CHECK_WORDS_MATCH)
				continue;
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") has no matching text in %s%s: neither the date nor the requirement (%d%% of its words)",
				    r->date, r->description, secs.len ? "section " : "the document", secs.buf, share);
		}
		check_set_str(f, "date", r->date);
		check_set_str(f, "section", secs.len ? secs.buf : NULL);
	}
	const char *table_num = check_number_of(c, (size_t)rows[0]->pos);
	for (j = 0; j < ntexts; j++) {
		const struct ct_obligation *t = texts[j];
		if (text_ok[j])
			continue;
		json_t *f = check_finding(c, CHECK_DATE_MISMATCH, line_of(c, t),
				    "dated requirement (%s%s%s) in %s is missing from the compliance table%s%s",
				    t->date, *nz(t->keyword) ? ", " : "", nz(t->keyword), nz(t->section),
				    table_num ? " in " : "", table_num ? table_num : "");
		check_set_str(f, "date", t->date);
		check_set_str(f, "section", nz(t->section));
	}
	strbuf_release(&secs);
	free(text_ok);
	json_decref(x.dates);
	json_decref(x.words);
out:
	free(table);
	free(rows);
	free(texts);
	return 0;
}
