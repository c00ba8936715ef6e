/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/afile.h"
#include "../src/lib/checked.h"
#include "../src/lib/digest.h"
#include "../src/lib/json_file.h"
#include "../src/lib/util.h"
#include "record.h"

char *record_path(const char *dir)
{
	return xasprintf("%s/record.json", dir);
}

json_t *record_new(const char *pass, unsigned version)
{
	return json_pack("{s:s, s:I, s:[]}", "pass", pass, "version",
			 (json_int_t)version, "files");
}

json_t *record_add_file(json_t *record, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char hex[HASH_HEX_LEN + 1];
	struct hash128 h;
	uint64_t size;
	json_t *file;

	if (digest_file(path, &h, &size) < 0) {
		free(path);
		return NULL;
	}
	free(path);
	digest_hex(h, hex);
	file = json_pack("{s:s, s:I, s:s}", "name", name, "size",
			 (json_int_t)size, "hash", hex);
	json_array_append_new(json_object_get(record, "files"), file);
	return file;
}

char *record_text(json_t *record)
{
	return checked_dumps(record, JSON_SORT_KEYS | JSON_INDENT(1));
}

int record_write(json_t *record, const char *dir)
{
	char *path = record_path(dir);
	char *text = record_text(record);
	int ret;

	ret = afile_put(path, text, strlen(text));
	free(text);
	free(path);
	return ret;
}

bool record_file_intact(const json_t *f, const char *dir)
{
	const char *name = json_string_value(json_object_get(f, "name"));
	const char *hex = json_string_value(json_object_get(f, "hash"));
	json_int_t want = json_integer_value(json_object_get(f, "size"));
	struct hash128 h, got;
	uint64_t size;
	char *path;
	int r;

	if (!name || !hex || strchr(name, '/') || digest_parse_hex(hex, &h) < 0)
		return false;
	path = xasprintf("%s/%s", dir, name);
	r = digest_file(path, &got, &size);
	free(path);
	return r == 0 && (json_int_t)size == want && digest_equal(h, got);
}

bool record_verify(const json_t *record, const char *dir)
{
	const json_t *files = json_object_get(record, "files");
	size_t i;
	json_t *f;

	if (!json_is_array(files))
		return false;
	json_array_foreach(files, i, f)
		if (!record_file_intact(f, dir))
			return false;
	return true;
}

json_t *record_load(const char *dir, bool verify)
{
	char *path = record_path(dir);
	json_t *record = json_read_file(path, 0, NULL);

	free(path);
	if (!record)
		return NULL;
	/* A record that still parses after damage fails its own check. */
	if (!checked_ok(record) || !json_is_string(json_object_get(record, "pass")) ||
	    (verify && !record_verify(record, dir))) {
		json_decref(record);
		return NULL;
	}
	return record;
}
