/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_INTEGRITY_H
#define DISTILL_MANIFEST_INTEGRITY_H

#include <jansson.h>

/*
 * The Subresource Integrity token ("sha384-...") of each script and
 * stylesheet of the site, from the bytes at its output, as the manifest
 * entry's "integrity": what a deploy tool or a page template outside the
 * build needs to write integrity="..." itself. The manifest job keeps
 * the merged entries of the last run (memo.h), so only the entries that
 * changed are hashed again.
 */

/* Set "integrity" on entry (a merged manifest entry) when it is a script
 * or stylesheet whose "content" holds the bytes of its "output_hash" (a
 * file that no longer does is left without, for the commit to name). */
void manifest_integrity(json_t *entry);

#endif
