/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MERGE_H
#define DISTILL_MERGE_H

#include <jansson.h>

#include "manifest.h"

struct job;

/* Fold the records of entry (an assets.json entry; "records" maps a pass
 * to its store folder) into it through each asset pass's merge(), in the
 * passes' order, and append the entry's files to all_files. config is the
 * whole configuration. Returns 0, or -1 after a warning: a record that
 * cannot be read or that its pass finds malformed. */
int manifest_merge_entry(const struct job *job, json_t *entry, json_t *all_files,
			 const json_t *config);
/* Sort files by output, each output once. Two files may share an output
 * only when they are the same bytes, or when one is a .br or .zst DIST
 * already had (from a compression plugin): the sidecar made from the
 * final bytes wins. Returns 0, or -1 after a warning naming both assets
 * of an output with two different files. */
int manifest_files_sort(json_t *files);

/* For a pass's merge(): add to entry's "files" the file of its asset at
 * output, whose bytes (size, an integer, and hash) are copied from from.
 * Returns 0, or -1 when a field is missing (a malformed record). */
int manifest_add_file(json_t *entry, const char *output, const char *from,
		      const json_t *size, const char *hash, enum manifest_role role);

#endif
