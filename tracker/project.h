/*
 * project.h - the project file, cabtrack.conf beside the database, in
 * git-config format, read and written with libgit2's config API.
 *
 *   [cabtrack]
 *           wg = S/MIME Certificate Working Group
 *           github = cabforum/smime            # OWNER/REPO whose issues are synced
 *           api-url = https://api.github.com   # optional
 *           pages = site                       # where `render status` writes
 *   [document "SBR"]
 *           url = https://github.com/cabforum/smime   # or a local repository path
 *           path = SBR.md
 *           branch = main
 *           remote = srdavidson https://github.com/srdavidson/smime   # repeatable
 *   [meeting]
 *           tz = America/New_York
 *           time = 11:00
 *           cadence = every other Wednesday
 *           anchor = 2023-11-15                # a date of one meeting, to fix "every other"
 *
 * The file is $CABTRACK_CONF when set, else cabtrack.conf in the folder of
 * the database.  Every command reads it for its defaults; flags override.
 * Without --db or $CABTRACK_DB, the project is found as git finds .git
 * (project_discover), and folders the file names resolve against the
 * file's own folder (project_resolve), never the current one.
 */
#ifndef CT_PROJECT_H
#define CT_PROJECT_H

#include <jansson.h>

/*
 * The database of the project the current folder is in: the first of the
 * current folder and its parents that holds cabtrack.conf, else the first
 * that holds cabtrack.db, gives "FOLDER/cabtrack.db".  NULL when neither is
 * found up to the root (caller frees).
 */
char *project_discover(void);

/*
 * `value` (a path from the project file) as a path usable from the current
 * folder: absolute paths and URLs (scheme://) unchanged, relative ones
 * joined to the folder of the project file of `db_path` (caller frees).
 */
char *project_resolve(const char *db_path, const char *value);

/* The project file's path for the database at `db_path` (caller frees). */
char *project_path(const char *db_path);

/*
 * The value of `key` ("meeting.tz", "document.SBR.url") in the project
 * file of `db_path`, or NULL when the file or the key is absent (caller
 * frees).  Errors reading the file are reported as absent; `project_check`
 * says why.
 */
char *project_get(const char *db_path, const char *key);

/* 0 when the project file is absent or reads, else CT_EINVALID naming it and the problem. */
int project_check(const char *db_path);

/*
 * Set `key` to `value` (NULL: remove it) in the project file, creating
 * the file when needed.  0 or CT_EINVALID with libgit2's message.
 */
int project_set(const char *db_path, const char *key, const char *value);

/* Add one value to a multi-valued key ("document.SBR.remote"). */
int project_add(const char *db_path, const char *key, const char *value);

/* Every entry of the project file, in file order: [{key, value}]. */
int project_list(json_t **out, const char *db_path);

/*
 * The documents the project names: [{name, url, path, branch, remotes:
 * [{name, url}]}].  A document without url or path is an error naming it.
 */
int project_documents(json_t **out, const char *db_path);

/*
 * Write a new project file from a preset ("smime", "servercert",
 * "codesigning").  CT_EINVALID for an unknown preset; CT_EINVALID when
 * the file exists and `force` is 0.
 */
int project_init(const char *db_path, const char *preset, int force);

#endif
