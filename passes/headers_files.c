/* SPDX-License-Identifier: MIT */
/*
 * The files of the output tree as the headers pass sees them: every path
 * the commit will write, and whether its name changes with its bytes
 * (fingerprinted: cached for good) or not (revalidated).
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
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

void headers_files_load(const struct manifest *m, const struct hfile *served,
			size_t nserved, struct hfile **out, size_t *nout)
{
	struct hfile *v = NULL;
	size_t n = 0, cap = 0, listed;

	for (size_t i = 0; i < m->nfiles; i++)
		hfile_add(&v, &n, &cap, m->files[i].output,
			  manifest_file_fingerprinted(m, &m->files[i]));
	/* A file whose path is not UTF-8 is carried over as it is: never
	 * fingerprinted, and in no folder an immutable rule covers whole.
	 * Its raw path comes back from its URL. */
	for (size_t i = 0; i < m->nunlisted; i++) {
		char *suffix = NULL, *path = url_resolve("", NULL, m->unlisted[i].url, &suffix);

		if (path)
			hfile_add(&v, &n, &cap, path, false);
		free(path);
		free(suffix);
	}
	if (n > 0)
		sort_array(v, n, sizeof(*v), headers_files_compare);
	listed = n;
	/* The few files the pass itself serves, when the site has none of
	 * that name; then in order again. */
	for (size_t k = 0; k < nserved; k++)
		if (listed == 0 || !bsearch(&served[k], v, listed, sizeof(*v), headers_files_compare))
			hfile_add(&v, &n, &cap, served[k].path, served[k].fp);
	if (n > listed)
		sort_array(v, n, sizeof(*v), headers_files_compare);
	*out = v;
	*nout = n;
}

void headers_files_release(struct hfile *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}
