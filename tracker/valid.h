/*
 * valid.h - the checks of hand-recorded values, one per kind of value.
 *
 * Every path that stores or uses what a chair records calls these: the
 * commands (ballot add/set/plan, ballot list --state, meeting add, config)
 * and `import state`, so that what one refuses no other path stores.  Times
 * and zones are checked by when.h (when_parse, when_parse_iso,
 * when_check_zone: the years 1000..9999, real zone files), calendar days by
 * datephrase.h; these add what a ballot, a plan or a meeting needs.
 *
 * Each returns 0, or CT_EINVALID with one message naming the value and the
 * problem (the caller may prefix where it came from).
 */
#ifndef CT_VALID_H
#define CT_VALID_H

#include <stdint.h>

#include <jansson.h>

/* A ballot state: draft, discussion, voting, passed, failed, ipr-review, effective, withdrawn. */
int valid_ballot_state(const char *s);

/* A ballot type: maintenance or guideline. */
int valid_ballot_type(const char *s);

/*
 * A ballot type as typed: "maintenance", "Final Maintenance Guideline" or
 * "FMG"; "guideline", "Final Guideline" or "FG" (any case).  *stored is the
 * stored word, maintenance or guideline (a static string).
 */
int valid_ballot_type_text(const char **stored, const char *s);

/*
 * A class's votes as typed and stored, "YES/NO/ABSTAIN" ("12/0/1"): three
 * whole numbers from 0 to 9999, into out[0..2].
 */
int valid_votes(int out[3], const char *s);

/*
 * A member's name as given for a proposer or endorser ("Stephen Davidson
 * (DigiCert)"): not empty, at most 200 bytes, no control characters.
 */
int valid_member(const char *s);

/* A pull-request number as typed ("228" or "#228"): 1 to 999999999, into *out. */
int valid_pr_text(int64_t *out, const char *s);

/* A pull-request number as stored: 1 to 999999999. */
int valid_pr(int64_t pr);

/*
 * One step of a phase-in plan, "SHOULD +6 months": an RFC 2119 keyword and a
 * duration (not negative, at most 100 years).  *keyword and *offset are new
 * strings (caller frees): the keyword in capitals, the offset as written.
 */
int valid_phase(char **keyword, char **offset, const char *s);

/* A plan's keyword as stored: exactly one of the RFC 2119 keywords, in capitals. */
int valid_keyword(const char *kw);

/* A plan's offset as stored: a duration valid_phase takes. */
int valid_offset(const char *offset);

/* What a plan counts from: "adoption" or a day (YYYY-MM-DD). */
int valid_plan_from(const char *s);

/* A day as stored: exactly YYYY-MM-DD, a real day. */
int valid_day(const char *s);

/* A time of day as stored and typed: exactly HH:MM, 24 hours. */
int valid_clock(const char *s);

/* A ballot's lifecycle times (seconds, UTC); have[i] 0 when time i is not set. */
struct valid_lifecycle {
	int64_t t[4];            /* discussion_start, vote_start, vote_end, ipr_ends */
	int have[4];
	const char *type;        /* maintenance (NULL) or guideline: the derived IP review end */
};

/*
 * The times agree: voting does not start after it ends, the IP review does
 * not end before the vote ends, and the IP review end derived from the
 * vote's end (30 or 60 days) is a time every output shows.
 */
int valid_lifecycle(const struct valid_lifecycle *lc);

/*
 * A setting of the project file (project.h): a key cabtrack reads, with a
 * value it can use (meeting.tz a zone, meeting.time HH:MM, meeting.cadence
 * a cadence, meeting.anchor a day, cabtrack.github OWNER/REPO,
 * cabtrack.api-url an http(s) URL, document.NAME.remote "NAME URL",
 * cabtrack.document the name of the default document), never empty.
 */
int valid_setting(const char *key, const char *value);

/*
 * A ballot row as stored (ballots table, export's "ballots" objects without
 * phases and log): doc, ballot_key, name, created and updated present and
 * not empty; state, type, pr, plan_from valid when set; the four times
 * stored ISO times that valid_lifecycle accepts; proposer valid_member,
 * endorsers an array of them, last_version, result_at and review_start
 * stored times, votes_issuers and votes_consumers valid_votes, when set.
 * The message names the field.
 */
int valid_ballot_row(json_t *ballot);

/*
 * A meeting row as stored: date a day, time HH:MM, tz a zone, start_utc a
 * stored time, source recorded, minutes or announced, tags strings,
 * created and updated stored times.  The message names the field.
 */
int valid_meeting_row(json_t *meeting);

/*
 * A state file as `cabtrack export` writes it (db/state.h), checked whole
 * before `import state` writes anything: every ballot and meeting passes
 * valid_ballot_row / valid_meeting_row, phases valid_keyword and
 * valid_offset, log entries a stored time and a field a ballot has; every
 * ballot's document is one of `db`; a field the format does not have is
 * refused, never dropped.  0, CT_EINVALID naming the place
 * ("ballots[0].vote_end: ..."), or CT_EDB.
 */
struct ct_db;
int valid_state_file(struct ct_db *db, json_t *state);

#endif
