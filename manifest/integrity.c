/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/afile.h"
#include "../src/lib/digest.h"
#include "../src/lib/json_file.h"
#include "../src/lib/sha2.h"
#include "../src/lib/util.h"
#include "integrity.h"
#include "record.h"

#define MEMO_NAME "integrity.json"

/* The memo the last run left, when its record lists it intact; else an
 * empty one (a damaged memo would give wrong tokens). */
static json_t *memo_load(const char *dir, const json_t *last)
{
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(last, "files"), i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *memo;
		char *path;

		if (!name || strcmp(name, MEMO_NAME) != 0 || !record_file_intact(f, dir))
			continue;
		path = xasprintf("%s/%s", dir, MEMO_NAME);
		memo = json_read_file(path, 0, NULL);
		free(path);
		if (json_is_object(memo))
			return memo;
		json_decref(memo);
	}
	return json_object();
}

/* The token of the file at content when its bytes are those of hex, else
 * NULL. A new string. A file past TEXT_READ_MAX, which would be read
 * whole, gets none. */
static char *token_of(const char *content, const char *hex)
{
	char have[HASH_HEX_LEN + 1], *data, *token = NULL;
	size_t len;

	data = read_file_max(content, TEXT_READ_MAX, &len);
	if (!data)
		return NULL;
	digest_hex(digest_mem(data, len), have);
	if (strcmp(have, hex) == 0)
		token = sha2_integrity(SHA2_384, data, len);
	free(data);
	return token;
}

json_t *manifest_integrity(json_t *assets, const char *dir, const json_t *last)
{
	json_t *old = memo_load(dir, last), *memo = json_object(), *entry;
	size_t i;

	json_array_foreach(assets, i, entry) {
		const char *kind = json_string_value(json_object_get(entry, "kind"));
		const char *hex = json_string_value(json_object_get(entry, "output_hash"));
		const char *content = json_string_value(json_object_get(entry, "content"));
		const char *known;
		char *token;

		if (!kind || (strcmp(kind, "js") != 0 && strcmp(kind, "css") != 0) ||
		    !hex || !content || json_object_get(entry, "error"))
			continue;
		known = json_string_value(json_object_get(old, hex));
		token = known && has_prefix(known, "sha384-") ? xstrdup(known) : token_of(content, hex);
		if (!token)
			continue;
		json_object_set_new(entry, "integrity", json_string(token));
		json_object_set_new(memo, hex, json_string(token));
		free(token);
	}
	json_decref(old);
	return memo;
}

int manifest_integrity_keep(json_t *memo, const char *dir, json_t *record)
{
	char *text = json_dumps(memo, JSON_SORT_KEYS | JSON_COMPACT);
	char *path = xasprintf("%s/%s", dir, MEMO_NAME);
	int ret = -1;

	if (!text)
		fatal("out of memory");
	if (afile_put_if_changed(path, text, strlen(text)) < 0 ||
	    !record_add_file(record, dir, MEMO_NAME))
		warn("cannot write '%s':", path);
	else
		ret = 0;
	free(text);
	free(path);
	return ret;
}
