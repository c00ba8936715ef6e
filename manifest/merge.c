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

static int compare_files(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "output"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "output"));

	return strcmp(x ? x : "", y ? y : "");
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

int manifest_files_sort(json_t *files)
{
	size_t n = json_array_size(files);
	json_t **v = xcalloc(n, sizeof(*v));
	json_t *sorted = json_array();
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(files, i);
	sort_array(v, n, sizeof(*v), compare_files);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && compare_files(&v[i - 1], &v[i]) == 0) {
			/* A sidecar DIST already had (from a compression plugin)
			 * gives way to the one made from the final bytes. */
			if (is_sidecar(v[i]) != is_sidecar(v[i - 1])) {
				if (is_sidecar(v[i]))
					json_array_set(sorted, json_array_size(sorted) - 1, v[i]);
				continue;
			}
			if (!json_equal(json_object_get(v[i - 1], "hash"), json_object_get(v[i], "hash"))) {
				warn("'%s' and '%s' would both be written to '%s'",
				     json_string_value(json_object_get(v[i - 1], "asset")),
				     json_string_value(json_object_get(v[i], "asset")),
				     json_string_value(json_object_get(v[i], "output")));
				ret = -1;
			}
			continue;
		}
		json_array_append(sorted, v[i]);
	}
	json_array_clear(files);
	json_array_extend(files, sorted);
	json_decref(sorted);
	free(v);
	return ret;
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
