/*
 * github.c - GitHub REST API requests and responses (see github.h).
 *
 * One libcurl easy handle per client, reused for every page so that the
 * connection is kept.  Requests are checked against the API's origin
 * before they are sent; the token goes through libcurl's bearer auth, which
 * libcurl does not pass on to another host after a redirect.  Headers are
 * collected per response (a redirect starts a new set).  The only text
 * parsed by hand is the Link header; JSON is jansson's.
 */
#include "importers/github.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "tracker/base/error.h"
#include "importers/json_split.h"

struct github_client {
	CURL *curl;
	struct github_options opts;
	char *api_url;
	char *token;
	char *scheme, *host, *port;     /* the API's origin, lower case */
	int loopback_only;              /* the token goes over plain http: connect only to loopback addresses */
	char refused[INET6_ADDRSTRLEN]; /* the last address refused for that, or "" */
	struct github_stats stats;
	char errbuf[CURL_ERROR_SIZE];
};

/* What one response carried, collected by the callbacks. */
struct exchange {
	struct github_client *c;
	struct strbuf body;
	int too_big;
	char *etag, *link, *remaining, *reset, *retry_after;
};

static void exchange_reset_headers(struct exchange *x)
{
	free(x->etag);
	free(x->link);
	free(x->remaining);
	free(x->reset);
	free(x->retry_after);
	x->etag = x->link = x->remaining = x->reset = x->retry_after = NULL;
}

static void exchange_release(struct exchange *x)
{
	exchange_reset_headers(x);
	strbuf_release(&x->body);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *payload)
{
	struct exchange *x = payload;
	size_t n = size * nmemb;
	if (x->body.len + n > x->c->opts.max_bytes) {
		x->too_big = 1;
		return 0; /* aborts the transfer */
	}
	strbuf_add(&x->body, data, n);
	return n;
}

/* Does header line h[0..n) have the name `name`?  Then its trimmed value. */
static char *header_value(const char *h, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n <= k || h[k] != ':' || strncasecmp(h, name, k))
		return NULL;
	const char *v = h + k + 1, *end = h + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *payload)
{
	struct exchange *x = payload;
	size_t n = size * nmemb;
	static const char *const names[] = { "etag", "link", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after" };
	char **slots[] = { &x->etag, &x->link, &x->remaining, &x->reset, &x->retry_after };
	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		exchange_reset_headers(x); /* a new response (after a redirect or 100) */
		strbuf_reset(&x->body);
		return n;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *v = header_value(data, n, names[i]);
		if (v) {
			free(*slots[i]);
			*slots[i] = v;
		}
	}
	return n;
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s ? s : "");
	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

/* Split a URL into scheme, host and port (default port filled in); 0 or CT_EINVALID. */
static int url_origin(char **scheme, char **host, char **port, const char *url)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *p = NULL;
	int rc = CT_EINVALID;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		*scheme = lower_dup(s);
		*host = lower_dup(h);
		*port = xstrdup(p);
		rc = 0;
	}
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return rc;
}

/* 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6. */
static int v4_loopback(const struct in_addr *a)
{
	return (ntohl(a->s_addr) >> 24) == 127;
}

static int v6_loopback(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_LOOPBACK(a))
		return 1;
	if (IN6_IS_ADDR_V4MAPPED(a)) {
		struct in_addr v4;
		memcpy(&v4, &a->s6_addr[12], 4);
		return v4_loopback(&v4);
	}
	return 0;
}

/*
 * May the API's host be contacted with the token over plain http?  Only a
 * loopback address literal, or "localhost"; what a name resolves to is
 * checked again on every connection (on_open_socket).
 */
static int host_may_be_loopback(const char *host)
{
	char lit[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(host);
	struct in_addr a4;
	struct in6_addr a6;
	if (!strcmp(host, "localhost"))
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return v4_loopback(&a4);
	if (n < 3 || n - 2 >= sizeof(lit) || host[0] != '[' || host[n - 1] != ']')
		return 0;
	memcpy(lit, host + 1, n - 2);
	lit[n - 2] = '\0';
	return inet_pton(AF_INET6, lit, &a6) == 1 && v6_loopback(&a6);
}

/*
 * libcurl's socket opener: while the token goes over plain http, a socket
 * is opened only for a loopback address, so the decision rests on the
 * address libcurl actually connects to (after DNS, or a proxy), before
 * any byte of a request is sent.
 */
static curl_socket_t on_open_socket(void *payload, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct github_client *c = payload;
	(void)purpose;
	if (c->loopback_only) {
		int ok = 0;
		if (addr->family == AF_INET && addr->addrlen >= sizeof(struct sockaddr_in)) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)&addr->addr;
			ok = v4_loopback(&sin->sin_addr);
			if (!ok)
				inet_ntop(AF_INET, &sin->sin_addr, c->refused, sizeof(c->refused));
		} else if (addr->family == AF_INET6 && addr->addrlen >= sizeof(struct sockaddr_in6)) {
			const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)&addr->addr;
			ok = v6_loopback(&sin6->sin6_addr);
			if (!ok)
				inet_ntop(AF_INET6, &sin6->sin6_addr, c->refused, sizeof(c->refused));
		} else {
			snprintf(c->refused, sizeof(c->refused), "an address of family %d", addr->family);
		}
		if (!ok)
			return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

void github_client_free(struct github_client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	if (c->token) {
		memset(c->token, 0, strlen(c->token));
		free(c->token);
	}
	free(c->api_url);
	free(c->scheme);
	free(c->host);
	free(c->port);
	free(c);
	curl_global_cleanup();
}

int github_token_valid(const char *token, size_t len)
{
	if (!token || !len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)token[i] < 0x21 || (unsigned char)token[i] > 0x7e)
			return 0;
	return 1;
}

int github_token_check(const char *token, size_t len, const char *source)
{
	if (!token || !len)
		return ct_error_set(CT_EINVALID, "%s holds no token", source);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)token[i];
		if (ch >= 0x21 && ch <= 0x7e)
			continue;
		return ct_error_set(CT_EINVALID, "%s: refusing the GitHub token: it holds %s at byte %zu (a token is "
				    "printable ASCII without spaces; it is not shown)", source,
				    ch == ' ' ? "a space" : ch < 0x20 || ch == 0x7f ? "a control character" : "a non-ASCII byte",
				    i + 1);
	}
	return 0;
}

int github_client_new(struct github_client **out, const struct github_options *opts)
{
	*out = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ct_error_set(CT_ERROR, "cannot initialise libcurl");
	struct github_client *c = xcalloc(1, sizeof(*c));
	c->opts = *opts;
	const char *api = opts->api_url && *opts->api_url ? opts->api_url : GITHUB_API_URL;
	c->api_url = xstrdup(api);
	size_t n = strlen(c->api_url);
	while (n > 0 && c->api_url[n - 1] == '/')
		c->api_url[--n] = '\0';
	c->opts.api_url = c->api_url;
	if (url_origin(&c->scheme, &c->host, &c->port, c->api_url) < 0 ||
	    (strcmp(c->scheme, "https") && strcmp(c->scheme, "http")) || !*c->host) {
		ct_error_set(CT_EINVALID, "'%s' is not an http or https URL", api);
		goto fail;
	}
	if (opts->token && *opts->token) {
		if (github_token_check(opts->token, strlen(opts->token), "the token") < 0)
			goto fail;
		if (strcmp(c->scheme, "https") && !host_may_be_loopback(c->host)) {
			ct_error_set(CT_EINVALID, "refusing to send the GitHub token over plain http to %s: only to a loopback "
				     "address (127.0.0.0/8, ::1); use an https API URL", c->host);
			goto fail;
		}
		c->token = xstrdup(opts->token);
		c->loopback_only = strcmp(c->scheme, "https") != 0;
	}
	c->opts.token = NULL;
	if (!(c->curl = curl_easy_init())) {
		ct_error_set(CT_ERROR, "cannot initialise libcurl");
		goto fail;
	}
	*out = c;
	return 0;
fail:
	github_client_free(c);
	return ct_error_code() ? ct_error_code() : CT_ERROR;
}

struct github_stats github_client_stats(const struct github_client *c)
{
	return c->stats;
}

void github_response_release(struct github_response *r)
{
	strbuf_release(&r->body);
	free(r->etag);
	free(r->next);
	r->status = 0;
	r->etag = r->next = NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void format_utc(char *buf, size_t n, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Seconds until a rate limit lifts, from Retry-After or X-RateLimit-Reset; -1 when neither says. */
static long rate_limit_wait(const struct exchange *x, long status, time_t *until)
{
	time_t now = time(NULL);
	if (x->retry_after && isdigit((unsigned char)*x->retry_after)) {
		long s = strtol(x->retry_after, NULL, 10);
		s = s < 1 ? 1 : s > 86400 ? 86400 : s; /* at least a second: the wait budget must shrink */
		*until = now + s;
		return s;
	}
	int exhausted = x->remaining && !strcmp(x->remaining, "0");
	if (x->reset && isdigit((unsigned char)*x->reset) && (exhausted || status == 429)) {
		long long r = strtoll(x->reset, NULL, 10);
		*until = (time_t)r;
		return r > (long long)now ? (long)(r - (long long)now) + 1 : 1;
	}
	return -1;
}

/* GitHub's "message" from an error body, when it is JSON; else "". */
static void error_detail(struct strbuf *sb, const struct strbuf *body)
{
	json_t *j = json_loadb(body->buf, body->len, 0, NULL);
	const char *m = json_string_value(json_object_get(j, "message"));
	if (m) {
		strbuf_addstr(sb, ": ");
		for (size_t i = 0; m[i] && i < 200; i++)
			strbuf_addch(sb, (unsigned char)m[i] < 0x20 ? ' ' : m[i]);
	}
	json_decref(j);
}

static int retryable(CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR ||
	       rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE ||
	       rc == CURLE_HTTP2 || rc == CURLE_HTTP2_STREAM || rc == CURLE_SSL_CONNECT_ERROR;
}

static long backoff(const struct github_client *c, int attempt)
{
	long ms = c->opts.backoff_ms > 0 ? c->opts.backoff_ms : 0;
	for (int i = 0; i < attempt && ms < 30000; i++)
		ms *= 2;
	return ms < 30000 ? ms : 30000;
}

static int check_origin(struct github_client *c, const char *url)
{
	char *s = NULL, *h = NULL, *p = NULL;
	int ok = url_origin(&s, &h, &p, url) == 0 && !strcmp(s, c->scheme) && !strcmp(h, c->host) &&
		 !strcmp(p, c->port);
	free(s);
	free(h);
	free(p);
	if (!ok)
		return ct_error_set(CT_EINVALID, "refusing to fetch '%s': it is not on the API's origin %s://%s", url,
				    c->scheme, c->host);
	return 0;
}

static void set_request(struct github_client *c, struct exchange *x, const char *url, struct curl_slist *headers)
{
	CURL *h = c->curl;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, strcmp(c->scheme, "https") ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->opts.timeout > 0 ? c->opts.timeout : 0L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, c->opts.user_agent && *c->opts.user_agent ? c->opts.user_agent : "cabtrack");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, c);
	if (c->token) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, c->token);
	}
}

/* Turn a 200 or 304 into the caller's response. */
static int take_response(struct github_response *out, struct exchange *x, long status, const char *url)
{
	out->status = status;
	if (x->etag)
		out->etag = xstrdup(x->etag);
	if (x->link) {
		int rc = github_link_find(&out->next, x->link, strlen(x->link), "next");
		if (rc == CT_EINVALID) {
			github_response_release(out);
			return ct_error_set(CT_ENET, "%s: malformed Link header", url);
		}
	}
	if (status == 200) {
		strbuf_release(&out->body);
		out->body = x->body;
		x->body = (struct strbuf)STRBUF_INIT;
	}
	return 0;
}

int github_get(struct github_response *out, struct github_client *c, const char *url, const char *etag)
{
	int rc = check_origin(c, url);
	if (rc < 0)
		return rc;
	struct curl_slist *headers = NULL;
	struct strbuf inm = STRBUF_INIT;
	headers = curl_slist_append(headers, "Accept: application/vnd.github+json");
	headers = curl_slist_append(headers, "X-GitHub-Api-Version: " GITHUB_API_VERSION);
	if (etag) {
		strbuf_addf(&inm, "If-None-Match: %s", etag);
		headers = curl_slist_append(headers, inm.buf);
	}
	struct exchange x = { c, STRBUF_INIT, 0, NULL, NULL, NULL, NULL, NULL };
	struct strbuf detail = STRBUF_INIT;
	for (int attempt = 0;; attempt++) {
		exchange_reset_headers(&x);
		strbuf_reset(&x.body);
		x.too_big = 0;
		c->errbuf[0] = '\0';
		c->refused[0] = '\0';
		set_request(c, &x, url, headers);
		c->stats.requests++;
		CURLcode cr = curl_easy_perform(c->curl);
		long status = 0;
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
		int more = attempt < c->opts.max_retries;
		if (cr != CURLE_OK) {
			if (x.too_big) {
				rc = ct_error_set(CT_ENET, "%s: the response is larger than %zu bytes", url, c->opts.max_bytes);
				break;
			}
			if (c->refused[0] && cr == CURLE_COULDNT_CONNECT) {
				rc = ct_error_set(CT_EINVALID, "refusing to send the GitHub token over plain http: %s connects to "
						  "%s, not a loopback address (a proxy? set no_proxy, or use an https API URL)",
						  url, c->refused);
				break;
			}
			if (retryable(cr) && more) {
				progress_say(&c->opts.progress, 1, "%s: %s; trying again", url, curl_easy_strerror(cr));
				c->stats.retries++;
				sleep_ms(backoff(c, attempt));
				continue;
			}
			rc = ct_error_set(CT_ENET, "%s: %s%s (after %d attempt%s)", url,
					  cr == CURLE_OPERATION_TIMEDOUT ? "timed out: " : "",
					  c->errbuf[0] ? c->errbuf : curl_easy_strerror(cr), attempt + 1, attempt ? "s" : "");
			break;
		}
		if (status == 200 || status == 304) {
			if (status == 304)
				c->stats.not_modified++;
			rc = take_response(out, &x, status, url);
			break;
		}
		time_t until = 0;
		long wait = status == 403 || status == 429 ? rate_limit_wait(&x, status, &until) : -1;
		if (wait >= 0) {
			if (wait <= c->opts.max_wait - c->stats.waited) {
				progress_say(&c->opts.progress, 1, "GitHub rate limit: waiting %ld s", wait);
				sleep_ms(wait * 1000);
				c->stats.waited += wait;
				attempt--; /* a rate limit is not a fault */
				continue;
			}
			char when[32];
			format_utc(when, sizeof(when), until);
			rc = ct_error_set(CT_ENET, "%s: GitHub rate limit reached (HTTP %ld); it lifts at %s, in %ld s: "
					  "sync again then, or let cabtrack wait longer with --max-wait %ld",
					  url, status, when, wait, wait);
			break;
		}
		if (status >= 500 && more) {
			progress_say(&c->opts.progress, 1, "%s: HTTP %ld; trying again", url, status);
			c->stats.retries++;
			sleep_ms(backoff(c, attempt));
			continue;
		}
		strbuf_reset(&detail);
		error_detail(&detail, &x.body);
		if (status == 404)
			rc = ct_error_set(CT_ENOTFOUND, "%s: HTTP 404 Not Found%s (check OWNER/REPO, and that the token may read it)",
					  url, detail.buf);
		else if (status == 401)
			rc = ct_error_set(CT_ENET, "%s: HTTP 401%s: the token was refused (check GITHUB_TOKEN or --token-file)",
					  url, detail.buf);
		else
			rc = ct_error_set(CT_ENET, "%s: HTTP %ld%s%s", url, status, detail.buf,
					  status >= 500 ? " (the server failed; try again later)" : "");
		break;
	}
	exchange_release(&x);
	strbuf_release(&detail);
	strbuf_release(&inm);
	curl_slist_free_all(headers);
	return rc;
}

/* --- Link header ------------------------------------------------------- */

static int is_ows(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Does the rel value v[0..n) (space-separated relations) include `rel`? */
static int rel_has(const char *v, size_t n, const char *rel)
{
	size_t k = strlen(rel), i = 0;
	while (i < n) {
		while (i < n && is_ows(v[i]))
			i++;
		size_t s = i;
		while (i < n && !is_ows(v[i]))
			i++;
		if (i - s == k && !strncasecmp(v + s, rel, k))
			return 1;
	}
	return 0;
}

int github_link_find(char **url, const char *v, size_t len, const char *rel)
{
	size_t i = 0;
	*url = NULL;
	for (;;) {
		while (i < len && (is_ows(v[i]) || v[i] == ','))
			i++;
		if (i >= len)
			return CT_ENOTFOUND;
		if (v[i] != '<')
			return ct_error_set(CT_EINVALID, "malformed Link header: expected '<'");
		size_t us = ++i;
		while (i < len && v[i] != '>')
			i++;
		if (i >= len)
			return ct_error_set(CT_EINVALID, "malformed Link header: unterminated '<'");
		size_t ue = i++;
		int match = 0;
		/* parameters: ; name[=value] ... up to the next ',' outside quotes */
		for (;;) {
			while (i < len && is_ows(v[i]))
				i++;
			if (i >= len || v[i] == ',')
				break;
			if (v[i] != ';')
				return ct_error_set(CT_EINVALID, "malformed Link header: expected ';' or ','");
			i++;
			while (i < len && is_ows(v[i]))
				i++;
			size_t ns = i;
			while (i < len && v[i] != '=' && v[i] != ';' && v[i] != ',' && !is_ows(v[i]))
				i++;
			size_t ne = i;
			while (i < len && is_ows(v[i]))
				i++;
			size_t vs = i, ve = i;
			if (i < len && v[i] == '=') {
				i++;
				while (i < len && is_ows(v[i]))
					i++;
				if (i < len && v[i] == '"') {
					vs = ++i;
					while (i < len && v[i] != '"') {
						if (v[i] == '\\' && i + 1 < len)
							i++;
						i++;
					}
					if (i >= len)
						return ct_error_set(CT_EINVALID, "malformed Link header: unterminated quote");
					ve = i++;
				} else {
					vs = i;
					while (i < len && v[i] != ';' && v[i] != ',' && !is_ows(v[i]))
						i++;
					ve = i;
				}
			}
			if (ne - ns == 3 && !strncasecmp(v + ns, "rel", 3) && rel_has(v + vs, ve - vs, rel))
				match = 1;
		}
		if (match) {
			*url = xstrndup(v + us, ue - us);
			return 0;
		}
	}
}

/* --- names and URLs ------------------------------------------------------ */

static int name_part_len(const char *s)
{
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '.' || s[n] == '_' || s[n] == '-'))
		n++;
	if (n == 0 || n > 100 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return -1;
	return (int)n;
}

int github_repo_name_valid(const char *name)
{
	if (!name)
		return 0;
	int a = name_part_len(name);
	if (a < 0 || name[a] != '/')
		return 0;
	int b = name_part_len(name + a + 1);
	return b >= 0 && name[a + 1 + b] == '\0';
}

int github_repo_from_url(char *out, size_t outsz, const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (p) {
		const char *path = strchr(p + 3, '/');
		const char *api = path ? strstr(path, "/repos/") : NULL;
		p = api ? api + 7 : path ? path + 1 : NULL;
	}
	if (p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? strcspn(slash + 1, "/?#") + (size_t)(slash + 1 - p) : 0;
		if (slash && n < outsz) {
			memcpy(out, p, n);
			out[n] = '\0';
			if (github_repo_name_valid(out))
				return 0;
		}
	}
	return ct_error_set(CT_EINVALID, "'%s' names no GitHub repository", url ? url : "");
}

/* --- JSON ---------------------------------------------------------------- */

/*
 * A string member's text; sp (NULL: none) holds the long strings split
 * from the page (see importers/json_split.h).
 */
static const char *str(const struct json_split *sp, json_t *o, const char *key)
{
	return json_split_value(sp, json_object_get(o, key));
}

/* A string member's text as a new string (a long one is handed over, not copied), or NULL. */
static char *dup_str(struct json_split *sp, json_t *o, const char *key)
{
	return json_split_take(sp, json_object_get(o, key));
}

/* "2024-02-20T16:41:16Z" and nothing else (GitHub's form; compared as text). */
static int iso_time_ok(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	if (!s || strlen(s) != sizeof(pat) - 1)
		return 0;
	for (size_t i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return 0;
	return 1;
}

static void item_free(struct github_item *it)
{
	char **strs[] = { &it->title, &it->body, &it->state, &it->state_reason, &it->user, &it->created_at,
			  &it->updated_at, &it->closed_at, &it->html_url, &it->labels, &it->repo, &it->merged_at,
			  &it->head_ref, &it->head_label, &it->head_sha, &it->base_ref };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
}

void github_items_free(struct github_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		item_free(&items[i]);
	free(items);
}

static int item_parse(struct github_item *it, json_t *o, struct json_split *sp, const char *source, size_t index)
{
	memset(it, 0, sizeof(*it));
	const char *bad = NULL;
	json_t *num = json_object_get(o, "number");
	if (!json_is_object(o))
		bad = "is not an object";
	else if (!json_is_integer(num) || json_integer_value(num) <= 0 || json_integer_value(num) > 1000000000)
		bad = "has no valid \"number\"";
	else if (!json_is_string(json_object_get(o, "title")))
		bad = "has no \"title\"";
	else if (!json_is_string(json_object_get(o, "state")))
		bad = "has no \"state\"";
	else if (strcmp(str(sp, o, "state"), "open") &&
		 strcmp(str(sp, o, "state"), "closed"))
		bad = "has a \"state\" that is neither \"open\" nor \"closed\"";
	else if (!iso_time_ok(str(sp, o, "created_at")))
		bad = "has no valid \"created_at\"";
	else if (!iso_time_ok(str(sp, o, "updated_at")))
		bad = "has no valid \"updated_at\"";
	else if (json_object_get(o, "labels") && !json_is_array(json_object_get(o, "labels")))
		bad = "has \"labels\" that is not an array";
	if (bad) {
		if (json_is_integer(num))
			return ct_error_set(CT_EINVALID, "%s: item %zu (#%lld) %s", source, index + 1,
					    (long long)json_integer_value(num), bad);
		return ct_error_set(CT_EINVALID, "%s: item %zu %s", source, index + 1, bad);
	}
	it->number = (long)json_integer_value(num);
	it->title = dup_str(sp, o, "title");
	it->body = dup_str(sp, o, "body");
	it->state = dup_str(sp, o, "state");
	it->state_reason = dup_str(sp, o, "state_reason");
	it->user = dup_str(sp, json_object_get(o, "user"), "login");
	it->created_at = dup_str(sp, o, "created_at");
	it->updated_at = dup_str(sp, o, "updated_at");
	it->closed_at = iso_time_ok(str(sp, o, "closed_at")) ? dup_str(sp, o, "closed_at") : NULL;
	it->html_url = dup_str(sp, o, "html_url");

	json_t *names = json_array(), *l;
	size_t i;
	json_array_foreach(json_object_get(o, "labels"), i, l) {
		const char *name = json_is_string(l) ? json_split_value(sp, l) : str(sp, l, "name");
		if (name)
			json_array_append_new(names, json_string(name));
	}
	it->labels = json_dumps(names, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(names);

	json_t *head = json_object_get(o, "head"), *base = json_object_get(o, "base");
	json_t *pr = json_object_get(o, "pull_request");
	it->from_pulls = json_is_object(head) && json_is_object(base);
	it->is_pull_request = it->from_pulls || json_is_object(pr);
	if (it->from_pulls) {
		it->merged_at = dup_str(sp, o, "merged_at");
		it->head_ref = dup_str(sp, head, "ref");
		it->head_label = dup_str(sp, head, "label");
		it->head_sha = dup_str(sp, head, "sha");
		it->base_ref = dup_str(sp, base, "ref");
	} else if (json_is_object(pr)) {
		it->merged_at = dup_str(sp, pr, "merged_at");
	}

	char repo[256];
	const char *full = str(sp, json_object_get(base, "repo"), "full_name");
	if (full && github_repo_name_valid(full))
		it->repo = xstrdup(full);
	else if (github_repo_from_url(repo, sizeof(repo), str(sp, o, "repository_url")) == 0 ||
		 github_repo_from_url(repo, sizeof(repo), it->html_url) == 0)
		it->repo = xstrdup(repo);
	ct_error_drop("an item whose repository its URLs do not tell is kept without one");
	return 0;
}

/*
 * String values at least this long are decoded apart from jansson (see
 * importers/json_split.h): issue bodies, mostly.
 */
#define LONG_STRING 256

/* Parse the values in data[0..len), with the long strings sp split from them (NULL: none). */
static int parse_values(struct github_item **out, size_t *n, const char *data, size_t len, struct json_split *sp,
			const char *source)
{
	*out = NULL;
	*n = 0;
	struct github_item *items = NULL;
	size_t count = 0, alloc = 0, pos = 0;
	int values = 0;
	for (;;) {
		while (pos < len && isspace((unsigned char)data[pos]))
			pos++;
		if (pos >= len)
			break;
		json_error_t e;
		json_t *j = json_loadb(data + pos, len - pos, JSON_DISABLE_EOF_CHECK | (sp ? JSON_ALLOW_NUL : 0), &e);
		if (!j) {
			github_items_free(items, count);
			if (json_error_code(&e) == json_error_premature_end_of_input)
				return ct_error_set(CT_EINVALID, "%s: truncated JSON: it ends at byte %zu inside a value (%s)",
						    source, len, e.text);
			return ct_error_set(CT_EINVALID, "%s: not valid JSON (%s at byte %zu)", source, e.text,
					    pos + (size_t)e.position);
		}
		pos += (size_t)e.position;
		values++;
		json_t *arr = j;
		if (json_is_object(j)) {
			arr = json_array();
			json_array_append(arr, j);
		} else if (!json_is_array(j)) {
			json_decref(j);
			github_items_free(items, count);
			return ct_error_set(CT_EINVALID, "%s: expected a JSON array of issues or pull requests", source);
		}
		size_t i;
		json_t *o;
		int rc = 0;
		json_array_foreach(arr, i, o) {
			if (count == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				items = xrealloc(items, alloc * sizeof(*items));
			}
			if ((rc = item_parse(&items[count], o, sp, source, count)) < 0)
				break;
			count++;
			/* the item holds copies now: free the object, so that a large page is not held twice */
			json_array_set_new(arr, i, json_null());
		}
		if (arr != j)
			json_decref(arr);
		json_decref(j);
		if (rc < 0) {
			github_items_free(items, count);
			return rc;
		}
	}
	if (!values)
		return ct_error_set(CT_EINVALID, "%s: empty, expected a JSON array of issues or pull requests", source);
	*out = items;
	*n = count;
	return 0;
}

int github_parse_items_plain(struct github_item **out, size_t *n, const char *data, size_t len, const char *source)
{
	return parse_values(out, n, data, len, NULL, source);
}

int github_parse_items(struct github_item **out, size_t *n, const char *data, size_t len, const char *source)
{
	struct json_split sp = JSON_SPLIT_INIT;
	if (json_split(&sp, data, len, LONG_STRING) && sp.n) {
		int rc = parse_values(out, n, sp.skeleton.buf, sp.skeleton.len, &sp, source);
		json_split_release(&sp);
		if (rc == 0)
			return 0;
		ct_error_drop("whatever is wrong is told as jansson tells it of the input itself, parsed next");
	}
	json_split_release(&sp);
	return github_parse_items_plain(out, n, data, len, source);
}
