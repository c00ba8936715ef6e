/* SPDX-License-Identifier: MIT */
/*
 * 8-bit sRGB to the full-range BT.601 YCbCr that the AVIF encoder is given
 * (image_int.h). The arithmetic is libavif's own (reformat.c, in float,
 * rounded half up), so distill's AV1 input is the one libavif would make;
 * 4:2:0 chroma is the mean of each 2x2 block's chroma, as in libavif's own
 * path (libavif 0.11 hands that case to libyuv, whose fixed-point
 * coefficients differ by one step at times).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/util.h"
#include "image_int.h"

/* BT.601 luma weights, as libavif computes them. */
static const float kr = 0.299f, kb = 0.114f;

static uint8_t to_unorm(float v, float bias)
{
	int u = (int)floorf(v * 255.0f + bias + 0.5f);

	return (uint8_t)(u < 0 ? 0 : u > 255 ? 255 : u);
}

static int has_translucency(const struct image_pixels *px)
{
	size_t n = (size_t)px->width * px->height;

	if (px->bands != 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (px->data[i * 4 + 3] != 255)
			return 1;
	return 0;
}

void image_yuv_from_rgb(struct image_yuv *yuv, const struct image_pixels *px,
			int subsample)
{
	const float kg = 1.0f - kr - kb;
	unsigned w = px->width, h = px->height, bands = px->bands;
	unsigned cw = subsample ? (w + 1) / 2 : w;
	unsigned ch = subsample ? (h + 1) / 2 : h;

	memset(yuv, 0, sizeof *yuv);
	yuv->width = w;
	yuv->height = h;
	yuv->subsampled = subsample;
	yuv->stride[0] = w;
	yuv->stride[1] = yuv->stride[2] = cw;
	yuv->plane[0] = xmalloc((size_t)w * h);
	yuv->plane[1] = xmalloc((size_t)cw * ch);
	yuv->plane[2] = xmalloc((size_t)cw * ch);

	/* Blocks of 2x2 pixels (1x1 in 4:4:4), clipped at the edges. */
	for (unsigned by = 0; by < h; by += 1 + (unsigned)subsample) {
		for (unsigned bx = 0; bx < w; bx += 1 + (unsigned)subsample) {
			unsigned bw = subsample && bx + 1 < w ? 2 : 1;
			unsigned bh = subsample && by + 1 < h ? 2 : 1;
			float su = 0.0f, sv = 0.0f;

			for (unsigned j = 0; j < bh; j++) {
				for (unsigned i = 0; i < bw; i++) {
					size_t at = (size_t)(by + j) * w + bx + i;
					const uint8_t *p = px->data + at * bands;
					float r = p[0] / 255.0f, g = p[1] / 255.0f,
					      b = p[2] / 255.0f;
					float y = kr * r + kg * g + kb * b;
					float u = (b - y) / (2 * (1 - kb));
					float v = (r - y) / (2 * (1 - kr));

					yuv->plane[0][at] = to_unorm(y, 0.0f);
					su += u;
					sv += v;
				}
			}
			/* 4:4:4 is the one-pixel case of the mean. */
			size_t c = (size_t)(by >> subsample) * cw + (bx >> subsample);
			float count = (float)(bw * bh);
			yuv->plane[1][c] = to_unorm(su / count, 128.0f);
			yuv->plane[2][c] = to_unorm(sv / count, 128.0f);
		}
	}

	if (has_translucency(px)) {
		size_t n = (size_t)w * h;

		yuv->alpha = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			yuv->alpha[i] = px->data[i * 4 + 3];
	}
}

void image_yuv_release(struct image_yuv *yuv)
{
	for (int i = 0; i < 3; i++)
		free(yuv->plane[i]);
	free(yuv->alpha);
	memset(yuv, 0, sizeof *yuv);
}
