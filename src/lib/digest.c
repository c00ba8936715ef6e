/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "digest.h"
#include "util.h"

struct hash128 digest_mem(const void *p, size_t n)
{
	XXH128_hash_t h = XXH3_128bits(p, n);

	return (struct hash128){ h.high64, h.low64 };
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The one read loop: hash fd to its end, keep its first bytes in head,
 * and write every byte to copy_to unless it is -1. */
static int digest_stream(int fd, int copy_to, struct hash128 *out,
			 uint64_t *size, unsigned char *head, size_t headlen,
			 size_t *nhead)
{
	/* Below malloc's mmap threshold, so that it is reused from the heap;
	 * a block of the caller's, as the scan hashes on every core. */
	enum { BLOCK = 1 << 16 };
	char *block = xmalloc(BLOCK);
	XXH3_state_t state;
	uint64_t total = 0;
	size_t got = 0;
	ssize_t r;

	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	XXH3_128bits_reset(&state);
	while ((r = read(fd, block, BLOCK)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(block);
			return -1;
		}
		if (got < headlen) {
			size_t n = (size_t)r < headlen - got ? (size_t)r : headlen - got;

			memcpy(head + got, block, n);
			got += n;
		}
		if (copy_to >= 0 && write_all(copy_to, block, (size_t)r) < 0) {
			free(block);
			return -1;
		}
		XXH3_128bits_update(&state, block, (size_t)r);
		total += (uint64_t)r;
	}
	free(block);
	XXH128_hash_t h = XXH3_128bits_digest(&state);
	*out = (struct hash128){ h.high64, h.low64 };
	if (size)
		*size = total;
	if (nhead)
		*nhead = got;
	return 0;
}

int digest_fd(int fd, struct hash128 *out, uint64_t *size,
	      unsigned char *head, size_t headlen, size_t *nhead)
{
	return digest_stream(fd, -1, out, size, head, headlen, nhead);
}

int digest_copy(int in, int out, struct hash128 *h)
{
	return digest_stream(in, out, h, NULL, NULL, 0, NULL);
}

int digest_file(const char *path, struct hash128 *out, uint64_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret, e;

	if (fd < 0)
		return -1;
	ret = digest_fd(fd, out, size, NULL, 0, NULL);
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

void digest_key_init(struct digest_key *k)
{
	XXH3_128bits_reset(&k->state);
}

void digest_key_str(struct digest_key *k, const char *s)
{
	size_t n = strlen(s);

	digest_key_u64(k, n);
	XXH3_128bits_update(&k->state, s, n);
}

void digest_key_u64(struct digest_key *k, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	XXH3_128bits_update(&k->state, b, sizeof(b));
}

void digest_key_hash(struct digest_key *k, struct hash128 h)
{
	digest_key_u64(k, h.hi);
	digest_key_u64(k, h.lo);
}

struct hash128 digest_key_final(struct digest_key *k)
{
	XXH128_hash_t h = XXH3_128bits_digest(&k->state);

	return (struct hash128){ h.high64, h.low64 };
}

void digest_hex(struct hash128 h, char out[HASH_HEX_LEN + 1])
{
	snprintf(out, HASH_HEX_LEN + 1, "%016llx%016llx",
		 (unsigned long long)h.hi, (unsigned long long)h.lo);
}

int digest_parse_hex(const char *s, struct hash128 *out)
{
	uint64_t v[2] = { 0, 0 };

	for (int i = 0; i < HASH_HEX_LEN; i++) {
		int d = s[i] >= 'A' && s[i] <= 'F' ? -1 : hex_digit(s[i]);

		if (d < 0)
			return -1;
		v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
	}
	if (s[HASH_HEX_LEN] != '\0')
		return -1;
	out->hi = v[0];
	out->lo = v[1];
	return 0;
}

void digest_fingerprint(struct hash128 h, char out[FINGERPRINT_LEN + 1])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	uint64_t v = h.hi;

	for (int i = 0; i < FINGERPRINT_LEN; i++) {
		out[i] = alphabet[v & 31];
		v >>= 5;
	}
	out[FINGERPRINT_LEN] = '\0';
}

int digest_compare(struct hash128 a, struct hash128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

int digest_equal(struct hash128 a, struct hash128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}
