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
	ct_error_drop("a value that is not a ballot name is left as it is");
}

static void spell_all(json_t *a)
{
	json_t *x;
	size_t i;
	char name[32];
	json_array_foreach(a, i, x)
		if (json_is_string(x) && ballot_name_display(name, sizeof(name), json_string_value(x)) == 0)
			json_array_set_new(a, i, json_string(name));
	ct_error_drop("a value that is not a ballot name is left as it is");
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

/* The Forum's spelling of `v` when it is a string naming a ballot (a new string), else NULL. */
static json_t *spelled(json_t *v)
{
	char name[32];
	json_t *s = NULL;
	if (json_is_string(v) && ballot_name_display(name, sizeof(name), json_string_value(v)) == 0)
		s = json_string(name);
	ct_error_drop("a value that is not a ballot name is left as it is");
	return s;
}

static json_t *named(json_t *v);

/*
 * What render_forum_names makes of member `key` (value `x`) of object `o`:
 * a new reference (sharing what it leaves alone), NULL when it removes it.
 */
static json_t *named_member(json_t *o, const char *key, json_t *x)
{
	int keyed = json_is_string(json_object_get(o, "key")) && json_object_get(o, "id");
	if ((keyed && !strcmp(key, "key")) || !strcmp(key, "ballot_key") || !strcmp(key, "origin_ballot_key"))
		return NULL;
	const char *kind = json_string_value(json_object_get(o, "kind"));
	if ((keyed && !strcmp(key, "id")) || !strcmp(key, "ballot") || !strcmp(key, "origin_ballot") ||
	    (!strcmp(key, "target") && kind && (!strcmp(kind, "ballot") || !strcmp(kind, "addressed")))) {
		json_t *s = spelled(x);
		if (s)
			return s;
	}
	if ((!strcmp(key, "ballots") || !strcmp(key, "addressed_by")) && json_is_array(x)) {
		json_t *out = json_array(), *e;
		size_t i;
		json_array_foreach(x, i, e) {
			json_t *s = spelled(e);
			json_array_append_new(out, s ? s : json_incref(e));
		}
		return out;
	}
	return named(x);
}

/* render_forum_names without touching `v`: new containers only where something changes. */
static json_t *named(json_t *v)
{
	json_t *out, *x;
	size_t i;
	const char *key;
	if (!names_needed(v))
		return json_incref(v);
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, named(x));
		return out;
	}
	out = json_object();
	json_object_foreach(v, key, x) {
		json_t *y = named_member(v, key, x);
		if (y)
			json_object_set_new(out, key, y);
	}
	return out;
}

json_t *render_forum_named(json_t *v)
{
	return named(v);
}

json_t *render_forum_named_get(json_t *o, const char *key)
{
	json_t *x = json_object_get(o, key);
	return x ? named_member(o, key, x) : NULL;
}
