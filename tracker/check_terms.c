/*
 * check_terms.c - the undefined-term rule of `cabtrack check` (with a
 * base): a capitalised term in a new or changed requirement that the
 * document does not define.  A run of capitalised words is a term when a
 * word of it is written in lower case elsewhere in the document (else it
 * is a name: "Germany") and no 1.6.1 term, 1.6.2 acronym, term defined on
 * the spot ("as defined in", "hereinafter"), heading title or reference
 * ("Section 4") covers it.  Also owns check_norm_word, the word form that
 * terms and the date rule's word matching compare.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importers/extract.h"
#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

struct terms {
	json_t *defined;        /* normalised phrase ("mailbox address") -> true */
	json_t *leads;          /* the first word of each defined phrase ("publicly-trusted") -> true */
	json_t *acronyms;       /* as written ("CAA") -> true */
	json_t *lower;          /* every word the document writes in lower case, normalised */
	char *titles;           /* the headings' titles, one a line: a section's title names it */
	int maxwords;
};

/* Append word w[0..n) in the form terms are compared: lower case, no possessive, no plural. */
void check_norm_word(struct strbuf *sb, const char *w, size_t n)
{
	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	else if (n > 4 && !memcmp(w + n - 4, "\xe2\x80\x99s", 4))
		n -= 4;
	else if (n > 1 && w[n - 1] == '\'')
		n--;
	size_t start = sb->len;
	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, tolower((unsigned char)w[i]));
	char *s = sb->buf + start;
	size_t len = sb->len - start;
	if (len > 4 && !strcmp(s + len - 3, "ies")) {
		strbuf_setlen(sb, sb->len - 3);
		strbuf_addch(sb, 'y');
	} else if (len > 4 && (!strcmp(s + len - 4, "sses") || !strcmp(s + len - 3, "xes") ||
			       !strcmp(s + len - 4, "ches") || !strcmp(s + len - 4, "shes"))) {
		strbuf_setlen(sb, sb->len - 2);
	} else if (len > 2 && s[len - 1] == 's' && s[len - 2] != 's' && s[len - 2] != 'u' && s[len - 2] != 'i') {
		strbuf_setlen(sb, sb->len - 1);
	}
}

static int is_acronym(const char *w, size_t n)
{
	size_t upper = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (islower(ch) && !(i == n - 1 && ch == 's'))
			return 0;
		upper += isupper(ch) != 0;
	}
	return upper >= 2;
}

/* Record a defined term (and its acronym when it is one). */
static void term_add(struct terms *t, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == ':' || s[len - 1] == '*'))
		len--;
	while (len && (*s == ' ' || *s == '*')) {
		s++;
		len--;
	}
	if (!len)
		return;
	struct strbuf sb = STRBUF_INIT;
	int words = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < len && s[j] != ' ')
			j++;
		if (j > i) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			check_norm_word(&sb, s + i, j - i);
			if (!words++)
				json_object_set_new(t->leads, sb.buf, json_true());
		}
		i = j;
	}
	json_object_set_new(t->defined, sb.buf, json_true());
	if (words > t->maxwords)
		t->maxwords = words;
	if (words == 1 && is_acronym(s, len)) {
		char *a = xstrndup(s, len);
		json_object_set_new(t->acronyms, a, json_true());
		free(a);
	}
	strbuf_release(&sb);
}

/* A definition's term: "Certification Authority (or CA)" is both "Certification Authority" and "CA". */
static void term_add_entry(struct terms *t, const char *s, size_t len)
{
	const char *open = memchr(s, '(', len);
	if (!open) {
		term_add(t, s, len);
		return;
	}
	term_add(t, s, (size_t)(open - s));
	const char *close = memchr(open, ')', len - (size_t)(open - s));
	const char *p = open + 1, *e = close ? close : s + len;
	static const char *const lead[] = { "also known as ", "or ", "also ", "each a ", "each an ", "a ", "an " };
	for (size_t i = 0; i < sizeof(lead) / sizeof(lead[0]); i++)
		if ((size_t)(e - p) > strlen(lead[i]) && !strncasecmp(p, lead[i], strlen(lead[i])))
			p += strlen(lead[i]);
	term_add(t, p, (size_t)(e - p));
}

/*
 * The terms of 1.6.1 (each paragraph or list item starting with a bold
 * term) and the acronyms of 1.6.2 (a table's first column, or bold terms).
 */
static void terms_load(struct terms *t, struct check *c)
{
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *num = check_number_of(c, pos);
		int defs = num && !strcmp(num, "1.6.1"), acr = num && !strcmp(num, "1.6.2");
		if (!defs && !acr)
			continue;
		const char *text = c->sections.items[pos].text;
		for (const char *p = text; *p;) {
			const char *eol = strchrnul(p, '\n');
			const char *q = p;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			if (q + 1 < eol && (*q == '-' || *q == '*' || *q == '+') && q[1] == ' ')
				q += 2;
			if (q + 2 < eol && !strncmp(q, "**", 2)) {
				const char *end = strstr(q + 2, "**");
				if (end && end < eol)
					term_add_entry(t, q + 2, (size_t)(end - q - 2));
			} else if (acr && *q == '|') {
				const char *cell = q + 1, *bar = memchr(cell, '|', (size_t)(eol - cell));
				size_t n = bar ? (size_t)(bar - cell) : 0;
				if (n && !memchr(cell, '-', n) && !memmem(cell, n, "Acronym", 7))
					term_add(t, cell, n);
			}
			p = *eol ? eol + 1 : eol;
		}
	}
}

/* The words the document writes in lower case ("request", "date"): capitalising one of them marks a term. */
static void lower_words_load(struct terms *t, struct check *c)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *p = c->sections.items[pos].text;
		while (*p) {
			/* one token between blanks; links' addresses ("wiki.debian.org") are no words */
			size_t n = strcspn(p, " \t\n");
			const char *end = p + n;
			char *tok = xstrndup(p, n);
			int url = strstr(tok, "://") || strstr(tok, "www.");
			free(tok);
			for (const char *q = p; !url && q < end;) {
				if (!islower((unsigned char)*q) || (q > p && isalnum((unsigned char)q[-1]))) {
					q++;
					continue;
				}
				const char *e = q;
				int lower = 1;
				while (e < end && (isalnum((unsigned char)*e) || *e == '-'))
					lower &= !isupper((unsigned char)*e++);
				if (lower) {
					strbuf_reset(&sb);
					check_norm_word(&sb, q, (size_t)(e - q));
					json_object_set_new(t->lower, sb.buf, json_true());
				}
				q = e;
			}
			p = *end ? end + 1 : end;
		}
	}
	strbuf_release(&sb);
}

/*
 * Words capitalised as names or references, never terms: months ("May 15",
 * though "may" is a word) and the parts of a document.
 */
static const char *const proper_words[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
	"November", "December", "Section", "Sections", "Subsection", "Appendix", "Article", "Table", "Figure", "Note",
};

static int is_proper(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(proper_words) / sizeof(proper_words[0]); i++)
		if (strlen(proper_words[i]) == n && !memcmp(w, proper_words[i], n))
			return 1;
	return 0;
}

/* Can the word be (part of) a term: capitalised or an acronym, two letters or more, no digits, no month? */
static int term_word(const char *w, size_t n)
{
	if (n < 2 || !(isupper((unsigned char)*w) || is_acronym(w, n)) || is_proper(w, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)w[i]))
			return 0;
	return 1;
}

/* A list label ("1", "a" before "." or ")", "iv"), which leaves the sentence still to start. */
static int is_label(const char *w, size_t n)
{
	if (strspn(w, "0123456789") >= n)
		return 1;
	if (w[n] != '.' && w[n] != ')')
		return 0;
	return n == 1 || strspn(w, "ivx") >= n;
}

/* Words that start a sentence even where no full stop came before ("... Phone Contact The DNS TXT ..."). */
static int is_opener(const char *w, size_t n)
{
	static const char *const openers[] = { "The", "This", "These", "Each", "If", "When", "Where", "Any", "All", "Such" };
	for (size_t i = 0; i < sizeof(openers) / sizeof(openers[0]); i++)
		if (strlen(openers[i]) == n && !memcmp(w, openers[i], n))
			return 1;
	return 0;
}

struct word {
	const char *s;
	size_t n;
	int cap;                /* capitalised (not a month), or an acronym */
	int initial;            /* the first word of a sentence */
	int joined;             /* separated from the previous word by one space only */
	int numbered;           /* a reference or a label: a number follows ("Article 215", "Ballot SC25"), or a colon */
};

static int word_char(const char *s, size_t i)
{
	unsigned char ch = (unsigned char)s[i];
	return isalnum(ch) || ch == '-' || ch == '/' || ch == '\'' ||
	       (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99);
}

/* Split a requirement into words, leaving out quoted text and RFC 2119 keywords. */
static size_t split_words(struct word **out, const char *s)
{
	size_t n = 0, alloc = 16, len = strlen(s);
	struct word *w = xmalloc(alloc * sizeof(*w));
	int quoted = 0, initial = 1;
	size_t gap_start = 0;
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || (ch == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
				  ((unsigned char)s[i + 2] == 0x9c || (unsigned char)s[i + 2] == 0x9d))) {
			quoted = ch == '"' ? !quoted : (unsigned char)s[i + 2] == 0x9c;
			i += ch == '"' ? 1 : 3;
			continue;
		}
		if (!isalnum(ch)) {
			if (ch == '.' || ch == ':' || ch == '!' || ch == '?' || ch == '|')
				initial = 1; /* a table row's cells are joined with " | " */
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && word_char(s, j))
			j += (unsigned char)s[j] == 0xe2 ? 3 : 1;
		/* trailing hyphens, slashes and quotes ('XG'), but not a plural's possessive (Subscribers') */
		while (j > i && (s[j - 1] == '-' || s[j - 1] == '/' || (s[j - 1] == '\'' && s[j - 2] != 's')))
			j--;
		const char *kw;
		size_t k = extract_keyword_at(&kw, s, len, i);
		if (k) {
			j = i + k; /* SHALL NOT is one keyword */
		} else if (!quoted && !(i && s[i - 1] == '\'') && !(i > 2 && !memcmp(s + i - 3, "\xe2\x80\x98", 3))) {
			if (n == alloc)
				w = xrealloc(w, (alloc *= 2) * sizeof(*w));
			size_t after = j, digit = 0;
			while (after < len && s[after] == ' ')
				after++;
			for (size_t d = after; d < len && isalnum((unsigned char)s[d]) && !digit; d++)
				digit = isdigit((unsigned char)s[d]) != 0;
			int opener = is_opener(s + i, j - i);
			w[n] = (struct word){ s + i, j - i, term_word(s + i, j - i), initial || opener,
					      n && gap_start + 1 == i && s[gap_start] == ' ' && !opener,
					      (after > j && digit) || s[j] == ':' };
			n++;
		}
		initial = initial && is_label(s + i, j - i);
		gap_start = j;
		i = j;
	}
	*out = w;
	return n;
}

/* Is words[i..i+k) a defined term (or, alone, an acronym)? */
static int defined(struct terms *t, struct word *w, size_t i, size_t k, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t m = i; m < i + k; m++) {
		if (m > i)
			strbuf_addch(sb, ' ');
		check_norm_word(sb, w[m].s, w[m].n);
	}
	if (json_object_get(t->defined, sb->buf))
		return 1;
	if (k == 1 && is_acronym(w[i].s, w[i].n)) {
		/* "CAs", "CA's", "CA’s" are "CA" */
		size_t n = w[i].n;
		if (n > 2 && w[i].s[n - 1] == 's')
			n -= w[i].s[n - 2] == '\'' ? 2 : n > 4 && !memcmp(w[i].s + n - 4, "\xe2\x80\x99", 3) ? 4 : 1;
		char *whole = xstrndup(w[i].s, w[i].n), *a = xstrndup(w[i].s, n);
		int hit = json_object_get(t->acronyms, whole) || json_object_get(t->acronyms, a);
		free(whole);
		free(a);
		return hit;
	}
	return 0;
}

/*
 * What word `m` of a run says about it: 0 nothing (covered by a defined
 * term, an acronym, the sentence's first word, a reference such as
 * "Section 4", or the first word of a defined term used as an adjective:
 * "Legacy Generation"); 1 a word the document writes in lower case
 * elsewhere, capitalised here as a term is; -1 a word it never writes in
 * lower case, a name ("Germany", "European Union").
 */
static int word_kind(struct terms *t, struct word *w, size_t m, const char *covered, struct strbuf *sb)
{
	if (covered[m] || is_acronym(w[m].s, w[m].n) || w[m].initial || w[m].numbered)
		return 0;
	strbuf_reset(sb);
	check_norm_word(sb, w[m].s, w[m].n);
	if (json_object_get(t->leads, sb->buf))
		return 0;
	return json_object_get(t->lower, sb->buf) ? 1 : -1;
}

/*
 * Is `span` no run of words of the Markdown source: absent from it (it
 * crosses a line break or emphasis: "d. Other Subject Attributes  \n When
 * ...") or only inside code (`...`) or a link's text ([...](...))?
 */
static int not_in_source(const char *md, const char *span)
{
	size_t n = strlen(span);
	for (const char *p = strstr(md, span); p; p = strstr(p + 1, span)) {
		const char *bol = p;
		while (bol > md && bol[-1] != '\n')
			bol--;
		int ticks = 0, bracket = 0;
		for (const char *q = bol; q < p; q++) {
			ticks += *q == '`';
			bracket = *q == '[' ? 1 : *q == ']' ? 0 : bracket;
		}
		const char *close = strchr(p + n, ']');
		const char *eol = strchrnul(p + n, '\n');
		int in_link = bracket && close && close < eol && close[1] == '(';
		if (!(ticks % 2) && !in_link)
			return 0;
	}
	return 1;
}

/*
 * Does what follows a capitalised run show it is no term of the document:
 * defined on the spot ("External Account Binding as defined by RFC 8555"),
 * or the name of a part of something ("the Attributes section", "the
 * Location HTTP response header")?
 */
static int named_on_the_spot(const char *rest, int defining)
{
	static const char *const after[] = {
		"as defined", "defined in", "as specified", /* defining */
		"section", "field", "extension", "header", "response", "attribute", "element", "column", "method",
	};
	while (*rest == ' ' || *rest == ',' || *rest == '(')
		rest++;
	for (size_t i = 0; i < (defining ? 3 : sizeof(after) / sizeof(after[0])); i++) {
		size_t n = strlen(after[i]);
		if (!strncmp(rest, after[i], n) && !isalpha((unsigned char)rest[n]) && rest[n] != '-')
			return 1;
	}
	return 0;
}

/* The end of the run of capitalised words starting at word i. */
static size_t run_end(struct word *w, size_t n, size_t i)
{
	size_t end = i + 1;
	while (end < n && w[end].cap && w[end].joined)
		end++;
	return end;
}

/*
 * Terms the text defines on the spot, anywhere in the document: a run of
 * capitalised words followed by "as defined in" ("Global Number as
 * defined in RFC 3966"), or a quotation after "hereinafter" ("(hereinafter
 * 'Law')").
 */
static void terms_on_the_spot(struct terms *t, struct check *c)
{
	for (size_t k = 0; k < c->reqs.n; k++) {
		const char *text = c->reqs.items[k].text;
		struct word *w;
		size_t n = split_words(&w, text);
		for (size_t i = 0; i < n;) {
			if (!w[i].cap) {
				i++;
				continue;
			}
			size_t end = run_end(w, n, i);
			if (named_on_the_spot(w[end - 1].s + w[end - 1].n, 1))
				term_add(t, w[i].s, (size_t)(w[end - 1].s + w[end - 1].n - w[i].s));
			i = end;
		}
		free(w);
		for (const char *h = strstr(text, "hereinafter"); h; h = strstr(h + 1, "hereinafter")) {
			const char *q = h + 11;
			while (*q == ' ' || *q == '(')
				q++;
			size_t open = *q == '\'' || *q == '"' ? 1 : !strncmp(q, "\xe2\x80\x98", 3) || !strncmp(q, "\xe2\x80\x9c", 3) ? 3 : 0;
			size_t len = open ? strcspn(q + open, "'\"\xe2") : 0;
			if (len)
				term_add(t, q + open, len);
		}
	}
}

/*
 * Report the capitalised terms of one new requirement that 1.6.1 does not
 * define (each term once: `reported`); `old` is the text it replaced, whose
 * terms are not new; `md` the Markdown of its section.
 */
static void terms_in(struct check *c, struct terms *t, json_t *req, const char *old, const char *md, long line,
		     json_t *reported)
{
	const char *text = jsonget_text(req, "text");
	struct word *w;
	size_t n = split_words(&w, text);
	char *covered = xcalloc(n + 1, 1);
	struct strbuf sb = STRBUF_INIT, span = STRBUF_INIT;
	/* defined terms, longest first, starting at a capitalised word ("Terms of Use" takes its "of") */
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		if (w[i].cap) {
			size_t joined = 1;
			while (i + joined < n && joined < (size_t)t->maxwords && w[i + joined].joined)
				joined++;
			for (k = joined; k > 0 && !defined(t, w, i, k, &sb); k--)
				;
		}
		for (size_t x = i; x < i + k; x++)
			covered[x] = 1;
		i += k ? k : 1;
	}
	/* runs of capitalised words */
	for (size_t i = 0; i < n;) {
		if (!w[i].cap) {
			i++;
			continue;
		}
		size_t end = run_end(w, n, i);
		size_t from = i;
		if (w[from].initial && !covered[from] && from + 1 < end)
			from++; /* capitalised because it starts the sentence */
		const char *stop = w[end - 1].s + w[end - 1].n;
		defined(t, w, from, end - from, &sb);
		int lower = 0, names = 0;
		for (size_t m = i; m < end; m++) {
			int kind = word_kind(t, w, m, covered, &span);
			lower += kind > 0;
			names += kind < 0;
		}
		strbuf_reset(&span);
		strbuf_add(&span, w[from].s, (size_t)(stop - w[from].s));
		if (lower && !names && !named_on_the_spot(stop, 0) && !json_object_get(reported, sb.buf) &&
		    !(old && strstr(old, span.buf)) && !strstr(t->titles, span.buf) &&
		    !(md && not_in_source(md, span.buf))) {
			json_object_set_new(reported, sb.buf, json_true());
			json_t *f = check_finding(c, CHECK_UNDEFINED_TERM, line,
					    "\"%s\" looks like a defined term but 1.6.1 does not define it", span.buf);
			check_set_str(f, "term", span.buf);
			check_set_str(f, "section", jsonget_text(req, "section"));
		}
		i = end;
	}
	strbuf_release(&sb);
	strbuf_release(&span);
	free(covered);
	free(w);
}

int check_undefined_term(struct check *c)
{
	struct terms t = { json_object(), json_object(), json_object(), json_object(), NULL, 1 };
	struct strbuf titles = STRBUF_INIT;
	json_t *lines = json_object(), *reported = json_object(), *positions = json_object(), *r;
	size_t i;
	terms_load(&t, c);
	if (!json_object_size(t.defined))
		goto out; /* no definitions to hold the terms to */
	lower_words_load(&t, c);
	terms_on_the_spot(&t, c);
	for (i = 0; i < c->nsections; i++) {
		if (check_number_of(c, i))
			json_object_set_new(positions, check_number_of(c, i), json_integer((json_int_t)i));
		strbuf_addf(&titles, "%s\n", c->outline.v[i].title);
	}
	t.titles = titles.buf;
	for (i = 0; i < c->reqs.n; i++) {
		const struct ct_requirement *q = &c->reqs.items[i];
		if (!json_object_get(lines, q->id))
			json_object_set_new(lines, q->id, json_integer(c->starts[q->pos] + q->line - 1));
	}
	json_array_foreach(json_object_get(c->diff, "requirements"), i, r) {
		const char *change = jsonget_text(r, "change");
		if ((strcmp(change, "added") && strcmp(change, "modified")) || check_is_definitions(jsonget_text(r, "section")))
			continue; /* 1.6 defines and cites terms */
		json_t *line = json_object_get(lines, jsonget_text(r, "id"));
		json_t *pos = json_object_get(positions, jsonget_text(r, "section"));
		const char *md = pos ? c->sections.items[(size_t)json_integer_value(pos)].text : NULL;
		terms_in(c, &t, r, json_string_value(json_object_get(r, "old_text")), md,
			 line ? (long)json_integer_value(line) : 1, reported);
	}
out:
	json_decref(lines);
	json_decref(reported);
	json_decref(positions);
	json_decref(t.defined);
	json_decref(t.leads);
	json_decref(t.acronyms);
	json_decref(t.lower);
	strbuf_release(&titles);
	return 0;
}
