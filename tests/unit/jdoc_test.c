/* SPDX-License-Identifier: MIT */
/* jdoc against jansson: documents jansson writes (random trees from a fixed
 * seed, written compact, indented and ASCII-only, so with every escape and
 * surrogate pairs) read back as the same tree; hand-picked valid and
 * invalid texts decided as jansson decides them; the depth limit. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "jdoc.h"
#include "util.h"

static unsigned long long rng = 42;

static unsigned next(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

static json_t *random_value(int depth)
{
	static const char *const pieces[] = { "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t",
		"\x01", "\x1f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "assets/x.js" };
	unsigned kind = depth > 4 ? next(5) : next(7);

	switch (kind) {
	case 0: return json_null();
	case 1: return json_boolean(next(2));
	case 2: return json_integer((json_int_t)next(2000000) - 1000000 +
				    (next(4) == 0 ? (json_int_t)1 << 40 : 0));
	case 3: return json_real((double)next(100000) / 64.0 - 500.0);
	case 4: {
		char s[200] = "";

		for (unsigned i = next(8); i > 0; i--)
			strcat(s, pieces[next(sizeof(pieces) / sizeof(*pieces))]);
		return json_string(s);
	}
	case 5: {
		json_t *a = json_array();

		for (unsigned i = next(5); i > 0; i--)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();

		for (unsigned i = next(5); i > 0; i--) {
			char key[16];

			snprintf(key, sizeof(key), "k%u", next(20));
			json_object_set_new(o, key, random_value(depth + 1));
		}
		return o;
	}
	}
}

/* Whether n holds what v does. */
static bool same(const struct jnode *n, const json_t *v)
{
	int64_t i;
	double d;
	const char *key;
	json_t *m;

	switch (json_typeof(v)) {
	case JSON_NULL: return jnode_is(n, JNULL);
	case JSON_TRUE: return jnode_is(n, JTRUE);
	case JSON_FALSE: return jnode_is(n, JFALSE);
	case JSON_INTEGER: return jnode_int(n, &i) && i == json_integer_value(v);
	case JSON_REAL: return jnode_number(n, &d) && d == json_real_value(v);
	case JSON_STRING:
		return jnode_is(n, JSTRING) && n->len == json_string_length(v) &&
		       memcmp(n->str, json_string_value(v), n->len) == 0;
	case JSON_ARRAY: {
		const struct jnode *x = n ? n->child : NULL;

		if (!jnode_is(n, JARRAY) || n->count != json_array_size(v))
			return false;
		for (size_t k = 0; k < json_array_size(v); k++, x = x->next)
			if (!same(x, json_array_get(v, k)))
				return false;
		return true;
	}
	case JSON_OBJECT:
		if (!jnode_is(n, JOBJECT) || n->count != json_object_size(v))
			return false;
		json_object_foreach((json_t *)v, key, m)
			if (!same(jnode_get(n, key), m))
				return false;
		return true;
	}
	return false;
}

static struct jdoc *parse(const char *text, const char **why)
{
	return jdoc_parse(xstrdup(text), strlen(text), why);
}

int main(void)
{
	static const size_t flags[] = { JSON_COMPACT, JSON_INDENT(2),
					 JSON_COMPACT | JSON_ENSURE_ASCII };
	static const char *const texts[] = {
		"{}", "[]", " [ 1 , -0 , 0.5 , 1e3 , -2.5E-3 , true , false , null ] ",
		"\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\"", "{\"a\":{\"b\":[[]]}}", "7",
		"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e",
		"\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud800\\u0041\"", "\"a\nb\"",
		"\"\\u0000\"", "tru", "[1] x", "{1:2}", "\"abc", "[\"\\u12\"]", "nul",
	};
	const char *why;
	struct jdoc *d;
	char deep[2 * (JDOC_MAX_DEPTH + 1) + 1];

	for (int round = 0; round < 300; round++) {
		json_t *v = random_value(0);

		for (size_t f = 0; f < sizeof(flags) / sizeof(*flags); f++) {
			char *text = json_dumps(v, flags[f] | JSON_ENCODE_ANY);

			d = parse(text, &why);
			CHECK(d && same(jdoc_root(d), v));
			if (d && !same(jdoc_root(d), v))
				fprintf(stderr, "differs: %s\n", text);
			jdoc_free(d);
			free(text);
		}
		json_decref(v);
	}
	for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
		json_t *v = json_loads(texts[t], JSON_DECODE_ANY, NULL);

		d = parse(texts[t], &why);
		CHECK(!d == !v);
		if (!d != !v)
			fprintf(stderr, "decided apart from jansson: '%s'\n", texts[t]);
		CHECK(!d || !v || same(jdoc_root(d), v));
		jdoc_free(d);
		json_decref(v);
	}
	/* JDOC_MAX_DEPTH arrays one inside another, then one more. */
	for (int n = JDOC_MAX_DEPTH; n <= JDOC_MAX_DEPTH + 1; n++) {
		memset(deep, '[', (size_t)n);
		memset(deep + n, ']', (size_t)n);
		deep[2 * n] = '\0';
		d = parse(deep, &why);
		CHECK(n == JDOC_MAX_DEPTH ? d != NULL : d == NULL && strcmp(why, "nesting too deep") == 0);
		jdoc_free(d);
	}
	/* Lookups on what is not there. */
	d = parse("{\"a\": \"x\", \"n\": 1.5}", &why);
	CHECK(jnode_get(jdoc_root(d), "b") == NULL && jnode_get(NULL, "a") == NULL);
	CHECK(jnode_string(jnode_get(jdoc_root(d), "n")) == NULL);
	{
		int64_t i;

		CHECK(!jnode_int(jnode_get(jdoc_root(d), "n"), &i));
	}
	jdoc_free(d);
	return check_status();
}
