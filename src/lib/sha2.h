/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SHA2_H
#define DISTILL_SHA2_H

#include <stddef.h>

/*
 * SHA-256, SHA-384 and SHA-512 (FIPS 180-4), for Subresource Integrity
 * (an integrity="sha384-..." value is checked by the browser against the
 * bytes it receives, so it is made from the final bytes) and the remote
 * cache's content addresses.
 */
enum sha2_alg { SHA2_256, SHA2_384, SHA2_512 };

/* The digest of data into out (32, 48 or 64 bytes); returns its length. */
size_t sha2_digest(enum sha2_alg alg, const void *data, size_t len, unsigned char out[64]);
/* SHA-256 of data as 64 lowercase hex digits and a NUL: the digests of a
 * Bazel remote cache. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* Have sha256_hex() use fn, a SHA-256 with the same result (OpenSSL's
 * SHA256(), which uses the CPU's SHA instructions where there are some),
 * for the remote cache's many megabytes; NULL goes back to this file's. */
typedef unsigned char *sha256_fn(const unsigned char *data, size_t len, unsigned char *md);
void sha2_use_sha256(sha256_fn *fn);
/* The algorithm an SRI token names ("sha384-..."), or -1. */
int sha2_parse_alg(const char *token, size_t len);
/* The SRI token for data: "sha384-" and the digest in base64. Returns a
 * new string. */
char *sha2_integrity(enum sha2_alg alg, const void *data, size_t len);

#endif
