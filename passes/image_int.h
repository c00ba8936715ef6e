/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IMAGE_INT_H
#define DISTILL_IMAGE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The parts of the image pass. image.c is the pass (options, plan, manifest
 * merge) and image_probe.c reads headers without decoding: both are in every
 * distill program. image_job.c is the job, image_decode.c decodes through
 * libvips (image_vips.h) and image_encode.c drives libwebp and libaom:
 * those are linked into distill-image alone, so that the jobs which never
 * touch an image do not load the image libraries (README, "Two programs").
 */

#define IMAGE_MAX_PIXELS 268402689u /* 16383 x 16383, libvips' default */
#define IMAGE_MAX_SOURCE_SIDE 65535u
/* Variant height limit: within WebP's 16383, and within what Debian's
 * libaom 3.6.0 encodes reliably (it breaks above 8192 x 4352 areas). */
#define IMAGE_MAX_SIDE 8192u
#define IMAGE_MAX_WIDTHS 32

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

enum { FORMAT_AVIF = 1 << 0, FORMAT_WEBP = 1 << 1 };

/* The image config section, checked. */
struct image_options {
	unsigned widths[IMAGE_MAX_WIDTHS]; /* ascending, distinct */
	size_t nwidths;
	unsigned formats[2]; /* FORMAT_*, in config order */
	size_t nformats;
	struct image_codec_options codec;
};

/* Read section c into o. Returns 0, or -1 with *why naming the bad key. */
int image_options_parse(const json_t *c, struct image_options *o, const char **why);
/* "avif" or "webp". */
const char *image_format_ext(unsigned format);
/* The format a file's suffix claims (.png, .jpg, .jpeg, .jpe). */
enum image_format image_format_from_suffix(const char *path);

/* The image job (image_job.c), present in distill-image only: a weak
 * reference, NULL in the programs that hand image jobs to distill-image. */
extern int image_job_run(int argc, char *argv[]) __attribute__((weak));

/* A picture as the AV1 encoder takes it: 8-bit full-range BT.601 YCbCr
 * planes (image_yuv.c), and the alpha plane when any pixel is not opaque. */
struct image_yuv {
	unsigned width, height;
	int subsampled;    /* 4:2:0 chroma rather than 4:4:4 */
	uint8_t *plane[3]; /* Y, Cb, Cr */
	unsigned stride[3];
	uint8_t *alpha;    /* width x height, or NULL */
};

/* Convert px, with 4:2:0 chroma when subsample is set. Release with
 * image_yuv_release(). */
void image_yuv_from_rgb(struct image_yuv *yuv, const struct image_pixels *px,
			int subsample);
void image_yuv_release(struct image_yuv *yuv);

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

#endif
