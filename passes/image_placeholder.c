/* SPDX-License-Identifier: MIT */
/*
 * What a page shows where an image will be, made from the image job's one
 * decode: the image's dominant colour and a blurred WebP of at most
 * PLACEHOLDER_SIDE pixels a side, small enough for a data: URI in the
 * page (at most PLACEHOLDER_MAX_BYTES of WebP). Both go into the image
 * record; the rewrite pass puts one on the <img> when rewrite.placeholder
 * asks (rewrite_picture.c). Opaque images only: through a transparent
 * one, the placeholder would stay visible after it loads.
 *
 * The dominant colour, as sharp's stats().dominant finds it: the 32 px
 * picture's pixels counted in 4,096 bins (16 levels a channel), the mean
 * of the fullest bin.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/base64.h"
#include "../src/lib/util.h"
#include "image_vips.h"

/* Quality steps tried for the blurred WebP, until it fits. */
static const int lqip_quality[] = { 50, 30, 15 };

static void dominant_colour(const struct image_pixels *px, char out[8])
{
	static uint32_t count[4096];
	uint64_t sum[3] = { 0, 0, 0 };
	size_t best = 0, n = (size_t)px->width * px->height;
	uint32_t in_best = 0;

	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = px->data + i * px->bands;
		size_t bin = (size_t)(p[0] >> 4) << 8 | (size_t)(p[1] >> 4) << 4 | (p[2] >> 4);

		if (++count[bin] > count[best] || (count[bin] == count[best] && bin < best))
			best = bin;
	}
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = px->data + i * px->bands;
		size_t bin = (size_t)(p[0] >> 4) << 8 | (size_t)(p[1] >> 4) << 4 | (p[2] >> 4);

		if (bin != best)
			continue;
		for (int c = 0; c < 3; c++)
			sum[c] += p[c];
		in_best++;
	}
	snprintf(out, 8, "#%02x%02x%02x", (unsigned)(sum[0] / in_best),
		 (unsigned)(sum[1] / in_best), (unsigned)(sum[2] / in_best));
}

/* The blurred picture as a data: URI within PLACEHOLDER_MAX_BYTES, or NULL
 * when even the lowest quality is larger. */
static char *lqip(VipsImage *small, const struct image_codec_options *codec)
{
	VipsImage *blurred = NULL;
	struct image_pixels px;
	struct image_codec_options o = *codec;
	char *uri = NULL;
	size_t size;
	void *mem;

	if (vips_gaussblur(small, &blurred, PLACEHOLDER_BLUR, NULL))
		return NULL;
	mem = vips_image_write_to_memory(blurred, &size);
	if (!mem) {
		g_object_unref(blurred);
		return NULL;
	}
	px = (struct image_pixels){ mem, (unsigned)blurred->Xsize, (unsigned)blurred->Ysize,
				    (unsigned)blurred->Bands };
	for (size_t i = 0; !uri && i < sizeof(lqip_quality) / sizeof(*lqip_quality); i++) {
		uint8_t *webp;
		size_t n;

		o.quality = lqip_quality[i];
		if (image_encode_webp(&px, &o, &webp, &n) < 0)
			break;
		if (n <= PLACEHOLDER_MAX_BYTES)
			uri = base64_encode("data:image/webp;base64,", webp, n);
		free(webp);
	}
	g_free(mem);
	g_object_unref(blurred);
	return uri;
}

int image_placeholder(VipsImage *base, const struct image_codec_options *codec,
		      json_t *record)
{
	int side = base->Xsize > base->Ysize ? base->Xsize : base->Ysize;
	VipsImage *small;
	struct image_pixels px;
	char colour[8], *uri;
	json_t *ph;
	size_t size;
	void *mem;

	if (vips_image_hasalpha(base))
		return 0;
	small = side > PLACEHOLDER_SIDE ? image_scale(base, (double)PLACEHOLDER_SIDE / side, 0)
					: (g_object_ref(base), base);
	if (!small)
		return -1;
	mem = vips_image_write_to_memory(small, &size);
	if (!mem) {
		g_object_unref(small);
		return -1;
	}
	px = (struct image_pixels){ mem, (unsigned)small->Xsize, (unsigned)small->Ysize,
				    (unsigned)small->Bands };
	dominant_colour(&px, colour);
	g_free(mem);
	ph = json_pack("{s:s}", "color", colour);
	uri = lqip(small, codec);
	if (uri)
		json_object_set_new(ph, "lqip", json_string(uri));
	free(uri);
	json_object_set_new(record, "placeholder", ph);
	g_object_unref(small);
	return 0;
}
