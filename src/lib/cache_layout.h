/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CACHE_LAYOUT_H
#define DISTILL_CACHE_LAYOUT_H

/*
 * The layout of a cache folder (src/cache.h says which folder), spelled
 * here only, for every layer. The folders hold one entry a pass:
 */
/* <cache>/store/PASS/KEY: the output of a per-asset job, by content key. */
char *cache_store_dir(const char *cache, const char *pass);
/* <cache>/gen/PASS: the output of an aggregate pass, and its stamp
 * key-HEX, named by the key of what it read (plan.h). */
char *cache_gen_dir(const char *cache, const char *pass);
/* <cache>/input/PASS: files the plan writes for a pass's jobs to read,
 * each named by the hash of its bytes (plan_input()). */
char *cache_input_dir(const char *cache, const char *pass);

/* The files at the top, by name, for cache_path(): */
#define CACHE_PLAN "build.ninja"     /* the plan; ninja's logs beside it */
#define CACHE_SHARD_PLAN "shard.ninja" /* the plan of one slice (shard.h) */
#define CACHE_CONFIG "config.json"   /* the merged config every job reads */
#define CACHE_RUNNER "distill"       /* a link to the binary the jobs run */
#define CACHE_SITE_LINK "site"       /* a link to DIST (plan_path()) */
#define CACHE_LOCK "lock"            /* the build lock (cache_lock()) */
#define CACHE_REFS "refs.memo"       /* references by content (refcache.h) */
#define CACHE_NAMES_MEMO "names.memo" /* file names found in scripts (passes/hash_names.c) */
#define CACHE_ASSETS "assets.json"   /* the plan's table of the site */
#define CACHE_MANIFEST "manifest.json" /* the merged manifest (FORMAT.md) */
#define CACHE_STATE "last-output"    /* what the last commit wrote (state.h) */
#define CACHE_TARGETS "targets"      /* the folders commits replaced */
#define CACHE_BUDGET_PREVIOUS "budget-previous.json" /* the last budget */
#define CACHE_SPARE "spare"         /* the last tree's folders (commit_spare.c) */
#define CACHE_PREVIOUS "previous"   /* earlier builds' files (previous.h) */
/* Left by a job that found an entry it reads damaged and removed it; the
 * build then runs ninja once more, which makes it again. */
#define CACHE_DAMAGED "damaged"

/* <cache>/NAME. Returns a new string. */
char *cache_path(const char *cache, const char *name);

#endif
