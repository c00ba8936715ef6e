/* SPDX-License-Identifier: MIT */
#include "fields.h"

static void bad(struct field_reader *r, const char *key)
{
	if (!r->why)
		r->why = key;
}

const char *field_str(struct field_reader *r, const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (!s)
		bad(r, key);
	return s ? s : "";
}

const char *field_opt_str(struct field_reader *r, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (v && !json_is_string(v) && !json_is_null(v))
		bad(r, key);
	return json_string_value(v);
}

int64_t field_int(struct field_reader *r, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		bad(r, key);
	return json_integer_value(v);
}

int64_t field_opt_int(struct field_reader *r, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return -1;
	if (!json_is_integer(v))
		bad(r, key);
	return json_integer_value(v);
}

bool field_bool(struct field_reader *r, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_boolean(v))
		bad(r, key);
	return json_is_true(v);
}

const json_t *field_array(struct field_reader *r, const json_t *o, const char *key,
			  size_t *n)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_array(v))
		bad(r, key);
	*n = json_array_size(v);
	return v;
}

const json_t *field_opt_array(struct field_reader *r, const json_t *o, const char *key,
			      size_t *n)
{
	return json_object_get(o, key) ? field_array(r, o, key, n) : (*n = 0, NULL);
}
