/* SPDX-License-Identifier: MIT */
/*
 * The merge of the manifest: each asset's records folded into its entry by
 * the passes' merge(), and the files of all entries in one sorted list.
 */
#include <stdlib.h>
#include <string.h>

#include "../passes/job.h"
#include "../src/pass.h"
#include "../src/lib/util.h"
#include "manifest.h"
#include "merge.h"
#include "record.h"

static bool is_sidecar(const json_t *file)
{
	int role = manifest_role_parse(json_string_value(json_object_get(file, "role")));

	return role >= 0 && manifest_role_is_sidecar((enum manifest_role)role);
}

/* A store entry ninja took as built (its record is there) but that cannot
 * be read is dropped (job_damaged()), for the build's second run of ninja
 * to make it again. */
int manifest_merge_entry(const struct job *job, json_t *entry, json_t *all_files,
			 const json_t *config)
{
	json_t *records = json_object_get(entry, "records");
	json_t *files = json_array();
	size_t i;
	json_t *f;

	json_object_set_new(entry, "files", files);
	json_object_set(entry, "output_size", json_object_get(entry, "size"));
	json_object_set(entry, "output_hash", json_object_get(entry, "hash"));
	for (int j = 0; passes[j]; j++) {
		const struct pass *pass = passes[j];
		const char *dir = json_string_value(json_object_get(records, pass->name));
		json_t *record = NULL;
		int r;

		if (!pass->merge || pass->kind != PASS_ASSET || (pass->plan && !dir))
			continue;
		if (dir && !(record = record_load(dir, false))) {
			warn("cannot read the %s record in '%s'", pass->name, dir);
			return job_damaged(job, dir);
		}
		r = pass->merge(entry, record, dir, config);
		json_decref(record);
		if (r < 0) {
			warn("malformed %s record for '%s'", pass->name,
			     json_string_value(json_object_get(entry, "path")));
			return dir ? job_damaged(job, dir) : -1;
		}
	}
	json_array_foreach(files, i, f)
		json_array_append(all_files, f);
	json_object_del(entry, "files");
	json_object_del(entry, "records");
	return 0;
}

int manifest_file_ref(const json_t *file, struct merged_file *out, char **text)
{
	const char *output = json_string_value(json_object_get(file, "output"));

	*text = NULL;
	if (!output)
		return -1;
	*text = json_dumps(file, JSON_SORT_KEYS | JSON_COMPACT);
	if (!*text)
		fatal("out of memory");
	out->output = output;
	out->sidecar = is_sidecar(file);
	out->text = *text;
	out->len = strlen(*text);
	return 0;
}

/* For qsort_r: by output, then by place in the list. */
static int compare_refs(const void *a, const void *b, void *files)
{
	const struct merged_file *v = files;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(v[x].output, v[y].output);

	return c ? c : (x > y) - (x < y);
}

/* The field of a file's text; a new string, or NULL. Read only for two
 * files at one output, which is rare. */
static char *file_field(const struct merged_file *f, const char *name)
{
	json_t *file = json_loadb(f->text, f->len, 0, NULL);
	const char *v = json_string_value(json_object_get(file, name));
	char *copy = xstrdup(v ? v : "");

	json_decref(file);
	return copy;
}

/* Whether two files at one output hold the same bytes; warns when not. */
static bool same_bytes(const struct merged_file *a, const struct merged_file *b)
{
	char *ha = file_field(a, "hash"), *hb = file_field(b, "hash");
	bool same = strcmp(ha, hb) == 0;

	if (!same) {
		char *x = file_field(a, "asset"), *y = file_field(b, "asset");

		warn("'%s' and '%s' would both be written to '%s'", x, y, b->output);
		free(x);
		free(y);
	}
	free(ha);
	free(hb);
	return same;
}

long manifest_files_order(const struct merged_file *v, size_t n, size_t *keep)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	long kept = 0;
	bool bad = false;

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	if (n > 1)
		qsort_r(order, n, sizeof(*order), compare_refs, (void *)v);
	for (size_t i = 0; i < n; i++) {
		const struct merged_file *f = &v[order[i]];

		if (kept > 0 && strcmp(v[keep[kept - 1]].output, f->output) == 0) {
			const struct merged_file *prev = &v[keep[kept - 1]];

			/* A sidecar DIST already had (from a compression plugin)
			 * gives way to the one made from the final bytes. */
			if (prev->sidecar != f->sidecar) {
				if (f->sidecar)
					keep[kept - 1] = order[i];
				continue;
			}
			if (!same_bytes(prev, f))
				bad = true;
			continue;
		}
		keep[kept++] = order[i];
	}
	free(order);
	return bad ? -1 : kept;
}

int manifest_add_file(json_t *entry, const char *output, const char *from,
		      const json_t *size, const char *hash, enum manifest_role role)
{
	json_t *files = json_object_get(entry, "files");
	const char *asset = json_string_value(json_object_get(entry, "path"));

	if (!json_is_array(files) || !asset || !output || !from ||
	    !json_is_integer(size) || !hash)
		return -1;
	json_array_append_new(files, json_pack("{s:s, s:s, s:O, s:s, s:s, s:s}",
		"output", output, "from", from, "size", size, "hash", hash,
		"asset", asset, "role", manifest_role_name(role)));
	return 0;
}
