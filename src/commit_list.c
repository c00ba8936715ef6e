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
	const struct commit_file *x = a, *y = b;
	int c;

	if (x->root != y->root)
		return x->root - y->root;
	if ((c = strcmp(x->output, y->output)) != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
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

static void add(struct commit_list *list, const char *output, const char *from,
		const char *hash, bool root)
{
	if (output) {
		list->v[list->n] = (struct commit_file){ output, from, hash, root, list->n };
		list->n++;
	}
}

/* The files of a list of {"output", "from", "hash", "root"}. */
static void add_json(struct commit_list *list, const json_t *files)
{
	size_t i;
	json_t *f;

	json_array_foreach(files, i, f)
		add(list, json_string_value(json_object_get(f, "output")),
		    json_string_value(json_object_get(f, "from")),
		    json_string_value(json_object_get(f, "hash")),
		    json_is_true(json_object_get(f, "root")));
}

int commit_file_list(struct commit_list *list, json_t *written, json_t *carried,
		     const struct manifest *m, const char *last_state, size_t len)
{
	json_t *claimed = json_object(), *f;
	size_t i, n = 0;

	memset(list, 0, sizeof(*list));
	list->written = json_incref(written);
	list->carried = json_incref(carried);
	list->v = xcalloc(json_array_size(written) + m->nfiles + json_array_size(carried) + 1,
			  sizeof(*list->v));
	add_json(list, written);
	/* "merges": made from the site's own file at that path. */
	json_array_foreach(written, i, f)
		if (!json_is_true(json_object_get(f, "root")))
			json_object_set_new(claimed, json_string_value(json_object_get(f, "output")),
					    json_boolean(json_is_true(json_object_get(f, "merges"))));
	for (i = 0; i < m->nfiles; i++) {
		const struct manifest_file *mf = &m->files[i];

		if (replaces_site_file(claimed, mf, last_state, len)) {
			warn("'%s' in DIST would be replaced by the file distill writes "
			     "there; rename or remove yours", mf->output);
			json_decref(claimed);
			commit_list_release(list);
			return -1;
		}
		if (!claimed_by(claimed, mf))
			add(list, mf->output, mf->from, mf->hash, false);
	}
	json_decref(claimed);
	/* Earlier builds' files, at paths nothing above takes. */
	add_json(list, carried);
	sort_array(list->v, list->n, sizeof(*list->v), compare_outputs);
	for (i = 0; i < list->n; i++)
		if (n == 0 || list->v[n - 1].root != list->v[i].root ||
		    strcmp(list->v[n - 1].output, list->v[i].output) != 0)
			list->v[n++] = list->v[i];
	list->n = n;
	while (list->nsite < n && !list->v[list->nsite].root)
		list->nsite++;
	return 0;
}

void commit_list_release(struct commit_list *list)
{
	free(list->v);
	json_decref(list->written);
	json_decref(list->carried);
	memset(list, 0, sizeof(*list));
}
