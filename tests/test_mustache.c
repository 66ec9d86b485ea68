/*
 * test_mustache.c - the Mustache engine passes every case of the official
 * spec (tests/mustache-spec: MIT-licensed data copied from mustache/spec, so
 * these suites never skip) and stays safe on hostile templates: escaping,
 * custom escapers, syntax errors with name and line, bounded recursion, large
 * lists and templates without a NUL.
 */
#include "testutil.h"

#include <jansson.h>

#include "tracker/base/error.h"
#include "render/mustache.h"

/* Serve partials from a JSON object name -> template (the payload). */
static int partials_from_json(char **out, size_t *outlen, const char *name, void *payload)
{
	json_t *v = payload ? json_object_get(payload, name) : NULL;
	if (!json_is_string(v))
		return CT_ENOTFOUND;
	*outlen = json_string_length(v);
	*out = xmalloc(*outlen + 1);
	memcpy(*out, json_string_value(v), *outlen + 1);
	return 0;
}

/* Render a NUL-terminated template with partials from a JSON object. */
static int render_str(struct strbuf *out, const char *tpl, json_t *data, json_t *partials,
		      unsigned int max_depth)
{
	struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
	opts.partial = partials_from_json;
	opts.partial_payload = partials;
	opts.max_depth = max_depth;
	return mustache_render(out, "status.mustache", tpl, strlen(tpl), data, &opts);
}

static void run_spec_file(const char *file)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/mustache-spec/%s", tu_source_dir(), file);
	json_error_t jerr;
	json_t *spec = json_load_file(path.buf, 0, &jerr);
	if (!spec)
		fail_msg("%s: %s", path.buf, jerr.text);
	json_t *cases = json_object_get(spec, "tests");
	assert_true(json_is_array(cases));
	assert_true(json_array_size(cases) > 0);

	size_t i, failed = 0;
	json_t *c;
	json_array_foreach(cases, i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		json_t *tpl = json_object_get(c, "template");
		json_t *exp = json_object_get(c, "expected");
		assert_true(json_is_string(tpl) && json_is_string(exp));

		/* A copy of exactly len bytes: the engine must not need a NUL. */
		size_t len = json_string_length(tpl);
		char *buf = xmalloc(len ? len : 1);
		memcpy(buf, json_string_value(tpl), len);

		struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
		opts.partial = partials_from_json;
		opts.partial_payload = json_object_get(c, "partials");
		struct strbuf out = STRBUF_INIT;
		ct_error_clear();
		int rc = mustache_render(&out, name, buf, len, json_object_get(c, "data"), &opts);
		if (rc != 0 || out.len != json_string_length(exp) ||
		    memcmp(out.buf, json_string_value(exp), out.len)) {
			failed++;
			printf("FAIL: %s: %s\n  expected: \"%s\"\n  got:      \"%s\" (rc %d%s%s)\n",
			       file, name, json_string_value(exp), out.buf, rc,
			       rc ? ", " : "", rc && ct_error_last() ? ct_error_last() : "");
		}
		strbuf_release(&out);
		free(buf);
	}
	printf("mustache spec %s: %zu of %zu cases pass\n", file,
	       json_array_size(cases) - failed, json_array_size(cases));
	json_decref(spec);
	strbuf_release(&path);
	assert_int_equal(failed, 0);
}

static void test_spec_comments(void **state) { (void)state; run_spec_file("comments.json"); }
static void test_spec_delimiters(void **state) { (void)state; run_spec_file("delimiters.json"); }
static void test_spec_interpolation(void **state) { (void)state; run_spec_file("interpolation.json"); }
static void test_spec_inverted(void **state) { (void)state; run_spec_file("inverted.json"); }
static void test_spec_partials(void **state) { (void)state; run_spec_file("partials.json"); }
static void test_spec_sections(void **state) { (void)state; run_spec_file("sections.json"); }

static void test_html_escaping(void **state)
{
	(void)state;
	json_t *data = json_pack("{s:s, s:s}", "body", "<script>alert(\"x\")</script>",
				 "title", "\" onerror=alert('x')");
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(render_str(&out, "<p title=\"{{title}}\">{{body}}</p>", data, NULL, 0), 0);
	assert_string_equal(out.buf,
			    "<p title=\"&quot; onerror=alert(&#39;x&#39;)\">"
			    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, "{{{body}}}|{{& title}}", data, NULL, 0), 0);
	assert_string_equal(out.buf, "<script>alert(\"x\")</script>|\" onerror=alert('x')");

	strbuf_reset(&out);
	mustache_escape_html(&out, "a&b<c>d\"e'f", 11, NULL);
	assert_string_equal(out.buf, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	strbuf_release(&out);
	json_decref(data);
}

/* A Markdown-ish escaper: backslash before * and _, and counts its calls. */
static void escape_md(struct strbuf *out, const char *s, size_t len, void *payload)
{
	(*(int *)payload)++;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '*' || s[i] == '_')
			strbuf_addch(out, '\\');
		strbuf_addch(out, s[i]);
	}
}

static void test_custom_escape(void **state)
{
	(void)state;
	int calls = 0;
	struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
	opts.escape = escape_md;
	opts.escape_payload = &calls;
	json_t *data = json_pack("{s:s, s:i}", "x", "a*b_<c>", "n", 7);
	const char *tpl = "{{x}} {{{x}}} {{n}}";
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(mustache_render(&out, "t.md", tpl, strlen(tpl), data, &opts), 0);
	assert_string_equal(out.buf, "a\\*b\\_<c> a*b_<c> 7");
	assert_int_equal(calls, 2);
	strbuf_release(&out);
	json_decref(data);
}

static void test_values(void **state)
{
	(void)state;
	json_t *data = json_loads("{\"a\": 1.21, \"b\": 0.1, \"c\": 2.0, \"d\": -42, "
				  "\"e\": 1e300, \"f\": 9007199254740993, \"t\": true, \"n\": null, "
				  "\"z\": 0, \"s\": \"\", \"o\": {}, \"l\": [1, 2]}", 0, NULL);
	assert_non_null(data);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(render_str(&out, "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{t}} [{{n}}{{o}}{{l}}{{missing}}]",
				    data, NULL, 0), 0);
	assert_string_equal(out.buf, "1.21 0.1 2 -42 1e+300 9007199254740993 true []");
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, "{{#z}}zero{{/z}} {{#s}}empty{{/s}} {{#o}}obj{{/o}} "
				    "{{^n}}null{{/n}} {{#l}}{{.}}{{/l}}", data, NULL, 0), 0);
	assert_string_equal(out.buf, "zero empty obj null 12");
	strbuf_reset(&out);
	/* No data at all. */
	assert_int_equal(render_str(&out, "[{{.}}{{a}}{{#a}}x{{/a}}{{^a}}y{{/a}}]", NULL, NULL, 0), 0);
	assert_string_equal(out.buf, "[y]");
	strbuf_release(&out);
	json_decref(data);
}

static void expect_syntax_error(const char *tpl, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	json_t *data = json_pack("{s:b}", "ballots", 1);
	ct_error_clear();
	int rc = render_str(&out, tpl, data, NULL, 0);
	const char *msg = ct_error_last();
	if (rc != CT_EINVALID || !msg || !strstr(msg, want))
		fail_msg("template \"%s\": rc %d, message \"%s\", want \"%s\"", tpl, rc,
			 msg ? msg : "(none)", want);
	strbuf_release(&out);
	json_decref(data);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_syntax_error("Hello\n{{name", "template 'status.mustache' line 2: unclosed tag");
	expect_syntax_error("a\n{{{name}}\n", "template 'status.mustache' line 2: unclosed tag");
	expect_syntax_error("{{! never closed\n\n", "template 'status.mustache' line 1: unclosed tag");
	expect_syntax_error("x\n\n{{#ballots}}\n{{name}}\n",
			    "template 'status.mustache' line 3: unclosed section 'ballots'");
	expect_syntax_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
			    "template 'status.mustache' line 3: mismatched close");
	expect_syntax_error("\n{{/ballots}}", "template 'status.mustache' line 2: closing tag '/ballots'");
	expect_syntax_error("{{=<% %>=}}\n<%x%>\n<%=| |=%>\n|={{ }}=| {{#a}}",
			    "template 'status.mustache' line 4: unclosed section 'a'");
	expect_syntax_error("a\n{{=<%%>=}}", "template 'status.mustache' line 2: bad set-delimiter");
	expect_syntax_error("{{= <% %> x =}}", "template 'status.mustache' line 1: bad set-delimiter");
	expect_syntax_error("{{= <% =}}", "template 'status.mustache' line 1: bad set-delimiter");
	expect_syntax_error("{{=a= b=}}", "template 'status.mustache' line 1: bad set-delimiter");
	expect_syntax_error("{{= <% %>}}", "template 'status.mustache' line 1: unclosed tag");
	expect_syntax_error("1\n2\n{{ }}", "template 'status.mustache' line 3: empty tag");
	expect_syntax_error("{{#}}{{/}}", "line 1: empty tag");

	/* A syntax error inside a partial names the partial. */
	json_t *partials = json_pack("{s:s}", "footer", "ok\n{{#x}}");
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(render_str(&out, "{{>footer}}", NULL, partials, 0), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "template 'footer' line 2: unclosed section 'x'"));
	strbuf_release(&out);
	json_decref(partials);
}

static void test_recursion_bounded(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	json_t *partials = json_pack("{s:s, s:s, s:s, s:s}", "r", "x{{>r}}", "ind", "  {{>ind}}\n",
				     "a", "{{>b}}", "b", "{{#t}}{{>a}}{{/t}}");
	json_t *data = json_pack("{s:b}", "t", 1);

	ct_error_clear();
	assert_int_equal(render_str(&out, "{{>r}}", data, partials, 10), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "template 'r' line 1: "));
	assert_non_null(strstr(ct_error_last(), "nested deeper than 10"));
	assert_int_equal(out.len, 10);

	strbuf_reset(&out);
	assert_int_equal(render_str(&out, "{{>r}}", data, partials, 0), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "nested deeper than 100"));

	strbuf_reset(&out);
	assert_int_equal(render_str(&out, " {{>ind}}\n", data, partials, 0), CT_EINVALID);
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, "{{>a}}", data, partials, 50), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "nested deeper than 50"));

	/* Sections nested past max_depth in the template itself. */
	struct strbuf tpl = STRBUF_INIT;
	for (int i = 0; i < 20; i++)
		strbuf_addstr(&tpl, "{{#t}}");
	for (int i = 0; i < 20; i++)
		strbuf_addstr(&tpl, "{{/t}}");
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, tpl.buf, data, partials, 19), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "nested deeper than 19"));
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, tpl.buf, data, partials, 20), 0);

	/* A bounded recursion over the data renders fine. */
	json_t *tree = json_loads("{\"name\": \"a\", \"kids\": [{\"name\": \"b\", \"kids\": "
				  "[{\"name\": \"c\", \"kids\": []}]}, {\"name\": \"d\", \"kids\": []}]}", 0, NULL);
	json_t *p2 = json_pack("{s:s}", "node", "{{name}}{{#kids}}({{>node}}){{/kids}}");
	strbuf_reset(&out);
	assert_int_equal(render_str(&out, "{{>node}}", tree, p2, 0), 0);
	assert_string_equal(out.buf, "a(b(c))(d)");

	json_decref(tree);
	json_decref(p2);
	strbuf_release(&tpl);
	strbuf_release(&out);
	json_decref(partials);
	json_decref(data);
}

/* A partial callback that fails: its code comes back with a message. */
static int partial_fails(char **out, size_t *outlen, const char *name, void *payload)
{
	(void)out;
	(void)outlen;
	(void)payload;
	return ct_error_set(CT_ERROR, "cannot read partials/%s", name);
}

static void test_partial_errors(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
	const char *tpl = "a\n{{>head}}";
	assert_int_equal(mustache_render(&out, "page", tpl, strlen(tpl), NULL, &opts), 0);
	assert_string_equal(out.buf, "a\n");
	opts.partial = partial_fails;
	assert_int_equal(mustache_render(&out, "page", tpl, strlen(tpl), NULL, &opts), CT_ERROR);
	assert_string_equal(ct_error_last(),
			    "template 'page' line 2: cannot load partial 'head': cannot read partials/head");
	opts.version = 99;
	assert_int_equal(mustache_render(&out, "page", tpl, strlen(tpl), NULL, &opts), CT_EINVALID);
	strbuf_release(&out);
}

static void test_large_list(void **state)
{
	(void)state;
	json_t *items = json_array();
	for (int i = 0; i < 100000; i++)
		json_array_append_new(items, json_pack("{s:i, s:s}", "n", i, "s", "<&>"));
	json_t *data = json_pack("{s:o}", "items", items);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(render_str(&out, "{{#items}}\n{{n}}{{s}},\n{{/items}}\n", data, NULL, 0), 0);
	size_t lines = 0;
	for (size_t i = 0; i < out.len; i++)
		lines += out.buf[i] == '\n';
	assert_int_equal(lines, 100000);
	assert_memory_equal(out.buf, "0&lt;&amp;&gt;,\n1&lt;", 21);
	assert_non_null(strstr(out.buf, "\n99999&lt;&amp;&gt;,\n"));
	assert_int_equal(out.buf[out.len - 1], '\n');
	strbuf_release(&out);
	json_decref(data);
}

/* Every prefix of a busy template, without a NUL: renders or fails cleanly. */
static void test_truncated_templates(void **state)
{
	(void)state;
	const char *full = "{{! c }}\n  {{#list}}\n[{{.}}|{{{raw}}}|{{& raw}}]\n  {{/list}}\n"
			   "{{^none}}none{{/none}} {{=<% %>=}}<%a.b%> <%={{ }}=%>\n  {{>p}}\n{{x";
	json_t *data = json_loads("{\"list\": [1, \"two\", {\"raw\": \"<r>\"}], \"raw\": \"&\", "
				  "\"a\": {\"b\": 3}}", 0, NULL);
	json_t *partials = json_pack("{s:s}", "p", "P{{#list}}{{.}}{{/list}}\n");
	size_t n = strlen(full);
	for (size_t len = 0; len <= n; len++) {
		char *buf = xmalloc(len ? len : 1);
		memcpy(buf, full, len);
		struct mustache_options opts = MUSTACHE_OPTIONS_INIT;
		opts.partial = partials_from_json;
		opts.partial_payload = partials;
		struct strbuf out = STRBUF_INIT;
		int rc = mustache_render(&out, "t", buf, len, data, &opts);
		assert_true(rc == 0 || rc == CT_EINVALID);
		strbuf_release(&out);
		free(buf);
	}
	json_decref(data);
	json_decref(partials);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_delimiters),
		cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_inverted),
		cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_sections),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_custom_escape),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_recursion_bounded),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_large_list),
		cmocka_unit_test(test_truncated_templates),
	};
	return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
