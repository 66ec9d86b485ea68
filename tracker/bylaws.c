/*
 * bylaws.c - the Bylaws' ballot arithmetic (see bylaws.h).
 *
 * Pure functions of their arguments: no clock, no database, no I/O.  The
 * pass rule is exact integer arithmetic (3 * yes >= 2 * (yes + no)), never
 * floating point.
 */
#include <string.h>

#include "tracker/bylaws.h"

#define DAY ((int64_t)86400)

int64_t bylaws_add_days(int64_t t, int days)
{
	return t + (int64_t)days * DAY;
}

/* 0 Monday .. 6 Sunday of the UTC day holding t (1970-01-01 was a Thursday). */
static int weekday(int64_t t)
{
	int64_t days = t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int64_t bylaws_add_business_days(int64_t t, int n)
{
	while (n > 0) {
		t += DAY;
		if (weekday(t) < 5)
			n--;
	}
	return t;
}

int bylaws_review_days(enum bylaws_type type)
{
	return type == BYLAWS_FINAL_GUIDELINE ? BYLAWS_FG_REVIEW_DAYS : BYLAWS_FMG_REVIEW_DAYS;
}

void bylaws_derive(struct bylaws_dates *out, int64_t last_version, int64_t vote_start, int64_t result,
		   int64_t review_start, enum bylaws_type type)
{
	*out = (struct bylaws_dates){ 0 };
	if (last_version) {
		out->earliest_vote_start = bylaws_add_days(last_version, BYLAWS_DISCUSSION_DAYS);
		if (!vote_start)
			out->auto_fail = bylaws_add_days(last_version, BYLAWS_AUTOFAIL_DAYS);
	}
	if (vote_start) {
		out->vote_end = bylaws_add_days(vote_start, BYLAWS_VOTE_DAYS);
		out->result_due = bylaws_add_business_days(out->vote_end, BYLAWS_RESULT_BUSINESS_DAYS);
	}
	int64_t from = result ? result : out->result_due;
	if (from)
		out->notice_due = bylaws_add_business_days(from, BYLAWS_NOTICE_BUSINESS_DAYS);
	int64_t start = review_start ? review_start : out->notice_due;
	if (start)
		out->review_end = bylaws_add_days(start, bylaws_review_days(type));
}

void bylaws_tally(struct bylaws_tally *out, const struct bylaws_class *issuers, const struct bylaws_class *consumers)
{
	long iy = issuers->yes, in = issuers->no, cy = consumers->yes, cn = consumers->no;
	out->issuers_ok = iy + in > 0 && 3 * iy >= 2 * (iy + in);
	out->consumers_ok = cy + cn > 0 && 2 * cy > cy + cn;
	out->yes_in_each = iy > 0 && cy > 0;
	out->passed = out->issuers_ok && out->consumers_ok && out->yes_in_each;
}

int64_t bylaws_ipr_end(int64_t vote_end, const char *type)
{
	enum bylaws_type t = type && !strcmp(type, "guideline") ? BYLAWS_FINAL_GUIDELINE : BYLAWS_FINAL_MAINTENANCE_GUIDELINE;
	return bylaws_add_days(vote_end, bylaws_review_days(t));
}
