/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "digest.h"
#include "refcache.h"
#include "refs.h"
#include "scan.h"
#include "site.h"
#include "url.h"
#include "util.h"

struct walk {
	struct site *site;
	char *realdist; /* DIST with symlinks resolved, to check link targets */
	size_t cap;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_assets(const void *a, const void *b)
{
	return strcmp(((const struct asset *)a)->path,
		      ((const struct asset *)b)->path);
}

/* A symlink is read as its target only when that stays inside DIST. */
static char *link_target(struct walk *w, const char *abs, const char *rel)
{
	char *real = realpath(abs, NULL);
	struct stat st;

	if (!real || !path_is_under(real, w->realdist) ||
	    stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		warn("skipping symlink '%s': it points outside '%s' or to no file",
		     rel, w->site->dist);
		free(real);
		return NULL;
	}
	return real;
}

static int add_file(struct walk *w, const char *rel, char *source)
{
	struct site *site = w->site;
	unsigned char head[16];
	size_t nhead;
	struct asset *a;
	json_t *abs_name, *rel_name;
	int fd;

	/* The manifest is JSON: a path that is not UTF-8 cannot be in it, and
	 * the file would silently go missing from the output. */
	abs_name = json_string(source);
	rel_name = json_string(rel);
	json_decref(abs_name);
	json_decref(rel_name);
	if (!abs_name || !rel_name) {
		warn("cannot build '%s': its path is not valid UTF-8; rename it", rel);
		free(source);
		return -1;
	}
	site->assets = xgrow(site->assets, &w->cap, site->nassets + 1,
			     sizeof(*site->assets));
	a = &site->assets[site->nassets];
	memset(a, 0, sizeof(*a));
	a->path = xstrdup(rel);
	a->source = source;
	a->kind = asset_kind_from_suffix(rel);
	fd = open(source, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || digest_fd(fd, &a->hash, &a->size, head, sizeof(head), &nhead) < 0) {
		warn("cannot read '%s':", rel);
		if (fd >= 0)
			close(fd);
		free(a->path);
		free(a->source);
		return -1;
	}
	close(fd);
	if (!asset_magic_matches(a->kind, rel, head, nhead))
		a->flags |= ASSET_MISMATCH;
	site->nassets++;
	return 0;
}

bool scan_is_private(const char *name)
{
	/* .well-known is served by design; .vite holds the bundler's
	 * manifest, which the budget reads. */
	if (name[0] == '.')
		return strcmp(name, ".well-known") != 0 && strcmp(name, ".vite") != 0;
	return strcmp(name, "node_modules") == 0;
}

static int walk_dir(struct walk *w, const char *rel)
{
	char *abs = *rel ? xasprintf("%s/%s", w->site->dist, rel)
			 : xstrdup(w->site->dist);
	DIR *dir = opendir(abs);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int ret = 0;

	if (!dir) {
		warn("cannot open folder '%s':", *rel ? rel : w->site->dist);
		free(abs);
		return -1;
	}
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	if (n > 0)
		sort_array(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		char *child = *rel ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		char *path = xasprintf("%s/%s", abs, names[i]);
		struct stat st;

		if (ret == 0 && lstat(path, &st) < 0) {
			warn("cannot stat '%s':", child);
			ret = -1;
		} else if (ret == 0 && S_ISDIR(st.st_mode) && scan_is_private(names[i])) {
			info(3, "skipping '%s': not part of the site", child);
			if (!w->site->private_folder)
				w->site->private_folder = xstrdup(child);
		} else if (ret == 0 && S_ISDIR(st.st_mode)) {
			ret = walk_dir(w, child);
		} else if (ret == 0 && S_ISREG(st.st_mode)) {
			ret = add_file(w, child, path);
			path = NULL;
		} else if (ret == 0 && S_ISLNK(st.st_mode)) {
			char *target = link_target(w, path, child);

			if (target)
				ret = add_file(w, child, target);
		} else if (ret == 0) {
			warn("skipping '%s': not a regular file", child);
		}
		free(path);
		free(child);
		free(names[i]);
	}
	free(names);
	free(abs);
	return ret;
}

/* Folder URLs ("blog/") name the folder's index.html. */
static long find_target(const struct site *site, const char *path)
{
	long i = site_find(site, path);

	if (i < 0 && (!*path || has_suffix(path, "/"))) {
		char *index = xasprintf("%sindex.html", path);

		i = site_find(site, index);
		free(index);
	}
	return i;
}

/* Parse the references of a, unless the cache knows these bytes. One too
 * large to parse is a rejected input, carried over as it is; the hash pass
 * keeps where they are the files it may name. */
static int parse_refs(struct refcache *rc, struct asset *a, struct ref **refs,
		      size_t *nrefs)
{
	size_t len;
	char *data;
	int r;

	if (a->size > REFS_MAX_SIZE) {
		a->error = "larger than 16 MiB, the most distill parses for references";
		*refs = NULL;
		*nrefs = 0;
		return 0;
	}
	if (refcache_get(rc, a->hash, refs, nrefs) == 0)
		return 0;
	data = read_file_max(a->source, REFS_MAX_SIZE, &len);
	if (!data) {
		warn("cannot read '%s':", a->path);
		return -1;
	}
	r = a->kind == KIND_HTML ? html_refs(data, len, refs, nrefs)
				 : css_refs(data, len, refs, nrefs);
	free(data);
	if (r < 0) {
		warn("cannot parse '%s'; its references are left as they are", a->path);
		*refs = NULL;
		*nrefs = 0;
		return 0;
	}
	refcache_put(rc, a->hash, *refs, *nrefs);
	return 0;
}

static int scan_refs(struct site *site, struct refcache *rc, struct asset *a)
{
	size_t nrefs;
	struct ref *refs;
	const char *base = NULL;

	if (parse_refs(rc, a, &refs, &nrefs) < 0)
		return -1;
	a->refs = xcalloc(nrefs, sizeof(*a->refs));
	a->nrefs = nrefs;
	for (size_t i = 0; i < nrefs; i++) {
		if (refs[i].kind == REF_BASE && !base)
			base = refs[i].url;
	}
	for (size_t i = 0; i < nrefs; i++) {
		struct asset_ref *ar = &a->refs[i];
		char *suffix = NULL, *path;

		ar->ref = refs[i];
		ar->target = -1;
		if (refs[i].kind == REF_BASE || url_is_external(refs[i].url))
			continue;
		path = url_resolve(a->path, base, refs[i].url, &suffix);
		if (path)
			ar->target = find_target(site, path);
		free(path);
		free(suffix);
	}
	free(refs); /* the URLs now belong to a->refs */
	return 0;
}

long site_find(const struct site *site, const char *path)
{
	size_t lo = 0, hi = site->nassets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, site->assets[mid].path);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

int scan_files(struct site *site)
{
	struct walk w = { .site = site };
	struct stat st;

	if (stat(site->dist, &st) < 0) {
		warn("cannot read '%s':", site->dist);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		warn("'%s' is not a folder", site->dist);
		return -1;
	}
	w.realdist = realpath(site->dist, NULL);
	if (!w.realdist || walk_dir(&w, "") < 0) {
		free(w.realdist);
		return -1;
	}
	free(w.realdist);
	/* Folder order is not path order ("a/b" against "a-b"). */
	if (site->nassets > 0)
		sort_array(site->assets, site->nassets, sizeof(*site->assets), compare_assets);
	return 0;
}

int scan_references(struct site *site)
{
	struct refcache *rc = refcache_load(site->cache);

	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		if ((a->kind == KIND_HTML || a->kind == KIND_CSS) &&
		    scan_refs(site, rc, a) < 0) {
			refcache_save(rc);
			return -1;
		}
	}
	refcache_save(rc);
	return 0;
}

static void asset_free(struct asset *a)
{
	for (size_t j = 0; j < a->nrefs; j++)
		free(a->refs[j].ref.url);
	free(a->refs);
	free(a->path);
	free(a->source);
	free(a->outpath);
	free(a->content);
	for (size_t j = 0; j < sizeof(a->records) / sizeof(a->records[0]); j++)
		free(a->records[j]);
}

/* The length of path without a precompression suffix, or 0 when it has
 * none. */
static size_t sidecar_base_len(const char *path)
{
	for (const char *const *s = (const char *const[]){ ".br", ".zst", ".gz", NULL }; *s; s++)
		if (has_suffix(path, *s) && strlen(path) > strlen(*s))
			return strlen(path) - strlen(*s);
	return 0;
}

void scan_drop_sidecars(struct site *site)
{
	bool *drop = xcalloc(site->nassets + 1, sizeof(*drop));
	size_t kept = 0, dropped = 0;
	char *first = NULL;

	/* Marked first: site_find() needs the whole sorted list. */
	for (size_t i = 0; i < site->nassets; i++) {
		size_t len = sidecar_base_len(site->assets[i].path);
		char *base = len ? xstrndup(site->assets[i].path, len) : NULL;

		drop[i] = base && site_find(site, base) >= 0;
		free(base);
	}
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		if (!drop[i]) {
			site->assets[kept++] = *a;
			continue;
		}
		info(3, "leaving out '%s': a precompressed copy of a file of the site", a->path);
		if (!dropped++)
			first = xstrdup(a->path);
		asset_free(a);
	}
	if (dropped)
		info(2, "left out %zu precompressed file%s (such as '%s') found beside %s "
		     "file%s: fresh .br and .zst files are written for the output",
		     dropped, dropped == 1 ? "" : "s", first, dropped == 1 ? "its" : "their",
		     dropped == 1 ? "" : "s");
	site->nassets = kept;
	free(first);
	free(drop);
}

void scan_free(struct site *site)
{
	free(site->private_folder);
	for (size_t i = 0; i < site->nassets; i++)
		asset_free(&site->assets[i]);
	free(site->assets);
	site->assets = NULL;
	site->nassets = 0;
}

bool site_runs_pass(const struct site *site, const char *name)
{
	json_t *section = json_object_get(site->config, name);

	return strcmp(name, "manifest") == 0 ||
	       json_is_true(json_object_get(section, "enabled"));
}
