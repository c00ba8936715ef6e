/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

#include "cache.h"
#include "lib/afile.h"
#include "lib/cache_layout.h"
#include "lib/digest.h"
#include "lib/util.h"
#include "pass.h"
#include "site.h"

static char *parent_of(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

static char *base_of(const char *path)
{
	char *copy = xstrdup(path);
	char *base = xstrdup(basename(copy));

	free(copy);
	return base;
}

/* The nearest folder above DIST that is a project, or NULL. */
static char *project_above(const char *dist)
{
	for (char *d = parent_of(dist);;) {
		char *up;

		if (project_marker(d))
			return d;
		if (strcmp(d, "/") == 0) {
			free(d);
			return NULL;
		}
		up = parent_of(d);
		free(d);
		d = up;
	}
}

char *cache_project_dir(const char *dist)
{
	char *project = project_above(dist);

	return project ? project : parent_of(dist);
}

/* DIST's path inside the project, '/' spelled '-': "dist", "apps-web-dist". */
static char *name_in_project(const char *dist, const char *project)
{
	char *name = xstrdup(dist + strlen(project) + (strcmp(project, "/") != 0));

	for (char *c = name; *c; c++)
		if (*c == '/')
			*c = '-';
	return name;
}

/* With no project around DIST: the user's cache folder, keyed by where DIST
 * is, so that two sites never share a cache. */
static char *cache_in_home(const char *dist)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *name = base_of(dist), *cache;
	char fingerprint[FINGERPRINT_LEN + 1];

	digest_fingerprint(digest_mem(dist, strlen(dist)), fingerprint);
	if (xdg && xdg[0] == '/')
		cache = xasprintf("%s/distill/%s-%s", xdg, name, fingerprint);
	else if (home && home[0] == '/')
		cache = xasprintf("%s/.cache/distill/%s-%s", home, name, fingerprint);
	else
		cache = xasprintf("/tmp/distill-cache-%ld/%s-%s", (long)getuid(), name,
				  fingerprint);
	free(name);
	return cache;
}

char *cache_default(const char *dist)
{
	char *project = project_above(dist), *modules, *name, *cache;
	struct stat st;

	if (!project)
		return cache_in_home(dist);
	modules = xasprintf("%s/node_modules", project);
	name = name_in_project(dist, project);
	if (stat(modules, &st) == 0 && S_ISDIR(st.st_mode))
		cache = xasprintf("%s/.cache/distill/%s", modules, name);
	else
		cache = xasprintf("%s/.distill-cache/%s", project, name);
	free(name);
	free(modules);
	free(project);
	return cache;
}

int cache_lock(const char *cache, const char *dist)
{
	char *path = cache_path(cache, CACHE_LOCK);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		warn("cannot open lock '%s':", path);
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			warn("cannot lock '%s':", path);
			goto fail;
		}
		info(1, "waiting for another build of '%s' to finish", dist);
		while (flock(fd, LOCK_EX) < 0) {
			if (errno != EINTR) {
				warn("cannot lock '%s':", path);
				goto fail;
			}
		}
	}
	/* Held: any temp file here is a killed build's. */
	afile_remove_stale(cache);
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

/* Remove the entries of dir (files or folders) not touched since cutoff. */
static void collect_dir(const char *dir, time_t cutoff)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && st.st_mtime < cutoff) {
			info(4, "removing unused cache entry '%s'", path);
			remove_tree(path);
		}
		free(path);
	}
	if (d)
		closedir(d);
}

bool cache_link(const char *cache, const char *name, const char *target)
{
	char *link = cache_path(cache, name);
	char *tmp = xasprintf("%s.tmp-link", link);
	char now[PATH_MAX];
	ssize_t n = readlink(link, now, sizeof(now) - 1);
	bool linked = true;

	if (n >= 0 && (now[n] = '\0', strcmp(now, target) == 0))
		goto out;
	if (symlink(target, tmp) < 0 || rename(tmp, link) < 0) {
		info(2, "cannot link '%s' to '%s' (%s)", link, target, strerror(errno));
		unlink(tmp);
		linked = false;
	}
out:
	free(tmp);
	free(link);
	return linked;
}

/* Files an earlier distill kept at the top of the cache that this one
 * keeps under another name or not at all, each with how it began ('#' a
 * hex digit): only a file that begins so is distill's to remove. */
static const struct {
	const char *name, *head;
} cache_retired[] = {
	/* now refs.memo */
	{ "refs.json", "{\"check\":\"################################\",\"entries\":{" },
	{ NULL, NULL },
};

static bool begins_as(const char *path, const char *head)
{
	size_t n = strlen(head);
	char *got = xmalloc(n);
	FILE *f = fopen(path, "rb");
	bool same = f && fread(got, 1, n, f) == n;

	for (size_t i = 0; same && i < n; i++)
		same = head[i] == '#' ? isxdigit((unsigned char)got[i]) : got[i] == head[i];
	if (f)
		fclose(f);
	free(got);
	return same;
}

void cache_retire(const char *cache)
{
	for (int i = 0; cache_retired[i].name; i++) {
		char *path = cache_path(cache, cache_retired[i].name);

		if (begins_as(path, cache_retired[i].head))
			unlink(path);
		free(path);
	}
}

void cache_collect(const struct site *site)
{
	time_t cutoff = time(NULL) - (time_t)CACHE_KEEP_DAYS * 24 * 3600;

	for (size_t i = 0; i < site->nassets; i++)
		for (int j = 0; passes[j]; j++)
			if (site->assets[i].records[j])
				utimensat(AT_FDCWD, site->assets[i].records[j], NULL, 0);
	/* An input file is not touched when used: one collected while its
	 * job is still current is written again by the next plan. */
	for (int j = 0; passes[j]; j++) {
		char *store = cache_store_dir(site->cache, passes[j]->name);
		char *input = cache_input_dir(site->cache, passes[j]->name);

		collect_dir(store, cutoff);
		collect_dir(input, cutoff);
		free(store);
		free(input);
	}
}
