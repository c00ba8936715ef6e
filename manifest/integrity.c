/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/digest.h"
#include "../src/lib/sha2.h"
#include "../src/lib/util.h"
#include "integrity.h"

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

void manifest_integrity(json_t *entry)
{
	const char *kind = json_string_value(json_object_get(entry, "kind"));
	const char *hex = json_string_value(json_object_get(entry, "output_hash"));
	const char *content = json_string_value(json_object_get(entry, "content"));
	char *token;

	if (!kind || (strcmp(kind, "js") != 0 && strcmp(kind, "css") != 0) ||
	    !hex || !content || json_object_get(entry, "error"))
		return;
	token = token_of(content, hex);
	if (token)
		json_object_set_new(entry, "integrity", json_string(token));
	free(token);
}
