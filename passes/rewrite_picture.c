/* SPDX-License-Identifier: MIT */
/*
 * <img> to <picture>: the part of the rewrite pass that reads image records.
 *
 *   <img src="a.jpg" alt="">
 * becomes
 *   <picture><source type="image/avif" srcset="... 320w, ... 640w" sizes="S">
 *   <source type="image/webp" srcset="..." sizes="S"><img src="a.jpg" alt=""
 *   width="W" height="H"></picture>
 * (without the line breaks). The <img> keeps every byte it had, its src
 * rewritten like any reference; width and height are added unless the
 * author gave them, so the browser reserves the space before the image
 * arrives. S is the author's sizes, else the configured default.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/record.h"
#include "../src/lib/buf.h"
#include "../src/lib/digest.h"
#include "../src/lib/html.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "image.h"
#include "rewrite_int.h"

/* Sources in the order browsers should try them: the first type a browser
 * supports wins. */
static const char *const formats[] = { "avif", "webp" };

struct variant {
	const char *format;
	json_int_t width, height;
	char *output;
};

/* Where a variant of the image record lands: the image pass's own naming,
 * so that the two never disagree (long names are cut the same way). */
static char *variant_output(const struct rewrite *rw, const char *source,
			    const json_t *v)
{
	json_int_t width = json_integer_value(json_object_get(v, "width"));
	const char *format = json_string_value(json_object_get(v, "format"));
	const char *hex = json_string_value(json_object_get(v, "hash"));

	if (!format || !hex || width <= 0 || width > UINT_MAX)
		return NULL;
	return image_variant_output(rw->prefix, source, (unsigned)width, format, hex);
}

static int variant_cmp(const void *a, const void *b)
{
	const struct variant *x = a, *y = b;
	int c = strcmp(x->format, y->format);

	if (c)
		return c;
	return x->width < y->width ? -1 : x->width > y->width;
}

void rewrite_attr_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			buf_adds(b, "&amp;");
		else if (*s == '"')
			buf_adds(b, "&quot;");
		else
			buf_addc(b, *s);
	}
}

long long rewrite_pixels(const char *s)
{
	long long v = 0;

	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' || *s == '\r')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 1000000)
			return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' || *s == '\r')
		s++;
	return *s ? -1 : v;
}

/* What the <img> tag already says, parsed on its own. */
struct img_tag {
	long long width, height; /* -1 when not given as pixels */
	bool has_width, has_height, has_style;
	char *sizes;             /* new string, or NULL */
	size_t insert;           /* where width/height go, relative to the tag */
};

/* Reading one tag: its bytes, and what it says. */
struct tag_read {
	const char *tag;
	struct img_tag *t;
	bool found;
};

/* The value of attribute name of el, decoded, or NULL; caller frees. */
static char *attr(const struct tag_read *r, const struct html_element *el, const char *name)
{
	const struct html_attr *a = html_attr_find(el, name);

	return a ? html_attr_value(r->tag, a) : NULL;
}

static void tag_element(void *ctx, const struct html_element *el)
{
	struct tag_read *r = ctx;
	struct img_tag *t = r->t;
	char *w, *h;

	if (r->found || strcmp(el->node.name, "img") != 0)
		return;
	r->found = true;
	w = attr(r, el, "width");
	h = attr(r, el, "height");
	t->has_width = w != NULL;
	t->has_height = h != NULL;
	t->has_style = html_attr_find(el, "style") != NULL;
	t->width = rewrite_pixels(w);
	t->height = rewrite_pixels(h);
	t->sizes = attr(r, el, "sizes");
	if (t->sizes && !*t->sizes) {
		free(t->sizes);
		t->sizes = NULL;
	}
	/* "<img src="a"/>": before the solidus. "<img src=a/>": the '/' is
	 * part of the value, so after it. */
	t->insert = el->end - el->node.start - (el->self_closing ? 2 : 1);
	free(w);
	free(h);
}

static bool parse_tag(const char *tag, size_t len, struct img_tag *t)
{
	struct tag_read r = { tag, t, false };
	struct html_walker w = { tag_element, NULL, &r };

	html_walk(tag, len, &w);
	return r.found;
}

/* The width and height attributes to add, or "" when the author's stand. */
static void dimensions(struct buf *b, const struct img_tag *t, json_int_t w, json_int_t h)
{
	if (w <= 0 || h <= 0 || (t->has_width && t->has_height))
		return;
	if (!t->has_width && !t->has_height)
		buf_addf(b, " width=\"%lld\" height=\"%lld\"", (long long)w, (long long)h);
	else if (t->has_width && t->width > 0)
		buf_addf(b, " height=\"%lld\"", (t->width * (long long)h + w / 2) / w);
	else if (t->has_height && t->height > 0)
		buf_addf(b, " width=\"%lld\"", (t->height * (long long)w + h / 2) / h);
}

/* The style attribute showing the image's placeholder (image_placeholder.c)
 * of the kind asked for ("lqip" falls back to the colour when the image
 * had none small enough), or nothing when the record has none (an image
 * with alpha). */
static void placeholder(struct buf *b, const char *kind, const json_t *ph)
{
	const char *colour = json_string_value(json_object_get(ph, "color"));
	const char *lqip = json_string_value(json_object_get(ph, "lqip"));

	if (strcmp(kind, "lqip") == 0 && lqip)
		buf_addf(b, " style=\"background-image: url(%s); background-size: cover\"", lqip);
	else if (colour)
		buf_addf(b, " style=\"background-color: %s\"", colour);
}

bool rewrite_picture(struct rewrite *rw, const struct ref *r, const char *target,
		     const char *image_dir)
{
	json_t *record = record_load(image_dir, false);
	const json_t *vs = json_object_get(record, "variants");
	json_int_t w = json_integer_value(json_object_get(record, "width"));
	json_int_t h = json_integer_value(json_object_get(record, "height"));
	struct img_tag tag = { -1, -1, false, false, false, NULL, 0 };
	struct variant *v = NULL;
	struct buf open = BUF_INIT, dims = BUF_INIT;
	bool absolute = url_is_absolute(r->url), made = false;
	char *first_srcset = NULL, *first_root = NULL;
	size_t nv = 0, i, first_format = 0;
	json_t *jv;

	if (!record && !rw->damaged)
		rw->damaged = xstrdup(image_dir);
	if (!record || json_object_get(record, "error") || !json_is_array(vs) ||
	    json_array_size(vs) == 0)
		goto out;
	if (r->element >= r->start || r->end > r->element_end || r->element_end > rw->len ||
	    r->element_end - r->element < 2 || rw->data[r->element_end - 1] != '>' ||
	    !parse_tag(rw->data + r->element, r->element_end - r->element, &tag))
		goto out;
	v = xcalloc(json_array_size(vs), sizeof(*v));
	json_array_foreach(vs, i, jv) {
		const char *format = json_string_value(json_object_get(jv, "format"));
		json_int_t width = json_integer_value(json_object_get(jv, "width"));
		char *output = variant_output(rw, target, jv);

		if (!format || width <= 0 || !output) {
			free(output);
			continue;
		}
		v[nv++] = (struct variant){ format, width,
					    json_integer_value(json_object_get(jv, "height")), output };
	}
	sort_array(v, nv, sizeof(*v), variant_cmp);
	buf_adds(&open, "<picture>");
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		struct buf set = BUF_INIT, root = BUF_INIT;

		for (i = 0; i < nv; i++) {
			char *url;

			if (strcmp(v[i].format, formats[f]) != 0)
				continue;
			url = rewrite_url(rw, v[i].output, absolute);
			buf_addf(&set, "%s%s %lldw", set.len ? ", " : "", url, (long long)v[i].width);
			free(url);
			url = url_for_dir("", v[i].output, 1);
			buf_addf(&root, "%s%s %lldw", root.len ? ", " : "", url, (long long)v[i].width);
			free(url);
		}
		if (set.len && !made) {
			first_format = f;
			first_srcset = xstrdup(set.data);
			first_root = buf_detach(&root);
		}
		buf_release(&root);
		if (set.len) {
			buf_addf(&open, "<source type=\"image/%s\" srcset=\"%s\" sizes=\"",
				 formats[f], set.data);
			rewrite_attr_text(&open, tag.sizes ? tag.sizes : rw->opt.sizes);
			buf_adds(&open, "\">");
			made = true;
		}
		buf_release(&set);
	}
	if (!made)
		goto out;
	if (w <= 0 || h <= 0) {
		/* No source size recorded: the largest variant has its shape. */
		w = h = 0;
		for (i = 0; i < nv; i++)
			if (v[i].width > w) {
				w = v[i].width;
				h = v[i].height;
			}
	}
	dimensions(&dims, &tag, w, h);
	if (rw->opt.placeholder && !tag.has_style)
		placeholder(&dims, rw->opt.placeholder, json_object_get(record, "placeholder"));
	rw->pictures_made = xgrow(rw->pictures_made, &rw->cap_pictures_made,
				  rw->npictures_made + 1, sizeof(*rw->pictures_made));
	rw->pictures_made[rw->npictures_made++] = (struct picture_made){
		r->element, formats[first_format], first_srcset,
		xstrdup(tag.sizes ? tag.sizes : rw->opt.sizes), first_root,
		tag.has_width && tag.width > 0 ? tag.width : w,
		tag.has_height && tag.height > 0 ? tag.height : h };
	first_srcset = first_root = NULL;
	rewrite_edit(rw, r->element, r->element, buf_detach(&open));
	if (dims.len)
		rewrite_edit(rw, r->element + tag.insert, r->element + tag.insert, buf_detach(&dims));
	rewrite_edit(rw, r->element_end, r->element_end, xstrdup("</picture>"));
out:
	for (i = 0; i < nv; i++)
		free(v[i].output);
	free(v);
	free(first_srcset);
	free(first_root);
	free(tag.sizes);
	buf_release(&open);
	buf_release(&dims);
	json_decref(record);
	return made;
}
