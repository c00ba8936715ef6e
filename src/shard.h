/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SHARD_H
#define DISTILL_SHARD_H

#include <stdbool.h>
#include <stddef.h>

struct plan_job;

/*
 * `distill build --shard I/N`: the jobs of the I-th of N slices. A job
 * that no other job reads falls in a slice by its content key; a job that
 * others read falls in the slice of the first of them in the plan, so
 * that an image, the page that shows it and the page's sidecars are
 * made on one machine. A job read from several slices (a stylesheet every
 * page links) is made by each slice that needs it, as ninja brings in
 * what a target reads. Aggregates, which read every slice, are in none.
 * Returns a new array: true for the jobs of slice shard (1-based).
 */
bool *shard_select(const struct plan_job *jobs, size_t n, int shard, int shards);

/* Write <cache>/shard.ninja: the plan, and a target "distill-shard" for
 * the chosen jobs' records. Returns its path (new), or NULL after a
 * warning. */
char *shard_write_plan(const char *cache, const struct plan_job *jobs, size_t n,
		       const bool *chosen);

#define SHARD_TARGET "distill-shard"

#endif
