/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "lib/buf.h"
#include "lib/charset.h"
#include "lib/digest.h"
#include "lib/refs.h"
#include "lib/url.h"
#include "lib/util.h"
#include "refcache.h"
#include "scan.h"
#include "site.h"

/* How far links to folders are followed. Links that never loop can still
 * multiply the tree (a/x and a/y both to b, b/x and b/y both to c, ...),
 * so a link is followed only this many folders deep, and only this many
 * times in one walk. */
#define WALK_MAX_DEPTH 64
#define WALK_MAX_LINKS 1024

/* A folder on the walk's current path: a link to one of them is a loop. */
struct folder_id {
	dev_t dev;
	ino_t ino;
	const char *rel; /* its site path, borrowed from the walk */
};

/* The most hashing threads, whatever the core count. */
#define HASH_THREADS_MAX 8

struct walk {
	struct site *site;
	char *realdist; /* DIST with symlinks resolved, to check link targets */
	size_t cap;
	struct folder_id *open; /* the folders being walked, outermost first */
	size_t nopen, open_cap;
	size_t links;           /* links to folders followed so far */
	size_t unlisted_cap;
	char *shown[2];         /* shown()'s strings */
	unsigned nshown;
	struct found *found;    /* the files, in walk order, hashed after */
	size_t nfound, found_cap;
};

/* A file the walk found: read and hashed once the walk is done, by as many
 * threads as there are cores, then added in walk order. */
struct found {
	char *rel, *source;
	struct hash128 hash;
	uint64_t size;
	unsigned char head[16]; /* its first bytes, for asset_magic_matches() */
	size_t nhead;
	int err;                /* errno of a failed read, or 0 */
};

/* A name in a folder and its type (dir_entry_type(), 0: not told). */
struct dir_name {
	char *name;
	mode_t type;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(((const struct dir_name *)a)->name, ((const struct dir_name *)b)->name);
}

static int compare_assets(const void *a, const void *b)
{
	return strcmp(((const struct asset *)a)->path,
		      ((const struct asset *)b)->path);
}

static int compare_unlisted(const void *a, const void *b)
{
	return strcmp(((const struct unlisted *)a)->path,
		      ((const struct unlisted *)b)->path);
}

/* rel as messages show it: escaped when it is not UTF-8 (utf8_escape()).
 * Valid until the call after next, so that a message can show two names;
 * errno is kept for warn(). */
static const char *shown(struct walk *w, const char *rel)
{
	int e = errno;
	char **slot = &w->shown[w->nshown++ % 2];

	free(*slot);
	*slot = utf8_valid(rel) ? NULL : utf8_escape(rel);
	errno = e;
	return *slot ? *slot : rel;
}

/* Whether real, a path in DIST, lies in a private folder (or is one). */
static bool in_private_folder(const struct walk *w, const char *real)
{
	const char *p = real + strlen(w->realdist);
	bool found = false;

	while (*p == '/' && !found) {
		size_t n = strcspn(p + 1, "/");
		char *name = xstrndup(p + 1, n);

		found = scan_is_private(name);
		free(name);
		p += 1 + n;
	}
	return found;
}

/*
 * A symlink is followed only when its target stays inside DIST: a file is
 * read as that file, a folder is walked as if it stood at the link's path.
 * Returns the target's real path, *folder telling which, or NULL after a
 * warning naming the link.
 */
static char *link_target(struct walk *w, const char *abs, const char *rel, bool *folder)
{
	char *real = realpath(abs, NULL);
	struct stat st;

	if (!real && errno == ELOOP) {
		warn("skipping symlink '%s': it is a loop of links", shown(w, rel));
		return NULL;
	}
	if (!real || (strcmp(real, w->realdist) != 0 && !path_is_under(real, w->realdist)) ||
	    stat(real, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		warn("skipping symlink '%s': it points outside '%s' or to no file",
		     shown(w, rel), shown(w, w->site->dist));
		free(real);
		return NULL;
	}
	if (in_private_folder(w, real)) {
		/* .git, node_modules: the walk leaves them out, and a link
		 * must not publish them by another name. */
		warn("skipping symlink '%s': it points into a folder that is not part "
		     "of the site", shown(w, rel));
		free(real);
		return NULL;
	}
	*folder = S_ISDIR(st.st_mode);
	return real;
}

/* Keep a file that cannot be an asset (struct unlisted) for the commit to
 * carry over; source is taken over. */
static void add_unlisted(struct walk *w, const char *rel, char *source,
			 struct hash128 hash)
{
	struct site *site = w->site;

	site->unlisted = xgrow(site->unlisted, &w->unlisted_cap, site->nunlisted + 1,
			       sizeof(*site->unlisted));
	site->unlisted[site->nunlisted++] = (struct unlisted){
		.path = xstrdup(rel),
		.name = utf8_escape(rel),
		.source = source,
		.hash = hash,
		.reason = utf8_valid(rel) ? "the path its link leads to is not valid UTF-8"
					  : "its path is not valid UTF-8",
	};
}

static int add_file(struct walk *w, const char *rel, char *source)
{
	w->found = xgrow(w->found, &w->found_cap, w->nfound + 1, sizeof(*w->found));
	w->found[w->nfound++] = (struct found){ .rel = xstrdup(rel), .source = source };
	return 0;
}

static void hash_found(struct found *f)
{
	int fd = open(f->source, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || digest_fd(fd, &f->hash, &f->size, f->head, sizeof(f->head),
				&f->nhead) < 0)
		f->err = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
}

struct hashing {
	struct found *v;
	size_t n;
	atomic_size_t next;
};

static void *hash_worker(void *arg)
{
	struct hashing *h = arg;
	size_t i;

	while ((i = atomic_fetch_add(&h->next, 1)) < h->n)
		hash_found(&h->v[i]);
	return NULL;
}

/* Hash every file found, one core each: a rebuild that changed nothing
 * costs reading the site, and one core cannot read it as fast as two. */
static void hash_all(struct found *v, size_t n)
{
	struct hashing h = { v, n, 0 };
	pthread_t threads[HASH_THREADS_MAX];
	size_t nthreads = (size_t)cpu_count(), started = 0;

	if (nthreads > HASH_THREADS_MAX)
		nthreads = HASH_THREADS_MAX;
	if (nthreads > n)
		nthreads = n;
	/* This thread is one of them. */
	while (started + 1 < nthreads &&
	       pthread_create(&threads[started], NULL, hash_worker, &h) == 0)
		started++;
	hash_worker(&h);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
}

/* The hashed file f as an asset, or an unlisted file when its path cannot
 * be in the manifest. Returns 0, or -1 after a warning (unreadable). */
static int add_found(struct walk *w, struct found *f)
{
	struct site *site = w->site;
	struct asset a = { .hash = f->hash, .size = f->size };

	if (f->err) {
		errno = f->err;
		warn("cannot read '%s':", shown(w, f->rel));
		return -1;
	}
	/* The manifest is JSON: such a path cannot be in it. */
	if (!utf8_valid(f->rel) || !utf8_valid(f->source)) {
		add_unlisted(w, f->rel, f->source, a.hash);
		f->source = NULL;
		return 0;
	}
	a.path = f->rel;
	a.source = f->source;
	f->rel = f->source = NULL;
	a.kind = asset_kind_from_suffix(a.path);
	if (!asset_magic_matches(a.kind, a.path, f->head, f->nhead))
		a.flags |= ASSET_MISMATCH;
	site->assets = xgrow(site->assets, &w->cap, site->nassets + 1,
			     sizeof(*site->assets));
	site->assets[site->nassets++] = a;
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

static int walk_dir(struct walk *w, const char *rel, const char *abs);

/* The link at rel (abs in DIST), read or walked as its target. */
static int walk_link(struct walk *w, const char *rel, const char *abs, const char *name)
{
	bool folder;
	char *target = link_target(w, abs, rel, &folder);
	int ret = 0;

	if (!target)
		return 0;
	if (!folder)
		return add_file(w, rel, target);
	if (scan_is_private(name)) {
		info(3, "skipping '%s': not part of the site", shown(w, rel));
	} else if (w->nopen >= WALK_MAX_DEPTH) {
		warn("skipping symlink '%s': links to folders are followed only %d "
		     "folders deep", shown(w, rel), WALK_MAX_DEPTH);
	} else if (w->links >= WALK_MAX_LINKS) {
		/* Once: past the limit every further link would say the same. */
		if (w->links++ == WALK_MAX_LINKS)
			warn("skipping symlink '%s' and every later link to a folder: "
			     "at most %d are followed", shown(w, rel), WALK_MAX_LINKS);
		else
			info(3, "skipping symlink '%s': too many links to folders", shown(w, rel));
	} else {
		w->links++;
		ret = walk_dir(w, rel, target);
	}
	free(target);
	return ret;
}

/* The folder at the site path rel, read from abs. One that is already on
 * the walk's path (a link to a folder it is in) is a loop: reported and
 * skipped, so that the rest builds. */
static int walk_dir(struct walk *w, const char *rel, const char *abs)
{
	DIR *dir = opendir(abs);
	struct dir_name *names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	struct stat st;
	int ret = 0;

	if (!dir) {
		warn("cannot open folder '%s':", shown(w, *rel ? rel : w->site->dist));
		return -1;
	}
	if (fstat(dirfd(dir), &st) < 0) {
		warn("cannot stat '%s':", shown(w, *rel ? rel : w->site->dist));
		closedir(dir);
		return -1;
	}
	for (size_t i = 0; i < w->nopen; i++) {
		if (w->open[i].dev == st.st_dev && w->open[i].ino == st.st_ino) {
			warn("skipping '%s': it loops back to '%s', a folder it is in",
			     shown(w, rel), shown(w, i ? w->open[i].rel : w->site->dist));
			closedir(dir);
			return 0;
		}
	}
	w->open = xgrow(w->open, &w->open_cap, w->nopen + 1, sizeof(*w->open));
	w->open[w->nopen++] = (struct folder_id){ st.st_dev, st.st_ino, rel };
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = (struct dir_name){ xstrdup(e->d_name), dir_entry_type(dir, e) };
	}
	closedir(dir);
	if (n > 0)
		sort_array(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i].name;
		char *child = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
		char *path = xasprintf("%s/%s", abs, name);

		/* A type not told is asked again, for the error to name. */
		st.st_mode = names[i].type;
		if (ret == 0 && !st.st_mode && lstat(path, &st) < 0) {
			warn("cannot stat '%s':", shown(w, child));
			ret = -1;
		} else if (ret == 0 && S_ISDIR(st.st_mode) && scan_is_private(name)) {
			info(3, "skipping '%s': not part of the site", shown(w, child));
			if (!w->site->private_folder)
				w->site->private_folder = xstrdup(shown(w, child));
		} else if (ret == 0 && S_ISDIR(st.st_mode)) {
			ret = walk_dir(w, child, path);
		} else if (ret == 0 && S_ISREG(st.st_mode)) {
			ret = add_file(w, child, path);
			path = NULL;
		} else if (ret == 0 && S_ISLNK(st.st_mode)) {
			ret = walk_link(w, child, path, name);
		} else if (ret == 0) {
			warn("skipping '%s': not a regular file", shown(w, child));
		}
		free(path);
		free(child);
		free(names[i].name);
	}
	free(names);
	w->nopen--;
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

/*
 * Whether a reference should find a file where it points. Any asset
 * reference should. A link (<a href>, or a <link> such as rel=canonical)
 * whose URL has no suffix in its last segment ("/about", "blog/") may be
 * a route the host serves (clean URLs, a single-page app's fallback, a
 * redirect): not reported.
 */
static bool names_a_file(const struct ref *r)
{
	size_t end = strcspn(r->url, "?#"), start = end;

	if (r->kind != REF_LINK && r->kind != REF_LINK_TAG)
		return true;
	while (start > 0 && r->url[start - 1] != '/')
		start--;
	/* "." and ".." name folders. */
	if (strspn(r->url + start, ".") >= end - start)
		return false;
	return memchr(r->url + start, '.', end - start) != NULL;
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
	if (a->kind == KIND_HTML) {
		enum charset cs;
		char *text = charset_page_to_utf8(data, &len, &cs);

		if (!text) {
			/* Only UTF-16 can be invalid (charset_to_utf8()). */
			a->error = cs == CHARSET_UTF16BE ?
				"not valid UTF-16BE, the encoding its byte order mark says" :
				"not valid UTF-16LE, the encoding its byte order mark says";
			free(data);
			*refs = NULL;
			*nrefs = 0;
			return 0;
		}
		data = text;
		r = html_refs(data, len, refs, nrefs);
	} else {
		r = css_refs(data, len, refs, nrefs);
	}
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
		ar->missing = path && ar->target < 0 && names_a_file(&refs[i]);
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
	int ret;

	if (stat(site->dist, &st) < 0) {
		warn("cannot read '%s':", site->dist);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		warn("'%s' is not a folder", site->dist);
		return -1;
	}
	w.realdist = realpath(site->dist, NULL);
	ret = w.realdist ? walk_dir(&w, "", w.realdist) : -1;
	if (ret == 0)
		hash_all(w.found, w.nfound);
	for (size_t i = 0; i < w.nfound; i++) {
		if (ret == 0 && add_found(&w, &w.found[i]) < 0)
			ret = -1;
		free(w.found[i].rel);
		free(w.found[i].source);
	}
	free(w.found);
	free(w.realdist);
	free(w.open);
	free(w.shown[0]);
	free(w.shown[1]);
	if (ret < 0)
		return -1;
	/* Folder order is not path order ("a/b" against "a-b"). */
	if (site->nassets > 0)
		sort_array(site->assets, site->nassets, sizeof(*site->assets), compare_assets);
	if (site->nunlisted > 0)
		sort_array(site->unlisted, site->nunlisted, sizeof(*site->unlisted),
			   compare_unlisted);
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
	free(a->content_record);
	for (size_t j = 0; j < sizeof(a->records) / sizeof(a->records[0]); j++)
		free(a->records[j]);
}

/* The length of path without a .br or .zst suffix (or .gz, with gz), or 0
 * when it has none. */
static size_t sidecar_base_len(const char *path, bool gz)
{
	for (const char *const *s = (const char *const[]){ ".br", ".zst", gz ? ".gz" : NULL, NULL };
	     *s; s++)
		if (has_suffix(path, *s) && strlen(path) > strlen(*s))
			return strlen(path) - strlen(*s);
	return 0;
}

void scan_drop_assets(struct site *site, const bool *drop)
{
	size_t kept = 0;

	for (size_t i = 0; i < site->nassets; i++) {
		if (drop[i])
			asset_free(&site->assets[i]);
		else
			site->assets[kept++] = site->assets[i];
	}
	site->nassets = kept;
}

void scan_drop_sidecars(struct site *site)
{
	bool *drop = xcalloc(site->nassets + 1, sizeof(*drop));
	size_t kept = 0, dropped = 0;
	char *first = NULL;

	/* Marked first: site_find() needs the whole sorted list. A .gz
	 * copy stays a file of the site (distill writes none, and one such as
	 * sitemap.xml.gz is fetched by its own URL), unless the manifest
	 * finds its file changed (manifest_pass.c). */
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];
		size_t len = sidecar_base_len(a->path, true);
		char *base = len ? xstrndup(a->path, len) : NULL;

		if (base && site_find(site, base) >= 0) {
			if (sidecar_base_len(a->path, false))
				drop[i] = true;
			else
				a->flags |= ASSET_GZ_COPY;
		}
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
	for (size_t i = 0; i < site->nunlisted; i++) {
		free(site->unlisted[i].path);
		free(site->unlisted[i].name);
		free(site->unlisted[i].source);
	}
	free(site->unlisted);
	site->unlisted = NULL;
	site->nunlisted = 0;
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
