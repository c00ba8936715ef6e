/* SPDX-License-Identifier: MIT */
/*
 * The list of files the commit writes: the manifest's and the aggregates'
 * together, each path once, and never a file of the user's replaced by
 * one distill writes.
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "commit_list.h"
#include "lib/util.h"
#include "state.h"

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
static bool claimed_by(const json_t *claimed, const struct manifest_file *f)
{
	char *base;
	bool ret;

	if (json_object_get(claimed, f->output))
		return true;
	base = manifest_sidecar_base(f->output, f->role);
	ret = base && json_object_get(claimed, base) != NULL;
	free(base);
	return ret;
}

/* A file of DIST at a path an aggregate writes, and not merged into it:
 * the user's file would be lost. One the last commit wrote there (an
 * in-place build of distill's own output) is distill's to replace. */
static bool replaces_site_file(const json_t *claimed, const struct manifest_file *f,
			       const char *last_state, size_t len)
{
	return json_is_false(json_object_get(claimed, f->output)) &&
	       f->role == ROLE_ASSET &&
	       !state_wrote_file(last_state, len, f->output, f->hash);
}

json_t *commit_file_list(const json_t *written, const json_t *carried,
			 const struct manifest *m, const char *last_state, size_t len)
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
	for (i = 0; i < m->nfiles; i++) {
		const struct manifest_file *mf = &m->files[i];

		if (replaces_site_file(claimed, mf, last_state, len)) {
			warn("'%s' in DIST would be replaced by the file distill writes "
			     "there; rename or remove yours", mf->output);
			json_decref(list);
			json_decref(claimed);
			json_decref(sorted);
			return NULL;
		}
		if (!claimed_by(claimed, mf))
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}",
				"output", mf->output, "from", mf->from,
				"hash", mf->hash, "root", 0));
	}
	/* Earlier builds' files, at paths nothing above takes. */
	if (carried)
		json_array_extend(list, (json_t *)carried);
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

