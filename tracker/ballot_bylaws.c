/*
 * ballot_bylaws.c - the Bylaws' view of a recorded ballot (see
 * ballot_bylaws.h): lifecycle steps, vote tally, endorsements.
 *
 * Reads only the recorded row it is given and the clock (for the next
 * deadline when no as_of is given); the arithmetic is tracker/bylaws.c's.
 */
#include "tracker/ballot_bylaws.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/record.h"
#include "tracker/bylaws.h"
#include "tracker/base/error.h"
#include "tracker/base/when.h"
#include "tracker/valid.h"

/* A recorded time (ISO 8601 UTC, may be NULL), 0 when absent or unreadable. */
static int64_t recorded(const char *iso)
{
	int64_t t = 0;
	if (iso && when_parse_iso(&t, iso) < 0) {
		ct_error_drop("a stored time that does not read is taken as not recorded (valid.c refuses it on the way in)");
		t = 0;
	}
	return t;
}

static const char *const step_keys[BALLOT_BYLAWS_NSTEPS] = {
	"discussion_start", "last_version", "earliest_vote_start", "auto_fail", "vote_start", "vote_end", "result",
	"review_start", "ipr_ends",
};

const char *ballot_bylaws_step_name(enum ballot_bylaws_step_key key)
{
	return step_keys[key];
}

/* Set one step: `t` 0 leaves it without a time; `rule` NULL for a recorded time. */
static void step(struct ballot_bylaws_lifecycle *lc, enum ballot_bylaws_step_key key, const char *label, int64_t t,
		 const char *rule, int can_be_next)
{
	struct ballot_bylaws_step *s = &lc->steps[key];
	s->t = t;
	s->label = label;
	s->derived = rule != NULL;
	snprintf(s->rule, sizeof(s->rule), "%s", rule ? rule : "");
	/* the first of the earliest steps after now that can be a deadline */
	if (t && can_be_next && t > lc->now && (lc->next < 0 || t < lc->steps[lc->next].t))
		lc->next = (int)key;
}

void ballot_bylaws_steps(struct ballot_bylaws_lifecycle *out, const struct ct_ballot *rec, int64_t as_of)
{
	const char *type = rec ? rec->type : NULL;
	int fg = type && !strcmp(type, "guideline");
	enum bylaws_type bt = fg ? BYLAWS_FINAL_GUIDELINE : BYLAWS_FINAL_MAINTENANCE_GUIDELINE;
	memset(out, 0, sizeof(*out));
	out->type = type;
	out->now = as_of ? as_of : (int64_t)time(NULL);
	out->next = -1;

	int64_t ds = rec ? recorded(rec->discussion_start) : 0, lv = rec ? recorded(rec->last_version) : 0;
	int64_t vs = rec ? recorded(rec->vote_start) : 0, ve = rec ? recorded(rec->vote_end) : 0;
	int64_t res = rec ? recorded(rec->result_at) : 0, rs = rec ? recorded(rec->review_start) : 0;
	int64_t ipr = rec ? recorded(rec->ipr_ends) : 0;
	int64_t from = lv ? lv : ds;
	step(out, BALLOT_BYLAWS_DISCUSSION_START, "discussion starts", ds, NULL, 1);
	step(out, BALLOT_BYLAWS_LAST_VERSION, "last version posted", lv, NULL, 1);
	/* once voting has started, the earliest vote start is shown but is no deadline */
	step(out, BALLOT_BYLAWS_EARLIEST_VOTE_START, "voting may start", from ? bylaws_add_days(from, BYLAWS_DISCUSSION_DAYS) : 0,
	     lv ? "last version + 7 days of discussion" : "discussion start + 7 days of discussion", !vs && !ve);
	step(out, BALLOT_BYLAWS_AUTO_FAIL, "fails without a vote",
	     from && !vs && !ve ? bylaws_add_days(from, BYLAWS_AUTOFAIL_DAYS) : 0,
	     lv ? "last version + 90 days without voting" : "discussion start + 90 days without voting", 1);
	step(out, BALLOT_BYLAWS_VOTE_START, "voting starts", vs, NULL, 1);
	if (!ve && vs) {
		ve = bylaws_add_days(vs, BYLAWS_VOTE_DAYS);
		step(out, BALLOT_BYLAWS_VOTE_END, "voting ends", ve, "vote start + 7 days", 1);
	} else {
		step(out, BALLOT_BYLAWS_VOTE_END, "voting ends", ve, NULL, 1);
	}
	int64_t result_due = ve ? bylaws_add_business_days(ve, BYLAWS_RESULT_BUSINESS_DAYS) : 0;
	if (res)
		step(out, BALLOT_BYLAWS_RESULT, "result announced", res, NULL, 1);
	else
		step(out, BALLOT_BYLAWS_RESULT, "result due", result_due, "vote end + 3 business days", 1);
	if (rs) {
		step(out, BALLOT_BYLAWS_REVIEW_START, "IP review starts", rs, NULL, 1);
	} else {
		int64_t base = res ? res : result_due;
		step(out, BALLOT_BYLAWS_REVIEW_START, "Review Notice due",
		     base ? bylaws_add_business_days(base, BYLAWS_NOTICE_BUSINESS_DAYS) : 0,
		     res ? "result + 3 business days" : "result due + 3 business days", 1);
	}
	if (ipr) {
		step(out, BALLOT_BYLAWS_IPR_ENDS, "IP review ends", ipr, NULL, 1);
	} else {
		int64_t base = rs ? rs : res ? res : ve;
		char rule[96];
		snprintf(rule, sizeof(rule), "%s + %d days (%s)", rs ? "review start" : res ? "result" : "vote end",
			 bylaws_review_days(bt), fg ? "Final Guideline" : "Final Maintenance Guideline");
		step(out, BALLOT_BYLAWS_IPR_ENDS, "IP review ends", base ? bylaws_add_days(base, bylaws_review_days(bt)) : 0, rule,
		     1);
	}
}

json_t *ballot_bylaws_step_to_json(const struct ballot_bylaws_lifecycle *lc, enum ballot_bylaws_step_key key, const char *tz)
{
	const struct ballot_bylaws_step *s = &lc->steps[key];
	if (!s->t)
		return json_null();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	when_format_iso(&a, s->t);
	when_format_utc(&b, s->t);
	when_format_zone(&c, s->t, tz);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "key", step_keys[key], "label", s->label, "time", a.buf, "utc",
			      b.buf, "local", c.buf, "derived", s->derived);
	if (s->derived)
		json_object_set_new(o, "rule", json_string(s->rule));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	return o;
}

json_t *ballot_bylaws_lifecycle_to_json(const struct ballot_bylaws_lifecycle *lc, const char *tz)
{
	json_t *out = json_pack("{s:o, s:[]}", "type", record_json_text(lc->type), "steps");
	for (int k = 0; k < BALLOT_BYLAWS_NSTEPS; k++) {
		json_t *o = ballot_bylaws_step_to_json(lc, (enum ballot_bylaws_step_key)k, tz);
		if (json_is_object(o))
			json_array_append(json_object_get(out, "steps"), o);
		json_object_set_new(out, step_keys[k], o);
	}
	return out;
}

void ballot_bylaws_next(struct strbuf *next, const struct ballot_bylaws_lifecycle *lc, const char *tz)
{
	if (lc->next < 0)
		return;
	const struct ballot_bylaws_step *s = &lc->steps[lc->next];
	struct strbuf u = STRBUF_INIT, l = STRBUF_INIT;
	when_format_utc(&u, s->t);
	strbuf_addf(next, "%s %s", s->label, u.buf);
	if (tz && strcmp(tz, "UTC")) {
		when_format_zone(&l, s->t, tz);
		strbuf_addf(next, " (%s)", l.buf);
	}
	strbuf_release(&u);
	strbuf_release(&l);
}

json_t *ballot_bylaws_lifecycle(const struct ct_ballot *rec, const char *tz, int64_t as_of, const char **next_out,
				struct strbuf *next)
{
	struct ballot_bylaws_lifecycle lc;
	ballot_bylaws_steps(&lc, rec, as_of);
	strbuf_reset(next);
	ballot_bylaws_next(next, &lc, tz);
	*next_out = lc.next >= 0 ? next->buf : NULL;
	return ballot_bylaws_lifecycle_to_json(&lc, tz);
}

json_t *ballot_bylaws_vote(const struct ct_ballot *rec)
{
	int iv[3], cv[3];
	const char *is = rec ? rec->votes_issuers : NULL, *cs = rec ? rec->votes_consumers : NULL;
	if (!is || !cs)
		return NULL;
	if (valid_votes(iv, is) < 0 || valid_votes(cv, cs) < 0) {
		ct_error_drop("stored votes that do not read are no vote (valid.c refuses them on the way in)");
		return NULL;
	}
	struct bylaws_class issuers = { iv[0], iv[1], iv[2] }, consumers = { cv[0], cv[1], cv[2] };
	struct bylaws_tally t;
	bylaws_tally(&t, &issuers, &consumers);
	return json_pack("{s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:b, s:b, s:b, s:b, s:s}", "issuers", "yes", iv[0], "no",
			 iv[1], "abstain", iv[2], "consumers", "yes", cv[0], "no", cv[1], "abstain", cv[2], "issuers_ok",
			 t.issuers_ok, "consumers_ok", t.consumers_ok, "yes_in_each", t.yes_in_each, "passed", t.passed,
			 "result", t.passed ? "passed" : "failed");
}

/* The member of a name: the text inside its last parentheses, else the name. */
static void member_of(char *out, size_t outsz, const char *name)
{
	const char *open = strrchr(name, '('), *close = open ? strchr(open, ')') : NULL;
	if (open && close && close > open + 1)
		snprintf(out, outsz, "%.*s", (int)(close - open - 1), open + 1);
	else
		snprintf(out, outsz, "%s", name);
}

json_t *ballot_bylaws_endorsement(const struct ct_ballot *rec)
{
	const char *proposer = rec ? rec->proposer : NULL, *state = rec ? rec->state : NULL;
	json_t *endorsers = rec ? record_json_parsed(rec->endorsers) : NULL, *x;
	int before_vote = state && (!strcmp(state, "discussion") || !strcmp(state, "voting"));
	if (!proposer && !json_array_size(endorsers) && !before_vote) {
		json_decref(endorsers);
		return NULL;
	}
	char own[256] = "", m[256];
	if (proposer)
		member_of(own, sizeof(own), proposer);
	json_t *members = json_object();
	size_t i;
	json_array_foreach(endorsers, i, x) {
		if (!json_is_string(x))
			continue;
		member_of(m, sizeof(m), json_string_value(x));
		if (strcasecmp(m, own))
			json_object_set_new(members, m, json_true());
	}
	size_t n = json_object_size(members);
	json_decref(members);
	json_t *out = json_pack("{s:s?, s:o, s:i, s:b}", "proposer", proposer, "endorsers",
				json_is_array(endorsers) ? json_incref(endorsers) : json_array(), "other_members", (int)n,
				"enough", n >= 2);
	if (n >= 2)
		json_object_set_new(out, "flag", json_null());
	else
		json_object_set_new(out, "flag", json_sprintf("%zu endorser%s from members other than the proposer's; "
							      "the Bylaws (2.3(3)) need two",
							      n, n == 1 ? "" : "s"));
	json_decref(endorsers);
	return out;
}
