/* SPDX-License-Identifier: MIT */
/*
 * The spare folders of the last tree. A commit builds the new tree in a
 * staging folder beside the target, swaps it in, and the old tree goes.
 * Making every folder anew each time cost more than placing the files:
 * on ext4 here a mkdir took 0.45 ms where a hard link takes a few
 * microseconds, so 510 folders were half of a one-page rebuild's commit.
 * So the old tree's folders, emptied of files, wait in the cache
 * (<cache>/spare) and become the next staging folder; those the new tree
 * does not use are removed once its files are placed (only those folders
 * are visited, not the files of the new tree). A spare holding
 * anything but folders is not taken. Only when the cache is on the
 * target's file system (rename() says so); else the old tree is removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commit_spare.h"
#include "lib/cache_layout.h"
#include "lib/util.h"
#include "site.h"

/* The nftw() callbacks' state: nftw() passes no argument of its own, and
 * the commit runs on one thread. */
static mode_t folder_mode;
static struct commit_spare *taking;
static size_t taking_skip; /* the length of the spare's own path */

/* A folder gets the mode a new one would have and is listed; anything
 * else fails. */
static int take_folder(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	(void)st;
	if (type != FTW_D)
		return 1;
	if (chmod(path, folder_mode) < 0)
		return -1;
	if (ftw->level > 0) {
		taking->folders = xgrow(taking->folders, &taking->cap, taking->n + 1,
					sizeof(*taking->folders));
		taking->folders[taking->n++] = xstrdup(path + taking_skip + 1);
	}
	return 0;
}

int commit_spare_take(const struct site *site, const char *staging,
		      struct commit_spare *spare)
{
	char *path = cache_path(site->cache, CACHE_SPARE);
	mode_t mask = umask(0);
	struct stat st;
	int ret = -1;

	umask(mask);
	folder_mode = 0777 & ~mask;
	taking = spare;
	taking_skip = strlen(path);
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode) &&
		    nftw(path, take_folder, 16, FTW_PHYS) == 0 &&
		    rename(path, staging) == 0) {
			ret = 0;
		} else {
			remove_tree(path);
			commit_spare_release(spare);
		}
	}
	taking = NULL;
	free(path);
	return ret;
}

void commit_spare_prune(const struct commit_spare *spare, const char *staging,
			const char *keep)
{
	/* Children before their parents. The staging root stays, and keep
	 * with its parents: a folder that must be there even when empty. */
	for (size_t i = spare->n; i-- > 0;) {
		char *path = xasprintf("%s/%s", staging, spare->folders[i]);
		size_t n = strlen(path);

		if (!(strncmp(keep, path, n) == 0 && (keep[n] == '/' || !keep[n])))
			rmdir(path); /* fails, as it should, when a file is in it */
		free(path);
	}
}

void commit_spare_release(struct commit_spare *spare)
{
	for (size_t i = 0; i < spare->n; i++)
		free(spare->folders[i]);
	free(spare->folders);
	*spare = (struct commit_spare){ 0 };
}

/* Remove the files of the folder open as fd and of every folder in it,
 * keeping the folders: by name in its folder (unlinkat()), from the
 * file types readdir() gives, not a stat and a path lookup a file as
 * nftw() makes them. Closes fd. Returns 0, or -1 with errno set. */
static int empty_folders(int fd)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;
	int ret = 0;

	if (!dir) {
		close(fd);
		return -1;
	}
	while ((e = readdir(dir))) {
		bool folder = e->d_type == DT_DIR;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
				ret = -1;
				continue;
			}
			folder = S_ISDIR(st.st_mode);
		}
		if (folder) {
			int sub = openat(dirfd(dir), e->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0 || empty_folders(sub) < 0)
				ret = -1;
		} else if (unlinkat(dirfd(dir), e->d_name, 0) < 0) {
			ret = -1;
		}
	}
	closedir(dir);
	return ret;
}

void commit_spare_keep(const struct site *site, const char *old)
{
	char *spare = cache_path(site->cache, CACHE_SPARE);
	int fd = open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 || empty_folders(fd) < 0 || remove_tree(spare) < 0 || rename(old, spare) < 0) {
		if (remove_tree(old) < 0)
			warn("cannot remove the old tree '%s':", old);
	}
	free(spare);
}
