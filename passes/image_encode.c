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
 *  - AVIF: quantizer = ((100 - quality) * 63 + 50) / 100, the mapping of
 *    libavif >= 1.0 (avifenc -q) and of libheif (which sharp uses), so
 *    quality 85 means AV1 quantizer 9 here as there. libavif 0.11 (Debian 12)
 *    has no quality field, so the quantizer is given as min = max, which
 *    with libaom's end-usage=q is its cq-level.
 *
 * Codec choice, measured on seven Debian wallpapers at 1280 px against
 * sharp 0.35 (libvips 8.18, libheif, libaom 3.15: .avif({quality: 85}) is
 * 4:4:4, speed 5): libaom in all-intra mode, speed 6, 4:4:4 chroma,
 * tune=ssim, deltaq-mode=3 (perceptual, for still images) and chroma
 * delta-q. That gives a higher SSIM than sharp's at the same nominal
 * quality (RGB +0.003, luma +0.001) in a sixth of the CPU time, for about
 * 20% more AVIF bytes: libaom 3.6 spends more bits at quantizer 9; at equal
 * SSIM it is 2% larger than sharp's. 4:2:0 ("avifChroma": "420") gives
 * sharp's byte count (+1%) with better luma but worse colour (RGB SSIM
 * -0.002, -0.017 on a red flower), hence not the default. SVT-AV1 1.4
 * does 4:2:0 only, no alpha, fails on odd heights and was slower; rav1e 0.5
 * took twice libaom's time at equal SSIM. Alpha gets the colour's quantizer, as in
 * sharp. Intra block copy is off: when libaom's screen-content detector
 * picks it for a smooth photo it takes four times as long and 250 MB for 2%
 * fewer bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <avif/avif.h>
#include <webp/encode.h>

#include "../src/util.h"
#include "image_int.h"

int image_avif_quantizer(int quality)
{
	if (quality < 0)
		quality = 0;
	if (quality > 100)
		quality = 100;
	return ((100 - quality) * 63 + 50) / 100;
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
