/*
 * names.h - ballots named as the Forum writes them in every output.
 *
 * Inside cabtrack a ballot is its key ("SMC5", "SC81"; ballot_name.h), and
 * view models carry it for matching.  What a chair reads never shows the
 * key: every listing, JSON document and page goes through
 * render_forum_names first, which names each ballot as the Forum does
 * ("SMC05", "SC081"; ballot_name_display) and leaves the keys out.
 */
#ifndef CT_RENDER_NAMES_H
#define CT_RENDER_NAMES_H

#include <jansson.h>

/*
 * Rewrite a view model in place, recursively: the values of "ballot" and
 * "origin_ballot", the "id" of an object that carries a ballot "key", the
 * strings of "ballots" and "addressed_by" arrays and the "target" of a
 * link of kind "ballot" or "addressed" become the Forum's spelling when they are ballot
 * names (anything else, a declared draft's "D1", is left as it is); the
 * members "ballot_key", "origin_ballot_key" and that "key" are removed.
 */
void render_forum_names(json_t *v);

/*
 * `v` as render_forum_names would leave a copy of it, without touching
 * `v` and without a deep copy: a new reference to `v` itself when there
 * is nothing to rename, else new arrays and objects only on the way to
 * what changes, sharing the rest with `v`.  Release it with json_decref
 * and do not modify it.
 */
json_t *render_forum_named(json_t *v);

/*
 * Member `key` of object `o` as render_forum_names would leave it: a new
 * reference (release it), or NULL when `o` has no such member or
 * render_forum_names removes it.  What a table cell shows, without
 * renaming the whole row.
 */
json_t *render_forum_named_get(json_t *o, const char *key);

#endif
