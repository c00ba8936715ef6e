/* SPDX-License-Identifier: MIT */
/*
 * What a page loads when it opens, read from its source HTML with the
 * shared walker (src/lib/html.h) and resolved through the manifest's refs: its
 * scripts and module preloads, its stylesheets (each with the closure of
 * budget_imports.c), and for each image the largest candidate it may pick.
 *
 * The walk writes what it finds as steps (below), which are then played
 * against the sizes of this build. The steps depend only on the page's
 * bytes and refs, so they are kept in a memo (gen/budget/measure.memo) under
 * a key of those: a page that did not change is not read again, however
 * the sizes of what it loads changed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/charset.h"
#include "../src/lib/html.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "budget_site.h"

/*
 * The steps, each a NUL-terminated string: a letter, then the source
 * path of a file the page names.
 *   s PATH  a script: it and its static imports
 *   c PATH  a stylesheet: it and its @imports
 *   i PATH  a candidate of the image being read
 *   j PATH  the same, from a plain <img src> (no srcset, no <picture>)
 *   I       the image ends: the largest of its candidates counts
 */
#define STEP_SCRIPT 's'
#define STEP_STYLESHEET 'c'
#define STEP_CANDIDATE 'i'
#define STEP_PLAIN_CANDIDATE 'j'
#define STEP_IMAGE_END 'I'

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

/* A page being walked. */
struct walk {
	const char *html;   /* the page's bytes (borrowed) */
	const json_t *urls; /* URL as written -> target path */
	struct buf *steps;
	/* The <picture> being read: where its start tag is, and the
	 * candidates of the <source srcset> children seen so far. */
	size_t picture;
	struct buf sources;
	bool has_sources;
};

/* A page's steps being played. */
struct page {
	struct site *s;
	const struct manifest_entry *entry; /* the page's */
	struct load script, stylesheet, image;
};

static void add_step(struct buf *steps, char letter, const char *path)
{
	buf_addc(steps, letter);
	buf_add(steps, path, strlen(path) + 1);
}

/* The source path url names, or NULL. */
static const char *page_target(const struct walk *w, const char *url)
{
	const char *target;
	size_t n;

	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r' || *url == '\f')
		url++;
	n = strlen(url);
	while (n && strchr(" \t\n\r\f", url[n - 1]))
		n--;
	char *trimmed = xstrndup(url, n);
	target = budget_gets(w->urls, trimmed);
	free(trimmed);
	return target;
}

/* An attribute's decoded value as a new string, or NULL when absent. */
static char *attr(const struct walk *w, const struct html_element *el, const char *name)
{
	const struct html_attr *a = html_attr_find(el, name);

	return a ? html_attr_value(w->html, a) : NULL;
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

/* A candidate of an image, as a step into steps. */
static void add_candidate(struct walk *w, struct buf *steps, const char *url, bool plain_img)
{
	const char *target = url ? page_target(w, url) : NULL;

	if (target)
		add_step(steps, plain_img ? STEP_PLAIN_CANDIDATE : STEP_CANDIDATE, target);
}

static void add_srcset(struct walk *w, struct buf *steps, const char *srcset)
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
		add_candidate(w, steps, url, false);
		free(url);
		q += len;
		q += strcspn(q, ",");
	}
}

/* A <source> in a <picture>: its srcset competes for the <img> after it. */
static void walk_source(struct walk *w, const struct html_element *el)
{
	char *srcset;

	if (!in_picture(el))
		return;
	if (w->picture != el->parent->start) {
		w->picture = el->parent->start;
		buf_reset(&w->sources);
		w->has_sources = false;
	}
	if (!(srcset = attr(w, el, "srcset")))
		return;
	add_srcset(w, &w->sources, srcset);
	w->has_sources = true;
	free(srcset);
}

static void walk_image(struct walk *w, const struct html_element *img)
{
	bool picture = in_picture(img);
	/* A browser that knows <source> types never falls back to <img>. */
	bool sources = picture && w->picture == img->parent->start && w->has_sources;

	if (sources) {
		buf_add(w->steps, w->sources.data, w->sources.len);
	} else {
		char *src = attr(w, img, "src"), *srcset = attr(w, img, "srcset");

		add_candidate(w, w->steps, src, !srcset && !picture);
		add_srcset(w, w->steps, srcset);
		free(src);
		free(srcset);
	}
	add_step(w->steps, STEP_IMAGE_END, "");
}

static void walk_script(struct walk *w, const struct html_element *el)
{
	char *src = attr(w, el, "src");
	const char *target;

	if (src && !html_attr_find(el, "nomodule") && (target = page_target(w, src)))
		add_step(w->steps, STEP_SCRIPT, target);
	free(src);
}

static void walk_link(struct walk *w, const struct html_element *el)
{
	char *href = attr(w, el, "href"), *rel = attr(w, el, "rel");
	const char *target = href ? page_target(w, href) : NULL;

	if (target && rel_has(rel, "modulepreload"))
		add_step(w->steps, STEP_SCRIPT, target);
	else if (target && rel_has(rel, "stylesheet") && !rel_has(rel, "alternate"))
		add_step(w->steps, STEP_STYLESHEET, target);
	free(href);
	free(rel);
}

/* Each start tag of the page, from html_walk(). What is inside <template>
 * or <noscript> is not loaded with the page; SVG and MathML elements of the
 * same names load nothing here. */
static void walk_element(void *ctx, const struct html_element *el)
{
	struct walk *w = ctx;
	const char *tag = el->node.name;

	if (el->inert || el->node.ns != HTML_NS_HTML)
		return;
	if (strcmp(tag, "script") == 0)
		walk_script(w, el);
	else if (strcmp(tag, "link") == 0)
		walk_link(w, el);
	else if (strcmp(tag, "img") == 0)
		walk_image(w, el);
	else if (strcmp(tag, "source") == 0)
		walk_source(w, el);
}

/* The steps of page f into steps, from its HTML. Returns false when the
 * page could not be read (a warning says why). */
static bool walk_page(struct site *s, struct file *f, struct buf *steps)
{
	struct walk w = { .steps = steps, .picture = SIZE_MAX };
	struct html_walker walker = { walk_element, NULL, &w };
	json_t *urls = json_object();
	size_t len;
	char *html;

	for (size_t i = 0; i < f->entry->nrefs; i++)
		if (f->entry->refs[i].target)
			json_object_set_new(urls, f->entry->refs[i].url,
					    json_string(f->entry->refs[i].target));
	w.urls = urls;
	html = budget_read_entry(s, f, true, &len);
	if (html) {
		enum charset cs;
		char *text = charset_page_to_utf8(html, &len, &cs);

		if (text)
			html = text;
		w.html = html;
		html_walk(html, len, &walker);
		free(html);
	}
	buf_release(&w.sources);
	json_decref(urls);
	return html != NULL;
}

static void pick_file(struct page *p, struct pick *best, struct file *f, bool plain_img)
{
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

/* Play the steps against this build's files and sizes. */
static void play(struct page *p, const char *steps, size_t len)
{
	struct pick best = { 0 };

	for (const char *step = steps; step < steps + len; step += strlen(step) + 1) {
		struct file *f = step[0] ? budget_find_file(p->s, step + 1) : NULL;

		switch (step[0]) {
		case STEP_SCRIPT:
			if (f)
				budget_add_closure(p->s, &p->script, f, "js");
			break;
		case STEP_STYLESHEET:
			if (f)
				budget_add_closure(p->s, &p->stylesheet, f, "css");
			break;
		case STEP_CANDIDATE:
		case STEP_PLAIN_CANDIDATE:
			pick_file(p, &best, f, step[0] == STEP_PLAIN_CANDIDATE);
			break;
		case STEP_IMAGE_END:
			if (best.file)
				budget_load_add(&p->image, best.output, best.raw, best.bytes);
			best = (struct pick){ 0 };
			break;
		}
	}
}

/* What the steps of f depend on: its bytes and what its URLs name. */
static struct hash128 steps_key(const struct file *f)
{
	struct digest_key k;

	digest_key_init(&k);
	digest_key_str(&k, f->entry->hash);
	for (size_t i = 0; i < f->entry->nrefs; i++) {
		digest_key_str(&k, f->entry->refs[i].url);
		digest_key_str(&k, f->entry->refs[i].target ? f->entry->refs[i].target : "");
	}
	return digest_key_final(&k);
}

json_t *budget_measure_page(struct site *s, struct file *f)
{
	struct page p = { .s = s, .entry = f->entry };
	struct hash128 key = { 0 };
	const struct blob_memo_entry *memo = NULL;
	struct buf steps = BUF_INIT;

	if (f->entry->hash) {
		key = steps_key(f);
		memo = blob_memo_find(&s->memo, key);
	}
	budget_load_init(&p.script);
	budget_load_init(&p.stylesheet);
	budget_load_init(&p.image);
	if (memo) {
		s->pages_remembered++;
		play(&p, memo->data, memo->len);
		blob_memo_add(&s->memo_next, key, memo->data, memo->len);
	} else if (walk_page(s, f, &steps)) {
		play(&p, steps.data, steps.len);
		if (f->entry->hash)
			blob_memo_add(&s->memo_next, key, steps.data, steps.len);
	}
	buf_release(&steps);

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
