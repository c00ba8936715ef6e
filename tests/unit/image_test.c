/* SPDX-License-Identifier: MIT */
/* The image pass's pure parts: variant output names (which the rewrite pass
 * relies on), the quality-to-quantizer mapping, and header probing of JPEG
 * and PNG files written here byte by byte. Runs in a scratch folder. */
#include <stdio.h>
#include <string.h>

#include "../../passes/image.h"
#include "../../passes/image_int.h"
#include "check.h"
#include "digest.h"
#include "util.h"

static void put(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	CHECK(f && fwrite(p, 1, n, f) == n);
	if (f)
		fclose(f);
}

static int probe(const char *path, const void *p, size_t n,
		 struct image_header *h, const char **why)
{
	put(path, p, n);
	*why = NULL;
	return image_probe(path, h, why);
}

int main(void)
{
	const char *hex = "0123456789abcdef0123456789abcdef", *why;
	char fp[FINGERPRINT_LEN + 1], *name, *want, *cut;
	struct image_header h;
	struct hash128 hash;

	/* Names: <prefix><stem>-<width>w.<fingerprint>.<format>. */
	CHECK(digest_parse_hex(hex, &hash) == 0);
	digest_fingerprint(hash, fp);
	name = image_variant_output("assets/", "img/hero.photo.JPG", 640, "avif", hex);
	want = xasprintf("assets/hero.photo-640w.%s.avif", fp);
	CHECK_STR(name, want);
	free(name);
	free(want);
	name = image_variant_output("", "logo.png", 320, "webp", hex);
	want = xasprintf("logo-320w.%s.webp", fp);
	CHECK_STR(name, want);
	free(name);
	free(want);
	name = image_variant_output("static/", "a/.hidden", 100, "webp", hex);
	want = xasprintf("static/.hidden-100w.%s.webp", fp);
	CHECK_STR(name, want);
	free(name);
	free(want);
	CHECK(image_variant_output("assets/", "a.png", 320, "webp", "xyz") == NULL);
	/* Within 255 bytes a name, the stem cut on a UTF-8 boundary. */
	char longname[400];
	memset(longname, 'a', 1);
	for (int i = 0; i < 125; i++)
		memcpy(longname + 1 + 2 * i, "\xc3\xa9", 2);
	strcpy(longname + 251, ".jpg");
	name = image_variant_output("assets/", longname, 1920, "avif", hex);
	CHECK(name && strlen(name) - strlen("assets/") <= 255);
	CHECK(name && has_suffix(name, ".avif"));
	cut = name ? strstr(name, "-1920w.") : NULL;
	CHECK(cut && (unsigned char)cut[-1] != 0xc3);
	free(name);

	/* Calibrated against sharp: the measured points, a rounded point
	 * between two of them, the ends, and no quantizer rising with
	 * quality. */
	CHECK(image_avif_quantizer(85) == 12);
	CHECK(image_avif_quantizer(50) == 33);
	CHECK(image_avif_quantizer(95) == 3);
	CHECK(image_avif_quantizer(75) == 18);
	CHECK(image_avif_quantizer(100) == 0);
	CHECK(image_avif_quantizer(101) == 0);
	CHECK(image_avif_quantizer(0) == 63);
	CHECK(image_avif_quantizer(-1) == 63);
	for (int q = 1; q <= 100; q++)
		CHECK(image_avif_quantizer(q) <= image_avif_quantizer(q - 1));

	/* PNG: the size from IHDR, whatever it claims. */
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0x00, 0x01, 0x86, 0xa0, 0x00, 0x00, 0x00, 0x0a, /* 100000 x 10 */
		8, 2, 0, 0, 0, 0, 0, 0, 0
	};
	CHECK(probe("a.png", png, sizeof(png), &h, &why) == 0);
	CHECK(h.format == IMAGE_PNG && h.width == 100000 && h.height == 10);
	CHECK(probe("b.png", png, 20, &h, &why) == 1 && why && strstr(why, "truncated"));

	/* JPEG: APP segments skipped by length, then SOF2 (progressive). */
	static const unsigned char jpeg[] = {
		0xff, 0xd8,
		0xff, 0xe1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0,
		0xff, 0xfe, 0x00, 0x04, 'h', 'i',
		0xff, 0xff, 0xc2, 0x00, 0x11, 8, 0x01, 0x2c, 0x02, 0x80, /* 640 x 300 */
		3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1
	};
	CHECK(probe("a.jpg", jpeg, sizeof(jpeg), &h, &why) == 0);
	CHECK(h.format == IMAGE_JPEG && h.width == 640 && h.height == 300);
	CHECK(probe("b.jpg", jpeg, 16, &h, &why) == 1 && why && strstr(why, "truncated"));
	/* A height of 0 (given later by DNL) cannot be checked: refused. */
	unsigned char dnl[sizeof(jpeg)];
	memcpy(dnl, jpeg, sizeof(jpeg));
	dnl[24] = dnl[25] = 0;
	CHECK(probe("c.jpg", dnl, sizeof(dnl), &h, &why) == 1);

	/* Neither. */
	CHECK(probe("c.png", "hello, world\n", 13, &h, &why) == 1);
	CHECK(h.format == IMAGE_UNKNOWN);
	CHECK(image_probe("missing.png", &h, &why) < 0);
	return check_status();
}
