/* SPDX-License-Identifier: MIT */
/*
 * WebP through libwebp and AVIF through libavif, called directly rather than
 * through libvips' savers, so that the output holds pixels and nothing else:
 * no EXIF, XMP or ICC chunk is ever handed to either library (Debian 12's
 * libvips WebP saver ignores "strip"). Pixels arrive as 8-bit sRGB.
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
 *    pictures, both encoders given the same lossless 1280 px resize: for
 *    each quality, the quantizer whose mean RGB SSIM is nearest sharp's.
 *      quality                 50  60  70  80  85  90  95  100
 *      sharp (libheif formula) 32  25  19  13   9   6   3    0
 *      here                    34  28  22  14  12   7   3    0
 *    Straight lines between the points, and from quantizer 34 at 50 to 63
 *    at 0 (not measured). The quantizer is a whole number, a step being
 *    about 6% of the bytes and 0.0014 of SSIM at quality 85, so SSIM
 *    matches within half a step: at 85, 0.0005 below sharp's on RGB and
 *    0.0012 on luma, for 0.6% fewer bytes (quantizer 11 would be 0.001
 *    above, for 6% more). At equal SSIM libaom 3.6 is about 1.6% larger
 *    than sharp's libaom, in a sixth of the CPU time. libavif 0.11 has no
 *    quality field, so the quantizer is given as min = max, which with
 *    libaom's end-usage=q is its cq-level.
 *
 * Codec choice, measured on the same pictures against sharp 0.35 (libvips
 * 8.18, libheif, libaom 3.15: .avif({quality}) is 4:4:4, speed 5): libaom
 * in all-intra mode, speed 6, 4:4:4 chroma, tune=ssim, deltaq-mode=3
 * (perceptual, for still images) and chroma delta-q. At speed 6 none of
 * these cut bytes at equal SSIM: sharpness 2 (+3.6%), deltaq-mode 0 or 1
 * (+1.5%), no chroma delta-q (no change), enable-tx64=0 (the same bytes).
 * 4:2:0 ("avifChroma": "420") gives fewer bytes with better luma but worse
 * colour (RGB SSIM -0.002, -0.017 on a red flower), hence not the
 * default. SVT-AV1 1.4 does 4:2:0 only, no alpha, fails on odd heights
 * and was slower; rav1e 0.5 took twice libaom's time at equal SSIM; libaom
 * speed 5 took 4x the time for about 5% fewer bytes. Alpha gets the
 * colour's quantizer, as in sharp. Intra block copy is off: when libaom's
 * screen-content detector picks it for a smooth photo it takes four times
 * as long and 250 MB for 2% fewer bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <avif/avif.h>
#include <webp/encode.h>

#include "../src/util.h"
#include "image_int.h"

/* Quality to quantizer: the measured points of "AVIF quality" above,
 * with straight lines between them, rounded; never rising with quality. */
static const struct {
	int quality, quantizer;
} avif_points[] = {
	{ 0, 63 }, { 50, 34 }, { 60, 28 }, { 70, 22 }, { 80, 14 },
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

int image_encode_avif(const struct image_pixels *px,
		      const struct image_codec_options *o,
		      uint8_t **out, size_t *n)
{
	avifRWData data = AVIF_DATA_EMPTY;
	avifEncoder *enc = NULL;
	avifImage *img;
	avifRGBImage rgb;
	avifResult r;
	int q = image_avif_quantizer(o->quality);
	int ret = -1;

	img = avifImageCreate((int)px->width, (int)px->height, 8,
			      o->avif_yuv444 ? AVIF_PIXEL_FORMAT_YUV444 :
					       AVIF_PIXEL_FORMAT_YUV420);
	if (!img)
		fatal("out of memory");
	/* sRGB, stated in the nclx box instead of an ICC profile. */
	img->colorPrimaries = AVIF_COLOR_PRIMARIES_BT709;
	img->transferCharacteristics = AVIF_TRANSFER_CHARACTERISTICS_SRGB;
	img->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_BT601;
	img->yuvRange = AVIF_RANGE_FULL;
	avifRGBImageSetDefaults(&rgb, img);
	rgb.format = px->bands == 4 ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
	rgb.depth = 8;
	rgb.pixels = (uint8_t *)px->data;
	rgb.rowBytes = px->width * px->bands;
	r = avifImageRGBToYUV(img, &rgb);
	if (r != AVIF_RESULT_OK) {
		warn("libavif cannot convert a %ux%u image: %s", px->width,
		     px->height, avifResultToString(r));
		goto out;
	}

	enc = avifEncoderCreate();
	if (!enc)
		fatal("out of memory");
	enc->codecChoice = AVIF_CODEC_CHOICE_AOM;
	enc->maxThreads = 1; /* ninja runs image jobs side by side */
	enc->speed = o->avif_speed;
	enc->minQuantizer = enc->maxQuantizer = q;
	enc->minQuantizerAlpha = enc->maxQuantizerAlpha = q;
	avifEncoderSetCodecSpecificOption(enc, "tune", "ssim");
	/* Colour only: libaom refuses these for the monochrome alpha plane. */
	avifEncoderSetCodecSpecificOption(enc, "color:deltaq-mode", "3");
	avifEncoderSetCodecSpecificOption(enc, "color:enable-chroma-deltaq", "1");
	avifEncoderSetCodecSpecificOption(enc, "enable-intrabc", "0");
	r = avifEncoderWrite(enc, img, &data);
	if (r != AVIF_RESULT_OK) {
		warn("libavif cannot encode a %ux%u image: %s", px->width,
		     px->height, avifResultToString(r));
		goto out;
	}
	*out = xmalloc(data.size);
	memcpy(*out, data.data, data.size);
	*n = data.size;
	ret = 0;
out:
	avifRWDataFree(&data);
	if (enc)
		avifEncoderDestroy(enc);
	avifImageDestroy(img);
	return ret;
}
