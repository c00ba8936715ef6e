/* SPDX-License-Identifier: MIT */
/* The AVIF writer's own parts: the RGB to YCbCr conversion (values worked
 * out from BT.601 by hand), the av1C fields read from a sequence header
 * built here bit by bit, the item offsets, and the refusal of what is not
 * a still picture. That real readers accept the files is shown by the image
 * tests (avifdec, Chromium). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../passes/avif_file.h"
#include "../../passes/image_int.h"
#include "buf.h"
#include "check.h"

struct bitw {
	uint8_t b[64];
	size_t pos;
};

static void put_bits(struct bitw *w, unsigned v, unsigned count)
{
	while (count--) {
		if (v >> count & 1)
			w->b[w->pos / 8] |= (uint8_t)(0x80 >> w->pos % 8);
		w->pos++;
	}
}

/* A sequence header OBU and a frame OBU of profile p (0 with mono for an
 * alpha plane, 1 for 4:4:4 colour), 300x168, level 8. */
static size_t still_obus(uint8_t *out, unsigned p, int mono, int reduced)
{
	struct bitw w = { { 0 }, 0 };
	size_t n;

	put_bits(&w, p, 3);
	put_bits(&w, 1, 1);       /* still_picture */
	put_bits(&w, reduced, 1); /* reduced_still_picture_header */
	put_bits(&w, 8, 5);       /* seq_level_idx[0] */
	put_bits(&w, 15, 4);      /* frame_width_bits_minus_1 */
	put_bits(&w, 15, 4);
	put_bits(&w, 299, 16);
	put_bits(&w, 167, 16);
	put_bits(&w, 0x1b, 6);    /* superblock .. restoration flags */
	put_bits(&w, 0, 1);       /* high_bitdepth */
	if (p != 1)
		put_bits(&w, (unsigned)mono, 1);
	put_bits(&w, 1, 1);       /* color_description_present_flag */
	put_bits(&w, mono ? 2 : 1, 8);
	put_bits(&w, mono ? 2 : 13, 8);
	put_bits(&w, mono ? 2 : 6, 8);
	put_bits(&w, 1, 1);       /* color_range */
	if (!mono && p == 0)
		put_bits(&w, 2, 2); /* chroma_sample_position */
	put_bits(&w, 0, 1);       /* separate_uv_delta_q */
	put_bits(&w, 1, 1);       /* trailing one bit */
	n = (w.pos + 7) / 8;
	out[0] = 0x12;             /* temporal delimiter, sized */
	out[1] = 0;
	out[2] = 1 << 3 | 2;       /* sequence header, sized */
	out[3] = (uint8_t)n;
	memcpy(out + 4, w.b, n);
	memcpy(out + 4 + n, "\x32\x03\xaa\xbb\xcc", 5); /* a frame */
	return 4 + n + 5;
}

static uint32_t get_u32(const char *p)
{
	const uint8_t *u = (const uint8_t *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

/* The payload of the first box of that type (boxes nest, so a plain search
 * for the type finds the one inside meta too). */
static const char *find_box(const struct buf *f, const char *type)
{
	for (size_t i = 4; i + 4 <= f->len; i++)
		if (!memcmp(f->data + i, type, 4))
			return f->data + i + 4;
	return NULL;
}

static void test_yuv(void)
{
	const uint8_t rgb[] = { 255, 0, 0, 255, 255, 255, 0, 0, 255, 0, 255, 0 };
	const uint8_t rgba[] = { 1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 128 };
	struct image_pixels px = { rgb, 2, 2, 3 };
	struct image_yuv y;

	image_yuv_from_rgb(&y, &px, 0);
	/* Red: Y = 0.299 * 255; Cr saturates; Cb = 128 - 0.299 / 1.772 * 255. */
	CHECK(y.plane[0][0] == 76 && y.plane[2][0] == 255 && y.plane[1][0] == 85);
	CHECK(y.plane[0][1] == 255 && y.plane[1][1] == 128 && y.plane[2][1] == 128);
	CHECK(y.plane[0][2] == 29 && y.plane[1][2] == 255); /* blue */
	CHECK(y.alpha == NULL);
	image_yuv_release(&y);

	/* 4:2:0: one chroma sample, the mean of the four, whose Cb and Cr
	 * cancel out (not the red corner's 85 and 255). */
	image_yuv_from_rgb(&y, &px, 1);
	CHECK(y.subsampled && y.stride[1] == 1);
	CHECK(y.plane[1][0] == 128 && y.plane[2][0] == 128);
	image_yuv_release(&y);

	/* Alpha only when a pixel is not opaque; 3x1 is odd-sized. */
	px = (struct image_pixels){ rgba, 3, 1, 4 };
	image_yuv_from_rgb(&y, &px, 1);
	CHECK(y.alpha && y.alpha[0] == 255 && y.alpha[2] == 128);
	CHECK(y.stride[1] == 2);
	image_yuv_release(&y);
	px.height = 1, px.width = 2;
	image_yuv_from_rgb(&y, &px, 0);
	CHECK(y.alpha == NULL);
	image_yuv_release(&y);
}

static void test_file(void)
{
	uint8_t colour[64], alpha[64];
	size_t nc = still_obus(colour, 1, 0, 1), na = still_obus(alpha, 0, 1, 1);
	struct avif_picture p = { 300, 168, { 1, 13, 6, 1 }, colour, nc, NULL, 0 };
	struct buf f = BUF_INIT;
	const char *why = NULL, *b, *iloc;

	/* Opaque, 4:4:4: profile 1, the advanced brand, one item. */
	CHECK(avif_file_write(&p, &f, &why) == 0);
	CHECK(!memcmp(f.data + 4, "ftypavif", 8));
	CHECK(get_u32(f.data) == 32 && !memcmp(f.data + 28, "MA1A", 4));
	b = find_box(&f, "av1C");
	CHECK(b && !memcmp(b, "\x81\x28\x00\x00", 4));
	b = find_box(&f, "colr");
	CHECK(b && !memcmp(b, "nclx\x00\x01\x00\x0d\x00\x06\x80", 11));
	CHECK(find_box(&f, "auxl") == NULL);
	iloc = find_box(&f, "iloc");
	CHECK(iloc && !memcmp(iloc + 4, "\x44\x00\x00\x01\x00\x01\x00\x00\x00\x01", 10));
	CHECK(iloc && get_u32(iloc + 18) == nc);
	CHECK(iloc && get_u32(iloc + 14) + nc == f.len &&
	      !memcmp(f.data + get_u32(iloc + 14), colour, nc));
	b = find_box(&f, "ipma");
	CHECK(b && !memcmp(b + 4, "\x00\x00\x00\x01\x00\x01\x04\x01\x02\x83\x04", 11));
	buf_release(&f);

	/* With alpha: a monochrome profile 0 item, auxiliary to the colour,
	 * its data first in mdat. */
	p.alpha_av1 = alpha;
	p.alpha_size = na;
	CHECK(avif_file_write(&p, &f, &why) == 0);
	b = find_box(&f, "auxl");
	CHECK(b && !memcmp(b, "\x00\x02\x00\x01\x00\x01", 6));
	b = find_box(&f, "auxC");
	CHECK(b && !strcmp(b + 4, "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha"));
	iloc = find_box(&f, "iloc");
	CHECK(iloc && get_u32(iloc + 32) == na &&
	      !memcmp(f.data + get_u32(iloc + 28), alpha, na));
	CHECK(iloc && get_u32(iloc + 14) == get_u32(iloc + 28) + na &&
	      !memcmp(f.data + get_u32(iloc + 14), colour, nc));
	b = find_box(&f, "ipma");
	CHECK(b && !memcmp(b + 15, "\x00\x02\x04\x01\x05\x86\x07", 7));
	/* The second av1C: profile 0, level 8, monochrome 4:2:0. */
	b = find_box(&f, "av1C");
	b = b ? memmem(b, (size_t)(f.data + f.len - b), "av1C", 4) : NULL;
	CHECK(b && !memcmp(b + 4, "\x81\x08\x1c\x00", 4));
	buf_release(&f);

	/* 4:2:0 colour: profile 0, the baseline brand, sample position. */
	nc = still_obus(colour, 0, 0, 1);
	p = (struct avif_picture){ 300, 168, { 1, 13, 6, 1 }, colour, nc, NULL, 0 };
	CHECK(avif_file_write(&p, &f, &why) == 0);
	CHECK(!memcmp(f.data + 28, "MA1B", 4));
	b = find_box(&f, "av1C");
	CHECK(b && !memcmp(b, "\x81\x08\x0e\x00", 4));
	buf_release(&f);

	/* Refused: a full sequence header, no header at all, a cut one. */
	nc = still_obus(colour, 1, 0, 0);
	CHECK(avif_file_write(&p, &f, &why) == -1 && why && strstr(why, "still"));
	p.colour_av1 = colour + nc - 5;
	p.colour_size = 5;
	CHECK(avif_file_write(&p, &f, &why) == -1 && strstr(why, "no sequence header"));
	still_obus(colour, 1, 0, 1);
	p.colour_av1 = colour;
	p.colour_size = 8;
	colour[3] = 4;
	CHECK(avif_file_write(&p, &f, &why) == -1 && strstr(why, "cut short"));
	CHECK(f.len == 0);
	buf_release(&f);
}

int main(void)
{
	test_yuv();
	test_file();
	return check_status();
}
