/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_SPARE_H
#define DISTILL_COMMIT_SPARE_H

#include <stdbool.h>
#include <stddef.h>

struct site;

/*
 * The last tree, kept for the next commit (commit_spare.c): <cache>/spare,
 * on the target's file system. Its files are hard links to the target's
 * where they did not change, so the next staging folder starts as the
 * tree before and only the files that differ are placed.
 */

/* What a commit took from the spare. Paths are relative to the staging
 * folder and sorted; files lie under the site's folder (prefix). */
struct commit_spare {
	char **folders;
	size_t n, cap;
	char **files;
	size_t nfiles, files_cap;
	size_t next;        /* the first file commit_spare_reach() has not passed */
	const char *prefix; /* the site's folder in the staging folder, "" or "DIR/" */
	bool taken;
};

/* Make the spare the staging folder (which must not exist) and list it in
 * spare; a file outside the site's folder prefix is removed. Returns 0,
 * or -1 when there is none to take (the staging folder is then still
 * missing and the list empty). */
int commit_spare_take(const struct site *site, const char *staging,
		      const char *prefix, struct commit_spare *spare);
/*
 * Before a file is placed at path (relative to the site's folder, root):
 * remove the spare's files that sort before it, which the new tree lacks
 * (paths come in sorted order). Returns true when the spare holds a file
 * at path; the caller keeps it or calls commit_spare_clear().
 */
bool commit_spare_reach(struct commit_spare *spare, const char *root,
			const char *path);
/* Make way for a file at path: remove the spare's file there when held
 * (commit_spare_reach() said so), else a folder of the spare there. */
void commit_spare_clear(const struct commit_spare *spare, const char *root,
			const char *path, bool held);
/* Remove the spare's files no placed file reached: the new tree lacks them. */
void commit_spare_drop_rest(struct commit_spare *spare, const char *root);
/* Remove the folders taken from the spare that no placed file needs,
 * other than keep and its parents. */
void commit_spare_prune(const struct commit_spare *spare, const char *staging,
			const char *keep);
void commit_spare_release(struct commit_spare *spare);
/* The old tree, swapped out, becomes the spare; in CI, where the next
 * build starts on another machine, only its folders are kept (its files
 * would only grow a cache that is uploaded). When it cannot be kept, it
 * is removed. */
void commit_spare_keep(const struct site *site, const char *old);

#endif
