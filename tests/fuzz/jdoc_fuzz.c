/* SPDX-License-Identifier: MIT */
/* libFuzzer target for jdoc (src/lib/jdoc.c), differential against
 * jansson: any input is accepted by both or refused by both, and an
 * accepted one reads as the same tree (types, strings byte for byte,
 * integers, members). Inputs with a NUL byte are skipped: jansson reads a
 * C string. Nesting past JDOC_MAX_DEPTH, which jansson takes, must be
 * refused by jdoc for that reason alone. */
/* Built and run by tests/fuzz/run.sh (`ninja fuzz`, `ninja fuzz-smoke`);
 * seeds in tests/fuzz/corpus/jdoc/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jdoc.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct jnode *n, const json_t *v)
{
	int64_t i;
	const char *key;
	json_t *m;

	switch (json_typeof(v)) {
	case JSON_NULL: if (!jnode_is(n, JNULL)) abort(); return;
	case JSON_TRUE: if (!jnode_is(n, JTRUE)) abort(); return;
	case JSON_FALSE: if (!jnode_is(n, JFALSE)) abort(); return;
	case JSON_INTEGER:
		if (!jnode_int(n, &i) || i != json_integer_value(v))
			abort();
		return;
	case JSON_REAL:
		if (!jnode_is(n, JNUMBER))
			abort();
		return;
	case JSON_STRING:
		if (!jnode_is(n, JSTRING) || n->len != json_string_length(v) ||
		    memcmp(n->str, json_string_value(v), n->len) != 0)
			abort();
		return;
	case JSON_ARRAY: {
		const struct jnode *x;

		if (!jnode_is(n, JARRAY) || n->count != json_array_size(v))
			abort();
		x = n->child;
		for (size_t k = 0; k < json_array_size(v); k++, x = x->next)
			same(x, json_array_get(v, k));
		return;
	}
	case JSON_OBJECT:
		/* jansson keeps the last of a key given twice; jdoc finds the
		 * first: compare only objects whose keys are unique. */
		if (!jnode_is(n, JOBJECT))
			abort();
		if (n->count != json_object_size(v))
			return;
		json_object_foreach((json_t *)v, key, m)
			same(jnode_get(n, key), m);
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	const char *why;
	struct jdoc *d;
	json_t *v;

	if (memchr(data, 0, size))
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	v = json_loads(text, JSON_DECODE_ANY, NULL);
	d = jdoc_parse(text, size, &why);
	if (!d && v && strcmp(why, "nesting too deep") != 0)
		abort();
	if (d && !v)
		abort();
	if (d && v)
		same(jdoc_root(d), v);
	jdoc_free(d);
	json_decref(v);
	return 0;
}
