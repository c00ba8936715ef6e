/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_DIGEST_H
#define DISTILL_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

/* XXH3-128 content hashes, their hex form, and the short fingerprints that go
 * into file names. */
struct hash128 {
	uint64_t hi, lo;
};

#define HASH_HEX_LEN 32
#define FINGERPRINT_LEN 10

/* Hash a memory block. */
struct hash128 digest_mem(const void *p, size_t n);
/* Hash a file by streaming it; returns 0, or -1 with errno set. */
int digest_file(const char *path, struct hash128 *out, uint64_t *size);
/* Hash an open file to its end, copying its first headlen bytes (fewer when
 * it is shorter; *nhead says how many) into head. Returns 0 or -1. */
int digest_fd(int fd, struct hash128 *out, uint64_t *size,
	      unsigned char *head, size_t headlen, size_t *nhead);
/* Copy an open file to out, hashing the bytes on the way. Returns 0 or -1
 * with errno set. */
int digest_copy(int in, int out, struct hash128 *h);

/* A key built from several parts (strings, numbers, other hashes). Parts are
 * length-prefixed, so ("ab","c") and ("a","bc") differ. */
struct digest_key {
	XXH3_state_t state;
};
void digest_key_init(struct digest_key *k);
void digest_key_str(struct digest_key *k, const char *s);
void digest_key_u64(struct digest_key *k, uint64_t v);
void digest_key_hash(struct digest_key *k, struct hash128 h);
struct hash128 digest_key_final(struct digest_key *k);

/* Write 32 lowercase hex digits and a NUL into out. */
void digest_hex(struct hash128 h, char out[HASH_HEX_LEN + 1]);
/* Parse 32 hex digits; returns 0 or -1. */
int digest_parse_hex(const char *s, struct hash128 *out);
/* Write the 10-character file-name fingerprint (lowercase base32, safe in
 * URLs and on case-insensitive file systems) and a NUL into out. */
void digest_fingerprint(struct hash128 h, char out[FINGERPRINT_LEN + 1]);
int digest_equal(struct hash128 a, struct hash128 b);
/* <0, 0 or >0, as a sorts before, with or after b: the order memos keep
 * their keys in. */
int digest_compare(struct hash128 a, struct hash128 b);

#endif
