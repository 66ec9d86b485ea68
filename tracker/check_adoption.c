/*
 * check_adoption.c - the date-before-adoption rule of `cabtrack check`
 * (with a base and a vote end): a date the change adds or moves that is
 * earlier than the end of the ballot's IP review, so it could fall before
 * the ballot takes effect.
 */
#include <string.h>

#include "importers/datephrase.h"
#include "tracker/base/error.h"
#include "tracker/bylaws.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

/* The head obligation a diff date entry stands for, or NULL. */
static const struct ct_obligation *obligation_of(struct check *c, json_t *d)
{
	for (size_t i = 0; i < c->obls.n; i++) {
		const struct ct_obligation *o = &c->obls.items[i];
		if (!strcmp(o->date, jsonget_text(d, "date")) && !strcmp(o->source, jsonget_text(d, "source")) &&
		    !strcmp(o->description, jsonget_text(d, "description")) &&
		    !strcmp(o->section ? o->section : "", jsonget_text(d, "section")))
			return o;
	}
	return NULL;
}

int check_date_before_adoption(struct check *c)
{
	const struct check_options *opts = c->opts;
	int64_t ipr = opts->ipr_end ? opts->ipr_end : bylaws_ipr_end(opts->vote_end, opts->type);
	struct ct_date end = ct_date_from_days((long)(ipr / 86400)), vote = ct_date_from_days((long)(opts->vote_end / 86400));
	char end_s[11], vote_s[11];
	ct_date_format(end_s, &end);
	ct_date_format(vote_s, &vote);
	json_t *d;
	size_t i;
	json_array_foreach(json_object_get(c->diff, "dates"), i, d) {
		const char *change = jsonget_text(d, "change");
		struct ct_date date;
		if ((strcmp(change, "added") && strcmp(change, "moved")) || ct_date_parse_strict(&date, jsonget_text(d, "date")) < 0 ||
		    ct_date_cmp(date, end) >= 0)
			continue;
		const struct ct_obligation *o = obligation_of(c, d);
		json_t *f = check_finding(c, CHECK_DATE_BEFORE_ADOPTION, o ? check_doc_line(c, o->pos, o->line) : 1,
				    "new date %s is earlier than the end of %s's IP review (%s: vote end %s + %lld days), "
				    "so it could fall before the ballot takes effect",
				    jsonget_text(d, "date"), opts->ballot ? opts->ballot : "the ballot", end_s, vote_s,
				    (long long)((ipr - opts->vote_end) / 86400));
		check_set_str(f, "date", jsonget_text(d, "date"));
		check_set_str(f, "section", *jsonget_text(d, "section") ? jsonget_text(d, "section") : NULL);
	}
	ct_error_drop("a diff date that is no calendar date (as written, unparsed) has no day to compare with the IP review's end");
	return 0;
}
