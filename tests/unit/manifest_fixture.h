/* SPDX-License-Identifier: MIT */
/* Small manifests for the unit tests: entries and files with every field
 * the format requires, which a test then changes where it matters. */
#ifndef DISTILL_MANIFEST_FIXTURE_H
#define DISTILL_MANIFEST_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "manifest.h"

/* An entry of kind at path, its output the same path. */
static inline json_t *fixture_entry(const char *path, const char *kind, bool fingerprinted)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:i, s:s, s:s+, s:b, s:b, s:[]}",
		"path", path, "kind", kind, "size", 10,
		"hash", "00000000000000000000000000000000", "output", path,
		"output_size", 10, "output_hash", "00000000000000000000000000000000",
		"content", "/store/", path, "fingerprinted", fingerprinted,
		"original_kept", 0, "refs");
}

/* A file of the asset at asset, copied from /store/OUTPUT. */
static inline json_t *fixture_file(const char *output, const char *role, const char *asset)
{
	return json_pack("{s:s, s:s+, s:s, s:i, s:s, s:s}", "output", output,
			 "from", "/store/", output, "hash", "11111111111111111111111111111111",
			 "size", 5, "role", role, "asset", asset);
}

/* A manifest of DIST /site/dist with assets and files (arrays, taken
 * over), read as the consumers read it. */
static inline struct manifest *fixture_manifest(json_t *assets, json_t *files)
{
	const char *why = NULL;
	struct manifest *m = manifest_from_json(json_pack("{s:i, s:s, s:o, s:o}",
		"version", 1, "dist", "/site/dist", "assets", assets, "files", files), &why);

	if (!m)
		fprintf(stderr, "fixture manifest refused: '%s'\n", why);
	CHECK(m != NULL);
	return m;
}

#endif
