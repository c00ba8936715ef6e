/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "fields.h"

static void bad(struct field_reader *r, const char *key)
{
	if (!r->why)
		r->why = key;
}

/* The member key of o: looked for after the member found last in o, then
 * from o's start, so that fields read in the order they were written take
 * one comparison each. */
static const struct jnode *find(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *m, *start;

	if (!jnode_is(o, JOBJECT))
		return NULL;
	start = r->object == o && r->last ? r->last->next : NULL;
	/* The first byte first: an absent key is compared with every member. */
	for (m = start; m; m = m->next)
		if (m->key[0] == key[0] && strcmp(m->key, key) == 0)
			goto found;
	for (m = o->child; m != start; m = m->next)
		if (m->key[0] == key[0] && strcmp(m->key, key) == 0)
			goto found;
	return NULL;
found:
	r->object = o;
	r->last = m;
	return m;
}

const char *field_str(struct field_reader *r, const struct jnode *o, const char *key)
{
	const char *s = jnode_string(find(r, o, key));

	if (!s)
		bad(r, key);
	return s ? s : "";
}

const char *field_opt_str(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *v = find(r, o, key);

	if (v && !jnode_is(v, JSTRING) && !jnode_is(v, JNULL))
		bad(r, key);
	return jnode_string(v);
}

int64_t field_int(struct field_reader *r, const struct jnode *o, const char *key)
{
	int64_t v = 0;

	if (!jnode_int(find(r, o, key), &v))
		bad(r, key);
	return v;
}

int64_t field_opt_int(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *n = find(r, o, key);
	int64_t v = 0;

	if (!n || jnode_is(n, JNULL))
		return -1;
	if (!jnode_int(n, &v))
		bad(r, key);
	return v;
}

bool field_bool(struct field_reader *r, const struct jnode *o, const char *key)
{
	const struct jnode *v = find(r, o, key);

	if (!jnode_is(v, JTRUE) && !jnode_is(v, JFALSE))
		bad(r, key);
	return jnode_is(v, JTRUE);
}

/* v, the member at key, as an array: its size in *n. */
static const struct jnode *array_of(struct field_reader *r, const struct jnode *v,
				    const char *key, size_t *n)
{
	if (!jnode_is(v, JARRAY)) {
		bad(r, key);
		*n = 0;
		return NULL;
	}
	*n = v->count;
	return v;
}

const struct jnode *field_array(struct field_reader *r, const struct jnode *o,
				const char *key, size_t *n)
{
	return array_of(r, find(r, o, key), key, n);
}

const struct jnode *field_opt_array(struct field_reader *r, const struct jnode *o,
				    const char *key, size_t *n)
{
	const struct jnode *v = find(r, o, key);

	return v ? array_of(r, v, key, n) : (*n = 0, NULL);
}

const struct jnode *field_node(struct field_reader *r, const struct jnode *o, const char *key)
{
	return find(r, o, key);
}
