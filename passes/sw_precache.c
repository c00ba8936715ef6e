/* SPDX-License-Identifier: MIT */
/*
 * The precache list: which of the manifest's assets the worker precaches,
 * at which URL and with which revision. What counts as the app shell (the
 * kinds always taken, what HTML links and the web manifest's icons, the
 * sw.appShell URLs) and what is left out (errors, the worker's own files,
 * sw.maxPrecacheSize) are decided here alone, from the manifest, so that
 * the rules can be read, and tested, without a job.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/digest.h"
#include "../src/lib/json_file.h"
#include "../src/lib/refs.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "sw_int.h"

/* The URL an output path is served at, as URL.pathname gives it. A
 * browser also reads '\\' as '/' in an http path; escaped, the URL names
 * the file. No character left needs escaping in JSON. Returns a new
 * string. */
static char *sw_url(const char *output)
{
	return url_of_output(output, "\\");
}

/* The largest web manifest whose icons are looked for. */
#define SW_MANIFEST_MAX ((int64_t)1 << 20)

/* Add to marks (a set: path -> true) the icons a web manifest lists. */
static void sw_mark_manifest_icons(const struct manifest_entry *e, json_t *marks)
{
	const json_t *icons, *icon;
	json_t *doc;
	size_t i;

	/* A web manifest is a few kB: a larger file is not one, and its
	 * JSON tree could take many times its size. */
	if (e->output_size > SW_MANIFEST_MAX)
		return;
	doc = json_read_file(e->content, 0, NULL);
	icons = json_object_get(doc, "icons");
	json_array_foreach(icons, i, icon) {
		const char *src = json_string_value(json_object_get(icon, "src"));
		char *suffix = NULL, *target;

		if (!src)
			continue;
		target = url_resolve(e->path, NULL, src, &suffix);
		if (target)
			json_object_set_new(marks, target, json_true());
		free(target);
		free(suffix);
	}
	json_decref(doc);
}

/* Paths that count as shell although their kind alone would not say so:
 * what HTML names through <link> (icons, the web manifest), and the icons
 * the web manifest lists. Returns a new object used as a set. */
static json_t *sw_marks(const struct manifest *m)
{
	json_t *marks = json_object();

	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (strcmp(e->kind, "html"))
			continue;
		for (size_t j = 0; j < e->nrefs; j++)
			if (e->refs[j].target && strcmp(e->refs[j].kind, ref_kind_name(REF_LINK_TAG)) == 0)
				json_object_set_new(marks, e->refs[j].target, json_true());
	}
	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (strcmp(e->kind, "json") == 0 &&
		    (has_suffix(e->path, ".webmanifest") || json_object_get(marks, e->path)))
			sw_mark_manifest_icons(e, marks);
	}
	return marks;
}

static bool sw_in_shell(const struct sw_options *opt, const char *url)
{
	const json_t *item;
	size_t i;

	json_array_foreach(opt->app_shell, i, item)
		if (strcmp(json_string_value(item), url) == 0)
			return true;
	return false;
}

/* Whether an asset belongs in the precache by what it is. */
static bool sw_wanted(const char *kind, const char *path, bool marked)
{
	static const char *const always[] = { "html", "js", "css", "wasm", "font", NULL };
	static const char *const icons[] = { "raster", "svg", "gif", "image", NULL };

	for (int i = 0; always[i]; i++)
		if (strcmp(kind, always[i]) == 0)
			return true;
	if (strcmp(kind, "json") == 0)
		return marked || has_suffix(path, ".webmanifest");
	for (int i = 0; icons[i]; i++)
		if (strcmp(kind, icons[i]) == 0)
			return marked || has_suffix(path, ".ico");
	return false;
}

void sw_list_release(struct sw_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i].url);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

static int sw_by_url(const void *a, const void *b)
{
	return strcmp(((const struct sw_entry *)a)->url, ((const struct sw_entry *)b)->url);
}

void sw_list_add(struct sw_list *list, const char *url, const char *revision)
{
	list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof(*list->v));
	list->v[list->n++] = (struct sw_entry){ xstrdup(url), revision };
	sort_array(list->v, list->n, sizeof(*list->v), sw_by_url);
}

static bool sw_is_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == HASH_HEX_LEN && !s[n];
}

static bool sw_has_output(const struct manifest *m, const char *output)
{
	for (size_t i = 0; i < m->nentries; i++)
		if (strcmp(m->entries[i].output, output) == 0)
			return true;
	return false;
}

int sw_precache(const struct sw_options *opt, const struct manifest *m,
		const char *skip, struct sw_list *list, int *warnings)
{
	json_t *marks;
	size_t i;

	memset(list, 0, sizeof(*list));
	marks = sw_marks(m);
	for (i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];
		char *url;

		if (!sw_is_hex(e->output_hash)) {
			warn("manifest entry '%s' has no output_hash of %d hex digits",
			     e->path, HASH_HEX_LEN);
			json_decref(marks);
			sw_list_release(list);
			return -1;
		}
		if (e->error || strcmp(e->output, opt->filename) == 0 ||
		    strcmp(e->output, SW_PRECACHE_FILE) == 0 || (skip && strcmp(e->path, skip) == 0))
			continue;
		url = sw_url(e->output);
		if (!sw_wanted(e->kind, e->path, json_object_get(marks, e->path) != NULL) &&
		    !sw_in_shell(opt, url)) {
			free(url);
			continue;
		}
		if ((uint64_t)e->output_size > opt->max_size) {
			warn("sw: '%s' is not precached: %" PRId64
			     " bytes is over sw.maxPrecacheSize (%" PRIu64 ")",
			     e->output, e->output_size, opt->max_size);
			++*warnings;
			free(url);
			continue;
		}
		list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof(*list->v));
		list->v[list->n].url = url;
		list->v[list->n].revision = e->fingerprinted ? NULL : e->output_hash;
		list->n++;
	}
	json_decref(marks);
	/* Sorted by URL: the list, and so the version, depend on the site alone. */
	if (list->n > 0)
		sort_array(list->v, list->n, sizeof(*list->v), sw_by_url);

	if (opt->offline_page) {
		for (i = 0; i < list->n; i++)
			if (strcmp(list->v[i].url, opt->offline_page) == 0)
				break;
		/* A site without the page gets no fallback, which is its choice;
		 * one whose page was left out (too big) should hear about it. */
		if (i == list->n && sw_has_output(m, opt->offline_page + 1)) {
			warn("sw: the offline page '%s' is not precached; offline navigations will fail",
			     opt->offline_page);
			++*warnings;
		} else if (i == list->n) {
			info(3, "sw: the site has no offline page '%s'", opt->offline_page);
		}
	}
	return 0;
}
