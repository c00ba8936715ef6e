/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/load.h"
#include "../src/charset.h"
#include "../src/html.h"
#include "../src/refs.h"
#include "../src/url.h"
#include "../src/util.h"
#include "budget_int.h"
#include "budget_site.h"

/*
 * Sizes come from the manifest only: output_size, the kept br sidecar and
 * the gzip figure of each entry, and the image variants. Bytes are read for
 * three things the manifest does not say: which URLs a page loads (its
 * source HTML, whose URLs the manifest's refs resolve), what a script
 * imports (its output bytes, unless Vite's manifest says), and where the
 * bytes of a chunk came from (its source map).
 */

json_int_t budget_geti(const json_t *o, const char *key, json_int_t none)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : none;
}

const char *budget_gets(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* What a browser downloads: the smallest encoding on offer. Text is always
 * offered gzip-compressed by the hosts distill targets; brotli only where the
 * sidecar was kept. */
static json_int_t transfer(json_int_t raw, json_int_t br, json_int_t gzip)
{
	json_int_t t = raw;

	if (br >= 0 && br < t)
		t = br;
	if (gzip >= 0 && gzip < t)
		t = gzip;
	return t;
}

json_int_t budget_file_transfer(const struct file *f)
{
	return transfer(f->raw, f->br, f->gzip);
}

struct file *budget_find_file(const struct site *s, const char *path)
{
	json_t *i = json_object_get(s->by_path, path);

	return i ? &s->files[json_integer_value(i)] : NULL;
}

/* Vite and Rollup put an 8-character hash after the last '-' of the stem:
 * "assets/index-BqzH5XkL.js" is "assets/index.js" from build to build. */
static char *stable_name(const struct file *f, bool fingerprinted)
{
	const char *slash = strrchr(f->output, '/');
	const char *base = slash ? slash + 1 : f->output;
	const char *dot = strchr(base + (base[0] == '.'), '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);

	if (strcmp(f->path, f->output) != 0)
		return xstrdup(f->path); /* distill named it: the source is stable */
	if (!fingerprinted || stem < 10 || base[stem - 9] != '-')
		return xstrdup(f->output);
	return xasprintf("%.*s%s", (int)(base - f->output + stem - 9), f->output,
			 base + stem);
}

void budget_warn(struct site *s, const char *fmt, const char *arg)
{
	char *msg = xasprintf(fmt, arg);

	json_array_append_new(s->warnings, json_string(msg));
	free(msg);
}

static const char *total_group(const char *kind)
{
	static const char *const images[] = { "raster", "svg", "gif", "image", NULL };

	if (strcmp(kind, "js") == 0 || strcmp(kind, "css") == 0 ||
	    strcmp(kind, "html") == 0 || strcmp(kind, "font") == 0)
		return kind;
	for (int i = 0; images[i]; i++)
		if (strcmp(kind, images[i]) == 0)
			return "image";
	return "other";
}

static json_t *total_get(json_t *totals, const char *group)
{
	json_t *t = json_object_get(totals, group);

	if (!t) {
		t = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "files", (json_int_t)0,
			      "raw", (json_int_t)0, "br", (json_int_t)0, "br_files",
			      (json_int_t)0, "gzip", (json_int_t)0, "transfer",
			      (json_int_t)0);
		json_object_set_new(totals, group, t);
	}
	return t;
}

/* gzip sums the gzip-equivalent size: the raw size where there is none. */
static void total_add(json_t *totals, const char *group, json_int_t raw,
		      json_int_t br, json_int_t gzip)
{
	json_t *t = total_get(totals, group);

#define BUMP(key, by) json_integer_set(json_object_get(t, key), \
		json_integer_value(json_object_get(t, key)) + (by))
	BUMP("files", 1);
	BUMP("raw", raw);
	BUMP("br", br >= 0 ? br : 0);
	BUMP("br_files", br >= 0 ? 1 : 0);
	BUMP("gzip", gzip >= 0 ? gzip : raw);
	BUMP("transfer", transfer(raw, br, gzip));
#undef BUMP
}

static json_t *opt_int(json_int_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

/* Fill s->files from the manifest; returns the report's "files" array. */
static json_t *load_files(struct site *s, json_t *totals)
{
	const json_t *assets = json_object_get(s->manifest, "assets");
	json_t *out = json_array();
	size_t i;
	json_t *e;

	s->files = xcalloc(json_array_size(assets) + 1, sizeof(*s->files));
	json_array_foreach(assets, i, e) {
		struct file *f = &s->files[s->nfiles];
		const json_t *variants = json_object_get(json_object_get(e, "image"), "variants");
		size_t k;
		json_t *v;

		f->entry = e;
		f->path = budget_gets(e, "path");
		f->output = budget_gets(e, "output");
		f->kind = budget_gets(e, "kind");
		if (!f->path)
			continue;
		if (!f->output)
			f->output = f->path;
		if (!f->kind)
			f->kind = "other";
		f->raw = budget_geti(e, "output_size", budget_geti(e, "size", 0));
		f->br = budget_geti(e, "br", -1);
		f->gzip = budget_geti(e, "gzip", -1);
		f->image_max = -1;
		json_object_set_new(s->by_path, f->path, json_integer((json_int_t)s->nfiles));
		s->nfiles++;

		char *name = stable_name(f, manifest_entry_fingerprinted(e));
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:I}",
			"path", f->output, "name", name, "asset", f->path, "kind", f->kind,
			"raw", f->raw, "br", opt_int(f->br), "gzip", opt_int(f->gzip),
			"transfer", budget_file_transfer(f)));
		free(name);
		total_add(totals, total_group(f->kind), f->raw, f->br, f->gzip);
		total_add(totals, "all", f->raw, f->br, f->gzip);

		/* Variants are files of the site too. */
		json_array_foreach(variants, k, v) {
			const char *vout = budget_gets(v, "output");
			json_int_t size = budget_geti(v, "size", -1);

			if (!vout || size < 0)
				continue;
			if (size > f->image_max) {
				f->image_max = size;
				f->image_max_output = vout;
			}
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:I, s:n, s:n, s:I}",
				"path", vout, "name", vout, "asset", f->path, "kind", "variant",
				"raw", size, "br", "gzip", "transfer", size));
			total_add(totals, "image", size, -1, -1);
			total_add(totals, "all", size, -1, -1);
		}
	}
	return out;
}

/* The source (in DIST) or output bytes of f, or NULL after a warning in
 * the report. A page too large to parse, or another file too large to read
 * whole, is left unread, with one warning. */
char *budget_read_entry(struct site *s, struct file *f, bool source, size_t *len)
{
	const char *content = budget_gets(f->entry, "content");
	char *path = source || !content ? xasprintf("%s/%s", s->dist, f->path)
					: xstrdup(content);
	bool page = strcmp(f->kind, "html") == 0;
	char *data = read_file_max(path, page ? REFS_MAX_SIZE : TEXT_READ_MAX, len);
	bool too_large = !data && errno == EFBIG;

	if (too_large && !f->too_large)
		budget_warn(s, page ? "'%s' is not read: over 16 MiB, the most distill parses; "
				"what the page loads is not counted"
			      : "'%s' is not read: over 64 MiB, the most distill reads whole",
		      f->path);
	else if (!data && !too_large)
		budget_warn(s, "cannot read '%s'", path);
	f->too_large = f->too_large || too_large;
	free(path);
	return data;
}

/* The largest file among the candidates of one image: what it costs at
 * worst. A plain <img src> that distill turns into a <picture> costs its
 * largest variant. */
struct pick {
	struct file *file;
	json_int_t bytes, raw;
	const char *output;
};

struct page {
	struct site *s;
	const char *html;   /* the page's bytes (borrowed) */
	const json_t *urls; /* URL as written -> target path */
	struct load script, stylesheet, image;
	/* The <picture> being read: where its start tag is, and the largest
	 * candidate of the <source srcset> children seen so far. */
	size_t picture;
	struct pick sources;
	bool has_sources;
};

static struct file *page_target(struct page *p, const char *url)
{
	const char *target;
	size_t n;

	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r' || *url == '\f')
		url++;
	n = strlen(url);
	while (n && strchr(" \t\n\r\f", url[n - 1]))
		n--;
	char *trimmed = xstrndup(url, n);
	target = budget_gets(p->urls, trimmed);
	free(trimmed);
	return target ? budget_find_file(p->s, target) : NULL;
}

/* An attribute's decoded value as a new string, or NULL when absent. */
static char *attr(const struct page *p, const struct html_element *el, const char *name)
{
	const struct html_attr *a = html_attr_find(el, name);

	return a ? html_attr_value(p->html, a) : NULL;
}

static bool rel_has(const char *rel, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = rel; p && *p;) {
		size_t len;

		p += strspn(p, " \t\n\r\f");
		len = strcspn(p, " \t\n\r\f");
		if (len == n && strncasecmp(p, word, n) == 0)
			return true;
		p += len;
	}
	return false;
}

static bool in_picture(const struct html_element *el)
{
	return el->parent && el->parent->ns == HTML_NS_HTML &&
	       strcmp(el->parent->name, "picture") == 0;
}

static void pick_url(struct page *p, struct pick *best, const char *url, bool plain_img)
{
	struct file *f = url ? page_target(p, url) : NULL;
	bool variant;
	json_int_t bytes;

	if (!f)
		return;
	variant = plain_img && f->image_max >= 0;
	bytes = variant ? f->image_max : budget_file_transfer(f);
	if (!best->file || bytes > best->bytes) {
		best->file = f;
		best->bytes = bytes;
		best->output = variant ? f->image_max_output : f->output;
		best->raw = variant ? f->image_max : f->raw;
	}
}

static void pick_srcset(struct page *p, struct pick *best, const char *srcset)
{
	/* HTML's srcset: URL, optional descriptors, comma; URLs hold no spaces. */
	for (const char *q = srcset; q && *q;) {
		size_t len;

		q += strspn(q, " \t\n\r\f,");
		len = strcspn(q, " \t\n\r\f");
		while (len && q[len - 1] == ',')
			len--;
		if (!len)
			break;
		char *url = xstrndup(q, len);
		pick_url(p, best, url, false);
		free(url);
		q += len;
		q += strcspn(q, ",");
	}
}

/* A <source> in a <picture>: its srcset competes for the <img> after it. */
static void page_source(struct page *p, const struct html_element *el)
{
	char *srcset;

	if (!in_picture(el))
		return;
	if (p->picture != el->parent->start) {
		p->picture = el->parent->start;
		p->sources = (struct pick){ 0 };
		p->has_sources = false;
	}
	if (!(srcset = attr(p, el, "srcset")))
		return;
	pick_srcset(p, &p->sources, srcset);
	p->has_sources = true;
	free(srcset);
}

static void page_image(struct page *p, const struct html_element *img)
{
	bool picture = in_picture(img);
	/* A browser that knows <source> types never falls back to <img>. */
	bool sources = picture && p->picture == img->parent->start && p->has_sources;
	struct pick best = sources ? p->sources : (struct pick){ 0 };

	if (!sources) {
		char *src = attr(p, img, "src"), *srcset = attr(p, img, "srcset");

		pick_url(p, &best, src, !srcset && !picture);
		pick_srcset(p, &best, srcset);
		free(src);
		free(srcset);
	}
	if (best.file)
		budget_load_add(&p->image, best.output, best.raw, best.bytes);
}

static void page_script(struct page *p, const struct html_element *el)
{
	char *src = attr(p, el, "src");
	struct file *f;

	if (src && !html_attr_find(el, "nomodule") && (f = page_target(p, src)))
		budget_add_closure(p->s, &p->script, f, "js");
	free(src);
}

static void page_link(struct page *p, const struct html_element *el)
{
	char *href = attr(p, el, "href"), *rel = attr(p, el, "rel");
	struct file *f;

	if (!href)
		goto out;
	if (rel_has(rel, "modulepreload") && (f = page_target(p, href)))
		budget_add_closure(p->s, &p->script, f, "js");
	else if (rel_has(rel, "stylesheet") && !rel_has(rel, "alternate") &&
		 (f = page_target(p, href)))
		budget_add_closure(p->s, &p->stylesheet, f, "css");
out:
	free(href);
	free(rel);
}

/* Each start tag of the page, from html_walk(). What is inside <template>
 * or <noscript> is not loaded with the page; SVG and MathML elements of the
 * same names load nothing here. */
static void page_element(void *ctx, const struct html_element *el)
{
	struct page *p = ctx;
	const char *tag = el->node.name;

	if (el->inert || el->node.ns != HTML_NS_HTML)
		return;
	if (strcmp(tag, "script") == 0)
		page_script(p, el);
	else if (strcmp(tag, "link") == 0)
		page_link(p, el);
	else if (strcmp(tag, "img") == 0)
		page_image(p, el);
	else if (strcmp(tag, "source") == 0)
		page_source(p, el);
}

static json_t *measure_page(struct site *s, struct file *f)
{
	struct page p = { .s = s, .picture = SIZE_MAX };
	struct html_walker w = { page_element, NULL, &p };
	json_t *urls = json_object(), *r;
	size_t i, len;
	char *html;

	json_array_foreach(json_object_get(f->entry, "refs"), i, r) {
		const char *url = budget_gets(r, "url"), *target = budget_gets(r, "target");

		if (url && target)
			json_object_set_new(urls, url, json_string(target));
	}
	p.urls = urls;
	budget_load_init(&p.script);
	budget_load_init(&p.stylesheet);
	budget_load_init(&p.image);
	html = budget_read_entry(s, f, true, &len);
	if (html) {
		enum charset cs;
		char *text = charset_page_to_utf8(html, &len, &cs);

		if (text)
			html = text;
		p.html = html;
		html_walk(html, len, &w);
		free(html);
	}
	json_decref(urls);

	char *url = url_of_output(f->output, NULL);
	json_t *page = json_pack("{s:s, s:s, s:s, s:{s:I, s:I}, s:o, s:o, s:o}",
		"path", f->output, "asset", f->path, "url", url,
		"document", "raw", f->raw, "transfer", budget_file_transfer(f),
		"script", budget_load_json(&p.script),
		"stylesheet", budget_load_json(&p.stylesheet),
		"image", budget_load_json(&p.image));
	free(url);
	return page;
}

static int by_raw_desc(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	json_int_t rx = budget_geti(x, "raw", 0), ry = budget_geti(y, "raw", 0);

	if (rx != ry)
		return rx < ry ? 1 : -1;
	return strcmp(budget_gets(x, "path"), budget_gets(y, "path"));
}

static int by_path(const void *a, const void *b)
{
	return strcmp(budget_gets(*(const json_t *const *)a, "path"),
		      budget_gets(*(const json_t *const *)b, "path"));
}

/* A copy of array sorted by cmp, at most max items. */
static json_t *sorted(const json_t *array, int (*cmp)(const void *, const void *),
		      size_t max, const char *kind)
{
	size_t n = json_array_size(array), k = 0, i;
	json_t **v = xcalloc(n + 1, sizeof(*v)), *e, *out = json_array();

	json_array_foreach(array, i, e)
		if (!kind || strcmp(budget_gets(e, "kind"), kind) == 0)
			v[k++] = e;
	sort_array(v, k, sizeof(*v), cmp);
	for (i = 0; i < k && i < max; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

json_t *budget_site_load(struct site *s, const json_t *manifest, json_t *totals)
{
	json_t *files;

	*s = (struct site){ .manifest = manifest };
	s->dist = budget_gets(manifest, "dist") ? budget_gets(manifest, "dist") : ".";
	s->by_path = json_object();
	s->warnings = json_array();
	files = load_files(s, totals);
	budget_load_vite(s);
	return files;
}

void budget_site_release(struct site *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		json_decref(s->files[i].imports);
	free(s->files);
	json_decref(s->by_path);
	json_decref(s->vite);
	json_decref(s->warnings);
}

json_t *budget_measure(const json_t *manifest, size_t top, size_t top_modules,
		       json_t **chunks)
{
	struct site s;
	json_t *report, *totals = json_object(), *files, *pages = json_array();

	files = budget_site_load(&s, manifest, totals);
	for (const char *const *g = (const char *const[]){ "js", "css", "html",
	     "image", "font", "other", "all", NULL }; *g; g++)
		total_get(totals, *g);
	for (size_t i = 0; i < s.nfiles; i++)
		if (strcmp(s.files[i].kind, "html") == 0)
			json_array_append_new(pages, measure_page(&s, &s.files[i]));

	report = json_pack("{s:i, s:s, s:b, s:o, s:o, s:o}", "version",
			   BUDGET_REPORT_VERSION, "dist", s.dist, "vite_manifest",
			   s.vite != NULL, "totals", totals,
			   "largest_js", sorted(files, by_raw_desc, top, "js"),
			   "pages", pages);
	json_object_set_new(report, "files", sorted(files, by_path, (size_t)-1, NULL));
	json_decref(files);
	*chunks = budget_measure_modules(&s, report, top_modules);
	json_object_set(report, "warnings", s.warnings);
	budget_site_release(&s);
	return report;
}
