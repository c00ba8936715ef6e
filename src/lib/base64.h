/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BASE64_H
#define DISTILL_BASE64_H

#include <stddef.h>

/* prefix, then the n bytes at p in base64 (RFC 4648, padded): an SRI
 * token's digest, a data: URI. Returns a new string. */
char *base64_encode(const char *prefix, const void *p, size_t n);

#endif
