/* SPDX-License-Identifier: MIT */
/* The service worker's precache list (passes/sw_precache.c), from small
 * hand-written manifests: which assets are taken and which left out, their
 * URLs and revisions, the order, and the warnings counted. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/pass.h"
#include "../../passes/sw_int.h"
#include "buf.h"
#include "manifest.h"
#include "check.h"
#include "util.h"

#define H1 "0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210"

static char *tmp; /* a fresh folder for the web manifests' bytes */
static struct manifest *kept[64]; /* what the lists borrow from */
static size_t nkept;

/* A manifest entry whose output is its path. */
static json_t *asset(const char *path, const char *kind, const char *hash,
		     json_int_t size)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I}", "path", path, "kind", kind,
			 "output", path, "output_hash", hash, "output_size", size);
}

static json_t *manifest_of(json_t *assets)
{
	return json_pack("{s:i, s:s, s:o, s:[]}", "version", 1, "dist", "/site/dist",
			 "assets", assets, "files");
}

/* A web manifest at tmp/name listing icons (a JSON array); its entry gets
 * the file as "content". */
static void put_web_manifest(json_t *entry, const char *name, const char *icons)
{
	char *file = xasprintf("%s/%s", tmp, name);
	FILE *f = fopen(file, "w");

	CHECK(f != NULL);
	if (f) {
		fprintf(f, "{\"name\": \"test\", \"icons\": %s}\n", icons);
		fclose(f);
	}
	json_object_set_new(entry, "content", json_string(file));
	free(file);
}

static void set_default(json_t *o, const char *key, json_t *value)
{
	if (!json_object_get(o, key))
		json_object_set(o, key, value);
	json_decref(value);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "path")),
		      json_string_value(json_object_get(*(json_t *const *)b, "path")));
}

static int by_output(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "output")),
		      json_string_value(json_object_get(*(json_t *const *)b, "output")));
}

/* Sort the objects of array by cmp. */
static void sort_json(json_t *array, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(array);
	json_t **v = xcalloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(array, i));
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp);
	json_array_clear(array);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(array, v[i]);
	free(v);
}

/* manifest, with the fields these tests leave out at harmless values and
 * its assets sorted by path, as the sw job reads it; NULL when the typed
 * manifest refuses it. */
static struct manifest *typed(const json_t *manifest)
{
	json_t *m = json_deep_copy(manifest), *e, *variant;
	const char *why = NULL, *first = NULL;
	struct manifest *typed_m;
	bool paths = true;
	size_t i, k;

	json_array_foreach(json_object_get(m, "assets"), i, e) {
		set_default(e, "size", json_integer(1));
		set_default(e, "hash", json_string(H1));
		set_default(e, "content", json_string("/site/dist/content"));
		set_default(e, "fingerprinted", json_false());
		set_default(e, "original_kept", json_false());
		set_default(e, "refs", json_array());
		json_array_foreach(json_object_get(json_object_get(e, "image"), "variants"), k, variant) {
			set_default(variant, "format", json_string("webp"));
			set_default(variant, "width", json_integer(320));
			set_default(variant, "height", json_integer(200));
			set_default(variant, "size", json_integer(1));
		}
		paths &= json_is_string(json_object_get(e, "path"));
		first = first ? first : json_string_value(json_object_get(e, "path"));
	}
	json_array_foreach(json_object_get(m, "files"), i, e) {
		set_default(e, "from", json_string("/store/file"));
		set_default(e, "hash", json_string(H1));
		set_default(e, "size", json_integer(1));
		set_default(e, "asset", json_string(first ? first : ""));
	}
	if (paths)
		sort_json(json_object_get(m, "assets"), by_path);
	sort_json(json_object_get(m, "files"), by_output);
	typed_m = manifest_from_json(m, &why);
	if (!typed_m)
		fprintf(stderr, "manifest refused: '%s'\n", why);
	return typed_m;
}

/* The list for manifest under the config section (a JSON object over the
 * defaults). Returns sw_precache()'s status, or -1 for a manifest the
 * typed manifest refuses. */
static int precache(const char *section, const json_t *manifest, const char *skip,
		    struct sw_list *list, int *warnings)
{
	json_t *user = json_loads(section, 0, NULL);
	json_t *config = pass_config(&pass_sw, user, "test");
	struct manifest *m = typed(manifest);
	struct sw_options opt;
	int ret = -1;

	*warnings = 0;
	memset(list, 0, sizeof(*list));
	CHECK(config != NULL);
	if (!m) {
		ret = -1;
	} else if (config && sw_options_init(&opt, config) == 0) {
		ret = sw_precache(&opt, m, skip, list, warnings);
		sw_options_release(&opt);
	} else {
		CHECK(!"the test's config is accepted");
	}
	/* The list borrows its revisions from the manifest: kept to the end. */
	if (m && nkept < sizeof(kept) / sizeof(*kept))
		kept[nkept++] = m;
	else
		manifest_free(m);
	json_decref(config);
	json_decref(user);
	return ret;
}

/* The URLs of list in its order, separated by spaces. New string. */
static char *urls(const struct sw_list *list)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < list->n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", list->v[i].url);
	return buf_detach(&b);
}

static const struct sw_entry *find(const struct sw_list *list, const char *url)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].url, url) == 0)
			return &list->v[i];
	return NULL;
}

#define CHECK_URLS(list, want) do { \
	char *got_ = urls(list); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

/* What an asset is decides whether it is precached; the worker's own files,
 * rejected inputs and what only the "files" list holds (sidecars,
 * variants) are not. */
static void test_kinds(void)
{
	json_t *a = json_array(), *m, *e, *files;
	struct sw_list list;
	const struct sw_entry *s;
	int warnings;

	json_array_append_new(a, asset("style.css", "css", H1, 300));
	e = asset("assets/app-1a2b3c4d.js", "js", H2, 500);
	json_object_set_new(e, "fingerprinted", json_true());
	json_array_append_new(a, e);
	e = asset("about/index.html", "html", H1, 200);
	json_object_set_new(e, "fingerprinted", json_false());
	json_array_append_new(a, e);
	json_array_append_new(a, asset("index.html", "html", H2, 200));
	json_array_append_new(a, asset("mod.wasm", "wasm", H1, 900));
	json_array_append_new(a, asset("fonts/a.woff2", "font", H1, 900));
	json_array_append_new(a, asset("favicon.ico", "image", H1, 90));
	json_array_append_new(a, asset("offline.html", "html", H1, 100));
	/* An image is left to the runtime cache, and so are its variants. */
	e = asset("photo.jpg", "raster", H1, 9000);
	json_object_set_new(e, "original_kept", json_true());
	json_object_set_new(e, "image", json_pack("{s:[{s:s}]}", "variants",
						  "output", "photo-320w.0a1b2c3d4e.webp"));
	json_array_append_new(a, e);
	json_array_append_new(a, asset("logo.svg", "svg", H1, 90));
	json_array_append_new(a, asset("anim.gif", "gif", H1, 90));
	json_array_append_new(a, asset("data.json", "json", H1, 90));
	json_array_append_new(a, asset("robots.txt", "text", H1, 90));
	json_array_append_new(a, asset("stray.js.br", "other", H1, 90));
	/* The worker's own files are written by the job. */
	json_array_append_new(a, asset("sw.js", "js", H1, 90));
	json_array_append_new(a, asset("precache-manifest.json", "json", H1, 90));
	e = asset("broken.css", "css", H1, 90);
	json_object_set_new(e, "error", json_string("too large to parse"));
	json_array_append_new(a, e);
	m = manifest_of(a);
	files = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]",
			  "output", "style.css.br", "role", "br",
			  "output", "style.css.zst", "role", "zst",
			  "output", "photo-320w.0a1b2c3d4e.webp", "role", "variant");
	json_object_set_new(m, "files", files);

	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	CHECK(warnings == 0);
	CHECK_URLS(&list, "/ /about/ /assets/app-1a2b3c4d.js /favicon.ico "
		   "/fonts/a.woff2 /mod.wasm /offline.html /style.css");
	/* A fingerprinted name changes with its bytes: no revision. */
	s = find(&list, "/assets/app-1a2b3c4d.js");
	CHECK(s && s->revision == NULL);
	s = find(&list, "/style.css");
	CHECK(s && s->revision && strcmp(s->revision, H1) == 0);
	s = find(&list, "/");
	CHECK(s && s->revision && strcmp(s->revision, H2) == 0);
	s = find(&list, "/about/");
	CHECK(s && s->revision && strcmp(s->revision, H1) == 0);
	sw_list_release(&list);
	CHECK(list.n == 0 && list.v == NULL);

	/* skip: the worker's source inside DIST is not precached. */
	CHECK(precache("{}", m, "style.css", &list, &warnings) == 0);
	CHECK(find(&list, "/style.css") == NULL);
	CHECK(find(&list, "/mod.wasm") != NULL);
	CHECK(list.n == 7);
	sw_list_release(&list);
	json_decref(m);
}

/* Sorted by URL, byte by byte, whatever the manifest's order. */
static void test_order(void)
{
	json_t *a = json_array(), *m;
	struct sw_list list;
	int warnings;

	json_array_append_new(a, asset("b/index.html", "html", H1, 1));
	json_array_append_new(a, asset("a.js", "js", H1, 1));
	json_array_append_new(a, asset("_.js", "js", H1, 1));
	json_array_append_new(a, asset("Z.js", "js", H1, 1));
	json_array_append_new(a, asset("b.css", "css", H1, 1));
	json_array_append_new(a, asset("index.html", "html", H1, 1));
	m = manifest_of(a);
	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	CHECK_URLS(&list, "/ /Z.js /_.js /a.js /b.css /b/");
	sw_list_release(&list);
	json_decref(m);
}

/* URLs as URL.pathname gives them: what a request path must escape, '%'
 * and '\\' escaped; index.html as its folder. */
static void test_urls(void)
{
	json_t *a = json_array(), *m;
	struct sw_list list;
	int warnings;

	json_array_append_new(a, asset("a b.html", "html", H1, 1));
	json_array_append_new(a, asset("caf\xc3\xa9.css", "css", H1, 1));
	json_array_append_new(a, asset("100%.js", "js", H1, 1));
	json_array_append_new(a, asset("q?x#y.js", "js", H1, 1));
	json_array_append_new(a, asset("back\\slash.js", "js", H1, 1));
	json_array_append_new(a, asset("(p)&'.js", "js", H1, 1));
	json_array_append_new(a, asset("docs/index.html", "html", H1, 1));
	json_array_append_new(a, asset("notindex.html", "html", H1, 1));
	json_array_append_new(a, asset("index.html", "html", H1, 1));
	m = manifest_of(a);
	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	CHECK_URLS(&list, "/ /(p)&'.js /100%25.js /a%20b.html /back%5Cslash.js "
		   "/caf%C3%A9.css /docs/ /notindex.html /q%3Fx%23y.js");
	sw_list_release(&list);
	json_decref(m);
}

/* The options: the size limit (a warning each), sw.appShell, the worker's
 * file name, and the offline page that was left out. */
static void test_options(void)
{
	json_t *a = json_array(), *m;
	struct sw_list list;
	int warnings;

	json_array_append_new(a, asset("big.js", "js", H1, 1001));
	json_array_append_new(a, asset("edge.js", "js", H1, 1000));
	json_array_append_new(a, asset("robots.txt", "text", H1, 10));
	json_array_append_new(a, asset("notes.txt", "text", H1, 10));
	json_array_append_new(a, asset("worker.js", "js", H1, 10));
	json_array_append_new(a, asset("sw.js", "js", H1, 10));
	json_array_append_new(a, asset("precache-manifest.json", "json", H1, 10));
	json_array_append_new(a, asset("offline.html", "html", H1, 5000));
	m = manifest_of(a);
	/* The job's own files stay out even when named in the shell. */
	CHECK(precache("{\"maxPrecacheSize\": 1000, \"appShell\": [\"/robots.txt\","
		       " \"/worker.js\", \"/precache-manifest.json\"],"
		       " \"filename\": \"worker.js\"}", m, NULL, &list, &warnings) == 0);
	CHECK_URLS(&list, "/edge.js /robots.txt /sw.js");
	/* big.js, offline.html, and offline.html again as the offline page. */
	CHECK(warnings == 3);
	sw_list_release(&list);

	/* Under the defaults all of them fit; text outside the shell is left out. */
	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	CHECK_URLS(&list, "/big.js /edge.js /offline.html /worker.js");
	CHECK(warnings == 0);
	sw_list_release(&list);

	/* An offline page that is not in the site is no warning. */
	CHECK(precache("{\"offlinePage\": \"/gone.html\", \"maxPrecacheSize\": 1000}",
		       m, NULL, &list, &warnings) == 0);
	CHECK(warnings == 2); /* big.js and offline.html, too big */
	sw_list_release(&list);
	json_decref(m);
}

/* Icons: what HTML names through <link>, and what a web manifest lists
 * (one named *.webmanifest, or one HTML links to), are precached; other
 * images are not, nor one an <a href> names (a full-size photo). */
static void test_icons(bool link_manifest_json)
{
	json_t *a = json_array(), *m, *e, *refs;
	struct sw_list list;
	int warnings;

	refs = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s},"
			 " {s:s, s:s, s:n}]",
			 "url", "/app/site.webmanifest", "kind", "link-tag", "target", "app/site.webmanifest",
			 "url", "apple.png", "kind", "link-tag", "target", "apple-touch.png",
			 "url", "hero.jpg", "kind", "img", "target", "hero.jpg",
			 "url", "full.jpg", "kind", "link", "target", "full.jpg",
			 "url", "https://cdn.example/x.css", "kind", "link-tag", "target");
	if (link_manifest_json)
		json_array_append_new(refs, json_pack("{s:s, s:s, s:s}", "url", "/manifest.json",
						      "kind", "link-tag", "target", "manifest.json"));
	e = asset("index.html", "html", H1, 100);
	json_object_set_new(e, "refs", refs);
	json_array_append_new(a, e);
	e = asset("app/site.webmanifest", "json", H1, 100);
	put_web_manifest(e, "site.webmanifest",
			 "[{\"src\": \"/icons/192.png\"}, {\"src\": \"icons/512.png?v=2\"},"
			 " {\"src\": \"https://cdn.example/i.png\"}, {\"sizes\": \"1x1\"}]");
	json_array_append_new(a, e);
	/* manifest.json is in the default app shell, but is only read for
	 * icons when HTML links to it. */
	e = asset("manifest.json", "json", H1, 100);
	put_web_manifest(e, "manifest.json", "[{\"src\": \"/icons/listed.png\"}]");
	json_array_append_new(a, e);
	/* Over 1 MiB, a file is no web manifest: not read for icons. */
	e = asset("big.webmanifest", "json", H1, ((json_int_t)1 << 20) + 1);
	put_web_manifest(e, "big.webmanifest", "[{\"src\": \"/icons/huge.png\"}]");
	json_array_append_new(a, e);
	json_array_append_new(a, asset("icons/192.png", "raster", H1, 100));
	json_array_append_new(a, asset("app/icons/512.png", "raster", H1, 100));
	json_array_append_new(a, asset("icons/512.png", "raster", H1, 100));
	json_array_append_new(a, asset("icons/listed.png", "raster", H1, 100));
	json_array_append_new(a, asset("icons/huge.png", "raster", H1, 100));
	json_array_append_new(a, asset("apple-touch.png", "raster", H1, 100));
	json_array_append_new(a, asset("hero.jpg", "raster", H1, 100));
	json_array_append_new(a, asset("full.jpg", "raster", H1, 100));
	json_array_append_new(a, asset("logo.svg", "svg", H1, 100));
	m = manifest_of(a);
	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	if (link_manifest_json)
		CHECK_URLS(&list, "/ /app/icons/512.png /app/site.webmanifest "
			   "/apple-touch.png /big.webmanifest /icons/192.png "
			   "/icons/listed.png /manifest.json");
	else
		CHECK_URLS(&list, "/ /app/icons/512.png /app/site.webmanifest "
			   "/apple-touch.png /big.webmanifest /icons/192.png "
			   "/manifest.json");
	CHECK(warnings == 0);
	sw_list_release(&list);
	json_decref(m);
}

/* A manifest the list cannot be made from: -1 and an empty list. */
static void test_malformed(void)
{
	static const char *const bad_hashes[] = {
		"0123456789ABCDEF0123456789ABCDEF", /* upper case */
		"0123456789abcdef0123456789abcde",  /* 31 digits */
		"0123456789abcdef0123456789abcdef0", /* 33 */
		"0123456789abcdef0123456789abcdefg", /* 32, then no digit */
		NULL
	};
	struct sw_list list;
	json_t *m, *e;
	int warnings;

	m = json_pack("{s:i}", "version", 1);
	CHECK(precache("{}", m, NULL, &list, &warnings) == -1);
	json_decref(m);
	for (int i = 0; bad_hashes[i]; i++) {
		m = manifest_of(json_pack("[o, o]", asset("a.js", "js", H1, 1),
					  asset("b.js", "js", bad_hashes[i], 1)));
		CHECK(precache("{}", m, NULL, &list, &warnings) == -1);
		CHECK(list.n == 0 && list.v == NULL);
		json_decref(m);
	}
	e = asset("a.js", "js", H1, 1);
	json_object_set_new(e, "output_size", json_string("1"));
	m = manifest_of(json_pack("[o]", e));
	CHECK(precache("{}", m, NULL, &list, &warnings) == -1);
	json_decref(m);
	e = asset("a.js", "js", H1, 1);
	json_object_del(e, "output");
	m = manifest_of(json_pack("[o]", e));
	CHECK(precache("{}", m, NULL, &list, &warnings) == -1);
	json_decref(m);
	/* The same entry, whole, is fine: the failures above are the fields'. */
	m = manifest_of(json_pack("[o]", asset("a.js", "js", H1, 1)));
	CHECK(precache("{}", m, NULL, &list, &warnings) == 0);
	CHECK_URLS(&list, "/a.js");
	sw_list_release(&list);
	json_decref(m);
}

int main(void)
{
	char tmpl[] = "/tmp/distill-sw-test.XXXXXX";
	static const char *const files[] = {
		"site.webmanifest", "manifest.json", "big.webmanifest", NULL
	};

	tmp = mkdtemp(tmpl);
	CHECK(tmp != NULL);
	if (!tmp)
		return check_status();
	test_kinds();
	test_order();
	test_urls();
	test_options();
	test_icons(false);
	test_icons(true);
	test_malformed();
	for (int i = 0; files[i]; i++) {
		char *file = xasprintf("%s/%s", tmp, files[i]);

		unlink(file);
		free(file);
	}
	rmdir(tmp);
	for (size_t i = 0; i < nkept; i++)
		manifest_free(kept[i]);
	return check_status();
}
