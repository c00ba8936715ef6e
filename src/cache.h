/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CACHE_H
#define DISTILL_CACHE_H

#include <stdbool.h>

/*
 * The cache folder of one DIST: the plan (build.ninja, .ninja_log), the
 * content-addressed store of job outputs (store/PASS/KEY/), the outputs of
 * aggregate jobs (gen/PASS/), the manifest and the lock.
 */

/* The project that holds DIST: the nearest folder above it with a
 * package.json or .git (project_marker()), else DIST's parent. Where the
 * configuration is read. Returns a new string. */
char *cache_project_dir(const char *dist);
/* Inside that project: node_modules/.cache/distill/NAME when it has
 * node_modules, else .distill-cache/NAME, NAME being DIST's path in the
 * project with '-' for '/'. With no project above DIST, never a folder
 * that may be unrelated: $XDG_CACHE_HOME/distill/BASE-FINGERPRINT (or
 * ~/.cache/...), keyed by DIST's path. Returns a new string. */
char *cache_default(const char *dist);
/* Take the build lock of cache, waiting (with a message) while another
 * build holds it, then remove the temp files a killed build left in the
 * cache folder. Returns the lock's fd (held until exit) or -1. */
int cache_lock(const char *cache, const char *dist);

/* Make <cache>/NAME a link to target (renewed when it leads elsewhere);
 * call it under the lock. Returns whether the link is there. */
bool cache_link(const char *cache, const char *name, const char *target);

/* Its layout: lib/cache_layout.h. */
#include "lib/cache_layout.h"

struct site;

/* Remove the files an earlier distill kept at the top of the cache that
 * this one does not read: only those that begin as distill wrote them. */
void cache_retire(const char *cache);
/* Refresh the mtime of every store folder this build uses, and remove
 * store folders that no build has used for CACHE_KEEP_DAYS days, so that
 * the cache stays near the size of one site while a branch switched away
 * from and back again within the week is still warm. */
enum { CACHE_KEEP_DAYS = 7 };
void cache_collect(const struct site *site);

#endif
