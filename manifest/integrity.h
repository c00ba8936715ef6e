/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_INTEGRITY_H
#define DISTILL_MANIFEST_INTEGRITY_H

#include <jansson.h>

/*
 * The Subresource Integrity token ("sha384-...") of each script and
 * stylesheet of the site, from the bytes at its output, as the manifest
 * entry's "integrity": what a deploy tool or a page template outside the
 * build needs to write integrity="..." itself. The tokens of the last run
 * are kept beside its record (integrity.json, output_hash -> token), so a
 * build hashes only the files whose bytes changed.
 */

/* Set "integrity" on every js and css entry of assets whose "content"
 * holds the bytes of its "output_hash" (a file that no longer does is
 * left without, for the commit to name). last is the job's last record,
 * or NULL; dir the job's folder. Returns the memo to keep, a new
 * reference. */
json_t *manifest_integrity(json_t *assets, const char *dir, const json_t *last);
/* Write the memo beside the record in dir and list it in record's files.
 * Returns 0, or -1 with a warning. */
int manifest_integrity_keep(json_t *memo, const char *dir, json_t *record);

#endif
