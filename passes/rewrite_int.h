/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_REWRITE_INT_H
#define DISTILL_REWRITE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../src/lib/refs.h"

struct buf;

/*
 * The parts of the rewrite pass, shared by its files: rewrite.c (the pass:
 * plan, the job, reference edits), rewrite_picture.c (<img> to
 * <picture>), rewrite_loading.c (loading hints) and rewrite_early.c (the
 * Link values of the page's early hints).
 */

struct rewrite_options {
	bool picture;      /* turn plain <img> of raster images into <picture> */
	const char *sizes; /* sizes when the author gave none (borrowed) */
	bool hints;        /* loading hints on images (rewrite_loading.c) */
	bool lcp_first;    /* the first large image is the LCP one, unless marked */
	const char *placeholder; /* "color", "lqip" or NULL (borrowed) */
	bool integrity;    /* integrity values on scripts and stylesheets */
	const char *sw_register; /* HTML: the file at the site root of the
	                            script that registers the service worker,
	                            to add; or NULL */
};

/* A <picture> the job made: its <img>'s place, the first source (the
 * first format browsers try), the image's size. */
struct picture_made {
	size_t element;    /* the <img> tag's '<' */
	const char *format; /* "avif" (static) */
	char *srcset, *sizes;
	char *srcset_root;  /* srcset with root-relative URLs ("/assets/..."),
	                       for a Link header */
	long long width, height;
};

/* One splice: bytes [start, end) of the input become text (owned); start ==
 * end inserts. order keeps insertions at one place in the order made. */
struct edit {
	size_t start, end;
	char *text;
	size_t order;
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

/* One job's state. */
struct rewrite {
	const char *path;    /* the file's source path, relative to DIST */
	const char *output;  /* where it lands in the output tree */
	const char *out;     /* the job's store folder */
	const json_t *urls;  /* the url map (borrowed) */
	const char *prefix;  /* the hash pass's prefix, for variant names */
	struct rewrite_options opt;
	char *data;          /* the input bytes */
	size_t len;
	const char *base;    /* <base href>, or NULL */
	char *out_dir;       /* the folder relative URLs resolve against in
	                        the output, or NULL when the base is external */
	struct edits edits;
	size_t nedits, pictures;
	json_t *picture_images; /* source paths of the images each <picture>
	                           made shows, in page order */
	json_t *tag_integrity; /* the '<' of a script or stylesheet tag (as a
	                          decimal key) -> the integrity value it ends
	                          with */
	json_t *early_hints; /* the page's Link values (rewrite_early.c) */
	struct picture_made *pictures_made;
	size_t npictures_made, cap_pictures_made;
	char *damaged;       /* an image record that failed its check, or NULL */
	bool hydrated;       /* a framework renders the page again in the
	                        browser: no <picture> (page_hydrates()) */
	bool failed;         /* a file an integrity value is made from was
	                        not readable */
};

/* Add an edit; takes ownership of text. */
void rewrite_edit(struct rewrite *rw, size_t start, size_t end, char *text);
/* The output path of the asset at path (relative to DIST) and, in *image
 * when image is not NULL, its image store folder (or NULL). Returns NULL
 * when path is not an asset of the site. */
const char *rewrite_output_of(const struct rewrite *rw, const char *path, const char **image);
/* The URL this file should use for target_out, absolute or relative.
 * Returns a new string. */
char *rewrite_url(const struct rewrite *rw, const char *target_out, bool absolute);
/* Wrap the <img> of ref r (a REF_IMG naming the raster image at target,
 * whose image record is in image_dir) in a <picture> with AVIF and WebP
 * sources, and give it width and height. Adds only insertions; the src
 * itself is rewritten by the caller. Returns true when it did, false when
 * the image has no usable variants (an "error" record) or its record is
 * damaged (then named in rw->damaged, for the job to fail). */
bool rewrite_picture(struct rewrite *rw, const struct ref *r, const char *target,
		     const char *image_dir);
/* Append s to b escaped for a double-quoted attribute value. */
void rewrite_attr_text(struct buf *b, const char *s);
/* An attribute value that is a plain number of pixels, else -1. */
long long rewrite_pixels(const char *s);
/* Loading hints on the page's images (rewrite_loading.c), after its
 * references are edited; and the page's early hints. Returns where in
 * <head> a tag distill adds goes (after <meta charset> and <base>), or 0
 * when the page has no <head> tag. */
size_t rewrite_loading(struct rewrite *rw);
/* The script that registers the service worker (opt.sw_register), at
 * head_at; not on a page without <head> (head_at 0) nor one that
 * registers a worker itself (rewrite_register.c). */
void rewrite_register(struct rewrite *rw, size_t head_at);

struct html_element;
/* The value of the element's attribute name, decoded, or NULL. A new
 * string. */
char *rewrite_attr(const struct rewrite *rw, const struct html_element *el, const char *name);
/* The Link value that preloads the file a <link rel=stylesheet> or
 * <script src> element names, as the element would fetch it, or NULL
 * (rewrite_early.c). */
char *rewrite_early_tag(const struct rewrite *rw, const struct html_element *el);
/* The Link value that preloads the page's LCP image, the <img> el, or
 * NULL. */
char *rewrite_early_image(const struct rewrite *rw, const struct html_element *el);

#endif
