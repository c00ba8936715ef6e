/* SPDX-License-Identifier: MIT */
/*
 * Decoding for the image pass, through libvips: one decode per image.
 *
 * image_decode(): a JPEG shrinks on load (DCT scaling by 2, 4 or 8, keeping
 * at least the widest variant's width, as vips_thumbnail and sharp do), the
 * image is converted to 8-bit sRGB through its ICC profile (libvips' CMYK
 * profile for CMYK without one; 16-bit becomes 8-bit), box-shrunk while it
 * streams if still over IMAGE_MAX_DECODED, kept in memory and turned upright
 * by its EXIF orientation. The pass then makes each width with one lanczos3
 * image_scale() from it, so every variant is a single resample, as in
 * sharp's per-width pipeline. Measured on the bench photos: resizing each
 * width from the widest variant instead lost 0.001-0.003 SSIM against
 * sharp's resize; vips_thumbnail once per width decoded the file six times.
 *
 * Memory, per job: libvips runs with its operation cache off and one
 * thread, and decodes sequentially. A job holds the decoded image (at most
 * 16 MP, 64 MiB as RGBA, unless the image is so tall that its widest
 * variant alone comes close), one variant's pixels and one encoder: 130 to
 * 210 MB measured for 1.6 to 38 MP photos with the default widths
 * (libaom's 4:4:4 encoder takes about 60 MB at 1920 px; a 268 MP PNG took
 * 165 MB). Two decoders buffer the whole source first: progressive JPEGs
 * (libjpeg keeps every DCT coefficient, 2 bytes a sample: a 38 MP 4:4:4
 * JPEG took 353 MB, and the pixel limit allows 1.6 GB) and interlaced PNGs
 * (4 bytes a pixel: 273 MB for 38 MP, up to 1 GiB, 2 GiB at 16 bits).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/util.h"
#include "image_vips.h"

/* libvips' error buffer, first line, as a new string; clears the buffer. */
char *image_vips_reason(void)
{
	const char *e = vips_error_buffer();
	size_t n = strcspn(e, "\n");
	char *s = n ? xstrndup(e, n) : xstrdup("unknown libvips error");

	vips_error_clear();
	return s;
}

static void vips_quiet(const gchar *domain, GLogLevelFlags level,
		       const gchar *message, gpointer data)
{
	(void)domain, (void)level, (void)message, (void)data;
}

void image_vips_setup(void)
{
	static bool done;

	if (done)
		return;
	/* libvips loads every module in <prefix>/lib/vips-modules-X.Y at
	 * start (HEIF, JXL, ImageMagick, PDF, OpenSlide): code distill never
	 * calls, attack surface, start-up time, and static initializers that
	 * some CPUs or valgrind cannot run. VIPSHOME names the prefix; one
	 * with no such folder loads none. The JPEG and PNG loaders are built
	 * into libvips itself. */
	if (setenv("VIPSHOME", "/nonexistent/distill-no-vips-modules", 1) < 0)
		fatal("cannot set VIPSHOME:");
	/* libvips' vector code (orc, or highway from 8.15) rounds unlike its
	 * C code, and differently per machine; on arm64 (run under qemu-user)
	 * it made black variants. The C code gives every machine the same
	 * bytes, which content hashes and a shared cache rely on; it costs
	 * about 0.1 s per resize of a 12-megapixel image. */
	if (setenv("VIPS_NOVECTOR", "1", 1) < 0)
		fatal("cannot set VIPS_NOVECTOR:");
	if (VIPS_INIT("distill"))
		fatal("cannot start libvips: %s", vips_error_buffer());
	vips_cache_set_max(0);
	vips_cache_set_max_mem(0);
	vips_concurrency_set(1);
	/* Only the JPEG and PNG loaders may run, whatever a file says. */
	vips_block_untrusted_set(TRUE);
	vips_operation_block_set("VipsForeignLoad", TRUE);
	vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
	vips_operation_block_set("VipsForeignLoadPng", FALSE);
	/* Loader warnings ("unknown EXIF resolution unit") are not ours to
	 * print; anything that matters fails the load through fail_on. */
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, vips_quiet, NULL);
	done = true;
}

/* Replace *im by t, the result of an operation on it. */
static void swap_in(VipsImage **im, VipsImage *t)
{
	g_object_unref(*im);
	*im = t;
}

/* Open path with its loader (JPEG: shrinking by shrink on load), streaming.
 * Returns 0 or -1 with the reason in libvips' error buffer. A JPEG fails on
 * libjpeg's warnings too, as in sharp: "corrupt JPEG data" and a premature
 * end are warnings there, and the picture would come out half grey. A PNG
 * fails on errors (truncation, bad checksums) but not on libpng's warnings,
 * which real files trip over ("known incorrect sRGB profile"). */
int image_load(const char *path, enum image_format f, int shrink,
	       VipsImage **out)
{
	VipsSource *source = vips_source_new_from_file(path);
	int r;

	if (!source)
		return -1;
	r = f == IMAGE_JPEG ?
		vips_jpegload_source(source, out, "shrink", shrink,
				     "fail_on", VIPS_FAIL_ON_WARNING,
				     "access", VIPS_ACCESS_SEQUENTIAL, NULL) :
		vips_pngload_source(source, out, "fail_on", VIPS_FAIL_ON_ERROR,
				    "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	g_object_unref(source);
	return r ? -1 : 0;
}

/* Make *im 8-bit sRGB with 3 bands, or 4 with alpha: through its ICC
 * profile when it has one (libvips' CMYK profile for CMYK without), else
 * by libvips' colourspace rules (grey, 16-bit). Returns 0 or -1. */
static int to_srgb8(VipsImage **im)
{
	bool cmyk = (*im)->Type == VIPS_INTERPRETATION_CMYK;
	VipsImage *t;

	if (vips_image_get_typeof(*im, VIPS_META_ICC_NAME)) {
		if (!vips_icc_transform(*im, &t, "srgb", "embedded", TRUE,
					"intent", VIPS_INTENT_RELATIVE,
					"depth", 8, NULL))
			swap_in(im, t);
		else if (cmyk)
			return -1;
		else
			vips_error_clear(); /* a broken profile: ignored, as
					       browsers do */
	} else if (cmyk) {
		if (vips_icc_transform(*im, &t, "srgb", "input_profile", "cmyk",
				       "intent", VIPS_INTENT_RELATIVE,
				       "depth", 8, NULL))
			return -1;
		swap_in(im, t);
	}
	if ((*im)->Type != VIPS_INTERPRETATION_sRGB) {
		if (vips_colourspace(*im, &t, VIPS_INTERPRETATION_sRGB, NULL))
			return -1;
		swap_in(im, t);
	}
	if ((*im)->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast(*im, &t, VIPS_FORMAT_UCHAR, NULL))
			return -1;
		swap_in(im, t);
	}
	if ((*im)->Bands > 4 || ((*im)->Bands == 4 && !vips_image_hasalpha(*im))) {
		if (vips_extract_band(*im, &t, 0, "n", 3, NULL))
			return -1;
		swap_in(im, t);
	}
	if ((*im)->Bands != 3 && (*im)->Bands != 4) {
		vips_error("distill", "%d bands after sRGB conversion", (*im)->Bands);
		return -1;
	}
	return 0;
}

/* Scale 8-bit sRGB(A) in: resize by scale, or a box shrink by an integer
 * factor when scale is 0. Returns a new image or NULL. */
VipsImage *image_scale(VipsImage *in, double scale, int box)
{
	VipsImage *t[5] = { NULL, NULL, NULL, NULL, NULL }, *out = NULL, *src = in;
	int r;

	if (in->Bands == 4) {
		/* Premultiply, or transparent pixels bleed into the edges. */
		if (vips_premultiply(in, &t[0], NULL))
			goto out;
		src = t[0];
	}
	r = box ? vips_shrink(src, &t[1], box, box, NULL) :
		  vips_resize(src, &t[1], scale, NULL);
	if (r)
		goto out;
	if (in->Bands == 4) {
		/* Round before the cast, which truncates: truncation noise in
		 * faint areas doubled the size of WebP files. */
		if (vips_unpremultiply(t[1], &t[2], NULL) ||
		    vips_rint(t[2], &t[3], NULL) ||
		    vips_cast(t[3], &t[4], VIPS_FORMAT_UCHAR, NULL))
			goto out;
		out = t[4];
		t[4] = NULL;
	} else {
		out = t[1];
		t[1] = NULL;
	}
out:
	for (int i = 0; i < 5; i++)
		if (t[i])
			g_object_unref(t[i]);
	return out;
}

/* See the top of this file. The JPEG shrink is the largest of 2, 4, 8 that
 * keeps the widest variant; the box shrink, the largest integer that does
 * while still needed to get under IMAGE_MAX_DECODED. */
VipsImage *image_decode(VipsImage **im, const char *path,
			 enum image_format f, unsigned w, unsigned top)
{
	bool swap = vips_image_get_orientation_swap(*im);
	VipsImage *t, *d;
	uint64_t pixels;
	unsigned k = 1, uw;
	int orientation;

	while (f == IMAGE_JPEG && k < 8 && (w + 2 * k - 1) / (2 * k) >= top)
		k *= 2;
	if (k > 1) {
		if (image_load(path, f, (int)k, &t) < 0)
			return NULL;
		swap_in(im, t);
	}
	if (to_srgb8(im) < 0)
		return NULL;
	pixels = (uint64_t)(*im)->Xsize * (uint64_t)(*im)->Ysize;
	uw = (unsigned)(swap ? (*im)->Ysize : (*im)->Xsize);
	if (pixels > IMAGE_MAX_DECODED && uw / top >= 2) {
		unsigned box = 2;

		while (pixels / ((uint64_t)box * box) > IMAGE_MAX_DECODED &&
		       uw / (box + 1) >= top)
			box++;
		t = image_scale(*im, 0, (int)box);
		if (!t)
			return NULL;
		swap_in(im, t);
	}
	d = vips_image_copy_memory(*im);
	if (!d)
		return NULL;
	if (vips_image_get_typeof(d, VIPS_META_ORIENTATION) &&
	    !vips_image_get_int(d, VIPS_META_ORIENTATION, &orientation) &&
	    orientation != 1) {
		if (vips_autorot(d, &t, NULL)) {
			g_object_unref(d);
			return NULL;
		}
		g_object_unref(d);
		d = vips_image_copy_memory(t);
		g_object_unref(t);
	}
	return d;
}
