/*
 * cmd_ballot.c - `cabtrack ballot`: list, show, add, set, plan and diff
 * the document's ballots.
 *
 * `add`, `set` and `plan` are the only writers of the hand-recorded ballot
 * tables; each runs in one transaction and checks everything it was given
 * (refs resolve, base is an ancestor of head, times and durations parse,
 * the state is one the Forum uses) before it writes anything.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/ballotdb.h"
#include "tracker/ballots.h"
#include "tracker/cli/cli.h"
#include "importers/datephrase.h"
#include "tracker/diff.h"
#include "render/diffview.h"
#include "tracker/base/error.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/diff_view.h"
#include "tracker/valid.h"
#include "tracker/inflight.h"

static const char usage[] =
	"usage: cabtrack ballot list [--doc NAME] [--at DAY] [--state S] [--format " CLI_LISTING_FORMATS "]\n"
	"   or: cabtrack ballot show ID [--doc NAME] [--at DAY] [--tz ZONE] [--format text|json]\n"
	"   or: cabtrack ballot add ID --base REF --head REF [--title T] [--pr N] [--doc NAME]\n"
	"   or: cabtrack ballot add ID --compare URL [--title T] [--pr N] [--doc NAME]\n"
	"   or: cabtrack ballot set ID [--state S] [--discussion-start T] [--last-version T]\n"
	"                             [--vote-start T] [--vote-end T] [--result-at T]\n"
	"                             [--review-start T] [--ipr-ends T] [--type TYPE]\n"
	"                             [--proposer P] [--endorser E]... [--title T] [--pr N]\n"
	"                             [--tz ZONE] [--doc NAME]\n"
	"   or: cabtrack ballot vote ID --issuers Y/N/A --consumers Y/N/A [--doc NAME]\n"
	"   or: cabtrack ballot plan ID --phase \"KEYWORD +DURATION\"... [--from adoption|DATE] [--clear]\n"
	"   or: cabtrack ballot diff ID [--doc NAME] [--at DAY] [--section S] [--no-redline]\n"
	"                             [--format text|json|markdown|html]\n\n"
	"Ballots are found at import (commits on main that name one, tags such as\n"
	"Ballot_SMC05, pull requests, fork branches, the Revisions table) or declared with\n"
	"'add'.  ID is a ballot name in any spelling (SMC05, Ballot_SMC05, SMC-05), a draft's\n"
	"name, or a ref one of its sources carries (srdavidson/CAA, pull/228/head).\n\n"
	"   --base REF, --head REF  where the ballot's change starts and ends (refs, commits)\n"
	"   --compare URL   base and head from a GitHub compare link, as minutes cite drafts\n"
	"                   (https://github.com/OWNER/REPO/compare/BASE...HEAD); both commits\n"
	"                   must be imported\n"
	"   --state S       draft, discussion, voting, passed, failed, ipr-review, effective,\n"
	"                   withdrawn\n"
	"   --discussion-start T, --last-version T, --vote-start T, --vote-end T,\n"
	"   --result-at T, --review-start T, --ipr-ends T\n"
	"                   times: a day, then a time and a zone ('Dec 6, 2023 11am EST',\n"
	"                   2023-12-06T16:00Z; 'man cabtrack', DATES AND TIMES); stored in UTC.\n"
	"                   What is not given is derived as the Bylaws (v2.5, 2.3 and 2.4) do,\n"
	"                   and shown as derived: voting from 7 days after the last version\n"
	"                   (else the discussion's start), failing 90 days after it without a\n"
	"                   vote, 7 days of voting, the result within 3 business days, the\n"
	"                   Review Notice 3 business days after it, and the IP review end 30\n"
	"                   days (60 for a Final Guideline) after the review's start (else the\n"
	"                   result, else the vote's end)\n"
	"   --type TYPE     \"Final Maintenance Guideline\" (maintenance, FMG, the default) or\n"
	"                   \"Final Guideline\" (guideline, FG)\n"
	"   --proposer P    who proposed it, as \"Name (Member)\"\n"
	"   --endorser E    who endorsed it, \"Name (Member)\"; repeat or separate by commas.  The\n"
	"                   list given replaces the one recorded.  A ballot with fewer than two\n"
	"                   endorsers from members other than the proposer's is flagged\n"
	"   --issuers V, --consumers V\n"
	"                   the votes of Certificate Issuers and Certificate Consumers as\n"
	"                   YES/NO/ABSTAIN (12/0/1); shown with whether the ballot passed\n"
	"   --tz ZONE       the meeting's zone (America/New_York): times given without a zone are\n"
	"                   read in it, and shown in it beside UTC (default: $CABTRACK_TZ, else UTC)\n"
	"   --phase P       a planned phase-in step, \"SHOULD +6 months\"; repeat for each step\n"
	"   --from F        what the phases count from: adoption (the IP review end, default) or\n"
	"                   a date\n"
	"   --clear         drop the plan\n"
	"   --at DAY        list, show, diff: the ballots as they stood at the end of DAY (UTC):\n"
	"                   their dates' section numbers from main's version then, the base and\n"
	"                   head known then\n"
		"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --format FMT    list: " CLI_LISTING_FORMAT_HELP ";\n"
	"                   show: text or json; diff: text, json, markdown or html\n";

enum {
	OPT_BASE = 256, OPT_HEAD, OPT_TITLE, OPT_PR, OPT_STATE, OPT_DSTART, OPT_VSTART, OPT_VEND, OPT_IPR,
	OPT_TYPE, OPT_TZ, OPT_PHASE, OPT_FROM, OPT_CLEAR, OPT_SECTION, OPT_NOREDLINE, OPT_COMPARE, OPT_AT, OPT_LASTV,
	OPT_RESULT, OPT_RSTART, OPT_PROPOSER, OPT_ENDORSER, OPT_ISSUERS, OPT_CONSUMERS,
};

static const struct option longopts[] = {
	{ "doc", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "head", required_argument, NULL, OPT_HEAD },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "pr", required_argument, NULL, OPT_PR },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "discussion-start", required_argument, NULL, OPT_DSTART },
	{ "vote-start", required_argument, NULL, OPT_VSTART },
	{ "vote-end", required_argument, NULL, OPT_VEND },
	{ "ipr-ends", required_argument, NULL, OPT_IPR },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "phase", required_argument, NULL, OPT_PHASE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "clear", no_argument, NULL, OPT_CLEAR },
	{ "section", required_argument, NULL, OPT_SECTION },
	{ "no-redline", no_argument, NULL, OPT_NOREDLINE },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "at", required_argument, NULL, OPT_AT },
	{ "last-version", required_argument, NULL, OPT_LASTV },
	{ "result-at", required_argument, NULL, OPT_RESULT },
	{ "review-start", required_argument, NULL, OPT_RSTART },
	{ "proposer", required_argument, NULL, OPT_PROPOSER },
	{ "endorser", required_argument, NULL, OPT_ENDORSER },
	{ "endorsers", required_argument, NULL, OPT_ENDORSER },
	{ "issuers", required_argument, NULL, OPT_ISSUERS },
	{ "consumers", required_argument, NULL, OPT_CONSUMERS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define MAX_PHASES 16
#define MAX_ENDORSERS 32
#define NTIMES 7

struct args {
	struct cli_query_args q;
	const char *sub, *id;
	const char *base, *head, *title, *pr, *state, *type, *tz, *from, *section, *at;
	int64_t as_of;                 /* --at DAY: the end of that day (UTC seconds); 0: now */
	const char *times[NTIMES];     /* as time_fields */
	const char *phases[MAX_PHASES];
	size_t nphases;
	const char *proposer, *issuers, *consumers;
	json_t *endorsers;             /* the names given, split at commas; NULL when none */
	int clear, no_redline;
	unsigned seen;                 /* which options were given, by bit (opt - OPT_BASE) */
	const char *compare;           /* a GitHub compare link giving base and head */
	char compare_base[256], compare_head[256];
};

static const char *const time_fields[NTIMES] = {
	"discussion_start", "vote_start", "vote_end", "ipr_ends", "last_version", "result_at", "review_start",
};

/* Which options each subcommand takes, as bits of (opt - OPT_BASE). */
#define BIT(o) (1u << ((o) - OPT_BASE))
static const struct {
	const char *name;
	unsigned allowed;
	int format;
} subs[] = {
	{ "list", BIT(OPT_STATE) | BIT(OPT_AT), 1 },
	{ "show", BIT(OPT_TZ) | BIT(OPT_AT), 1 },
	{ "add", BIT(OPT_BASE) | BIT(OPT_HEAD) | BIT(OPT_TITLE) | BIT(OPT_PR) | BIT(OPT_COMPARE), 0 },
	{ "set", BIT(OPT_STATE) | BIT(OPT_DSTART) | BIT(OPT_VSTART) | BIT(OPT_VEND) | BIT(OPT_IPR) | BIT(OPT_TYPE) |
		 BIT(OPT_TZ) | BIT(OPT_TITLE) | BIT(OPT_PR) | BIT(OPT_BASE) | BIT(OPT_HEAD) | BIT(OPT_LASTV) |
		 BIT(OPT_RESULT) | BIT(OPT_RSTART) | BIT(OPT_PROPOSER) | BIT(OPT_ENDORSER), 0 },
	{ "vote", BIT(OPT_ISSUERS) | BIT(OPT_CONSUMERS), 0 },
	{ "plan", BIT(OPT_PHASE) | BIT(OPT_FROM) | BIT(OPT_CLEAR), 0 },
	{ "diff", BIT(OPT_SECTION) | BIT(OPT_NOREDLINE) | BIT(OPT_AT), 1 },
};

/* The end of day `given` (any form cabtrack reads), UTC seconds.  0 or CT_EINVALID. */
static int day_end(int64_t *out, const char *given)
{
	long days;
	if (when_parse_day(&days, given, when_today()) < 0)
		return CT_EINVALID;
	*out = (int64_t)days * 86400 + 86399;
	return 0;
}

/*
 * Split "A (X), B (Y, Inc.)" at the commas outside parentheses, each name
 * trimmed and checked; -1 after reporting a bad one.
 */
static int add_endorsers(struct args *a, const char *given)
{
	if (!a->endorsers)
		a->endorsers = json_array();
	const char *p = given;
	while (*p) {
		int depth = 0;
		const char *q = p;
		for (; *q && (*q != ',' || depth > 0); q++)
			depth += *q == '(' ? 1 : *q == ')' && depth > 0 ? -1 : 0;
		const char *s = p, *e = q;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		char *name = xstrndup(s, (size_t)(e - s));
		int rc = valid_member(name);
		if (rc == 0 && json_array_size(a->endorsers) == MAX_ENDORSERS)
			rc = ct_error_set(CT_EINVALID, "at most %d endorsers", MAX_ENDORSERS);
		if (rc == 0)
			json_array_append_new(a->endorsers, json_string(name));
		free(name);
		if (rc < 0) {
			cli_usage_error("ballot", "--endorser '%s': %s", given, ct_error_last());
			return -1;
		}
		p = *q ? q + 1 : q;
	}
	return 0;
}

static int parse(struct args *a, int argc, char **argv)
{
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts, usage)) != -1) {
		if (c == -2)
			return CLI_EXIT_OK;
		if (c == -3)
			return cli_fail();
		if (c == 'd' || c == 'f') {
			if (cli_query_option(&a->q, c, "ballot") != 1)
				return CLI_EXIT_ERROR;
			if (c == 'f')
				a->seen |= 1u << 31;
			continue;
		}
		a->seen |= BIT(c);
		switch (c) {
		case OPT_BASE: a->base = optarg; break;
		case OPT_HEAD: a->head = optarg; break;
		case OPT_TITLE: a->title = optarg; break;
		case OPT_PR: a->pr = optarg; break;
		case OPT_STATE: a->state = optarg; break;
		case OPT_DSTART: a->times[0] = optarg; break;
		case OPT_VSTART: a->times[1] = optarg; break;
		case OPT_VEND: a->times[2] = optarg; break;
		case OPT_IPR: a->times[3] = optarg; break;
		case OPT_LASTV: a->times[4] = optarg; break;
		case OPT_RESULT: a->times[5] = optarg; break;
		case OPT_RSTART: a->times[6] = optarg; break;
		case OPT_PROPOSER: a->proposer = optarg; break;
		case OPT_ISSUERS: a->issuers = optarg; break;
		case OPT_CONSUMERS: a->consumers = optarg; break;
		case OPT_ENDORSER:
			if (add_endorsers(a, optarg) < 0)
				return CLI_EXIT_ERROR;
			break;
		case OPT_TYPE: a->type = optarg; break;
		case OPT_TZ: a->tz = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_CLEAR: a->clear = 1; break;
		case OPT_SECTION: a->section = optarg; break;
		case OPT_NOREDLINE: a->no_redline = 1; break;
		case OPT_COMPARE: a->compare = optarg; break;
		case OPT_AT: a->at = optarg; break;
		case OPT_PHASE:
			if (a->nphases == MAX_PHASES)
				return cli_usage_error("ballot", "at most %d --phase steps", MAX_PHASES);
			a->phases[a->nphases++] = optarg;
			break;
		}
	}
	if (optind >= argc)
		return cli_usage_error("ballot", "name a subcommand: list, show, add, set, vote, plan or diff");
	a->sub = argv[optind++];
	size_t k = 0;
	while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, a->sub))
		k++;
	if (k == sizeof(subs) / sizeof(subs[0])) {
		const char *names[sizeof(subs) / sizeof(subs[0])];
		for (k = 0; k < sizeof(subs) / sizeof(subs[0]); k++)
			names[k] = subs[k].name;
		return cli_unknown_word("ballot", "subcommand", a->sub, names, k);
	}
	unsigned extra = a->seen & ~subs[k].allowed & ~(1u << 31);
	if (extra) {
		for (const struct option *o = longopts; o->name; o++)
			if (o->val >= OPT_BASE && (extra & BIT(o->val)))
				return cli_usage_error("ballot", "'ballot %s' takes no --%s", a->sub, o->name);
	}
	if ((a->seen & (1u << 31)) && !subs[k].format)
		return cli_usage_error("ballot", "'ballot %s' takes no --format", a->sub);
	if (strcmp(a->sub, "list")) {
		if (optind >= argc)
			return cli_usage_error("ballot", "'ballot %s' needs a ballot ID", a->sub);
		a->id = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error("ballot", "unexpected argument '%s'", argv[optind]);
	/* Usage errors are found here, before the database is opened: they record nothing. */
	if (!strcmp(a->sub, "vote") && (!a->issuers || !a->consumers))
		return cli_usage_error("ballot", "'ballot vote' needs --issuers Y/N/A and --consumers Y/N/A");
	if (!strcmp(a->sub, "plan") && !a->nphases && !a->clear && !a->from)
		return cli_usage_error("ballot", "'ballot plan' needs --phase, --from or --clear");
	if (a->compare && (a->base || a->head))
		return cli_usage_error("ballot", "give --compare or --base and --head, not both");
	if (a->clear && a->nphases)
		return cli_usage_error("ballot", "give --phase or --clear, not both");
	if (!strcmp(a->sub, "list") && a->state && valid_ballot_state(a->state) < 0)
		return cli_usage_error("ballot", "--state: %s", ct_error_last());
	if (a->tz && cli_zone(&a->tz, "--tz", a->tz) < 0)
		return cli_usage_error("ballot", "%s", ct_error_last());
	if (a->at && day_end(&a->as_of, a->at) < 0)
		return cli_usage_error("ballot", "--at: '%s' is not a day (2024-01-10, \"January 10, 2024\", -3m); "
				       "'ballot %s' describes ballots as they stood on a day", a->at, a->sub);
	if (!a->tz)
		a->tz = cli_default_tz();
	/* Times are read (and a zone abbreviation noted) once, here, before anything is opened. */
	static const char *const time_options[NTIMES] = {
		"--discussion-start", "--vote-start", "--vote-end", "--ipr-ends", "--last-version", "--result-at",
		"--review-start",
	};
	for (size_t i = 0; i < NTIMES; i++) {
		int64_t when;
		if (a->times[i] && cli_time(&when, time_options[i], a->times[i], a->tz) < 0)
			return cli_usage_error("ballot", "%s", ct_error_last());
	}
	return -1;
}

/* ---- list and show ------------------------------------------------------- */

static int do_list(struct cli_target *t, struct args *a)
{
	static const struct render_column cols[] = {
		{ "id", "BALLOT" }, { "state", "STATE" }, { "when", "WHEN" }, { "pr", "PR" },
		{ "found_in", "FOUND IN" }, { "title", "TITLE" },
	};
	json_t *rows = NULL, *v, *kept = json_array();
	size_t i;
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	opts.tz = a->tz; /* the next deadline as `ballot show` gives it */
	opts.as_of = a->as_of;
	if (ballots_list(&rows, t->db, &t->doc, &opts) < 0) {
		json_decref(kept);
		return cli_fail();
	}
	json_array_foreach(rows, i, v) {
		if (a->state && strcmp(json_string_value(json_object_get(v, "state")), a->state))
			continue;
		json_t *pub = json_object_get(v, "published"), *next = json_object_get(v, "next_deadline");
		if (json_is_string(pub)) {
			json_object_set_new(v, "when", json_sprintf("published %s", json_string_value(pub)));
		} else if (json_is_string(next)) {
			json_object_set(v, "when", next);
		} else {
			json_object_set_new(v, "when", json_null());
		}
		json_array_append(kept, v);
	}
	int rc = render_table(stdout, kept, cols, sizeof(cols) / sizeof(cols[0]), a->q.fmt);
	int n = (int)json_array_size(kept);
	json_decref(rows);
	json_decref(kept);
	if (rc < 0)
		return cli_fail();
	return n ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
}

static const char *s_(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* A ref as is, a commit id cut to 12 digits, "?" when unknown. */
static void short_name(struct strbuf *sb, json_t *v)
{
	const char *s = json_string_value(v);
	if (!s)
		strbuf_addch(sb, '?');
	else if (strlen(s) == 40 && strspn(s, "0123456789abcdef") == 40)
		strbuf_addf(sb, "%.12s", s);
	else
		strbuf_addstr(sb, s);
}

static void show_step(struct strbuf *sb, json_t *t, const char *tz)
{
	strbuf_addf(sb, "  %-21s %s", s_(t, "label"), s_(t, "utc"));
	if (tz && strcmp(tz, "UTC"))
		strbuf_addf(sb, "  (%s)", s_(t, "local"));
	if (json_is_true(json_object_get(t, "derived")))
		strbuf_addf(sb, "  (derived) %s", s_(t, "rule"));
	strbuf_addch(sb, '\n');
}

static void show_class(struct strbuf *sb, const char *name, json_t *c, int ok)
{
	strbuf_addf(sb, "  %-9s %lld yes, %lld no, %lld abstain  %s\n", name,
		    (long long)json_integer_value(json_object_get(c, "yes")),
		    (long long)json_integer_value(json_object_get(c, "no")),
		    (long long)json_integer_value(json_object_get(c, "abstain")), ok ? "met" : "not met");
}

/* The recorded vote by the pass rule, and the endorsements. */
static void show_bylaws(struct strbuf *sb, json_t *v)
{
	json_t *vote = json_object_get(v, "vote"), *e = json_object_get(v, "endorsement"), *x;
	size_t i;
	if (json_is_object(e)) {
		strbuf_addf(sb, "\nproposer:      %s\nendorsers:     ", *s_(e, "proposer") ? s_(e, "proposer") : "(not recorded)");
		json_array_foreach(json_object_get(e, "endorsers"), i, x)
			strbuf_addf(sb, "%s%s", i ? ", " : "", json_string_value(x));
		if (!json_array_size(json_object_get(e, "endorsers")))
			strbuf_addstr(sb, "(none recorded)");
		strbuf_addch(sb, '\n');
		if (json_is_string(json_object_get(e, "flag")))
			strbuf_addf(sb, "FLAG:          %s\n", s_(e, "flag"));
	}
	if (json_is_object(vote)) {
		strbuf_addf(sb, "\nvote:          %s by the pass rule (Bylaws 2.3(6): two thirds of issuers, more than half\n"
			    "               of consumers, a yes in each class; abstentions not counted)\n",
			    s_(vote, "result"));
		show_class(sb, "issuers", json_object_get(vote, "issuers"),
			   json_is_true(json_object_get(vote, "issuers_ok")));
		show_class(sb, "consumers", json_object_get(vote, "consumers"),
			   json_is_true(json_object_get(vote, "consumers_ok")));
		if (!json_is_true(json_object_get(vote, "yes_in_each")))
			strbuf_addstr(sb, "  no yes in one of the classes\n");
	}
}

static int show_text(json_t *v, const char *tz)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *x, *lc = json_object_get(v, "lifecycle"), *plan = json_object_get(v, "plan");
	size_t i;
	strbuf_addf(&sb, "%s", s_(v, "id"));
	if (*s_(v, "title"))
		strbuf_addf(&sb, " — %s", s_(v, "title"));
	strbuf_addf(&sb, "\nstate:         %s", s_(v, "state"));
	if (json_is_string(json_object_get(v, "published")))
		strbuf_addf(&sb, " (published %s per the Revisions table, version %s)", s_(v, "published"), s_(v, "version"));
	else if (!strcmp(s_(v, "state_source"), "main"))
		strbuf_addstr(&sb, " (its change is on main)");
	else if (!strcmp(s_(v, "state_source"), "found"))
		strbuf_addstr(&sb, " (found as a draft; record its state with 'cabtrack ballot set')");
	strbuf_addstr(&sb, "\nchange:        ");
	short_name(&sb, json_object_get(v, "base"));
	strbuf_addstr(&sb, " → ");
	short_name(&sb, json_object_get(v, "head"));
	strbuf_addf(&sb, "   (cabtrack ballot diff %s)\n", s_(v, "id"));
	if (json_is_integer(json_object_get(v, "pr")))
		strbuf_addf(&sb, "pull request:  #%lld\n", (long long)json_integer_value(json_object_get(v, "pr")));
	json_t *became = json_object_get(v, "became");
	if (json_is_object(became)) {
		strbuf_addf(&sb, "became:        %s (%s", s_(became, "id"), s_(became, "how"));
		if (json_is_integer(json_object_get(became, "added")))
			strbuf_addf(&sb, ": %lld of %lld", (long long)json_integer_value(json_object_get(became, "shared")),
				    (long long)json_integer_value(json_object_get(became, "added")));
		strbuf_addstr(&sb, ")\n");
	}
	if (json_is_string(json_object_get(v, "next_deadline")))
		strbuf_addf(&sb, "next deadline: %s\n", s_(v, "next_deadline"));

	show_bylaws(&sb, v);
	if (json_is_string(json_object_get(lc, "type")) || json_array_size(json_object_get(lc, "steps"))) {
		strbuf_addf(&sb, "\nlifecycle (%s; dates marked derived follow from the Bylaws):\n",
			    json_is_string(json_object_get(lc, "type")) && !strcmp(s_(lc, "type"), "guideline")
				    ? "Final Guideline" : "Final Maintenance Guideline");
		json_array_foreach(json_object_get(lc, "steps"), i, x)
			show_step(&sb, x, tz);
	}
	if (json_array_size(json_object_get(plan, "phases"))) {
		strbuf_addf(&sb, "\nphase-in plan (from %s", s_(plan, "from"));
		if (json_is_string(json_object_get(plan, "adoption")))
			strbuf_addf(&sb, ": %s, %s", s_(plan, "adoption"), s_(plan, "adoption_source"));
		strbuf_addstr(&sb, "):\n");
		json_array_foreach(json_object_get(plan, "phases"), i, x) {
			strbuf_addf(&sb, "  %-9s %-11s", s_(x, "keyword"), s_(x, "offset"));
			if (json_is_string(json_object_get(x, "projected")))
				strbuf_addf(&sb, "  projected %s", s_(x, "projected"));
			else
				strbuf_addstr(&sb, "  projected when the adoption date is known");
			if (json_is_string(json_object_get(x, "actual")))
				strbuf_addf(&sb, "  actual %s (%+lld days)", s_(x, "actual"),
					    (long long)json_integer_value(json_object_get(x, "delta_days")));
			strbuf_addch(&sb, '\n');
		}
	}
	json_t *from = json_object_get(v, "sections_from");
	strbuf_addf(&sb, "\ndates introduced (section numbers as of %s%s%s%s):\n", s_(from, "ref"),
		    *s_(from, "version") ? ", version " : "", s_(from, "version"),
		    strcmp(s_(v, "dates_from"), "draft") ? "" : ", the draft's head");
	if (!json_array_size(json_object_get(v, "dates")))
		strbuf_addstr(&sb, strcmp(s_(v, "dates_from"), "draft") ? "  (none in the document at main)\n"
								       : "  (none added by the draft)\n");
	json_array_foreach(json_object_get(v, "dates"), i, x) {
		strbuf_addf(&sb, "  %s  %-6s %-5s ", s_(x, "date"), s_(x, "keyword"), s_(x, "source"));
		json_t *r, *named = json_object_get(x, "sections");
		size_t j;
		if (!strcmp(s_(x, "source"), "table") && json_array_size(named))
			json_array_foreach(named, j, r)
				strbuf_addf(&sb, "%s%s", j ? ", " : "", json_string_value(r) ? json_string_value(r) : "");
		else
			strbuf_addstr(&sb, s_(x, "section"));
		strbuf_addf(&sb, ": %s", s_(x, "description"));
		if (json_is_false(json_object_get(x, "on_main")))
			strbuf_addf(&sb, "  [%s]", s_(x, "seen"));
		strbuf_addch(&sb, '\n');
		size_t nreq = json_array_size(json_object_get(x, "requirements"));
		if (nreq && !strcmp(s_(x, "source"), "table")) {
			strbuf_addstr(&sb, "      carried by requirements in");
			json_array_foreach(json_object_get(x, "requirements"), j, r)
				strbuf_addf(&sb, "%s %s", j ? "," : "", s_(r, "section"));
			strbuf_addch(&sb, '\n');
		}
	}
	strbuf_addstr(&sb, "\nfound in:\n");
	json_array_foreach(json_object_get(v, "sources"), i, x) {
		strbuf_addf(&sb, "  %-9s", s_(x, "kind"));
		if (*s_(x, "ref"))
			strbuf_addf(&sb, " %s", s_(x, "ref"));
		if (*s_(x, "head") && !*s_(x, "ref"))
			strbuf_addf(&sb, " %.12s", s_(x, "head"));
		if (*s_(x, "version"))
			strbuf_addf(&sb, " version %s", s_(x, "version"));
		if (*s_(x, "title"))
			strbuf_addf(&sb, "  %s", s_(x, "title"));
		strbuf_addch(&sb, '\n');
	}
	if (json_is_true(json_object_get(v, "recorded")))
		strbuf_addstr(&sb, "  recorded  by hand (cabtrack ballot add/set/plan)\n");
	if (json_array_size(json_object_get(v, "log"))) {
		strbuf_addstr(&sb, "\nchanges recorded:\n");
		json_array_foreach(json_object_get(v, "log"), i, x)
			strbuf_addf(&sb, "  %s  %s: %s → %s\n", s_(x, "time"), s_(x, "field"),
				    *s_(x, "old") ? s_(x, "old") : "(none)", *s_(x, "new") ? s_(x, "new") : "(none)");
	}
	struct strbuf shown = STRBUF_INIT; /* titles and logged values escaped for the terminal */
	render_text_escape(&shown, sb.buf, sb.len, 1);
	int rc = fwrite(shown.buf, 1, shown.len, stdout) == shown.len ? 0 : ct_error_set(CT_ERROR, "cannot write the output");
	strbuf_release(&shown);
	strbuf_release(&sb);
	return rc;
}

static int do_show(struct cli_target *t, struct args *a)
{
	if (a->tz && when_check_zone(a->tz) < 0)
		return cli_fail();
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	opts.tz = a->tz;
	opts.as_of = a->as_of;
	json_t *v = NULL;
	if (ballots_view(&v, t->db, &t->doc, a->id, &opts) < 0)
		return cli_fail();
	int rc;
	if (a->q.fmt == RENDER_JSON)
		rc = render_json(stdout, v);
	else if (a->q.fmt == RENDER_TEXT)
		rc = show_text(v, a->tz);
	else
		rc = ct_error_set(CT_EINVALID, "ballot show: use --format text or json");
	json_decref(v);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}

static int do_diff(struct cli_target *t, struct args *a)
{
	json_t *v = NULL, *model = NULL;
	if (a->q.fmt == RENDER_CSV)
		return cli_usage_error("ballot", "a diff is shown as text, json, markdown or html, not csv");
	struct ballots_view_options opts = BALLOTS_VIEW_OPTIONS_INIT;
	opts.as_of = a->as_of; /* --at DAY: its base and head as known then */
	if (ballots_view(&v, t->db, &t->doc, a->id, &opts) < 0)
		return cli_fail();
	const char *base = json_string_value(json_object_get(v, "base"));
	const char *head = json_string_value(json_object_get(v, "head"));
	int rc;
	if (!base || !head) {
		rc = ct_error_set(CT_ENOTFOUND, "ballot %s has no known base and head; record them with "
				  "'cabtrack ballot set %s --base REF --head REF'", a->id, a->id);
	} else {
		struct diff_options dopts = DIFF_OPTIONS_INIT;
		struct diffview_options vopts = DIFFVIEW_OPTIONS_INIT;
		struct strbuf title = STRBUF_INIT;
		dopts.section = a->section;
		dopts.redline = vopts.redline = !a->no_redline;
		rc = diff_view_build(&model, t->db, &t->doc, base, head, 0, &dopts);
		if (rc == 0) {
			json_object_set_new(model, "ballot", json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(v, "id"),
								     "title", json_object_get(v, "title"), "state",
								     json_object_get(v, "state"), "pr", json_object_get(v, "pr")));
			strbuf_addf(&title, "Ballot %s", json_string_value(json_object_get(v, "id")));
			if (json_is_string(json_object_get(v, "title")))
				strbuf_addf(&title, " — %s", json_string_value(json_object_get(v, "title")));
			strbuf_addstr(&title, " (");
			short_name(&title, json_object_get(v, "base"));
			strbuf_addstr(&title, " → ");
			short_name(&title, json_object_get(v, "head"));
			/* The section numbers are the head's: say which version that is. */
			json_t *hv = json_object_get(json_object_get(model, "head"), "version");
			json_object_set_new(model, "sections_from", json_pack("{s:O, s:O}", "ref", json_object_get(v, "head"),
									    "version", hv ? hv : json_null()));
			strbuf_addstr(&title, "; section numbers as of ");
			short_name(&title, json_object_get(v, "head"));
			if (json_is_string(hv))
				strbuf_addf(&title, ", version %s", json_string_value(hv));
			strbuf_addch(&title, ')');
			vopts.title = title.buf;
			rc = render_diff(stdout, model, a->q.fmt, &vopts);
		}
		strbuf_release(&title);
	}
	json_decref(model);
	json_decref(v);
	return rc < 0 ? cli_fail() : CLI_EXIT_OK;
}

/* ---- add, set, plan ------------------------------------------------------- */

/* Check base and head: they resolve, and base is an ancestor of head. */
static int check_change(struct cli_target *t, const char *base, const char *head)
{
	struct query_at b, h;
	if (base && query_resolve(&b, t->db, &t->doc, base) < 0)
		return ct_error_code();
	if (head && query_resolve(&h, t->db, &t->doc, head) < 0)
		return ct_error_code();
	if (!base || !head || strlen(b.commit) != 40 || strlen(h.commit) != 40)
		return 0;
	int anc = 0;
	if (query_is_ancestor(&anc, t->db, t->doc.id, b.commit, h.commit) < 0)
		return CT_EDB;
	if (!anc)
		return ct_error_set(CT_EINVALID, "'%s' is not an ancestor of '%s'; a ballot's base is the commit its change started from",
				    base, head);
	return 0;
}

/* The recorded row for the ballot the user named, created on first use. */
static int recorded_id(int64_t *id, struct cli_target *t, const char *given, int must_exist)
{
	json_t *v = NULL;
	char key[256];
	if (ballots_view(&v, t->db, &t->doc, given, NULL) < 0) {
		if (must_exist)
			return ct_error_code();
		ct_error_drop("a ballot not known yet is recorded under the key of what was typed");
		ballots_key(key, sizeof(key), given);
	} else {
		snprintf(key, sizeof(key), "%s", json_string_value(json_object_get(v, "key")));
		given = json_string_value(json_object_get(v, "id"));
	}
	int rc = ballotdb_ensure(id, t->db, t->doc.name, key, given);
	json_decref(v);
	return rc;
}

static int set_time(struct cli_target *t, int64_t id, const char *field, const char *given, const char *tz)
{
	int64_t when;
	if (when_parse(&when, given, tz) < 0)
		return CT_EINVALID;
	struct strbuf iso = STRBUF_INIT;
	when_format_iso(&iso, when);
	int rc = ballotdb_set(t->db, id, field, iso.buf);
	strbuf_release(&iso);
	return rc;
}

static int write_fields(struct cli_target *t, int64_t id, struct args *a)
{
	int rc = 0;
	if (a->title)
		rc = ballotdb_set(t->db, id, "title", a->title);
	if (rc == 0 && a->pr)
		rc = ballotdb_set(t->db, id, "pr", a->pr[0] == '#' ? a->pr + 1 : a->pr);
	if (rc == 0 && a->base)
		rc = ballotdb_set(t->db, id, "base", a->base);
	if (rc == 0 && a->head)
		rc = ballotdb_set(t->db, id, "head", a->head);
	if (rc == 0 && a->state)
		rc = ballotdb_set(t->db, id, "state", a->state);
	if (rc == 0 && a->type) {
		const char *stored = a->type;
		rc = valid_ballot_type_text(&stored, a->type);
		if (rc == 0)
			rc = ballotdb_set(t->db, id, "type", stored);
	}
	if (rc == 0 && a->proposer)
		rc = ballotdb_set(t->db, id, "proposer", a->proposer);
	if (rc == 0 && a->endorsers) {
		char *list = json_dumps(a->endorsers, JSON_COMPACT);
		rc = ballotdb_set(t->db, id, "endorsers", list);
		free(list);
	}
	if (rc == 0 && a->issuers)
		rc = ballotdb_set(t->db, id, "votes_issuers", a->issuers);
	if (rc == 0 && a->consumers)
		rc = ballotdb_set(t->db, id, "votes_consumers", a->consumers);
	for (size_t i = 0; i < NTIMES && rc == 0; i++)
		if (a->times[i])
			rc = set_time(t, id, time_fields[i], a->times[i], a->tz);
	return rc;
}

static int validate(struct args *a)
{
	int64_t pr;
	int votes[3];
	const char *stored;
	if (a->state && valid_ballot_state(a->state) < 0)
		return CT_EINVALID;
	if (a->type && valid_ballot_type_text(&stored, a->type) < 0)
		return CT_EINVALID;
	if (a->tz && when_check_zone(a->tz) < 0)
		return CT_EINVALID;
	if (a->proposer && valid_member(a->proposer) < 0)
		return ct_error_prefix(CT_EINVALID, "--proposer: ");
	if (a->issuers && valid_votes(votes, a->issuers) < 0)
		return ct_error_prefix(CT_EINVALID, "--issuers: ");
	if (a->consumers && valid_votes(votes, a->consumers) < 0)
		return ct_error_prefix(CT_EINVALID, "--consumers: ");
	return a->pr ? valid_pr_text(&pr, a->pr) : 0;
}

/* The row as written agrees with itself (times in order, derived IP review end in range). */
static int check_written(struct cli_target *t, int64_t id)
{
	struct ct_ballot_list rows = CT_BALLOT_LIST_INIT;
	int rc = ballotdb_ballot_list(&rows, t->db, t->doc.name);
	for (size_t i = 0; i < rows.n && rc == 0; i++)
		if (rows.items[i].id == id) {
			/* the checks `import state` runs on a file's rows, on this row as it would be exported */
			json_t *row = ct_ballot_to_json(&rows.items[i]);
			rc = valid_ballot_row(row);
			json_decref(row);
		}
	ct_ballot_list_release(&rows);
	return rc;
}

static int do_plan(struct cli_target *t, struct args *a)
{
	char *kws[MAX_PHASES] = { NULL }, *offs[MAX_PHASES] = { NULL };
	char from[11] = "";
	int rc = 0;
	for (size_t i = 0; i < a->nphases && rc == 0; i++)
		rc = valid_phase(&kws[i], &offs[i], a->phases[i]);
	if (rc == 0 && a->from && strcmp(a->from, "adoption")) {
		/* Any spelling of a day; stored as YYYY-MM-DD. */
		struct ct_date d;
		if ((rc = cli_day(&d, "--from", a->from)) == 0)
			ct_date_format(from, &d);
	}
	int64_t id = 0;
	if (rc == 0)
		rc = recorded_id(&id, t, a->id, 1);
	if (rc == 0 && (a->nphases || a->clear))
		rc = ballotdb_phases_set(t->db, id, (const char *const *)kws, (const char *const *)offs, a->nphases);
	if (rc == 0 && a->from)
		rc = ballotdb_set(t->db, id, "plan_from", *from ? from : a->from);
	for (size_t i = 0; i < a->nphases; i++) {
		free(kws[i]);
		free(offs[i]);
	}
	return rc;
}

static int do_write(struct cli_target *t, struct args *a)
{
	int rc = 0;
	int64_t id = 0;
	if (!strcmp(a->sub, "plan"))
		return do_plan(t, a);
	if ((rc = validate(a)) < 0)
		return rc;
	if (!strcmp(a->sub, "add")) {
		if (a->compare) {
			if ((rc = inflight_link_resolve(a->compare_base, a->compare_head, sizeof(a->compare_base), t->db, &t->doc,
							a->compare)) < 0)
				return rc;
			a->base = a->compare_base;
			a->head = a->compare_head;
		}
		if (!a->base || !a->head)
			return ct_error_set(CT_EINVALID, "ballot add: give --base REF and --head REF, or --compare URL");
		struct ct_ballot existing;
		int found = 0;
		char key[256];
		ballots_key(key, sizeof(key), a->id);
		if ((rc = ballotdb_ballot_get(&existing, &found, t->db, t->doc.name, key)) < 0)
			return rc;
		ct_ballot_release(&existing);
		if (found) {
			return ct_error_set(CT_EINVALID, "ballot %s is already recorded; change it with 'cabtrack ballot set %s'",
					    a->id, a->id);
		}
		if ((rc = check_change(t, a->base, a->head)) < 0)
			return rc;
		rc = ballotdb_ensure(&id, t->db, t->doc.name, key, a->id);
	} else {
		if (!a->seen)
			return ct_error_set(CT_EINVALID, "ballot set: nothing to set (see 'cabtrack ballot --help')");
		if ((a->base || a->head) && (rc = check_change(t, a->base, a->head)) < 0)
			return rc;
		rc = recorded_id(&id, t, a->id, 1);
	}
	if (rc == 0)
		rc = write_fields(t, id, a);
	if (rc == 0)
		rc = check_written(t, id);
	return rc;
}

static int run(struct args *ap, int argc, char **argv)
{
	struct args a = *ap;
	int rc = parse(&a, argc, argv);
	ap->endorsers = a.endorsers;
	if (rc >= 0)
		return rc;

	int writes = !strcmp(a.sub, "add") || !strcmp(a.sub, "set") || !strcmp(a.sub, "vote") || !strcmp(a.sub, "plan");
	struct cli_target t;
	memset(&t, 0, sizeof(t));
	if (!writes) {
		if (cli_target_open(&t, a.q.doc, NULL) < 0)
			return cli_fail();
		if (!strcmp(a.sub, "list"))
			rc = do_list(&t, &a);
		else if (!strcmp(a.sub, "show"))
			rc = do_show(&t, &a);
		else
			rc = do_diff(&t, &a);
		cli_target_release(&t);
		return rc;
	}

	if (cli_open(&t.db, 1) < 0)
		return cli_fail();
	if (db_begin(t.db) < 0 || cli_document(&t.doc, t.db, a.q.doc) < 0) {
		db_rollback(t.db);
		db_free(t.db);
		return cli_fail();
	}
	rc = do_write(&t, &a);
	if (rc == 0)
		rc = db_commit(t.db);
	if (rc < 0) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addstr(&msg, ct_error_last() ? ct_error_last() : "failed");
		db_rollback(t.db);
		ct_error_set(CT_ERROR, "%s", msg.buf);
		strbuf_release(&msg);
	}
	query_doc_release(&t.doc);
	db_free(t.db);
	if (rc < 0)
		return cli_fail();
	printf("ballot %s: %s recorded\n", a.id, a.sub);
	return CLI_EXIT_OK;
}

int cmd_ballot(int argc, char **argv)
{
	struct args a;
	memset(&a, 0, sizeof(a));
	a.q = (struct cli_query_args)CLI_QUERY_ARGS_INIT;
	int rc = run(&a, argc, argv);
	json_decref(a.endorsers);
	return rc;
}
