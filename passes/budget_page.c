/* SPDX-License-Identifier: MIT */
/*
 * What a page loads when it opens, read from its source HTML with the
 * shared walker (src/lib/html.h) and resolved through the manifest's refs: its
 * scripts and module preloads, its stylesheets (each with the closure of
 * budget_imports.c), and for each image the largest candidate it may pick.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/manifest.h"
#include "../src/lib/charset.h"
#include "../src/lib/html.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "budget_site.h"

/* The largest file among the candidates of one image: what it costs at
 * worst. A plain <img src> that distill turned into a <picture> costs its
 * largest variant; one it left alone (a page a framework hydrates, or
 * rewrite.picture false) its own bytes: the page's entry lists which
 * (picture_images, from the rewrite pass). */
struct pick {
	struct file *file;
	json_int_t bytes, raw;
	const char *output;
};

struct page {
	struct site *s;
	const struct manifest_entry *entry; /* the page's */
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

static bool made_picture(const struct page *p, const struct file *image)
{
	for (size_t i = 0; i < p->entry->npicture_images; i++)
		if (strcmp(p->entry->picture_images[i], image->path) == 0)
			return true;
	return false;
}

static void pick_url(struct page *p, struct pick *best, const char *url, bool plain_img)
{
	struct file *f = url ? page_target(p, url) : NULL;
	bool variant;
	json_int_t bytes;

	if (!f)
		return;
	variant = plain_img && f->image_max >= 0 && made_picture(p, f);
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

json_t *budget_measure_page(struct site *s, struct file *f)
{
	struct page p = { .s = s, .entry = f->entry, .picture = SIZE_MAX };
	struct html_walker w = { page_element, NULL, &p };
	json_t *urls = json_object();
	size_t len;
	char *html;

	for (size_t i = 0; i < f->entry->nrefs; i++)
		if (f->entry->refs[i].target)
			json_object_set_new(urls, f->entry->refs[i].url,
					    json_string(f->entry->refs[i].target));
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
