/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "../src/lib/config_merge.h"
#include "../src/lib/util.h"
#include "../src/pass.h"

extern const struct pass pass_hash, pass_image, pass_rewrite, pass_compress,
	pass_copy, pass_manifest, pass_sw, pass_headers, pass_budget;

/*
 * Plan order. hash names every output first; image must precede rewrite
 * (pictures need the variants), rewrite precede compress (sidecars are of
 * the rewritten bytes). manifest merges every record; the aggregates after
 * it read only the manifest, and come longest first: ninja starts the
 * jobs that are ready in the order the plan wrote them, so on two cores
 * the budget runs beside sw and headers rather than after one of them.
 */
const struct pass *const passes[] = {
	&pass_hash,
	&pass_image,
	&pass_rewrite,
	&pass_compress,
	&pass_copy,
	&pass_manifest,
	&pass_budget,
	&pass_sw,
	&pass_headers,
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

json_t *pass_defaults(const struct pass *pass)
{
	json_error_t err;
	json_t *d = json_loads(pass->defaults, 0, &err);

	if (!d)
		BUG("defaults of pass %s: %s", pass->name, err.text);
	/* Every optional pass can be switched off ("image": {"enabled":
	 * false}); copy (no jobs) and manifest carry the tree itself. */
	if (pass->plan && strcmp(pass->name, "manifest") != 0 &&
	    !json_object_get(d, "enabled"))
		json_object_set_new(d, "enabled", json_true());
	return d;
}

json_t *pass_config(const struct pass *pass, const json_t *section, const char *where)
{
	json_t *config = pass_defaults(pass);

	if (section && config_merge(config, (json_t *)section, pass->name, where) < 0) {
		json_decref(config);
		return NULL;
	}
	return config;
}

_Static_assert(sizeof(passes) / sizeof(passes[0]) <= MAX_PASSES + 1,
	       "raise MAX_PASSES in src/asset.h");
