/* SPDX-License-Identifier: MIT */
#include "fields.h"

static void bad(struct field_reader *r, const char *key)
{
	if (!r->why)
		r->why = key;
}

const char *field_str(struct field_reader *r, const struct jnode *o, const char *key)
{
	const char *s = jnode_string(jnode_get(o, key));

	if (!s)
		bad(r, key);
	return s ? s : "";
}

const char *field_opt_str(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *v = jnode_get(o, key);

	if (v && !jnode_is(v, JSTRING) && !jnode_is(v, JNULL))
		bad(r, key);
	return jnode_string(v);
}

int64_t field_int(struct field_reader *r, const struct jnode *o, const char *key)
{
	int64_t v = 0;

	if (!jnode_int(jnode_get(o, key), &v))
		bad(r, key);
	return v;
}

int64_t field_opt_int(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *n = jnode_get(o, key);
	int64_t v = 0;

	if (!n || jnode_is(n, JNULL))
		return -1;
	if (!jnode_int(n, &v))
		bad(r, key);
	return v;
}

bool field_bool(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *v = jnode_get(o, key);

	if (!jnode_is(v, JTRUE) && !jnode_is(v, JFALSE))
		bad(r, key);
	return jnode_is(v, JTRUE);
}

const struct jnode *field_array(struct field_reader *r, const struct jnode *o,
				const char *key, size_t *n)
{
	const struct jnode *v = jnode_get(o, key);

	if (!jnode_is(v, JARRAY)) {
		bad(r, key);
		*n = 0;
		return NULL;
	}
	*n = v->count;
	return v;
}

const struct jnode *field_opt_array(struct field_reader *r, const struct jnode *o,
				    const char *key, size_t *n)
{
	return jnode_get(o, key) ? field_array(r, o, key, n) : (*n = 0, NULL);
}
