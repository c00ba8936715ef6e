/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HASH_INT_H
#define DISTILL_HASH_INT_H

#include <jansson.h>

struct site;

/* Set ASSET_BUNDLER_HASHED on the assets whose names a bundler provably
 * content-addressed (hash_bundler.c); warn once about those that only look
 * so. Needs the references and ASSET_PINNED. trusted_dirs: hash.trustedDirs. */
void bundler_mark_hashed(struct site *site, const json_t *trusted_dirs);

/* Mark the referenced assets whose base name occurs in some script (a file
 * or a page's inline one) or in JSON (a web manifest's icons), or in HTML
 * or CSS too large to parse for its references, with ASSET_NAMED_IN_JS:
 * those keep their URL (hash_names.c). */
void mark_named_in_js(struct site *site);

#endif
