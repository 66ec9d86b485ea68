/*
 * valid.c - the checks of hand-recorded values (see valid.h).
 *
 * Owns the lists of what a ballot's state, type and plan keywords may be;
 * times and zones are when.c's, calendar arithmetic datephrase.c's.
 */
#include "tracker/valid.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "db/state.h"
#include "tracker/bylaws.h"
#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "importers/github.h"
#include "tracker/meetings_cadence.h"
#include "tracker/base/suggest.h"

static const char *const states[] = {
	"draft", "discussion", "voting", "passed", "failed", "ipr-review", "effective", "withdrawn",
};

/* Longest first, so that "MUST NOT" is found before "MUST". */
static const char *const keywords[] = {
	"MUST NOT", "SHALL NOT", "SHOULD NOT", "NOT RECOMMENDED", "MUST", "SHALL", "SHOULD", "MAY",
	"REQUIRED", "RECOMMENDED", "OPTIONAL",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The longest a plan may count: 100 years. */
#define MAX_MONTHS 1200
#define MAX_DAYS 36525

/* Is s one of list[0..n)? */
static int one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

int valid_ballot_state(const char *s)
{
	if (one_of(s, states, COUNT(states)))
		return 0;
	const char *near = s ? suggest_nearest(s, states, COUNT(states)) : NULL;
	return ct_error_set(CT_EINVALID, "unknown state '%s'; %s%s%suse draft, discussion, voting, passed, failed, ipr-review, "
			    "effective or withdrawn", s ? s : "", near ? "did you mean '" : "", near ? near : "",
			    near ? "'? " : "");
}

int valid_ballot_type(const char *s)
{
	if (s && (!strcmp(s, "maintenance") || !strcmp(s, "guideline")))
		return 0;
	return ct_error_set(CT_EINVALID, "unknown ballot type '%s'; use maintenance or guideline", s ? s : "");
}

int valid_ballot_type_text(const char **stored, const char *s)
{
	static const char *const fmg[] = { "maintenance", "final maintenance guideline", "fmg" };
	static const char *const fg[] = { "guideline", "final guideline", "fg" };
	for (size_t i = 0; s && i < COUNT(fmg); i++) {
		if (!strcasecmp(s, fmg[i])) {
			*stored = "maintenance";
			return 0;
		}
		if (!strcasecmp(s, fg[i])) {
			*stored = "guideline";
			return 0;
		}
	}
	return ct_error_set(CT_EINVALID, "unknown ballot type '%s'; use \"Final Maintenance Guideline\" (maintenance) or "
			    "\"Final Guideline\" (guideline)", s ? s : "");
}

int valid_votes(int out[3], const char *s)
{
	const char *p = s;
	for (int i = 0; p && i < 3; i++) {
		size_t n = strspn(p, "0123456789");
		if (n == 0 || n > 4 || (i < 2 ? p[n] != '/' : p[n] != '\0'))
			goto bad;
		out[i] = atoi(p);
		p += n + (i < 2);
	}
	if (p)
		return 0;
bad:
	return ct_error_set(CT_EINVALID, "'%s' is not a count of votes; write YES/NO/ABSTAIN, as in 12/0/1 (0 to 9999 each)",
			    s ? s : "");
}

int valid_member(const char *s)
{
	if (!s || !*s)
		return ct_error_set(CT_EINVALID, "a member's name is empty");
	if (strlen(s) > 200)
		return ct_error_set(CT_EINVALID, "a member's name is longer than 200 bytes");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return ct_error_set(CT_EINVALID, "a member's name holds a control character");
	return 0;
}

int valid_pr(int64_t pr)
{
	if (pr >= 1 && pr <= 999999999)
		return 0;
	return ct_error_set(CT_EINVALID, "invalid pull-request number %lld (1 to 999999999)", (long long)pr);
}

int valid_pr_text(int64_t *out, const char *s)
{
	const char *p = s && s[0] == '#' ? s + 1 : s;
	if (!p || !*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 9 || valid_pr(atoll(p)) < 0)
		return ct_error_set(CT_EINVALID, "invalid pull-request number '%s' (1 to 999999999)", s ? s : "");
	*out = atoll(p);
	return 0;
}

int valid_offset(const char *offset)
{
	struct ct_duration d;
	if (ct_duration_parse(&d, offset) < 0)
		return CT_EINVALID;
	if (d.months > MAX_MONTHS || d.days > MAX_DAYS)
		return ct_error_set(CT_EINVALID, "duration '%s' is longer than 100 years", offset);
	return 0;
}

int valid_keyword(const char *kw)
{
	if (one_of(kw, keywords, COUNT(keywords)))
		return 0;
	return ct_error_set(CT_EINVALID, "'%s' is not an RFC 2119 keyword (MUST, SHALL, SHOULD, MAY, ...)", kw ? kw : "");
}

int valid_phase(char **kw, char **offset, const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	for (size_t i = 0; i < COUNT(keywords); i++) {
		size_t n = strlen(keywords[i]);
		if (strncasecmp(s, keywords[i], n) || (s[n] && !isspace((unsigned char)s[n])))
			continue;
		const char *rest = s + n;
		while (isspace((unsigned char)*rest))
			rest++;
		if (valid_offset(rest) < 0)
			return ct_error_prefix(CT_EINVALID, "invalid phase '%s': ", s);
		*kw = xstrdup(keywords[i]);
		*offset = xstrdup(rest);
		return 0;
	}
	return ct_error_set(CT_EINVALID, "invalid phase '%s'; write an RFC 2119 keyword and a duration, as in \"SHOULD +6 months\"",
			    s);
}

int valid_day(const char *s)
{
	int64_t t;
	/* Stored days are written YYYY-MM-DD, the only shape taken here (when_parse reads more). */
	if (s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' && isdigit((unsigned char)s[0]) && when_parse(&t, s, NULL) == 0)
		return 0;
	return ct_error_set(CT_EINVALID, "'%s' is not a day (YYYY-MM-DD, the years 1000 to 9999)", s ? s : "");
}

int valid_plan_from(const char *s)
{
	struct ct_date d;
	if (s && (!strcmp(s, "adoption") || (strlen(s) == 10 && ct_date_parse_strict(&d, s) == 0)))
		return 0;
	return ct_error_set(CT_EINVALID, "a plan counts from 'adoption' or a day (YYYY-MM-DD), not '%s'", s ? s : "");
}

int valid_clock(const char *s)
{
	return meetings_cadence_clock(s);
}

int valid_lifecycle(const struct valid_lifecycle *lc)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int rc = 0;
	if (lc->have[1] && lc->have[2] && lc->t[1] > lc->t[2]) {
		when_format_iso(&a, lc->t[1]);
		when_format_iso(&b, lc->t[2]);
		rc = ct_error_set(CT_EINVALID, "voting cannot start (%s) after it ends (%s)", a.buf, b.buf);
	} else if (lc->have[2] && lc->have[3] && lc->t[3] < lc->t[2]) {
		when_format_iso(&a, lc->t[3]);
		when_format_iso(&b, lc->t[2]);
		rc = ct_error_set(CT_EINVALID, "the IP review cannot end (%s) before voting ends (%s)", a.buf, b.buf);
	} else if (lc->have[2] && !lc->have[3] && when_check_range(bylaws_ipr_end(lc->t[2], lc->type)) < 0) {
		when_format_iso(&b, lc->t[2]);
		rc = ct_error_set(CT_EINVALID, "the IP review end derived from the vote end %s would be after the year 9999; "
				  "give --ipr-ends", b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

/* Prefix the last message with "field: ". */
static int named(const char *field)
{
	return ct_error_prefix(CT_EINVALID, "%s: ", field);
}

/* The string at o.key, NULL when absent or null; CT_EINVALID naming it when it is another type. */
static int field_str(const char **out, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	*out = json_string_value(v);
	if (v && !json_is_null(v) && !json_is_string(v))
		return ct_error_set(CT_EINVALID, "%s: not a string", key);
	return 0;
}

/* A stored time (ISO, in range) at o.key, when present. */
static int field_time(int64_t *t, int *have, json_t *o, const char *key)
{
	const char *s;
	*have = 0;
	if (field_str(&s, o, key) < 0)
		return CT_EINVALID;
	if (!s)
		return 0;
	if (when_parse_iso(t, s) < 0)
		return named(key);
	*have = 1;
	return 0;
}

/* A stored text that must be there and not be empty. */
static int field_text(json_t *o, const char *key)
{
	const char *s;
	if (field_str(&s, o, key) < 0)
		return CT_EINVALID;
	if (!s || !*s)
		return ct_error_set(CT_EINVALID, "%s: missing or empty", key);
	return 0;
}

/* The fields of migration 6: proposer, endorsers, the Bylaws' times and the votes. */
static int bylaws_fields(json_t *b)
{
	static const char *const times[] = { "last_version", "result_at", "review_start" };
	static const char *const votes[] = { "votes_issuers", "votes_consumers" };
	const char *s;
	int64_t t;
	int have, n[3];
	if (field_str(&s, b, "proposer") < 0 || (s && valid_member(s) < 0))
		return named("proposer");
	json_t *e = json_object_get(b, "endorsers"), *x;
	size_t i;
	if (e && !json_is_null(e) && !json_is_array(e))
		return ct_error_set(CT_EINVALID, "endorsers: not an array");
	json_array_foreach(e, i, x)
		if (!json_is_string(x) || valid_member(json_string_value(x)) < 0)
			return json_is_string(x) ? named("endorsers") : ct_error_set(CT_EINVALID, "endorsers: not a string");
	for (i = 0; i < COUNT(times); i++)
		if (field_time(&t, &have, b, times[i]) < 0)
			return CT_EINVALID;
	for (i = 0; i < COUNT(votes); i++)
		if (field_str(&s, b, votes[i]) < 0 || (s && valid_votes(n, s) < 0))
			return named(votes[i]);
	return 0;
}

int valid_ballot_row(json_t *b)
{
	static const char *const times[] = { "discussion_start", "vote_start", "vote_end", "ipr_ends" };
	struct valid_lifecycle lc;
	const char *s;
	int64_t t;
	int have;
	memset(&lc, 0, sizeof(lc));
	if (field_text(b, "doc") < 0 || field_text(b, "ballot_key") < 0 || field_text(b, "name") < 0)
		return CT_EINVALID;
	if (field_str(&s, b, "state") < 0 || (s && valid_ballot_state(s) < 0))
		return named("state");
	if (field_str(&s, b, "type") < 0 || (s && valid_ballot_type(s) < 0))
		return named("type");
	lc.type = s;
	if (field_str(&s, b, "plan_from") < 0 || (s && valid_plan_from(s) < 0))
		return named("plan_from");
	if (field_str(&s, b, "title") < 0 || field_str(&s, b, "base") < 0 || field_str(&s, b, "head") < 0)
		return CT_EINVALID;
	json_t *pr = json_object_get(b, "pr");
	if (pr && !json_is_null(pr) && (!json_is_integer(pr) || valid_pr(json_integer_value(pr)) < 0))
		return json_is_integer(pr) ? named("pr") : ct_error_set(CT_EINVALID, "pr: not a number");
	for (size_t i = 0; i < 4; i++)
		if (field_time(&lc.t[i], &lc.have[i], b, times[i]) < 0)
			return CT_EINVALID;
	if (valid_lifecycle(&lc) < 0)
		return CT_EINVALID;
	if (bylaws_fields(b) < 0)
		return CT_EINVALID;
	if (field_text(b, "created") < 0 || field_text(b, "updated") < 0 || field_time(&t, &have, b, "created") < 0 ||
	    field_time(&t, &have, b, "updated") < 0)
		return CT_EINVALID;
	return 0;
}

int valid_meeting_row(json_t *m)
{
	static const char *const sources[] = { "recorded", "minutes", "announced" };
	const char *s;
	int64_t t;
	int have;
	if (field_text(m, "date") < 0)
		return CT_EINVALID;
	if (valid_day(json_string_value(json_object_get(m, "date"))) < 0)
		return named("date");
	if (field_str(&s, m, "time") < 0 || (s && valid_clock(s) < 0))
		return named("time");
	if (field_str(&s, m, "tz") < 0 || (s && when_check_zone(s) < 0))
		return named("tz");
	if (field_time(&t, &have, m, "start_utc") < 0)
		return CT_EINVALID;
	if (field_text(m, "source") < 0)
		return CT_EINVALID;
	field_str(&s, m, "source");
	if (!one_of(s, sources, COUNT(sources)))
		return ct_error_set(CT_EINVALID, "source: '%s' is not recorded, minutes or announced", s);
	if (field_str(&s, m, "title") < 0 || field_str(&s, m, "minutes") < 0)
		return CT_EINVALID;
	json_t *tags = json_object_get(m, "tags"), *tag;
	size_t i;
	if (tags && !json_is_null(tags) && !json_is_array(tags))
		return ct_error_set(CT_EINVALID, "tags: not a list");
	json_array_foreach(tags, i, tag)
		if (!json_is_string(tag))
			return ct_error_set(CT_EINVALID, "tags[%zu]: not a string", i);
	if (field_text(m, "created") < 0 || field_text(m, "updated") < 0 || field_time(&t, &have, m, "created") < 0 ||
	    field_time(&t, &have, m, "updated") < 0)
		return CT_EINVALID;
	return 0;
}

/* ---- import state: the whole file ------------------------------------------------------------- */

/* Put "where." before the last message, which starts with a field's name; CT_EINVALID. */
static int in(const char *where)
{
	return ct_error_prefix(CT_EINVALID, "%s.", where);
}

/* Refuse a key of o that is none of fields[0..n) and extra[] (NULL-terminated, may be NULL): nothing is dropped silently. */
static int known_keys(json_t *o, const char *where, const char *const *fields, size_t n, const char *const *extra)
{
	const char *key;
	json_t *v;
	if (!json_is_object(o))
		return ct_error_set(CT_EINVALID, "%s is not an object", where);
	json_object_foreach(o, key, v) {
		int ok = 0;
		for (size_t i = 0; i < n && !ok; i++)
			ok = !strcmp(key, fields[i]);
		for (const char *const *e = extra; e && *e && !ok; e++)
			ok = !strcmp(key, *e);
		if (!ok)
			return ct_error_set(CT_EINVALID, "%s: unknown field '%s'", where, key);
	}
	return 0;
}

/* Is `doc` a document of the database? */
static int known_doc(struct ct_db *db, const char *doc)
{
	sqlite3_stmt *st;
	if (db_prepare(&st, db, "SELECT 1 FROM documents WHERE name = ?1") < 0)
		return CT_EDB;
	db_bind_text(st, 1, doc);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(db, "reading the documents");
	return ct_error_set(CT_EINVALID, "doc: no document '%s' in this database; import it first", doc);
}

static const char *const phase_fields[] = { "keyword", "offset" };
static const char *const log_fields[] = { "time", "field", "old", "new" };
/* What ballot_log.field holds: the fields ballotdb_set changes, and the plan. */
static const char *const logged[] = {
	"title", "base", "head", "pr", "state", "type", "discussion_start", "vote_start", "vote_end", "ipr_ends",
	"plan_from", "plan", "proposer", "endorsers", "last_version", "result_at", "review_start", "votes_issuers",
	"votes_consumers",
};

static int check_phase(json_t *p, const char *where)
{
	if (known_keys(p, where, phase_fields, 2, NULL) < 0)
		return CT_EINVALID;
	json_t *kw = json_object_get(p, "keyword"), *off = json_object_get(p, "offset");
	if (!json_is_string(kw) || !json_is_string(off))
		return ct_error_set(CT_EINVALID, "%s needs the strings keyword and offset", where);
	if (valid_keyword(json_string_value(kw)) < 0 || valid_offset(json_string_value(off)) < 0)
		return named(where);
	return 0;
}

static int check_log(json_t *l, const char *where)
{
	int64_t t;
	if (known_keys(l, where, log_fields, 4, NULL) < 0)
		return CT_EINVALID;
	json_t *field = json_object_get(l, "field"), *old = json_object_get(l, "old"), *new_ = json_object_get(l, "new");
	if (!json_is_string(json_object_get(l, "time")) || !json_is_string(field))
		return ct_error_set(CT_EINVALID, "%s needs the strings time and field", where);
	if (when_parse_iso(&t, json_string_value(json_object_get(l, "time"))) < 0)
		return named(where);
	int ok = 0;
	for (size_t i = 0; i < sizeof(logged) / sizeof(logged[0]) && !ok; i++)
		ok = !strcmp(json_string_value(field), logged[i]);
	if (!ok)
		return ct_error_set(CT_EINVALID, "%s.field: a ballot has no field '%s'", where, json_string_value(field));
	if ((old && !json_is_null(old) && !json_is_string(old)) || (new_ && !json_is_null(new_) && !json_is_string(new_)))
		return ct_error_set(CT_EINVALID, "%s: old and new are strings or null", where);
	return 0;
}

static int check_ballot(struct ct_db *db, json_t *b, const char *where)
{
	static const char *const lists[] = { "phases", "log", NULL };
	char sub[96];
	json_t *x;
	size_t j, nfields;
	const char *const *fields = state_fields("ballots", &nfields);
	if (known_keys(b, where, fields, nfields, lists) < 0)
		return CT_EINVALID;
	if (valid_ballot_row(b) < 0)
		return in(where);
	int rc = known_doc(db, json_string_value(json_object_get(b, "doc")));
	if (rc < 0)
		return rc == CT_EDB ? CT_EDB : in(where);
	if (!json_is_array(json_object_get(b, "phases")) || !json_is_array(json_object_get(b, "log")))
		return ct_error_set(CT_EINVALID, "%s needs the arrays 'phases' and 'log'", where);
	json_array_foreach(json_object_get(b, "phases"), j, x) {
		snprintf(sub, sizeof(sub), "%s.phases[%zu]", where, j);
		if (check_phase(x, sub) < 0)
			return CT_EINVALID;
	}
	json_array_foreach(json_object_get(b, "log"), j, x) {
		snprintf(sub, sizeof(sub), "%s.log[%zu]", where, j);
		if (check_log(x, sub) < 0)
			return CT_EINVALID;
	}
	return 0;
}

int valid_state_file(struct ct_db *db, json_t *state)
{
	static const char *const top[] = { "cabtrack_state", "ballots", "meetings" };
	char where[64];
	if (!json_is_object(state) || json_integer_value(json_object_get(state, "cabtrack_state")) != STATE_FORMAT)
		return ct_error_set(CT_EINVALID, "not a cabtrack state file (format %d)", STATE_FORMAT);
	if (known_keys(state, "the file", top, 3, NULL) < 0)
		return CT_EINVALID;
	json_t *ballots = json_object_get(state, "ballots"), *meetings = json_object_get(state, "meetings"), *x;
	size_t i;
	if (!json_is_array(ballots) || !json_is_array(meetings))
		return ct_error_set(CT_EINVALID, "a state file needs the arrays 'ballots' and 'meetings'");
	json_array_foreach(ballots, i, x) {
		snprintf(where, sizeof(where), "ballots[%zu]", i);
		int rc = check_ballot(db, x, where);
		if (rc < 0)
			return rc;
	}
	json_array_foreach(meetings, i, x) {
		snprintf(where, sizeof(where), "meetings[%zu]", i);
		size_t nfields;
		const char *const *fields = state_fields("meetings", &nfields);
		if (known_keys(x, where, fields, nfields, NULL) < 0)
			return CT_EINVALID;
		if (valid_meeting_row(x) < 0)
			return in(where);
	}
	return 0;
}

/* Text that is there: not empty, no control characters. */
static int text(const char *key, const char *value)
{
	if (!*value)
		return ct_error_set(CT_EINVALID, "%s: the value is empty (remove the key with 'cabtrack config --unset %s')", key,
				    key);
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ct_error_set(CT_EINVALID, "%s: the value holds a control character", key);
	return 0;
}

/* An http(s) URL with a host. */
static int web_url(const char *key, const char *value)
{
	const char *host = !strncmp(value, "https://", 8) ? value + 8 : !strncmp(value, "http://", 7) ? value + 7 : NULL;
	if (!host || !*host || *host == '/' || strpbrk(value, " \t"))
		return ct_error_set(CT_EINVALID, "%s: '%s' is not an http:// or https:// URL", key, value);
	return 0;
}

int valid_setting(const char *key, const char *value)
{
	static const char *const doc_fields[] = { "url", "path", "branch", "remote" };
	if (text(key, value) < 0)
		return CT_EINVALID;
	if (!strcmp(key, "cabtrack.wg") || !strcmp(key, "cabtrack.pages") || !strcmp(key, "cabtrack.document"))
		return 0;
	if (!strcmp(key, "cabtrack.github"))
		return github_repo_name_valid(value) ? 0
			: ct_error_set(CT_EINVALID, "%s: '%s' is not a repository name OWNER/REPO", key, value);
	if (!strcmp(key, "cabtrack.api-url"))
		return web_url(key, value);
	if (!strcmp(key, "meeting.tz"))
		return when_check_zone(value) < 0 ? named(key) : 0;
	if (!strcmp(key, "meeting.time"))
		return valid_clock(value) < 0 ? named(key) : 0;
	if (!strcmp(key, "meeting.anchor")) {
		struct ct_date d;
		return strlen(value) != 10 || ct_date_parse_strict(&d, value) < 0
			? ct_error_set(CT_EINVALID, "%s: '%s' is not a day (YYYY-MM-DD)", key, value) : 0;
	}
	if (!strcmp(key, "meeting.cadence")) {
		struct meetings_cadence c;
		return meetings_cadence_parse(&c, value, NULL, NULL, NULL, NULL, ct_date_today()) < 0 ? named(key) : 0;
	}
	const char *dot = strrchr(key, '.');
	if (!strncmp(key, "document.", 9) && dot > key + 9 && one_of(dot + 1, doc_fields, COUNT(doc_fields))) {
		if (strcmp(dot + 1, "remote"))
			return 0;
		const char *sp = strchr(value, ' ');
		if (!sp || sp == value || !sp[1])
			return ct_error_set(CT_EINVALID, "%s: write a remote as NAME URL, not '%s'", key, value);
		return 0;
	}
	static const char *const keys[] = { "cabtrack.wg", "cabtrack.github", "cabtrack.api-url", "cabtrack.pages",
					    "cabtrack.document", "meeting.tz", "meeting.time", "meeting.cadence", "meeting.anchor" };
	const char *near = suggest_nearest(key, keys, COUNT(keys));
	return ct_error_set(CT_EINVALID, "unknown key '%s'; %s%s%suse cabtrack.wg, cabtrack.github, cabtrack.api-url, "
			    "cabtrack.pages, cabtrack.document, document.NAME.url|path|branch|remote, meeting.tz, meeting.time, meeting.cadence "
			    "or meeting.anchor", key, near ? "did you mean '" : "", near ? near : "", near ? "'? " : "");
}
