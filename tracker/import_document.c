/*
 * import_document.c - one import and the chain that follows it (see
 * import_document.h).
 */
#include "tracker/import_document.h"

#include <sys/stat.h>

#include "db/query.h"
#include "tracker/ballots.h"
#include "tracker/issue_link.h"
#include "tracker/link.h"
#include "tracker/pr_sections.h"
#include "tracker/sightings.h"

int import_document_is_file(const char *src, const struct import_options *opts)
{
	struct stat st;
	return !opts->path && stat(src, &st) == 0 && S_ISREG(st.st_mode);
}

int import_document(struct import_stats *stats, struct ct_db *db, const char *src, const struct import_options *opts)
{
	int plain = import_document_is_file(src, opts);
	int rc = plain ? import_file(stats, db, src, opts) : import_git(stats, db, src, opts);
	struct query_doc doc;
	if (rc < 0 || (rc = query_document(&doc, db, stats->doc)) < 0)
		return rc;
	int grew = stats->commits_walked || stats->versions_new || plain;
	/* Dates need linking only when history grew (or was never linked with sightings); refs may move without it. */
	int unlinked = 0;
	rc = sightings_missing(&unlinked, db, &doc);
	if (rc == 0 && (grew || unlinked))
		rc = link_date_origins(db, &doc);
	if (rc == 0 && (grew || unlinked))
		rc = sightings_rebuild(db, &doc);
	if (rc == 0)
		rc = ballots_discover(db, &doc);
	/* Issues stored earlier link to this document's sections and ballots. */
	if (rc == 0 && grew)
		rc = issue_link_rebuild_all(db);
	/* A pull request's ref may move without new commits; only moved ones are compared again. */
	if (rc == 0)
		rc = pr_sections_rebuild_all(db);
	query_doc_release(&doc);
	return rc;
}
