/*
 * mustache.c - Mustache templates over jansson values (see mustache.h).
 *
 * Owns the parser (template bytes -> flat node array), the partial cache of
 * one render and the renderer.
 *
 * Invariants:
 *  - A parsed template is a flat array of nodes in source order.  A section
 *    or inverted section at index i owns the nodes (i, end): the array is
 *    walked by index, there is no tree to free.
 *  - Nodes refer to text and names by offset into the template's source,
 *    which outlives the nodes.  The parser never reads at or past len.
 *  - Sections nest at most max_depth levels in one template, and while
 *    rendering, sections and partials together nest at most max_depth levels;
 *    that bounds the C recursion and the context stack.
 *  - Each (partial name, indentation) is loaded and parsed at most once per
 *    render; the cache is freed when the render ends.
 */
#include "render/mustache.h"

#include "tracker/base/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPOS SIZE_MAX

enum node_type {
	N_TEXT,         /* literal text */
	N_ESCAPED,      /* {{name}} */
	N_RAW,          /* {{{name}}} or {{& name}} */
	N_SECTION,      /* {{#name}} ... {{/name}} */
	N_INVERTED,     /* {{^name}} ... {{/name}} */
	N_PARTIAL,      /* {{> name}} */
};

struct node {
	enum node_type type;
	size_t off, len;          /* the text, or the tag's name, in the source */
	size_t ind_off, ind_len;  /* N_PARTIAL: indentation of a standalone tag */
	size_t end;               /* sections: index past the last child */
	size_t line;              /* 1-based line of the tag */
};

struct template {
	const char *name;         /* for messages */
	const char *src;
	size_t len;
	struct node *nodes;
	size_t nr, alloc;
};

struct parser {
	struct template *t;
	size_t max_depth;
	const char *otag, *ctag;  /* current delimiters (static or in the source) */
	size_t olen, clen;
	size_t line, line_pos;    /* `line` is the line number at offset line_pos */
	size_t *open;             /* indices of the open sections, innermost last */
	size_t open_nr, open_alloc;
};

struct partial {
	char *name;               /* NUL-terminated; also the template's name */
	size_t name_len;          /* may exceed strlen(name) when it holds a NUL */
	char *indent;
	size_t indent_len;
	char *src;                /* owned; NULL for an empty partial */
	struct template t;
};

struct render {
	struct strbuf *out;
	size_t out_start;
	const struct mustache_options *opts;
	void (*escape)(struct strbuf *out, const char *s, size_t len, void *payload);
	void *escape_payload;
	size_t max_depth, depth;
	unsigned long steps;
	json_t **stack;           /* context stack, innermost last */
	size_t stack_nr, stack_alloc;
	struct partial **partials;
	size_t partials_nr, partials_alloc;
	struct strbuf num;        /* scratch for formatting numbers */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static size_t find(const char *s, size_t from, size_t len, const char *needle, size_t nlen)
{
	if (from > len)
		return NPOS;
	const char *p = memmem(s + from, len - from, needle, nlen);
	return p ? (size_t)(p - s) : NPOS;
}

/* Append s[0..len) for a message: at most 80 bytes, control bytes as '?'. */
static void add_quoted(struct strbuf *sb, const char *s, size_t len)
{
	size_t n = len > 80 ? 80 : len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : c);
	}
	if (n < len)
		strbuf_addstr(sb, "...");
}

/* Record "template 'NAME' line N: MESSAGE" as the last error; returns code. */
__attribute__((format(printf, 4, 5)))
static int tpl_error_code(int code, const struct template *t, size_t line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	strbuf_addstr(&msg, "template '");
	add_quoted(&msg, t->name, strlen(t->name));
	strbuf_addf(&msg, "' line %zu: ", line);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	ct_error_set(code, "%s", msg.buf);
	strbuf_release(&msg);
	return code;
}

#define tpl_error(...) tpl_error_code(CT_EINVALID, __VA_ARGS__)

/* A name from the source made fit for a message, in sb. */
static const char *name_for_msg(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	add_quoted(sb, s, len);
	return sb->buf;
}

static void template_release(struct template *t)
{
	free(t->nodes);
	t->nodes = NULL;
	t->nr = t->alloc = 0;
}

static struct node *add_node(struct template *t, enum node_type type, size_t off, size_t len,
			     size_t line)
{
	if (t->nr == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->nodes = xrealloc(t->nodes, t->alloc * sizeof(*t->nodes));
	}
	struct node *n = &t->nodes[t->nr++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->off = off;
	n->len = len;
	n->line = line;
	return n;
}

static void add_text(struct template *t, size_t from, size_t to, size_t line)
{
	if (to > from)
		add_node(t, N_TEXT, from, to - from, line);
}

/* The line number at offset pos; offsets must not decrease between calls. */
static size_t parser_line(struct parser *p, size_t pos)
{
	const char *s = p->t->src;
	while (p->line_pos < pos) {
		const char *nl = memchr(s + p->line_pos, '\n', pos - p->line_pos);
		if (!nl) {
			p->line_pos = pos;
			break;
		}
		p->line++;
		p->line_pos = (size_t)(nl - s) + 1;
	}
	return p->line;
}

/* Parse "{{=<% %>=}}" content s[from..to) into new delimiters. */
static int parse_delimiters(struct parser *p, size_t from, size_t to, size_t line)
{
	const char *s = p->t->src;
	size_t i = from;
	while (i < to && !is_space(s[i]))
		i++;
	size_t o_off = from, o_len = i - from;
	while (i < to && is_space(s[i]))
		i++;
	size_t c_off = i;
	while (i < to && !is_space(s[i]))
		i++;
	size_t c_len = i - c_off;
	if (!o_len || !c_len || i != to || memchr(s + o_off, '=', o_len) ||
	    memchr(s + c_off, '=', c_len)) {
		struct strbuf q = STRBUF_INIT;
		int rc = tpl_error(p->t, line, "bad set-delimiter tag '=%s=': expected two delimiters "
				   "without spaces or '='", name_for_msg(&q, s + from, to - from));
		strbuf_release(&q);
		return rc;
	}
	p->otag = s + o_off;
	p->olen = o_len;
	p->ctag = s + c_off;
	p->clen = c_len;
	return 0;
}

static int template_parse(struct template *t, size_t max_depth)
{
	struct parser p = { t, max_depth, "{{", "}}", 2, 2, 1, 0, NULL, 0, 0 };
	const char *s = t->src;
	size_t len = t->len, pos = 0, text_start = 0;
	struct strbuf closer = STRBUF_INIT, q1 = STRBUF_INIT, q2 = STRBUF_INIT;
	int rc = 0;

	for (;;) {
		size_t open = find(s, pos, len, p.otag, p.olen);
		if (open == NPOS)
			break;
		size_t line = parser_line(&p, open);
		size_t q = open + p.olen;
		char sigil = q < len ? s[q] : '\0';
		size_t cstart = q;

		switch (sigil) {
		case '#': case '^': case '/': case '>': case '&': case '!': case '{': case '=':
			cstart = q + 1;
			break;
		default:
			sigil = '\0';
		}
		strbuf_reset(&closer);
		if (sigil == '{' || sigil == '=')
			strbuf_addch(&closer, sigil == '{' ? '}' : '=');
		strbuf_add(&closer, p.ctag, p.clen);
		size_t cend = find(s, cstart, len, closer.buf, closer.len);
		if (cend == NPOS) {
			rc = tpl_error(t, line, "unclosed tag: no '%s' after '%s'",
				       name_for_msg(&q1, closer.buf, closer.len),
				       name_for_msg(&q2, p.otag, p.olen));
			goto out;
		}
		size_t tag_end = cend + closer.len;
		size_t nstart = cstart, nend = cend;
		while (nstart < nend && is_space(s[nstart]))
			nstart++;
		while (nend > nstart && is_space(s[nend - 1]))
			nend--;
		size_t nlen = nend - nstart;

		/* Standalone: alone on its line but for spaces and tabs. */
		int standalone = 0;
		size_t ls = open, next = tag_end;
		if (sigil && sigil != '&' && sigil != '{') {
			while (ls > text_start && (s[ls - 1] == ' ' || s[ls - 1] == '\t'))
				ls--;
			if (ls == 0 || s[ls - 1] == '\n') {
				size_t e = tag_end;
				while (e < len && (s[e] == ' ' || s[e] == '\t'))
					e++;
				if (e == len) {
					standalone = 1;
					next = e;
				} else if (s[e] == '\n') {
					standalone = 1;
					next = e + 1;
				} else if (s[e] == '\r' && e + 1 < len && s[e + 1] == '\n') {
					standalone = 1;
					next = e + 2;
				}
			}
		}
		add_text(t, text_start, standalone ? ls : open, line);

		if (sigil != '!' && sigil != '=' && !nlen) {
			rc = tpl_error(t, line, "empty tag '%s'", name_for_msg(&q1, s + open, tag_end - open));
			goto out;
		}
		switch (sigil) {
		case '!':
			break;
		case '=':
			rc = parse_delimiters(&p, nstart, nend, line);
			if (rc)
				goto out;
			break;
		case '#':
		case '^':
			if (p.open_nr >= p.max_depth) {
				rc = tpl_error(t, line, "sections nested deeper than %zu levels", p.max_depth);
				goto out;
			}
			if (p.open_nr == p.open_alloc) {
				p.open_alloc = p.open_alloc ? 2 * p.open_alloc : 8;
				p.open = xrealloc(p.open, p.open_alloc * sizeof(*p.open));
			}
			p.open[p.open_nr++] = t->nr;
			add_node(t, sigil == '#' ? N_SECTION : N_INVERTED, nstart, nlen, line);
			break;
		case '/': {
			if (!p.open_nr) {
				rc = tpl_error(t, line, "closing tag '/%s' without an open section",
					       name_for_msg(&q1, s + nstart, nlen));
				goto out;
			}
			struct node *sec = &t->nodes[p.open[p.open_nr - 1]];
			if (sec->len != nlen || memcmp(s + sec->off, s + nstart, nlen)) {
				rc = tpl_error(t, line, "mismatched close: section '%s' (line %zu) closed by '/%s'",
					       name_for_msg(&q1, s + sec->off, sec->len), sec->line,
					       name_for_msg(&q2, s + nstart, nlen));
				goto out;
			}
			sec->end = t->nr;
			p.open_nr--;
			break;
		}
		case '>': {
			struct node *n = add_node(t, N_PARTIAL, nstart, nlen, line);
			if (standalone) {
				n->ind_off = ls;
				n->ind_len = open - ls;
			}
			break;
		}
		case '&':
		case '{':
			add_node(t, N_RAW, nstart, nlen, line);
			break;
		default:
			add_node(t, N_ESCAPED, nstart, nlen, line);
		}
		pos = text_start = next;
	}
	add_text(t, text_start, len, parser_line(&p, text_start));
	if (p.open_nr) {
		struct node *sec = &t->nodes[p.open[p.open_nr - 1]];
		rc = tpl_error(t, sec->line, "unclosed section '%s'",
			       name_for_msg(&q1, s + sec->off, sec->len));
	}
out:
	free(p.open);
	strbuf_release(&closer);
	strbuf_release(&q1);
	strbuf_release(&q2);
	if (rc)
		template_release(t);
	return rc;
}

void mustache_escape_html(struct strbuf *out, const char *s, size_t len, void *payload)
{
	(void)payload;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		strbuf_add(out, s + start, i - start);
		strbuf_addstr(out, rep);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

/* The shortest %g form that reads back as the same double. */
static void format_real(struct strbuf *sb, double d)
{
	char buf[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	strbuf_addstr(sb, buf);
}

static json_t *object_get(json_t *o, const char *key, size_t len)
{
	if (json_is_array(o) && len && len <= 9) {
		/* An extension: "list.0" is the list's first item, so "{{#list.0}}" tests for a non-empty list. */
		size_t idx = 0;
		for (size_t i = 0; i < len; i++) {
			if (key[i] < '0' || key[i] > '9')
				return NULL;
			idx = idx * 10 + (size_t)(key[i] - '0');
		}
		return json_array_get(o, idx);
	}
	if (!json_is_object(o))
		return NULL;
#if JANSSON_VERSION_HEX >= 0x020e00
	return json_object_getn(o, key, len);
#else
	if (memchr(key, '\0', len))
		return NULL;
	char *k = xstrndup(key, len);
	json_t *v = json_object_get(o, k);
	free(k);
	return v;
#endif
}

/*
 * Resolve a name against the context stack: "." is the top; otherwise the
 * first dotted part is looked up from the top of the stack down, and the
 * other parts only inside what it found.
 */
static json_t *lookup(const struct render *r, const char *name, size_t len)
{
	if (!r->stack_nr)
		return NULL;
	if (len == 1 && name[0] == '.')
		return r->stack[r->stack_nr - 1];
	const char *dot = memchr(name, '.', len);
	size_t seg = dot ? (size_t)(dot - name) : len;
	json_t *v = NULL;
	for (size_t i = r->stack_nr; i-- > 0;) {
		v = object_get(r->stack[i], name, seg);
		if (v)
			break;
	}
	while (v && dot) {
		name = dot + 1;
		len -= seg + 1;
		dot = memchr(name, '.', len);
		seg = dot ? (size_t)(dot - name) : len;
		v = object_get(v, name, seg);
	}
	return v;
}

static int truthy(json_t *v)
{
	if (!v || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	return 1;
}

static void render_value(struct render *r, json_t *v, int raw)
{
	const char *s;
	size_t len;
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER:
		strbuf_reset(&r->num);
		strbuf_addf(&r->num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = r->num.buf;
		len = r->num.len;
		break;
	case JSON_REAL:
		strbuf_reset(&r->num);
		format_real(&r->num, json_real_value(v));
		s = r->num.buf;
		len = r->num.len;
		break;
	case JSON_TRUE:
		s = "true";
		len = 4;
		break;
	default:
		return;
	}
	if (!len)
		return;
	if (raw)
		strbuf_add(r->out, s, len);
	else
		r->escape(r->out, s, len, r->escape_payload);
}

static void stack_push(struct render *r, json_t *v)
{
	if (r->stack_nr == r->stack_alloc) {
		r->stack_alloc = r->stack_alloc ? 2 * r->stack_alloc : 16;
		r->stack = xrealloc(r->stack, r->stack_alloc * sizeof(*r->stack));
	}
	r->stack[r->stack_nr++] = v;
}

static int depth_error(const struct render *r, const struct template *t, const struct node *n)
{
	return tpl_error(t, n->line, "sections and partials nested deeper than %zu levels",
			 r->max_depth);
}

static void partial_free(struct partial *p)
{
	if (!p)
		return;
	template_release(&p->t);
	free(p->name);
	free(p->indent);
	free(p->src);
	free(p);
}

/* Prefix every non-empty line of src[0..len) with indent. */
static char *indent_source(size_t *outlen, const char *src, size_t len, const char *indent,
			   size_t indent_len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	while (i < len) {
		if (src[i] != '\n' && !(src[i] == '\r' && i + 1 < len && src[i + 1] == '\n'))
			strbuf_add(&sb, indent, indent_len);
		const char *nl = memchr(src + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - src) + 1 : len;
		strbuf_add(&sb, src + i, e - i);
		i = e;
	}
	return strbuf_detach(&sb, outlen);
}

/* Find or load and parse the partial a {{> name}} node names. */
static int partial_get(struct partial **out, struct render *r, const struct template *t,
		       const struct node *n)
{
	const char *name = t->src + n->off;
	const char *indent = t->src + n->ind_off;
	for (size_t i = 0; i < r->partials_nr; i++) {
		struct partial *p = r->partials[i];
		if (p->name_len == n->len && !memcmp(p->name, name, n->len) &&
		    p->indent_len == n->ind_len && !memcmp(p->indent, indent, n->ind_len)) {
			*out = p;
			return 0;
		}
	}

	struct partial *p = xcalloc(1, sizeof(*p));
	p->name = xmalloc(n->len + 1);
	memcpy(p->name, name, n->len);
	p->name[n->len] = '\0';
	p->name_len = n->len;
	p->indent = xstrndup(indent, n->ind_len);
	p->indent_len = n->ind_len;
	char *buf = NULL;
	size_t blen = 0;
	int rc = r->opts->partial ?
		r->opts->partial(&buf, &blen, p->name, r->opts->partial_payload) : CT_ENOTFOUND;
	if (rc == CT_ENOTFOUND) {
		free(buf);
		buf = NULL;
		rc = 0;
	} else if (rc < 0) {
		const char *prev = ct_error_last();
		struct strbuf why = STRBUF_INIT;
		if (prev && *prev)
			strbuf_addstr(&why, prev);
		else
			strbuf_addf(&why, "error %d", rc);
		struct strbuf q = STRBUF_INIT;
		tpl_error_code(rc, t, n->line, "cannot load partial '%s': %s",
			       name_for_msg(&q, name, n->len), why.buf);
		strbuf_release(&why);
		strbuf_release(&q);
		free(buf);
		partial_free(p);
		return rc;
	}
	if (!buf)
		blen = 0;
	if (blen && p->indent_len) {
		p->src = indent_source(&blen, buf, blen, p->indent, p->indent_len);
		free(buf);
	} else {
		p->src = buf;
	}
	p->t.name = p->name;
	p->t.src = p->src ? p->src : "";
	p->t.len = p->src ? blen : 0;
	rc = template_parse(&p->t, r->max_depth);
	if (rc) {
		partial_free(p);
		return rc;
	}
	if (r->partials_nr == r->partials_alloc) {
		r->partials_alloc = r->partials_alloc ? 2 * r->partials_alloc : 8;
		r->partials = xrealloc(r->partials, r->partials_alloc * sizeof(*r->partials));
	}
	r->partials[r->partials_nr++] = p;
	*out = p;
	return 0;
}

static int render_range(struct render *r, const struct template *t, size_t i, size_t end);

static int render_partial(struct render *r, const struct template *t, const struct node *n)
{
	if (r->depth >= r->max_depth)
		return depth_error(r, t, n);
	struct partial *p;
	int rc = partial_get(&p, r, t, n);
	if (rc || !p->t.nr)
		return rc;
	r->depth++;
	rc = render_range(r, &p->t, 0, p->t.nr);
	r->depth--;
	return rc;
}

static int budget_check(struct render *r, const struct template *t, const struct node *n)
{
	if (++r->steps > MUSTACHE_MAX_STEPS)
		return tpl_error(t, n->line, "rendering takes more than %lu steps",
				 (unsigned long)MUSTACHE_MAX_STEPS);
	if (r->out->len - r->out_start > MUSTACHE_MAX_OUTPUT)
		return tpl_error(t, n->line, "output exceeds %lu bytes",
				 (unsigned long)MUSTACHE_MAX_OUTPUT);
	return 0;
}

/* Render the body (i, n->end) of section n once with v pushed on the stack. */
static int render_body(struct render *r, const struct template *t, size_t i, json_t *v)
{
	const struct node *n = &t->nodes[i];
	int rc = budget_check(r, t, n);
	if (rc)
		return rc;
	if (v)
		stack_push(r, v);
	rc = render_range(r, t, i + 1, n->end);
	if (v)
		r->stack_nr--;
	return rc;
}

static int render_section(struct render *r, const struct template *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	json_t *v = lookup(r, t->src + n->off, n->len);
	int rc = 0;

	if (n->type == N_INVERTED ? truthy(v) : !truthy(v))
		return 0;
	if (r->depth >= r->max_depth)
		return depth_error(r, t, n);
	r->depth++;
	if (n->type == N_INVERTED)
		rc = render_body(r, t, i, NULL);
	else if (json_is_array(v))
		for (size_t k = 0; !rc && k < json_array_size(v); k++)
			rc = render_body(r, t, i, json_array_get(v, k));
	else
		rc = render_body(r, t, i, v);
	r->depth--;
	return rc;
}

static int render_range(struct render *r, const struct template *t, size_t i, size_t end)
{
	while (i < end) {
		const struct node *n = &t->nodes[i];
		int rc = budget_check(r, t, n);
		if (rc)
			return rc;
		switch (n->type) {
		case N_TEXT:
			strbuf_add(r->out, t->src + n->off, n->len);
			i++;
			break;
		case N_ESCAPED:
		case N_RAW:
			render_value(r, lookup(r, t->src + n->off, n->len), n->type == N_RAW);
			i++;
			break;
		case N_SECTION:
		case N_INVERTED:
			rc = render_section(r, t, i);
			i = n->end;
			break;
		case N_PARTIAL:
			rc = render_partial(r, t, n);
			i++;
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

int mustache_render(struct strbuf *out, const char *tpl_name, const char *tpl, size_t len,
		    json_t *data, const struct mustache_options *opts)
{
	static const struct mustache_options defaults = MUSTACHE_OPTIONS_INIT;
	struct template t = { tpl_name ? tpl_name : "(unnamed)", tpl ? tpl : "", tpl ? len : 0,
			      NULL, 0, 0 };
	if (!opts)
		opts = &defaults;
	if (opts->version != MUSTACHE_OPTIONS_VERSION)
		return tpl_error(&t, 1, "unsupported mustache_options version %u", opts->version);

	struct render r;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.out_start = out->len;
	r.opts = opts;
	r.escape = opts->escape ? opts->escape : mustache_escape_html;
	r.escape_payload = opts->escape_payload;
	r.max_depth = opts->max_depth ? opts->max_depth : MUSTACHE_DEFAULT_DEPTH;
	if (r.max_depth > MUSTACHE_DEPTH_LIMIT)
		r.max_depth = MUSTACHE_DEPTH_LIMIT;
	r.num = (struct strbuf)STRBUF_INIT;

	int rc = template_parse(&t, r.max_depth);
	if (!rc) {
		if (data)
			stack_push(&r, data);
		rc = render_range(&r, &t, 0, t.nr);
	}
	template_release(&t);
	for (size_t i = 0; i < r.partials_nr; i++)
		partial_free(r.partials[i]);
	free(r.partials);
	free(r.stack);
	strbuf_release(&r.num);
	return rc;
}
