/*
 * cmd_blame.c - `cabtrack blame SECTION`: for each requirement of a
 * section, where on the first-parent history it first appeared in its
 * current form, with which version and ballot, and where its keyword last
 * changed.
 *
 * A requirement is its id (the hash of its normalised text), so "its
 * current form" is a run of versions that hold that id, ending at --at.
 * Before the run, the requirement it grew from (diff_predecessor: the same
 * text with other keywords, or most of its words in the same section) is
 * followed the same way, back to where the lineage starts or the keyword
 * differs.  Each version's section-text ids are loaded once, so a step
 * back is a binary search, not a query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker/cli/cli.h"
#include "tracker/diff.h"
#include "tracker/base/error.h"
#include "tracker/base/jsonget.h"
#include "tracker/base/strbuf.h"
#include "tracker/base/when.h"

static const char usage[] =
	"usage: cabtrack blame SECTION [--doc NAME] [--at REF|DAY] [--format " CLI_LISTING_FORMATS "]\n\n"
	"For each requirement in SECTION (not its subsections) at REF: the commit, version,\n"
	"ballot and date on the first-parent history where it first appeared in its current\n"
	"form, and where its keyword last changed (SHOULD -> SHALL).  The ballot of a commit\n"
	"that names none is the next ballot on the history, which carried it.\n"
	"Exit status 1 when the section holds no requirement.\n\n"
	"   --doc NAME      the document (default: cabtrack.document, else the only one)\n"
	"   --at REF|DAY    a ref or commit (default: the document's main ref), or a day\n"
	"                   (2024-01-10, -3m): the latest version on main adopted by then\n"
	"   --format FMT    " CLI_LISTING_FORMAT_HELP "\n";

struct vsecs {
	int64_t *ids;
	size_t n;
};

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

struct blame {
	struct ct_db *db;
	int64_t doc_id;
	json_t *chain;          /* oldest first */
	json_t *vindex;         /* version id (as text) -> index in vs */
	struct vsecs *vs;
	size_t nvs;
	struct reqs_cached *cache; /* the requirements of the versions read so far */
	size_t ncache;
};

/* The requirements of one version, read once. */
struct reqs_cached {
	int64_t vid;
	struct ct_requirement_list reqs;
};

static int load_versions(struct blame *b)
{
	json_t *rows = NULL, *r;
	size_t i;
	if (query_version_section_ids(&rows, b->db, b->doc_id) < 0)
		return CT_EDB;
	b->nvs = json_array_size(rows);
	b->vs = xcalloc(b->nvs + 1, sizeof(*b->vs));
	b->vindex = json_object();
	json_array_foreach(rows, i, r) {
		json_t *ids = json_object_get(r, "sections"), *x;
		size_t j;
		b->vs[i].n = json_array_size(ids);
		b->vs[i].ids = xmalloc((b->vs[i].n + 1) * sizeof(int64_t));
		json_array_foreach(ids, j, x)
			b->vs[i].ids[j] = json_integer_value(x);
		qsort(b->vs[i].ids, b->vs[i].n, sizeof(int64_t), cmp64);
		char key[32];
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(r, "id")));
		json_object_set_new(b->vindex, key, json_integer((json_int_t)i));
	}
	json_decref(rows);
	return 0;
}

static const struct vsecs *vsecs_of(struct blame *b, int64_t vid)
{
	char key[32];
	snprintf(key, sizeof(key), "%lld", (long long)vid);
	json_t *i = json_object_get(b->vindex, key);
	return i ? &b->vs[json_integer_value(i)] : NULL;
}

/* Does the version of chain entry `c` hold one of the section texts `texts`? */
static int holds(struct blame *b, json_t *c, const int64_t *texts, size_t ntexts)
{
	const struct vsecs *v = vsecs_of(b, json_integer_value(json_object_get(c, "version_id")));
	for (size_t i = 0; v && i < ntexts; i++)
		if (bsearch(&texts[i], v->ids, v->n, sizeof(int64_t), cmp64))
			return 1;
	return 0;
}

static int texts_of(int64_t **out, size_t *n, struct blame *b, const char *rid)
{
	json_t *rows = NULL, *r;
	size_t i;
	if (query_requirement_texts(&rows, b->db, rid) < 0)
		return CT_EDB;
	*n = json_array_size(rows);
	*out = xmalloc((*n + 1) * sizeof(int64_t));
	json_array_foreach(rows, i, r)
		(*out)[i] = json_integer_value(json_object_get(r, "section_text_id"));
	json_decref(rows);
	return 0;
}

static const struct ct_requirement_list *reqs_of(struct blame *b, int64_t vid)
{
	for (size_t i = 0; i < b->ncache; i++)
		if (b->cache[i].vid == vid)
			return &b->cache[i].reqs;
	struct ct_requirement_list l = CT_REQUIREMENT_LIST_INIT;
	if (query_requirement_list(&l, b->db, vid, NULL, NULL) < 0)
		return NULL;
	b->cache = xrealloc(b->cache, (b->ncache + 1) * sizeof(*b->cache));
	b->cache[b->ncache] = (struct reqs_cached){ vid, l };
	return &b->cache[b->ncache++].reqs;
}

/* The ballot a chain commit brought: its own, else the next one named on the chain. */
static json_t *where(json_t *chain, size_t i)
{
	json_t *c = json_array_get(chain, i), *ballot = json_null();
	for (size_t j = i; j < json_array_size(chain); j++) {
		const char *bn = json_string_value(json_object_get(json_array_get(chain, j), "ballot"));
		if (bn) {
			ballot = json_string(bn);
			break;
		}
	}
	char date[11];
	when_day(date, json_integer_value(json_object_get(c, "time")));
	json_t *label = json_object_get(c, "label");
	return json_pack("{s:s, s:O, s:o, s:s, s:s}", "commit", jsonget_text(c, "oid"), "version", label ? label : json_null(),
			 "ballot", ballot, "date", date, "summary", jsonget_text(c, "summary"));
}

/*
 * The start of the run of chain entries up to `end` (inclusive) that hold
 * requirement `rid`: its index, or -1 when chain[end] does not hold it.
 */
static long run_start(struct blame *b, const char *rid, long end)
{
	int64_t *texts = NULL;
	size_t n = 0;
	if (texts_of(&texts, &n, b, rid) < 0)
		return -2;
	long i = end;
	while (i >= 0 && holds(b, json_array_get(b->chain, (size_t)i), texts, n))
		i--;
	free(texts);
	return i == end ? -1 : i + 1;
}

static int blame_one(json_t **out, struct blame *b, const struct ct_requirement *req)
{
	long end = (long)json_array_size(b->chain) - 1;
	long start = run_start(b, req->id, end);
	if (start < -1)
		return CT_EDB;
	if (start < 0)
		start = end;
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", req->id, "section", req->section ? req->section : "",
			      "keyword", req->keyword, "text", req->text, "introduced",
			      where(b->chain, (size_t)start));
	json_object_set_new(e, "keyword_changed", json_null());

	/* Follow the lineage back while the keyword stays the same. */
	const struct ct_requirement *cur = req;
	long first = start;
	for (int steps = 0; start > 0 && steps < 64; steps++) {
		json_t *prev = json_array_get(b->chain, (size_t)start - 1);
		const struct ct_requirement_list *cands = reqs_of(b, json_integer_value(json_object_get(prev, "version_id")));
		if (!cands) {
			json_decref(e);
			return CT_EDB;
		}
		const struct ct_requirement *pred = diff_predecessor(cands, cur);
		if (!pred)
			break;
		if (strcmp(pred->keyword, cur->keyword)) {
			json_object_set_new(e, "keyword_changed", where(b->chain, (size_t)start));
			json_object_set_new(e, "old_keyword", json_string(pred->keyword));
			break;
		}
		long s = run_start(b, pred->id, start - 1);
		if (s < 0)
			break;
		cur = pred;
		start = first = s;
	}
	json_object_set_new(e, "first_seen", where(b->chain, (size_t)first));
	*out = e;
	return 0;
}

int cmd_blame(int argc, char **argv)
{
	struct cli_query_args q = CLI_QUERY_ARGS_INIT;
	int rc = cli_parse_query_args(&q, argc, argv, usage, 1);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return cli_usage_error("blame", "name a section, for example 'cabtrack blame 4.2.2.1'");
	const char *section = argv[optind];

	struct cli_target t;
	if (cli_target_open(&t, q.doc, q.at) < 0)
		return cli_fail();
	struct blame b = { t.db, t.doc.id, NULL, NULL, NULL, 0, NULL, 0 };
	struct ct_requirement_list reqs = CT_REQUIREMENT_LIST_INIT;
	json_t *out = json_array();
	size_t i;
	if (!*t.at.commit) {
		rc = ct_error_set(CT_EINVALID, "blame: '%s' names a version, not a commit; give a ref or a commit with --at",
				  q.at);
		goto done;
	}
	/* A section the version does not have is bad input (exit 2), not "nothing found". */
	struct ct_section_list sections = CT_SECTION_LIST_INIT;
	rc = query_section_list(&sections, t.db, t.at.version_id, 0);
	if (rc == 0)
		rc = cli_section_check(&sections, &t, q.at, section);
	ct_section_list_release(&sections);
	if (rc < 0)
		goto done;
	if ((rc = query_chain(&b.chain, t.db, t.doc.id, t.at.commit)) < 0 ||
	    (rc = query_requirement_list(&reqs, t.db, t.at.version_id, section, NULL)) < 0 ||
	    (rc = load_versions(&b)) < 0)
		goto done;
	for (i = 0; i < reqs.n; i++) {
		if (!reqs.items[i].section || strcmp(reqs.items[i].section, section))
			continue; /* subsections have their own blame */
		json_t *e = NULL;
		if ((rc = blame_one(&e, &b, &reqs.items[i])) < 0)
			goto done;
		json_array_append_new(out, e);
	}
	if (q.fmt == RENDER_JSON) {
		rc = render_json(stdout, out);
	} else {
		static const struct render_column cols[] = {
			{ "keyword", "KEYWORD" }, { "date", "INTRODUCED" }, { "version", "VERSION" }, { "ballot", "BALLOT" },
			{ "commit", "COMMIT" }, { "changed", "KEYWORD CHANGED" }, { "text", "REQUIREMENT" },
		};
		json_t *rows = json_array(), *e;
		json_array_foreach(out, i, e) {
			json_t *in = json_object_get(e, "introduced"), *kc = json_object_get(e, "keyword_changed");
			struct strbuf ch = STRBUF_INIT;
			if (json_is_object(kc))
				strbuf_addf(&ch, "%s→%s %s (%s)", jsonget_text(e, "old_keyword"), jsonget_text(e, "keyword"), jsonget_text(kc, "date"),
					    json_is_string(json_object_get(kc, "ballot")) ? jsonget_text(kc, "ballot") : "no ballot");
			char commit[13];
			snprintf(commit, sizeof(commit), "%s", jsonget_text(in, "commit"));
			json_array_append_new(rows, json_pack("{s:s, s:s, s:O, s:O, s:s, s:s, s:s}", "keyword", jsonget_text(e, "keyword"),
							      "date", jsonget_text(in, "date"), "version", json_object_get(in, "version"),
							      "ballot", json_object_get(in, "ballot"), "commit", commit,
							      "changed", ch.len ? ch.buf : "-", "text", jsonget_text(e, "text")));
			strbuf_release(&ch);
		}
		rc = render_table(stdout, rows, cols, sizeof(cols) / sizeof(cols[0]), q.fmt);
		json_decref(rows);
	}
done:
	for (size_t k = 0; k < b.nvs; k++)
		free(b.vs[k].ids);
	free(b.vs);
	json_decref(b.vindex);
	for (size_t k = 0; k < b.ncache; k++)
		ct_requirement_list_release(&b.cache[k].reqs);
	free(b.cache);
	json_decref(b.chain);
	ct_requirement_list_release(&reqs);
	size_t n = json_array_size(out);
	json_decref(out);
	cli_target_release(&t);
	if (rc < 0)
		return cli_fail();
	return n ? CLI_EXIT_OK : CLI_EXIT_NOTHING;
}
