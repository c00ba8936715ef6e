/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IMAGE_VIPS_H
#define DISTILL_IMAGE_VIPS_H

/* Decoding and resizing through libvips (image_decode.c), for the image
 * job; in distill-image alone. */

#include <vips/vips.h>

#include "image_int.h"

/* Set libvips up for a job: operation cache off, one thread, only the JPEG
 * and PNG loaders, its warnings silenced. Exits if libvips cannot start. */
void image_vips_setup(void);
/* The first line of libvips' error buffer, which is then cleared. Returns a
 * new string. */
char *image_vips_reason(void);
/* Open path with the loader of f, streaming (a JPEG shrunk on load by
 * shrink: 1, 2, 4 or 8). Returns 0, or -1 with the reason in libvips' error
 * buffer. */
int image_load(const char *path, enum image_format f, int shrink,
	       VipsImage **out);
/* Decode *im (the header image of path, replaced as the work goes on) into
 * memory: 8-bit sRGB, upright, at least top px wide when its upright width
 * w allows. Returns a new image, or NULL (reason in libvips' error buffer). */
VipsImage *image_decode(VipsImage **im, const char *path, enum image_format f,
			unsigned w, unsigned top);
/* in (8-bit sRGB, 3 or 4 bands) resized by scale with lanczos3, or, when
 * box is not 0, shrunk by the integer box; alpha is premultiplied for it.
 * Returns a new image or NULL. */
VipsImage *image_scale(VipsImage *in, double scale, int box);

/* The placeholder (image_placeholder.c): at most this many pixels a side,
 * blurred with this sigma, at most this many bytes of WebP. */
#define PLACEHOLDER_SIDE 32
#define PLACEHOLDER_BLUR 1.5
#define PLACEHOLDER_MAX_BYTES 600
/* Set record's "placeholder" to {"color": "#rrggbb", "lqip": data: URI,
 * left out when too large} from base (8-bit sRGB), unless base has alpha.
 * Returns 0, or -1 with the reason in libvips' error buffer. */
int image_placeholder(VipsImage *base, const struct image_codec_options *codec,
		      json_t *record);

#endif
