/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_ACTION_RESULT_H
#define DISTILL_ACTION_RESULT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * The part of Bazel's remote-execution ActionResult protobuf
 * (build.bazel.remote.execution.v2) that a remote cache's /ac/ entry needs
 * for one job: its output files, each a path and the SHA-256 and size of
 * its bytes, which are stored under /cas/. bazel-remote checks, as it
 * stores an entry, that the blobs it names are there, so the entry is
 * written after them.
 *
 *   ActionResult { repeated OutputFile output_files = 2; }
 *   OutputFile   { string path = 1; Digest digest = 2; }
 *   Digest       { string hash = 1; int64 size_bytes = 2; }
 */
struct action_output {
	char *path;
	char hash[65]; /* lowercase hex */
	uint64_t size;
};

/* Append the encoding of outputs to b. */
void action_result_encode(struct buf *b, const struct action_output *outputs, size_t n);
/*
 * Read the output files of an encoded ActionResult; the other fields are
 * skipped. *outputs is a new array (free with action_result_free()).
 * Returns 0, or -1 when the bytes are not such a message or a digest is not
 * 64 hex digits.
 */
int action_result_decode(const void *data, size_t len, struct action_output **outputs,
			 size_t *n);
void action_result_free(struct action_output *outputs, size_t n);

#endif
