/* SPDX-License-Identifier: MIT */
/*
 * copy: carries every asset's bytes into the output tree. It has no jobs:
 * the bytes are the source file, or what rewrite made of it (the entry's
 * "content"), and the commit step copies them. Its merge adds the asset's
 * own FILE entries to the manifest: one at "output", and one at the
 * original path when the hash pass kept the original too.
 */
#include "../src/util.h"
#include "pass.h"

static json_t *file_entry(const json_t *entry, const char *output,
			  const char *role)
{
	return json_pack("{s:s, s:O, s:O, s:O, s:O, s:s}",
			 "output", output,
			 "from", json_object_get(entry, "content"),
			 "size", json_object_get(entry, "output_size"),
			 "hash", json_object_get(entry, "output_hash"),
			 "asset", json_object_get(entry, "path"),
			 "role", role);
}

static int copy_merge(json_t *entry, const json_t *record, const char *dir,
		      const json_t *config)
{
	json_t *files = json_object_get(entry, "files");
	const char *output = json_string_value(json_object_get(entry, "output"));
	const char *path = json_string_value(json_object_get(entry, "path"));
	json_t *f;

	(void)record;
	(void)dir;
	(void)config;
	if (!output || !path || !json_is_array(files))
		return -1;
	f = file_entry(entry, output, "asset");
	if (!f)
		return -1;
	json_array_append_new(files, f);
	if (json_is_true(json_object_get(entry, "original_kept"))) {
		f = file_entry(entry, path, "original");
		if (!f)
			return -1;
		json_array_append_new(files, f);
	}
	return 0;
}

const struct pass pass_copy = {
	.name = "copy",
	.summary = "carry every asset's bytes into the output tree",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = "{}",
	.merge = copy_merge,
};
