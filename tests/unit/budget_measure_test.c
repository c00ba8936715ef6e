/* SPDX-License-Identifier: MIT */
/* The parts of the budget's measure, each on a small site written here: the
 * page walk (budget_page.c), the import closure (budget_imports.c) and the
 * source-map attribution (budget_modules.c). Each site goes through the
 * loader the pass uses, budget_site_load(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../passes/budget_int.h"
#include "../../passes/budget_site.h"
#include "buf.h"
#include "manifest.h"
#include "check.h"
#include "util.h"

#define HASH0 "00000000000000000000000000000000"

static char *dist; /* a fresh DIST, one folder per site */

/* Write text to dist/path, making its folders. */
static void put(const char *path, const char *text)
{
	char *full = xasprintf("%s/%s", dist, path), *slash = strrchr(full, '/');
	FILE *f;

	*slash = '\0';
	CHECK(mkdirs(full) == 0);
	*slash = '/';
	f = fopen(full, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(full);
}

/* Append a manifest entry to assets; br and gzip -1 for none. Returns the
 * entry, borrowed. */
static json_t *asset(json_t *assets, const char *path, const char *kind,
		     json_int_t raw, json_int_t br, json_int_t gzip)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:s, s:s, s:s++,"
			      " s:b, s:b, s:[]}", "path", path,
			      "output", path, "kind", kind, "size", raw,
			      "output_size", raw,
			      "br", br >= 0 ? json_integer(br) : json_null(),
			      "gzip", gzip >= 0 ? json_integer(gzip) : json_null(),
			      "hash", HASH0, "output_hash", HASH0,
			      "content", dist, "/", path, "fingerprinted", 0,
			      "original_kept", 0, "refs");

	json_array_append_new(assets, e);
	return e;
}

static void ref(json_t *e, const char *url, const char *kind, const char *target)
{
	json_t *refs = json_object_get(e, "refs");

	if (!refs) {
		refs = json_array();
		json_object_set_new(e, "refs", refs);
	}
	json_array_append_new(refs, json_pack("{s:s, s:s, s:s}", "url", url,
					      "kind", kind, "target", target));
}

static void variant(json_t *e, const char *output, json_int_t size)
{
	json_t *image = json_object_get(e, "image");

	if (!image) {
		image = json_pack("{s:[]}", "variants");
		json_object_set_new(e, "image", image);
	}
	json_array_append_new(json_object_get(image, "variants"),
			      json_pack("{s:s, s:s, s:i, s:i, s:I}", "output", output,
					"format", "webp", "width", 640, "height", 480,
					"size", size));
}

static int by_path(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "path")),
		      json_string_value(json_object_get(*(json_t *const *)b, "path")));
}

/* The manifest of assets (taken over), sorted by path as the manifest's
 * are, read as the pass reads it. */
static struct manifest *manifest_of(json_t *assets)
{
	size_t n = json_array_size(assets);
	json_t **v = xcalloc(n + 1, sizeof(*v)), *sorted = json_array();
	struct manifest *m;
	const char *why = NULL;

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(assets, i);
	if (n > 0)
		qsort(v, n, sizeof(*v), by_path);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(sorted, json_deep_copy(v[i]));
	free(v);
	json_decref(assets);
	m = manifest_from_json(json_pack("{s:i, s:s, s:o, s:[]}", "version", 1,
					 "dist", dist, "assets", sorted, "files"), &why);
	if (!m)
		fprintf(stderr, "manifest refused: '%s'\n", why);
	CHECK(m != NULL);
	return m;
}

/* A load's files, "a b c", as a new string. */
static char *files_of(const json_t *load)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(load, "files"), i, f) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, json_string_value(f));
	}
	return buf_detach(&b);
}

static json_int_t int_at(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Check one resource of a page: its files, in order, and its sums. */
#define CHECK_LOAD(page, resource, files, raw, transfer) do { \
	const json_t *l_ = json_object_get(page, resource); \
	char *f_ = files_of(l_); \
	CHECK_STR(f_, files); \
	CHECK(int_at(l_, "raw") == (raw)); \
	CHECK(int_at(l_, "transfer") == (transfer)); \
	free(f_); \
} while (0)

/* Scripts that import one another: a -> b, d (and import() of lazy, and
 * the bare "react"); b -> c; c -> a. */
static void put_scripts(json_t *assets)
{
	put("assets/a.js", "import{b}from\"./b.js\";import\"./d.js\";"
	    "import(\"./lazy.js\");import React from\"react\";\n");
	put("assets/b.js", "export{c}from\"./c.js\";\n");
	put("assets/c.js", "import\"./a.js\";\n");
	put("assets/d.js", "export const d=1;\n");
	asset(assets, "assets/a.js", "js", 1000, 300, 400);
	asset(assets, "assets/b.js", "js", 200, -1, 150);
	asset(assets, "assets/c.js", "js", 30, -1, -1);
	asset(assets, "assets/d.js", "js", 4, 50, 60); /* compressed is larger */
	asset(assets, "assets/lazy.js", "js", 50000, -1, -1);
}

static const char page_html[] =
	"<!doctype html><html><head>\n"
	"<script type=\"module\" src=\"assets/a.js\"></script>\n"
	"<link rel=\"modulepreload\" href=\"assets/pre.js\">\n"
	"<script nomodule src=\"assets/legacy.js\"></script>\n"
	"<link rel=\"stylesheet\" href=\"assets/main.css\">\n"
	"<link rel=\"alternate stylesheet\" href=\"assets/alt.css\">\n"
	"<link rel=\"Preload STYLESHEET\" href=\"assets/print.css\">\n"
	"</head><body>\n"
	"<img src=\"img/hero.jpg\" alt=\"\">\n"
	"<img src=\"img/hero.jpg\" alt=\"again\">\n"
	"<img loading=\"lazy\" src=\"img/lazy.png\" alt=\"\">\n"
	"<picture><source type=\"image/avif\" srcset=\"img/team-1.avif 1x, img/team-2.avif 2x\">"
	"<source type=\"image/webp\" srcset=\"img/team.webp\">"
	"<img src=\"img/team.jpg\" alt=\"\"></picture>\n"
	"<img src=\"img/logo-s.png\" srcset=\"img/logo-s.png 1x, img/logo-l.png 2x\" alt=\"\">\n"
	"<picture><img src=\"img/pic.png\" srcset=\"img/pic-2x.png 2x\" alt=\"\"></picture>\n"
	"<picture><source type=\"image/webp\"><img src=\"img/solo.png\" alt=\"\"></picture>\n"
	"<template><script src=\"assets/tmpl.js\"></script><img src=\"img/t.png\"></template>\n"
	"<noscript><img src=\"img/ns.png\"></noscript>\n"
	"<svg><image href=\"img/svg.png\"/><script src=\"assets/svg.js\"/></svg>\n"
	"</body></html>\n";

/* What a page loads: scripts with their closures, stylesheets with their
 * @imports, the largest candidate of each image. */
static void test_page(void)
{
	struct manifest *manifest;
	json_t *assets = json_array(), *totals = json_object();
	struct report_files files = { 0 };
	json_t *page, *e;
	struct site s;
	static const char *const urls[][3] = {
		{ "assets/a.js", "script", "assets/a.js" },
		{ "assets/pre.js", "modulepreload", "assets/pre.js" },
		{ "assets/legacy.js", "script", "assets/legacy.js" },
		{ "assets/main.css", "stylesheet", "assets/main.css" },
		{ "assets/alt.css", "stylesheet", "assets/alt.css" },
		{ "assets/print.css", "stylesheet", "assets/print.css" },
		{ "img/hero.jpg", "img", "img/hero.jpg" },
		{ "img/lazy.png", "img", "img/lazy.png" },
		{ "img/team-1.avif", "img", "img/team-1.avif" },
		{ "img/team-2.avif", "img", "img/team-2.avif" },
		{ "img/team.webp", "img", "img/team.webp" },
		{ "img/team.jpg", "img", "img/team.jpg" },
		{ "img/logo-s.png", "img", "img/logo-s.png" },
		{ "img/logo-l.png", "img", "img/logo-l.png" },
		{ "img/pic.png", "img", "img/pic.png" },
		{ "img/pic-2x.png", "img", "img/pic-2x.png" },
		{ "img/solo.png", "img", "img/solo.png" },
		{ "assets/tmpl.js", "script", "assets/tmpl.js" },
		{ "img/t.png", "img", "img/t.png" },
		{ "img/ns.png", "img", "img/ns.png" },
		{ "img/svg.png", "image", "img/svg.png" },
		{ "assets/svg.js", "script", "assets/svg.js" },
	};

	put("index.html", page_html);
	e = asset(assets, "index.html", "html", 900, -1, 400);
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		ref(e, urls[i][0], urls[i][1], urls[i][2]);
	/* The rewrite pass made hero's <img> a <picture> here (twice)... */
	json_object_set_new(e, "picture_images", json_pack("[s, s]", "img/hero.jpg", "img/hero.jpg"));
	/* ...and not on a page a framework hydrates. */
	put("app.html", "<!doctype html><img src=\"img/hero.jpg\" alt=\"\"><!--[-->\n");
	e = asset(assets, "app.html", "html", 60, -1, -1);
	ref(e, "img/hero.jpg", "img", "img/hero.jpg");

	put_scripts(assets);
	put("assets/pre.js", "import\"./b.js\";\n");
	asset(assets, "assets/pre.js", "js", 5, -1, -1);
	asset(assets, "assets/legacy.js", "js", 70000, -1, -1);
	asset(assets, "assets/tmpl.js", "js", 80000, -1, -1);
	asset(assets, "assets/svg.js", "js", 90000, -1, -1);

	/* main.css and base.css @import each other. */
	e = asset(assets, "assets/main.css", "css", 600, -1, 200);
	ref(e, "./base.css", "css-import", "assets/base.css");
	e = asset(assets, "assets/base.css", "css", 60, 20, -1);
	ref(e, "./main.css", "css-import", "assets/main.css");
	asset(assets, "assets/alt.css", "css", 7000, -1, -1);
	asset(assets, "assets/print.css", "css", 8, -1, -1);

	/* hero.jpg is turned into a <picture>: its largest variant counts. */
	e = asset(assets, "img/hero.jpg", "raster", 80000, -1, -1);
	variant(e, "img/hero-640.webp", 9000);
	variant(e, "img/hero-1280.avif", 20000);
	variant(e, "img/hero-960.webp", 15000);
	asset(assets, "img/lazy.png", "raster", 2500, -1, -1);
	asset(assets, "img/team-1.avif", "raster", 3000, -1, -1);
	asset(assets, "img/team-2.avif", "raster", 7000, -1, -1);
	asset(assets, "img/team.webp", "raster", 5000, -1, -1);
	asset(assets, "img/team.jpg", "raster", 50000, -1, -1);
	/* With a srcset, or inside an author's <picture>, an <img> is not
	 * turned into a <picture>: its variants do not count. */
	e = asset(assets, "img/logo-s.png", "raster", 800, -1, -1);
	variant(e, "img/logo-s-big.webp", 90000);
	asset(assets, "img/logo-l.png", "raster", 1200, -1, 1100);
	e = asset(assets, "img/pic.png", "raster", 4000, -1, -1);
	variant(e, "img/pic-big.webp", 99999);
	asset(assets, "img/pic-2x.png", "raster", 6000, -1, -1);
	e = asset(assets, "img/solo.png", "raster", 300, -1, -1);
	variant(e, "img/solo-big.webp", 77777);
	asset(assets, "img/t.png", "raster", 11, -1, -1);
	asset(assets, "img/ns.png", "raster", 12, -1, -1);
	asset(assets, "img/svg.png", "raster", 13, -1, -1);

	manifest = manifest_of(assets);
	budget_site_load(&s, manifest, totals, &files);
	CHECK(s.vite == NULL);
	page = budget_measure_page(&s, budget_find_file(&s, "index.html"));

	CHECK_STR(json_string_value(json_object_get(page, "url")), "/");
	CHECK(int_at(json_object_get(page, "document"), "raw") == 900);
	CHECK(int_at(json_object_get(page, "document"), "transfer") == 400);
	/* a and its static imports, depth first: b, b's c (whose import of a
	 * is not counted again), then d; not lazy (import()) nor react (a bare
	 * name). The preload adds pre and not b again. Not the nomodule
	 * script, the one in <template>, nor SVG's <script>. Transfer is the
	 * smallest of raw, br and gzip: d's raw. */
	CHECK_LOAD(page, "script", "assets/a.js assets/b.js assets/c.js assets/d.js assets/pre.js",
		   1000 + 200 + 30 + 4 + 5, 300 + 150 + 30 + 4 + 5);
	/* main and its @import; rel words in any case, not "alternate". */
	CHECK_LOAD(page, "stylesheet", "assets/main.css assets/base.css assets/print.css",
		   600 + 60 + 8, 200 + 20 + 8);
	/* hero once, as its largest variant; a lazy image counts like any
	 * other; team: the largest <source> candidate, not its <img>; logo:
	 * the larger srcset candidate by transfer; pic: the larger of src and
	 * srcset, not a variant; solo: its src, as no <source> has a srcset,
	 * and not a variant either. Nothing inside <template>, <noscript> or
	 * <svg>. */
	CHECK_LOAD(page, "image", "img/hero-1280.avif img/lazy.png img/team-2.avif "
		   "img/logo-l.png img/pic-2x.png img/solo.png",
		   20000 + 2500 + 7000 + 1200 + 6000 + 300,
		   20000 + 2500 + 7000 + 1100 + 6000 + 300);
	/* The files no load reached were never read. */
	CHECK(json_array_size(s.warnings) == 0);
	json_decref(page);
	/* Where hero stayed an <img>, its own bytes count. */
	page = budget_measure_page(&s, budget_find_file(&s, "app.html"));
	CHECK_LOAD(page, "image", "img/hero.jpg", 80000, 80000);

	/* The loader: a variant is a file of the site too. */
	CHECK(files.n == s.nfiles + 6);
	CHECK(budget_file_transfer(budget_find_file(&s, "assets/d.js")) == 4);
	CHECK(budget_file_transfer(budget_find_file(&s, "assets/a.js")) == 300);
	CHECK(budget_find_file(&s, "img/hero-1280.avif") == NULL);

	json_decref(page);
	report_files_release(&files);
	json_decref(totals);
	budget_site_release(&s);
	manifest_free(manifest);
}

static char *closure(struct site *s, const char *from, const char *kind,
		     json_int_t *raw)
{
	struct load l;
	json_t *o;
	char *files;

	budget_load_init(&l);
	budget_add_closure(s, &l, budget_find_file(s, from), kind);
	o = budget_load_json(&l);
	files = files_of(o);
	*raw = int_at(o, "raw");
	json_decref(o);
	return files;
}

/* The closure from any file of a cycle holds each file once, in the order
 * a depth-first walk meets them; Vite's manifest, when there is one, says
 * what a chunk it lists imports. */
static void test_imports(void)
{
	struct manifest *manifest;
	json_t *assets = json_array(), *totals = json_object(), *e;
	struct report_files files = { 0 };
	json_t *o;
	struct site s;
	struct load l;
	json_int_t raw;
	char *got;

	put_scripts(assets);
	e = asset(assets, "assets/x.css", "css", 9, -1, -1);
	ref(e, "./y.css", "css-import", "assets/y.css");
	ref(e, "./z.css", "css-url", "assets/z.css");
	asset(assets, "assets/y.css", "css", 90, -1, -1);
	asset(assets, "assets/z.css", "css", 900, -1, -1);
	manifest = manifest_of(assets);
	budget_site_load(&s, manifest, totals, &files);

	got = closure(&s, "assets/c.js", "js", &raw);
	CHECK_STR(got, "assets/c.js assets/a.js assets/b.js assets/d.js");
	CHECK(raw == 30 + 1000 + 200 + 4);
	free(got);
	got = closure(&s, "assets/b.js", "js", &raw);
	CHECK_STR(got, "assets/b.js assets/c.js assets/a.js assets/d.js");
	free(got);
	/* A stylesheet's closure is its @imports, not the other files it
	 * names; only files of the kind asked for count. */
	got = closure(&s, "assets/x.css", "css", &raw);
	CHECK_STR(got, "assets/x.css assets/y.css");
	CHECK(raw == 9 + 90);
	free(got);
	got = closure(&s, "assets/x.css", "js", &raw);
	CHECK_STR(got, "");
	CHECK(raw == 0);
	free(got);
	/* A file met twice in one load counts once. */
	budget_load_init(&l);
	budget_add_closure(&s, &l, budget_find_file(&s, "assets/d.js"), "js");
	budget_add_closure(&s, &l, budget_find_file(&s, "assets/a.js"), "js");
	budget_load_add(&l, "assets/c.js", 30, 30);
	o = budget_load_json(&l);
	got = files_of(o);
	CHECK_STR(got, "assets/d.js assets/a.js assets/b.js assets/c.js");
	CHECK(int_at(o, "raw") == 4 + 1000 + 200 + 30);
	free(got);
	json_decref(o);
	report_files_release(&files);
	json_decref(totals);
	budget_site_release(&s);
	manifest_free(manifest);

	/* The same scripts, with Vite's manifest: it says that a imports v
	 * (through the key "_v.js") and that v imports nothing, whatever
	 * their bytes say; b, which it does not list, is scanned. */
	remove_tree(dist);
	assets = json_array();
	totals = json_object();
	put_scripts(assets);
	put("assets/v.js", "import\"./d.js\";\n");
	asset(assets, "assets/v.js", "js", 7, -1, -1);
	put(".vite/manifest.json", "{\"src/main.ts\": {\"file\": \"assets/a.js\","
	    " \"imports\": [\"_v.js\"]}, \"_v.js\": {\"file\": \"assets/v.js\"}}");
	asset(assets, ".vite/manifest.json", "json", 100, -1, -1);
	manifest = manifest_of(assets);
	budget_site_load(&s, manifest, totals, &files);
	CHECK(s.vite != NULL);
	got = closure(&s, "assets/a.js", "js", &raw);
	CHECK_STR(got, "assets/a.js assets/v.js");
	free(got);
	got = closure(&s, "assets/b.js", "js", &raw);
	CHECK_STR(got, "assets/b.js assets/c.js assets/a.js assets/v.js");
	free(got);
	report_files_release(&files);
	json_decref(totals);
	budget_site_release(&s);
	manifest_free(manifest);
}

static const json_t *module_at(const json_t *modules, size_t i)
{
	return json_array_get(modules, i);
}

#define CHECK_MODULE(list, i, name, n) do { \
	const json_t *m_ = module_at(list, i); \
	CHECK_STR(json_string_value(json_object_get(m_, "source")), name); \
	CHECK(int_at(m_, "bytes") == (n)); \
} while (0)

/* Each byte of a chunk goes to the source of its mapping segment, or to
 * "(unmapped)": together they are the chunk's bytes. */
static void test_modules(void)
{
	struct manifest *manifest;
	json_t *assets = json_array(), *totals = json_object();
	struct report_files files = { 0 };
	json_t *report = json_object(), *chunks, *mods;
	struct site s;
	/* Line 1: 4 bytes of a, 3 of lib, 2 of a again; line 2: one
	 * unmapped byte, then 3 of c; the comment line is unmapped. */
	static const char m1[] = "aaaabbbcc\nxyzw\n//# sourceMappingURL=maps/m1.js.map\n";
	static const char m2[] = "qq";

	put("assets/m1.js", m1);
	asset(assets, "assets/m1.js", "js", (json_int_t)strlen(m1), -1, -1);
	put("assets/maps/m1.js.map", "{\"version\":3,\"sources\":[\"../src/a.js\","
	    "\"../../.pnpm/lib@1.0.0/node_modules/lib/index.js\",\"webpack:///./src/c.js\"],"
	    "\"mappings\":\"AAAA,ICAA,GDAA;CEAA\"}");
	asset(assets, "assets/maps/m1.js.map", "text", 1, -1, -1);
	/* No comment: FILE.map. */
	put("assets/m2.js", m2);
	asset(assets, "assets/m2.js", "js", 2, -1, -1);
	put("assets/m2.js.map", "{\"version\":3,\"sources\":[\"./src/a.js\"],"
	    "\"mappings\":\"AAAA\"}");
	asset(assets, "assets/m2.js.map", "text", 1, -1, -1);
	/* A map that is not one, and no map at all. */
	put("assets/m3.js", "x\n//# sourceMappingURL=m3.js.map\n");
	asset(assets, "assets/m3.js", "js", 33, -1, -1);
	put("assets/m3.js.map", "{}");
	asset(assets, "assets/m3.js.map", "text", 2, -1, -1);
	put("assets/m4.js", "y");
	asset(assets, "assets/m4.js", "js", 1, -1, -1);

	manifest = manifest_of(assets);
	budget_site_load(&s, manifest, totals, &files);
	chunks = budget_measure_modules(&s, report, 2);
	CHECK(json_array_size(chunks) == 4);

	/* m1: a 6, then lib and c (3 each, by source), then the rest. */
	const json_t *c1 = json_array_get(chunks, 0);
	CHECK_STR(json_string_value(json_object_get(c1, "path")), "assets/m1.js");
	CHECK(int_at(c1, "bytes") == (json_int_t)strlen(m1));
	mods = json_object_get(c1, "modules");
	CHECK(json_array_size(mods) == 4);
	CHECK_MODULE(mods, 0, "src/a.js", 6);
	CHECK_MODULE(mods, 1, "node_modules/lib/index.js", 3);
	CHECK_MODULE(mods, 2, "src/c.js", 3);
	CHECK_MODULE(mods, 3, "(unmapped)", (json_int_t)strlen(m1) - 12);
	json_int_t sum = 0;
	for (size_t i = 0; i < json_array_size(mods); i++)
		sum += int_at(module_at(mods, i), "bytes");
	CHECK(sum == int_at(c1, "bytes"));

	/* m2: all of it from a; nothing unmapped, so no "(unmapped)". */
	mods = json_object_get(json_array_get(chunks, 1), "modules");
	CHECK(json_array_size(mods) == 1);
	CHECK_MODULE(mods, 0, "src/a.js", 2);
	/* m3 and m4: no modules. */
	CHECK(json_array_size(json_object_get(json_array_get(chunks, 2), "modules")) == 0);
	CHECK(json_array_size(json_object_get(json_array_get(chunks, 3), "modules")) == 0);

	/* Across chunks: a in two, 8 bytes; the top 2 only. */
	mods = json_object_get(report, "modules");
	CHECK(json_array_size(mods) == 2);
	CHECK_MODULE(mods, 0, "src/a.js", 8);
	CHECK(int_at(module_at(mods, 0), "chunks") == 2);
	CHECK_MODULE(mods, 1, "node_modules/lib/index.js", 3);
	CHECK(int_at(report, "sourcemaps") == 2);
	CHECK(json_array_size(s.warnings) == 1);
	CHECK_STR(json_string_value(json_array_get(s.warnings, 0)),
		  "cannot read source map 'assets/m3.js.map'");

	json_decref(chunks);
	json_decref(report);
	report_files_release(&files);
	json_decref(totals);
	budget_site_release(&s);
	manifest_free(manifest);
}

int main(void)
{
	char tmpl[] = "/tmp/budget-measure-test-XXXXXX";

	dist = xstrdup(mkdtemp(tmpl));
	test_page();
	remove_tree(dist);
	test_imports();
	remove_tree(dist);
	test_modules();
	remove_tree(dist);
	free(dist);
	return check_status();
}
