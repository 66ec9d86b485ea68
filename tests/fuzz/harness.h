/*
 * harness.h - the bodies of the libFuzzer harnesses (header only).
 *
 * Owns what each harness feeds to the code under test and the invariants it
 * checks on the results.  Each tests/fuzz/fuzz_NAME.c is a one-line
 * LLVMFuzzerTestOneInput around fuzz_NAME() here, and
 * tests/test_fuzz_regressions.c replays the seeds and every input a fuzzer
 * ever crashed on through the same functions, so a fixed bug stays fixed in
 * the ordinary test run.
 *
 * fuzz_state needs a database: it opens one file in /tmp for the whole run.
 *
 * FUZZ_CHECK(cond) states an invariant: the fuzzers abort on it, the cmocka
 * replay fails the test.  The includer may define it before including.
 */
#ifndef CT_FUZZ_HARNESS_H
#define CT_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "importers/anchor.h"
#include "tracker/base/ballot_name.h"
#include "tracker/base/ghlink.h"
#include "importers/datephrase.h"
#include "tracker/base/when.h"
#include "tracker/base/error.h"
#include "importers/extract.h"
#include "importers/github.h"
#include "importers/mdsplit.h"
#include "render/mustache.h"
#include "tracker/base/strbuf.h"
#include "db/db.h"
#include "db/state.h"
#include "tracker/mentions.h"
#include "tracker/valid.h"
#include "render/ics.h"
#include "render/page.h"
#include "render/url.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <strings.h>

#ifndef FUZZ_CHECK
#define FUZZ_CHECK(cond)                                                                        \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)
#endif

/* A NUL-terminated heap copy of the input (C-string APIs). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* An exact-size heap copy, so that reading one byte past the end is caught by ASan. */
static inline char *fuzz_exact(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size ? size : 1);
	if (size)
		memcpy(s, data, size);
	return s;
}

static inline int fuzz_date_valid(struct ct_date d)
{
	return d.year >= 1990 && d.year <= 2099 && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31;
}

/* ---- Markdown: the importer's per-version pipeline ------------------------------- */

static inline int fuzz_markdown(const uint8_t *data, size_t size)
{
	char *buf = fuzz_exact(data, size);
	struct md_document doc = MD_DOCUMENT_INIT;
	if (md_split(&doc, "fuzz.md", buf, size) == 0) {
		/* the sections cover the document, in order */
		size_t covered = 0;
		FUZZ_CHECK(doc.nr >= 1 && doc.sections[0].level == 0);
		struct strbuf number = STRBUF_INIT, title = STRBUF_INIT, anchor = STRBUF_INIT;
		for (size_t i = 0; i < doc.nr; i++) {
			const struct md_section *s = &doc.sections[i];
			FUZZ_CHECK(s->text == buf + covered);
			FUZZ_CHECK(s->level >= 0 && s->level <= 6);
			covered += s->len;
			if (md_check_utf8("fuzz.md", s->text, s->len, s->line) < 0)
				continue;
			md_section_heading(&number, &title, s);
			strbuf_reset(&anchor);
			{
				/* the anchor of the heading line as written (cmark-gfm for inline Markdown) */
				const char *eol = memchr(s->text, '\n', s->len);
				anchor_slug(&anchor, s->text, eol ? (size_t)(eol - s->text) : s->len);
			}
			struct extract_result ex = EXTRACT_RESULT_INIT;
			FUZZ_CHECK(extract_section(&ex, number.buf, s->text, s->len) == 0);
			for (size_t k = 0; k < ex.nreqs; k++) {
				FUZZ_CHECK(ex.reqs[k].text && ex.reqs[k].keywords && *ex.reqs[k].keyword);
				FUZZ_CHECK(strlen(ex.reqs[k].rid) == 16);
			}
			for (size_t k = 0; k < ex.nobls; k++) {
				const struct extract_obligation *o = &ex.obls[k];
				FUZZ_CHECK(fuzz_date_valid(o->date));
				FUZZ_CHECK(o->description && o->sections);
				json_t *j = json_loads(o->sections, 0, NULL);
				FUZZ_CHECK(json_is_array(j)); /* stored as JSON: must be JSON */
				json_decref(j);
			}
			for (size_t k = 0; k < ex.nrevs; k++) {
				json_t *j = json_loads(ex.revs[k].dates, 0, NULL);
				FUZZ_CHECK(json_is_object(j));
				json_decref(j);
			}
			extract_result_release(&ex);
		}
		FUZZ_CHECK(covered == size);
		strbuf_release(&number);
		strbuf_release(&title);
		strbuf_release(&anchor);
	}
	md_document_release(&doc);
	ct_error_clear();
	free(buf);
	return 0;
}

/* ---- dates: phrases in sentences, command-line dates and durations -------------- */

static inline int fuzz_datephrase(const uint8_t *data, size_t size)
{
	char *buf = fuzz_exact(data, size);
	struct datephrase dp[8];
	size_t n = datephrase_find(dp, 8, buf, size);
	FUZZ_CHECK(datephrase_find(NULL, 0, buf, size) == n);
	size_t prev = 0;
	for (size_t i = 0; i < n && i < 8; i++) {
		FUZZ_CHECK(dp[i].start <= dp[i].end && dp[i].end <= size);
		FUZZ_CHECK(dp[i].start >= prev);
		FUZZ_CHECK(fuzz_date_valid(dp[i].date));
		FUZZ_CHECK(strcmp(datephrase_kind_name(dp[i].kind), "unknown"));
		prev = dp[i].end;
	}
	struct ct_date d = { 0, 0, 0 };
	size_t used = datephrase_parse_date(&d, buf, size);
	FUZZ_CHECK(used <= size);
	if (used) {
		char out[11];
		FUZZ_CHECK(fuzz_date_valid(d));
		ct_date_format(out, &d);
		struct ct_date back;
		FUZZ_CHECK(ct_date_parse_strict(&back, out) == 0 && ct_date_cmp(back, d) == 0);
		FUZZ_CHECK(ct_date_cmp(ct_date_from_days(ct_date_to_days(d)), d) == 0);
	}

	char *s = fuzz_cstr(data, size);
	static const struct ct_date todays[] = { { 2024, 6, 1 }, { 1990, 1, 1 }, { 9999, 12, 31 }, { 1000, 1, 1 } };
	for (size_t t = 0; t < sizeof(todays) / sizeof(todays[0]); t++) {
		long day;
		int64_t when;
		if (when_parse_at(&when, NULL, s, NULL, ct_date_to_days(todays[t])) == 0)
			FUZZ_CHECK(when_check_range(when) == 0);
		if (when_parse_day(&day, s, ct_date_to_days(todays[t])) == 0) {
			struct ct_date c = ct_date_from_days(day);
			FUZZ_CHECK(c.year >= 1000 && c.year <= 9999 && c.month >= 1 && c.month <= 12);
			FUZZ_CHECK(c.day >= 1 && c.day <= 31);
		} else {
			FUZZ_CHECK(ct_error_last() != NULL);
		}
	}
	if (ct_date_parse_strict(&d, s) == 0)
		FUZZ_CHECK(fuzz_date_valid(d));
	struct ct_duration du;
	if (ct_duration_parse(&du, s) == 0) {
		FUZZ_CHECK(du.months >= 0 && du.days >= 0);
		struct ct_date base = { 2024, 1, 31 };
		struct ct_date r = ct_date_add_days(ct_date_add_months(base, du.months), du.days);
		FUZZ_CHECK(ct_date_cmp(r, base) >= 0);
	}
	ct_error_clear();
	free(s);
	free(buf);
	return 0;
}

/* ---- ballot names ------------------------------------------------------------------ */

static inline int fuzz_ballot_name(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	char key[32], tiny[4];
	if (ballot_name_normalize(key, sizeof(key), s) == 0) {
		FUZZ_CHECK(strlen(key) < sizeof(key) && *key);
		/* a key is a name of itself */
		char again[32];
		FUZZ_CHECK(ballot_name_normalize(again, sizeof(again), key) == 0 && !strcmp(again, key));
	}
	(void)ballot_name_normalize(tiny, sizeof(tiny), s);
	(void)ballot_name_normalize(NULL, 0, s);

	/* every name found in text is a name: it normalises */
	size_t from = 0, start, len, slen = strlen(s);
	while (ballot_name_find(&start, &len, s, from) == 0) {
		FUZZ_CHECK(start >= from && len > 0 && start + len <= slen);
		char *name = xstrndup(s + start, len);
		FUZZ_CHECK(ballot_name_normalize(key, sizeof(key), name) == 0);
		free(name);
		from = start + len;
	}
	ct_error_clear();
	free(s);
	return 0;
}

/* ---- GitHub: JSON pages and the Link header ------------------------------------------- */

static inline int fuzz_github_json(const uint8_t *data, size_t size)
{
	char *buf = fuzz_exact(data, size);
	struct github_item *items = NULL, *plain = NULL;
	size_t n = 0, np = 0;
	/* long strings decoded apart (importers/json_split.h) change nothing: the same items, or the same error */
	int rc = github_parse_items(&items, &n, buf, size, "fuzz.json");
	char *msg = rc < 0 && ct_error_last() ? strdup(ct_error_last()) : NULL;
	ct_error_clear();
	int rcp = github_parse_items_plain(&plain, &np, buf, size, "fuzz.json");
	FUZZ_CHECK(rc == rcp && n == np);
	if (rc < 0)
		FUZZ_CHECK(msg && ct_error_last() && !strcmp(msg, ct_error_last()));
	for (size_t i = 0; i < n && i < np; i++) {
		const char *a[] = { items[i].title, items[i].body, items[i].state, items[i].state_reason, items[i].user,
				    items[i].created_at, items[i].updated_at, items[i].closed_at, items[i].html_url,
				    items[i].labels, items[i].repo, items[i].merged_at, items[i].head_ref,
				    items[i].head_label, items[i].head_sha, items[i].base_ref };
		const char *b[] = { plain[i].title, plain[i].body, plain[i].state, plain[i].state_reason, plain[i].user,
				    plain[i].created_at, plain[i].updated_at, plain[i].closed_at, plain[i].html_url,
				    plain[i].labels, plain[i].repo, plain[i].merged_at, plain[i].head_ref,
				    plain[i].head_label, plain[i].head_sha, plain[i].base_ref };
		FUZZ_CHECK(items[i].number == plain[i].number && items[i].is_pull_request == plain[i].is_pull_request &&
			   items[i].from_pulls == plain[i].from_pulls);
		for (size_t k = 0; k < sizeof(a) / sizeof(a[0]); k++)
			FUZZ_CHECK((!a[k] && !b[k]) || (a[k] && b[k] && !strcmp(a[k], b[k])));
	}
	github_items_free(plain, np);
	ct_error_clear();
	if (rc == 0) {
		for (size_t i = 0; i < n; i++) {
			const struct github_item *it = &items[i];
			FUZZ_CHECK(it->number > 0 && it->title && it->state && it->created_at && it->updated_at);
			FUZZ_CHECK(it->labels);
			json_t *l = json_loads(it->labels, 0, NULL);
			FUZZ_CHECK(json_is_array(l));
			json_decref(l);
			if (it->repo)
				FUZZ_CHECK(github_repo_name_valid(it->repo));
		}
	} else {
		FUZZ_CHECK(items == NULL && n == 0 && msg != NULL);
	}
	free(msg);
	github_items_free(items, n);
	ct_error_clear();
	free(buf);
	return 0;
}

static inline int fuzz_link(const uint8_t *data, size_t size)
{
	char *buf = fuzz_exact(data, size);
	static const char *const rels[] = { "next", "last", "prev", "first" };
	for (size_t r = 0; r < sizeof(rels) / sizeof(rels[0]); r++) {
		char *url = (char *)"x";
		int rc = github_link_find(&url, buf, size, rels[r]);
		FUZZ_CHECK(rc == 0 || rc == CT_ENOTFOUND || rc == CT_EINVALID);
		if (rc == 0) {
			FUZZ_CHECK(url && strlen(url) < size);
			free(url);
		} else {
			FUZZ_CHECK(url == NULL);
		}
	}
	/* the same text as a URL and as a repository name */
	char *s = fuzz_cstr(data, size);
	char repo[256];
	if (github_repo_from_url(repo, sizeof(repo), s) == 0)
		FUZZ_CHECK(github_repo_name_valid(repo));
	(void)github_repo_name_valid(s);
	ct_error_clear();
	free(s);
	free(buf);
	return 0;
}

/* ---- tokens and URLs: what may go into a header, and what may become a link ----------- */

/* Every href="..." and src="..." in html begins with http:// or https://. */
static inline int fuzz_links_web(const char *html)
{
	static const char *const attrs[] = { "href=\"", "src=\"" };
	for (size_t a = 0; a < 2; a++)
		for (const char *p = strstr(html, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
			const char *v = p + strlen(attrs[a]);
			if (strncasecmp(v, "http://", 7) && strncasecmp(v, "https://", 8))
				return 0;
		}
	return 1;
}

/* An http API URL accepted with a token names a loopback address literal or localhost. */
static inline int fuzz_loopback_host(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok = 1;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && strcasecmp(scheme, "https")) {
		struct in_addr a4;
		struct in6_addr a6;
		char lit[64];
		size_t n = strlen(host);
		ok = !strcasecmp(host, "localhost");
		if (inet_pton(AF_INET, host, &a4) == 1)
			ok = ((const unsigned char *)&a4)[0] == 127;
		else if (n > 2 && n < sizeof(lit) + 2 && host[0] == '[' && host[n - 1] == ']') {
			memcpy(lit, host + 1, n - 2);
			lit[n - 2] = '\0';
			if (inet_pton(AF_INET6, lit, &a6) == 1)
				ok = IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
		}
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

static inline int fuzz_token_url(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	/* the token: valid means printable ASCII without space; the check agrees and never quotes it */
	int valid = github_token_valid(s, size);
	for (size_t i = 0; i < size && valid; i++)
		FUZZ_CHECK(data[i] > 0x20 && data[i] < 0x7f);
	FUZZ_CHECK(valid == (github_token_check(s, size, "fuzz") == 0));
	if (!valid) {
		const char *msg = ct_error_last();
		FUZZ_CHECK(msg != NULL);
		FUZZ_CHECK(!strchr(msg, '\r') && !strchr(msg, '\n'));
		if (size >= 12)
			FUZZ_CHECK(!memmem(msg, strlen(msg), s, size));
	}
	ct_error_clear();

	/* a URL: the rule, and what the client accepts to send a token to */
	int web = url_is_web(s, size);
	if (web) {
		FUZZ_CHECK(!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8));
		for (size_t i = 0; i < size; i++)
			FUZZ_CHECK(data[i] >= 0x20 && data[i] != 0x7f);
	}
	char *cs = fuzz_cstr(data, size);
	if (strlen(cs) == size && size < 512) {
		struct github_options go = GITHUB_OPTIONS_INIT;
		struct github_client *gc = NULL;
		go.api_url = cs;
		go.token = "fuzz-token-4711";
		if (github_client_new(&gc, &go) == 0)
			FUZZ_CHECK(fuzz_loopback_host(cs));
		github_client_free(gc);
		ct_error_clear();
	}

	/* the input as Markdown for a page: only http(s) links and images come out */
	struct strbuf html = STRBUF_INIT;
	render_markdown_html(&html, s, size);
	FUZZ_CHECK(fuzz_links_web(html.buf ? html.buf : ""));
	/* and as a link's destination */
	strbuf_reset(&html);
	struct strbuf md = STRBUF_INIT;
	strbuf_addstr(&md, "[a](");
	strbuf_add(&md, s, size);
	strbuf_addstr(&md, ") <");
	strbuf_add(&md, s, size);
	strbuf_addstr(&md, "> ![i](");
	strbuf_add(&md, s, size);
	strbuf_addch(&md, ')');
	render_markdown_html(&html, md.buf, md.len);
	FUZZ_CHECK(fuzz_links_web(html.buf ? html.buf : ""));
	strbuf_release(&md);
	strbuf_release(&html);

	/* as a calendar event's URL: refused, or one URL property of web form */
	json_t *ev = json_pack("[{s:s, s:s, s:s, s:o}]", "uid", "u@fuzz", "summary", "s", "start", "2024-03-01", "url",
			       json_stringn_nocheck(s, size));
	struct strbuf ics = STRBUF_INIT;
	struct ics_options io = ICS_OPTIONS_INIT;
	io.dtstamp = "20240101T000000Z";
	if (ev && render_ics(&ics, ev, &io) == 0) {
		FUZZ_CHECK(web || size == 0);
		const char *u = strstr(ics.buf, "\r\nURL:");
		if (size) {
			FUZZ_CHECK(u && (!strncasecmp(u + 6, "http://", 7) || !strncasecmp(u + 6, "https://", 8)));
		}
		for (size_t i = 0; i < ics.len; i++)
			if (ics.buf[i] == '\r' || ics.buf[i] == '\n')
				FUZZ_CHECK(ics.buf[i] == '\r' ? i + 1 < ics.len && ics.buf[i + 1] == '\n'
							   : i > 0 && ics.buf[i - 1] == '\r');
	} else {
		FUZZ_CHECK(!web || !ev);
	}
	strbuf_release(&ics);
	json_decref(ev);
	ct_error_clear();
	free(cs);
	return 0;
}

/* ---- Mustache ---------------------------------------------------------------------------- */

/*
 * The input is split at NUL bytes: the template, then the data as JSON (an
 * object with a few fields when it is missing or not JSON), then partials,
 * each "NAME\nSOURCE".
 */
struct fuzz_partials {
	const char *const *part;
	const size_t *plen;
	size_t n;
};

static inline int fuzz_partial_fn(char **out, size_t *outlen, const char *name, void *payload)
{
	const struct fuzz_partials *ps = payload;
	size_t nlen = strlen(name);
	for (size_t i = 0; i < ps->n; i++) {
		const char *p = ps->part[i], *nl = memchr(p, '\n', ps->plen[i]);
		if (!nl || (size_t)(nl - p) != nlen || memcmp(p, name, nlen))
			continue;
		size_t len = ps->plen[i] - nlen - 1;
		*out = fuzz_exact((const uint8_t *)nl + 1, len);
		*outlen = len;
		return 0;
	}
	if (nlen == 4 && !memcmp(name, "fail", 4))
		return ct_error_set(CT_ERROR, "partial 'fail' cannot be read");
	return CT_ENOTFOUND;
}

static inline void fuzz_escape_md(struct strbuf *out, const char *s, size_t len, void *payload)
{
	(void)payload;
	for (size_t i = 0; i < len; i++) {
		if (strchr("\\`*_[]<>|", s[i]))
			strbuf_addch(out, '\\');
		strbuf_addch(out, s[i]);
	}
}

static inline int fuzz_mustache(const uint8_t *data, size_t size)
{
	enum { MAXP = 8 };
	const char *seg[2 + MAXP];
	size_t seglen[2 + MAXP], nseg = 0, pos = 0;
	while (nseg < 2 + MAXP) {
		const uint8_t *z = pos < size ? memchr(data + pos, '\0', size - pos) : NULL;
		size_t end = z ? (size_t)(z - data) : size;
		seg[nseg] = (const char *)data + pos;
		seglen[nseg++] = end - pos;
		if (!z)
			break;
		pos = end + 1;
	}
	char *tpl = fuzz_exact((const uint8_t *)seg[0], seglen[0]);
	json_t *ctx = NULL;
	if (nseg > 1)
		ctx = json_loadb(seg[1], seglen[1], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!ctx)
		ctx = json_pack("{s:s, s:i, s:f, s:b, s:n, s:[{s:s},{s:s}], s:{s:{s:s}}}", "name", "<b>&\"'", "n", 42,
				"r", 1.5, "t", 1, "z", "list", "x", "one", "x", "two", "a", "b", "c", "deep");
	char *parts[MAXP];
	size_t plen[MAXP], np = 0;
	for (size_t i = 2; i < nseg; i++) {
		parts[np] = fuzz_exact((const uint8_t *)seg[i], seglen[i]);
		plen[np++] = seglen[i];
	}
	struct fuzz_partials ps = { (const char *const *)parts, plen, np };
	struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
	opts.partial = fuzz_partial_fn;
	opts.partial_payload = &ps;
	opts.max_depth = size > 0 ? (data[size - 1] & 0x3f) : 0; /* 0 (the default) to 63 */

	struct strbuf out = STRBUF_INIT;
	int rc = mustache_render(&out, "fuzz.mustache", tpl, seglen[0], ctx, &opts);
	FUZZ_CHECK(rc == 0 || ct_error_last() != NULL);
	FUZZ_CHECK(out.len <= MUSTACHE_MAX_OUTPUT + (64UL << 20));
	/* the same template with a text escaper and without data */
	strbuf_reset(&out);
	opts.escape = fuzz_escape_md;
	rc = mustache_render(&out, "fuzz.mustache", tpl, seglen[0], NULL, &opts);
	FUZZ_CHECK(rc == 0 || ct_error_last() != NULL);
	strbuf_release(&out);
	for (size_t i = 0; i < np; i++)
		free(parts[i]);
	json_decref(ctx);
	ct_error_clear();
	free(tpl);
	return 0;
}

/* ---- GitHub change links in minutes, and what a minutes post mentions -------------------- */

/* A parsed part: NUL-terminated inside its field. */
#define FUZZ_FIELD_OK(f) (memchr((f), '\0', sizeof(f)) != NULL)

static inline int fuzz_ghlink(const uint8_t *data, size_t size)
{
	char *buf = fuzz_exact(data, size);
	struct ghlink l;
	if (ghlink_parse(&l, buf, size) == 0) {
		FUZZ_CHECK(l.kind == GHLINK_COMPARE || l.kind == GHLINK_BRANCH);
		FUZZ_CHECK(FUZZ_FIELD_OK(l.owner) && FUZZ_FIELD_OK(l.repo) && FUZZ_FIELD_OK(l.base));
		FUZZ_CHECK(FUZZ_FIELD_OK(l.head) && FUZZ_FIELD_OK(l.head_owner));
		FUZZ_CHECK(*l.owner && *l.repo && *l.head);
		if (l.kind == GHLINK_BRANCH)
			FUZZ_CHECK(*l.base == '\0' && *l.head_owner == '\0');
	} else {
		const char *msg = ct_error_last();
		FUZZ_CHECK(msg && *msg && !strchr(msg, '\n'));
	}
	ct_error_clear();
	/* the same text as a C string: is_change agrees with parse where there is no NUL */
	char *s = fuzz_cstr(data, size);
	if (strlen(s) == size)
		FUZZ_CHECK(ghlink_is_change(s) == (ghlink_parse(&l, s, size) == 0));
	FUZZ_CHECK(ct_error_last() == NULL || ghlink_parse(&l, s, size) < 0);
	ct_error_clear();

	/* the text as a minutes post: every link found is one ghlink reads, every IPR end names a ballot */
	json_t *m = mentions_parse(buf, size, "2023-12-06");
	FUZZ_CHECK(json_is_array(m));
	size_t i;
	json_t *x;
	json_array_foreach(m, i, x) {
		const char *kind = json_string_value(json_object_get(x, "kind"));
		FUZZ_CHECK(kind);
		if (!strcmp(kind, "ipr_end")) {
			FUZZ_CHECK(json_string_value(json_object_get(x, "time")));
			continue;
		}
		FUZZ_CHECK(!strcmp(kind, "compare") || !strcmp(kind, "branch"));
		json_t *url = json_object_get(x, "url");
		FUZZ_CHECK(json_is_string(url));
		FUZZ_CHECK(ghlink_parse(&l, json_string_value(url), json_string_length(url)) == 0);
	}
	json_decref(m);
	ct_error_clear();
	free(s);
	free(buf);
	return 0;
}

/* ---- import state: a state file, checked and written into a real database -------------------- */

/*
 * One database for the whole run (a file in /tmp with the schema and the
 * document DOC), removed at exit; every input is imported inside a
 * transaction that is rolled back, so each starts from the empty state.
 */
static struct ct_db *fuzz_state_db;
static char fuzz_state_path[64];

static inline void fuzz_state_cleanup(void)
{
	db_free(fuzz_state_db);
	fuzz_state_db = NULL;
	unlink(fuzz_state_path);
}

static inline struct ct_db *fuzz_state_open(void)
{
	if (fuzz_state_db)
		return fuzz_state_db;
	struct db_open_options opts = DB_OPEN_OPTIONS_INIT;
	opts.flags = DB_OPEN_WRITE;
	snprintf(fuzz_state_path, sizeof(fuzz_state_path), "/tmp/cabtrack-fuzz-state-%ld.db", (long)getpid());
	unlink(fuzz_state_path);
	FUZZ_CHECK(db_open(&fuzz_state_db, fuzz_state_path, &opts) == 0);
	FUZZ_CHECK(db_exec(fuzz_state_db, "INSERT INTO documents(name, repo, path, main_ref) "
					  "VALUES ('DOC', 'repo', 'DOC.md', 'refs/heads/main')") == 0);
	atexit(fuzz_state_cleanup);
	return fuzz_state_db;
}

static inline long fuzz_state_count(struct ct_db *db, const char *table)
{
	char sql[64];
	sqlite3_stmt *st;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	FUZZ_CHECK(db_prepare(&st, db, sql) == 0);
	FUZZ_CHECK(sqlite3_step(st) == SQLITE_ROW);
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static inline int fuzz_state(const uint8_t *data, size_t size)
{
	json_t *state = json_loadb((const char *)data, size, 0, NULL);
	if (!state)
		return 0;
	struct ct_db *db = fuzz_state_open();
	size_t nb = 0, nm = 0;
	FUZZ_CHECK(db_begin(db) == 0);
	/* as cmd_import_state does: the commands' checks, then the write */
	int rc = valid_state_file(db, state);
	if (rc == 0)
		rc = state_import(&nb, &nm, db, state);
	if (rc < 0) {
		/* one line naming the problem, and nothing written: the file is checked whole first */
		const char *msg = ct_error_last();
		FUZZ_CHECK(msg && *msg && !strchr(msg, '\n'));
		FUZZ_CHECK(nb == 0 && nm == 0);
		FUZZ_CHECK(fuzz_state_count(db, "ballots") == 0 && fuzz_state_count(db, "meetings") == 0);
		FUZZ_CHECK(fuzz_state_count(db, "ballot_phases") == 0 && fuzz_state_count(db, "ballot_log") == 0);
	} else {
		/* what went in is what a command would have stored, and comes out to go in again */
		json_t *out = NULL, *x, *p;
		size_t i, j;
		FUZZ_CHECK(state_export(&out, db) == 0);
		json_array_foreach(json_object_get(out, "ballots"), i, x) {
			FUZZ_CHECK(valid_ballot_row(x) == 0);
			json_array_foreach(json_object_get(x, "phases"), j, p) {
				FUZZ_CHECK(valid_keyword(json_string_value(json_object_get(p, "keyword"))) == 0);
				FUZZ_CHECK(valid_offset(json_string_value(json_object_get(p, "offset"))) == 0);
			}
		}
		json_array_foreach(json_object_get(out, "meetings"), i, x)
			FUZZ_CHECK(valid_meeting_row(x) == 0);
		FUZZ_CHECK(json_array_size(json_object_get(out, "ballots")) <= nb);
		FUZZ_CHECK(json_array_size(json_object_get(out, "meetings")) <= nm);
		size_t nb2 = 0, nm2 = 0;
		FUZZ_CHECK(valid_state_file(db, out) == 0);
		FUZZ_CHECK(state_import(&nb2, &nm2, db, out) == 0);
		json_t *again = NULL;
		FUZZ_CHECK(state_export(&again, db) == 0);
		FUZZ_CHECK(json_equal(out, again));
		json_decref(again);
		json_decref(out);
	}
	db_rollback(db);
	json_decref(state);
	ct_error_clear();
	return 0;
}

#endif
