/* SPDX-License-Identifier: MIT */
/*
 * Where the bytes of the site's JavaScript came from: each JS file's source
 * map attributes its bytes to source modules. Read for the report's top
 * modules and the treemap's chunks; nothing else in the measure reads maps.
 *
 * What a chunk was attributed to is kept in the budget's memo under a key
 * of the chunk's bytes, with the map it was read with (its path and
 * hash): while both are the same, neither is read again.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
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

/* The map of a JS file: its sourceMappingURL comment's (url, or NULL),
 * else FILE.map. */
static struct file *find_map(struct site *s, const struct file *f, const char *url)
{
	char *path = NULL;
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
	return m;
}

/* What a chunk's bytes came from: its map's modules, and the bytes the
 * map names no source for. */
struct attribution {
	char *url;         /* the sourceMappingURL comment, or NULL */
	enum { NO_MAP, MAPPED, BAD_MAP } map;
	struct sourcemap_module *mods;
	size_t n;
	uint64_t unmapped;
};

static void attribution_free(struct attribution *a)
{
	sourcemap_free(a->mods, a->n);
	free(a->url);
}

/* The memo's key of chunk f: its bytes. */
static struct hash128 chunk_key(const struct file *f)
{
	struct digest_key k;

	digest_key_init(&k);
	digest_key_str(&k, "modules");
	digest_key_str(&k, f->entry->output_hash);
	return digest_key_final(&k);
}

/* The identity of map m (its path and bytes), or "" for none. */
static char *map_identity(const struct file *m)
{
	return m ? xasprintf("%s %s", m->path, m->entry->output_hash ? m->entry->output_hash : "")
		 : xstrdup("");
}

/* As the memo keeps it: "URL-LEN MAP-LEN STATE UNMAPPED N\n" URL "\n" MAP
 * "\n", then "BYTES LEN\n" NAME "\n" per module; URL-LEN is 0 for no
 * comment (an empty one is not a URL). */
static void encode(struct buf *b, const struct attribution *a, const char *map)
{
	buf_addf(b, "%zu %zu %d %llu %zu\n%s\n%s\n", a->url ? strlen(a->url) : 0,
		 strlen(map), (int)a->map, (unsigned long long)a->unmapped, a->n,
		 a->url ? a->url : "", map);
	for (size_t k = 0; k < a->n; k++)
		buf_addf(b, "%llu %zu\n%s\n", (unsigned long long)a->mods[k].bytes,
			 strlen(a->mods[k].source), a->mods[k].source);
}

/* The next "N" of p, ended by end_char; *p moves past both. */
static bool next_u64(const char **p, const char *end, char end_char, uint64_t *v)
{
	char *after;

	if (*p >= end || **p < '0' || **p > '9')
		return false;
	errno = 0;
	*v = strtoull(*p, &after, 10);
	if (errno || after >= end || *after != end_char)
		return false;
	*p = after + 1;
	return true;
}

/* The next len bytes of p and their newline, as a new string. */
static char *next_text(const char **p, const char *end, uint64_t len)
{
	char *text;

	if ((uint64_t)(end - *p) <= len || (*p)[len] != '\n')
		return NULL;
	text = xstrndup(*p, (size_t)len);
	*p += len + 1;
	return text;
}

/* Read what encode() wrote when it was made with map (map_identity()) and
 * with the map the chunk's comment leads to now. */
static bool decode(struct site *s, const struct file *f, const char *data, size_t len,
		   struct attribution *a)
{
	const char *p = data, *end = data + len;
	uint64_t urllen, maplen, state, unmapped, n;
	char *map = NULL, *now = NULL;
	bool ok;

	memset(a, 0, sizeof(*a));
	if (!next_u64(&p, end, ' ', &urllen) || !next_u64(&p, end, ' ', &maplen) ||
	    !next_u64(&p, end, ' ', &state) || state > BAD_MAP ||
	    !next_u64(&p, end, ' ', &unmapped) || !next_u64(&p, end, '\n', &n) ||
	    n > len || !(a->url = next_text(&p, end, urllen)) ||
	    !(map = next_text(&p, end, maplen)))
		goto fail;
	if (urllen == 0) {
		free(a->url);
		a->url = NULL;
	}
	now = map_identity(find_map(s, f, a->url));
	ok = strcmp(now, map) == 0;
	free(now);
	free(map);
	if (!ok)
		goto fail;
	a->map = (int)state;
	a->unmapped = unmapped;
	a->mods = xcalloc((size_t)n + 1, sizeof(*a->mods));
	for (; a->n < n; a->n++) {
		uint64_t bytes, namelen;

		if (!next_u64(&p, end, ' ', &bytes) || !next_u64(&p, end, '\n', &namelen) ||
		    !(a->mods[a->n].source = next_text(&p, end, namelen)))
			goto fail;
		a->mods[a->n].bytes = bytes;
	}
	if (p == end)
		return true;
fail:
	attribution_free(a);
	memset(a, 0, sizeof(*a));
	return false;
}

/* Attribute chunk f, from the memo when it holds it; what was read goes
 * into the memo for the next run. Returns false when f cannot be read (a
 * warning says why). */
static bool attribute(struct site *s, const struct file *f, struct attribution *a)
{
	const struct blob_memo_entry *e = NULL;
	struct hash128 key = { 0 };
	size_t len, maplen;
	struct buf text = BUF_INIT;
	struct file *m;
	char *js, *map = NULL, *identity;
	bool keep = f->entry->output_hash != NULL;

	if (keep) {
		key = chunk_key(f);
		e = blob_memo_find(&s->memo, key);
	}
	if (e && decode(s, f, e->data, e->len, a)) {
		blob_memo_add(&s->memo_next, key, e->data, e->len);
		s->chunks_remembered++;
		return true;
	}
	memset(a, 0, sizeof(*a));
	if (!(js = budget_read_entry(s, (struct file *)f, false, &len)))
		return false;
	a->url = sourcemap_url(js, len);
	m = find_map(s, f, a->url);
	if (m && !(map = budget_read_entry(s, m, false, &maplen)))
		keep = false; /* the warning comes again next time */
	if (map && sourcemap_attribute(js, len, map, maplen, &a->mods, &a->n, &a->unmapped) < 0) {
		budget_warn(s, "cannot read source map '%s'", m->output);
		a->map = BAD_MAP;
		keep = false; /* so that the warning comes again */
	} else if (map) {
		a->map = MAPPED;
	}
	if (keep && a->url && !*a->url)
		keep = false; /* an empty comment: not kept, as encode() cannot say it */
	if (keep) {
		identity = map_identity(m);
		encode(&text, a, identity);
		blob_memo_add(&s->memo_next, key, text.data, text.len);
		free(identity);
	}
	buf_release(&text);
	free(map);
	free(js);
	return true;
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
		struct file *f = &s->files[i];
		struct attribution a;
		json_t *list;

		if (strcmp(f->kind, "js") != 0)
			continue;
		list = json_array();
		json_array_append_new(chunks, json_pack("{s:s, s:I, s:o}", "path",
			f->output, "bytes", f->raw, "modules", list));
		s->chunks++;
		if (!attribute(s, f, &a))
			continue;
		if (a.map == MAPPED)
			mapped++;
		for (size_t k = 0; k < a.n; k++) {
			const char *name = module_name(a.mods[k].source);
			json_t *agg = json_object_get(all, name);

			json_array_append_new(list, json_pack("{s:s, s:I}", "source", name,
				"bytes", (json_int_t)a.mods[k].bytes));
			if (!agg) {
				agg = json_pack("{s:s, s:I, s:I}", "source", name, "bytes",
						(json_int_t)0, "chunks", (json_int_t)0);
				json_object_set_new(all, name, agg);
			}
			json_object_set_new(agg, "bytes", json_integer(
				budget_geti(agg, "bytes", 0) + (json_int_t)a.mods[k].bytes));
			json_object_set_new(agg, "chunks", json_integer(
				budget_geti(agg, "chunks", 0) + 1));
		}
		if (a.map != NO_MAP && a.unmapped)
			json_array_append_new(list, json_pack("{s:s, s:I}", "source",
				"(unmapped)", "bytes", (json_int_t)a.unmapped));
		attribution_free(&a);
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
