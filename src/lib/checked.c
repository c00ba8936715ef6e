/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "checked.h"
#include "digest.h"
#include "util.h"

/* The hash of obj's canonical text (sorted keys, compact) without "check". */
static void content_hex(const json_t *obj, char hex[HASH_HEX_LEN + 1])
{
	json_t *copy = json_copy((json_t *)obj);
	char *text;

	json_object_del(copy, "check");
	text = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT);
	if (!text)
		fatal("out of memory");
	digest_hex(digest_mem(text, strlen(text)), hex);
	free(text);
	json_decref(copy);
}

char *checked_dumps(json_t *obj, size_t flags)
{
	char hex[HASH_HEX_LEN + 1];
	char *text;

	content_hex(obj, hex);
	json_object_set_new(obj, "check", json_string(hex));
	text = json_dumps(obj, flags);
	if (!text)
		fatal("out of memory");
	return text;
}

bool checked_ok(const json_t *obj)
{
	const char *check = json_string_value(json_object_get(obj, "check"));
	char hex[HASH_HEX_LEN + 1];

	if (!json_is_object(obj) || !check)
		return false;
	content_hex(obj, hex);
	return strcmp(check, hex) == 0;
}
