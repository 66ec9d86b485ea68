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
static int row_names(struct check *c, struct texts *x, json_t *row, size_t pos)
{
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (x->table[pos])
		return 0;
	if (!json_array_size(secs))
		return 1;
	char appendix[12];
	const char *ref = reference_of(c, pos, appendix);
	json_array_foreach(secs, i, s)
		if (check_under(ref, json_string_value(s)))
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
static int row_date_written(struct check *c, struct texts *x, json_t *row, int *named)
{
	char near[3][11];
	near_dates(near, jsonget_text(row, "date"));
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
static int row_words_written(struct check *c, struct texts *x, json_t *row)
{
	json_t *want = json_object();
	struct strbuf sb = STRBUF_INIT;
	add_words(want, jsonget_text(row, "description"), &sb);
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
static int row_covers(json_t *row, json_t *text)
{
	if (!dates_near(jsonget_text(row, "date"), jsonget_text(text, "date")))
		return 0;
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (!json_array_size(secs))
		return 1;
	json_array_foreach(secs, i, s)
		if (related(jsonget_text(text, "section"), json_string_value(s)))
			return 1;
	return 0;
}

/* Could the text obligation be the one the row meant, at another date? */
static int same_obligation(json_t *row, json_t *text)
{
	const char *kr = jsonget_text(row, "keyword"), *kt = jsonget_text(text, "keyword");
	json_t *secs = json_object_get(row, "sections"), *s;
	size_t i;
	if (!json_array_size(secs))
		return *kr && !strcmp(kr, kt) && *jsonget_text(row, "ballot_key") &&
		       !strcmp(jsonget_text(row, "ballot_key"), jsonget_text(text, "origin_ballot_key"));
	if (*kr && *kt && strcmp(kr, kt))
		return 0;
	json_array_foreach(secs, i, s)
		if (related(jsonget_text(text, "section"), json_string_value(s)))
			return 1;
	return 0;
}

static void sections_list(struct strbuf *sb, json_t *secs)
{
	json_t *s;
	size_t i;
	json_array_foreach(secs, i, s)
		strbuf_addf(sb, "%s%s", i ? ", " : "", json_string_value(s));
}

int check_date_mismatch(struct check *c)
{
	json_t *rows = json_array(), *texts = json_array(), *o;
	char *table = xcalloc(c->nsections + 1, 1);
	const char *earliest = NULL;
	size_t i, j;
	json_array_foreach(c->obls, i, o) {
		if (!strcmp(jsonget_text(o, "source"), "table")) {
			json_array_append(rows, o);
			table[json_integer_value(json_object_get(o, "pos"))] = 1;
			if (!earliest || strcmp(jsonget_text(o, "date"), earliest) < 0)
				earliest = jsonget_text(o, "date");
		}
	}
	if (!earliest)
		goto out; /* no compliance table: nothing to compare */
	/*
	 * The table lists dates from its first row on: older dates in the text
	 * were retired from it on purpose (the BR's table starts in 2025).
	 */
	json_array_foreach(c->obls, i, o)
		if (strcmp(jsonget_text(o, "source"), "table") && strcmp(jsonget_text(o, "date"), earliest) >= 0 &&
		    !table[json_integer_value(json_object_get(o, "pos"))])
			json_array_append(texts, o);

	struct texts x = { json_array(), json_array(), table };
	for (i = 0; i < c->nsections; i++) {
		json_array_append_new(x.dates, json_null());
		json_array_append_new(x.words, json_null());
	}
	char *text_ok = xcalloc(json_array_size(texts) + 1, 1);
	json_t *r, *t;
	json_array_foreach(texts, j, t)
		json_array_foreach(rows, i, r)
			if (row_covers(r, t)) {
				text_ok[j] = 1;
				break;
			}

	struct strbuf secs = STRBUF_INIT;
	json_array_foreach(rows, i, r) {
		int named;
		if (row_date_written(c, &x, r, &named))
			continue;
		strbuf_reset(&secs);
		sections_list(&secs, json_object_get(r, "sections"));
		long line = (long)json_integer_value(json_object_get(r, "doc_line"));
		json_t *f = NULL;
		if (!named) {
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") names section %s, which the document does not have",
				    jsonget_text(r, "date"), jsonget_text(r, "description"), secs.buf);
			check_set_str(f, "date", jsonget_text(r, "date"));
			check_set_str(f, "section", secs.buf);
			continue;
		}
		json_array_foreach(texts, j, t) {
			if (text_ok[j] || !same_obligation(r, t))
				continue;
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "the compliance table dates \"%s\" %s, but the text of %s (line %lld) says %s",
				    jsonget_text(r, "description"), jsonget_text(r, "date"), jsonget_text(t, "section"),
				    (long long)json_integer_value(json_object_get(t, "doc_line")), jsonget_text(t, "date"));
			check_set_str(f, "text_date", jsonget_text(t, "date"));
			json_object_set(f, "text_line", json_object_get(t, "doc_line"));
			text_ok[j] = 1;
			break;
		}
		if (!f) {
			int share = row_words_written(c, &x, r);
			if (share >= CHECK_WORDS_MATCH)
				continue;
			f = check_finding(c, CHECK_DATE_MISMATCH, line,
				    "compliance-table date %s (\"%s\") has no matching text in %s%s: neither the date nor the requirement (%d%% of its words)",
				    jsonget_text(r, "date"), jsonget_text(r, "description"), secs.len ? "section " : "the document",
				    secs.buf, share);
		}
		check_set_str(f, "date", jsonget_text(r, "date"));
		check_set_str(f, "section", secs.len ? secs.buf : NULL);
	}
	const char *table_num = check_number_of(c, (size_t)json_integer_value(json_object_get(json_array_get(rows, 0), "pos")));
	json_array_foreach(texts, j, t) {
		if (text_ok[j])
			continue;
		json_t *f = check_finding(c, CHECK_DATE_MISMATCH, (long)json_integer_value(json_object_get(t, "doc_line")),
				    "dated requirement (%s%s%s) in %s is missing from the compliance table%s%s",
				    jsonget_text(t, "date"), *jsonget_text(t, "keyword") ? ", " : "", jsonget_text(t, "keyword"), jsonget_text(t, "section"),
				    table_num ? " in " : "", table_num ? table_num : "");
		check_set_str(f, "date", jsonget_text(t, "date"));
		check_set_str(f, "section", jsonget_text(t, "section"));
	}
	strbuf_release(&secs);
	free(text_ok);
	json_decref(x.dates);
	json_decref(x.words);
out:
	free(table);
	json_decref(rows);
	json_decref(texts);
	return 0;
}
