/* SPDX-License-Identifier: MIT */
/*
 * Where the bytes of the site's JavaScript came from: each JS file's source
 * map attributes its bytes to source modules. Read for the report's top
 * modules and the treemap's chunks; nothing else in the measure reads maps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/imports.h"
#include "../src/lib/sourcemap.h"
#include "../src/lib/util.h"
#include "budget_site.h"

/* Strip what says where the bundler ran, not which module it is:
 * "../../node_modules/react/index.js" is "node_modules/react/index.js". */
static const char *module_name(const char *source)
{
	const char *p = source, *nm;

	if (has_prefix(p, "webpack://"))
		p += 10;
	if ((nm = strstr(p, "node_modules/")))
		return nm;
	while (has_prefix(p, "../") || has_prefix(p, "./") || *p == '/')
		p += *p == '/' ? 1 : p[1] == '/' ? 2 : 3;
	return p;
}

/* The map of a JS file: the sourceMappingURL comment, else FILE.map. */
static struct file *find_map(struct site *s, const struct file *f, const char *js,
			     size_t len)
{
	char *url = sourcemap_url(js, len), *path = NULL;
	struct file *m = NULL;

	if (url && !strchr(url, ':')) {
		char *spec = url[0] == '/' || has_prefix(url, "./") || has_prefix(url, "../") ?
			xstrdup(url) : xasprintf("./%s", url);
		path = imports_resolve(f->path, spec);
		free(spec);
	}
	if (path)
		m = budget_find_file(s, path);
	if (!m) {
		free(path);
		path = xasprintf("%s.map", f->path);
		m = budget_find_file(s, path);
	}
	free(path);
	free(url);
	return m;
}

static int by_bytes_desc(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	json_int_t bx = budget_geti(x, "bytes", 0), by = budget_geti(y, "bytes", 0);

	if (bx != by)
		return bx < by ? 1 : -1;
	return strcmp(budget_gets(x, "source"), budget_gets(y, "source"));
}

/* Attribute every JS chunk to its modules; returns the treemap chunks and
 * sets report "modules" (the top ones across chunks) and "sourcemaps". */
json_t *budget_measure_modules(struct site *s, json_t *report, size_t top)
{
	json_t *chunks = json_array(), *all = json_object();
	size_t mapped = 0;

	for (size_t i = 0; i < s->nfiles; i++) {
		struct file *f = &s->files[i], *m;
		struct sourcemap_module *mods = NULL;
		json_t *list;
		size_t len, maplen, n = 0;
		uint64_t unmapped = 0;
		char *js, *map;

		if (strcmp(f->kind, "js") != 0)
			continue;
		list = json_array();
		json_array_append_new(chunks, json_pack("{s:s, s:I, s:o}", "path",
			f->output, "bytes", f->raw, "modules", list));
		if (!(js = budget_read_entry(s, f, false, &len)))
			continue;
		m = find_map(s, f, js, len);
		map = m ? budget_read_entry(s, m, false, &maplen) : NULL;
		if (map && sourcemap_attribute(js, len, map, maplen, &mods, &n, &unmapped) < 0)
			budget_warn(s, "cannot read source map '%s'", m->output);
		else if (map)
			mapped++;
		for (size_t k = 0; k < n; k++) {
			const char *name = module_name(mods[k].source);
			json_t *agg = json_object_get(all, name);

			json_array_append_new(list, json_pack("{s:s, s:I}", "source", name,
				"bytes", (json_int_t)mods[k].bytes));
			if (!agg) {
				agg = json_pack("{s:s, s:I, s:I}", "source", name, "bytes",
						(json_int_t)0, "chunks", (json_int_t)0);
				json_object_set_new(all, name, agg);
			}
			json_object_set_new(agg, "bytes", json_integer(
				budget_geti(agg, "bytes", 0) + (json_int_t)mods[k].bytes));
			json_object_set_new(agg, "chunks", json_integer(
				budget_geti(agg, "chunks", 0) + 1));
		}
		if (map && unmapped)
			json_array_append_new(list, json_pack("{s:s, s:I}", "source",
				"(unmapped)", "bytes", (json_int_t)unmapped));
		sourcemap_free(mods, n);
		free(map);
		free(js);
	}

	/* The top modules, largest first. */
	size_t n = json_object_size(all), k = 0;
	json_t **v = xcalloc(n + 1, sizeof(*v)), *mod, *topmods = json_array();
	const char *key;

	json_object_foreach(all, key, mod)
		v[k++] = mod;
	sort_array(v, n, sizeof(*v), by_bytes_desc);
	for (k = 0; k < n && k < top; k++)
		json_array_append(topmods, v[k]);
	free(v);
	json_decref(all);
	json_object_set_new(report, "modules", topmods);
	json_object_set_new(report, "sourcemaps", json_integer((json_int_t)mapped));
	return chunks;
}
