/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vite_manifest.h"

const char *const vite_manifest_names[] = { ".vite/manifest.json", "manifest.json", NULL };

/* The strings of a JSON array, borrowed; imports are manifest keys, each
 * turned into that entry's file (root given), others taken as they are. */
static const char **strings(const json_t *array, const json_t *root, size_t *n)
{
	const char **v = xcalloc(json_array_size(array) + 1, sizeof(*v));
	size_t i;
	json_t *e;

	*n = 0;
	json_array_foreach(array, i, e) {
		const char *s = json_string_value(e);

		if (s && root)
			s = json_string_value(json_object_get(json_object_get(root, s), "file"));
		if (s)
			v[(*n)++] = s;
	}
	return v;
}

int vite_manifest_parse(const char *text, size_t len, struct vite_manifest *m)
{
	json_t *root = json_loadb(text, len, 0, NULL), *chunk;
	const char *key;

	memset(m, 0, sizeof(*m));
	if (!json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	m->root = root;
	m->chunks = xcalloc(json_object_size(root) + 1, sizeof(*m->chunks));
	json_object_foreach(root, key, chunk) {
		struct vite_chunk *c = &m->chunks[m->n];

		c->file = json_string_value(json_object_get(chunk, "file"));
		if (!c->file) {
			vite_manifest_free(m);
			return -1;
		}
		c->css = strings(json_object_get(chunk, "css"), NULL, &c->ncss);
		c->assets = strings(json_object_get(chunk, "assets"), NULL, &c->nassets);
		c->imports = strings(json_object_get(chunk, "imports"), root, &c->nimports);
		m->n++;
	}
	return 0;
}

void vite_manifest_free(struct vite_manifest *m)
{
	/* chunks has one slot past n: the chunk a failed parse stopped at,
	 * whose lists are NULL. */
	for (size_t i = 0; m->chunks && i <= m->n; i++) {
		free(m->chunks[i].css);
		free(m->chunks[i].assets);
		free(m->chunks[i].imports);
	}
	free(m->chunks);
	json_decref(m->root);
	memset(m, 0, sizeof(*m));
}
