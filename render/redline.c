/*
 * redline.c - text and HTML redlines of a word diff (see redline.h).
 *
 * Owns only the presentation: the segments are read, never changed, and
 * each one is written whole between its markers, so the markers always
 * pair up.  HTML escaping is mustache's, so templates and redlines escape
 * alike.
 */
#include "render/redline.h"

#include <string.h>

#include "render/mustache.h"

/* The op of a segment ('=', '-' or '+') and its text, or 0 for anything else. */
static int segment_get(const char **text, size_t *len, json_t *seg)
{
	const char *op = json_string_value(json_object_get(seg, "op"));
	json_t *t = json_object_get(seg, "text");

	if (!op || !json_is_string(t) || (strcmp(op, "=") && strcmp(op, "-") && strcmp(op, "+")))
		return 0;
	*text = json_string_value(t);
	*len = json_string_length(t);
	return op[0];
}

/*
 * Write the segments, "-" text between del_open and del_close, "+" text
 * between ins_open and ins_close, every text through `add`.
 */
static void render_segments(struct strbuf *out, json_t *segments,
			    void (*add)(struct strbuf *out, const char *s, size_t len),
			    const char *del_open, const char *del_close,
			    const char *ins_open, const char *ins_close)
{
	size_t i, len;
	json_t *seg;
	const char *text;

	json_array_foreach(segments, i, seg) {
		int op = segment_get(&text, &len, seg);

		if (op == '-')
			strbuf_addstr(out, del_open);
		else if (op == '+')
			strbuf_addstr(out, ins_open);
		if (op)
			add(out, text, len);
		if (op == '-')
			strbuf_addstr(out, del_close);
		else if (op == '+')
			strbuf_addstr(out, ins_close);
	}
}

static void add_plain(struct strbuf *out, const char *s, size_t len)
{
	strbuf_add(out, s, len);
}

void render_redline_text(struct strbuf *out, json_t *segments)
{
	render_segments(out, segments, add_plain, "[-", "-]", "{+", "+}");
}

void render_redline_html(struct strbuf *out, json_t *segments)
{
	render_segments(out, segments, render_html_escape, "<del>", "</del>", "<ins>", "</ins>");
}

void render_html_escape(struct strbuf *out, const char *s, size_t len)
{
	mustache_escape_html(out, s, len, NULL);
}
