/*
 * svg.c - the timeline of effective dates as one SVG picture (see svg.h).
 *
 * Two passes: read_model checks the model and collects the events in
 * range, sorted by date; lay_out places them (x from the date, a lane from
 * the label's estimated width) and fixes every row of the picture; then
 * the writers append it, back to front: legend, today, year and month
 * labels, axis, leader lines, markers.  Markers come last so that their
 * labels, drawn on a white ground, sit on top of the leader lines of the
 * lanes below them, as the axis labels sit on top of today's line.
 *
 * Invariants: every coordinate is an integer (no floats, so no locale or
 * rounding differences); every string from the model is written through
 * add_text (XML-escaped, characters XML cannot hold dropped); the picture
 * refers to nothing outside itself.  The model is read, never changed,
 * and the strings it holds are borrowed for the call.  On error `out` is
 * truncated back to its length on entry.
 */
#include "render/svg.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tracker/base/error.h"
#include "render/redline.h"
#include "tracker/base/when.h"

#define MARGIN 16
/* Widths at 11px in tenths of a pixel (see char_w10). */
#define SPACE_W10 35
#define ELLIPSIS_W10 110
#define LABEL_MAX_W10 4020      /* about 60 characters; the <title> has all of the label */
#define LABEL_MIN_W10 540       /* about 8 characters, even when there is no room */
#define KEYWORD_MAX_W10 1400    /* about 16 capitals */
#define LANE_H 20
#define LANE_GAP 8              /* pixels between two labels in one lane */
#define MAX_LANES 64            /* past this, labels share the emptiest lane */
#define LEGEND_H 18

enum mark { MARK_STRONG, MARK_WEAK, MARK_OTHER, MARK_DEADLINE, MARK_MEETING, MARK_NR };

/* Each mark's shape is an element centred on (0, 0) whose last attribute takes the colour. */
static const struct mark_style {
	const char *cls;
	const char *legend;
	const char *colour;
	const char *shape;
} styles[MARK_NR] = {
	{ "strong", "SHALL / MUST / REQUIRED", "#a4161a", "<path d=\"M0,-7L7,0L0,7L-7,0Z\" fill=\"" },
	{ "weak", "SHOULD / RECOMMENDED / MAY", "#b86e00",
	  "<circle r=\"5\" fill=\"#ffffff\" stroke-width=\"2.5\" stroke=\"" },
	{ "other", "other requirement", "#666666", "<circle r=\"4\" fill=\"" },
	{ "deadline", "deadline", "#1d4e89", "<path d=\"M-6,-5L6,-5L0,6Z\" fill=\"" },
	{ "meeting", "meeting", "#2b6a3f", "<rect x=\"-5\" y=\"-5\" width=\"10\" height=\"10\" fill=\"" },
};

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

struct tl_event {
	size_t index;           /* in the model's array: orders events of one day */
	long day;               /* days since the epoch */
	enum mark mark;
	const char *date, *keyword, *label, *id;
	size_t keyword_len, label_len, id_len;
	size_t keyword_shown, label_shown;      /* bytes shown; less than the length when cut */
	int x, y;               /* the marker's centre */
	int w;                  /* the label's estimated width */
	int flip;               /* label to the left of the marker (near the right end) */
};

struct layout {
	int width, height;
	int left, right;        /* the axis's ends */
	long from, to, today;
	int has_today;
	const char *from_s, *to_s, *today_s;
	const char *marker;     /* the day line's label: "marker" of the model, else "today" */
	int legend_y, legend_rows, today_y, year_y, month_y, axis_y;
	int nlanes;
	unsigned used;          /* bit per enum mark shown */
};

/* ---- reading the model ---------------------------------------------- */

/* Days since the epoch of a real "YYYY-MM-DD"; 0 or -1. */
static int parse_day(long *day, const char *s)
{
	int64_t t;

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -1;
	if (s[10] || when_parse(&t, s, NULL) < 0) {
		ct_error_drop("the caller names the field in its own message");
		return -1;
	}
	*day = (long)(t / 86400);
	return 0;
}

/* A date at `key` of `obj` (named `what` in errors): 1 when there, 0 when absent or null, CT_EINVALID. */
static int get_day(long *day, const char **s, json_t *obj, const char *key, const char *what)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return 0;
	*s = json_string_value(v);
	if (!*s || strlen(*s) != json_string_length(v) || parse_day(day, *s) < 0)
		return ct_error_set(CT_EINVALID, "svg: %s: '%.40s' is not a date (YYYY-MM-DD)", what, *s ? *s : "?");
	return 1;
}

/* The string at `key` (NULL and 0 when absent or null); 0 or CT_EINVALID naming events[i].key. */
static int get_string(const char **s, size_t *len, json_t *ev, size_t i, const char *key)
{
	json_t *v = json_object_get(ev, key);

	*s = NULL;
	*len = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return ct_error_set(CT_EINVALID, "svg: events[%zu].%s: is not a string", i, key);
	*s = json_string_value(v);
	*len = json_string_length(v);
	return 0;
}

static int is_one_of(const char *s, size_t len, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(s, list[i], len))
			return 1;
	return 0;
}

/* The marker of an event of `kind` stating `keyword`; -1 for an unknown kind. */
static int classify(const char *kind, size_t kind_len, const char *kw, size_t kw_len)
{
	static const char *const strong[] = { "SHALL", "MUST", "REQUIRED", "SHALL NOT", "MUST NOT" };
	static const char *const weak[] = {
		"SHOULD", "RECOMMENDED", "MAY", "OPTIONAL", "SHOULD NOT", "NOT RECOMMENDED",
	};

	if (kind && kind_len == strlen("deadline") && !strcmp(kind, "deadline"))
		return MARK_DEADLINE;
	if (kind && kind_len == strlen("meeting") && !strcmp(kind, "meeting"))
		return MARK_MEETING;
	if (kind && (kind_len != strlen("obligation") || strcmp(kind, "obligation")))
		return -1;
	if (kw && is_one_of(kw, kw_len, strong, sizeof(strong) / sizeof(strong[0])))
		return MARK_STRONG;
	if (kw && is_one_of(kw, kw_len, weak, sizeof(weak) / sizeof(weak[0])))
		return MARK_WEAK;
	return MARK_OTHER;
}

static int read_event(struct tl_event *e, json_t *ev, size_t i)
{
	const char *kind;
	size_t kind_len;
	char what[48];
	int r;

	if (!json_is_object(ev))
		return ct_error_set(CT_EINVALID, "svg: events[%zu]: is not an object", i);
	snprintf(what, sizeof(what), "events[%zu].date", i);
	r = get_day(&e->day, &e->date, ev, "date", what);
	if (r < 0)
		return r;
	if (!r)
		return ct_error_set(CT_EINVALID, "svg: %s: is missing", what);
	if (get_string(&kind, &kind_len, ev, i, "kind") < 0 ||
	    get_string(&e->keyword, &e->keyword_len, ev, i, "keyword") < 0 ||
	    get_string(&e->label, &e->label_len, ev, i, "label") < 0 ||
	    get_string(&e->id, &e->id_len, ev, i, "id") < 0)
		return CT_EINVALID;
	r = classify(kind, kind_len, e->keyword, e->keyword_len);
	if (r < 0)
		return ct_error_set(CT_EINVALID, "svg: events[%zu].kind: '%.40s' is not obligation, deadline or meeting",
				    i, kind);
	e->mark = r;
	e->index = i;
	if (!e->label)
		e->label = "";
	return 0;
}

static int by_date(const void *a_, const void *b_)
{
	const struct tl_event *a = a_, *b = b_;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Check the model; *events (caller frees) gets the events in range in date order. */
static int read_model(struct tl_event **events, size_t *nr, struct layout *lo, json_t *model)
{
	json_t *list, *ev;
	size_t i;
	int r;

	*events = NULL;
	*nr = 0;
	if (!json_is_object(model))
		return ct_error_set(CT_EINVALID, "svg: the timeline model is not a JSON object");
	if ((r = get_day(&lo->from, &lo->from_s, model, "from", "from")) <= 0 ||
	    (r = get_day(&lo->to, &lo->to_s, model, "to", "to")) <= 0)
		return r < 0 ? r : ct_error_set(CT_EINVALID, "svg: from and to are required");
	if (lo->to < lo->from)
		return ct_error_set(CT_EINVALID, "svg: to (%s) is before from (%s)", lo->to_s, lo->from_s);
	r = get_day(&lo->today, &lo->today_s, model, "today", "today");
	if (r < 0)
		return r;
	lo->has_today = r && lo->today >= lo->from && lo->today <= lo->to;
	lo->marker = json_string_value(json_object_get(model, "marker"));
	if (!lo->marker || !*lo->marker || strlen(lo->marker) > 40)
		lo->marker = "today";

	list = json_object_get(model, "events");
	if (list && !json_is_null(list) && !json_is_array(list))
		return ct_error_set(CT_EINVALID, "svg: events: is not an array");
	*events = xcalloc(json_array_size(list) + 1, sizeof(**events));
	json_array_foreach(list, i, ev) {
		struct tl_event *e = &(*events)[*nr];

		if (read_event(e, ev, i) < 0) {
			free(*events);
			*events = NULL;
			*nr = 0;
			return CT_EINVALID;
		}
		if (e->day >= lo->from && e->day <= lo->to)
			(*nr)++;
	}
	qsort(*events, *nr, sizeof(**events), by_date);
	return 0;
}

/* ---- measuring and placing ------------------------------------------ */

/* How many bytes at s make a character the picture drops (C0 controls, DEL, U+FFFE, U+FFFF); 0 for others. */
static size_t xml_bad(const unsigned char *s, size_t left)
{
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (*s == 0xef && left >= 3 && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf))
		return 3;
	return 0;
}

/*
 * Estimated advance of the character at u at 11px, in tenths of a pixel:
 * DejaVu Sans, the widest of the usual sans fonts, so estimates err wide.
 * No <ctype.h> here: the widths must not depend on the locale.
 */
static int char_w10(const unsigned char *u, int bold)
{
	int w = *u >= 0xe3 ? 120 : *u == ' ' ? 35 : *u >= '0' && *u <= '9' ? 70 : *u >= 'A' && *u <= 'Z' ? 78 : 67;

	return bold ? w * 11 / 10 : w;
}

/*
 * Estimated width of s[0..len) in tenths of a pixel.  When it is wider
 * than max, *shown gets the bytes that fit with an ellipsis after them
 * and the result counts the ellipsis; else *shown is len.
 */
static int measure(size_t *shown, const char *s, size_t len, int max, int bold)
{
	const unsigned char *u = (const unsigned char *)s;
	int w = 0, fit = 0;
	size_t i, end = 0;

	for (i = 0; i < len; i++) {
		size_t bad = xml_bad(u + i, len - i);

		if (bad) {
			i += bad - 1;
			continue;
		}
		if ((u[i] & 0xc0) == 0x80)
			continue;
		w += char_w10(u + i, bold);
		if (w <= max - ELLIPSIS_W10) {
			fit = w;
			for (end = i + 1; end < len && (u[end] & 0xc0) == 0x80; end++)
				;
		}
		if (w > max)
			break;          /* cut: the rest does not matter (and cannot overflow w) */
	}
	if (w <= max) {
		*shown = len;
		return w;
	}
	*shown = end;
	return fit + ELLIPSIS_W10;
}

/* Estimated width in pixels of a string of ours (no cutting). */
static int text_px(const char *s, int bold)
{
	size_t all;

	return (measure(&all, s, strlen(s), INT_MAX, bold) + 9) / 10;
}

/* x of a day on the axis. */
static int day_x(const struct layout *lo, long day)
{
	long span = lo->to > lo->from ? lo->to - lo->from : 1;

	return lo->left + (int)((day - lo->from) * (long)(lo->right - lo->left) / span);
}

/* Label width in pixels: "DATE KEYWORD label", the parts cut to fit `room` pixels. */
static int label_width(struct tl_event *e, int room)
{
	int w = text_px(e->date, 1) * 10 + SPACE_W10;
	int label_max;

	if (e->keyword_len)
		w += measure(&e->keyword_shown, e->keyword, e->keyword_len, KEYWORD_MAX_W10, 1) + SPACE_W10;
	label_max = room * 10 - w;
	if (label_max > LABEL_MAX_W10)
		label_max = LABEL_MAX_W10;
	if (label_max < LABEL_MIN_W10)
		label_max = LABEL_MIN_W10;
	w += measure(&e->label_shown, e->label, e->label_len, label_max, 0);
	return (w + 9) / 10;
}

/*
 * Place the markers: each label goes right of its marker (near the right
 * end, on the side with more room, cut to fit it), in the first lane
 * where it clears the labels already there by LANE_GAP.
 */
static void place_events(struct layout *lo, struct tl_event *events, size_t nr)
{
	int lane_end[MAX_LANES];
	int lane_y0 = lo->axis_y + 26;

	for (int l = 0; l < MAX_LANES; l++)
		lane_end[l] = INT_MIN / 2;
	lo->nlanes = 0;
	for (size_t i = 0; i < nr; i++) {
		struct tl_event *e = &events[i];
		int right_room, left_room, w, x0, x1, lane;

		e->x = day_x(lo, e->day);
		right_room = lo->width - 4 - (e->x + 10);
		left_room = e->x - 10 - 4;
		w = label_width(e, lo->width - 2 * MARGIN - 20);
		e->flip = 0;
		if (w > right_room) {
			/* the side with more room, the label cut to fit it */
			e->flip = left_room > right_room;
			if (w > (e->flip ? left_room : right_room))
				w = label_width(e, e->flip ? left_room : right_room);
		}
		e->w = w;
		x0 = e->flip ? e->x - 10 - w : e->x - 8;
		x1 = e->flip ? e->x + 8 : e->x + 10 + w;
		for (lane = 0; lane < lo->nlanes; lane++)
			if (lane_end[lane] + LANE_GAP <= x0)
				break;
		if (lane == lo->nlanes) {
			if (lo->nlanes < MAX_LANES) {
				lo->nlanes++;
			} else {
				for (int l = lane = 0; l < MAX_LANES; l++)
					if (lane_end[l] < lane_end[lane])
						lane = l;
			}
		}
		if (lane_end[lane] < x1)
			lane_end[lane] = x1;
		e->y = lane_y0 + lane * LANE_H;
		lo->used |= 1u << e->mark;
	}
}

static int legend_pass(struct strbuf *out, const struct layout *lo);

static void lay_out(struct layout *lo, struct tl_event *events, size_t nr, int width)
{
	int y = 8;

	lo->width = width;
	lo->left = MARGIN + 8;
	lo->right = width - MARGIN - 8;
	/* the legend shows the marks in use, so place first, below an axis at 0, and move down after */
	lo->axis_y = 0;
	place_events(lo, events, nr);
	lo->legend_rows = lo->used ? legend_pass(NULL, lo) : 0;
	lo->legend_y = y + LEGEND_H / 2;
	y += lo->legend_rows * LEGEND_H + (lo->legend_rows ? 6 : 0);
	lo->today_y = y + 11;
	if (lo->has_today)
		y += 16;
	lo->year_y = y + 12;
	lo->month_y = y + 27;
	lo->axis_y = y + 36;
	for (size_t i = 0; i < nr; i++)
		events[i].y += lo->axis_y;
	lo->height = lo->axis_y + (lo->nlanes ? 26 + (lo->nlanes - 1) * LANE_H + 16 : 16);
}

/* ---- writing -------------------------------------------------------- */

/* Append text from the model, XML-escaped, without the characters XML cannot hold. */
static void add_text(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;

	while (i < len) {
		size_t bad = xml_bad(u + i, len - i);

		if (!bad) {
			i++;
			continue;
		}
		render_html_escape(out, s + run, i - run);
		if (u[i] == '\t' || u[i] == '\n' || u[i] == '\r')
			strbuf_addch(out, ' ');
		i += bad;
		run = i;
	}
	render_html_escape(out, s + run, len - run);
}

/* The marker of `m` centred on (0, 0). */
static void add_shape(struct strbuf *out, enum mark m)
{
	strbuf_addf(out, "%s%s\"/>", styles[m].shape, styles[m].colour);
}

/* Write the legend (when out is not NULL), wrapping at the right margin; returns the rows it takes. */
static int legend_pass(struct strbuf *out, const struct layout *lo)
{
	int x = MARGIN, y = lo->legend_y, rows = 1;

	for (int m = 0; m < MARK_NR; m++) {
		int w;

		if (!(lo->used & (1u << m)))
			continue;
		w = 16 + text_px(styles[m].legend, 0) + 18;
		if (x > MARGIN && x + w > lo->width - MARGIN) {
			x = MARGIN;
			y += LEGEND_H;
			rows++;
		}
		if (out) {
			strbuf_addf(out, "<g transform=\"translate(%d,%d)\">", x + 6, y);
			add_shape(out, m);
			strbuf_addf(out, "<text x=\"12\" y=\"4\">%s</text></g>\n", styles[m].legend);
		}
		x += w;
	}
	return rows;
}

static long month_day(int y, int m)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = 1;
	return (long)(timegm(&tm) / 86400);
}

/* A year (bold) or month label on a white ground, so today's line passes behind it. */
static void axis_label(struct strbuf *out, int x, int y, const char *text, int year)
{
	int w = year ? text_px(text, 1) * 12 / 11 + 4 : text_px(text, 0) + 2;

	strbuf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"#ffffff\" stroke=\"none\"/>",
		    x - 1, y - 11, w);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" stroke=\"none\" %s>%s</text>", x, y,
		    year ? "fill=\"#222222\" font-weight=\"bold\" font-size=\"12\"" : "fill=\"#555555\"", text);
}

/* Year and month ticks and labels, and the axis. */
static void add_axis(struct strbuf *out, const struct layout *lo)
{
	int y = atoi(lo->from_s), m = atoi(lo->from_s + 5);
	int month_px = (int)(30L * (lo->right - lo->left) / (lo->to > lo->from ? lo->to - lo->from : 1));
	int step = month_px >= 26 ? 1 : month_px >= 9 ? 3 : 0;     /* months between labels; 0: none */
	int year_w = text_px("2024", 1) * 12 / 11 + 8, year_free = INT_MIN;
	char year[16];
	long jan = m == 1 && atoi(lo->from_s + 8) == 1 ? lo->from : month_day(y + 1, 1);

	strbuf_addstr(out, "<g stroke=\"#8c8c8c\" stroke-width=\"1\">\n");
	/* the year the range starts in, unless its first January is drawn near the start */
	if (jan > lo->to || day_x(lo, jan) - lo->left > year_w) {
		snprintf(year, sizeof(year), "%.4s", lo->from_s);
		axis_label(out, lo->left, lo->year_y, year, 1);
		strbuf_addch(out, '\n');
		year_free = lo->left + year_w;
	}
	if (atoi(lo->from_s + 8) != 1 && ++m > 12) {
		m = 1;
		y++;
	}
	for (;; m++) {
		long day;
		int x;

		if (m > 12) {
			m = 1;
			y++;
		}
		day = month_day(y, m);
		if (day > lo->to)
			break;
		x = day_x(lo, day);
		if (m == 1) {
			strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>", x,
				    lo->year_y - 11, x, lo->axis_y + 5);
			if (x + 3 >= year_free && x + year_w <= lo->width) {
				snprintf(year, sizeof(year), "%d", y);
				axis_label(out, x + 3, lo->year_y, year, 1);
				year_free = x + 3 + year_w;
			}
		} else if (month_px >= 3) {
			strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", x, lo->axis_y - 5, x,
				    lo->axis_y + 5);
		}
		if (step && (m - 1) % step == 0 && x + 3 + text_px(month_names[m - 1], 0) <= lo->width - 4)
			axis_label(out, x + 3, lo->month_y, month_names[m - 1], 0);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\" stroke-width=\"2\"/>\n",
		    lo->left, lo->axis_y, lo->right, lo->axis_y);
	strbuf_addstr(out, "</g>\n");
}

static void add_today(struct strbuf *out, const struct layout *lo)
{
	int x = day_x(lo, lo->today), tx = x, half = text_px(lo->marker, 1) / 2;

	if (tx < MARGIN + half)
		tx = MARGIN + half;
	if (tx > lo->width - MARGIN - half)
		tx = lo->width - MARGIN - half;
	strbuf_addstr(out, "<g class=\"today\"><title>");
	add_text(out, lo->marker, strlen(lo->marker));
	strbuf_addf(out, ": %s</title>", lo->today_s);
	strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" "
		    "stroke-dasharray=\"5 4\"/>", x, lo->today_y + 4, x, lo->height - 4);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">", tx, lo->today_y);
	add_text(out, lo->marker, strlen(lo->marker));
	strbuf_addstr(out, "</text></g>\n");
}

/* What the marker's <title> says: "DATE KIND KEYWORD: label", the kind only for deadlines and meetings. */
static void add_tooltip(struct strbuf *out, const struct tl_event *e)
{
	strbuf_addf(out, "<title>%s", e->date);
	if (e->mark == MARK_DEADLINE || e->mark == MARK_MEETING)
		strbuf_addf(out, " %s", styles[e->mark].cls);
	if (e->keyword_len) {
		strbuf_addch(out, ' ');
		add_text(out, e->keyword, e->keyword_len);
	}
	strbuf_addstr(out, ": ");
	add_text(out, e->label, e->label_len);
	strbuf_addstr(out, "</title>");
}

static void add_event(struct strbuf *out, const struct tl_event *e)
{
	strbuf_addf(out, "<g class=\"marker %s\" transform=\"translate(%d,%d)\"", styles[e->mark].cls, e->x, e->y);
	if (e->id) {
		strbuf_addstr(out, " data-id=\"");
		add_text(out, e->id, e->id_len);
		strbuf_addch(out, '"');
	}
	strbuf_addch(out, '>');
	add_tooltip(out, e);
	add_shape(out, e->mark);
	/* a white ground, so the leader lines of the lanes below pass behind the label */
	strbuf_addf(out, "<rect x=\"%d\" y=\"-8\" width=\"%d\" height=\"16\" fill=\"#ffffff\"/>",
		    e->flip ? -12 - e->w : 8, e->w + 4);
	strbuf_addf(out, "<text x=\"%d\" y=\"4\"%s><tspan font-weight=\"bold\">%s</tspan> ",
		    e->flip ? -10 : 10, e->flip ? " text-anchor=\"end\"" : "", e->date);
	if (e->keyword_len) {
		strbuf_addf(out, "<tspan font-weight=\"bold\" fill=\"%s\">", styles[e->mark].colour);
		add_text(out, e->keyword, e->keyword_shown);
		strbuf_addstr(out, e->keyword_shown < e->keyword_len ? "\xe2\x80\xa6</tspan> " : "</tspan> ");
	}
	add_text(out, e->label, e->label_shown);
	if (e->label_shown < e->label_len)
		strbuf_addstr(out, "\xe2\x80\xa6");
	strbuf_addstr(out, "</text></g>\n");
}

int render_svg_timeline(struct strbuf *out, json_t *model, const struct svg_options *opts)
{
	struct layout lo = { 0 };
	struct tl_event *events;
	size_t nr, start = out->len;
	int width = opts ? opts->width : 960;
	const char *title = opts ? opts->title : NULL;

	if (read_model(&events, &nr, &lo, model) < 0) {
		strbuf_setlen(out, start);
		return CT_EINVALID;
	}
	width = width <= 0 ? 960 : width < 320 ? 320 : width > 20000 ? 20000 : width;
	lay_out(&lo, events, nr, width);

	strbuf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		    "role=\"img\" aria-label=\"", lo.width, lo.height, lo.width, lo.height);
	if (title) {
		add_text(out, title, strlen(title));
		strbuf_addstr(out, ": ");
	}
	strbuf_addf(out, "%zu dates from %s to %s\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
		    "font-size=\"11\" fill=\"#1a1a1a\">\n", nr, lo.from_s, lo.to_s);
	if (title) {
		strbuf_addstr(out, "<title>");
		add_text(out, title, strlen(title));
		strbuf_addstr(out, "</title>\n");
	}
	strbuf_addf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", lo.width, lo.height);
	legend_pass(out, &lo);
	if (lo.has_today)
		add_today(out, &lo);
	add_axis(out, &lo);
	for (size_t i = 0; i < nr; i++)
		if (events[i].y - 8 > lo.axis_y + 1)
			strbuf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#a8a8a8\" "
				    "stroke-width=\"1\"/>\n", events[i].x, lo.axis_y + 1, events[i].x, events[i].y - 8);
	for (size_t i = 0; i < nr; i++)
		add_event(out, &events[i]);
	strbuf_addstr(out, "</svg>\n");
	free(events);
	return 0;
}
