/*
 * issue_link.c - links of issues to sections, ballots, refs and issues
 * (see issue_link.h).
 *
 * Rebuilding a repository's links reads its issues, the document's main
 * history and, once per version that some issue needs, that version's
 * outline (numbers and GitHub anchors, from outline_of_sections); then it
 * scans each title, body and label and writes issue_links afresh.  The
 * first place a target is found wins (title before body before labels).
 */
#include "tracker/issue_link.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xxhash.h>

#include "importers/anchor.h"
#include "tracker/base/ballot_name.h"
#include "db/ballotdb.h"
#include "tracker/base/error.h"
#include "db/github_query.h"
#include "importers/github.h"
#include "importers/github_store.h"
#include "importers/keymap.h"
#include "tracker/base/strbuf.h"
#include "db/query.h"
#include "tracker/outline.h"

/* --- scanning ------------------------------------------------------------ */

static int is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * The index of the first byte at or after i that may start something a
 * scanner looks for: 'h' or 'H' (a URL), '#', and with digits set a digit.
 * Most bytes of prose start nothing: they are passed over here, by table.
 */
static size_t next_candidate(const char *t, size_t len, size_t i, int digits)
{
	static const unsigned char starts[256] = {
		['h'] = 1, ['H'] = 1, ['#'] = 1,
		['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2,
		['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
	};
	unsigned char mask = digits ? 3 : 1;
	while (i < len && !(starts[(unsigned char)t[i]] & mask))
		i++;
	return i;
}

/* If a URL (http:// or https://) starts at t[i], the index just past it; else 0. */
static size_t url_end(const char *t, size_t len, size_t i)
{
	size_t n = len - i;
	/* "http" first, by hand: this runs at every 'h' of a text */
	if (n < 7 || (t[i] | 0x20) != 'h' || (t[i + 1] | 0x20) != 't' || (t[i + 2] | 0x20) != 't' || (t[i + 3] | 0x20) != 'p')
		return 0;
	size_t k = !strncasecmp(t + i, "http://", 7) ? 7 : n >= 8 && !strncasecmp(t + i, "https://", 8) ? 8 : 0;
	if (!k || (i > 0 && is_word(t[i - 1])))
		return 0;
	size_t j = i + k;
	while (j < len && !isspace((unsigned char)t[j]) && t[j] != ')' && t[j] != '>' && t[j] != '"' && t[j] != '<' &&
	       t[j] != ']' && t[j] != '`')
		j++;
	return j;
}

/* The alphabetic word ending right before t[i] (after skipping spaces, '[' and '('), lower-cased. */
static void word_before(char *buf, size_t size, const char *t, size_t i)
{
	size_t j = i;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' || t[j - 1] == '[' || t[j - 1] == '('))
		j--;
	size_t e = j;
	while (j > 0 && isalpha((unsigned char)t[j - 1]) && e - j < size - 1)
		j--;
	size_t n = e - j;
	for (size_t k = 0; k < n; k++)
		buf[k] = (char)tolower((unsigned char)t[j + k]);
	buf[n] = '\0';
}

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* Where "Section " or "§" before t[i] starts (skipping spaces and '['), or i when neither does. */
static size_t explicit_start(const char *t, size_t i)
{
	size_t j = i;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t' || t[j - 1] == '['))
		j--;
	if (j >= 2 && (unsigned char)t[j - 2] == 0xC2 && (unsigned char)t[j - 1] == 0xA7) {
		j -= 2;
		while (j >= 2 && (unsigned char)t[j - 2] == 0xC2 && (unsigned char)t[j - 1] == 0xA7)
			j -= 2;
		return j;
	}
	static const char *const words[] = { "section", "sections", "sec", "para", NULL };
	char w[16];
	word_before(w, sizeof(w), t, i);
	if (in_list(w, words)) {
		size_t k = j;
		if (k > 0 && t[k - 1] == '.')
			k--;
		while (k > 0 && isalpha((unsigned char)t[k - 1]))
			k--;
		return k;
	}
	return i;
}

/* Words naming another document than the one issues are about (lower case). */
static const char *const other_docs[] = { "rfc", "tls", "ssl", "cs", "csbr", "csbrs", "ev", "evg", "evgs", "code",
					  "server", "x", "ccadb", "etsi", "iso", "mozilla", "chrome", "apple",
					  "microsoft", "servercert", "policy", NULL };

/* Does "of RFC 5280", "of the TLS BR", "in RFC ..." follow at t[j]? */
static int other_document_follows(const char *t, size_t len, size_t j)
{
	char w[16];
	int words = 0;
	while (j < len && words < 3) {
		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		size_t s = j;
		while (j < len && isalpha((unsigned char)t[j]) && j - s < sizeof(w) - 1)
			j++;
		size_t n = j - s;
		if (!n)
			return 0;
		for (size_t k = 0; k < n; k++)
			w[k] = (char)tolower((unsigned char)t[s + k]);
		w[n] = '\0';
		if (words == 0 && strcmp(w, "of") && strcmp(w, "in"))
			return 0;
		if (words == 1 && !strcmp(w, "the")) {
			words++;
			continue;
		}
		if (words >= 1)
			return in_list(w, other_docs);
		words++;
	}
	return 0;
}

/* Does "RFC 5280, " (or "RFC 5280 ") end right before t[i]? */
static int rfc_before(const char *t, size_t i)
{
	size_t j = i;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == ',' || t[j - 1] == '[' || t[j - 1] == '('))
		j--;
	size_t d = j;
	while (j > 0 && isdigit((unsigned char)t[j - 1]))
		j--;
	while (j > 0 && t[j - 1] == ' ')
		j--;
	return d > j && j >= 3 && !strncasecmp(t + j - 3, "rfc", 3) && (j == 3 || !is_word(t[j - 4]));
}

/* Parse the dotted number at t[i]; its end in *end.  1 when it looks like a section number of `parts` parts. */
static int section_number(size_t *end, int *parts, const char *t, size_t len, size_t i)
{
	size_t j = i;
	int ok = 1, n = 0;
	for (;;) {
		size_t s = j;
		while (j < len && isdigit((unsigned char)t[j]))
			j++;
		size_t nd = j - s;
		if (nd > 2 || t[s] == '0' || (n == 0 && nd != 1))
			ok = 0;
		n++;
		if (j + 1 < len && t[j] == '.' && isdigit((unsigned char)t[j + 1]))
			j++;
		else
			break;
	}
	*end = j;
	*parts = n;
	if (n > 6)
		ok = 0;
	if (j < len && (is_word(t[j]) || t[j] == '%' || t[j] == '/' || t[j] == '-' || t[j] == '@'))
		ok = 0;
	return ok;
}

static void ref_set(struct issue_ref *out, size_t max, size_t count, enum issue_ref_kind kind, size_t start,
		    size_t end, const char *target, size_t tlen, int explicit_ref, const char *file, size_t flen)
{
	if (count >= max)
		return;
	struct issue_ref *r = &out[count];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->start = start;
	r->end = end;
	r->explicit_ref = explicit_ref;
	memcpy(r->target, target, tlen < sizeof(r->target) ? tlen : sizeof(r->target) - 1);
	if (file && flen < sizeof(r->file))
		memcpy(r->file, file, flen);
}

/*
 * An anchor "#4221-some-title" at t[i] ('#'); its end, or 0.  In a URL's
 * fragment the title may follow the digits directly ("#3228caa-records",
 * a no-break space after the number) or after two hyphens
 * ("#7--certificate-profiles") and may be %XX-escaped.
 */
static size_t anchor_at(const char *t, size_t len, size_t i, int in_url)
{
	size_t j = i + 1, d = j;
	while (j < len && isdigit((unsigned char)t[j]))
		j++;
	if (j == d || j - d > 12 || j + 1 >= len)
		return 0;
	if (!(t[j] == '-' && isalnum((unsigned char)t[j + 1])) &&
	    !(in_url && (isalpha((unsigned char)t[j]) || t[j] == '%' || t[j] == '-')))
		return 0;
	while (j < len && j - i < 190) {
		if (isalnum((unsigned char)t[j]) || t[j] == '-' || t[j] == '_')
			j++;
		else if (in_url && t[j] == '%' && j + 2 < len && isxdigit((unsigned char)t[j + 1]) &&
			 isxdigit((unsigned char)t[j + 2]))
			j += 3;
		else
			break;
	}
	return j;
}

/* The Markdown file a URL's path ends in before its fragment ("SBR.md"), as [*f, *f + *n). */
static void url_file(const char **f, size_t *n, const char *t, size_t s, size_t hash)
{
	size_t b = hash;
	while (b > s && t[b - 1] != '/')
		b--;
	*f = t + b;
	*n = hash - b;
	if (*n < 3 || strncasecmp(t + hash - 3, ".md", 3))
		*n = 0;
}

size_t issue_link_scan_sections(struct issue_ref *out, size_t max, const char *t, size_t len)
{
	static const char *const not_after[] = { "v", "ver", "version", "versions", "tls", "ssl", "dtls", "http",
						 "rfc", "release", "draft", "python", "openssl", "x", "ipv", NULL };
	size_t count = 0, i = 0;
	while ((i = next_candidate(t, len, i, 1)) < len) {
		size_t u = (t[i] | 0x20) == 'h' ? url_end(t, len, i) : 0; /* most characters start no URL */
		if (u) {
			const char *hash = memchr(t + i, '#', u - i);
			size_t a = hash ? anchor_at(t, u, (size_t)(hash - t), 1) : 0;
			if (a == u) {
				const char *f;
				size_t fn;
				url_file(&f, &fn, t, i, (size_t)(hash - t));
				ref_set(out, max, count++, ISSUE_REF_ANCHOR, i, u, hash + 1, u - (size_t)(hash - t) - 1, 0, f, fn);
			}
			i = u;
			continue;
		}
		char c = t[i];
		if (c == '#' && (i == 0 || !is_word(t[i - 1]))) {
			size_t a = anchor_at(t, len, i, 0);
			if (a) {
				ref_set(out, max, count++, ISSUE_REF_ANCHOR, i, a, t + i + 1, a - i - 1, 0, NULL, 0);
				i = a;
				continue;
			}
		}
		if (!isdigit((unsigned char)c)) {
			i++;
			continue;
		}
		int prev_ok = i == 0 || !(is_word(t[i - 1]) || strchr(".-/#$=:+\\@~&,", t[i - 1]));
		size_t end;
		int parts;
		int ok = section_number(&end, &parts, t, len, i) && prev_ok;
		if (ok) {
			char w[16];
			word_before(w, sizeof(w), t, i);
			size_t start = explicit_start(t, i);
			int expl = start != i;
			char w2[16];
			word_before(w2, sizeof(w2), t, start);
			if (in_list(w, not_after) || (parts < 2 && !expl) || other_document_follows(t, len, end) ||
			    (expl && in_list(w2, other_docs)) || rfc_before(t, start))
				ok = 0;
			if (ok) {
				/* a list item right after it: "7.1.4.2.2 (a)", "7.1.4.2.2(a)" */
				size_t e = end, k = end;
				if (k < len && t[k] == ' ')
					k++;
				if (k < len && t[k] == '(') {
					size_t m = k + 1;
					while (m < len && isalnum((unsigned char)t[m]) && m - k <= 3)
						m++;
					if (m < len && t[m] == ')' && m > k + 1)
						e = m + 1;
				}
				ref_set(out, max, count, ISSUE_REF_SECTION, start, e, t + i, end - i, expl, NULL, 0);
				count++;
			}
		}
		i = end;
	}
	return count;
}

static size_t fixes_start(const char *t, size_t i)
{
	static const char *const words[] = { "fix", "fixes", "fixed", "close", "closes", "closed", "resolve",
					     "resolves", "resolved", "address", "addresses", "addressed", NULL };
	size_t j = i;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == ':'))
		j--;
	size_t e = j;
	while (j > 0 && isalpha((unsigned char)t[j - 1]) && e - j < 12)
		j--;
	char w[16];
	size_t n = e - j;
	if (!n || n >= sizeof(w) || (j > 0 && is_word(t[j - 1])))
		return i;
	for (size_t k = 0; k < n; k++)
		w[k] = (char)tolower((unsigned char)t[j + k]);
	w[n] = '\0';
	return in_list(w, words) ? j : i;
}

/* "OWNER/REPO" right before t[i] ('#'), as its start; i when there is none. */
static size_t repo_before(const char *t, size_t i)
{
	size_t j = i;
	int slashes = 0;
	while (j > 0 && (isalnum((unsigned char)t[j - 1]) || strchr("._-/", t[j - 1]))) {
		slashes += t[j - 1] == '/';
		j--;
	}
	return slashes == 1 && t[j] != '/' && t[i - 1] != '/' ? j : i;
}

/* An issue URL "https://github.com/O/R/(issues|pull)/N" in t[s..u); 1 with target "O/R#N". */
static int issue_url(struct strbuf *target, const char *t, size_t s, size_t u)
{
	const char *p = t + s, *end = t + u;
	const char *host = memmem(p, (size_t)(end - p), "://github.com/", 14);
	if (!host)
		host = memmem(p, (size_t)(end - p), "://www.github.com/", 18);
	if (!host)
		return 0;
	p = strchr(host + 3, '/') + 1;
	const char *segs[5];
	size_t lens[5];
	int n = 0;
	while (p < end && n < 5) {
		const char *q = p;
		while (q < end && *q != '/' && *q != '#' && *q != '?')
			q++;
		segs[n] = p;
		lens[n++] = (size_t)(q - p);
		if (q >= end || *q != '/')
			break;
		p = q + 1;
	}
	if (n < 4 || !((lens[2] == 6 && !strncmp(segs[2], "issues", 6)) || (lens[2] == 4 && !strncmp(segs[2], "pull", 4)) ||
		       (lens[2] == 5 && !strncmp(segs[2], "pulls", 5))))
		return 0;
	if (!lens[3] || lens[3] > 9)
		return 0;
	for (size_t k = 0; k < lens[3]; k++)
		if (!isdigit((unsigned char)segs[3][k]))
			return 0;
	strbuf_reset(target);
	strbuf_add(target, segs[0], lens[0]);
	strbuf_addch(target, '/');
	strbuf_add(target, segs[1], lens[1]);
	strbuf_addch(target, '#');
	strbuf_add(target, segs[3], lens[3]);
	return 1;
}

size_t issue_link_scan_issues(struct issue_ref *out, size_t max, const char *t, size_t len)
{
	size_t count = 0, i = 0;
	struct strbuf target = STRBUF_INIT;
	while ((i = next_candidate(t, len, i, 0)) < len) {
		size_t u = (t[i] | 0x20) == 'h' ? url_end(t, len, i) : 0; /* most characters start no URL */
		if (u) {
			if (issue_url(&target, t, i, u)) {
				size_t s = fixes_start(t, i);
				ref_set(out, max, count++, ISSUE_REF_ISSUE, s, u, target.buf, target.len, s != i, NULL, 0);
			}
			i = u;
			continue;
		}
		if (t[i] != '#' || i + 1 >= len || !isdigit((unsigned char)t[i + 1]) ||
		    (i > 0 && (t[i - 1] == '&' || t[i - 1] == '#'))) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < len && isdigit((unsigned char)t[j]))
			j++;
		if (j - i - 1 > 7 || t[i + 1] == '0' || (j < len && (is_word(t[j]) || t[j] == '-'))) {
			i = j;
			continue;
		}
		size_t r = i > 0 ? repo_before(t, i) : i;
		if (r == i && i > 0 && is_word(t[i - 1])) {
			i = j;
			continue;
		}
		strbuf_reset(&target);
		strbuf_add(&target, t + r, j - r);
		size_t s = fixes_start(t, r);
		ref_set(out, max, count++, ISSUE_REF_ISSUE, s, j, target.buf, target.len, s != r, NULL, 0);
		i = j;
	}
	strbuf_release(&target);
	return count;
}

/* --- choosing the document ----------------------------------------------- */

/* "smime" from ".../smime.git" or "smime/". */
static int repo_matches(const char *docrepo, const char *reponame)
{
	if (!docrepo)
		return 0;
	size_t n = strlen(docrepo);
	while (n > 0 && docrepo[n - 1] == '/')
		n--;
	if (n >= 4 && !strncmp(docrepo + n - 4, ".git", 4))
		n -= 4;
	size_t b = n;
	while (b > 0 && docrepo[b - 1] != '/' && docrepo[b - 1] != ':')
		b--;
	return strlen(reponame) == n - b && !strncasecmp(docrepo + b, reponame, n - b);
}

int issue_link_pick_doc(char **doc, struct ct_db *db, const char *repo, const char *given)
{
	*doc = NULL;
	struct query_doc d;
	if (given) {
		int rc = query_document(&d, db, given);
		if (rc < 0)
			return rc;
		*doc = xstrdup(d.name);
		query_doc_release(&d);
		return 0;
	}
	struct ct_gh_repo r;
	if (github_query_repo_get(&r, db, repo) == 0) {
		if (r.doc && query_document(&d, db, r.doc) == 0) {
			*doc = xstrdup(d.name);
			query_doc_release(&d);
		}
		ct_gh_repo_release(&r);
		if (*doc)
			return 0;
	}
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT name, repo FROM documents ORDER BY name") < 0)
		return CT_EDB;
	const char *slash = strchr(repo, '/');
	const char *short_name = slash ? slash + 1 : repo;
	int count = 0, matches = 0, rc;
	char *only = NULL, *match = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		count++;
		if (!only)
			only = xstrdup(name);
		if (repo_matches((const char *)sqlite3_column_text(st, 1), short_name)) {
			matches++;
			if (!match)
				match = xstrdup(name);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		rc = db_error(db, "reading documents");
	else if (count <= 1) {
		*doc = only;
		only = NULL;
		rc = 0;
	} else if (matches == 1) {
		*doc = match;
		match = NULL;
		rc = 0;
	} else {
		rc = ct_error_set(CT_EINVALID, "database '%s' holds several documents; name the one %s's issues are about with --doc",
				  db->path, repo);
	}
	free(only);
	free(match);
	return rc;
}

/* --- rebuilding ---------------------------------------------------------- */

struct linker {
	struct ct_db *db;
	int64_t repo_id;
	const char *repo;               /* OWNER/REPO */
	struct query_doc doc;           /* id 0 when there is none */
	char docfile[128];              /* the document's file base name, "SBR.md" */
	json_t *history;                /* main first-parent history, oldest first */
	json_t *outlines;               /* version id -> {numbers: {n: 1}, anchors: {a: n}, digits: {d: n}} */
	json_t *ballots;                /* known ballot keys -> true */
	json_t *issues;                 /* "owner/repo#n" lower case -> true */
	struct keymap stored;           /* digest of (number, kind, target) of every link written -> index in written or -1 */
	struct written *written;        /* the issue and ballot links written, for link_addressed */
	size_t nwritten, awritten;
	sqlite3_stmt *insert;           /* github_store_link's statement */
	struct github_link l;           /* the link being written */
	const struct github_item **known; /* issues stored as these items, by number (issue_link_rebuild_known) */
	size_t nknown;
};

/* An issue or ballot link written by this rebuild. */
struct written {
	long number;
	int is_ballot;                  /* 1: a ballot link, 0: an issue link */
	char *target;
};

static json_t *outline_of(struct linker *k, int64_t version_id)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)version_id);
	json_t *o = json_object_get(k->outlines, key);
	if (o)
		return o;
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	o = json_pack("{s:o, s:o, s:o}", "numbers", json_object(), "anchors", json_object(), "digits", json_object());
	if (query_section_list(&sections, k->db, version_id, 0) == 0) {
		struct outline outline = OUTLINE_INIT;
		outline_of_sections(&outline, &sections);
		for (size_t i = 0; i < outline.n; i++) {
			const char *num = outline.v[i].number;
			const char *anchor = outline.v[i].anchor;
			if (!num || !*num)
				continue;
			json_object_set_new(json_object_get(o, "numbers"), num, json_true());
			if (anchor)
				json_object_set_new(json_object_get(o, "anchors"), anchor, json_string(num));
			char digits[64];
			size_t n = 0;
			for (const char *p = num; *p && n < sizeof(digits) - 1; p++)
				if (isdigit((unsigned char)*p))
					digits[n++] = *p;
			digits[n] = '\0';
			json_object_set_new(json_object_get(o, "digits"), digits, json_string(num));
		}
		outline_release(&outline);
	}
	ct_section_list_release(&sections);
	ct_error_drop("a version whose sections cannot be read has an empty outline: its section links stay unresolved");
	json_object_set_new(k->outlines, key, o);
	return o;
}

static int has_numbers(json_t *outline)
{
	return json_object_size(json_object_get(outline, "numbers")) > 0;
}

/* The outline of the version current at `created` (see issue_link.h); NULL without a document. */
static json_t *outline_at(struct linker *k, const char *created)
{
	struct tm tm = { 0 };
	time_t when = 0;
	if (created && sscanf(created, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			      &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		when = timegm(&tm);
	}
	size_t n = json_array_size(k->history), pick = n;
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(k->history, i);
		if (json_integer_value(json_object_get(c, "time")) > (json_int_t)when)
			break;
		if (json_is_integer(json_object_get(c, "version_id")))
			pick = i;
	}
	json_t *o = NULL;
	if (pick < n)
		o = outline_of(k, json_integer_value(json_object_get(json_array_get(k->history, pick), "version_id")));
	if (o && has_numbers(o))
		return o;
	for (size_t i = pick < n ? pick + 1 : 0; i < n; i++) {
		json_t *v = json_object_get(json_array_get(k->history, i), "version_id");
		if (json_is_integer(v) && has_numbers(o = outline_of(k, json_integer_value(v))))
			return o;
	}
	return o;
}

static json_t *outline_head(struct linker *k)
{
	for (size_t i = json_array_size(k->history); i > 0; i--) {
		json_t *v = json_object_get(json_array_get(k->history, i - 1), "version_id");
		if (json_is_integer(v))
			return outline_of(k, json_integer_value(v));
	}
	return NULL;
}

/*
 * Write a link of the current issue, unless one of the same issue, kind
 * and target was written before (the table would ignore it: the first
 * place a target is found wins).  A body that names the same targets over
 * and over costs a lookup per mention, and a row per target.
 */
static int put(struct linker *k, const char *kind, const char *target, int resolved, const char *source,
	       const char *text, size_t textlen)
{
	/* the key: the target's digest, seeded with the issue and the kind (one of a few literals) */
	static const char *const kinds[] = { "section", "ballot", "issue", "ref", "addressed" };
	uint64_t kind_no = 0;
	while (kind_no < sizeof(kinds) / sizeof(kinds[0]) && strcmp(kinds[kind_no], kind))
		kind_no++;
	XXH128_hash_t key = XXH3_128bits_withSeed(target, strlen(target), ((uint64_t)k->l.number << 3) | kind_no);
	int64_t at;
	if (keymap_get(&k->stored, &key, &at))
		return 0;
	at = -1;
	if (kind_no == 1 || kind_no == 2) {
		if (k->nwritten == k->awritten) {
			k->awritten = k->awritten ? 2 * k->awritten : 256;
			k->written = xrealloc(k->written, k->awritten * sizeof(*k->written));
		}
		k->written[k->nwritten] = (struct written){ k->l.number, kind_no == 1, xstrdup(target) };
		at = (int64_t)k->nwritten++;
	}
	keymap_put(&k->stored, &key, at);
	char *t = xstrndup(text, textlen);
	k->l.kind = kind;
	k->l.target = target;
	k->l.resolved = resolved;
	k->l.source = source;
	k->l.text = t;
	k->l.doc = k->doc.id && kind_no != 2 ? k->doc.name : NULL;
	int rc = github_store_link(&k->insert, k->db, &k->l);
	free(t);
	return rc;
}

static int put_str(struct linker *k, const char *kind, const char *target, int resolved, const char *source,
		   const char *text)
{
	return put(k, kind, target, resolved, source, text, strlen(text));
}

/* Every reference `scan` finds in text, in a new array of *n (NULL when none). */
static struct issue_ref *scan_all(size_t *n, size_t (*scan)(struct issue_ref *, size_t, const char *, size_t),
				  const char *text)
{
	size_t len = strlen(text), cap = 64;
	struct issue_ref *refs = xcalloc(cap, sizeof(*refs));
	*n = scan(refs, cap, text, len);
	if (*n > cap) { /* a second pass only for a text with many references */
		free(refs);
		refs = xcalloc(*n, sizeof(*refs));
		scan(refs, *n, text, len);
	}
	if (!*n) {
		free(refs);
		refs = NULL;
	}
	return refs;
}

/* The section number an anchor names in an outline: by the whole anchor, else by its digits. */
static const char *anchor_number(json_t *outline, const char *anchor, const char *digits)
{
	struct strbuf key = STRBUF_INIT;
	anchor_link_key(&key, anchor, strlen(anchor));
	const char *num = json_string_value(json_object_get(json_object_get(outline, "anchors"), key.buf));
	strbuf_release(&key);
	return num ? num : json_string_value(json_object_get(json_object_get(outline, "digits"), digits));
}

static int link_sections(struct linker *k, json_t *outline, const char *text, const char *source)
{
	size_t n;
	struct issue_ref *refs = scan_all(&n, issue_link_scan_sections, text);
	json_t *numbers = json_object_get(outline, "numbers");
	json_t *head = outline_head(k);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct issue_ref *r = &refs[i];
		const char *target = r->target;
		int resolved = 0;
		if (r->kind == ISSUE_REF_ANCHOR) {
			if (*r->file && k->docfile[0] && strcasecmp(r->file, k->docfile))
				continue; /* an anchor in another document */
			char digits[16];
			size_t d = strspn(r->target, "0123456789");
			snprintf(digits, sizeof(digits), "%.*s", (int)(d < 15 ? d : 15), r->target);
			const char *num = anchor_number(outline, r->target, digits);
			resolved = num != NULL;
			if (!num)
				num = anchor_number(head, r->target, digits);
			if (num)
				target = num;
		} else {
			resolved = json_object_get(numbers, target) != NULL;
			if (!resolved && !r->explicit_ref && strchr(target, '.') == strrchr(target, '.'))
				continue; /* a bare "2.5" that is no section: not plausible enough */
		}
		rc = put(k, "section", target, resolved, source, text + r->start, r->end - r->start);
	}
	free(refs);
	return rc;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int link_issues(struct linker *k, long self, const char *text, const char *source)
{
	size_t n;
	struct issue_ref *refs = scan_all(&n, issue_link_scan_issues, text);
	int rc = 0;
	size_t rl = strlen(k->repo);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char full[256];
		const char *t = refs[i].target;
		if (t[0] == '#')
			snprintf(full, sizeof(full), "%s%s", k->repo, t);
		else
			snprintf(full, sizeof(full), "%s", t);
		lower(full);
		const char *target = t;
		char local[32];
		if (!strncasecmp(full, k->repo, rl) && full[rl] == '#') {
			snprintf(local, sizeof(local), "%s", full + rl);
			target = local;
			if (strtol(local + 1, NULL, 10) == self)
				continue;
		}
		rc = put(k, "issue", target, json_object_get(k->issues, full) != NULL, source, text + refs[i].start,
			 refs[i].end - refs[i].start);
	}
	free(refs);
	return rc;
}

static int link_ballots(struct linker *k, const char *text, const char *source)
{
	size_t from = 0, start, len, n = strlen(text);
	int rc = 0;
	while (rc == 0 && ballot_name_findn(&start, &len, text, n, from) == 0) {
		char spelled[64], key[32];
		snprintf(spelled, sizeof(spelled), "%.*s", (int)(len < 63 ? len : 63), text + start);
		if (ballot_name_normalize(key, sizeof(key), spelled) == 0)
			rc = put(k, "ballot", key, json_object_get(k->ballots, key) != NULL, source, spelled, strlen(spelled));
		from = start + len;
	}
	if (rc == 0)
		ct_error_drop("text that looks like a ballot name but is not one links nothing");
	return rc;
}

/*
 * One stored issue or pull request as the linker reads it: straight from
 * the statement's columns (the bodies are most of the data; they are not
 * copied), valid until the next step.
 */
struct issue_row {
	long number;
	const char *title, *body, *created_at, *head_label;
	json_t *labels;                 /* the names, or NULL */
	int is_pull_request;
};

/* A pull request: the merge commits naming it, its refs/pull/N/head, its head branch. */
static int link_pull(struct linker *k, const struct issue_row *is)
{
	long number = is->number;
	char buf[256];
	json_t *merges = NULL;
	snprintf(buf, sizeof(buf), "(#%ld)", number);
	int rc = github_query_commits_naming(&merges, k->db, k->doc.id, buf);
	size_t i;
	json_t *c;
	json_array_foreach(merges, i, c) {
		const char *ballot = json_string_value(json_object_get(c, "ballot"));
		char key[32];
		if (rc == 0 && ballot && ballot_name_normalize(key, sizeof(key), ballot) == 0)
			rc = put_str(k, "ballot", key, 1, "merge", json_string_value(json_object_get(c, "summary")));
	}
	json_decref(merges);
	if (rc == 0)
		ct_error_drop("a merge that names no valid ballot links nothing");
	int exists = 0;
	snprintf(buf, sizeof(buf), "refs/pull/%ld/head", number);
	if (rc == 0 && (rc = github_query_ref_exists(&exists, k->db, k->doc.id, buf)) == 0 && exists)
		rc = put_str(k, "ref", buf, 1, "pull", buf);
	/* the head branch: "owner:branch" is refs/remotes/owner/branch, or refs/heads/branch in the repository itself */
	const char *label = is->head_label;
	const char *colon = label ? strchr(label, ':') : NULL;
	if (rc == 0 && colon) {
		size_t olen = (size_t)(colon - label);
		const char *slash = strchr(k->repo, '/');
		int own = slash && (size_t)(slash - k->repo) == olen && !strncasecmp(k->repo, label, olen);
		if (own)
			snprintf(buf, sizeof(buf), "refs/heads/%s", colon + 1);
		else
			snprintf(buf, sizeof(buf), "refs/remotes/%.*s/%s", (int)olen, label, colon + 1);
		if ((rc = github_query_ref_exists(&exists, k->db, k->doc.id, buf)) == 0 && exists)
			rc = put_str(k, "ref", buf, 1, "pull", label);
		if (rc == 0)
			rc = link_ballots(k, colon + 1, "pull");
	}
	return rc;
}

static int link_issue(struct linker *k, const struct issue_row *is)
{
	long number = is->number;
	const char *title = is->title;
	const char *body = is->body;
	json_t *outline = k->doc.id ? outline_at(k, is->created_at) : NULL;
	k->l.number = number;
	int rc = 0;
	const char *texts[2] = { title, body }, *sources[2] = { "title", "body" };
	for (int i = 0; i < 2 && rc == 0; i++) {
		if (!texts[i])
			continue;
		if ((rc = link_sections(k, outline, texts[i], sources[i])) == 0 &&
		    (rc = link_ballots(k, texts[i], sources[i])) == 0)
			rc = link_issues(k, number, texts[i], sources[i]);
	}
	size_t i;
	json_t *l;
	json_array_foreach(is->labels, i, l)
		if (rc == 0 && json_is_string(l))
			rc = link_ballots(k, json_string_value(l), "label");
	if (rc == 0 && k->doc.id && is->is_pull_request)
		rc = link_pull(k, is);
	return rc;
}

static int load(struct linker *k, const struct ct_gh_repo *repo)
{
	const char *docname = repo->doc;
	int rc;
	if (docname && query_document(&k->doc, k->db, docname) == 0) {
		const char *slash = k->doc.path ? strrchr(k->doc.path, '/') : NULL;
		snprintf(k->docfile, sizeof(k->docfile), "%s", slash ? slash + 1 : k->doc.path ? k->doc.path : "");
		if ((rc = query_main_history(&k->history, k->db, &k->doc)) < 0)
			return rc;
		json_t *names = NULL, *n;
		size_t i;
		if ((rc = github_query_ballot_names(&names, k->db, k->doc.id)) < 0)
			return rc;
		json_array_foreach(names, i, n) {
			char key[32];
			if (json_is_string(n) && ballot_name_normalize(key, sizeof(key), json_string_value(n)) == 0)
				json_object_set_new(k->ballots, key, json_true());
		}
		json_decref(names);
	}
	ct_error_drop("a repository whose document is not imported links to no section or ballot of it");
	/* every stored issue's name: read only the names, not every issue's body */
	sqlite3_stmt *st;
	if (db_prepare(&st, k->db, "SELECT r.name, i.number FROM gh_issues i JOIN gh_repos r ON r.id = i.repo_id") < 0)
		return CT_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char full[256];
		snprintf(full, sizeof(full), "%s#%lld", (const char *)sqlite3_column_text(st, 0),
			 (long long)sqlite3_column_int64(st, 1));
		lower(full);
		json_object_set_new(k->issues, full, json_true());
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(k->db, "listing the stored issues");
}

/*
 * Record that ballot `key` addresses issue `issue` ("#N" or
 * "OWNER/REPO#N") if it is one of this repository's stored issues and not
 * `skip_number` (the pull request the reference came from).
 */
static int put_addressed(struct linker *k, const char *issue, const char *key, const char *source, const char *text,
			 long skip_number)
{
	char full[256];
	if (issue[0] == '#')
		snprintf(full, sizeof(full), "%s%s", k->repo, issue);
	else
		snprintf(full, sizeof(full), "%s", issue);
	lower(full);
	size_t rl = strlen(k->repo);
	/* Only this repository's issues, as stored; "owner/repo#N" of this one counts. */
	if (strncasecmp(full, k->repo, rl) || full[rl] != '#' || !json_object_get(k->issues, full))
		return 0;
	long saved = k->l.number;
	k->l.number = strtol(full + rl + 1, NULL, 10);
	if (k->l.number == skip_number)
		return 0;
	int rc = put_str(k, "addressed", key, 1, source, text);
	k->l.number = saved;
	return rc;
}

/*
 * The issues each ballot or draft addresses (a second pass, once every
 * issue's own links are stored): the issues a pull request that carries
 * the ballot refers to, and the issues named in the subjects of the
 * commits on the ballot's branch (from a merge's second parent, or a pull
 * request's or fork branch's head, back to main).
 */
/* By issue number, then kind, then target (as the table's primary key sorts them). */
static int written_cmp(const void *a, const void *b)
{
	const struct written *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	if (x->is_ballot != y->is_ballot)
		return x->is_ballot ? -1 : 1;      /* "ballot" < "issue" */
	return strcmp(x->target, y->target);
}

static int link_addressed(struct linker *k)
{
	size_t i, j;
	int rc = 0;
	/*
	 * Pull requests: their ballot links x their issue links, in the order
	 * the table keeps them.  Sorted, each number's ballot links come
	 * right before its issue links.
	 */
	if (k->nwritten)
		qsort(k->written, k->nwritten, sizeof(*k->written), written_cmp);
	for (i = 0; i < k->nwritten && rc == 0; i = j) {
		size_t b = i, is;
		for (j = i; j < k->nwritten && k->written[j].number == k->written[i].number; j++)
			;
		for (is = b; is < j && k->written[is].is_ballot; is++)
			;
		char text[32];
		snprintf(text, sizeof(text), "#%ld", k->written[i].number);
		for (size_t bl = b; bl < is && rc == 0; bl++)
			for (size_t m = is; m < j && rc == 0; m++)
				rc = put_addressed(k, k->written[m].target, k->written[bl].target, "pull", text,
						   k->written[i].number);
	}
	if (rc < 0 || !k->doc.id)
		return rc;

	/*
	 * Branch commits, back to the first one on main's first-parent
	 * history: a branch that started from an older main, or merged main
	 * in, never meets its merge base along first parents.
	 */
	struct ct_ballot_source_list sources = CT_BALLOT_SOURCE_LIST_INIT;
	json_t *on_main = json_object(), *h;
	json_array_foreach(k->history, i, h)
		json_object_set_new(on_main, json_string_value(json_object_get(h, "oid")), json_true());
	if ((rc = ballotdb_source_list(&sources, k->db, k->doc.id)) < 0) {
		ct_ballot_source_list_release(&sources);
		json_decref(on_main);
		return rc;
	}
	for (i = 0; i < sources.n; i++) {
		const struct ct_ballot_source *src = &sources.items[i];
		const char *kind = src->kind, *head = src->head, *base = src->base;
		if (rc < 0 || !head || !strcmp(kind, "revision") || !strcmp(kind, "tag"))
			continue;
		char *start = NULL;
		if (!strcmp(kind, "merge")) {
			if ((rc = query_parent(&start, k->db, k->doc.id, head, 1)) < 0 || !start)
				continue;  /* a commit straight on main: its subject is the ballot's own */
		} else {
			start = xstrdup(head);
		}
		json_t *commits = NULL, *c;
		rc = query_branch_commits(&commits, k->db, k->doc.id, start, base, 500);
		json_array_foreach(commits, j, c) {
			const char *summary = json_string_value(json_object_get(c, "summary"));
			if (json_object_get(on_main, json_string_value(json_object_get(c, "oid"))))
				break;
			size_t n;
			struct issue_ref *refs = summary ? scan_all(&n, issue_link_scan_issues, summary) : NULL;
			for (size_t r = 0; refs && r < n && rc == 0; r++)
				rc = put_addressed(k, refs[r].target, src->ballot_key, "commit", summary, (long)src->pr);
			free(refs);
		}
		json_decref(commits);
		free(start);
	}
	ct_ballot_source_list_release(&sources);
	json_decref(on_main);
	return rc;
}

/* Text of column i, NULL when it is NULL (what is stored came from JSON: it is UTF-8). */
static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int known_cmp(const void *key, const void *elem)
{
	long n = *(const long *)key, m = (*(const struct github_item *const *)elem)->number;
	return n < m ? -1 : n > m;
}

/* The stored issue `number`, read into *is from `st` (prepared by the caller, reset after use). */
static int read_row(struct issue_row *is, sqlite3_stmt *st, struct linker *k, long number)
{
	sqlite3_bind_int64(st, 1, k->repo_id);
	sqlite3_bind_int64(st, 2, number);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_error(k->db, "reading a stored issue");
	const char *labels = column_text(st, 3);
	*is = (struct issue_row){
		.number = number,
		.title = column_text(st, 0),
		.body = column_text(st, 1),
		.created_at = column_text(st, 2),
		.labels = labels ? json_loads(labels, JSON_DECODE_ANY, NULL) : NULL,
		.is_pull_request = sqlite3_column_int(st, 4),
		.head_label = column_text(st, 5),
	};
	return 0;
}

/*
 * Link every stored issue of the repository, newest number first, reading
 * the rows one at a time (a repository's bodies can be 50 MB: neither
 * copied into JSON nor held at once), or taking them from the items just
 * inserted.  The numbers come first, alone, from an index
 * (github_store_numbers): every column after the body lies past its
 * overflow pages.
 */
static int link_all(struct linker *k)
{
	sqlite3_stmt *row = NULL;
	long *numbers = NULL;
	size_t n = 0;
	int rc = github_store_numbers(&numbers, &n, k->db, k->repo_id);
	if (rc == 0 && db_prepare(&row, k->db, "SELECT title, body, created_at, labels, is_pull_request, head_label "
					       "FROM gh_issues WHERE repo_id = ?1 AND number = ?2") < 0)
		rc = CT_EDB;
	for (size_t i = n; i > 0 && rc == 0; i--) {
		long number = numbers[i - 1];
		const struct github_item *const *it =
			k->nknown ? bsearch(&number, k->known, k->nknown, sizeof(*k->known), known_cmp) : NULL;
		struct issue_row is = { .number = number };
		if (it)
			is = (struct issue_row){
				.number = number,
				.title = (*it)->title,
				.body = (*it)->body,
				.created_at = (*it)->created_at,
				.labels = json_loads((*it)->labels ? (*it)->labels : "[]", JSON_DECODE_ANY, NULL),
				.is_pull_request = (*it)->is_pull_request,
				.head_label = (*it)->head_label,
			};
		else
			rc = read_row(&is, row, k, number);
		if (rc == 0) {
			rc = link_issue(k, &is);
			json_decref(is.labels);
		}
		sqlite3_reset(row);
	}
	sqlite3_finalize(row);
	free(numbers);
	return rc;
}

static int rebuild(struct ct_db *db, const struct ct_gh_repo *repo, const struct github_item **known, size_t nknown)
{
	struct linker k;
	memset(&k, 0, sizeof(k));
	k.db = db;
	k.repo_id = repo->id;
	k.repo = repo->name;
	k.outlines = json_object();
	k.ballots = json_object();
	k.issues = json_object();
	keymap_init(&k.stored, sizeof(XXH128_hash_t));
	k.l.repo_id = k.repo_id;
	k.known = known;
	k.nknown = nknown;
	int rc = load(&k, repo);
	if (rc == 0)
		rc = github_store_links_clear(db, k.repo_id);
	if (rc == 0)
		rc = link_all(&k);
	if (rc == 0)
		rc = link_addressed(&k);
	json_decref(k.history);
	json_decref(k.outlines);
	json_decref(k.ballots);
	json_decref(k.issues);
	keymap_release(&k.stored);
	for (size_t i = 0; i < k.nwritten; i++)
		free(k.written[i].target);
	free(k.written);
	sqlite3_finalize(k.insert);
	query_doc_release(&k.doc);
	return rc;
}

static int item_cmp(const void *a, const void *b)
{
	long x = (*(const struct github_item *const *)a)->number, y = (*(const struct github_item *const *)b)->number;
	return x < y ? -1 : x > y;
}

static int long_cmp(const void *key, const void *elem)
{
	long x = *(const long *)key, y = *(const long *)elem;
	return x < y ? -1 : x > y;
}

int issue_link_rebuild_known(struct ct_db *db, int64_t repo_id, const struct github_item *const *items, size_t n,
			     const long *before, size_t nbefore)
{
	/* by number: the items alone of their number and new to the database */
	const struct github_item **known = xcalloc(n ? n : 1, sizeof(*known));
	size_t nknown = 0;
	if (n)
		memcpy(known, items, n * sizeof(*known));
	qsort(known, n, sizeof(*known), item_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && known[j]->number == known[i]->number; j++)
			;
		if (j == i + 1 && !(nbefore && bsearch(&known[i]->number, before, nbefore, sizeof(*before), long_cmp)))
			known[nknown++] = known[i];
	}

	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	int rc = github_query_repo_list(&repos, db);
	for (size_t i = 0; rc == 0 && i < repos.n; i++)
		if (repos.items[i].id == repo_id)
			rc = rebuild(db, &repos.items[i], known, nknown);
	ct_gh_repo_list_release(&repos);
	free(known);
	return rc;
}

int issue_link_rebuild(struct ct_db *db, int64_t repo_id)
{
	return issue_link_rebuild_known(db, repo_id, NULL, 0, NULL, 0);
}

int issue_link_rebuild_all(struct ct_db *db)
{
	struct ct_gh_repo_list repos = CT_GH_REPO_LIST_INIT;
	int rc = github_query_repo_list(&repos, db);
	for (size_t i = 0; rc == 0 && i < repos.n; i++)
		rc = rebuild(db, &repos.items[i], NULL, 0);
	ct_gh_repo_list_release(&repos);
	return rc;
}
