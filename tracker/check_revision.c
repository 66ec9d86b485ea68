/*
 * check_revision.c - the revision-row rule of `cabtrack check` (with a
 * base): normative text changed but the Revisions table gained no row, or
 * a new row's version does not follow the last.  A row is new by its
 * version; placeholders ("1.0.X") and dates in the Version column are no
 * versions.  Owns the version-number arithmetic.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db/query.h"
#include "tracker/base/strbuf.h"
#include "tracker/check_finding.h"
#include "tracker/check_rule.h"

/* Split "1.0.10" into parts; returns how many (at most 8). */
static int version_parts(long *out, const char *v)
{
	int n = 0;
	while (v && isdigit((unsigned char)*v) && n < 8) {
		char *end;
		out[n++] = strtol(v, &end, 10);
		v = *end == '.' ? end + 1 : "";
	}
	return n;
}

static int version_cmp(const char *a, const char *b)
{
	long pa[8] = { 0 }, pb[8] = { 0 };
	version_parts(pa, a);
	version_parts(pb, b);
	for (int i = 0; i < 8; i++)
		if (pa[i] != pb[i])
			return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

/* Is `v` the version right after `last`: one part up by one, the parts after it zero? */
static int version_follows(const char *v, const char *last)
{
	long pv[8] = { 0 }, pl[8] = { 0 };
	int nv = version_parts(pv, v), nl = version_parts(pl, last);
	int n = nv > nl ? nv : nl, k = 0;
	if (!nv || !nl)
		return 1; /* not a version number: nothing to say */
	while (k < n && pv[k] == pl[k])
		k++;
	if (k == n || pv[k] != pl[k] + 1)
		return 0;
	for (int i = k + 1; i < n; i++)
		if (pv[i])
			return 0;
	return 1;
}

/* The string, or "" for NULL. */
static const char *nz(const char *s)
{
	return s ? s : "";
}

static void revision_key(struct strbuf *sb, const struct ct_revision *row)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s|%s|%s", nz(row->version), nz(row->ballot_key), nz(row->description));
}

/*
 * The document line of a Revisions row: a table line whose first cell is
 * its version ("--" or empty when it has none) and which holds its
 * description (else its ballot); 0 when none is found.
 */
static long revision_line(struct check *c, const struct ct_revision *row)
{
	const char *v = nz(row->version), *want = *nz(row->description) ? row->description : nz(row->ballot);
	for (size_t pos = 0; pos < c->nsections; pos++) {
		const char *t = c->sections.items[pos].text;
		long line = c->starts[pos];
		for (const char *p = t; *p; line++) {
			const char *eol = strchrnul(p, '\n'), *q = p + 1;
			while (q < eol && (*q == ' ' || *q == '*'))
				q++;
			const char *e = q;
			while (e < eol && *e != '|' && *e != ' ' && *e != '*')
				e++;
			size_t n = (size_t)(e - q);
			int version_ok = *v ? n == strlen(v) && !strncmp(q, v, n) : n == 0 || strspn(q, "-") == n;
			if (*p == '|' && version_ok && (!*want || memmem(p, (size_t)(eol - p), want, strlen(want))))
				return line;
			p = *eol ? eol + 1 : eol;
		}
	}
	return 0;
}

/* A version cell that is no version number: a draft's placeholder ("1.0.X", "TBD") or a date. */
static int is_placeholder(const char *v)
{
	return strspn(v, "0123456789.") != strlen(v);
}

/* Revisions rows (pointers into one list) by version number; rows of one version in table order. */
static int row_version_cmp(const void *a, const void *b)
{
	const struct ct_revision *x = *(const struct ct_revision *const *)a, *y = *(const struct ct_revision *const *)b;
	int c = version_cmp(nz(x->version), nz(y->version));
	return c ? c : (x > y) - (x < y);
}

int check_revision_row(struct check *c)
{
	struct ct_revision_list brevs = CT_REVISION_LIST_INIT, hrevs = CT_REVISION_LIST_INIT;
	const struct ct_revision **added = NULL, **versions = NULL;
	size_t nadded = 0, nversions = 0;
	json_t *keys = json_object();
	struct strbuf key = STRBUF_INIT;
	size_t i;
	int rc = query_revision_list(&brevs, c->db, c->base_vid);
	if (rc == 0)
		rc = query_revision_list(&hrevs, c->db, c->head_vid);
	if (rc < 0)
		goto out; /* could not read the Revisions tables: said, not taken for "no finding" */
	if (!hrevs.n)
		goto out; /* no Revisions table to keep */
	/*
	 * A row is new when its version is (or, without one, its whole text);
	 * a ballot that edits old rows' descriptions adds none.
	 */
	const char *last = NULL;
	for (i = 0; i < brevs.n; i++) {
		const struct ct_revision *r = &brevs.items[i];
		const char *v = r->version;
		revision_key(&key, r);
		json_object_set_new(keys, v ? v : key.buf, json_true());
		if (v && !is_placeholder(v) && strchr(v, '.') && (!last || version_cmp(v, last) > 0))
			last = v;
	}
	added = xcalloc(hrevs.n + 1, sizeof(*added));
	for (i = 0; i < hrevs.n; i++) {
		const struct ct_revision *r = &hrevs.items[i];
		revision_key(&key, r);
		if (!json_object_get(keys, r->version ? r->version : key.buf))
			added[nadded++] = r;
	}
	size_t nreqs = json_array_size(json_object_get(c->diff, "requirements"));
	size_t ndates = json_array_size(json_object_get(c->diff, "dates"));
	if (!nadded && (nreqs || ndates)) {
		long line = revision_line(c, &hrevs.items[hrevs.n - 1]);
		check_finding(c, CHECK_REVISION_ROW, line ? line : 1,
			"the change alters normative text (%zu requirement%s, %zu date%s) but the Revisions table gained no row",
			nreqs, nreqs == 1 ? "" : "s", ndates, ndates == 1 ? "" : "s");
	}
	/* the new versions in order, each following the one before (rows of one version share it) */
	versions = xcalloc(nadded + 1, sizeof(*versions));
	for (i = 0; i < nadded; i++)
		if (added[i]->version && !is_placeholder(added[i]->version))
			versions[nversions++] = added[i];
	qsort(versions, nversions, sizeof(*versions), row_version_cmp);
	for (i = 0; i < nversions; i++) {
		const struct ct_revision *r = versions[i];
		const char *v = r->version;
		if (!last || !version_cmp(v, last) || version_follows(v, last)) {
			last = v;
			continue;
		}
		long line = revision_line(c, r);
		json_t *f = check_finding(c, CHECK_REVISION_ROW, line ? line : 1,
				    "the new Revisions row's version %s does not follow the last one, %s", v, last);
		check_set_str(f, "version", v);
		check_set_str(f, "previous_version", last);
		last = v;
	}
out:
	strbuf_release(&key);
	json_decref(keys);
	free(added);
	free(versions);
	ct_revision_list_release(&brevs);
	ct_revision_list_release(&hrevs);
	return rc;
}
