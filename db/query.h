/*
 * query.h - what the tracker reads: documents, versions at a ref, sections,
 * requirements, dated obligations, revision rows and commit history.
 *
 * The engine's main nouns come back as typed records (struct ct_section,
 * ...) in lists the caller releases; each has one *_to_json for the edge
 * (--format json and the view models).  The other reads come back as
 * jansson values (arrays of objects with the column names as keys); the
 * caller owns them.  Every function returns 0 or a negative CT_E* code
 * with the message kept.
 */
#ifndef CT_QUERY_H
#define CT_QUERY_H

#include <stdint.h>
#include <jansson.h>

#include "db/db.h"

struct query_doc {
	int64_t id;
	char *name, *repo, *path, *main_ref;
};

/*
 * Find the document `name`, or the only one when name is NULL (an error
 * lists the names when there are several).  Release with query_doc_release.
 */
int query_document(struct query_doc *out, struct ct_db *db, const char *name);
void query_doc_release(struct query_doc *doc);

/* The names of the database's documents, in name order: a JSON array of strings. */
int query_document_names(json_t **out, struct ct_db *db);

/* A ref's short name: without refs/heads/, refs/tags/, refs/remotes/ or refs/ (points into `ref`). */
const char *query_short_ref(const char *ref);

struct query_at {
	int64_t version_id;
	char commit[80];        /* the commit the ref names ("" for a version label) */
	char ref[256];          /* the full ref name, or what was given */
};

/*
 * Resolve `at` (NULL = the document's main ref) to a version: a ref as
 * recorded at import (full or short: main, Ballot_SMC05, srdavidson/CAA,
 * pull/228/head), a commit id or unique prefix of 4+ hex digits, or a
 * version label from the front matter ("1.0.3").  CT_ENOTFOUND with a
 * message naming `at` otherwise, or when the file is absent there.
 */
int query_resolve(struct query_at *out, struct ct_db *db, const struct query_doc *doc, const char *at);

/* The version's front matter: {id, blob, title, subtitle, label, date, size}. */
int query_version(json_t **out, struct ct_db *db, int64_t version_id);

/* One section of a version: a row of section_texts, in document order. */
struct ct_section {
	int64_t id;             /* section_texts.id */
	char *number;           /* "4.2.2.1"; NULL for the front matter and unnumbered headings */
	char *title;            /* the heading without its number ("" for none); never NULL */
	size_t title_len;
	int level;              /* 0 for the front matter, else 1..6 */
	long lines;             /* its line count */
	char *heading;          /* the heading line as written; NULL for the front matter */
	size_t heading_len;
	char *text;             /* the Markdown, heading included; NULL unless asked for */
	size_t text_len;
};

/* A version's sections in document order: items[0..n). */
struct ct_section_list {
	struct ct_section *items;
	size_t n;
};
#define CT_SECTION_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with the version's sections in document order, front matter
 * included; `text` only when with_text.  Release with
 * ct_section_list_release (also after an error).
 */
int query_section_list(struct ct_section_list *out, struct ct_db *db, int64_t version_id, int with_text);

/* Free what `list` holds and reset it to CT_SECTION_LIST_INIT (the struct itself is the caller's). */
void ct_section_list_release(struct ct_section_list *list);

/*
 * A section as JSON: {id, number, title, level, lines, heading, text?}
 * (null for NULL; text only when the record has it).  A new reference.
 */
json_t *ct_section_to_json(const struct ct_section *s);


/*
 * A string of `len` bytes (NULs included) as JSON: null for NULL, "" for
 * bytes that are not UTF-8, as record_json_text (db/record.h) for a
 * NUL-terminated one.  A new reference.
 */
json_t *query_json_stringn(const char *s, size_t len);

/* One requirement of a version: a sentence with an RFC 2119 keyword. */
struct ct_requirement {
	char *id;               /* the requirement id: 16 hex digits over the normalised text */
	char *section;          /* its section's number; NULL when the section has none */
	char *keyword;          /* the first keyword: "MUST", "SHALL NOT", ... */
	char *keywords;         /* every keyword, comma separated */
	int negated;
	long line;              /* line within the section text, from 1 */
	char *text;
	size_t text_len;
	long pos;               /* its section's index in the version (struct ct_section_list) */
};

/* A version's requirements in document order: items[0..n). */
struct ct_requirement_list {
	struct ct_requirement *items;
	size_t n;
};
#define CT_REQUIREMENT_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with the requirements of the version in document order;
 * `section` keeps that section and its subsections, `keyword` one keyword
 * (either may be NULL).  Release with ct_requirement_list_release (also
 * after an error).
 */
int query_requirement_list(struct ct_requirement_list *out, struct ct_db *db, int64_t version_id, const char *section,
			   const char *keyword);

/* Free what `list` holds and reset it to CT_REQUIREMENT_LIST_INIT. */
void ct_requirement_list_release(struct ct_requirement_list *list);

/*
 * A requirement as JSON, as the rows of query_requirements: {id, section,
 * keyword, keywords, negated, line, text, pos} (null for NULL).  A new
 * reference.
 */
json_t *ct_requirement_to_json(const struct ct_requirement *r);


/*
 * One dated obligation of a version: a compliance-table row or a dated
 * phrase of a requirement.  Strings may be NULL where the comment says.
 */
struct ct_obligation {
	char *date;             /* YYYY-MM-DD */
	char *keyword;          /* MUST, SHALL, ...; NULL when none */
	char *ballot;           /* the table's ballot, as the Forum writes it; NULL for none (text rows) */
	char *ballot_key;       /* its key (ballot_name.h); NULL for none */
	char *version;          /* the table's Version column; NULL for none (text rows) */
	char *description;
	char **sections;        /* the section numbers the row names: sections[0..nsections) */
	size_t nsections;
	char *source;           /* "table" or "text" */
	char *phrase;           /* starting, effective, prior-to, ... (text rows); NULL otherwise */
	char *rid;              /* the requirement it is in (text rows); NULL otherwise */
	char *section;          /* the section it is in as references name it ("4.2", "Appendix B"); NULL when none */
	long line;              /* line within the section text, from 1 */
	int64_t section_text_id;
	long pos;               /* its section's index in the version (struct ct_section_list) */
	char *rkey, *skey;      /* its keys in date_origins (by requirement, by section) */
	/* Text rows: where the phrase first came to main (date_origins); NULL when not recorded. */
	char *origin_commit, *origin_version, *origin_ballot, *origin_ballot_key;
};

/* A version's dated obligations by date, then document order: items[0..n). */
struct ct_obligation_list {
	struct ct_obligation *items;
	size_t n;
};
#define CT_OBLIGATION_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with the dated obligations of the version, by date, then
 * document order; text rows joined with their origin (date_origins of the
 * document).  Ballots are named as the Forum writes them
 * (ballot_name_display).  Release with ct_obligation_list_release (also
 * after an error).
 */
int query_obligation_list(struct ct_obligation_list *out, struct ct_db *db, int64_t doc_id, int64_t version_id);

/* Free what `list` holds and reset it to CT_OBLIGATION_LIST_INIT. */
void ct_obligation_list_release(struct ct_obligation_list *list);

/*
 * An obligation as JSON: {date, keyword, ballot, ballot_key, version,
 * description, sections (array), source, phrase, rid, section, line,
 * section_text_id, pos, rkey, skey, origin_commit, origin_version,
 * origin_ballot, origin_ballot_key} (null for NULL).  A new reference.
 */
json_t *ct_obligation_to_json(const struct ct_obligation *o);

/* Where a dated obligation first came to the main ref (a row of date_origins). */
struct ct_origin {
	char *okey;             /* its key: "t|..." for a table row (link_table_key), "r|", "s|", "v|" */
	char *commit;           /* the commit on main */
	char *version;          /* that commit's version label; NULL when none */
	char *ballot;           /* the ballot that carried it, as the Forum writes it; NULL when none */
	char *ballot_key;       /* NULL when none */
	long pos;
};

/* Origins: items[0..n). */
struct ct_origin_list {
	struct ct_origin *items;
	size_t n;
};
#define CT_ORIGIN_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with the recorded origins of the document whose key starts
 * with `prefix` ("t|").  Release with ct_origin_list_release (also after
 * an error).
 */
int query_origin_list(struct ct_origin_list *out, struct ct_db *db, int64_t doc_id, const char *prefix);

/* Free what `list` holds and reset it to CT_ORIGIN_LIST_INIT. */
void ct_origin_list_release(struct ct_origin_list *list);

/* The origin of key `okey` in `list`, or NULL. */
const struct ct_origin *ct_origin_find(const struct ct_origin_list *list, const char *okey);

/* A ballot's name as the Forum writes it ("SC63" in a table is SC063), as an owned copy; NULL for NULL. */
char *query_forum_ballot(const char *name);

/* A dated obligation as first seen across every imported version (a row of date_sightings). */
struct ct_sighting {
	char *date;             /* YYYY-MM-DD */
	char *keyword;          /* NULL when none */
	char *ballot;           /* as the Forum writes it; NULL when none */
	char *ballot_key;       /* NULL when none */
	char **sections;        /* the section numbers the row names: sections[0..nsections) */
	size_t nsections;
	char *description;
	char *source;           /* "table" or "text" */
	char *section;          /* the section it is in as references name it; NULL when none */
	char *first_version;    /* the label of the version it first appeared in; NULL when none */
	char *first_commit;
	int on_main;            /* it reached the main ref */
	char **refs;            /* short ref names it was seen on: all, or only the first (see query_sighting_list) */
	size_t nrefs;
};

/* Sightings in order of first appearance: items[0..n). */
struct ct_sighting_list {
	struct ct_sighting *items;
	size_t n;
};
#define CT_SIGHTING_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with every dated obligation ever imported (date_sightings), in
 * order of first appearance; `refs` holds every ref with `with_refs`, else
 * only the first (the lists are long: every pull request that carried a
 * date).  Release with ct_sighting_list_release (also after an error).
 */
int query_sighting_list(struct ct_sighting_list *out, struct ct_db *db, int64_t doc_id, int with_refs);

/* Free what `list` holds and reset it to CT_SIGHTING_LIST_INIT. */
void ct_sighting_list_release(struct ct_sighting_list *list);

/*
 * A sighting as JSON: {date, keyword, ballot, ballot_key, sections,
 * description, source, section, first_version, first_commit, on_main
 * (0/1), refs (array; only when with_refs)} (null for NULL).  A new
 * reference.
 */
json_t *ct_sighting_to_json(const struct ct_sighting *s, int with_refs);

/* One dated column of a Revisions row: its header ("Effective Date") and the date in it. */
struct ct_revision_date {
	char *column;
	char *date;             /* YYYY-MM-DD */
};

/* One row of the document's Revisions table. */
struct ct_revision {
	char *version;          /* "1.0.3"; NULL when the row has none */
	char *ballot;           /* as the Forum writes it; NULL when the row names none */
	char *ballot_key;       /* its key (ballot_name.h); NULL when none */
	char *description;
	struct ct_revision_date *dates; /* its dated columns, by header: dates[0..ndates) */
	size_t ndates;
};

/* A version's Revisions rows in document order: items[0..n). */
struct ct_revision_list {
	struct ct_revision *items;
	size_t n;
};
#define CT_REVISION_LIST_INIT { NULL, 0 }

/*
 * Fill `out` with the Revisions-table rows of the version, in document
 * order; the ballot named as the Forum writes it.  Release with
 * ct_revision_list_release (also after an error).
 */
int query_revision_list(struct ct_revision_list *out, struct ct_db *db, int64_t version_id);

/* Free what `list` holds and reset it to CT_REVISION_LIST_INIT. */
void ct_revision_list_release(struct ct_revision_list *list);

/* The row's date under the first column whose header contains `word` (case-insensitive), or NULL. */
const char *ct_revision_column(const struct ct_revision *r, const char *word);

/*
 * A Revisions row as JSON: {version, ballot, ballot_key, description,
 * dates (object: column -> date)} (null for NULL).  A new reference.
 */
json_t *ct_revision_to_json(const struct ct_revision *r);

/* A Revisions row's dated columns as a JSON object: column -> date (null for NULL).  A new reference. */
json_t *ct_revision_dates_to_json(const struct ct_revision *r);


/*
 * The main ref's first-parent history, oldest first:
 * {oid, time, summary, ballot, version_id, label}.  Empty when the
 * document has no main ref recorded.
 */
int query_main_history(json_t **out, struct ct_db *db, const struct query_doc *doc);

/* Refs pointing at commits that hold `version_id`: array of names. */
int query_refs_for_version(json_t **out, struct ct_db *db, int64_t doc_id, int64_t version_id);

/* All versions of the document, oldest first: {id, label, first_time, first_commit}. */
int query_versions(json_t **out, struct ct_db *db, int64_t doc_id);

/*
 * The document's refs as recorded at import, by name: {name, oid, base,
 * summary, time} (base: the merge base with the main ref, or null;
 * summary and time of the commit it points at); only
 * those whose name starts with `prefix` ("refs/tags/") unless it is NULL.
 */
int query_refs(json_t **out, struct ct_db *db, int64_t doc_id, const char *prefix);

/*
 * Is commit `ancestor` reachable from commit `descendant` (or the same)?
 * *out 1 or 0.  Decided from commit_parents, without the repository.
 */
int query_is_ancestor(int *out, struct ct_db *db, int64_t doc_id, const char *ancestor, const char *descendant);

/* One commit: {oid, parent, time, summary, ballot, version_id, label}; CT_ENOTFOUND when unknown. */
int query_commit(json_t **out, struct ct_db *db, int64_t doc_id, const char *oid);

/* The merge base with the main ref recorded for a full ref name at import, or NULL (caller frees). */
int query_ref_base(char **out, struct ct_db *db, int64_t doc_id, const char *ref);

/*
 * The first-parent chain ending at commit `oid`, oldest first:
 * {oid, time, summary, ballot, version_id, label}.
 */
int query_chain(json_t **out, struct ct_db *db, int64_t doc_id, const char *oid);

/* Every version of the document with its section-text ids: [{id, sections: [ids]}]. */
int query_version_section_ids(json_t **out, struct ct_db *db, int64_t doc_id);

/* The section texts that hold requirement `rid`: [{section_text_id}]. */
int query_requirement_texts(json_t **out, struct ct_db *db, const char *rid);

/*
 * The commits of a branch: from `head` back along first parents until
 * `base` (excluded; NULL: to the root), at most `limit`: [{oid, summary}],
 * head first.
 */
int query_branch_commits(json_t **out, struct ct_db *db, int64_t doc_id, const char *head, const char *base, int limit);

/* Parent number `n` (0 = first) of commit `oid`, or *out NULL when it has none (caller frees). */
int query_parent(char **out, struct ct_db *db, int64_t doc_id, const char *oid, int n);

/*
 * Step a prepared, bound statement to its end and collect the rows as an
 * array of objects keyed by column name; columns named in `json_cols`
 * (NULL-terminated, may be NULL) are parsed as JSON.  Finalizes `st`.
 */
int query_collect(json_t **out, struct ct_db *db, sqlite3_stmt *st, const char *const *json_cols);

#endif
