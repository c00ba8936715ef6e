/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HASH_H
#define DISTILL_HASH_H

#include <jansson.h>

/* The folder fingerprinted files go to ("assets/"), from the whole
 * configuration: image variants and rewritten names carry it too.
 * Borrowed from config. */
const char *hash_prefix(const json_t *config);

#endif
