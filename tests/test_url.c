/*
 * test_url.c - only http(s) URLs from data become links (issue 14, item 1):
 * the rule itself (url_is_web), Markdown from documents and issues rendered
 * for a page, and an event's URL in the calendar.
 */
#include "testutil.h"

#include <jansson.h>

#include "tracker/base/error.h"
#include "render/ics.h"
#include "render/page.h"
#include "render/url.h"

static int web(const char *s)
{
	return url_is_web(s, strlen(s));
}

static void test_url_rule(void **state)
{
	(void)state;
	assert_true(web("https://github.com/cabforum/smime/issues/224"));
	assert_true(web("http://127.0.0.1:8080/x"));
	assert_true(web("HTTPS://Example.org"));
	assert_false(web("javascript:alert(1)"));
	assert_false(web("JavaScript://%0aalert(1)"));
	assert_false(web("data:text/html,<script>alert(1)</script>"));
	assert_false(web("vbscript:msgbox"));
	assert_false(web("mailto:chair@example.org"));
	assert_false(web("ftp://example.org/x"));
	assert_false(web("//evil.example/x"));
	assert_false(web("/relative/path"));
	assert_false(web("#section-4"));
	assert_false(web("https://"));
	assert_false(web("https:///path"));
	assert_false(web("https:evil.example"));
	assert_false(web(" https://example.org"));
	assert_true(web("https://example.org/a b")); /* the writer escapes it */
	assert_false(web("https://example.org/\tb"));
	assert_false(web("https://example.org/\x1b[31m"));
	assert_false(web("https://example.org/\r\nX: y"));
	assert_false(web(""));
	assert_false(url_is_web(NULL, 0));
	/* the length is the URL: bytes after it do not count */
	assert_false(url_is_web("https://x", 7));
	assert_true(url_is_web("https://x javascript:", 9));
}

static void md_html(struct strbuf *out, const char *md)
{
	strbuf_reset(out);
	render_markdown_html(out, md, strlen(md));
}

static void test_markdown_links(void **state)
{
	(void)state;
	struct strbuf h = STRBUF_INIT;
	md_html(&h, "see [the BR](https://cabforum.org/br) and [plain](http://example.org/x)");
	assert_non_null(strstr(h.buf, "<a href=\"https://cabforum.org/br\">the BR</a>"));
	assert_non_null(strstr(h.buf, "<a href=\"http://example.org/x\">plain</a>"));

	static const char *const hostile[] = {
		"[click](javascript:alert(1))", "<javascript:alert(1)>", "[m](mailto:a@example.org)", "[f](ftp://example.org)",
		"[rel](/etc/passwd)", "[frag](#s-4)", "![img](foo:bar)", "![d](data:image/png;base64,AAAA)",
		"[x][r]\n\n[r]: vbscript:msgbox", "[[nested ![i](javascript:x)](javascript:y)](https://ok.example)",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		md_html(&h, hostile[i]);
		assert_null(strstr(h.buf, "=\"javascript:"));
		assert_null(strstr(h.buf, "=\"mailto:"));
		assert_null(strstr(h.buf, "=\"ftp:"));
		assert_null(strstr(h.buf, "href=\"/"));
		assert_null(strstr(h.buf, "href=\"#"));
		assert_null(strstr(h.buf, "href=\"\""));
		assert_null(strstr(h.buf, "src="));
		assert_null(strstr(h.buf, "=\"vbscript:"));
		if (i < 9)
			assert_null(strstr(h.buf, "<a "));
	}
	/* the text of a dropped link stays */
	md_html(&h, "[click here](javascript:alert(1)) now");
	assert_string_equal(h.buf, "click here now");
	md_html(&h, "<javascript:alert(1)>");
	assert_string_equal(h.buf, "javascript:alert(1)"); /* shown as text */
	md_html(&h, "an ![alt text](foo:bar) image");
	assert_string_equal(h.buf, "an alt text image");
	strbuf_release(&h);
}

static void test_calendar_url(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	struct ics_options io = ICS_OPTIONS_INIT;
	io.dtstamp = "20240101T000000Z";
	static const char *const bad[] = { "javascript:alert(1)", "https://", "https:///x", "http://a\nb" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *ev = json_pack("[{s:s, s:s, s:s, s:s}]", "uid", "u", "summary", "s", "start", "2024-03-01", "url", bad[i]);
		strbuf_reset(&out);
		assert_int_equal(render_ics(&out, ev, &io), CT_EINVALID);
		assert_int_equal(out.len, 0);
		ct_error_clear();
		json_decref(ev);
	}
	json_t *ev = json_pack("[{s:s, s:s, s:s, s:s}]", "uid", "u", "summary", "s", "start", "2024-03-01", "url",
			       "https://github.com/cabforum/smime/pull/5");
	assert_int_equal(render_ics(&out, ev, &io), 0);
	assert_non_null(strstr(out.buf, "URL:https://github.com/cabforum/smime/pull/5\r\n"));
	json_decref(ev);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_rule),
		cmocka_unit_test(test_markdown_links),
		cmocka_unit_test(test_calendar_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
