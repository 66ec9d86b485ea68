/*
 * jsonget.c - string fields of JSON objects (see jsonget.h).
 */
#include "tracker/base/jsonget.h"

const char *jsonget_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *jsonget_text(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}
