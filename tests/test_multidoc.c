/*
 * test_multidoc.c - a working group with several documents in one
 * repository (docs/BR.md and docs/EVG.md, as the Server Certificate WG
 * keeps them), made by the test: the project's default document
 * (cabtrack.document) lets every command work without --doc, and the
 * pages and the calendar cover both documents, on one timeline.  The calendar is read
 * back by a small RFC 5545 parser (unfolded lines, properties with their
 * parameters), which checks what a person sees: summaries that say what
 * happens, meetings as timed events of the working group, each pointing
 * to its own minutes, and the next call from the cadence marked projected.
 * `render all` writes every output of a call from one view model, the same
 * bytes as the commands one by one.  Needs no corpus.
 */
#include "testutil.h"
#include "engine_fixture.h"

static const char br[] =
	"---\ntitle: Baseline Requirements\nsubtitle: Version 2.0.0\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.2 Document name\n\n### 1.2.2 Relevant dates\n\n"
	"| Compliance | Section(s) | Summary Description (See Full Text for Details) |\n|---|---|---|\n"
	"| 2030-03-15 | 4.2 | SHALL check CAA for every name |\n\n"
	"# 4. OPERATIONS\n\n## 4.2 Checks\n\nThe CA SHALL check CAA.\n";
static const char evg[] =
	"---\ntitle: EV Guidelines\nsubtitle: Version 1.8.0\n---\n\n"
	"# 1. SCOPE\n\n## 1.1 Scope\n\nThese Guidelines apply to EV certificates.\n\n"
	"# 9. CONTENT\n\n## 9.2 Subject\n\nStarting on June 1, 2030 the CA SHALL include the jurisdiction.\n";
static const char minutes[] =
	"---\ntitle: 2030-01-09 Minutes of the Server Certificate Working Group\ndate: 2030-01-09\n"
	"tags:\n- Minutes\n- Server Certificates\n---\n\n## 1. Roll Call\n\nPresent.\n\n"
	"## 7. Next call\n\nNext call: Wednesday, January 23, 2030 at 11:00 am Eastern Time\n";

static int setup(void **state)
{
	(void)state;
	fx_init_named(&fx, "servercert", "cabtrack.db");
	fx_write(&fx, "docs/BR.md", br);
	fx_write(&fx, "docs/EVG.md", evg);
	fx_git(&fx, "add docs");
	fx_git(&fx, "commit -q -m 'Ballot SC-090 - CAA and jurisdiction'");
	fx_import_cmd(&fx, "docs/BR.md");
	fx_import_cmd(&fx, "docs/EVG.md");
	fx_import_file(&fx, "minutes", "2030-01-09-minutes-scwg.md", minutes);
	return 0;
}

/* Every command works without --doc once the project names its default document. */
static void test_default_document(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* Two documents and no default: --doc is needed, and the message says so. */
	tu_assert_bad_input(fx.dbpath, "sections", "several documents (BR, EVG)");
	tu_assert_bad_input(fx.dbpath, "ballot set SC-091 --state discussion", "several documents");

	fx_ok(&fx, "config cabtrack.document EVG");
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "sections"), 0);
	assert_non_null(strstr(out.buf, "9.2"));
	assert_null(strstr(out.buf, "4.2"));
	json_t *d = tu_ct_json(fx.dbpath, "dates --format json");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "date")), "2030-06-01");
	json_decref(d);
	fx_ok(&fx, "ballot add SC-091 --base main --head main --title 'Jurisdiction'");
	fx_ok(&fx, "ballot set SC-091 --state discussion --discussion-start '2030-01-02 17:00 UTC'");
	d = tu_ct_json(fx.dbpath, "ballot show SC-091 --format json");
	assert_string_equal(json_string_value(json_object_get(d, "document")), "EVG");
	json_decref(d);
	/* --doc still names another. */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "sections --doc BR"), 0);
	assert_non_null(strstr(out.buf, "4.2"));
	tu_assert_bad_input(fx.dbpath, "ballot show SC-091 --doc BR", "no ballot 'SC-091' in BR");
	/* The pages cover every document: one appendix, each item naming its document, dates on one table. */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "render minutes --meeting 2030-01-09"), 0);
	assert_non_null(strstr(out.buf, "### Appendix: BR, EVG status for the meeting of 2030-01-09\n\n"
					"BR version 2.0.0, EVG version 1.8.0, as of the meeting."));
	assert_non_null(strstr(out.buf, "**SC091** – EVG: Jurisdiction: discussion; fails without a vote 2030-04-02 17:00 UTC"));
	const char *br_row = strstr(out.buf, "| 2030-03-15 | SHALL |"), *evg_row = strstr(out.buf, "| 2030-06-01 | SHALL |");
	assert_non_null(br_row);
	assert_non_null(evg_row);
	assert_true(br_row < evg_row);
	assert_non_null(strstr(br_row, "BR: SHALL check CAA for every name"));
	assert_non_null(strstr(evg_row, "EVG: Starting on June 1, 2030"));
	json_t *model = tu_ct_json(fx.dbpath, "render status --meeting 2030-01-09 --format json");
	assert_int_equal(json_array_size(json_object_get(model, "documents")), 2);
	json_t *b, *sc91 = NULL;
	size_t i;
	json_array_foreach(json_object_get(model, "ballots_in_flight"), i, b)
		if (!strcmp(json_string_value(json_object_get(b, "id")), "SC091"))
			sc91 = b;
	assert_non_null(sc91);
	assert_string_equal(json_string_value(json_object_get(sc91, "document")), "EVG");
	/* Each document's own lists, for a page with one section per document. */
	json_t *dm, *bm;
	size_t di, bi, evg_sc91 = 0, br_sc91 = 0;
	json_array_foreach(json_object_get(model, "documents"), di, dm)
		json_array_foreach(json_object_get(dm, "ballots_in_flight"), bi, bm)
			if (!strcmp(json_string_value(json_object_get(bm, "id")), "SC091"))
				*(strcmp(json_string_value(json_object_get(dm, "name")), "EVG") ? &br_sc91 : &evg_sc91) += 1;
	assert_int_equal(evg_sc91, 1);
	assert_int_equal(br_sc91, 0);
	json_decref(model);
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "render minutes --meeting 2030-01-09 --doc EVG"), 0);
	assert_non_null(strstr(out.buf, "### Appendix: EVG status for the meeting of 2030-01-09"));
	assert_non_null(strstr(out.buf, "**SC091** – Jurisdiction: discussion"));
	assert_null(strstr(out.buf, "2030-03-15"));

	/* A default that names no document of the database: one line naming the setting. */
	fx_ok(&fx, "config cabtrack.document NSR");
	tu_assert_bad_input(fx.dbpath, "sections", "cabtrack.document");
	tu_assert_bad_input(fx.dbpath, "config cabtrack.document ''", "empty");
	fx_ok(&fx, "config cabtrack.document EVG");
	strbuf_release(&out);
	strbuf_release(&err);
}

/* ---- a small RFC 5545 reader ---------------------------------------------- */

/* The calendar's events: [{NAME: {params, value}}], from unfolded lines. */
static json_t *read_ics(const char *text)
{
	struct strbuf unfolded = STRBUF_INIT;
	for (const char *p = text; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2; /* CRLF and one space or tab: a folded line goes on */
			continue;
		}
		strbuf_addch(&unfolded, *p);
	}
	json_t *events = json_array(), *ev = NULL;
	char *save = NULL;
	for (char *line = strtok_r(unfolded.buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (!strcmp(line, "BEGIN:VEVENT")) {
			ev = json_object();
			continue;
		}
		if (!strcmp(line, "END:VEVENT")) {
			assert_non_null(ev);
			json_array_append_new(events, ev);
			ev = NULL;
			continue;
		}
		if (!ev)
			continue;
		char *colon = strchr(line, ':'), *semi = strchr(line, ';');
		assert_non_null(colon);
		char *name_end = semi && semi < colon ? semi : colon;
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)(name_end - line), line);
		json_object_set_new(ev, name, json_pack("{s:s%, s:s}", "params", name_end, (int)(colon - name_end), "value",
							 colon + 1));
	}
	strbuf_release(&unfolded);
	return events;
}

static const char *prop(json_t *ev, const char *name, const char *part)
{
	const char *s = json_string_value(json_object_get(json_object_get(ev, name), part));
	return s ? s : "";
}

/* The events whose SUMMARY holds `needle`. */
static json_t *with_summary(json_t *events, const char *needle)
{
	json_t *out = json_array(), *ev;
	size_t i;
	json_array_foreach(events, i, ev)
		if (strstr(prop(ev, "SUMMARY", "value"), needle))
			json_array_append(out, ev);
	return out;
}

static void test_calendar_read_back(void **state)
{
	(void)state;
	fx_ok(&fx, "config cabtrack.document EVG");
	fx_ok(&fx, "config meeting.cadence 'every other Wednesday'");
	fx_ok(&fx, "config meeting.time 11:00");
	fx_ok(&fx, "config meeting.tz America/New_York");
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "render ics"), 0);
	assert_non_null(strstr(out.buf, "X-WR-CALNAME:BR\\, EVG dates (cabtrack)\r\n"));
	json_t *events = read_ics(out.buf), *ev, *x;
	size_t i;
	assert_true(json_array_size(events) >= 5);
	/* Every event says what happens: no empty or doubled-up summary. */
	json_array_foreach(events, i, ev) {
		const char *summary = prop(ev, "SUMMARY", "value");
		if (!*summary || strstr(summary, "  ") || strstr(summary, " ()"))
			fail_msg("event %zu: summary '%s'", i, summary);
	}
	/* One timeline for both documents: each says what takes effect, in which document. */
	x = with_summary(events, "BR: SHALL check CAA for every name");
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(prop(json_array_get(x, 0), "DTSTART", "params"), ";VALUE=DATE");
	assert_string_equal(prop(json_array_get(x, 0), "DTSTART", "value"), "20300315");
	json_decref(x);
	x = with_summary(events, "EVG SHALL §9.2: Starting on June 1\\, 2030 the CA SHALL include the jurisdiction");
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(prop(json_array_get(x, 0), "DTSTART", "value"), "20300601");
	json_decref(x);

	/* Meetings: timed events of the working group, each with its own minutes. */
	x = with_summary(events, "Server Certificate Working Group call");
	assert_int_equal(json_array_size(x), 3); /* held, announced, projected */
	json_t *held = json_array_get(x, 0), *announced = json_array_get(x, 1), *projected = json_array_get(x, 2);
	/* 11:00 in the meeting's zone, written in that zone, with its VTIMEZONE (RFC 5545 3.6.5). */
	assert_string_equal(prop(held, "DTSTART", "value"), "20300109T110000");
	assert_string_equal(prop(held, "DTSTART", "params"), ";TZID=America/New_York");
	assert_string_equal(prop(held, "DTEND", "value"), "20300109T120000");
	assert_string_equal(prop(held, "DTEND", "params"), ";TZID=America/New_York");
	assert_non_null(strstr(out.buf, "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"));
	assert_non_null(strstr(out.buf, "TZOFFSETTO:-0500\r\nTZNAME:EST\r\n"));
	assert_non_null(strstr(prop(held, "DESCRIPTION", "value"), "Minutes: 2030-01-09-minutes-scwg.md"));
	assert_string_equal(prop(announced, "DTSTART", "value"), "20300123T110000");
	assert_null(strstr(prop(announced, "DESCRIPTION", "value"), "Minutes:"));
	assert_non_null(strstr(prop(announced, "DESCRIPTION", "value"), "announced in 2030-01-09-minutes-scwg.md"));
	/* The next call after the announced one comes from the cadence: projected, tentative. */
	assert_string_equal(prop(projected, "SUMMARY", "value"), "Server Certificate Working Group call (projected)");
	assert_string_equal(prop(projected, "DTSTART", "value"), "20300206T110000");
	assert_string_equal(prop(projected, "STATUS", "value"), "TENTATIVE");
	json_decref(x);

	/* --doc: one document's dates; the meetings stay. */
	strbuf_reset(&out);
	assert_int_equal(tu_ct(&out, NULL, fx.dbpath, "render ics --doc BR"), 0);
	json_decref(events);
	events = read_ics(out.buf);
	x = with_summary(events, "EVG");
	assert_int_equal(json_array_size(x), 0);
	json_decref(x);
	x = with_summary(events, "BR: SHALL check CAA");
	assert_int_equal(json_array_size(x), 1);
	json_decref(x);

	/* The status model marks the next call it computed from the cadence. */
	json_t *m = tu_ct_json(fx.dbpath, "render status --meeting 2030-01-23 --format json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "next"), "date")), "2030-02-06");
	assert_true(json_is_true(json_object_get(json_object_get(m, "next"), "projected")));
	json_decref(m);
	m = tu_ct_json(fx.dbpath, "render status --meeting 2030-01-09 --format json");
	assert_false(json_is_true(json_object_get(json_object_get(m, "next"), "projected")));
	json_decref(m);
	json_decref(events);

	/* render all: every output of the call from one view model, the same bytes as one by one. */
	char *site = fx_path(&fx, "site");
	struct strbuf args = STRBUF_INIT, file = STRBUF_INIT, one = STRBUF_INIT;
	strbuf_addf(&args, "render all --meeting 2030-01-09 --out '%s'", site);
	tu_ct_ok(fx.dbpath, args.buf);
	static const char *const outputs[][2] = {
		{ "minutes.md", "render minutes --meeting 2030-01-09" },
		{ "agenda.md", "render agenda --meeting 2030-01-09" },
		{ "agenda.txt", "render agenda --meeting 2030-01-09 --format text" },
		{ "calendar.ics", "render ics" },
	};
	for (size_t k = 0; k < sizeof(outputs) / sizeof(outputs[0]); k++) {
		strbuf_reset(&file);
		strbuf_reset(&out);
		strbuf_reset(&one);
		strbuf_addf(&file, "%s/%s", site, outputs[k][0]);
		assert_int_equal(tu_read_file(&out, file.buf), 0);
		assert_int_equal(tu_ct(&one, NULL, fx.dbpath, outputs[k][1]), 0);
		assert_string_equal(out.buf, one.buf);
	}
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/index.html", site);
	assert_int_equal(tu_read_file(&out, file.buf), 0);
	/* One section per document on the page: EVG's ballot under EVG's heading only. */
	const char *h_br = strstr(out.buf, "<h3 class=\"document\" id=\"ballots-BR\">BR</h3>");
	const char *h_evg = strstr(out.buf, "<h3 class=\"document\" id=\"ballots-EVG\">EVG</h3>");
	const char *h_drafts = strstr(out.buf, "<h3 class=\"document\" id=\"drafts-BR\">BR</h3>");
	assert_non_null(h_br);
	assert_non_null(h_evg);
	assert_non_null(h_drafts);
	assert_true(h_br < h_evg && h_evg < h_drafts);
	const char *sc91_html = strstr(h_br, "SC091");
	assert_non_null(sc91_html);
	assert_true(sc91_html > h_evg && sc91_html < h_drafts);
	assert_non_null(strstr(out.buf, "<h3 class=\"document\" id=\"drafts-EVG\">EVG</h3>"));
	tu_assert_bad_input(fx.dbpath, "render all --meeting 2030-01-09", "give --out DIR");
	strbuf_release(&args);
	strbuf_release(&file);
	strbuf_release(&one);
	free(site);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_document),
		cmocka_unit_test(test_calendar_read_back),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
