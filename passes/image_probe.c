/* SPDX-License-Identifier: MIT */
/*
 * Image headers, read by hand so that the size limits are checked before any
 * decoder allocates for the size a file claims. A PNG states its size in the
 * IHDR chunk that must come first; a JPEG in its first SOF marker, after any
 * number of APPn segments (EXIF, XMP, ICC), which are skipped by length.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "image_int.h"

static const unsigned char png_signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

const char *image_format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_JPEG: return "jpeg";
	case IMAGE_PNG: return "png";
	default: return "unknown";
	}
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int probe_png(FILE *f, struct image_header *h, const char **why)
{
	unsigned char b[16];

	/* Length 13, "IHDR", width, height. */
	if (fread(b, 1, sizeof(b), f) != sizeof(b)) {
		*why = "truncated PNG header";
		return 1;
	}
	if (be32(b) != 13 || b[4] != 'I' || b[5] != 'H' || b[6] != 'D' ||
	    b[7] != 'R') {
		*why = "PNG without an IHDR chunk first";
		return 1;
	}
	h->width = be32(b + 8);
	h->height = be32(b + 12);
	return 0;
}

static int is_sof(int m)
{
	/* SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

static int probe_jpeg(FILE *f, struct image_header *h, const char **why)
{
	for (;;) {
		unsigned char b[7];
		int c, m;

		c = getc(f);
		if (c != 0xff) {
			*why = c == EOF ? "truncated JPEG header" :
					  "corrupt JPEG header";
			return 1;
		}
		while ((m = getc(f)) == 0xff)
			;
		if (m == EOF) {
			*why = "truncated JPEG header";
			return 1;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue; /* standalone markers carry no length */
		if (m == 0xda || m == 0xd9) {
			*why = "JPEG without a frame header";
			return 1;
		}
		if (fread(b, 1, 2, f) != 2) {
			*why = "truncated JPEG header";
			return 1;
		}
		unsigned len = (unsigned)b[0] << 8 | b[1];
		if (len < 2) {
			*why = "corrupt JPEG header";
			return 1;
		}
		if (is_sof(m)) {
			/* precision, height, width */
			if (len < 7 || fread(b, 1, 5, f) != 5) {
				*why = "truncated JPEG frame header";
				return 1;
			}
			h->height = (unsigned)b[1] << 8 | b[2];
			h->width = (unsigned)b[3] << 8 | b[4];
			if (h->height == 0) {
				/* The height would come in a DNL marker after
				 * the first scan: too late to check it. */
				*why = "JPEG whose height is not in its header";
				return 1;
			}
			return 0;
		}
		if (fseek(f, (long)len - 2, SEEK_CUR) < 0)
			return -1;
	}
}

int image_probe(const char *path, struct image_header *h, const char **why)
{
	unsigned char sig[8];
	size_t n;
	FILE *f;
	int ret;

	h->format = IMAGE_UNKNOWN;
	h->width = h->height = 0;
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(sig, 1, sizeof(sig), f);
	if (ferror(f)) {
		ret = -1;
	} else if (n == sizeof(sig) &&
		   memcmp(sig, png_signature, sizeof(sig)) == 0) {
		h->format = IMAGE_PNG;
		ret = probe_png(f, h, why);
	} else if (n >= 3 && sig[0] == 0xff && sig[1] == 0xd8 &&
		   sig[2] == 0xff) {
		h->format = IMAGE_JPEG;
		/* Start again right after SOI, at the first marker. */
		ret = fseek(f, 2, SEEK_SET) < 0 ? -1 : probe_jpeg(f, h, why);
	} else {
		*why = "neither a JPEG nor a PNG file";
		ret = 1;
	}
	if (ret >= 0 && ferror(f))
		ret = -1;
	if (ret < 0) {
		int e = errno;

		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	return ret;
}
