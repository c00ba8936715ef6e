/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guard.h"
#include "lib/util.h"

/* path, resolved when it exists; NULL when it does not. */
static char *resolved(const char *path)
{
	return path ? realpath(path, NULL) : NULL;
}

static bool same_folder(const char *a, const char *b)
{
	char *ra = resolved(a), *rb = resolved(b);
	bool same = ra && rb && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

/* What makes dir a place the user keeps, or NULL. */
static const char *kept_folder(const char *dir)
{
	char cwd[PATH_MAX];
	const char *marker;

	if (strcmp(dir, "/") == 0)
		return "the root folder";
	marker = project_marker(dir);
	if (marker)
		return strcmp(marker, ".git") == 0 ? "a repository (it holds .git)"
						   : "a project (it holds package.json)";
	if (getenv("HOME") && same_folder(dir, getenv("HOME")))
		return "the home folder";
	if (getcwd(cwd, sizeof(cwd)) && same_folder(dir, cwd))
		return "the working folder";
	return NULL;
}

static bool is_empty_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return true;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

int guard_destination(const struct guard_request *r)
{
	const char *why;
	struct stat st;

	if (r->in_place) {
		why = kept_folder(r->dist);
		if (why) {
			warn("refusing to optimise '%s' in place: it is %s, not a built site; "
			     "name the folder your generator writes (such as 'dist')", r->dist, why);
			return -1;
		}
		return 0;
	}
	why = kept_folder(r->target);
	if (why) {
		warn("refusing --out '%s': it is %s, and the build would replace it whole; "
		     "choose a folder of its own, such as 'dist-optimised'",
		     r->out_arg ? r->out_arg : r->target, why);
		return -1;
	}
	if (strcmp(r->target, r->dist) == 0 || path_is_under(r->target, r->dist) ||
	    path_is_under(r->dist, r->target)) {
		warn("refusing --out '%s': it and DIST '%s' overlap, and the build replaces "
		     "the output folder whole; choose a folder outside DIST that does not "
		     "contain it", r->out_arg ? r->out_arg : r->target, r->dist);
		return -1;
	}
	if (lstat(r->target, &st) == 0 && !S_ISDIR(st.st_mode)) {
		warn("refusing --out '%s': it is not a folder", r->out_arg ? r->out_arg : r->target);
		return -1;
	}
	if (!r->owned && !r->force && !is_empty_folder(r->target)) {
		warn("refusing --out '%s': it holds files distill did not write, which the "
		     "build would replace; empty it, choose another folder, or pass --force "
		     "to replace it", r->out_arg ? r->out_arg : r->target);
		return -1;
	}
	return 0;
}
