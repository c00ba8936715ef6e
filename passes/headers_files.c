/* SPDX-License-Identifier: MIT */
/*
 * The files of the output tree as the headers pass sees them: every path
 * the commit will write, and whether its name changes with its bytes
 * (fingerprinted: cached for good) or not (revalidated).
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/load.h"
#include "../src/url.h"
#include "../src/util.h"
#include "headers_int.h"

int headers_files_compare(const void *a, const void *b)
{
	return strcmp(((const struct hfile *)a)->path, ((const struct hfile *)b)->path);
}

static void hfile_add(struct hfile **v, size_t *n, size_t *cap,
		      const char *path, bool fp)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[*n].path = xstrdup(path);
	(*v)[*n].user = false;
	(*v)[(*n)++].fp = fp;
}

/* Whether the file at base (a sidecar's own file) is fingerprinted. */
static bool hfile_fp(const struct hfile *v, size_t n, const char *base)
{
	struct hfile key = { .path = (char *)base };
	const struct hfile *f = n ? bsearch(&key, v, n, sizeof(*v), headers_files_compare) : NULL;

	return f && f->fp;
}

int headers_files_load(const json_t *manifest, const char *const *served,
		       size_t nserved, struct hfile **out, size_t *nout)
{
	json_t *entries = json_object(), *files = json_object_get(manifest, "files");
	struct hfile *v = NULL;
	size_t n = 0, cap = 0, i, nplain = 0;
	json_t *e, *f;
	int ret = -1;

	json_array_foreach(json_object_get(manifest, "assets"), i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));

		if (!path)
			goto out;
		json_object_set(entries, path, e);
	}
	if (!json_is_array(files))
		goto out;
	/* Sidecars last: their class is that of their own file. */
	for (int round = 0; round < 2; round++) {
		json_array_foreach(files, i, f) {
			const char *output = json_string_value(json_object_get(f, "output"));
			const char *role = json_string_value(json_object_get(f, "role"));
			const char *asset = json_string_value(json_object_get(f, "asset"));
			bool sidecar = manifest_is_sidecar(f), fp;
			char *base;

			if (!output || !role)
				goto out;
			if (sidecar != (round == 1))
				continue;
			if (sidecar) {
				/* A sidecar is cached as its own file is. */
				base = manifest_sidecar_base(f);
				fp = base && hfile_fp(v, nplain, base);
				free(base);
			} else {
				fp = manifest_file_fingerprinted(f, asset ? json_object_get(entries, asset) : NULL);
			}
			hfile_add(&v, &n, &cap, output, fp);
		}
		if (round == 0) {
			/* A file whose path is not UTF-8 is carried over as it is:
			 * never fingerprinted, and in no folder an immutable rule
			 * covers whole. Its raw path comes back from its URL. */
			json_array_foreach(json_object_get(manifest, "unlisted"), i, f) {
				const char *url = json_string_value(json_object_get(f, "url"));
				char *suffix = NULL, *path = url ? url_resolve("", NULL, url, &suffix) : NULL;

				if (path)
					hfile_add(&v, &n, &cap, path, false);
				free(path);
				free(suffix);
			}
			if (n > 0)
				sort_array(v, n, sizeof(*v), headers_files_compare);
			for (size_t k = 0; k < nserved; k++)
				if (n == 0 || !bsearch(&(struct hfile){ .path = (char *)served[k] },
						       v, n, sizeof(*v), headers_files_compare))
					hfile_add(&v, &n, &cap, served[k], false);
			if (n > 0)
				sort_array(v, n, sizeof(*v), headers_files_compare);
			nplain = n;
		}
	}
	if (n > 0)
		sort_array(v, n, sizeof(*v), headers_files_compare);
	ret = 0;
out:
	json_decref(entries);
	*out = v;
	*nout = n;
	return ret;
}

void headers_files_release(struct hfile *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}
