/*
 * test_records_sections.c - the typed records of db/query.h on a small
 * database the test builds (engine_fixture.h, no corpus): sections read
 * as struct ct_section (numbers, titles, levels, line counts, the heading
 * as written, the text only when asked), their JSON form for the edge
 * (ct_section_to_json and the rows made from it), the
 * outline built from them, and the release that resets a list; the
 * requirements (struct ct_requirement) with their filters and JSON form;
 * the dated obligations (struct ct_obligation) with their origin; the
 * Revisions rows (struct ct_revision); the origins (struct ct_origin) and
 * sightings (struct ct_sighting).
 */
#include "testutil.h"

#include "engine_fixture.h"
#include "tracker/outline.h"

static const char doc_v1[] =
	"---\ntitle: Test BR\n---\n\n"
	"# 1. INTRODUCTION\n\n## 1.1 Overview\n\nThe CA MAY publish a list.\n\n"
	"# 4. OPERATIONS\n\n## 4.1  Issuance\n\nEffective 2024-03-01 the CA SHALL log every issuance decision.\n\n"
	"### Notes\n\nThe CA SHOULD NOT rotate keys without notice.\n\n"
	"# Appendix A – Names\n\nEffective 2025-01-01 the CA MUST use the names.\n\n"
	"# 9. REVISIONS\n\n| Version | Ballot | Description | Adopted | Effective Date |\n|---|---|---|---|---|\n"
	"| 1.0.0 | SMC1 | First version | 2023-01-04 | 2023-09-01 |\n"
	"| 1.0.1 | | Typos | 2023-05-02 | |\n";

static int setup(void **state)
{
	(void)state;
	fx_init(&fx);
	fx_commit(&fx, "TST.md", doc_v1, "v1", NULL);
	fx_import(&fx, "TST.md");
	return 0;
}

static void test_section_list(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_section_list l = CT_SECTION_LIST_INIT;
	assert_int_equal(query_section_list(&l, fx.db, at.version_id, 0), 0);
	assert_int_equal(l.n, 8);

	/* the front matter: level 0, no number, no heading */
	assert_int_equal(l.items[0].level, 0);
	assert_null(l.items[0].number);
	assert_null(l.items[0].heading);
	assert_non_null(l.items[0].title);

	assert_string_equal(l.items[1].number, "1");
	assert_string_equal(l.items[1].title, "INTRODUCTION");
	assert_int_equal(l.items[1].title_len, strlen("INTRODUCTION"));
	assert_int_equal(l.items[1].level, 1);
	assert_string_equal(l.items[1].heading, "# 1. INTRODUCTION");
	assert_int_equal(l.items[1].heading_len, strlen("# 1. INTRODUCTION"));

	assert_string_equal(l.items[4].number, "4.1");
	assert_string_equal(l.items[4].title, "Issuance");
	assert_int_equal(l.items[4].level, 2);
	assert_string_equal(l.items[4].heading, "## 4.1  Issuance"); /* as written, two spaces kept */

	/* an unnumbered heading and an appendix have no number */
	assert_null(l.items[5].number);
	assert_string_equal(l.items[5].title, "Notes");
	assert_int_equal(l.items[5].level, 3);
	assert_null(l.items[6].number);
	assert_int_equal(l.items[6].level, 1);

	/* without text: none; the line counts add up to the document's lines */
	long lines = 0;
	for (size_t i = 0; i < l.n; i++) {
		assert_null(l.items[i].text);
		assert_true(l.items[i].lines > 0);
		assert_true(l.items[i].id > 0);
		lines += l.items[i].lines;
	}
	long want = 0;
	for (const char *p = doc_v1; *p; p++)
		want += *p == '\n';
	assert_int_equal(lines, want);

	ct_section_list_release(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	ct_section_list_release(&l); /* twice is harmless */
	ct_section_list_release(NULL);
}

static void test_section_text(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_section_list l = CT_SECTION_LIST_INIT;
	assert_int_equal(query_section_list(&l, fx.db, at.version_id, 1), 0);
	assert_int_equal(l.n, 8);
	for (size_t i = 1; i < l.n; i++) {
		/* the text starts with the heading line as written */
		assert_non_null(l.items[i].text);
		assert_int_equal(l.items[i].text_len, strlen(l.items[i].text));
		assert_int_equal(strncmp(l.items[i].text, l.items[i].heading, l.items[i].heading_len), 0);
	}
	assert_non_null(strstr(l.items[4].text, "SHALL log every issuance decision"));
	ct_section_list_release(&l);
}

static void test_section_unknown_version(void **state)
{
	(void)state;
	struct ct_section_list l = { (struct ct_section *)&l, 99 }; /* reset on entry */
	assert_int_equal(query_section_list(&l, fx.db, 987654, 1), 0);
	assert_int_equal(l.n, 0);
	ct_section_list_release(&l);
}

/* Records as the JSON rows a view model or --format json gets: each record's *_to_json, in order. */
static json_t *section_rows(int64_t version_id, int with_text)
{
	struct ct_section_list l = CT_SECTION_LIST_INIT;
	assert_int_equal(query_section_list(&l, fx.db, version_id, with_text), 0);
	json_t *rows = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(rows, ct_section_to_json(&l.items[i]));
	ct_section_list_release(&l);
	return rows;
}

static json_t *requirement_rows(int64_t version_id)
{
	struct ct_requirement_list l = CT_REQUIREMENT_LIST_INIT;
	assert_int_equal(query_requirement_list(&l, fx.db, version_id, NULL, NULL), 0);
	json_t *rows = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(rows, ct_requirement_to_json(&l.items[i]));
	ct_requirement_list_release(&l);
	return rows;
}

static json_t *revision_rows(int64_t version_id)
{
	struct ct_revision_list l = CT_REVISION_LIST_INIT;
	assert_int_equal(query_revision_list(&l, fx.db, version_id), 0);
	json_t *rows = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(rows, ct_revision_to_json(&l.items[i]));
	ct_revision_list_release(&l);
	return rows;
}

/* The sections of main, as records and as JSON rows. */
static struct query_at both_forms(struct ct_section_list *l, json_t **rows)
{
	struct query_at at = fx_at(&fx, "main");
	assert_int_equal(query_section_list(l, fx.db, at.version_id, 0), 0);
	*rows = section_rows(at.version_id, 0);
	return at;
}

/* The JSON form: the keys and order of the rows query_sections gave (the rows are now built from records at the edge). */
static void test_section_json(void **state)
{
	(void)state;
	struct ct_section_list l = CT_SECTION_LIST_INIT;
	json_t *rows = NULL;
	struct query_at at = both_forms(&l, &rows);
	assert_int_equal(json_array_size(rows), l.n);

	char *got = json_dumps(json_array_get(rows, 4), JSON_PRESERVE_ORDER | JSON_COMPACT);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "{\"id\":%lld,\"number\":\"4.1\",\"title\":\"Issuance\",\"level\":2,\"lines\":%ld,"
			   "\"heading\":\"## 4.1  Issuance\"}", (long long)l.items[4].id, l.items[4].lines);
	assert_string_equal(got, want.buf);
	free(got);

	/* the front matter: null number and heading */
	json_t *fm = ct_section_to_json(&l.items[0]);
	assert_true(json_is_null(json_object_get(fm, "number")));
	assert_true(json_is_null(json_object_get(fm, "heading")));
	assert_null(json_object_get(fm, "text"));
	json_decref(fm);

	/* with text, "text" comes last */
	json_t *trows = NULL;
	trows = section_rows(at.version_id, 1);
	void *it = json_object_iter(json_array_get(trows, 1));
	const char *last = NULL;
	for (; it; it = json_object_iter_next(json_array_get(trows, 1), it))
		last = json_object_iter_key(it);
	assert_string_equal(last, "text");

	strbuf_release(&want);
	json_decref(trows);
	json_decref(rows);
	ct_section_list_release(&l);
}

/* The outline from the records: parents, line ranges, anchors as GitHub makes them; its JSON says the same. */
static void test_section_outline(void **state)
{
	(void)state;
	struct ct_section_list l = CT_SECTION_LIST_INIT;
	struct query_at at = fx_at(&fx, "main");
	assert_int_equal(query_section_list(&l, fx.db, at.version_id, 0), 0);
	struct outline ol = OUTLINE_INIT;
	outline_of_sections(&ol, &l);
	assert_int_equal(ol.n, l.n);
	assert_null(ol.v[0].anchor);
	assert_string_equal(ol.v[1].anchor, "1-introduction");
	assert_string_equal(ol.v[4].anchor, "41--issuance");
	assert_string_equal(ol.v[4].parent, "4");
	assert_string_equal(ol.v[5].parent, "4.1");
	assert_null(ol.v[6].parent);

	long *starts = outline_section_starts(&l);
	json_t *jl = outline_to_json(&ol);
	assert_int_equal(json_array_size(jl), ol.n);
	for (size_t i = 0; i < l.n; i++) {
		json_t *o = json_array_get(jl, i);
		assert_int_equal(ol.v[i].line_start, starts[i]);
		assert_int_equal(ol.v[i].line_end, starts[i + 1] - 1);
		assert_int_equal(json_integer_value(json_object_get(o, "line_start")), ol.v[i].line_start);
		assert_int_equal(json_integer_value(json_object_get(o, "line_end")), ol.v[i].line_end);
		if (ol.v[i].anchor)
			assert_string_equal(json_string_value(json_object_get(o, "anchor")), ol.v[i].anchor);
		else
			assert_true(json_is_null(json_object_get(o, "anchor")));
	}
	assert_int_equal(starts[0], 1);
	json_decref(jl);
	free(starts);
	outline_release(&ol);
	ct_section_list_release(&l);
}

/* Requirements as records: document order, the section and its position, the filters of the query. */
static void test_requirement_list(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_section_list secs = CT_SECTION_LIST_INIT;
	struct ct_requirement_list l = CT_REQUIREMENT_LIST_INIT;
	assert_int_equal(query_section_list(&secs, fx.db, at.version_id, 1), 0);
	assert_int_equal(query_requirement_list(&l, fx.db, at.version_id, NULL, NULL), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.items[0].section, "1.1");
	assert_string_equal(l.items[0].keyword, "MAY");
	assert_string_equal(l.items[1].section, "4.1");
	assert_string_equal(l.items[1].keyword, "SHALL");
	assert_null(l.items[2].section); /* under "### Notes": no number */
	assert_string_equal(l.items[2].keyword, "SHOULD NOT");
	assert_int_equal(l.items[2].negated, 1);
	assert_int_equal(l.items[1].negated, 0);
	assert_string_equal(l.items[3].keyword, "MUST");
	for (size_t i = 0; i < l.n; i++) {
		const struct ct_requirement *r = &l.items[i];
		assert_int_equal(strlen(r->id), 16);
		assert_true(r->pos > 0 && (size_t)r->pos < secs.n);
		/* `line` counts within the section's text, whose line holds the requirement */
		const char *p = secs.items[r->pos].text;
		for (long k = 1; k < r->line && p; k++)
			p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
		assert_non_null(p);
		assert_int_equal(strncmp(p, r->text, 10), 0);
		assert_int_equal(r->text_len, strlen(r->text));
	}
	assert_int_equal(l.items[1].pos, 4);
	ct_requirement_list_release(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);

	/* a section keeps its subsections; a keyword is matched whatever its case */
	assert_int_equal(query_requirement_list(&l, fx.db, at.version_id, "4", NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].section, "4.1");
	ct_requirement_list_release(&l);
	assert_int_equal(query_requirement_list(&l, fx.db, at.version_id, NULL, "should not"), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].keyword, "SHOULD NOT");
	ct_requirement_list_release(&l);
	assert_int_equal(query_requirement_list(&l, fx.db, at.version_id, "4.1.1", NULL), 0);
	assert_int_equal(l.n, 0);
	ct_requirement_list_release(&l);
	ct_section_list_release(&secs);
}

/* The JSON form keeps the keys and order the old query_requirements rows had. */
static void test_requirement_json(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_requirement_list l = CT_REQUIREMENT_LIST_INIT;
	json_t *rows = NULL;
	assert_int_equal(query_requirement_list(&l, fx.db, at.version_id, NULL, NULL), 0);
	rows = requirement_rows(at.version_id);
	assert_int_equal(json_array_size(rows), l.n);
	char *got = json_dumps(json_array_get(rows, 2), JSON_PRESERVE_ORDER | JSON_COMPACT);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "{\"id\":\"%s\",\"section\":null,\"keyword\":\"SHOULD NOT\",\"keywords\":\"%s\",\"negated\":1,"
			   "\"line\":%ld,\"text\":\"%s\",\"pos\":%ld}", l.items[2].id, l.items[2].keywords, l.items[2].line,
		    l.items[2].text, l.items[2].pos);
	assert_string_equal(got, want.buf);
	free(got);
	strbuf_release(&want);
	json_decref(rows);
	ct_requirement_list_release(&l);
}

/* Dated obligations as records: by date, their section as references name it, the origin on main. */
static void test_obligation_list(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_obligation_list l = CT_OBLIGATION_LIST_INIT;
	struct ct_requirement_list reqs = CT_REQUIREMENT_LIST_INIT;
	assert_int_equal(query_requirement_list(&reqs, fx.db, at.version_id, NULL, NULL), 0);
	assert_int_equal(query_obligation_list(&l, fx.db, fx.doc.id, at.version_id), 0);
	assert_int_equal(l.n, 2);
	const struct ct_obligation *a = &l.items[0], *b = &l.items[1];
	assert_string_equal(a->date, "2024-03-01");
	assert_string_equal(a->source, "text");
	assert_string_equal(a->keyword, "SHALL");
	assert_string_equal(a->section, "4.1");
	assert_string_equal(a->rid, reqs.items[1].id);
	assert_int_equal(a->pos, 4);
	assert_int_equal(a->line, reqs.items[1].line);
	assert_null(a->ballot);
	assert_null(a->version);
	assert_non_null(a->phrase);
	assert_non_null(a->sections);
	/* text rows carry where they came to main: the only commit, no ballot */
	assert_non_null(a->origin_commit);
	assert_int_equal(strlen(a->origin_commit), 40);
	assert_null(a->origin_ballot);
	char key[64];
	snprintf(key, sizeof(key), "r|2024-03-01|SHALL|%s", a->rid);
	assert_string_equal(a->rkey, key);
	assert_string_equal(a->skey, "s|2024-03-01|SHALL|4.1");
	/* an obligation in an appendix names it as references do */
	assert_string_equal(b->date, "2025-01-01");
	assert_string_equal(b->section, "Appendix A");
	assert_string_equal(b->keyword, "MUST");

	/* the JSON form: every column, in the order the rows have always had */
	json_t *o = ct_obligation_to_json(a);
	static const char *const keys[] = { "date", "keyword", "ballot", "ballot_key", "version", "description", "sections",
					    "source", "phrase", "rid", "section", "line", "section_text_id", "pos", "rkey",
					    "skey", "origin_commit", "origin_version", "origin_ballot", "origin_ballot_key" };
	void *it = json_object_iter(o);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++, it = json_object_iter_next(o, it))
		assert_string_equal(json_object_iter_key(it), keys[k]);
	assert_null(it);
	assert_string_equal(s(o, "section"), "4.1");
	assert_true(json_is_array(json_object_get(o, "sections")));
	assert_true(json_is_null(json_object_get(o, "ballot")));
	assert_int_equal(json_integer_value(json_object_get(o, "pos")), 4);
	json_decref(o);

	ct_obligation_list_release(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	ct_requirement_list_release(&reqs);
}

/* Revisions rows as records: the ballot as the Forum writes it, the dated columns by header. */
static void test_revision_list(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_revision_list l = CT_REVISION_LIST_INIT;
	assert_int_equal(query_revision_list(&l, fx.db, at.version_id), 0);
	assert_int_equal(l.n, 2);
	const struct ct_revision *a = &l.items[0], *b = &l.items[1];
	assert_string_equal(a->version, "1.0.0");
	assert_string_equal(a->ballot, "SMC01"); /* "SMC1" in the table */
	assert_non_null(a->ballot_key);
	assert_string_equal(a->description, "First version");
	assert_int_equal(a->ndates, 2);
	assert_string_equal(ct_revision_column(a, "adopt"), "2023-01-04");
	assert_string_equal(ct_revision_column(a, "EFFECTIVE"), "2023-09-01");
	assert_null(ct_revision_column(a, "publication"));
	assert_string_equal(b->version, "1.0.1");
	assert_null(b->ballot);
	assert_null(b->ballot_key);
	assert_int_equal(b->ndates, 1);
	assert_null(ct_revision_column(b, "effective"));

	/* the JSON form: {version, ballot, ballot_key, description, dates} */
	json_t *rows = NULL;
	rows = revision_rows(at.version_id);
	char *got = json_dumps(json_array_get(rows, 1), JSON_PRESERVE_ORDER | JSON_COMPACT);
	assert_string_equal(got, "{\"version\":\"1.0.1\",\"ballot\":null,\"ballot_key\":null,\"description\":\"Typos\","
				 "\"dates\":{\"Adopted\":\"2023-05-02\"}}");
	free(got);
	json_decref(rows);
	ct_revision_list_release(&l);
	assert_int_equal(l.n, 0);

	/* a version without a Revisions table: none */
	assert_int_equal(query_revision_list(&l, fx.db, 987654), 0);
	assert_int_equal(l.n, 0);
	ct_revision_list_release(&l);
}

/* Origins as records: found by key, the same commit the obligation was joined with. */
static void test_origin_list(void **state)
{
	(void)state;
	struct query_at at = fx_at(&fx, "main");
	struct ct_obligation_list obls = CT_OBLIGATION_LIST_INIT;
	struct ct_origin_list l = CT_ORIGIN_LIST_INIT;
	assert_int_equal(query_obligation_list(&obls, fx.db, fx.doc.id, at.version_id), 0);
	assert_int_equal(query_origin_list(&l, fx.db, fx.doc.id, "r|"), 0);
	assert_int_equal(l.n, 2);
	for (size_t i = 0; i < obls.n; i++) {
		const struct ct_origin *o = ct_origin_find(&l, obls.items[i].rkey);
		assert_non_null(o);
		assert_string_equal(o->okey, obls.items[i].rkey);
		assert_string_equal(o->commit, obls.items[i].origin_commit);
		assert_null(o->ballot);
	}
	assert_null(ct_origin_find(&l, "r|2099-01-01|MUST|"));
	ct_origin_list_release(&l);
	assert_int_equal(l.n, 0);
	/* no compliance table: no table keys */
	assert_int_equal(query_origin_list(&l, fx.db, fx.doc.id, "t|"), 0);
	assert_int_equal(l.n, 0);
	ct_origin_list_release(&l);
	ct_obligation_list_release(&obls);

	/* ballots as the Forum writes them */
	char *b = query_forum_ballot("SC63");
	assert_string_equal(b, "SC063");
	free(b);
	b = query_forum_ballot("not a ballot");
	assert_string_equal(b, "not a ballot");
	free(b);
	assert_null(query_forum_ballot(NULL));
}

/* Sightings as records: every ref, or only the first; the JSON form has "refs" only when asked. */
static void test_sighting_list(void **state)
{
	(void)state;
	struct ct_sighting_list all = CT_SIGHTING_LIST_INIT, first = CT_SIGHTING_LIST_INIT;
	assert_int_equal(query_sighting_list(&all, fx.db, fx.doc.id, 1), 0);
	assert_int_equal(query_sighting_list(&first, fx.db, fx.doc.id, 0), 0);
	assert_int_equal(all.n, 2);
	assert_int_equal(first.n, 2);
	for (size_t i = 0; i < all.n; i++) {
		const struct ct_sighting *a = &all.items[i], *b = &first.items[i];
		assert_int_equal(a->on_main, 1);
		assert_int_equal(strlen(a->first_commit), 40);
		assert_string_equal(a->source, "text");
		assert_true(a->nrefs >= 1);
		assert_int_equal(b->nrefs, 1);
		assert_string_equal(b->refs[0], a->refs[0]);
		assert_string_equal(a->date, b->date);
	}
	assert_string_equal(all.items[0].date, "2024-03-01");
	assert_string_equal(all.items[0].section, "4.1");
	assert_string_equal(all.items[1].date, "2025-01-01");
	json_t *j = ct_sighting_to_json(&all.items[0], 1), *k = ct_sighting_to_json(&first.items[0], 0);
	assert_true(json_is_array(json_object_get(j, "refs")));
	assert_null(json_object_get(k, "refs"));
	assert_int_equal(json_integer_value(json_object_get(k, "on_main")), 1);
	assert_string_equal(s(k, "section"), "4.1");
	json_decref(j);
	json_decref(k);
	ct_sighting_list_release(&all);
	ct_sighting_list_release(&first);
	assert_int_equal(all.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_list),
		cmocka_unit_test(test_section_text),
		cmocka_unit_test(test_section_unknown_version),
		cmocka_unit_test(test_section_json),
		cmocka_unit_test(test_section_outline),
		cmocka_unit_test(test_requirement_list),
		cmocka_unit_test(test_requirement_json),
		cmocka_unit_test(test_obligation_list),
		cmocka_unit_test(test_revision_list),
		cmocka_unit_test(test_origin_list),
		cmocka_unit_test(test_sighting_list),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
