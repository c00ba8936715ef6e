/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_ASSEMBLE_H
#define DISTILL_MANIFEST_ASSEMBLE_H

#include <stddef.h>

struct job;

/* The text of manifest.json from assets.json at assets_path and the
 * records it names, entries that did not change taken from the memo in
 * job->out (memo.h), which is then written for the next run. Returns a
 * new string of *len bytes, or NULL after warnings (every damaged entry
 * named; a damaged record is dropped, job_damaged()). */
char *manifest_assemble(const struct job *job, const char *assets_path, size_t *len);

#endif
