/* SPDX-License-Identifier: MIT */
/*
 * WebP through libwebp and AVIF through libaom, called directly rather than
 * through libvips' savers, so that the output holds pixels and nothing else:
 * no EXIF, XMP or ICC chunk is ever handed to either library (Debian 12's
 * libvips WebP saver ignores "strip"). Pixels arrive as 8-bit sRGB.
 *
 * AVIF is libaom's AV1 still picture in distill's own container writer
 * (avif_file.c), with the RGB to YCbCr conversion of image_yuv.c: libavif
 * would bring every AV1 codec Debian builds it with (rav1e, SVT-AV1, dav1d,
 * libgav1 and their C++ runtime, 16 MB of the npm package) for the one
 * encoder distill uses. The settings are those libavif 0.11 gives libaom
 * for a single image, so the bitstream is the one libavif made.
 *
 * Quality. One nominal quality, 1..100, drives both encoders:
 *  - WebP: libwebp's own quality scale, method 4 by default: the settings
 *    sharp uses for .webp({quality}), so WebP output matches sharp's.
 *  - AVIF quality: the AV1 quantizer that gives, with Debian 12's libaom
 *    3.6 and the settings below, the SSIM that libheif's and libavif 1.x's
 *    formula, ((100 - quality) * 63 + 50) / 100, gives with a current
 *    libaom (3.15, in sharp 0.35). That formula alone would not do:
 *    libaom 3.6 spends more bits at one quantizer, for a higher SSIM, so at
 *    quality 85 it made 20% more AVIF bytes than sharp. The points were
 *    measured by tests/bench/avif-calibrate.sh on the seven bench
 *    pictures, both encoders given the same lossless 1280 px resize: at
 *    speed 6, for each quality, the quantizer whose mean RGB SSIM is
 *    nearest sharp's; then checked again at speed 7, where every point
 *    stays within 0.002 of sharp's SSIM but quality 50 (0.0045 below),
 *    moved one quantizer down (tests/bench/RESULTS.md has both tables).
 *      quality                 50  60  70  80  85  90  95  100
 *      sharp (libheif formula) 32  25  19  13   9   6   3    0
 *      here                    33  28  22  14  12   7   3    0
 *    Straight lines between the points, and from quantizer 33 at 50 to 63
 *    at 0 (not measured). A quantizer step is about 6% of the bytes and
 *    0.0014 of SSIM at quality 85; there, quantizer 12 is 0.0011 below
 *    sharp's RGB SSIM for 1.2% fewer bytes (11 would be 0.0004 above, for
 *    5% more). The quantizer is libaom's cq-level in end-usage=q, with
 *    min = max quantizer.
 *
 * Codec choice, measured on the same pictures against sharp 0.35 (libvips
 * 8.18, libheif, libaom 3.15: .avif({quality}) is 4:4:4, speed 5): libaom
 * in all-intra mode, speed 7, 4:4:4 chroma, tune=ssim, deltaq-mode=3
 * (perceptual, for still images) and chroma delta-q. Speed 7 takes 27%
 * less CPU than 6 on the image bench (17.6 s against 24.0 s) for 0.0006
 * less SSIM at quality 85 and 0.6% fewer bytes; at quality 50 it lost
 * 0.0045, hence quantizer 33 there (34 at speed 6). Speed 8 saved another
 * 23% but lost 0.003 of SSIM at 85, where holding it would cost more
 * bytes than sharp's. At speed 6 none of
 * these cut bytes at equal SSIM: sharpness 2 (+3.6%), deltaq-mode 0 or 1
 * (+1.5%), no chroma delta-q (no change), enable-tx64=0 (the same bytes).
 * 4:2:0 ("avifChroma": "420") gives fewer bytes with better luma but worse
 * colour (RGB SSIM -0.002, -0.017 on a red flower), hence not the
 * default. SVT-AV1 1.4 does 4:2:0 only, no alpha, fails on odd heights
 * and was slower; rav1e 0.5 took twice libaom's time at equal SSIM; libaom
 * speed 5 took 4x the time for about 5% fewer bytes. Row multithreading
 * (two threads in a job) changes the bitstream and gained no wall time
 * beside a second job. Alpha gets the
 * colour's quantizer, as in sharp. Intra block copy is off: when libaom's
 * screen-content detector picks it for a smooth photo it takes four times
 * as long and 250 MB for 2% fewer bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <aom/aom_encoder.h>
#include <aom/aomcx.h>
#include <webp/encode.h>

#include "../src/lib/util.h"
#include "avif_file.h"
#include "image_int.h"

/* Quality to quantizer: the measured points of "AVIF quality" above,
 * with straight lines between them, rounded; never rising with quality. */
static const struct {
	int quality, quantizer;
} avif_points[] = {
	{ 0, 63 }, { 50, 33 }, { 60, 28 }, { 70, 22 }, { 80, 14 },
	{ 85, 12 }, { 90, 7 }, { 95, 3 }, { 100, 0 },
};

int image_avif_quantizer(int quality)
{
	size_t i = 1;
	int q0, q1, span;

	if (quality < 0)
		quality = 0;
	if (quality > 100)
		quality = 100;
	while (quality > avif_points[i].quality)
		i++;
	q0 = avif_points[i - 1].quantizer;
	q1 = avif_points[i].quantizer;
	span = avif_points[i].quality - avif_points[i - 1].quality;
	return ((avif_points[i].quality - quality) * q0 +
		(quality - avif_points[i - 1].quality) * q1 + span / 2) / span;
}

int image_encode_webp(const struct image_pixels *px,
		      const struct image_codec_options *o,
		      uint8_t **out, size_t *n)
{
	WebPMemoryWriter mw;
	WebPPicture pic;
	WebPConfig cfg;
	int ok;

	if (!WebPConfigInit(&cfg) || !WebPPictureInit(&pic))
		BUG("libwebp version mismatch");
	cfg.quality = (float)o->quality;
	cfg.method = o->webp_method;
	if (!WebPValidateConfig(&cfg)) {
		warn("invalid WebP settings (quality %d, method %d)",
		     o->quality, o->webp_method);
		return -1;
	}
	pic.use_argb = 1;
	pic.width = (int)px->width;
	pic.height = (int)px->height;
	ok = px->bands == 4 ?
		WebPPictureImportRGBA(&pic, px->data, (int)px->width * 4) :
		WebPPictureImportRGB(&pic, px->data, (int)px->width * 3);
	if (!ok) {
		WebPPictureFree(&pic);
		fatal("out of memory");
	}
	WebPMemoryWriterInit(&mw);
	pic.writer = WebPMemoryWrite;
	pic.custom_ptr = &mw;
	ok = WebPEncode(&cfg, &pic);
	if (!ok) {
		warn("libwebp cannot encode a %ux%u image (error %d)",
		     px->width, px->height, (int)pic.error_code);
		WebPPictureFree(&pic);
		WebPMemoryWriterClear(&mw);
		return -1;
	}
	WebPPictureFree(&pic);
	*out = mw.mem; /* malloc'd by libwebp: free() is right for it */
	*n = mw.size;
	return 0;
}

/* H.273 code points: sRGB primaries and transfer, BT.601 matrix. */
static const struct avif_colour avif_srgb = { 1, 13, 6, 1 };

#define AOM_CHECK(call) \
	do { \
		if ((call) != AOM_CODEC_OK) \
			goto fail; \
	} while (0)

/* Encode one plane set of the picture as an AV1 still frame, appending its
 * OBUs to out. A monochrome image is the alpha plane. */
static int aom_encode_still(aom_image_t *img, int monochrome, int quantizer,
			    const struct image_codec_options *o,
			    struct buf *out)
{
	aom_codec_iface_t *av1 = aom_codec_av1_cx();
	const aom_codec_cx_pkt_t *pkt;
	aom_codec_enc_cfg_t cfg;
	aom_codec_ctx_t ctx;
	aom_codec_iter_t it;
	int got;

	if (aom_codec_enc_config_default(av1, &cfg, AOM_USAGE_ALL_INTRA))
		BUG("libaom has no all-intra mode");
	cfg.rc_end_usage = AOM_Q;
	cfg.g_profile = !monochrome && img->fmt == AOM_IMG_FMT_I444;
	cfg.g_bit_depth = AOM_BITS_8;
	cfg.g_input_bit_depth = 8;
	cfg.g_w = img->d_w;
	cfg.g_h = img->d_h;
	/* One frame: libaom writes a reduced still-picture header. */
	cfg.g_limit = 1;
	cfg.g_lag_in_frames = 0;
	cfg.kf_mode = AOM_KF_DISABLED;
	cfg.kf_max_dist = 0;
	cfg.rc_min_quantizer = cfg.rc_max_quantizer = (unsigned)quantizer;
	cfg.monochrome = (unsigned)monochrome;
	/* One thread: ninja runs image jobs side by side. */
	if (aom_codec_enc_init(&ctx, av1, &cfg, 0) != AOM_CODEC_OK) {
		warn("libaom cannot start: %s", aom_codec_error(&ctx));
		return -1;
	}
	if (quantizer == 0)
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_LOSSLESS, 1u));
	AOM_CHECK(aom_codec_control(&ctx, AOME_SET_CPUUSED, o->avif_speed));
	AOM_CHECK(aom_codec_control(&ctx, AOME_SET_TUNING, AOM_TUNE_SSIM));
	if (!monochrome) { /* libaom refuses these for a monochrome plane */
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_DELTAQ_MODE, 3u));
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_ENABLE_CHROMA_DELTAQ, 1));
	}
	AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_ENABLE_INTRABC, 0));
	AOM_CHECK(aom_codec_control(&ctx, AOME_SET_CQ_LEVEL, (unsigned)quantizer));
	AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_COLOR_RANGE, AOM_CR_FULL_RANGE));
	if (!monochrome) {
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_COLOR_PRIMARIES,
					    (int)avif_srgb.primaries));
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_TRANSFER_CHARACTERISTICS,
					    (int)avif_srgb.transfer));
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_MATRIX_COEFFICIENTS,
					    (int)avif_srgb.matrix));
		AOM_CHECK(aom_codec_control(&ctx, AV1E_SET_CHROMA_SAMPLE_POSITION,
					    AOM_CSP_UNKNOWN));
	}
	/* The frame, then flushes until libaom has nothing more to give. */
	for (aom_image_t *in = img;; in = NULL) {
		AOM_CHECK(aom_codec_encode(&ctx, in, 0, 1, 0));
		got = 0;
		it = NULL;
		while ((pkt = aom_codec_get_cx_data(&ctx, &it))) {
			if (pkt->kind != AOM_CODEC_CX_FRAME_PKT)
				continue;
			buf_add(out, pkt->data.frame.buf, pkt->data.frame.sz);
			got = 1;
		}
		if (!in && !got)
			break;
	}
	aom_codec_destroy(&ctx);
	return 0;
fail:
	warn("libaom cannot encode a %ux%u %s: %s", img->d_w, img->d_h,
	     monochrome ? "alpha plane" : "image", aom_codec_error(&ctx));
	aom_codec_destroy(&ctx);
	return -1;
}

/* An aom_image_t over planes the caller owns (aom_img_wrap wants them in
 * one block). */
static void aom_image_over(aom_image_t *img, aom_img_fmt_t fmt,
			   const struct image_yuv *yuv, int alpha)
{
	memset(img, 0, sizeof *img);
	img->fmt = fmt;
	img->bit_depth = 8;
	img->w = img->d_w = yuv->width;
	img->h = img->d_h = yuv->height;
	img->x_chroma_shift = img->y_chroma_shift = alpha || yuv->subsampled;
	img->bps = fmt == AOM_IMG_FMT_I444 ? 24 : 12;
	img->range = AOM_CR_FULL_RANGE;
	if (alpha) {
		img->planes[0] = yuv->alpha;
		img->stride[0] = (int)yuv->width;
		return;
	}
	for (int i = 0; i < 3; i++) {
		img->planes[i] = yuv->plane[i];
		img->stride[i] = (int)yuv->stride[i];
	}
	img->cp = (aom_color_primaries_t)avif_srgb.primaries;
	img->tc = (aom_transfer_characteristics_t)avif_srgb.transfer;
	img->mc = (aom_matrix_coefficients_t)avif_srgb.matrix;
}

int image_encode_avif(const struct image_pixels *px,
		      const struct image_codec_options *o,
		      uint8_t **out, size_t *n)
{
	struct buf colour = BUF_INIT, alpha = BUF_INIT, file = BUF_INIT;
	int q = image_avif_quantizer(o->quality);
	struct avif_picture pic;
	struct image_yuv yuv;
	aom_image_t img;
	const char *why;
	int ret = -1;

	image_yuv_from_rgb(&yuv, px, !o->avif_yuv444);
	aom_image_over(&img, yuv.subsampled ? AOM_IMG_FMT_I420 : AOM_IMG_FMT_I444,
		       &yuv, 0);
	if (aom_encode_still(&img, 0, q, o, &colour) < 0)
		goto out;
	/* An opaque picture has no alpha item: readers take it as opaque. */
	if (yuv.alpha) {
		aom_image_over(&img, AOM_IMG_FMT_I420, &yuv, 1);
		if (aom_encode_still(&img, 1, q, o, &alpha) < 0)
			goto out;
	}
	pic = (struct avif_picture){
		.width = px->width,
		.height = px->height,
		.colour = avif_srgb,
		.colour_av1 = (const uint8_t *)colour.data,
		.colour_size = colour.len,
		.alpha_av1 = yuv.alpha ? (const uint8_t *)alpha.data : NULL,
		.alpha_size = alpha.len,
	};
	if (avif_file_write(&pic, &file, &why) < 0) {
		warn("cannot write the AVIF file of a %ux%u image: %s",
		     px->width, px->height, why);
		goto out;
	}
	*n = file.len;
	*out = (uint8_t *)buf_detach(&file);
	ret = 0;
out:
	image_yuv_release(&yuv);
	buf_release(&colour);
	buf_release(&alpha);
	buf_release(&file);
	return ret;
}
