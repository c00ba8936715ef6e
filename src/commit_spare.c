/* SPDX-License-Identifier: MIT */
/*
 * The last tree, kept for the next commit. A commit builds the new tree
 * in a staging folder beside the target and swaps it in. Building it
 * anew each time cost a hard link per file and an unlink per file of
 * the old tree (a third of a one-page rebuild's wall time on 5,000
 * files), and making every folder anew cost more still (a mkdir took
 * 0.45 ms on ext4 here, where a hard link takes a few microseconds).
 * So the old tree waits in the cache (<cache>/spare) and becomes the
 * next staging folder: its files that are still the target's (the same
 * inode, checked by the caller) stay, the others are removed as the
 * placing passes their names, and the folders the new tree does not use
 * go once its files are placed (only those folders are visited). Only
 * when the cache is on the target's file system (rename() says so);
 * else the old tree is removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* What readdir() gave: 1 a folder, 0 anything else, -1 when it cannot be
 * told (dir_entry_type()); "." and ".." are -2. */
static int entry_is_folder(DIR *dir, const struct dirent *e)
{
	mode_t type;

	if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
		return -2;
	type = dir_entry_type(dir, e);
	return type ? S_ISDIR(type) : -1;
}

static void add_path(char ***list, size_t *n, size_t *cap, char *path)
{
	*list = xgrow(*list, cap, *n + 1, sizeof(**list));
	(*list)[(*n)++] = path;
}

/* List the folder open as fd, rel in the staging folder ("" for itself),
 * and every folder in it, giving each folder mode; a file outside the
 * site's folder is removed. Closes fd. Returns 0, or -1. */
static int take_folder(struct commit_spare *spare, int fd, const char *rel, mode_t mode)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;
	int ret = 0;

	if (!dir) {
		close(fd);
		return -1;
	}
	if (fchmod(fd, mode) < 0)
		ret = -1;
	while (ret == 0 && (e = readdir(dir))) {
		int folder = entry_is_folder(dir, e);
		char *child;

		if (folder == -2)
			continue;
		if (folder < 0) {
			ret = -1;
			break;
		}
		child = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		if (folder) {
			int sub = openat(dirfd(dir), e->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			add_path(&spare->folders, &spare->n, &spare->cap, child);
			if (sub < 0 || take_folder(spare, sub, child, mode) < 0)
				ret = -1;
		} else if (has_prefix(child, spare->prefix)) {
			add_path(&spare->files, &spare->nfiles, &spare->files_cap, child);
		} else {
			if (unlinkat(dirfd(dir), e->d_name, 0) < 0)
				ret = -1;
			free(child);
		}
	}
	closedir(dir);
	return ret;
}

int commit_spare_take(const struct site *site, const char *staging,
		      const char *prefix, struct commit_spare *spare)
{
	char *path = cache_path(site->cache, CACHE_SPARE);
	mode_t mask = umask(0);
	int fd, ret = -1;

	umask(mask);
	spare->prefix = prefix;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		if (take_folder(spare, fd, "", 0777 & ~mask) == 0 &&
		    rename(path, staging) == 0) {
			sort_array(spare->folders, spare->n, sizeof(*spare->folders),
				   compare_strings);
			sort_array(spare->files, spare->nfiles, sizeof(*spare->files),
				   compare_strings);
			spare->taken = true;
			ret = 0;
		} else {
			remove_tree(path);
			commit_spare_release(spare);
			spare->prefix = prefix;
		}
	} else if (errno != ENOENT) {
		remove_tree(path);
	}
	free(path);
	return ret;
}

/* Remove the spare's file name, a path in the staging folder. */
static void remove_file(const struct commit_spare *spare, const char *root,
			const char *name)
{
	char *path = xasprintf("%s/%s", root, name + strlen(spare->prefix));

	unlink(path);
	free(path);
}

bool commit_spare_reach(struct commit_spare *spare, const char *root,
			const char *path)
{
	size_t skip = strlen(spare->prefix);

	for (; spare->next < spare->nfiles; spare->next++) {
		int c = strcmp(spare->files[spare->next] + skip, path);

		if (c == 0) {
			spare->next++;
			return true;
		}
		if (c > 0)
			break;
		remove_file(spare, root, spare->files[spare->next]);
	}
	return false;
}

void commit_spare_clear(const struct commit_spare *spare, const char *root,
			const char *path, bool held)
{
	char *name, *abs = xasprintf("%s/%s", root, path);

	if (held) {
		unlink(abs);
	} else if (spare->n > 0) {
		/* A folder then, a file now. */
		name = xasprintf("%s%s", spare->prefix, path);
		if (bsearch(&name, spare->folders, spare->n, sizeof(*spare->folders),
			    compare_strings))
			remove_tree(abs);
		free(name);
	}
	free(abs);
}

void commit_spare_drop_rest(struct commit_spare *spare, const char *root)
{
	for (; spare->next < spare->nfiles; spare->next++)
		remove_file(spare, root, spare->files[spare->next]);
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
	for (size_t i = 0; i < spare->nfiles; i++)
		free(spare->files[i]);
	free(spare->folders);
	free(spare->files);
	*spare = (struct commit_spare){ 0 };
}

/* Remove the files of the folder open as fd and of every folder in it,
 * keeping the folders: by name in its folder (unlinkat()), not a stat and
 * a path lookup a file as nftw() makes them. Closes fd. Returns 0, or -1
 * with errno set. */
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
		int folder = entry_is_folder(dir, e);

		if (folder == -2)
			continue;
		if (folder < 0) {
			ret = -1;
			continue;
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
	bool folders_only = running_in_ci();
	int fd = folders_only ? open(old, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;

	if ((folders_only && (fd < 0 || empty_folders(fd) < 0)) || remove_tree(spare) < 0 ||
	    rename(old, spare) < 0) {
		if (remove_tree(old) < 0)
			warn("cannot remove the old tree '%s':", old);
	}
	free(spare);
}
