/* SPDX-License-Identifier: MIT */
/*
 * The list of files the commit writes: the manifest's and the aggregates'
 * together, each path once, and never a file of the user's replaced by
 * one distill writes.
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/load.h"
#include "commit_list.h"
#include "state.h"
#include "util.h"

static int compare_outputs(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int rx = json_is_true(json_object_get(x, "root")), ry = json_is_true(json_object_get(y, "root"));

	if (rx != ry)
		return rx - ry;
	return strcmp(json_string_value(json_object_get(x, "output")),
		      json_string_value(json_object_get(y, "output")));
}

/* A file claimed itself, or the sidecar of one. */
static bool claimed_by(const json_t *claimed, const json_t *f)
{
	const char *output = json_string_value(json_object_get(f, "output"));
	char *base;
	bool ret;

	if (json_object_get(claimed, output))
		return true;
	base = manifest_sidecar_base(f);
	ret = base && json_object_get(claimed, base) != NULL;
	free(base);
	return ret;
}

/* A file of DIST at a path an aggregate writes, and not merged into it:
 * the user's file would be lost. One the last commit wrote there (an
 * in-place build of distill's own output) is distill's to replace. */
static bool replaces_site_file(const json_t *claimed, const json_t *f,
			       const char *last_state, size_t len)
{
	const char *output = json_string_value(json_object_get(f, "output"));
	const char *role = json_string_value(json_object_get(f, "role"));
	const char *hex = json_string_value(json_object_get(f, "hash"));

	return json_is_false(json_object_get(claimed, output)) && role &&
	       strcmp(role, "asset") == 0 &&
	       !(hex && state_wrote_file(last_state, len, output, hex));
}

json_t *commit_file_list(const json_t *written, const json_t *manifest,
			 const char *last_state, size_t len)
{
	json_t *list = json_array(), *claimed = json_object(), *sorted = json_array(), *f;
	size_t i, n;
	json_t **v;

	json_array_foreach(written, i, f) {
		json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:O}",
			"output", json_object_get(f, "output"),
			"from", json_object_get(f, "from"),
			"hash", json_object_get(f, "hash"),
			"root", json_object_get(f, "root")));
		/* "merges": made from the site's own file at that path. */
		if (!json_is_true(json_object_get(f, "root")))
			json_object_set_new(claimed, json_string_value(json_object_get(f, "output")),
					    json_boolean(json_is_true(json_object_get(f, "merges"))));
	}
	json_array_foreach(json_object_get(manifest, "files"), i, f) {
		if (!json_is_string(json_object_get(f, "output")) ||
		    !json_is_string(json_object_get(f, "from")))
			BUG("manifest file without output or from");
		if (replaces_site_file(claimed, f, last_state, len)) {
			warn("'%s' in DIST would be replaced by the file distill writes "
			     "there; rename or remove yours", json_string_value(
				     json_object_get(f, "output")));
			json_decref(list);
			json_decref(claimed);
			json_decref(sorted);
			return NULL;
		}
		if (!claimed_by(claimed, f))
			json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:b}",
				"output", json_object_get(f, "output"),
				"from", json_object_get(f, "from"),
				"hash", json_object_get(f, "hash"), "root", 0));
	}
	n = json_array_size(list);
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_array_get(list, i);
	sort_array(v, n, sizeof(*v), compare_outputs);
	for (i = 0; i < n; i++)
		if (i == 0 || compare_outputs(&v[i - 1], &v[i]) != 0)
			json_array_append(sorted, v[i]);
	free(v);
	json_decref(list);
	json_decref(claimed);
	return sorted;
}

