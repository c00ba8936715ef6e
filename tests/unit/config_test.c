/* SPDX-License-Identifier: MIT */
/* Merging user configuration over pass defaults: unknown keys and wrong
 * types are refused, nested sections merge, free-form objects accept any
 * key. */
#include <jansson.h>

#include "check.h"
#include "config.h"
#include "util.h"

static int merge(const char *defaults, const char *user, json_t **out)
{
	json_t *d = json_loads(defaults, 0, NULL), *u = json_loads(user, 0, NULL);
	int r = config_merge(d, u, "pass", "test.json");

	json_decref(u);
	*out = d;
	return r;
}

int main(void)
{
	json_t *c;

	verbosity = 0;
	CHECK(merge("{\"q\": 85, \"w\": [1, 2]}", "{\"q\": 70}", &c) == 0);
	CHECK(json_integer_value(json_object_get(c, "q")) == 70);
	json_decref(c);
	CHECK(merge("{\"q\": 85}", "{\"quality\": 70}", &c) < 0);
	json_decref(c);
	CHECK(merge("{\"q\": 85}", "{\"q\": \"high\"}", &c) < 0);
	json_decref(c);
	CHECK(merge("{\"s\": {\"a\": 1, \"b\": 2}}", "{\"s\": {\"b\": 3}}", &c) == 0);
	CHECK(json_integer_value(json_object_get(json_object_get(c, "s"), "a")) == 1);
	CHECK(json_integer_value(json_object_get(json_object_get(c, "s"), "b")) == 3);
	json_decref(c);
	CHECK(merge("{\"s\": {\"a\": 1}}", "{\"s\": {\"zz\": 3}}", &c) < 0);
	json_decref(c);
	CHECK(merge("{\"free\": {}}", "{\"free\": {\"anything\": \"x\"}}", &c) == 0);
	json_decref(c);
	CHECK(merge("{\"path\": null}", "{\"path\": \"budget.json\"}", &c) == 0);
	json_decref(c);
	return check_status();
}
