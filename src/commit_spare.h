/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_SPARE_H
#define DISTILL_COMMIT_SPARE_H

struct site;

/*
 * The folders of the last tree, kept for the next commit (commit_spare.c):
 * <cache>/spare, folders and nothing else, on the target's file system.
 */

/* Make the spare folders the staging folder (which must not exist).
 * Returns 0, or -1 when there are none to take (the staging folder is
 * then still missing). */
int commit_spare_take(const struct site *site, const char *staging);
/* Remove the folders under staging, other than keep and its parents,
 * that no placed file needs. */
void commit_spare_prune(const char *staging, const char *keep);
/* The old tree, swapped out: remove its files and keep its folders as
 * the spare, or remove it all when they cannot be kept. */
void commit_spare_keep(const struct site *site, const char *old);

#endif
