/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HASH_INT_H
#define DISTILL_HASH_INT_H

#include <jansson.h>

struct site;

/* Set ASSET_BUNDLER_HASHED on the assets whose names a bundler provably
 * content-addressed (hash_bundler.c); warn once about those that only look
 * so. Needs the references and ASSET_PINNED. trusted_dirs: hash.trustedDirs. */
void bundler_mark_hashed(struct site *site, const json_t *trusted_dirs);

#endif
