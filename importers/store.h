/*
 * store.h - what the importers write: documents, versions, section texts
 * and everything extracted from them, commits and refs.
 *
 * A struct store holds the prepared statements of one import; every call
 * runs inside the caller's transaction (see db_begin) and binds all values.
 * Section texts and versions are content-addressed: the importer asks
 * store_each_* for what is already there and inserts only what is new.
 */
#ifndef CT_STORE_H
#define CT_STORE_H

#include <stdint.h>

#include "db/db.h"
#include "importers/extract.h"

struct store;

/* Prepare the statements.  0 or CT_EDB. */
int store_new(struct store **out, struct ct_db *db);

/* Finalize the statements. */
void store_free(struct store *st);

/* Find or create the document `name`; updates its repository and path.  0 or CT_EDB. */
int store_document(int64_t *doc_id, struct store *st, const char *name, const char *repo,
		   const char *path, const char *main_ref);

/* Call fn(hash, id) for every section text.  0 or CT_EDB. */
int store_each_section(struct store *st, void (*fn)(const unsigned char hash[16], int64_t id, void *), void *payload);

/* Call fn(blob_hex, version_id) for every version of the document.  0 or CT_EDB. */
int store_each_version(struct store *st, int64_t doc_id, void (*fn)(const char *blob, int64_t id, void *), void *payload);

/* Call fn(oid_hex) for every commit recorded for the document.  0 or CT_EDB. */
int store_each_commit(struct store *st, int64_t doc_id, void (*fn)(const char *oid, void *), void *payload);

/* Call fn(name, oid_hex) for every ref recorded for the document.  0 or CT_EDB. */
int store_each_ref(struct store *st, int64_t doc_id, void (*fn)(const char *name, const char *oid, const char *base, void *),
		   void *payload);

struct store_section {
	const unsigned char *hash;  /* 16 bytes */
	const char *number;         /* NULL or "" when unnumbered */
	const char *title;
	int level;
	int lines;
	const char *text;
	size_t len;
};

/* Insert a new section text and what was extracted from it.  0 or CT_EDB. */
int store_section_insert(int64_t *id, struct store *st, const struct store_section *sec,
			 const struct extract_result *ex);

struct store_version {
	int64_t doc_id;
	const char *blob;           /* hex */
	const char *title, *subtitle, *label, *date;
	int64_t size;
	const char *sections;       /* JSON array of section text ids */
	int64_t first_time;
};

/* Insert a new version.  0 or CT_EDB. */
int store_version_insert(int64_t *id, struct store *st, const struct store_version *v);

struct store_commit {
	int64_t doc_id;
	const char *oid, *parent;   /* parent NULL for a root */
	int nparents;
	const char *const *parents; /* all nparents parents, first parent first */
	int64_t time;
	const char *summary;
	const char *ballot;         /* NULL when the subject names none */
	int64_t version_id;         /* 0 when the file is absent */
};

/* Record a commit and its parents (ignored when already there).  0 or CT_EDB. */
int store_commit_insert(struct store *st, const struct store_commit *c);

/*
 * Set a ref to a commit, with its merge base with the main ref (NULL for
 * the main ref itself or when there is none).  0 or CT_EDB.
 */
int store_ref_set(struct store *st, int64_t doc_id, const char *name, const char *oid, const char *base);

#endif
