/*
 * bylaws.h - the CA/Browser Forum Bylaws' ballot arithmetic (v2.5, sections
 * 2.3 and 2.4; IPR Policy 4.1): periods, deadlines and the pass rule
 * (tracker/bylaws.c).
 *
 * Times are UTC seconds since the epoch.  Calendar-day periods add whole
 * days of 86,400 s to the instant they start from (a 7-day vote that starts
 * 2024-01-10 17:00 UTC ends 2024-01-17 17:00 UTC).  Business days are
 * Monday to Friday in UTC; the Bylaws name no holidays, so none are skipped.
 */
#ifndef CT_BYLAWS_H
#define CT_BYLAWS_H

#include <stdint.h>

/* The periods, in calendar days, and the deadlines, in business days. */
enum {
	BYLAWS_DISCUSSION_DAYS = 7,     /* 2.3(3): at least 7 days with no new version before voting */
	BYLAWS_AUTOFAIL_DAYS = 90,      /* 2.3(3): fails 90 days after the last version without a vote */
	BYLAWS_VOTE_DAYS = 7,           /* 2.3(4): exactly 7 days of voting */
	BYLAWS_RESULT_BUSINESS_DAYS = 3,/* 2.3(8): the result within 3 business days of the vote's close */
	BYLAWS_NOTICE_BUSINESS_DAYS = 3,/* 2.4(5): the Review Notice by the 3rd business day after the result */
	BYLAWS_NOTICE_VICE_BUSINESS_DAYS = 5, /* 2.4(5): else the Vice Chair, after 5 business days */
	BYLAWS_FMG_REVIEW_DAYS = 30,    /* IPR 4.1: Final Maintenance Guideline */
	BYLAWS_FG_REVIEW_DAYS = 60,     /* IPR 4.1: Final Guideline */
};

/* What a Draft Guideline Ballot proposes (2.4), which sets its review period. */
enum bylaws_type {
	BYLAWS_FINAL_MAINTENANCE_GUIDELINE = 0, /* errata or amendment: 30-day review */
	BYLAWS_FINAL_GUIDELINE = 1,             /* a new Final Guideline: 60-day review */
};

/* `t` plus `days` calendar days. */
int64_t bylaws_add_days(int64_t t, int days);

/*
 * `t` plus `n` business days (Monday to Friday, UTC): the same time of day
 * on the n-th weekday after t's day.
 */
int64_t bylaws_add_business_days(int64_t t, int n);

/* The review period's length in days for a ballot of `type`. */
int bylaws_review_days(enum bylaws_type type);

/*
 * The IP review end for a vote ending at `vote_end` (UTC seconds) of a
 * ballot of stored `type`: 60 days for "guideline" (a Final Guideline),
 * else 30 (a Final Maintenance Guideline, also when `type` is NULL).
 */
int64_t bylaws_ipr_end(int64_t vote_end, const char *type);

/* The dates a ballot's recorded facts imply; 0 where they imply nothing. */
struct bylaws_dates {
	int64_t earliest_vote_start; /* last version + 7 days */
	int64_t auto_fail;           /* last version + 90 days, unless voting started */
	int64_t vote_end;            /* vote start + 7 days */
	int64_t result_due;          /* vote end + 3 business days */
	int64_t notice_due;          /* result (else its deadline) + 3 business days */
	int64_t review_end;          /* review start (else the notice deadline) + 30 or 60 days */
};

/*
 * What the Bylaws imply from the facts known (each 0 when unknown):
 * `last_version` (when the last version was posted), `vote_start`,
 * `result` (when the result was announced), `review_start` (the Review
 * Notice's start) and the ballot's `type`.  Each later date is derived from
 * the nearest known fact before it.
 */
void bylaws_derive(struct bylaws_dates *out, int64_t last_version, int64_t vote_start, int64_t result,
		   int64_t review_start, enum bylaws_type type);

/* The votes of one class of members: yes, no, abstain (2.3(4)). */
struct bylaws_class {
	int yes, no, abstain;
};

/* The outcome of a vote by the pass rule of 2.3(5) and 2.3(6). */
struct bylaws_tally {
	int passed;           /* 1 when every condition below holds */
	int issuers_ok;       /* at least two thirds of issuer yes/no votes are yes */
	int consumers_ok;     /* more than half of consumer yes/no votes are yes */
	int yes_in_each;      /* at least one yes among issuers and among consumers */
};

/*
 * Tally a vote: abstentions count toward neither threshold (2.3(6)).
 * Quorum (2.3(7)) depends on attendance cabtrack does not record, so it is
 * not judged here.
 */
void bylaws_tally(struct bylaws_tally *out, const struct bylaws_class *issuers, const struct bylaws_class *consumers);

#endif
