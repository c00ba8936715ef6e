/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMPRESS_INT_H
#define DISTILL_COMPRESS_INT_H

#include <stdbool.h>
#include <stdint.h>

struct afile;

/*
 * The parts of the compress pass: compress.c is the pass (options, plan,
 * job, manifest merge), compress_codec.c drives brotli, zstd and zlib over
 * the input a block at a time.
 */

/* One sidecar, written to its temp file as its codec goes. The job fills
 * in the first four fields; the codec the rest. */
struct compress_sidecar {
	const char *input;  /* path of the file to compress */
	uint64_t n;         /* its size when the job started */
	int level;          /* brotli quality or zstd level; 0: codec off */
	struct afile *out;  /* temp file of DIR/br or DIR/zst (NULL when off) */
	uint64_t len;       /* bytes written */
	bool larger;        /* stopped: it would not be smaller than the input */
	bool changed;       /* the input changed size while it was read */
	int err;            /* errno of a failed read or write, or 0 */
	const char *failed; /* what failed: "read", "write", "brotli", "zstd";
			       NULL when it went well */
};

/* Brotli the input into b->out; a thread's start routine (b is a struct
 * compress_sidecar). It opens the input itself. Failures are left in b. */
void *compress_brotli(void *b);
/* zstd the input at fd into z->out (when z->level > 0) and count its gzip
 * -9 size into *gz, from one reading. Returns 0, with a failed read or
 * write left in z; -1 after a warning (a codec failure). */
int compress_zstd_gzip(int fd, struct compress_sidecar *z, uint64_t *gz);

#endif
