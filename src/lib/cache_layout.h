/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CACHE_LAYOUT_H
#define DISTILL_CACHE_LAYOUT_H

/* The layout of a cache folder (src/cache.h says which folder and what it
 * holds), spelled here only, for every layer. Each returns a new string. */

/* <cache>/gen/PASS: the output of an aggregate pass. */
char *cache_gen_dir(const char *cache, const char *pass);
/* <cache>/store/PASS: the store of a per-asset pass, one folder a key. */
char *cache_store_dir(const char *cache, const char *pass);
/* <cache>/input/PASS: files the plan writes for a pass's jobs to read,
 * each named by the hash of its bytes (plan_input()). */
char *cache_input_dir(const char *cache, const char *pass);
/* <cache>/damaged: left by a job that found an entry it reads damaged and
 * removed it; the build then runs ninja once more, which makes it again. */
char *cache_damaged_mark(const char *cache);
/* <cache>/site: a link to DIST, renewed by each build, through which the
 * plan and the cache's files name DIST's files (plan_path()). */
#define CACHE_SITE_LINK "site"
/* <cache>/manifest.json: the merged manifest (manifest/FORMAT.md). */
char *cache_manifest_path(const char *cache);

#endif
