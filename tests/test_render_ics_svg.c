/*
 * test_render_ics_svg.c - the calendar is RFC 5545 to the byte and the
 * timeline picture is well-formed, escaped and laid out without overlaps.
 *
 * The sample timeline is also written to $BUILD/timeline-sample.svg (and
 * a PNG beside it when rsvg-convert is installed) for a person to look at.
 */
#include "testutil.h"

#include "tracker/base/error.h"
#include "render/ics.h"
#include "render/svg.h"

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_ALLOW_NUL, &e);

	if (!j)
		fprintf(stderr, "bad test JSON (%s): %s\n", e.text, text);
	assert_non_null(j);
	return j;
}

/* An input a render must refuse, and a word its message must hold. */
struct bad_input {
	const char *input;
	const char *needle;
};

/* A render that was refused: CT_EINVALID, `out` left as "before", a message naming `a` and `b`. */
static void assert_refused(int rc, const struct strbuf *out, const char *a, const char *b)
{
	const char *msg = ct_error_last();

	if (rc != CT_EINVALID || !msg || !strstr(msg, a) || !strstr(msg, b))
		fprintf(stderr, "rc %d, message: %s\n", rc, msg ? msg : "(none)");
	assert_int_equal(rc, CT_EINVALID);
	assert_string_equal(out->buf, "before");
	assert_non_null(strstr(msg, a));
	assert_non_null(strstr(msg, b));
}

/* ---- ICS ------------------------------------------------------------- */

static int ics(struct strbuf *out, const char *events_json, const char *name)
{
	struct ics_options opts = ICS_OPTIONS_INIT;
	json_t *events = parse(events_json);
	int rc;

	opts.name = name;
	opts.dtstamp = "20231115T120000Z";
	rc = render_ics(out, events, &opts);
	json_decref(events);
	return rc;
}

/* The one physical line of `cal` starting with `prefix`, or NULL. */
static const char *ics_line(const char *cal, const char *prefix)
{
	for (const char *p = cal; p && *p; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL)
		if (!strncmp(p, prefix, strlen(prefix)))
			return p;
	return NULL;
}

static void assert_has_line(const char *cal, const char *line)
{
	const char *p = ics_line(cal, line);

	if (!p || strncmp(p + strlen(line), "\r\n", 2))
		fprintf(stderr, "no line '%s' in:\n%s\n", line, cal);
	assert_non_null(p);
	assert_memory_equal(p + strlen(line), "\r\n", 2);
}

static void test_ics_golden(void **state)
{
	struct strbuf out = STRBUF_INIT;
	const char *want =
		"BEGIN:VCALENDAR\r\n"
		"VERSION:2.0\r\n"
		"PRODID:-//cabtrack//cabtrack 0.1//EN\r\n"
		"CALSCALE:GREGORIAN\r\n"
		"METHOD:PUBLISH\r\n"
		"X-WR-CALNAME:S/MIME WG\r\n"
		"BEGIN:VEVENT\r\n"
		"UID:smc04-ip-review@cabtrack\r\n"
		"DTSTAMP:20231115T120000Z\r\n"
		"DTSTART:20231208T170000Z\r\n"
		"DTEND:20231208T180000Z\r\n"
		"SUMMARY:SMC04 \xe2\x80\x94 IP review ends\r\n"
		"URL:https://github.com/cabforum/smime/pull/221\r\n"
		"CATEGORIES:ballot,IP review\r\n"
		"STATUS:CONFIRMED\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\n"
		"UID:sbr-7.1.2.3-2024-09-15@cabtrack\r\n"
		"DTSTAMP:20231115T120000Z\r\n"
		"DTSTART;VALUE=DATE:20240915\r\n"
		"DTEND;VALUE=DATE:20240916\r\n"
		"SUMMARY:SBR 7.1.2.3: CAA SHALL be checked\r\n"
		"DESCRIPTION:Effective date\\; see \xc2\xa7" "7.1.2.3\r\n"
		"LOCATION:Online\r\n"
		"END:VEVENT\r\n"
		"END:VCALENDAR\r\n";

	(void)state;
	strbuf_addstr(&out, "kept>");
	assert_int_equal(ics(&out,
			     "[{\"uid\": \"smc04-ip-review@cabtrack\", \"summary\": \"SMC04 \\u2014 IP review ends\","
			     "  \"start\": \"2023-12-08T17:00:00Z\", \"url\": \"https://github.com/cabforum/smime/pull/221\","
			     "  \"categories\": [\"ballot\", \"\", \"IP review\"], \"status\": \"confirmed\", \"location\": null},"
			     " {\"uid\": \"sbr-7.1.2.3-2024-09-15@cabtrack\", \"summary\": \"SBR 7.1.2.3: CAA SHALL be checked\","
			     "  \"description\": \"Effective date; see \\u00a77.1.2.3\", \"location\": \"Online\","
			     "  \"start\": \"2024-09-15\"}]",
			     "S/MIME WG"), 0);
	assert_string_equal(out.buf + strlen("kept>"), want);
	assert_memory_equal(out.buf, "kept>", 5);

	/* no events, no name, another product id */
	struct ics_options opts = ICS_OPTIONS_INIT;
	json_t *none = json_array();

	opts.prodid = "-//Example, Inc.//Cal//EN";
	opts.dtstamp = "20240101T000000Z";
	strbuf_reset(&out);
	assert_int_equal(render_ics(&out, none, &opts), 0);
	assert_string_equal(out.buf, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example\\, Inc.//Cal//EN\r\n"
			    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n");
	json_decref(none);
	strbuf_release(&out);
}

/* Whether s[0..len) is whole UTF-8: no sequence cut at either end. */
static int whole_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = s[i] < 0x80 ? 1 : s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : s[i] >= 0xc0 ? 2 : 0;

		if (!n || i + n > len)
			return 0;
		for (size_t k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

static void test_ics_folding(void **state)
{
	(void)state;
	/* Shift the text by 0..4 bytes so the fold points fall on every byte of a sequence. */
	for (int shift = 0; shift < 5; shift++) {
		struct strbuf text = STRBUF_INIT, json = STRBUF_INIT, out = STRBUF_INIT, unfolded = STRBUF_INIT;
		int folds = 0;

		strbuf_addf(&text, "%.*s", shift, "xxxxx");
		for (int i = 0; i < 12; i++)
			strbuf_addstr(&text, "Zertifikate m\xc3\xbcssen gepr\xc3\xbc" "ft werden \xe6\x97\xa5\xe6\x9c\xac"
				      "\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88 "
				      "\xf0\x9f\x98\x80\xf0\x9f\x94\x92 ");
		strbuf_addf(&json, "[{\"uid\": \"u1\", \"summary\": \"s\", \"start\": \"2024-01-01\", \"description\": \"%s\"}]",
			    text.buf);
		assert_int_equal(ics(&out, json.buf, NULL), 0);

		const char *p = out.buf;
		while (*p) {
			const char *eol = strstr(p, "\r\n");

			assert_non_null(eol);
			assert_true(eol - p <= 75);
			assert_true(whole_utf8((const unsigned char *)p, (size_t)(eol - p)));
			assert_null(memchr(p, '\n', (size_t)(eol - p)));
			if (*p == ' ') {
				folds++;
				strbuf_add(&unfolded, p + 1, (size_t)(eol - p - 1));
			} else {
				if (unfolded.len)
					strbuf_addstr(&unfolded, "\n");
				strbuf_add(&unfolded, p, (size_t)(eol - p));
			}
			p = eol + 2;
		}
		assert_true(folds > 10);
		strbuf_reset(&json);
		strbuf_addf(&json, "\nDESCRIPTION:%s\n", text.buf);
		assert_non_null(strstr(unfolded.buf, json.buf));
		strbuf_release(&text);
		strbuf_release(&json);
		strbuf_release(&out);
		strbuf_release(&unfolded);
	}
}

static void test_ics_escaping(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(ics(&out,
			     "[{\"uid\": \"a,b;c@x\", \"summary\": \"a,b;c\\\\d\\ne\\r\\nf\\rg\\u0001h\\u007fi\\tj\","
			     "  \"location\": \"Room 1; \\\"North\\\"\", \"categories\": [\"x,y\", \"z\"],"
			     "  \"url\": \"https://example.org/a b\\\"<c>?q=1;2\\u00e9\", \"start\": \"2024-01-01\"}]",
			     "WG, \"S/MIME\"; 2024"), 0);
	assert_has_line(out.buf, "X-WR-CALNAME:WG\\, \"S/MIME\"\\; 2024");
	assert_has_line(out.buf, "UID:a\\,b\\;c@x");
	assert_has_line(out.buf, "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ngh" "i\tj");
	assert_has_line(out.buf, "LOCATION:Room 1\\; \"North\"");
	assert_has_line(out.buf, "CATEGORIES:x\\,y,z");
	assert_has_line(out.buf, "URL:https://example.org/a%20b%22%3Cc%3E?q=1;2%C3%A9");
	/* no bare LF and no control character anywhere but in CRLF and the tab */
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = out.buf[i];

		if (c == '\n')
			assert_int_equal(out.buf[i - 1], '\r');
		else if (c == '\r')
			assert_int_equal(out.buf[i + 1], '\n');
		else
			assert_true(c >= 0x20 || c == '\t');
		assert_int_not_equal(c, 0x7f);
	}
	strbuf_release(&out);
}

static void test_ics_dtend_defaults(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(ics(&out,
			     "[{\"uid\": \"leap\", \"summary\": \"s\", \"start\": \"2024-02-28\"},"
			     " {\"uid\": \"leap2\", \"summary\": \"s\", \"start\": \"2024-02-29\"},"
			     " {\"uid\": \"year\", \"summary\": \"s\", \"start\": \"2023-12-31\"},"
			     " {\"uid\": \"late\", \"summary\": \"s\", \"start\": \"2024-03-31T23:30:00Z\"},"
			     " {\"uid\": \"span\", \"summary\": \"s\", \"start\": \"2024-05-01\", \"end\": \"2024-05-04\"},"
			     " {\"uid\": \"call\", \"summary\": \"s\", \"start\": \"2024-05-01T16:00:00Z\","
			     "  \"end\": \"2024-05-01T17:30:00Z\"}]", NULL), 0);
	assert_has_line(out.buf, "DTSTART;VALUE=DATE:20240228");
	assert_has_line(out.buf, "DTEND;VALUE=DATE:20240229");
	assert_has_line(out.buf, "DTEND;VALUE=DATE:20240301");
	assert_has_line(out.buf, "DTSTART;VALUE=DATE:20231231");
	assert_has_line(out.buf, "DTEND;VALUE=DATE:20240101");
	assert_has_line(out.buf, "DTSTART:20240331T233000Z");
	assert_has_line(out.buf, "DTEND:20240401T003000Z");
	assert_has_line(out.buf, "DTEND;VALUE=DATE:20240504");
	assert_has_line(out.buf, "DTEND:20240501T173000Z");
	/* every event has its UID and DTSTAMP */
	size_t events = 0, stamps = 0;
	for (const char *p = out.buf; (p = strstr(p, "BEGIN:VEVENT\r\nUID:")); p++)
		events++;
	for (const char *p = out.buf; (p = strstr(p, "\r\nDTSTAMP:20231115T120000Z\r\n")); p++)
		stamps++;
	assert_int_equal(events, 6);
	assert_int_equal(stamps, 6);
	strbuf_release(&out);
}

static void test_ics_invalid(void **state)
{
	static const struct bad_input bad[] = {
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-02-30\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2023-02-29\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-13-01\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-2-03\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \" 2024-02-03\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01T10:00:00\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01 10:00:00Z\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01T10:00Z\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01T24:00:00Z\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01T10:00:60Z\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01+01:00\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": 20240301}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\"}", "start" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"end\": \"2024-03-01\"}", "end" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"end\": \"2024-03-02T00:00:00Z\"}", "end" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01T10:00:00Z\", \"end\": \"2024-03-01T09:00:00Z\"}", "end" },
		{ "{\"summary\": \"s\", \"start\": \"2024-03-01\"}", "uid" },
		{ "{\"uid\": \"\", \"summary\": \"s\", \"start\": \"2024-03-01\"}", "uid" },
		{ "{\"uid\": \"u\", \"summary\": 5, \"start\": \"2024-03-01\"}", "summary" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"url\": \"javascript:alert(1)\"}", "url" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"status\": \"maybe\"}", "status" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"categories\": \"x\"}", "categories" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"categories\": [1]}", "categories" },
		{ "{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2024-03-01\", \"description\": []}", "description" },
	};
	struct strbuf out = STRBUF_INIT, json = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&json);
		/* a good event first: the bad one is events[1], and nothing is left behind */
		strbuf_addf(&json, "[{\"uid\": \"ok\", \"summary\": \"s\", \"start\": \"2024-01-01\"}, %s]", bad[i].input);
		strbuf_reset(&out);
		strbuf_addstr(&out, "before");
		ct_error_clear();
		assert_refused(ics(&out, json.buf, NULL), &out, "events[1]", bad[i].needle);
	}

	/* the calendar's own inputs */
	struct ics_options opts = ICS_OPTIONS_INIT;
	json_t *events = json_array();

	assert_int_equal(render_ics(&out, events, &opts), CT_EINVALID);
	assert_non_null(strstr(ct_error_last(), "dtstamp"));
	assert_int_equal(render_ics(&out, events, NULL), CT_EINVALID);
	opts.dtstamp = "20230229T000000Z";
	assert_int_equal(render_ics(&out, events, &opts), CT_EINVALID);
	opts.dtstamp = "2023-01-01T00:00:00Z";
	assert_int_equal(render_ics(&out, events, &opts), CT_EINVALID);
	opts.dtstamp = "20230101T000000Z";
	assert_int_equal(render_ics(&out, json_object_get(NULL, "x"), &opts), CT_EINVALID);
	assert_string_equal(out.buf, "before");
	json_decref(events);
	strbuf_release(&out);
	strbuf_release(&json);
}

static size_t count(const char *s, const char *needle);

/* The TZOFFSETTO of the observance of zone tz's VTIMEZONE in force at local time `local` ("YYYYMMDDTHHMMSS"). */
static void zone_offset(char out[8], const char *cal, const char *tz, const char *local)
{
	char head[96], best[16] = "";
	snprintf(head, sizeof(head), "BEGIN:VTIMEZONE\r\nTZID:%s\r\n", tz);
	const char *p = strstr(cal, head), *end = p ? strstr(p, "END:VTIMEZONE\r\n") : NULL;
	*out = '\0';
	assert_non_null(p);
	assert_non_null(end);
	for (const char *o = strstr(p, "DTSTART:"); o && o < end; o = strstr(o + 1, "DTSTART:")) {
		char start[16] = "";
		const char *to = strstr(o, "TZOFFSETTO:");
		assert_non_null(to);
		snprintf(start, sizeof(start), "%.15s", o + 8);
		assert_int_equal(strlen(start), 15);
		if (strcmp(start, local) <= 0 && strcmp(start, best) > 0) {
			memcpy(best, start, sizeof(best));
			snprintf(out, 8, "%.5s", to + 11);
		}
	}
}

static void test_ics_zones(void **state)
{
	struct strbuf out = STRBUF_INIT;
	char off[8];

	(void)state;
	assert_int_equal(ics(&out,
			     "[{\"uid\": \"summer\", \"summary\": \"S/MIME call\", \"start\": \"2023-07-12T15:00:00Z\","
			     "  \"tz\": \"America/New_York\"},"
			     " {\"uid\": \"winter\", \"summary\": \"S/MIME call\", \"start\": \"2023-12-06T16:00:00Z\","
			     "  \"end\": \"2023-12-06T17:30:00Z\", \"tz\": \"America/New_York\"},"
			     " {\"uid\": \"berlin\", \"summary\": \"F2F\", \"start\": \"2023-10-29T09:00:00Z\", \"tz\": \"Europe/Berlin\"},"
			     " {\"uid\": \"utc\", \"summary\": \"UTC call\", \"start\": \"2023-12-06T16:00:00Z\", \"tz\": \"UTC\"},"
			     " {\"uid\": \"day\", \"summary\": \"Effective\", \"start\": \"2023-09-15\", \"tz\": \"America/New_York\"},"
			     " {\"uid\": \"far\", \"summary\": \"Effective\", \"start\": \"2030-06-01\"}]",
			     NULL),
			 0);
	/* each timed event in its zone's wall clock; UTC stays UTC, a day stays a day */
	static const char *const lines[] = {
		"DTSTART;TZID=America/New_York:20230712T110000", "DTEND;TZID=America/New_York:20230712T120000",
		"DTSTART;TZID=America/New_York:20231206T110000", "DTEND;TZID=America/New_York:20231206T123000",
		"DTSTART;TZID=Europe/Berlin:20231029T100000",    "DTSTART:20231206T160000Z",
		"DTSTART;VALUE=DATE:20230915",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_has_line(out.buf, lines[i]);
	/* one VTIMEZONE per zone, in the order of first use, before the events */
	assert_int_equal(count(out.buf, "BEGIN:VTIMEZONE\r\n"), 2);
	assert_int_equal(count(out.buf, "END:VTIMEZONE\r\n"), 2);
	assert_true(strstr(out.buf, "TZID:America/New_York\r\n") < strstr(out.buf, "TZID:Europe/Berlin\r\n"));
	assert_true(strstr(out.buf, "END:VTIMEZONE\r\nBEGIN:VEVENT\r\n") != NULL);
	/* New York's 2023 changes, from the zone database: EDT from March 12, EST from November 5 */
	assert_non_null(strstr(out.buf, "BEGIN:DAYLIGHT\r\nDTSTART:20230312T020000\r\nTZOFFSETFROM:-0500\r\n"
					"TZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n"));
	assert_non_null(strstr(out.buf, "BEGIN:STANDARD\r\nDTSTART:20231105T020000\r\nTZOFFSETFROM:-0400\r\n"
					"TZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n"));
	/* a zone covers the years of its own events: 2023, not up to the effective date in 2030 */
	assert_null(strstr(out.buf, "DTSTART:2024"));
	assert_null(strstr(out.buf, "DTSTART:2030"));
	/* read back: the summer call is at -0400, the winter one at -0500, Berlin's after its change at +0100 */
	zone_offset(off, out.buf, "America/New_York", "20230712T110000");
	assert_string_equal(off, "-0400");
	zone_offset(off, out.buf, "America/New_York", "20231206T110000");
	assert_string_equal(off, "-0500");
	zone_offset(off, out.buf, "America/New_York", "20230105T110000"); /* before the first change */
	assert_string_equal(off, "-0500");
	zone_offset(off, out.buf, "Europe/Berlin", "20231029T100000");
	assert_string_equal(off, "+0100");
	zone_offset(off, out.buf, "Europe/Berlin", "20230712T100000");
	assert_string_equal(off, "+0200");
	/* lines stay within 75 octets */
	for (const char *p = out.buf, *e; (e = strstr(p, "\r\n")); p = e + 2)
		assert_true(e - p <= 75);

	/* a zone is an IANA name a TZID can hold, or the calendar is refused */
	static const char *const bad[] = { "Mars/Olympus", "America/New_York;X=1", "../etc/passwd", "America" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char ev[256];
		strbuf_reset(&out);
		strbuf_addstr(&out, "before");
		snprintf(ev, sizeof(ev), "[{\"uid\": \"u\", \"summary\": \"s\", \"start\": \"2023-12-06T16:00:00Z\", \"tz\": \"%s\"}]",
			 bad[i]);
		assert_refused(ics(&out, ev, NULL), &out, "tz", bad[i]);
	}
	strbuf_release(&out);
}

static void test_ics_deterministic(void **state)
{
	const char *events =
		"[{\"uid\": \"a\", \"summary\": \"\\u00e9v\\u00e9nement, long; \\\\ text\", \"start\": \"2025-03-15\","
		"  \"description\": \"Line one\\nLine two with enough text to need folding at seventy-five octets.\"},"
		" {\"uid\": \"b\", \"summary\": \"call\", \"start\": \"2025-03-16T16:00:00Z\", \"categories\": [\"m\"]}]";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	assert_int_equal(ics(&a, events, "cal"), 0);
	assert_int_equal(ics(&b, events, "cal"), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
}

/* ---- SVG ------------------------------------------------------------- */

static const char sample_model[] =
	"{\"from\": \"2024-10-15\", \"to\": \"2026-07-15\", \"today\": \"2025-01-15\", \"events\": ["
	" {\"date\": \"2024-11-01\", \"kind\": \"deadline\", \"label\": \"SMC09 IP review ends\", \"id\": \"SMC09\"},"
	" {\"date\": \"2024-11-13\", \"kind\": \"meeting\", \"label\": \"S/MIME WG call\"},"
	" {\"date\": \"2025-03-15\", \"kind\": \"obligation\", \"keyword\": \"SHOULD\", \"label\": \"CAs check CAA for email\"},"
	" {\"date\": \"2025-03-15\", \"kind\": \"obligation\", \"keyword\": \"SHALL NOT\","
	"  \"label\": \"Legacy generation profiles issued\", \"id\": \"7.1.2.3\"},"
	" {\"date\": \"2025-04-01\", \"keyword\": \"MAY\", \"label\": \"smimeCapabilities extension\"},"
	" {\"date\": \"2025-06-01\", \"keyword\": \"RECOMMENDED\", \"label\": \"<script>alert(1)</script>\"},"
	" {\"date\": \"2025-06-20\", \"keyword\": \"MUST\", \"label\": \"x\\\" onerror=\\\"alert(1) & 'q'\"},"
	" {\"date\": \"2025-07-15\", \"keyword\": \"MUST\", \"label\": \"Subscriber certificates use the strict profile\"},"
	" {\"date\": \"2025-09-15\", \"keyword\": \"SHALL\", \"label\": \"CAA issuemail property checked before issuance\"},"
	" {\"date\": \"2025-10-01\", \"keyword\": \"NOTE\", \"label\": \"Annual review of the \\u65e5\\u672c profiles\"},"
	" {\"date\": \"2026-03-15\", \"keyword\": \"SHALL\", \"label\": \"Multipurpose profile sunset\"},"
	" {\"date\": \"2026-07-15\", \"kind\": \"meeting\", \"label\": \"F2F meeting #68, last day of the range\"},"
	" {\"date\": \"2023-01-01\", \"keyword\": \"SHALL\", \"label\": \"OUT-OF-RANGE-BEFORE\"},"
	" {\"date\": \"2027-01-01\", \"keyword\": \"SHALL\", \"label\": \"OUT-OF-RANGE-AFTER\"}]}";

static int svg(struct strbuf *out, const char *model_json, int width, const char *title)
{
	struct svg_options opts = SVG_OPTIONS_INIT;
	json_t *model = parse(model_json);
	int rc;

	if (width)
		opts.width = width;
	opts.title = title;
	rc = render_svg_timeline(out, model, &opts);
	json_decref(model);
	return rc;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The marker groups' positions, in output order. */
static size_t marker_positions(int *xs, int *ys, size_t max, const char *svg_text)
{
	size_t n = 0;

	for (const char *p = svg_text; (p = strstr(p, "<g class=\"marker ")) && n < max; p++) {
		const char *t = strstr(p, "transform=\"translate(");

		assert_non_null(t);
		assert_int_equal(sscanf(t, "transform=\"translate(%d,%d)\"", &xs[n], &ys[n]), 2);
		n++;
	}
	return n;
}

/*
 * Parse the picture with python3's XML parser; returns its report
 * "root=svg markers=N script=N on=N href=N style=N" or skips without python3.
 */
static void xml_report(struct strbuf *report, const char *svg_text)
{
	char *dir = tu_tmpdir();
	struct strbuf path = STRBUF_INIT;
	static const char prog[] =
		"import sys, xml.etree.ElementTree as ET\n"
		"r = ET.parse(sys.argv[1]).getroot()\n"
		"ns = '{http://www.w3.org/2000/svg}'\n"
		"els = list(r.iter())\n"
		"print('root=%s markers=%d script=%d on=%d href=%d style=%d' % (r.tag.replace(ns, ''),\n"
		"  sum(1 for e in els if e.get('class', '').startswith('marker ')),\n"
		"  sum(1 for e in els if e.tag.replace(ns, '') in ('script', 'foreignObject', 'image', 'use', 'a')),\n"
		"  sum(1 for e in els for k in e.attrib if k.lower().startswith('on')),\n"
		"  sum(1 for e in els for k in e.attrib if 'href' in k),\n"
		"  sum(1 for e in els if e.tag.replace(ns, '') == 'style')))\n";

	if (tu_run(NULL, NULL, "command -v python3") != 0) {
		printf("SKIP: %s: python3 not found\n", __func__);
		skip();
	}
	strbuf_addf(&path, "%s/t.svg", dir);
	tu_write_file(path.buf, svg_text, strlen(svg_text));
	struct strbuf prog_path = STRBUF_INIT;
	strbuf_addf(&prog_path, "%s/check.py", dir);
	tu_write_file(prog_path.buf, prog, strlen(prog));
	assert_int_equal(tu_run(report, NULL, "python3 '%s' '%s'", prog_path.buf, path.buf), 0);
	strbuf_rtrim(report);
	tu_rmtree(dir);
	free(dir);
	strbuf_release(&path);
	strbuf_release(&prog_path);
}

static void test_svg_well_formed(void **state)
{
	struct strbuf out = STRBUF_INIT, report = STRBUF_INIT;

	(void)state;
	assert_int_equal(svg(&out, sample_model, 0, "Effective dates & deadlines <S/MIME>"), 0);
	xml_report(&report, out.buf);
	/* 14 events, two outside the range */
	assert_string_equal(report.buf, "root=svg markers=12 script=0 on=0 href=0 style=0");
	assert_true(!strncmp(out.buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" ", 52));
	assert_non_null(strstr(out.buf, " role=\"img\" aria-label=\"Effective dates &amp; deadlines &lt;S/MIME&gt;: "
				     "12 dates from 2024-10-15 to 2026-07-15\""));
	assert_non_null(strstr(out.buf, "<title>Effective dates &amp; deadlines &lt;S/MIME&gt;</title>"));
	assert_null(strstr(out.buf, "OUT-OF-RANGE"));
	/* the axis: year labels, month labels, a legend of the kinds used */
	assert_non_null(strstr(out.buf, ">2025</text>"));
	assert_non_null(strstr(out.buf, ">2026</text>"));
	assert_non_null(strstr(out.buf, ">2024</text>"));
	assert_non_null(strstr(out.buf, ">Nov</text>"));
	assert_non_null(strstr(out.buf, ">SHALL / MUST / REQUIRED</text>"));
	assert_non_null(strstr(out.buf, ">SHOULD / RECOMMENDED / MAY</text>"));
	assert_non_null(strstr(out.buf, ">deadline</text>"));
	assert_non_null(strstr(out.buf, ">meeting</text>"));
	/* each marker has its tooltip with the full date and label */
	assert_non_null(strstr(out.buf, "<title>2024-11-01 deadline: SMC09 IP review ends</title>"));
	assert_non_null(strstr(out.buf, "<title>2025-03-15 SHALL NOT: Legacy generation profiles issued</title>"));
	assert_non_null(strstr(out.buf, " data-id=\"7.1.2.3\""));
	/* no floats in coordinates: no '.' in any number but the constant widths */
	assert_null(strstr(out.buf, "NaN"));
	assert_int_equal(out.buf[out.len - 1], '\n');
	assert_string_equal(out.buf + out.len - 7, "</svg>\n");

	/* an empty range of one day, no events, and a narrow picture are still pictures */
	strbuf_reset(&out);
	strbuf_reset(&report);
	assert_int_equal(svg(&out, "{\"from\": \"2025-01-01\", \"to\": \"2025-01-01\", \"events\": []}", 100, NULL), 0);
	xml_report(&report, out.buf);
	assert_string_equal(report.buf, "root=svg markers=0 script=0 on=0 href=0 style=0");
	assert_non_null(strstr(out.buf, "width=\"320\""));
	strbuf_release(&out);
	strbuf_release(&report);
}

static void test_svg_range(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int xs[8], ys[8];

	(void)state;
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": ["
			     " {\"date\": \"2024-12-31\", \"keyword\": \"SHALL\", \"label\": \"before\"},"
			     " {\"date\": \"2025-01-01\", \"keyword\": \"SHALL\", \"label\": \"first\"},"
			     " {\"date\": \"2025-12-31\", \"keyword\": \"SHALL\", \"label\": \"last\"},"
			     " {\"date\": \"2026-01-01\", \"keyword\": \"SHALL\", \"label\": \"after\"}]}", 0, NULL), 0);
	assert_int_equal(count(out.buf, "<g class=\"marker "), 2);
	assert_non_null(strstr(out.buf, "2025-01-01 SHALL: first</title>"));
	assert_null(strstr(out.buf, ": before<"));
	assert_null(strstr(out.buf, ": after<"));
	assert_int_equal(marker_positions(xs, ys, 8, out.buf), 2);
	/* the first and last day sit on the axis's ends, the last label turned to the left */
	assert_true(xs[0] < 40);
	assert_true(xs[1] > 920);
	const char *last = strstr(out.buf, "2025-12-31 SHALL: last</title>");
	assert_non_null(last);
	assert_true(strstr(last, " text-anchor=\"end\"") < strstr(last, "</g>"));
	const char *first = strstr(out.buf, "2025-01-01 SHALL: first</title>");
	assert_non_null(first);
	assert_true(strstr(first, " text-anchor=\"end\"") > strstr(first, "</g>"));
	strbuf_release(&out);
}

static void test_svg_shapes(void **state)
{
	struct strbuf out = STRBUF_INIT;
	const char *weak, *strong;

	(void)state;
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": ["
			     " {\"date\": \"2025-02-01\", \"keyword\": \"SHOULD\", \"label\": \"soft\"},"
			     " {\"date\": \"2025-08-01\", \"keyword\": \"shall\", \"label\": \"hard\"}]}", 0, NULL), 0);
	weak = strstr(out.buf, "<g class=\"marker weak\"");
	strong = strstr(out.buf, "<g class=\"marker strong\"");
	assert_non_null(weak);
	assert_non_null(strong);
	/* a hollow amber circle and a filled dark-red diamond */
	assert_non_null(strstr(weak, "</title><circle r=\"5\" fill=\"#ffffff\" stroke-width=\"2.5\" stroke=\"#b86e00\"/>"));
	assert_non_null(strstr(strong, "</title><path d=\"M0,-7L7,0L0,7L-7,0Z\" fill=\"#a4161a\"/>"));
	/* the legend shows only these two, each with its shape */
	assert_non_null(strstr(out.buf, "<circle r=\"5\" fill=\"#ffffff\" stroke-width=\"2.5\" stroke=\"#b86e00\"/>"
				     "<text x=\"12\" y=\"4\">SHOULD / RECOMMENDED / MAY</text>"));
	assert_non_null(strstr(out.buf, "<path d=\"M0,-7L7,0L0,7L-7,0Z\" fill=\"#a4161a\"/>"
				     "<text x=\"12\" y=\"4\">SHALL / MUST / REQUIRED</text>"));
	assert_null(strstr(out.buf, ">meeting</text>"));
	assert_null(strstr(out.buf, ">deadline</text>"));

	/* deadlines, meetings and other keywords have shapes of their own */
	strbuf_reset(&out);
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": ["
			     " {\"date\": \"2025-02-01\", \"kind\": \"deadline\", \"label\": \"d\"},"
			     " {\"date\": \"2025-05-01\", \"kind\": \"meeting\", \"label\": \"m\"},"
			     " {\"date\": \"2025-08-01\", \"keyword\": \"NOTE\", \"label\": \"o\"}]}", 0, NULL), 0);
	assert_non_null(strstr(out.buf, "<g class=\"marker deadline\""));
	assert_non_null(strstr(out.buf, "<g class=\"marker meeting\""));
	assert_non_null(strstr(out.buf, "<g class=\"marker other\""));
	assert_non_null(strstr(out.buf, "</title><path d=\"M-6,-5L6,-5L0,6Z\""));
	assert_non_null(strstr(out.buf, "</title><rect "));
	assert_non_null(strstr(out.buf, "</title><circle r=\"4\""));
	strbuf_release(&out);
}

static void test_svg_escaping(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": ["
			     " {\"date\": \"2025-02-01\", \"keyword\": \"<b>SHALL</b>\", \"label\": \"<script>alert(1)</script>\","
			     "  \"id\": \"a\\\" onclick=\\\"x\"},"
			     " {\"date\": \"2025-06-01\", \"keyword\": \"MAY\", \"label\": \"<img src=x \\\"onerror=alert(1)>\"},"
			     " {\"date\": \"2025-09-01\", \"keyword\": \"MAY\", \"label\": \"bell\\u0007 & nul\\u0000 & \\ufffe end\"}]}",
			     0, "<script>t</script>"), 0);
	assert_null(strstr(out.buf, "<script"));
	assert_null(strstr(out.buf, "<img"));
	assert_null(strstr(out.buf, "<b>"));
	assert_null(strstr(out.buf, "\"onerror="));
	assert_null(strstr(out.buf, "\" onclick="));
	assert_non_null(strstr(out.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(out.buf, "&quot;onerror=alert(1)&gt;"));
	assert_non_null(strstr(out.buf, "data-id=\"a&quot; onclick=&quot;x\""));
	assert_non_null(strstr(out.buf, "&lt;b&gt;SHALL&lt;/b&gt;"));
	assert_non_null(strstr(out.buf, "bell &amp; nul &amp;  end"));
	assert_null(memchr(out.buf, '\a', out.len));
	assert_int_equal(strlen(out.buf), out.len);

	struct strbuf report = STRBUF_INIT;
	xml_report(&report, out.buf);
	assert_string_equal(report.buf, "root=svg markers=3 script=0 on=0 href=0 style=0");
	strbuf_release(&report);
	strbuf_release(&out);
}

static void test_svg_today(void **state)
{
	struct strbuf out = STRBUF_INIT;
	static const char *const outside[] = {
		"{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": \"2024-12-31\", \"events\": []}",
		"{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": \"2026-01-01\", \"events\": []}",
		"{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": []}",
		"{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": null}",
	};

	(void)state;
	assert_int_equal(svg(&out, "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": \"2025-07-02\","
			     " \"events\": []}", 0, NULL), 0);
	assert_int_equal(count(out.buf, "<g class=\"today\">"), 1);
	assert_non_null(strstr(out.buf, "<title>today: 2025-07-02</title>"));
	assert_non_null(strstr(out.buf, "stroke-dasharray=\"5 4\""));
	assert_non_null(strstr(out.buf, ">today</text>"));
	/* a page for a meeting labels the line "meeting", escaped like any text of the model */
	strbuf_reset(&out);
	assert_int_equal(svg(&out, "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": \"2025-07-02\","
			     " \"marker\": \"meeting <b>\", \"events\": []}", 0, NULL), 0);
	assert_non_null(strstr(out.buf, "<title>meeting &lt;b&gt;: 2025-07-02</title>"));
	assert_non_null(strstr(out.buf, ">meeting &lt;b&gt;</text>"));
	assert_null(strstr(out.buf, ">today</text>"));
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		strbuf_reset(&out);
		assert_int_equal(svg(&out, outside[i], 0, NULL), 0);
		assert_null(strstr(out.buf, "today"));
		assert_null(strstr(out.buf, "stroke-dasharray"));
	}
	strbuf_release(&out);
}

static void test_svg_lanes(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int xs[16], ys[16], h1 = 0, h2 = 0;

	(void)state;
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2026-12-31\", \"events\": ["
			     " {\"date\": \"2025-03-15\", \"keyword\": \"SHOULD\", \"label\": \"first on the day\"},"
			     " {\"date\": \"2025-03-15\", \"keyword\": \"SHALL\", \"label\": \"second on the day\"},"
			     " {\"date\": \"2025-03-16\", \"keyword\": \"MAY\", \"label\": \"the day after\"},"
			     " {\"date\": \"2026-06-01\", \"keyword\": \"MUST\", \"label\": \"far away\"}]}", 0, NULL), 0);
	assert_int_equal(marker_positions(xs, ys, 16, out.buf), 4);
	/* one day apart: (nearly) the same x, three different lanes */
	assert_true(abs(xs[0] - xs[2]) <= 2);
	assert_int_not_equal(ys[0], ys[1]);
	assert_int_not_equal(ys[0], ys[2]);
	assert_int_not_equal(ys[1], ys[2]);
	/* a date far away reuses the first lane */
	assert_int_equal(ys[3], ys[0]);
	assert_true(ys[0] < ys[1] && ys[1] < ys[2]);
	assert_non_null(strstr(out.buf, "first on the day</title>"));
	assert_int_equal(sscanf(strstr(out.buf, " height=\""), " height=\"%d\"", &h1), 1);

	/* the picture grows with the lanes: one more near date, one more lane */
	strbuf_reset(&out);
	assert_int_equal(svg(&out,
			     "{\"from\": \"2025-01-01\", \"to\": \"2026-12-31\", \"events\": ["
			     " {\"date\": \"2025-03-15\", \"keyword\": \"SHOULD\", \"label\": \"first on the day\"},"
			     " {\"date\": \"2025-03-15\", \"keyword\": \"SHALL\", \"label\": \"second on the day\"},"
			     " {\"date\": \"2025-03-16\", \"keyword\": \"MAY\", \"label\": \"the day after\"},"
			     " {\"date\": \"2025-03-20\", \"keyword\": \"MAY\", \"label\": \"a few days later\"},"
			     " {\"date\": \"2026-06-01\", \"keyword\": \"MUST\", \"label\": \"far away\"}]}", 0, NULL), 0);
	assert_int_equal(sscanf(strstr(out.buf, " height=\""), " height=\"%d\"", &h2), 1);
	assert_true(h2 > h1);

	/* labels in one lane are apart: the shortest label in the sample is 25 characters, 165 px */
	strbuf_reset(&out);
	assert_int_equal(svg(&out, sample_model, 0, NULL), 0);
	size_t n = marker_positions(xs, ys, 16, out.buf);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (i != j && ys[i] == ys[j] && xs[i] < xs[j])
				assert_true(xs[j] - xs[i] > 150);
	strbuf_release(&out);
}

static void test_svg_invalid(void **state)
{
	static const struct bad_input bad[] = {
		{ "[]", "object" },
		{ "{\"to\": \"2025-12-31\"}", "from" },
		{ "{\"from\": \"2025-02-30\", \"to\": \"2025-12-31\"}", "from" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-1-31\"}", "to" },
		{ "{\"from\": \"2025-06-01\", \"to\": \"2025-05-31\"}", "before" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"today\": \"today\"}", "today" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": {}}", "events" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": [{\"label\": \"x\"}]}", "events[0].date" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": [{\"date\": \"2025-04-31\"}]}",
		  "events[0].date" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": [{\"date\": \"2025-04-01\", \"label\": 3}]}",
		  "events[0].label" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": [{\"date\": \"2025-04-01\", \"kind\": \"x\"}]}",
		  "events[0].kind" },
		{ "{\"from\": \"2025-01-01\", \"to\": \"2025-12-31\", \"events\": [1]}", "events[0]" },
	};
	struct strbuf out = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&out);
		strbuf_addstr(&out, "before");
		ct_error_clear();
		assert_refused(svg(&out, bad[i].input, 0, NULL), &out, "svg: ", bad[i].needle);
	}
	strbuf_release(&out);
}

static void test_svg_deterministic_sample(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, path = STRBUF_INIT;
	const char *build = getenv("BUILD");

	(void)state;
	assert_int_equal(svg(&a, sample_model, 0, "Effective dates"), 0);
	assert_int_equal(svg(&b, sample_model, 0, "Effective dates"), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);

	/* the sample, for a person to look at */
	strbuf_addf(&path, "%s/timeline-sample", build && *build ? build : "build");
	strbuf_addstr(&path, ".svg");
	tu_write_file(path.buf, a.buf, a.len);
	if (tu_run(NULL, NULL, "command -v rsvg-convert") == 0) {
		assert_int_equal(tu_run(NULL, NULL, "rsvg-convert -o '%.*s.png' '%s'", (int)path.len - 4, path.buf,
					path.buf), 0);
		printf("wrote %.*s.png\n", (int)path.len - 4, path.buf);
	} else {
		printf("wrote %s (no rsvg-convert: no PNG)\n", path.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ics_golden),
		cmocka_unit_test(test_ics_folding),
		cmocka_unit_test(test_ics_escaping),
		cmocka_unit_test(test_ics_dtend_defaults),
		cmocka_unit_test(test_ics_invalid),
		cmocka_unit_test(test_ics_deterministic),
		cmocka_unit_test(test_ics_zones),
		cmocka_unit_test(test_svg_well_formed),
		cmocka_unit_test(test_svg_range),
		cmocka_unit_test(test_svg_shapes),
		cmocka_unit_test(test_svg_escaping),
		cmocka_unit_test(test_svg_today),
		cmocka_unit_test(test_svg_lanes),
		cmocka_unit_test(test_svg_invalid),
		cmocka_unit_test(test_svg_deterministic_sample),
	};
	return cmocka_run_group_tests_name("render_ics_svg", tests, NULL, NULL);
}
