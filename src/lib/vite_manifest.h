/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_VITE_MANIFEST_H
#define DISTILL_VITE_MANIFEST_H

#include <stddef.h>

#include <jansson.h>

/*
 * Vite's build manifest (build.manifest), read for the hash pass (the
 * files Vite hashed) and the budget (each chunk's static imports):
 *
 *   {"src/main.ts": {"file": "assets/index-x.js", "css": [...],
 *    "assets": [...], "imports": ["_vendor-y.js"]},
 *    "_vendor-y.js": {"file": "assets/vendor-y.js"}}
 *
 * The paths are relative to DIST. A web app manifest may have the same
 * name; it is told apart by its entries having no "file".
 */

/* Where Vite writes it in DIST, newest first (Vite 5, Vite 2 to 4); NULL
 * ends the list. */
extern const char *const vite_manifest_names[];

struct vite_chunk {
	const char *file;          /* the chunk's output */
	const char **css, **assets; /* the files it names besides */
	size_t ncss, nassets;
	const char **imports;      /* the files of its static imports */
	size_t nimports;
};

struct vite_manifest {
	struct vite_chunk *chunks;
	size_t n;
	json_t *root;              /* owns the strings */
};

/* Parse text; returns 0, or -1 when it is not Vite's manifest (not JSON,
 * not an object, or an entry with no "file"), m then empty. */
int vite_manifest_parse(const char *text, size_t len, struct vite_manifest *m);
void vite_manifest_free(struct vite_manifest *m);

#endif
