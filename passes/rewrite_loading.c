/* SPDX-License-Identifier: MIT */
/*
 * Loading hints: the part of the rewrite pass that tells the browser which
 * of a page's images to fetch first and which to leave until they scroll
 * into view, as Astro's <Image>, next/image and unpic do per image, but
 * from the finished page.
 *
 * The page's likely LCP image is the first <img> in document order that
 * is loaded with the page (not in <template> or <noscript>, nor under an
 * element with the hidden attribute), not made lazy by the author, and not
 * small (both sides known, from its attributes or its image record, and
 * under SMALL_AREA pixels: a logo, an avatar, an icon); an <img> with
 * fetchpriority="high" or
 * data-distill-priority is it instead. It gets fetchpriority="high", and,
 * when distill made its <picture>, a <link rel="preload" as="image"> with
 * the first source's srcset (AVIF) in <head>, after <meta charset> and
 * <base>. Every
 * other image of the site's own gets loading="lazy" and decoding="async".
 * An attribute the author wrote is never changed or added twice; with
 * rewrite.lcp "none" no image is chosen unless marked. Pages a framework
 * hydrates are left alone, as for <picture>.
 *
 * The same walk collects the page's early hints (rewrite_early.c): its
 * stylesheets and scripts in document order, then its LCP image.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/lib/buf.h"
#include "../src/lib/html.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "rewrite_int.h"

/* Under this many pixels (316 x 316), an image of known size is not taken
 * for the page's main image. */
#define SMALL_AREA 100000LL

struct hint_img {
	size_t start;      /* the <img> tag's '<' */
	size_t insert;     /* where attributes go: before its '>' or '/>' */
	bool loading, decoding, fetchpriority; /* the author set them */
	bool marked;       /* fetchpriority="high" or data-distill-priority */
	bool candidate;    /* may be the LCP image */
	char *early;       /* its early hint, should it be the LCP image */
};

struct hint_walk {
	struct rewrite *rw;
	struct hint_img *v;
	size_t n, cap;
	size_t *hidden;    /* starts of hidden elements, in document order */
	size_t nhidden, caphidden;
	size_t preload_at; /* in <head>: where the LCP preload goes; 0: nowhere */
};

static bool is_hidden(const struct hint_walk *w, size_t start)
{
	size_t lo = 0, hi = w->nhidden;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->hidden[mid] == start)
			return true;
		if (w->hidden[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

char *rewrite_attr(const struct rewrite *rw, const struct html_element *el, const char *name)
{
	const struct html_attr *a = html_attr_find(el, name);

	return a ? html_attr_value(rw->data, a) : NULL;
}

/* Whether the image is known to be small: from its attributes, else the
 * size distill gave the <picture> it made. */
static bool is_small(const struct rewrite *rw, const struct html_element *el)
{
	char *ws = rewrite_attr(rw, el, "width"), *hs = rewrite_attr(rw, el, "height");
	long long w = rewrite_pixels(ws), h = rewrite_pixels(hs);

	free(ws);
	free(hs);
	for (size_t i = 0; (w < 0 || h < 0) && i < rw->npictures_made; i++)
		if (rw->pictures_made[i].element == el->node.start) {
			w = rw->pictures_made[i].width;
			h = rw->pictures_made[i].height;
		}
	return w >= 0 && h >= 0 && w * h < SMALL_AREA;
}

/* Whether src names a file of the site. */
static bool is_local(const struct rewrite *rw, const char *src)
{
	char *suffix = NULL, *target;
	bool local;

	if (!src || !*src || url_is_external(src))
		return false;
	target = url_resolve(rw->path, rw->base, src, &suffix);
	local = target && rewrite_output_of(rw, target, NULL);
	free(target);
	free(suffix);
	return local;
}

static void hint_element(void *ctx, const struct html_element *el)
{
	struct hint_walk *w = ctx;
	struct rewrite *rw = w->rw;
	const char *name = el->node.name;
	bool hidden = el->parent && is_hidden(w, el->parent->start);
	struct hint_img *img;
	char *src, *priority, *loading, *early;

	if (el->node.ns != HTML_NS_HTML)
		return;
	if ((early = rewrite_early_tag(rw, el)))
		json_array_append_new(rw->early_hints, json_string(early));
	free(early);
	if (hidden || html_attr_find(el, "hidden")) {
		w->hidden = xgrow(w->hidden, &w->caphidden, w->nhidden + 1, sizeof(*w->hidden));
		w->hidden[w->nhidden++] = el->node.start;
		hidden = true;
	}
	if (strcmp(name, "head") == 0 && !w->preload_at)
		w->preload_at = el->end;
	/* After <meta charset>, which must stay in the first 1,024 bytes,
	 * and after <base>, which the preload's URLs resolve against. */
	if (el->parent && strcmp(el->parent->name, "head") == 0 &&
	    ((strcmp(name, "meta") == 0 && html_attr_find(el, "charset")) ||
	     strcmp(name, "base") == 0) && el->end > w->preload_at)
		w->preload_at = el->end;
	if (strcmp(name, "img") != 0 || el->inert)
		return;
	src = rewrite_attr(rw, el, "src");
	if (!is_local(rw, src)) {
		free(src);
		return;
	}
	free(src);
	w->v = xgrow(w->v, &w->cap, w->n + 1, sizeof(*w->v));
	img = &w->v[w->n++];
	img->start = el->node.start;
	img->insert = el->end - (el->self_closing ? 2 : 1);
	img->loading = html_attr_find(el, "loading") != NULL;
	img->decoding = html_attr_find(el, "decoding") != NULL;
	img->fetchpriority = html_attr_find(el, "fetchpriority") != NULL;
	priority = rewrite_attr(rw, el, "fetchpriority");
	img->marked = html_attr_find(el, "data-distill-priority") ||
		      (priority && strcasecmp(priority, "high") == 0);
	free(priority);
	loading = rewrite_attr(rw, el, "loading");
	img->candidate = !hidden && !(loading && strcasecmp(loading, "lazy") == 0) &&
			 !is_small(rw, el);
	free(loading);
	img->early = img->candidate || img->marked ? rewrite_early_image(rw, el) : NULL;
}

/* The <link rel="preload"> for the <picture> distill made at start, or
 * NULL when it made none there. */
static char *preload_link(const struct rewrite *rw, size_t start)
{
	for (size_t i = 0; i < rw->npictures_made; i++) {
		const struct picture_made *p = &rw->pictures_made[i];
		struct buf b = BUF_INIT;

		if (p->element != start)
			continue;
		buf_addf(&b, "<link rel=\"preload\" as=\"image\" type=\"image/%s\" imagesrcset=\"",
			 p->format);
		rewrite_attr_text(&b, p->srcset);
		buf_adds(&b, "\" imagesizes=\"");
		rewrite_attr_text(&b, p->sizes);
		buf_adds(&b, "\" fetchpriority=\"high\">");
		return buf_detach(&b);
	}
	return NULL;
}

size_t rewrite_loading(struct rewrite *rw)
{
	struct hint_walk w = { .rw = rw };
	struct html_walker walker = { hint_element, NULL, &w };
	const struct hint_img *lcp = NULL;

	html_walk(rw->data, rw->len, &walker);
	if (!rw->opt.hints || rw->hydrated)
		goto out;
	for (size_t i = 0; i < w.n && !lcp; i++)
		if (w.v[i].marked)
			lcp = &w.v[i];
	for (size_t i = 0; i < w.n && !lcp && rw->opt.lcp_first; i++)
		if (w.v[i].candidate)
			lcp = &w.v[i];
	for (size_t i = 0; i < w.n; i++) {
		const struct hint_img *img = &w.v[i];
		struct buf add = BUF_INIT;

		if (img == lcp && !img->fetchpriority)
			buf_adds(&add, " fetchpriority=\"high\"");
		if (img != lcp && !img->loading)
			buf_adds(&add, " loading=\"lazy\"");
		if (img != lcp && !img->decoding)
			buf_adds(&add, " decoding=\"async\"");
		if (add.len) {
			rewrite_edit(rw, img->insert, img->insert, buf_detach(&add));
			rw->nedits++;
		}
		buf_release(&add);
	}
	if (lcp && w.preload_at) {
		char *link = preload_link(rw, lcp->start);

		if (link) {
			rewrite_edit(rw, w.preload_at, w.preload_at, link);
			rw->nedits++;
		}
	}
	if (lcp && lcp->early)
		json_array_append_new(rw->early_hints, json_string(lcp->early));
out:
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i].early);
	free(w.v);
	free(w.hidden);
	return w.preload_at;
}
