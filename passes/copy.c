/* SPDX-License-Identifier: MIT */
/*
 * copy: carries every asset's bytes into the output tree. It has no jobs:
 * the bytes are the source file, or what rewrite made of it (the entry's
 * "content"), and the commit step copies them. Its merge adds the asset's
 * own FILE entries to the manifest: one at "output", and one at the
 * original path when the hash pass kept the original too.
 */
#include "../manifest/merge.h"
#include "../src/pass.h"

/* The asset's bytes (what rewrite made of them, or the source) at output. */
static int add_file(json_t *entry, const char *output, enum manifest_role role)
{
	return manifest_add_file(entry, output,
				 json_string_value(json_object_get(entry, "content")),
				 json_object_get(entry, "output_size"),
				 json_string_value(json_object_get(entry, "output_hash")), role);
}

static int copy_merge(json_t *entry, const json_t *record, const char *dir,
		      const json_t *config)
{
	const char *output = json_string_value(json_object_get(entry, "output"));
	const char *path = json_string_value(json_object_get(entry, "path"));

	(void)record;
	(void)dir;
	(void)config;
	if (add_file(entry, output, ROLE_ASSET) < 0)
		return -1;
	if (json_is_true(json_object_get(entry, "original_kept")))
		return add_file(entry, path, ROLE_ORIGINAL);
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
