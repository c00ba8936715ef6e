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

#include "../manifest/load.h"
#include "../src/digest.h"
#include "../src/url.h"
#include "../src/util.h"
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
#define SW_MANIFEST_MAX ((json_int_t)1 << 20)

const char *sw_field(const json_t *entry, const char *key)
{
	return json_string_value(json_object_get(entry, key));
}

/* Add to marks (a set: path -> true) the icons a web manifest lists. */
static void sw_mark_manifest_icons(const json_t *entry, json_t *marks)
{
	const char *path = sw_field(entry, "path");
	const char *content = sw_field(entry, "content");
	const json_t *icons, *icon;
	json_t *doc;
	size_t i;

	/* A web manifest is a few kB: a larger file is not one, and its
	 * JSON tree could take many times its size. */
	if (!path || !content ||
	    json_integer_value(json_object_get(entry, "output_size")) > SW_MANIFEST_MAX)
		return;
	doc = json_load_file(content, 0, NULL);
	icons = json_object_get(doc, "icons");
	json_array_foreach(icons, i, icon) {
		const char *src = sw_field(icon, "src");
		char *suffix = NULL, *target;

		if (!src)
			continue;
		target = url_resolve(path, NULL, src, &suffix);
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
static json_t *sw_marks(const json_t *assets)
{
	json_t *marks = json_object();
	const json_t *entry, *ref;
	size_t i, j;

	json_array_foreach(assets, i, entry) {
		const char *kind = sw_field(entry, "kind");

		if (!kind || strcmp(kind, "html"))
			continue;
		json_array_foreach(json_object_get(entry, "refs"), j, ref) {
			const char *rkind = sw_field(ref, "kind");
			const char *target = sw_field(ref, "target");

			if (rkind && target && strcmp(rkind, "link") == 0)
				json_object_set_new(marks, target, json_true());
		}
	}
	json_array_foreach(assets, i, entry) {
		const char *path = sw_field(entry, "path");
		const char *kind = sw_field(entry, "kind");

		if (path && kind && strcmp(kind, "json") == 0 &&
		    (has_suffix(path, ".webmanifest") || json_object_get(marks, path)))
			sw_mark_manifest_icons(entry, marks);
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

static bool sw_is_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == HASH_HEX_LEN && !s[n];
}

static bool sw_has_output(const json_t *assets, const char *output)
{
	const json_t *entry;
	size_t i;

	json_array_foreach(assets, i, entry) {
		const char *o = json_string_value(json_object_get(entry, "output"));

		if (o && strcmp(o, output) == 0)
			return true;
	}
	return false;
}

int sw_precache(const struct sw_options *opt, const json_t *manifest,
		const char *skip, struct sw_list *list, int *warnings)
{
	const json_t *assets = json_object_get(manifest, "assets");
	const json_t *entry;
	json_t *marks;
	size_t i;

	memset(list, 0, sizeof(*list));
	if (!json_is_array(assets)) {
		warn("manifest has no 'assets' array");
		return -1;
	}
	marks = sw_marks(assets);
	json_array_foreach(assets, i, entry) {
		const char *path = sw_field(entry, "path");
		const char *kind = sw_field(entry, "kind");
		const char *output = sw_field(entry, "output");
		const char *hash = sw_field(entry, "output_hash");
		const json_t *size = json_object_get(entry, "output_size");
		char *url;

		if (!path || !kind || !output || !hash || !sw_is_hex(hash) ||
		    !json_is_integer(size)) {
			warn("manifest entry %zu lacks path, kind, output, output_hash or output_size", i);
			json_decref(marks);
			sw_list_release(list);
			return -1;
		}
		if (json_object_get(entry, "error") || strcmp(output, opt->filename) == 0 ||
		    strcmp(output, SW_PRECACHE_FILE) == 0 || (skip && strcmp(path, skip) == 0))
			continue;
		url = sw_url(output);
		if (!sw_wanted(kind, path, json_object_get(marks, path) != NULL) &&
		    !sw_in_shell(opt, url)) {
			free(url);
			continue;
		}
		if ((uint64_t)json_integer_value(size) > opt->max_size) {
			warn("sw: '%s' is not precached: %" JSON_INTEGER_FORMAT
			     " bytes is over sw.maxPrecacheSize (%" PRIu64 ")",
			     output, json_integer_value(size), opt->max_size);
			++*warnings;
			free(url);
			continue;
		}
		list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof(*list->v));
		list->v[list->n].url = url;
		list->v[list->n].revision =
			manifest_entry_fingerprinted(entry) ? NULL : hash;
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
		if (i == list->n && sw_has_output(assets, opt->offline_page + 1)) {
			warn("sw: the offline page '%s' is not precached; offline navigations will fail",
			     opt->offline_page);
			++*warnings;
		} else if (i == list->n) {
			info(3, "sw: the site has no offline page '%s'", opt->offline_page);
		}
	}
	return 0;
}
