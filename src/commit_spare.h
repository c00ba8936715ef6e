/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_SPARE_H
#define DISTILL_COMMIT_SPARE_H

#include <stddef.h>

struct site;

/*
 * The folders of the last tree, kept for the next commit (commit_spare.c):
 * <cache>/spare, folders and nothing else, on the target's file system.
 */

/* The folders a commit took from the spare, relative to the staging
 * folder, each after its parent. */
struct commit_spare {
	char **folders;
	size_t n, cap;
};

/* Make the spare folders the staging folder (which must not exist) and
 * list them in spare. Returns 0, or -1 when there are none to take (the
 * staging folder is then still missing and the list empty). */
int commit_spare_take(const struct site *site, const char *staging,
		      struct commit_spare *spare);
/* Remove the folders taken from the spare that no placed file needs,
 * other than keep and its parents. */
void commit_spare_prune(const struct commit_spare *spare, const char *staging,
			const char *keep);
void commit_spare_release(struct commit_spare *spare);
/* The old tree, swapped out: remove its files and keep its folders as
 * the spare, or remove it all when they cannot be kept. */
void commit_spare_keep(const struct site *site, const char *old);

#endif
