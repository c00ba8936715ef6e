/* SPDX-License-Identifier: MIT */
/* The headers pass's parts on small trees: the class of each file from a
 * manifest, the Cache-Control rules that cover a tree (each file matched
 * by one rule of its class, no other file), the limit on the number of
 * rules, and the site's own _headers taking files over. */
#include <stdlib.h>

#include "buf.h"
#include "util.h"
#include "check.h"
#include "headers_int.h"
#include "manifest_fixture.h"

struct spec {
	const char *path;
	bool fp;
	bool user;
};

/* The tree of spec (ending with a NULL path), sorted as the pass sorts. */
static struct hfile *tree(const struct spec *spec, size_t *n)
{
	struct hfile *v;

	for (*n = 0; spec[*n].path; ++*n)
		;
	v = xcalloc(*n, sizeof(*v));
	for (size_t i = 0; i < *n; i++)
		v[i] = (struct hfile){ xstrdup(spec[i].path), spec[i].fp, spec[i].user };
	qsort(v, *n, sizeof(*v), headers_files_compare);
	return v;
}

/* The rules as lines "I source" (immutable) or "R source" (revalidate),
 * immutable ones first, as the job adds them. */
static char *rules_text(const struct rules *r)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	for (size_t i = 0; i < r->n; i++)
		buf_addf(&b, "%c %s\n", r->v[i].cache == CACHE_IMMUTABLE ? 'I' : 'R',
			 r->v[i].source);
	return buf_detach(&b);
}

static void cover_both(struct rules *r, const struct hfile *v, size_t n)
{
	headers_cover(r, v, n, true);
	headers_cover(r, v, n, false);
}

static void check_cover(const struct spec *spec, const char *want)
{
	struct rules r = { 0 };
	size_t n;
	struct hfile *v = tree(spec, &n);
	char *got;

	cover_both(&r, v, n);
	got = rules_text(&r);
	CHECK_STR(got, want);
	free(got);
	headers_rules_release(&r);
	headers_files_release(v, n);
}

static void check_covers(void)
{
	/* A folder of hashed files only gets one splat; the root's pages
	 * one rule for its files and one for "/". */
	check_cover((const struct spec[]){
		{ "assets/app.1a2b3c4d.js", true }, { "assets/app.1a2b3c4d.js.br", true },
		{ "index.html", false }, { "about.html", false }, { "sw.js", false },
		{ NULL } },
		"I /assets/*\nR /:file\nR /\n");
	/* Netlify's "/assets/" then "*" also matches "/Assets-old.js": the
	 * hashed file and its sidecar get a prefix rule of their own. */
	check_cover((const struct spec[]){
		{ "assets/app.1a2b3c4d.js", true }, { "assets/app.1a2b3c4d.js.br", true },
		{ "Assets-old.js", false }, { "index.html", false }, { NULL } },
		"I /assets/app.1a2b3c4d.js*\nR /:file\nR /\n");
	/* "/:file" would also match "/blog/", the page blog/index.html, which
	 * blog's own rules match: the root's files are named one by one. */
	check_cover((const struct spec[]){
		{ "blog/index.html", false }, { "blog/hero.1234abcd.jpg", true },
		{ "index.html", false }, { NULL } },
		"I /blog/hero.1234abcd.jpg\nR /index.html\nR /\n"
		"R /blog/index.html\nR /blog/\n");
	/* A file the site's own _headers settles is in neither class. */
	check_cover((const struct spec[]){
		{ "assets/a.11111111.js", true }, { "assets/b.22222222.js", true, true },
		{ NULL } },
		"I /assets/a.11111111.js\n");
	/* Names are written as a request carries them: ':' opening a segment
	 * and '*' mean something in a pattern, a space is encoded. */
	check_cover((const struct spec[]){
		{ "docs/:a b*.html", false }, { "docs/x.12345678.js", true }, { NULL } },
		"I /docs/x.12345678.js\nR /docs/%3Aa%20b%2A.html\n");
}

/* The regular expression beside each source matches the same paths. */
static void check_regex(void)
{
	struct rules r = { 0 };
	size_t n;
	struct hfile *v = tree((const struct spec[]){
		{ "docs/:a b*.html", false }, { "docs/x.12345678.js", true },
		{ "img/a.11111111.png", true }, { NULL } }, &n);

	cover_both(&r, v, n);
	CHECK(r.n == 3);
	if (r.n == 3) {
		CHECK_STR(r.v[0].regex, "^/docs/x\\.12345678\\.js$");
		CHECK_STR(r.v[1].regex, "^/img/.*$");
		CHECK_STR(r.v[2].regex, "^/docs/%3Aa%20b%2A\\.html$");
		CHECK(r.v[0].exact && !r.v[1].exact && r.v[2].exact);
	}
	headers_rules_release(&r);
	headers_files_release(v, n);
}

/* Over the limit, exact revalidate rules go first (the hosts' default
 * is the same value), then exact immutable ones, from the end. */
static void check_limit(void)
{
	struct rules r = { 0 };
	size_t n, dropped = 99, lost;
	struct hfile *v = tree((const struct spec[]){
		{ "blog/index.html", false }, { "blog/hero.1234abcd.jpg", true },
		{ "index.html", false }, { NULL } }, &n);
	char *got;

	cover_both(&r, v, n);
	lost = headers_rules_limit(&r, 3, 1, &dropped);
	got = rules_text(&r);
	CHECK_STR(got, "R /\nR /blog/\n");
	CHECK(dropped == 3);
	CHECK(lost == 1);
	free(got);
	/* Within the limit nothing goes. */
	lost = headers_rules_limit(&r, 3, 1, &dropped);
	CHECK(r.n == 2 && dropped == 0 && lost == 0);
	headers_rules_release(&r);
	headers_files_release(v, n);
}

/* The class of each file of a manifest: a fingerprinted entry's output
 * and an image variant are immutable, the kept original path of a
 * fingerprinted entry is not, a sidecar follows its own file, and the
 * files other aggregates serve are added with their class, and those of
 * DIST the manifest cannot name revalidated. */
static void check_files(void)
{
	json_t *app = fixture_entry("app.js", "js", true);
	struct manifest *m;
	const struct hfile served[] = { { .path = "headers.json" }, { .path = "sw.js" },
					{ .path = "index.html" }, { .path = "sw-precache/x.js", .fp = true } };
	static const struct spec want[] = {
		{ "app.js", false }, { "assets/app.0123abcd.js", true },
		{ "assets/app.0123abcd.js.br", true }, { "caf\xe9.txt", false },
		{ "headers.json", false }, { "index.html", false },
		{ "index.html.zst", false }, { "photo-320.89abcdef.webp", true },
		{ "photo.jpg", false }, { "sw-precache/x.js", true }, { "sw.js", false } };
	struct hfile *v;
	size_t n;

	json_object_set_new(app, "output", json_string("assets/app.0123abcd.js"));
	m = fixture_manifest(
		json_pack("[o, o, o]", app, fixture_entry("index.html", "html", false),
			  fixture_entry("photo.jpg", "raster", false)),
		json_pack("[o, o, o, o, o, o, o]",
			  fixture_file("app.js", "original", "app.js"),
			  fixture_file("assets/app.0123abcd.js", "asset", "app.js"),
			  fixture_file("assets/app.0123abcd.js.br", "br", "app.js"),
			  fixture_file("index.html", "asset", "index.html"),
			  fixture_file("index.html.zst", "zst", "index.html"),
			  fixture_file("photo-320.89abcdef.webp", "variant", "photo.jpg"),
			  fixture_file("photo.jpg", "asset", "photo.jpg")));
	if (!m)
		return;
	/* A file whose path is not UTF-8 comes back from its URL. */
	free(m->unlisted);
	m->unlisted = xcalloc(1, sizeof(*m->unlisted));
	m->unlisted[0] = (struct manifest_unlisted){ "caf\\xe9.txt", "/caf%E9.txt", "not UTF-8" };
	m->nunlisted = 1;
	headers_files_load(m, served, sizeof(served) / sizeof(*served), &v, &n);
	CHECK(n == sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < n && i < sizeof(want) / sizeof(*want); i++) {
		CHECK_STR(v[i].path, want[i].path);
		CHECK(v[i].fp == want[i].fp);
	}
	headers_files_release(v, n);
	manifest_free(m);
}

/* A Cache-Control rule of the site's own _headers takes over every file
 * a request for one of its URLs would match: a page by its pretty URL, a
 * sidecar through its file; distill's security header of a name the site
 * sets is left out. */
static void check_site_rules(void)
{
	size_t n;
	struct hfile *v = tree((const struct spec[]){
		{ "blog/index.html", false }, { "blog/index.html.br", false },
		{ "blog/post.html", false }, { "index.html", false }, { NULL } }, &n);
	json_t *rules = json_pack("[{s:s, s:{s:s}}, {s:s, s:{s:s}}]",
		"source", "/blog/", "headers", "cache-control", "no-store",
		"source", "/*", "headers", "x-frame-options", "SAMEORIGIN");
	json_t *security = json_pack("{s:s, s:s}", "X-Frame-Options", "DENY",
				     "Referrer-Policy", "no-referrer");
	bool hints = true;

	headers_yield_to_site(rules, security, v, n, &hints);
	CHECK(v[0].user && v[1].user);   /* blog/index.html and its .br */
	CHECK(!v[2].user && !v[3].user);
	CHECK(json_object_get(security, "X-Frame-Options") == NULL);
	CHECK(json_object_get(security, "Referrer-Policy") != NULL);
	CHECK(hints);
	/* A Link of the site's own: its preloads are its choice. */
	json_array_append_new(rules, json_pack("{s:s, s:{s:s}}", "source", "/",
					       "headers", "link", "</a.css>; rel=preload; as=style"));
	headers_yield_to_site(rules, security, v, n, &hints);
	CHECK(!hints);
	json_decref(rules);
	json_decref(security);
	headers_files_release(v, n);
}

/* The headers of every path: the CSP built from its table in order, a
 * header switched off with null, an invalid value refused. */
static void check_security(void)
{
	json_t *config = json_pack("{s:{s:s, s:n, s:n}, s:{s:s, s:b, s:n}, s:{s:s}}",
		"security", "X-Frame-Options", "DENY", "Referrer-Policy",
		"Content-Security-Policy",
		"csp", "default-src", "'self'", "upgrade-insecure-requests", 1,
		"img-src",
		"extra", "X-Robots-Tag", "noindex");
	json_t *h = headers_security(config, NULL);

	CHECK(h != NULL);
	CHECK_STR(json_string_value(json_object_get(h, "Content-Security-Policy")),
		  "default-src 'self'; upgrade-insecure-requests");
	CHECK_STR(json_string_value(json_object_get(h, "X-Robots-Tag")), "noindex");
	CHECK(json_object_get(h, "Referrer-Policy") == NULL);
	CHECK(json_object_size(h) == 3);
	json_decref(h);
	json_object_set_new(json_object_get(config, "extra"), "X-Bad", json_string("a\nb"));
	h = headers_security(config, NULL);
	CHECK(h == NULL);
	json_decref(config);
	CHECK(headers_field_ok("Cache-Control", "public, max-age=0"));
	CHECK(!headers_field_ok("Cache Control", "x"));
}

int main(void)
{
	check_covers();
	check_regex();
	check_limit();
	check_files();
	check_site_rules();
	check_security();
	return check_status();
}
