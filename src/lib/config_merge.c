/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "config_merge.h"
#include "util.h"

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "true or false";
	default: return "null";
	}
}

static int same_type(const json_t *want, const json_t *got)
{
	if (json_is_null(want) || json_is_null(got))
		return 1;
	if (json_is_number(want))
		return json_is_number(got);
	if (json_is_boolean(want))
		return json_is_boolean(got);
	return json_typeof(want) == json_typeof(got);
}

int config_merge(json_t *defaults, json_t *user, const char *prefix,
		 const char *file)
{
	const char *key;
	json_t *value;

	if (!json_is_object(user)) {
		warn("'%s' in '%s' must be an object", prefix, file);
		return -1;
	}
	json_object_foreach(user, key, value) {
		json_t *want = json_object_get(defaults, key);
		char *name = *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
		int ret = 0;

		if (!want && json_object_size(defaults) > 0) {
			warn("unknown key '%s' in '%s'", name, file);
			ret = -1;
		} else if (want && !same_type(want, value)) {
			warn("'%s' in '%s' must be %s", name, file, type_name(want));
			ret = -1;
		} else if (want && json_is_object(want) && json_object_size(want) > 0) {
			ret = config_merge(want, value, name, file);
		} else {
			json_object_set(defaults, key, value);
		}
		free(name);
		if (ret < 0)
			return -1;
	}
	return 0;
}
