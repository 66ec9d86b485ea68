/*
 * names.c - the Forum's spelling of ballots in view models (see names.h).
 */
#include "render/names.h"

#include <string.h>

#include "tracker/base/ballot_name.h"
#include "tracker/base/error.h"

/* Set o[field] to the Forum's spelling when it is a ballot name. */
static void spell(json_t *o, const char *field)
{
	json_t *v = json_object_get(o, field);
	char name[32];
	if (json_is_string(v) && ballot_name_display(name, sizeof(name), json_string_value(v)) == 0)
		json_object_set_new(o, field, json_string(name));
	ct_error_clear();
}

static void spell_all(json_t *a)
{
	json_t *x;
	size_t i;
	char name[32];
	json_array_foreach(a, i, x)
		if (json_is_string(x) && ballot_name_display(name, sizeof(name), json_string_value(x)) == 0)
			json_array_set_new(a, i, json_string(name));
	ct_error_clear();
}

void render_forum_names(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			render_forum_names(x);
		return;
	}
	if (!json_is_object(v))
		return;
	if (json_is_string(json_object_get(v, "key")) && json_object_get(v, "id")) {
		spell(v, "id");
		json_object_del(v, "key");
	}
	json_object_del(v, "ballot_key");
	json_object_del(v, "origin_ballot_key");
	spell(v, "ballot");
	spell(v, "origin_ballot");
	const char *kind = json_string_value(json_object_get(v, "kind"));
	if (kind && (!strcmp(kind, "ballot") || !strcmp(kind, "addressed")))
		spell(v, "target");
	json_object_foreach(v, key, x) {
		if ((!strcmp(key, "ballots") || !strcmp(key, "addressed_by")) && json_is_array(x))
			spell_all(x);
		else
			render_forum_names(x);
	}
}

/* Whether render_forum_names could change anything in `v`: a member it respells or removes. */
static int names_needed(json_t *v)
{
	static const char *const keys[] = { "key", "ballot_key", "origin_ballot_key", "ballot", "origin_ballot",
					    "ballots", "addressed_by", "target" };
	const char *key;
	json_t *x;
	size_t i;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (names_needed(x))
				return 1;
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_get(v, keys[i]))
			return 1;
	json_object_foreach(v, key, x)
		if ((json_is_array(x) || json_is_object(x)) && names_needed(x))
			return 1;
	return 0;
}

json_t *render_forum_named(json_t *v)
{
	if (!names_needed(v))
		return json_incref(v);
	json_t *copy = json_deep_copy(v);
	render_forum_names(copy);
	return copy;
}
