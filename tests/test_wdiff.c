/* test_wdiff.c - the word diff rebuilds both texts and its redlines read as git's. */
#include "testutil.h"

#include "tracker/base/error.h"
#include "render/redline.h"
#include "tracker/wdiff.h"

/* Check the segment invariants and that they rebuild old and new exactly. */
static void assert_rebuilds(json_t *segs, const char *old, size_t old_len, const char *new_, size_t new_len)
{
	struct strbuf o = STRBUF_INIT, n = STRBUF_INIT;
	size_t i;
	json_t *seg;
	int last = 0;

	assert_true(json_is_array(segs));
	json_array_foreach(segs, i, seg) {
		const char *op = json_string_value(json_object_get(seg, "op"));
		json_t *text = json_object_get(seg, "text");

		assert_non_null(op);
		assert_true(!strcmp(op, "=") || !strcmp(op, "-") || !strcmp(op, "+"));
		assert_true(json_is_string(text));
		assert_true(json_string_length(text) > 0);
		assert_int_not_equal(op[0], last);
		assert_false(last == '+' && op[0] == '-');
		last = op[0];
		if (op[0] != '+')
			strbuf_add(&o, json_string_value(text), json_string_length(text));
		if (op[0] != '-')
			strbuf_add(&n, json_string_value(text), json_string_length(text));
	}
	assert_int_equal(o.len, old_len);
	assert_memory_equal(o.buf, old, old_len);
	assert_int_equal(n.len, new_len);
	assert_memory_equal(n.buf, new_, new_len);
	strbuf_release(&o);
	strbuf_release(&n);
}

static json_t *diff_with(const char *old, const char *new_, size_t max_cost)
{
	struct wdiff_options opts = WDIFF_OPTIONS_INIT;
	json_t *segs = NULL;

	opts.max_cost = max_cost;
	assert_int_equal(wdiff_compute(&segs, old, strlen(old), new_, strlen(new_), &opts), 0);
	assert_rebuilds(segs, old, strlen(old), new_, strlen(new_));
	return segs;
}

/* The text redline of diffing old against new. */
static void assert_redline(const char *old, const char *new_, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *segs = diff_with(old, new_, 0);

	render_redline_text(&sb, segs);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
	json_decref(segs);
}

static const char *const vocab[] = {
	"a", "b", "the", "CA", "SHALL", "SHOULD", "MUST", "not", "x_1", "42",
	" ", " ", " ", "  ", "\t", "\n", "\n\n",
	",", ".", ";", "(", ")", "-", "<", "&", "\"", "'",
	"é", "Straße", "日本語", "😀", "naïve", "Ωmega",
};
#define NVOCAB (sizeof(vocab) / sizeof(vocab[0]))

static void add_words(struct strbuf *sb, unsigned *seed, int nr)
{
	for (int i = 0; i < nr; i++)
		strbuf_addstr(sb, vocab[rand_r(seed) % NVOCAB]);
}

/* A copy of `from` with a few runs of words inserted, deleted or replaced (at word boundaries). */
static void mutate(struct strbuf *to, const struct strbuf *from, unsigned *seed)
{
	strbuf_add(to, from->buf, from->len);
	for (int k = rand_r(seed) % 5; k > 0; k--) {
		struct strbuf t = STRBUF_INIT;
		size_t at = to->len ? rand_r(seed) % (to->len + 1) : 0;
		size_t cut = rand_r(seed) % 8;

		while (at < to->len && ((unsigned char)to->buf[at] & 0xc0) == 0x80)
			at++;
		if (cut > to->len - at)
			cut = to->len - at;
		while (at + cut < to->len && ((unsigned char)to->buf[at + cut] & 0xc0) == 0x80)
			cut++;
		strbuf_add(&t, to->buf, at);
		add_words(&t, seed, rand_r(seed) % 4);
		strbuf_add(&t, to->buf + at + cut, to->len - at - cut);
		strbuf_release(to);
		*to = t;
	}
}

static void test_random_texts_rebuild(void **state)
{
	(void)state;
	unsigned seed = 20240611;

	for (int i = 0; i < 3000; i++) {
		struct strbuf o = STRBUF_INIT, n = STRBUF_INIT;
		struct wdiff_options opts = WDIFF_OPTIONS_INIT;
		json_t *segs = NULL;

		add_words(&o, &seed, i % 10 == 0 ? 0 : rand_r(&seed) % 80);
		if (i % 3 == 0)
			add_words(&n, &seed, i % 20 == 0 ? 0 : rand_r(&seed) % 80);
		else
			mutate(&n, &o, &seed);
		if (i % 7 == 0)
			opts.max_cost = 1 + rand_r(&seed) % 200;
		assert_int_equal(wdiff_compute(&segs, o.buf, o.len, n.buf, n.len, &opts), 0);
		assert_rebuilds(segs, o.buf, o.len, n.buf, n.len);
		json_decref(segs);
		strbuf_release(&o);
		strbuf_release(&n);
	}
}

static void test_empty_and_equal(void **state)
{
	(void)state;
	json_t *segs = NULL;

	assert_int_equal(wdiff_compute(&segs, NULL, 0, NULL, 0, NULL), 0);
	assert_int_equal(json_array_size(segs), 0);
	json_decref(segs);

	assert_redline("", "new words", "{+new words+}");
	assert_redline("old words", "", "[-old words-]");
	assert_redline("same text.\n", "same text.\n", "same text.\n");
	segs = diff_with("same text.\n", "same text.\n", 0);
	assert_int_equal(json_array_size(segs), 1);
	json_decref(segs);
}

static void test_keyword_change(void **state)
{
	(void)state;
	assert_redline("The CA SHOULD retrieve", "The CA SHALL retrieve",
		       "The CA [-SHOULD-]{+SHALL+} retrieve");
	assert_redline("The CA SHOULD retrieve", "The CA MUST NOT retrieve",
		       "The CA [-SHOULD-]{+MUST NOT+} retrieve");
	/* A UTF-8 word is one token: never cut inside a character. */
	assert_redline("prüfen die Straße.", "prüfen die Strasse.",
		       "prüfen die [-Straße-]{+Strasse+}.");
	assert_redline("日本語 text", "日本人 text", "[-日本語-]{+日本人+} text");
}

static void test_start_and_end(void **state)
{
	(void)state;
	assert_redline("CA MUST", "The CA MUST", "{+The +}CA MUST");
	assert_redline("The CA MUST", "CA MUST", "[-The -]CA MUST");
	assert_redline("The CA MUST", "The CA MUST.", "The CA MUST{+.+}");
	assert_redline("The CA MUST log.", "The CA MUST", "The CA MUST[- log.-]");
	assert_redline("Old start, same end", "New start, same end", "[-Old-]{+New+} start, same end");
	assert_redline("Same start, old end", "Same start, new end", "Same start, [-old-]{+new+} end");
}

static void test_whitespace_absorbed(void **state)
{
	(void)state;
	assert_redline("keep one two three keep", "keep uno dos tres keep",
		       "keep [-one two three-]{+uno dos tres+} keep");
	assert_redline("a\none\ttwo\nb", "a\nuno\tdos\nb", "a\n[-one\ttwo-]{+uno\tdos+}\nb");
	/* Not absorbed: a non-space equal run, or two pure deletions. */
	assert_redline("keep one, two keep", "keep uno, dos keep",
		       "keep [-one-]{+uno+}, [-two-]{+dos+} keep");

	json_t *segs = diff_with("x a y b z", "x y z", 0);
	size_t i;
	json_t *seg;
	json_array_foreach(segs, i, seg)
		assert_string_not_equal(json_string_value(json_object_get(seg, "op")), "+");
	json_decref(segs);
}

static void test_max_cost_fallback(void **state)
{
	(void)state;
	const char *old = "same a k b k c end", *new_ = "same x k y k z end";
	struct strbuf sb = STRBUF_INIT;
	json_t *segs = diff_with(old, new_, 0);

	render_redline_text(&sb, segs);
	assert_string_equal(sb.buf, "same [-a-]{+x+} k [-b-]{+y+} k [-c-]{+z+} end");
	json_decref(segs);

	strbuf_reset(&sb);
	segs = diff_with(old, new_, 1);
	render_redline_text(&sb, segs);
	assert_string_equal(sb.buf, "same [-a k b k c-]{+x k y k z+} end");
	json_decref(segs);

	/* Large different texts: the bound holds and the result still rebuilds. */
	struct strbuf o = STRBUF_INIT, n = STRBUF_INIT;
	unsigned seed = 7;
	add_words(&o, &seed, 20000);
	add_words(&n, &seed, 20000);
	segs = diff_with(o.buf, n.buf, 0);
	json_decref(segs);
	segs = diff_with(o.buf, n.buf, 1000);
	assert_true(json_array_size(segs) <= 4);
	json_decref(segs);
	strbuf_release(&o);
	strbuf_release(&n);
	strbuf_release(&sb);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	json_t *segs = (json_t *)1;

	assert_int_equal(wdiff_compute(&segs, "ok \xff", 4, "ok", 2, NULL), CT_EINVALID);
	assert_null(segs);
	assert_non_null(strstr(ct_error_last(), "old text"));
	assert_int_equal(wdiff_compute(&segs, "ok", 2, "ok \xc3", 4, NULL), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "new text"));
	ct_error_clear();
}

static void test_html(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	json_t *segs = diff_with("a \"b\" c\nd", "a <script> c\nd", 0);

	render_redline_html(&sb, segs);
	assert_string_equal(sb.buf, "a <del>&quot;b&quot;</del><ins>&lt;script&gt;</ins> c\nd");
	json_decref(segs);

	strbuf_reset(&sb);
	segs = diff_with("it's <b> & done", "it's <i> & 'done'", 0);
	render_redline_html(&sb, segs);
	assert_string_equal(sb.buf, "it&#39;s &lt;<del>b</del><ins>i</ins>&gt; &amp; <ins>&#39;</ins>done<ins>&#39;</ins>");
	json_decref(segs);

	strbuf_reset(&sb);
	render_html_escape(&sb, "<a href=\"x\">&'</a>", 19);
	assert_string_equal(sb.buf, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	strbuf_release(&sb);
}

static void test_stats(void **state)
{
	(void)state;
	size_t ins = 9, del = 9;
	json_t *segs = diff_with("The CA SHOULD retrieve", "The CA MUST NOT retrieve", 0);

	wdiff_stats(&ins, &del, segs);
	assert_int_equal(ins, 2);
	assert_int_equal(del, 1);
	json_decref(segs);

	/* Punctuation and white space are not words; a UTF-8 word counts once. */
	segs = diff_with("Keep this.", "Keep (Straße), über-all 日本.", 0);
	wdiff_stats(&ins, &del, segs);
	assert_int_equal(ins, 4);
	assert_int_equal(del, 1);
	json_decref(segs);

	wdiff_stats(&ins, &del, NULL);
	assert_int_equal(ins, 0);
	assert_int_equal(del, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_texts_rebuild),
		cmocka_unit_test(test_empty_and_equal),
		cmocka_unit_test(test_keyword_change),
		cmocka_unit_test(test_start_and_end),
		cmocka_unit_test(test_whitespace_absorbed),
		cmocka_unit_test(test_max_cost_fallback),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_stats),
	};
	return cmocka_run_group_tests_name("wdiff", tests, NULL, NULL);
}
