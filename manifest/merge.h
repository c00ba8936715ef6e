/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MERGE_H
#define DISTILL_MERGE_H

#include <stdbool.h>
#include <stddef.h>

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
/* One file of the output tree as the manifest job assembles the list:
 * its output (the sort key, decoded), whether it is a sidecar, and its
 * JSON text as the manifest holds it (compact, keys sorted). */
struct merged_file {
	const char *output;
	bool sidecar;
	const char *text;
	size_t len;
};

/* A merged_file of file (an object of "files"), its text dumped: a new
 * string in *text, which out->text points to. Returns 0, or -1 when file
 * has no "output". */
int manifest_file_ref(const json_t *file, struct merged_file *out, char **text);
/* The files of the manifest, in order of output (ties in the order
 * given), each output once: keep[] receives the indexes of v kept, and the
 * count is returned. Two files may share an output only when they are the
 * same bytes (the first is kept), or when one is a .br or .zst DIST
 * already had (from a compression plugin): the sidecar made from the
 * final bytes wins. Returns -1 after a warning naming both assets of an
 * output with two different files. */
long manifest_files_order(const struct merged_file *v, size_t n, size_t *keep);

/* For a pass's merge(): add to entry's "files" the file of its asset at
 * output, whose bytes (size, an integer, and hash) are copied from from.
 * Returns 0, or -1 when a field is missing (a malformed record). */
int manifest_add_file(json_t *entry, const char *output, const char *from,
		      const json_t *size, const char *hash, enum manifest_role role);

#endif
