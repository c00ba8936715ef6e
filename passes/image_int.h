/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IMAGE_INT_H
#define DISTILL_IMAGE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <vips/vips.h>

/*
 * The parts of the image pass: image.c is the pass (plan, job, manifest
 * merge), image_probe.c reads headers without decoding, image_decode.c
 * decodes through libvips, image_encode.c drives libwebp and libavif.
 */

/* The decoded image kept in memory: 16 MP, 64 MiB as RGBA. */
#define IMAGE_MAX_DECODED (1u << 24)

enum image_format { IMAGE_UNKNOWN, IMAGE_JPEG, IMAGE_PNG };

/* What a file's first bytes say, read without decoding any pixels. */
struct image_header {
	enum image_format format;
	uint64_t width, height; /* as stored, before EXIF rotation */
};

/* Read the format and stored size from the header of path. Returns 0; 1 when
 * the bytes are not a complete JPEG or PNG header (*why says what is wrong,
 * a static string); -1 with errno set when the file cannot be read. */
int image_probe(const char *path, struct image_header *h, const char **why);
const char *image_format_name(enum image_format f);

/* 8-bit sRGB pixels, interleaved, 3 bands or 4 with straight alpha. */
struct image_pixels {
	const uint8_t *data;
	unsigned width, height, bands;
};

struct image_codec_options {
	int quality;      /* 1..100, the nominal quality of both encoders */
	int avif_speed;   /* libaom cpu-used, 0 (slowest) .. 9 */
	int avif_yuv444;  /* 0: 4:2:0 chroma, 1: 4:4:4 */
	int webp_method;  /* libwebp method, 0 (fastest) .. 6 */
};

/* The AV1 quantizer (0 best .. 63) that a nominal quality maps to. */
int image_avif_quantizer(int quality);
/* Encode px. Return 0 and a new buffer in *out (caller frees) of *n bytes,
 * or -1 after printing why (an encoder failure, not an input problem). */
int image_encode_webp(const struct image_pixels *px,
		      const struct image_codec_options *o,
		      uint8_t **out, size_t *n);
int image_encode_avif(const struct image_pixels *px,
		      const struct image_codec_options *o,
		      uint8_t **out, size_t *n);

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

#endif
