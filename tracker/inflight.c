/*
 * inflight.c - ballots in flight and drafts found rather than typed (see
 * inflight.h).
 *
 * Invariant: nothing here writes the database, and nothing reads a clock:
 * every answer is as of the meeting the context names.
 */
#include "tracker/inflight.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/ballotdb.h"
#include "db/github_query.h"
#include "db/mentiondb.h"
#include "db/record.h"
#include "importers/datephrase.h"
#include "render/url.h"
#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/ghlink.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"
#include "tracker/ballots.h"
#include "tracker/bylaws.h"

/* The UTC second a day starts. */
static int day_start(int64_t *t, const char *day)
{
	struct ct_date d;
	if (!day)
		return -1;
	if (ct_date_parse_strict(&d, day) < 0) {
		ct_error_drop("a day that does not read starts no review: the caller tries the next source");
		return -1;
	}
	*t = (int64_t)ct_date_to_days(d) * 86400;
	return 0;
}

/* Was `key` on main or published at the meeting? */
static int published_by(const struct ct_ballot_source_list *sources, const char *key, const struct inflight_context *c)
{
	for (size_t i = 0; i < sources->n; i++) {
		const struct ct_ballot_source *s = &sources->items[i];
		if (strcmp(s->ballot_key, key))
			continue;
		if ((!strcmp(s->kind, "merge") || !strcmp(s->kind, "tag")) && s->time && s->time <= c->as_of)
			return 1;
		char pub[32];
		if (!strcmp(s->kind, "revision") && ballots_source_publication(pub, s) && strcmp(pub, c->day) <= 0)
			return 1;
	}
	return 0;
}

json_t *inflight_pr_url(const char *repo, int64_t pr, const char *html_url)
{
	if (html_url && url_is_web(html_url, strlen(html_url)))
		return json_string(html_url);
	if (!repo || !pr)
		return json_null();
	json_t *u = json_sprintf("https://github.com/%s/pull/%lld", repo, (long long)pr);
	if (u && url_is_web(json_string_value(u), json_string_length(u)))
		return u;
	json_decref(u);
	return json_null();
}

/* {label, time, utc, local, derived, rule} of a review end; a day alone when `timed` is 0. */
static json_t *review_deadline(int64_t end, int timed, const char *day, const char *tz, int derived, const char *rule,
			       struct strbuf *next)
{
	json_t *d;
	if (timed) {
		struct strbuf a = STRBUF_INIT, u = STRBUF_INIT, l = STRBUF_INIT;
		when_format_iso(&a, end);
		when_format_utc(&u, end);
		when_format_zone(&l, end, tz);
		d = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "label", "IP review ends", "time", a.buf, "utc", u.buf, "local",
			      l.buf, "derived", derived, "rule", rule);
		strbuf_addf(next, "IP review ends %s", u.buf);
		if (tz && strcmp(tz, "UTC"))
			strbuf_addf(next, " (%s)", l.buf);
		strbuf_release(&a);
		strbuf_release(&u);
		strbuf_release(&l);
	} else {
		d = json_pack("{s:s, s:s, s:s, s:n, s:b, s:s}", "label", "IP review ends", "time", day, "utc", day, "local",
			      "derived", derived, "rule", rule);
		strbuf_addf(next, "IP review ends %s", day);
	}
	return d;
}

/* The lowest version the Revisions table names: the document's first, a Final Guideline. */
static const char *first_version(const struct ct_ballot_source_list *sources)
{
	const char *low = NULL;
	for (size_t i = 0; i < sources->n; i++) {
		const struct ct_ballot_source *s = &sources->items[i];
		if (!strcmp(s->kind, "revision") && s->version && (!low || strverscmp(s->version, low) < 0))
			low = s->version;
	}
	return low;
}

/* The recorded ballot with `key`, or NULL. */
static const struct ct_ballot *recorded_of(const struct ct_ballot_list *recorded, const char *key)
{
	for (size_t i = 0; i < recorded->n; i++)
		if (!strcmp(recorded->items[i].ballot_key, key))
			return &recorded->items[i];
	return NULL;
}

/* The latest IP review end the minutes of meetings up to `day` state for `key`, or NULL: a later statement wins. */
static const struct ct_mention *review_said(const struct ct_mention_list *mentions, const char *key, const char *day)
{
	const struct ct_mention *said = NULL;
	for (size_t i = 0; i < mentions->n; i++) {
		const struct ct_mention *m = &mentions->items[i];
		if (!strcmp(m->kind, "ipr_end") && strcmp(m->meeting, day) <= 0 && m->ballot_key && !strcmp(m->ballot_key, key))
			said = m;
	}
	return said;
}

int inflight_reviews(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct inflight_context *c)
{
	struct ct_ballot_source_list sources = CT_BALLOT_SOURCE_LIST_INIT;
	struct ct_ballot_list recorded = CT_BALLOT_LIST_INIT;
	struct ct_mention_list mentions = CT_MENTION_LIST_INIT;
	*out = json_array();
	int rc = ballotdb_source_list(&sources, db, doc->id);
	if (rc == 0)
		rc = ballotdb_ballot_list(&recorded, db, doc->name);
	if (rc == 0)
		rc = mentiondb_query(&mentions, db, NULL);
	const char *first = first_version(&sources);
	for (size_t i = 0; i < sources.n && rc == 0; i++) {
		const struct ct_ballot_source *s = &sources.items[i];
		if (strcmp(s->kind, "revision"))
			continue;
		const char *key = s->ballot_key;
		char pub[32];
		int have_pub = ballots_source_publication(pub, s);
		const struct ct_ballot *r = recorded_of(&recorded, key);
		const struct ct_mention *m = review_said(&mentions, key, c->day);
		const char *type = r && r->type ? r->type
				   : first && s->version && !strcmp(first, s->version) ? "guideline" : "maintenance";
		enum bylaws_type bt = !strcmp(type, "guideline") ? BYLAWS_FINAL_GUIDELINE : BYLAWS_FINAL_MAINTENANCE_GUIDELINE;
		int days = bylaws_review_days(bt);
		int64_t end = 0, t;
		int timed = 1, derived = 1;
		struct strbuf rule = STRBUF_INIT;
		if (r && r->ipr_ends && when_parse_iso(&t, r->ipr_ends) == 0) {
			end = t, derived = 0;
			strbuf_addstr(&rule, "recorded");
		} else if (r && r->vote_end && when_parse_iso(&t, r->vote_end) == 0) {
			end = bylaws_add_days(t, days);
			strbuf_addf(&rule, "vote end + %d days (%s)", days,
				    bt == BYLAWS_FINAL_GUIDELINE ? "Final Guideline" : "Final Maintenance Guideline");
		} else if (m && m->time && strchr(m->time, 'T') && when_parse_iso(&t, m->time) == 0) {
			end = t, derived = 0;
			strbuf_addf(&rule, "as the minutes of %s state", m->meeting);
		} else if (m && day_start(&t, m->time) == 0) {
			end = t + 86400, timed = 0, derived = 0;
			strbuf_addf(&rule, "as the minutes of %s state", m->meeting);
		} else if (have_pub && day_start(&t, pub) == 0) {
			end = t + 86400, timed = 0;
			strbuf_addf(&rule, "published %s (Revisions table, version %s)", pub, s->version ? s->version : "?");
		}
		ct_error_drop("a recorded or stated end that does not read: the next source of the end is taken");
		/* In review from its end less the period until its end. */
		if (!end || c->as_of < bylaws_add_days(end, -days) || c->as_of >= end) {
			strbuf_release(&rule);
			continue;
		}
		char day[11];
		when_day(day, end - (timed ? 0 : 86400));
		struct strbuf next = STRBUF_INIT;
		json_t *dl = review_deadline(end, timed, day, c->tz, derived, rule.buf, &next);
		int64_t pr = 0;
		for (size_t j = 0; j < sources.n && !pr; j++)
			if (!strcmp(sources.items[j].ballot_key, key) && !strcmp(sources.items[j].kind, "merge"))
				pr = sources.items[j].pr;
		char id[64];
		if (ballot_name_display(id, sizeof(id), key) < 0) {
			snprintf(id, sizeof(id), "%s", s->name);
			ct_error_drop("a revision's ballot that is no ballot name is shown as the row writes it");
		}
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:o, s:o, s:s?, s:s, s:[o]}", "id", id, "key",
						      key, "title", s->title, "state", "ipr-review", "next_deadline",
						      next.buf, "pr", pr ? json_integer((json_int_t)pr) : json_null(), "pr_url",
						      inflight_pr_url(c->repo, pr, NULL), "version", s->version, "type", type,
						      "deadlines", dl));
		strbuf_release(&next);
		strbuf_release(&rule);
	}
	ct_ballot_source_list_release(&sources);
	ct_ballot_list_release(&recorded);
	ct_mention_list_release(&mentions);
	return rc;
}

/* The ballot a pull request names: its title's, else a label that is a ballot name; "" when it has none. */
static void pull_ballot(char *key, size_t keysz, char *name, size_t namesz, int *labelled, const struct ct_issue *is)
{
	const char *title = is->title;
	size_t start, len;
	*key = *name = '\0';
	*labelled = 0;
	if (title && ballot_name_find(&start, &len, title, 0) == 0) {
		snprintf(name, namesz, "%.*s", (int)len, title + start);
		if (ballot_name_normalize(key, keysz, name) < 0)
			*key = '\0';
	}
	for (size_t i = 0; i < is->nlabels; i++) {
		const char *lab = is->labels[i];
		if (!lab)
			continue;
		if (!strcasecmp(lab, "ballot"))
			*labelled = 1;
		else if (!*key && ballot_name_normalize(key, keysz, lab) == 0)
			snprintf(name, namesz, "%s", lab);
	}
	ct_error_drop("a title or label that names no ballot: the pull request names none there");
}

/*
 * A pull request's title without the ballot name it starts with ("Ballot SMC010 - Introduction of …" →
 * "Introduction of …"), since every output shows the id beside the title; the title itself when it does not
 * start so, or when nothing would be left.
 */
static const char *title_after_name(const char *title)
{
	size_t start, len;
	if (!title)
		return title;
	if (ballot_name_find(&start, &len, title, 0) < 0) {
		ct_error_drop("a title with no ballot name is shown whole");
		return title;
	}
	if (start && !(start == 7 && !strncasecmp(title, "Ballot ", 7)))
		return title;
	const char *p = title + start + len;
	for (;;) {
		if (*p == ' ' || *p == '-' || *p == ':')
			p++;
		else if (!strncmp(p, "\u2013", 3) || !strncmp(p, "\u2014", 3)) /* en and em dash */
			p += 3;
		else
			break;
	}
	return *p && p > title + start + len ? p : title;
}

int inflight_pulls(json_t **out, struct ct_db *db, const struct query_doc *doc, const struct inflight_context *c)
{
	struct ct_issue_list issues = CT_ISSUE_LIST_INIT;
	json_t *by_key = json_object(), *order = json_array();
	struct ct_ballot_source_list sources = CT_BALLOT_SOURCE_LIST_INIT;
	size_t i;
	*out = json_array();
	if (!c->repo_id) {
		json_decref(by_key);
		json_decref(order);
		return 0;
	}
	struct strbuf at = STRBUF_INIT;
	when_format_iso(&at, c->as_of);
	int rc = github_query_issue_list(&issues, db, c->repo_id);
	if (rc == 0)
		rc = ballotdb_source_list(&sources, db, doc->id);
	/* Oldest first, so that the newest pull request of a ballot is the one kept. */
	for (i = issues.n; rc == 0 && i-- > 0;) {
		const struct ct_issue *is = &issues.items[i];
		const char *created = is->created_at, *closed = is->closed_at, *merged = is->merged_at;
		if (!is->is_pull_request)
			continue;
		if (!created || strcmp(created, at.buf) > 0 || (closed && strcmp(closed, at.buf) <= 0) ||
		    (merged && strcmp(merged, at.buf) <= 0))
			continue;
		char key[64], name[64];
		int labelled;
		json_int_t pr = is->number;
		pull_ballot(key, sizeof(key), name, sizeof(name), &labelled, is);
		if (!*key && !labelled)
			continue;
		if (!*key) {
			snprintf(key, sizeof(key), "#%lld", (long long)pr);
			snprintf(name, sizeof(name), "#%lld", (long long)pr);
		}
		if (published_by(&sources, key, c))
			continue; /* "Ballot SMC08" left open after SBR 1.0.6 published SMC08 */
		char id[64];
		if (ballot_name_display(id, sizeof(id), key) < 0) {
			snprintf(id, sizeof(id), "%s", name);
			ct_error_drop("a pull request's key that is no ballot name is shown as its title or number writes it");
		}
		json_t *e = json_pack("{s:s, s:s, s:s?, s:s, s:n, s:I, s:o, s:n, s:n, s:[]}", "id", id, "key", key, "title",
				      title_after_name(is->title), "state", "discussion", "next_deadline", "pr", pr, "pr_url",
				      inflight_pr_url(c->repo, pr, is->html_url), "base", "head", "deadlines");
		/* Its head and diff: the pull-request ref imported with the repository, else the head GitHub reported. */
		char ref[64];
		int exists = 0;
		snprintf(ref, sizeof(ref), "refs/pull/%lld/head", (long long)pr);
		if ((rc = github_query_ref_exists(&exists, db, doc->id, ref)) < 0) {
			json_decref(e);
			break;
		}
		char *base = NULL;
		struct query_at h;
		json_t *tip = NULL;
		if (exists && query_resolve(&h, db, doc, ref) == 0 && query_commit(&tip, db, doc->id, h.commit) == 0) {
			/* Its head now; at the meeting only when it was already there. */
			json_object_set_new(e, "pull_commit", json_string(h.commit));
			if (json_integer_value(json_object_get(tip, "time")) <= c->as_of) {
				json_object_set_new(e, "head", json_string(query_short_ref(ref)));
				if (query_ref_base(&base, db, doc->id, ref) == 0 && base)
					json_object_set_new(e, "base", json_string(base));
			} else {
				char day[11];
				when_day(day, (int64_t)json_integer_value(json_object_get(tip, "time")));
				json_object_set_new(e, "note", json_sprintf("the head of pull request #%lld is of %s, after the "
									    "meeting; its diff at the meeting is not known",
									    (long long)pr, day));
			}
			json_decref(tip);
		} else if (exists) {
			ct_error_drop("an imported pull-request ref whose commit cannot be read: no head, no note");
		} else if (is->head_sha && query_resolve(&h, db, doc, is->head_sha) == 0) {
			json_object_set_new(e, "head", json_string(h.commit));
		} else {
			json_object_set_new(e, "note", json_sprintf("the head of pull request #%lld is not imported; import the "
								    "repository with its refs/pull/*/head refs to see its diff",
								    (long long)pr));
		}
		ct_error_drop("a head_sha or base that cannot be read: the entry says what is known");
		free(base);
		if (!json_object_get(by_key, key))
			json_array_append_new(order, json_string(key));
		json_object_set_new(by_key, key, e);
	}
	json_t *k;
	json_array_foreach(order, i, k)
		json_array_append(*out, json_object_get(by_key, json_string_value(k)));
	strbuf_release(&at);
	ct_issue_list_release(&issues);
	ct_ballot_source_list_release(&sources);
	json_decref(by_key);
	json_decref(order);
	return rc;
}

/* Is `word` in `text` as a whole word (letters, digits, '-' and '_' around it do not count), links left out? */
static int names_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return 0;
	for (const char *p = text; *p; p++) {
		if (!strncmp(p, "http", 4) && (p == text || isspace((unsigned char)p[-1]) || strchr("[(<", p[-1]))) {
			while (*p && !isspace((unsigned char)p[1]) && !strchr(")]>", p[1]))
				p++;
			continue;
		}
		if (strncasecmp(p, word, n))
			continue;
		int before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_' || p[-1] == '/');
		int after = isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '_' || p[n] == '/';
		if (!before && !after)
			return 1;
	}
	return 0;
}

/* The imported ref of a fork's (or the repository's own) branch the paragraph names: the longest name found. */
static const char *named_branch(json_t *refs, const char *owner, const char *context)
{
	struct strbuf prefix = STRBUF_INIT;
	strbuf_addf(&prefix, "refs/remotes/%s/", owner);
	const char *best = NULL;
	size_t best_len = 0;
	json_t *r;
	size_t i;
	int has_remote = 0;
	json_array_foreach(refs, i, r)
		has_remote |= !strncmp(jsonget_str(r, "name"), prefix.buf, prefix.len);
	json_array_foreach(refs, i, r) {
		const char *name = jsonget_str(r, "name");
		const char *leaf = !strncmp(name, prefix.buf, prefix.len) ? name + prefix.len
				   : !has_remote && !strncmp(name, "refs/heads/", 11) ? name + 11 : NULL;
		if (!leaf || !strcmp(leaf, "HEAD") || !strcmp(leaf, "main") || !strcmp(leaf, "master"))
			continue;
		if (strlen(leaf) > best_len && names_word(context, leaf)) {
			best = name;
			best_len = strlen(leaf);
		}
	}
	strbuf_release(&prefix);
	return best;
}

/* The full ref of OWNER's branch `branch`, when imported. */
static const char *owner_branch(json_t *refs, const char *owner, const char *branch)
{
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "refs/remotes/%s/%s", owner, branch);
	const char *found = NULL;
	json_t *r;
	size_t i;
	json_array_foreach(refs, i, r)
		if (!strcmp(jsonget_str(r, "name"), want.buf))
			found = jsonget_str(r, "name");
	strbuf_reset(&want);
	strbuf_addf(&want, "refs/heads/%s", branch);
	json_array_foreach(refs, i, r)
		if (!found && !strcmp(jsonget_str(r, "name"), want.buf))
			found = jsonget_str(r, "name");
	strbuf_release(&want);
	return found;
}

/* The commit `at` names, when imported (full id into `commit`, 80 bytes). */
static int commit_of(char *commit, struct ct_db *db, const struct query_doc *doc, const char *at)
{
	struct query_at a;
	*commit = '\0';
	if (!at)
		return -1;
	if (query_resolve(&a, db, doc, at) < 0 || !*a.commit) {
		ct_error_drop("a commit or ref not imported resolves to nothing: the mention is tried another way");
		return -1;
	}
	snprintf(commit, 80, "%s", a.commit);
	return 0;
}

int inflight_minutes_drafts(json_t **out, struct ct_db *db, const struct query_doc *doc, const char *date)
{
	struct ct_mention_list rows = CT_MENTION_LIST_INIT;
	json_t *refs = NULL;
	*out = json_array();
	if (!date)
		return 0;
	int rc = mentiondb_query(&rows, db, date);
	if (rc == 0)
		rc = query_refs(&refs, db, doc->id, NULL);
	for (size_t i = 0; i < rows.n && rc == 0; i++) {
		const struct ct_mention *m = &rows.items[i];
		const char *kind = m->kind;
		if (!strcmp(kind, "ipr_end"))
			continue;
		const char *owner = m->owner ? m->owner : "";
		char base[256] = "", head[256] = "";
		const char *ref = NULL, *how = NULL;
		if (!strcmp(kind, "compare") && commit_of(base, db, doc, m->base) == 0 && commit_of(head, db, doc, m->head) == 0) {
			how = "its commits";
			json_t *r;
			size_t j;
			json_array_foreach(refs, j, r) /* the branch whose tip it is, to name it */
				if (!ref && !strcmp(jsonget_text(r, "oid"), head) && strncmp(jsonget_text(r, "name"), "refs/tags/", 10))
					ref = jsonget_str(r, "name");
		} else if (!strcmp(kind, "branch") && (ref = owner_branch(refs, owner, m->head)) != NULL) {
			how = "its branch";
		} else if ((ref = named_branch(refs, owner, m->context ? m->context : "")) != NULL) {
			how = "the branch its paragraph names";
		}
		if (ref && !*head) {
			json_t *r;
			size_t j;
			json_array_foreach(refs, j, r)
				if (!strcmp(jsonget_text(r, "name"), ref) && jsonget_str(r, "base"))
					snprintf(base, sizeof(base), "%s", jsonget_str(r, "base"));
			snprintf(head, sizeof(head), "%s", query_short_ref(ref));
		}
		json_array_append_new(*out, json_pack("{s:s, s:o, s:s, s:o, s:s?, s:s?, s:s?, s:b, s:s?, s:s, s:o}", "kind", kind,
						      "url", record_json_text(m->url), "owner", owner, "repo",
						      record_json_text(m->repo), "ref", ref ? query_short_ref(ref) : NULL,
						      "base", *base ? base : NULL, "head", *head ? head : NULL, "resolved",
						      how != NULL, "how", how, "meeting", date, "context",
						      record_json_text(m->context)));
	}
	ct_mention_list_release(&rows);
	json_decref(refs);
	return rc;
}

int inflight_link_resolve(char *base, char *head, size_t size, struct ct_db *db, const struct query_doc *doc,
			  const char *url)
{
	struct ghlink l;
	char b[256] = "", h[256] = "";
	int rc = ghlink_parse(&l, url, strlen(url));
	if (rc < 0)
		return rc;
	struct strbuf fork = STRBUF_INIT;
	strbuf_addf(&fork, "%s/%s", *l.head_owner ? l.head_owner : l.owner, l.head);
	if (l.kind == GHLINK_COMPARE) {
		/* Kept as written (a ref stays a ref); the head may be the fork's branch ("main...srdavidson:CAA"). */
		if (commit_of(b, db, doc, l.base) < 0)
			rc = ct_error_set(CT_ENOTFOUND, "%s: its base '%s' is not in the imported history of %s", url, l.base,
					  doc->name);
		else if (commit_of(h, db, doc, l.head) == 0 && !*l.head_owner)
			snprintf(h, sizeof(h), "%s", l.head);
		else if (commit_of(h, db, doc, fork.buf) == 0)
			snprintf(h, sizeof(h), "%s", fork.buf);
		else
			rc = ct_error_set(CT_ENOTFOUND, "%s: its head '%s' is not in the imported history of %s", url, l.head,
					  doc->name);
		snprintf(b, sizeof(b), "%s", l.base);
	} else {
		/* A branch link: the branch, from where it left main. */
		struct query_at a;
		char *mb = NULL;
		if (query_resolve(&a, db, doc, fork.buf) < 0 && query_resolve(&a, db, doc, l.head) < 0) {
			ct_error_drop("replaced by the error that names the link");
			rc = ct_error_set(CT_ENOTFOUND, "%s: branch '%s' of %s is not imported", url, l.head, l.owner);
		} else if (query_ref_base(&mb, db, doc->id, a.ref) < 0 || !mb) {
			ct_error_drop("replaced by the error that names the link");
			rc = ct_error_set(CT_ENOTFOUND, "%s: where branch '%s' left main is not known", url, l.head);
		} else {
			snprintf(b, sizeof(b), "%s", mb);
			snprintf(h, sizeof(h), "%s", query_short_ref(a.ref));
		}
		free(mb);
	}
	strbuf_release(&fork);
	if (rc < 0)
		return rc;
	snprintf(base, size, "%s", b);
	snprintf(head, size, "%s", h);
	return 0;
}
