/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUF_H
#define DISTILL_BUF_H

#include <stddef.h>

/* A growable byte buffer. data is always NUL-terminated after buf_*() calls,
 * so it can be handed to libc; len does not count the NUL. */
struct buf {
	char *data;
	size_t len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Room for n more bytes, so that adding them moves nothing. */
void buf_reserve(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The decimal digits of v, at least width of them (zeros in front), or
 * of a signed v: what "%0*llu" and "%lld" write, without printf(), which
 * was most of the time of writing many numbers (a commit's identities, a
 * 40 MB report). */
void buf_add_u64(struct buf *b, unsigned long long v, int width);
void buf_add_i64(struct buf *b, long long v);
/* Drop the contents but keep the storage. */
void buf_reset(struct buf *b);
/* Free the storage and reinitialise. */
void buf_release(struct buf *b);
/* Returns the contents as a new string and reinitialises b; caller frees. */
char *buf_detach(struct buf *b);

#endif
