/*
 * status_calendar.c - the documents' calendar (status_calendar, see
 * status.h): every effective date, the Revisions table's dates and the
 * working group's meetings as events with stable UIDs, for render/ics.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/meetingdb.h"
#include "importers/datephrase.h"
#include "importers/mdsplit.h"
#include "render/url.h"
#include "tracker/ballot_bylaws.h"
#include "tracker/ballots.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/meetings.h"
#include "tracker/status_part.h"

static void uid_of(char out[80], const char *kind, const char *key)
{
	unsigned char h[16];
	md_hash(h, key, strlen(key));
	int n = snprintf(out, 80, "%s-", kind);
	for (int i = 0; i < 10 && n < 70; i++)
		n += snprintf(out + n, (size_t)(80 - n), "%02x", h[i]);
	snprintf(out + n, (size_t)(80 - n), "@cabtrack");
}

/* Cut `s` to at most `max` bytes at a space, with "…" when cut. */
static void add_short(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		strbuf_addstr(sb, s);
		return;
	}
	size_t cut = max;
	while (cut > max / 2 && s[cut] != ' ')
		cut--;
	if (s[cut] != ' ')
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--; /* never inside a UTF-8 sequence */
	while (cut > 0 && strchr(" ,;:", s[cut - 1]))
		cut--;
	strbuf_add(sb, s, cut);
	strbuf_addstr(sb, "…");
}

/*
 * What happens on an effective date, as a calendar shows it in one line:
 * "SBR: SHALL adoption of CAA for S/MIME (SMC05)" for a table row,
 * "SBR SHALL §4.2.2.1: Starting on … (SMC05)" for a phrase, never an empty
 * "SBR  (SMC01)".
 */
static void date_summary(struct strbuf *sb, const char *docname, json_t *r)
{
	const char *kw = jsonget_str(r, "keyword"), *desc = jsonget_text(r, "description"), *src = jsonget_text(r, "source");
	json_t *secs = json_object_get(r, "sections"), *x;
	size_t j;
	strbuf_addstr(sb, docname);
	if (!strcmp(src, "text") && kw) {
		strbuf_addf(sb, " %s", kw);
		json_array_foreach(secs, j, x)
			strbuf_addf(sb, "%s%s", j ? ", " : " §", json_string_value(x) ? json_string_value(x) : "");
	}
	strbuf_addstr(sb, ": ");
	if (*desc)
		add_short(sb, desc, strcmp(src, "text") ? 120 : 80);
	else if (kw)
		strbuf_addf(sb, "%s takes effect", kw);
	else
		strbuf_addstr(sb, "effective date");
	if (jsonget_str(r, "ballot"))
		strbuf_addf(sb, " (%s)", jsonget_str(r, "ballot"));
}

/* One document's effective dates at main and its recorded ballots' IP review ends. */
static int calendar_doc(json_t *events, int64_t *newest, struct ct_db *db, const struct query_doc *doc, const char *from)
{
	json_t *rows = NULL, *r, *history = NULL;
	size_t i;
	int64_t vid = 0;
	struct strbuf key = STRBUF_INIT;
	char uid[80];
	int rc = status_main_dates(&rows, &vid, db, doc, 0); /* one obligation of table and text is one event */
	if (rc == 0)
		rc = query_main_history(&history, db, doc);
	json_array_foreach(history, i, r)
		if (json_integer_value(json_object_get(r, "time")) > *newest)
			*newest = json_integer_value(json_object_get(r, "time"));
	if (rc == 0 && vid) {
		if (!rows)
			rows = json_array();
		rc = status_revision_dates(rows, NULL, db, vid, from, NULL, NULL);
	}
	json_array_foreach(rows, i, r) {
		const char *date = jsonget_text(r, "date");
		if (from && strcmp(date, from) < 0)
			continue;
		strbuf_reset(&key);
		/* An obligation stated by the table and the text keeps the table row's UID. */
		const char *src = strcmp(jsonget_text(r, "source"), "table+text") ? jsonget_text(r, "source") : "table";
		strbuf_addf(&key, "%s|%s|%s|%s|%s", doc->name, src, date, jsonget_text(r, "keyword"), jsonget_text(r, "description"));
		uid_of(uid, "date", key.buf);
		struct strbuf summary = STRBUF_INIT, desc = STRBUF_INIT;
		date_summary(&summary, doc->name, r);
		strbuf_addf(&desc, "%s", jsonget_text(r, "description"));
		json_t *secs = json_object_get(r, "sections"), *x;
		size_t j;
		json_array_foreach(secs, j, x)
			strbuf_addf(&desc, "%s%s", j ? ", " : "\nSection ", json_string_value(x) ? json_string_value(x) : "");
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "uid", uid, "summary", summary.buf,
							"description", desc.buf, "start", date, "categories", "effective date"));
		strbuf_release(&summary);
		strbuf_release(&desc);
	}
	struct ballots_set set = BALLOTS_SET_INIT;
	const struct ballots_ballot **sorted = NULL;
	if (rc == 0 && (rc = ballots_load(&set, db, doc, 0)) == 0)
		sorted = ballots_sorted(&set);
	for (i = 0; sorted && i < set.n; i++) {
		const struct ballots_ballot *v = sorted[i];
		/* Only a recorded lifecycle has an IP review end. */
		struct ballot_bylaws_lifecycle lc;
		ballot_bylaws_steps(&lc, v->rec, 0);
		const struct ballot_bylaws_step *ipr = &lc.steps[BALLOT_BYLAWS_IPR_ENDS];
		if (ipr->t) {
			strbuf_reset(&key);
			strbuf_addf(&key, "%s|ipr|%s", doc->name, v->key);
			uid_of(uid, "ipr", key.buf);
			struct strbuf summary = STRBUF_INIT;
			strbuf_addf(&summary, "%s IP review ends", v->id);
			if (v->title)
				strbuf_addf(&summary, ": %s", v->title);
			strbuf_addf(&summary, " (%s)", doc->name);
			struct strbuf start = STRBUF_INIT;
			when_format_iso(&start, ipr->t);
			json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "uid", uid, "summary", summary.buf,
								"description", ipr->derived ? ipr->rule : "", "start", start.buf,
								"categories", "ballot"));
			strbuf_release(&start);
			strbuf_release(&summary);
		}
	}
	free(sorted);
	ballots_set_release(&set);
	json_decref(rows);
	json_decref(history);
	strbuf_release(&key);
	return rc;
}

/*
 * The working group's name: as set, else from a minutes title ("2023-11-15
 * Minutes of the S/MIME … Group"), else the title meetings were recorded
 * with, else "Working group".
 */
static void wg_name(struct strbuf *sb, const char *wg, const struct ct_meeting_list *meetings)
{
	const char *titled = NULL;
	if (wg && *wg) {
		strbuf_addstr(sb, wg);
		return;
	}
	for (size_t i = 0; i < meetings->n; i++) {
		const struct ct_meeting *r = &meetings->items[i];
		const char *t = r->title, *p = t ? strstr(t, "Minutes of the ") : NULL;
		if (p && p[15]) {
			strbuf_addstr(sb, p + 15);
			return;
		}
		if (t && *t && !strcmp(r->source, "recorded"))
			titled = t;
	}
	strbuf_addstr(sb, titled ? titled : "Working group");
}

/* A meeting's start in UTC: its own, else its day at the working group's usual time and zone. */
static int meeting_start(char iso[32], const struct ct_meeting *m, const char *time, const char *tz)
{
	int64_t t;
	if (m->start_utc) {
		snprintf(iso, 32, "%s", m->start_utc);
		return 1;
	}
	char when[40];
	snprintf(when, sizeof(when), "%s %s", m->date, time ? time : "");
	if (!time)
		return 0;
	if (when_parse(&t, when, tz) < 0) {
		ct_error_drop("a usual time that names no instant on that day: the meeting is shown as a whole day");
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	when_format_iso(&sb, t);
	snprintf(iso, 32, "%s", sb.buf);
	strbuf_release(&sb);
	return 2;
}

/* One meeting's event: recorded, or projected from the cadence. */
static json_t *meeting_event(const struct ct_meeting *r, const char *wg, const char *time, const char *tz)
{
	struct strbuf key = STRBUF_INIT, summary = STRBUF_INIT, desc = STRBUF_INIT;
	char uid[80], iso[32];
	int projected = !strcmp(r->source, "cadence");
	strbuf_addf(&key, "meeting|%s", r->date);
	uid_of(uid, "meeting", key.buf);
	strbuf_addf(&summary, "%s call%s", wg, projected ? " (projected)" : "");
	int timed = meeting_start(iso, r, time, tz);
	json_t *ev = json_pack("{s:s, s:s, s:s, s:[s]}", "uid", uid, "summary", summary.buf, "start", timed ? iso : r->date,
			       "categories", "meeting");
	const char *minutes = r->minutes, *source = r->source;
	if (r->title && strcmp(r->title, wg))
		strbuf_addf(&desc, "%s\n", r->title);
	if (minutes && !strcmp(source, "minutes"))
		strbuf_addf(&desc, "Minutes: %s\n", minutes);
	else if (minutes && !strcmp(source, "announced"))
		strbuf_addf(&desc, "No minutes yet; the call was announced in %s\n", minutes);
	if (projected)
		strbuf_addstr(&desc, "Projected from the meeting cadence; not announced yet\n");
	if (timed == 2)
		strbuf_addf(&desc, "Time: the working group's usual %s %s\n", time, tz ? tz : "UTC");
	if (desc.len) {
		strbuf_setlen(&desc, desc.len - 1);
		json_object_set_new(ev, "description", json_string(desc.buf));
	}
	if (minutes && !strcmp(source, "minutes") && url_is_web(minutes, strlen(minutes)))
		json_object_set_new(ev, "url", json_string(minutes));
	if (projected)
		json_object_set_new(ev, "status", json_string("TENTATIVE"));
	/* a timed meeting is written in its zone (the calendar's reader sees the call's own clock) */
	const char *etz = r->tz ? r->tz : tz;
	if (timed && etz && strcmp(etz, "UTC"))
		json_object_set_new(ev, "tz", json_string(etz));
	strbuf_release(&key);
	strbuf_release(&summary);
	strbuf_release(&desc);
	return ev;
}

/* The recorded meetings, timed, and the cadence's next call after the last of them, projected. */
static void calendar_meetings(json_t *events, const struct ct_meeting_list *meetings,
			      const struct status_calendar_options *opts)
{
	struct strbuf wg = STRBUF_INIT;
	wg_name(&wg, opts->wg, meetings);
	/* The usual time: the cadence's, else that of the latest meeting recorded with one. */
	const char *time = opts->cadence && *opts->cadence->time ? opts->cadence->time : NULL;
	const char *tz = opts->cadence && *opts->cadence->tz ? opts->cadence->tz : NULL;
	if (!time)
		for (size_t i = 0; i < meetings->n; i++)
			if (meetings->items[i].time) {
				time = meetings->items[i].time;
				tz = meetings->items[i].tz;
			}
	for (size_t i = 0; i < meetings->n; i++)
		json_array_append_new(events, meeting_event(&meetings->items[i], wg.buf, time, tz));
	if (opts->cadence && meetings->n) {
		struct ct_date d;
		if (ct_date_parse_strict(&d, meetings->items[meetings->n - 1].date) == 0) {
			/* the day after the last recorded one holds no recorded meeting: always projected */
			struct ct_meeting next;
			meetings_cadence_meeting(&next, opts->cadence, ct_date_add_days(d, 1), 0);
			json_array_append_new(events, meeting_event(&next, wg.buf, time, tz));
			ct_meeting_release(&next);
		} else {
			ct_error_drop("a stored meeting day that does not read: no call is projected after it");
		}
	}
	strbuf_release(&wg);
}

int status_calendar(json_t **out, char stamp[17], struct ct_db *db, const struct query_doc *docs, size_t ndocs,
		    const struct status_calendar_options *given)
{
	struct status_calendar_options opts = STATUS_CALENDAR_OPTIONS_INIT;
	if (given)
		opts = *given;
	json_t *events = json_array();
	struct ct_meeting_list meetings = CT_MEETING_LIST_INIT;
	int64_t newest = 0;
	int rc = 0;
	*out = NULL;
	for (size_t i = 0; i < ndocs && rc == 0; i++)
		rc = calendar_doc(events, &newest, db, &docs[i], opts.from);
	if (rc == 0)
		rc = meetingdb_query(&meetings, db);
	if (rc == 0)
		calendar_meetings(events, &meetings, &opts);
	time_t t = (time_t)newest;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, 17, "%Y%m%dT%H%M%SZ", &tm);
	ct_meeting_list_release(&meetings);
	if (rc < 0) {
		json_decref(events);
		return rc;
	}
	*out = events;
	return 0;
}
