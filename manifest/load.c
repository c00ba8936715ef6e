/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/digest.h"
#include "../src/util.h"
#include "load.h"
#include "record.h"

#define MANIFEST_FORMAT 1

char *manifest_record_dir(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = xasprintf("%s/gen/manifest", dirname(copy));

	free(copy);
	return dir;
}

json_t *manifest_load(const char *path, bool *damaged)
{
	char *dir = manifest_record_dir(path), hex[HASH_HEX_LEN + 1];
	char *record_path = xasprintf("%s/record.json", dir);
	/* A manifest with no record beside it was not written by a build (a
	 * job run by hand on one): there is nothing to check it against. In a
	 * build ninja makes the record before anything reads the manifest. */
	bool recorded = access(record_path, F_OK) == 0;
	json_t *record = recorded ? record_load(dir, false) : NULL, *manifest = NULL;
	const char *want = json_string_value(json_object_get(record, "manifest"));
	json_error_t err;
	size_t len;
	/* Whole, then parsed: json_load_file() reads a byte at a time. */
	char *text = read_file(path, &len);

	*damaged = false;
	if (!text) {
		warn("cannot read manifest '%s':", path);
		goto out;
	}
	digest_hex(digest_mem(text, len), hex);
	if (recorded && (!want || strcmp(want, hex) != 0)) {
		warn("manifest '%s' does not match its record; making it again", path);
		*damaged = true;
		goto out;
	}
	manifest = json_loadb(text, len, 0, &err);
	if (!json_is_object(manifest) ||
	    json_integer_value(json_object_get(manifest, "version")) != MANIFEST_FORMAT) {
		warn("manifest '%s' is not of format version %d%s%s", path, MANIFEST_FORMAT,
		     manifest ? "" : ": ", manifest ? "" : err.text);
		json_decref(manifest);
		manifest = NULL;
		*damaged = true;
	}
out:
	free(text);
	json_decref(record);
	free(record_path);
	free(dir);
	return manifest;
}
