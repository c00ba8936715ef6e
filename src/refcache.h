/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_REFCACHE_H
#define DISTILL_REFCACHE_H

#include <stddef.h>

#include "lib/digest.h"
#include "lib/refs.h"

/*
 * The references found in each HTML and CSS file, remembered by content
 * hash in <cache>/refs.memo (a blob memo, blob_memo.h), so a warm build
 * parses only files whose bytes changed. Only kind, URL and whether an
 * integrity attribute is there are kept (scan needs no more; rewrite jobs
 * parse again). The memo is of one binary: a new distill parses afresh.
 * Saving keeps only the entries used by this build, and happens when more
 * than one file in 64 was parsed anew or is gone: the few the cache lacks
 * otherwise are parsed again next build.
 */
struct refcache;

/* Returns a cache, empty when the file is missing or from another version. */
struct refcache *refcache_load(const char *cache_dir);
/* Copy the refs of content h into a new array (URLs new strings); returns
 * 0, or -1 when h is not cached. */
int refcache_get(struct refcache *rc, struct hash128 h, struct ref **refs,
		 size_t *nrefs);
void refcache_put(struct refcache *rc, struct hash128 h, const struct ref *refs,
		  size_t nrefs);
/* Write the entries used since loading (when enough changed, above) and
 * free rc. */
void refcache_save(struct refcache *rc);

#endif
