/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "pass.h"

extern const struct pass pass_hash, pass_image, pass_rewrite, pass_compress,
	pass_copy, pass_manifest, pass_sw, pass_headers, pass_budget;

/*
 * Plan order. hash names every output first; image must precede rewrite
 * (pictures need the variants), rewrite precede compress (sidecars are of
 * the rewritten bytes). manifest merges every record; the aggregates after
 * it read only the manifest.
 */
const struct pass *const passes[] = {
	&pass_hash,
	&pass_image,
	&pass_rewrite,
	&pass_compress,
	&pass_copy,
	&pass_manifest,
	&pass_sw,
	&pass_headers,
	&pass_budget,
	NULL
};

const struct pass *pass_find(const char *name)
{
	for (const struct pass *const *p = passes; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

int pass_index(const struct pass *pass)
{
	for (int i = 0; passes[i]; i++)
		if (passes[i] == pass)
			return i;
	return -1;
}

_Static_assert(sizeof(passes) / sizeof(passes[0]) <= MAX_PASSES + 1,
	       "raise MAX_PASSES in src/asset.h");
