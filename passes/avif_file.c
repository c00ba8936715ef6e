/* SPDX-License-Identifier: MIT */
/*
 * The AVIF container (avif_file.h). The layout is the one libavif writes for
 * a single image, which every AVIF reader is tested against:
 *
 *   ftyp  avif, with the brands avif, mif1, miaf and the AV1 profile's
 *   meta  hdlr "pict", pitm 1, iloc, iinf (item 1 "Color", 2 "Alpha"),
 *         iref auxl 2 -> 1, iprp: ipco (the properties) and ipma
 *   mdat  the alpha payload, then the colour payload
 *
 * Properties, numbered from 1 in ipco: 1 ispe (shared), 2 pixi with three
 * channels, 3 av1C of the colour image, 4 colr nclx, then for alpha 5 pixi
 * with one channel, 6 its av1C, 7 auxC naming the alpha URN. av1C is
 * essential, as AVIF requires; the others are not.
 */
#include <string.h>

#include "avif_file.h"

/* The fields of av1C, read from an AV1 sequence header OBU. */
struct av1_config {
	unsigned profile, level, tier;
	unsigned high_bitdepth, twelve_bit, monochrome;
	unsigned subsampling_x, subsampling_y, chroma_sample_position;
};

struct bits {
	const uint8_t *p;
	size_t n, pos; /* in bits */
	int overrun;
};

static unsigned bits_read(struct bits *b, unsigned count)
{
	unsigned v = 0;

	while (count--) {
		if (b->pos >= b->n * 8) {
			b->overrun = 1;
			return 0;
		}
		v = v << 1 | (b->p[b->pos / 8] >> (7 - b->pos % 8) & 1);
		b->pos++;
	}
	return v;
}

/* AV1 5.5: the sequence header, as far as av1C needs it. Only the reduced
 * still-picture form is accepted: it is what an encoder configured for one
 * still frame writes, and the only one AVIF's still images need. */
static const char *parse_sequence_header(const uint8_t *p, size_t n,
					 struct av1_config *c)
{
	struct bits b = { p, n, 0, 0 };
	unsigned w_bits, h_bits, colour_described, cp = 2, tc = 2, mc = 2;

	memset(c, 0, sizeof *c);
	c->profile = bits_read(&b, 3);
	bits_read(&b, 1); /* still_picture */
	if (!bits_read(&b, 1))
		return "the AV1 sequence header is not a reduced still-picture one";
	c->level = bits_read(&b, 5);
	w_bits = bits_read(&b, 4) + 1;
	h_bits = bits_read(&b, 4) + 1;
	bits_read(&b, w_bits); /* max_frame_width_minus_1 */
	bits_read(&b, h_bits);
	/* use_128x128_superblock, enable_filter_intra,
	 * enable_intra_edge_filter, enable_superres, enable_cdef,
	 * enable_restoration */
	bits_read(&b, 6);

	/* color_config() */
	c->high_bitdepth = bits_read(&b, 1);
	if (c->profile == 2 && c->high_bitdepth)
		c->twelve_bit = bits_read(&b, 1);
	c->monochrome = c->profile == 1 ? 0 : bits_read(&b, 1);
	colour_described = bits_read(&b, 1);
	if (colour_described) {
		cp = bits_read(&b, 8);
		tc = bits_read(&b, 8);
		mc = bits_read(&b, 8);
	}
	if (c->monochrome) {
		c->subsampling_x = c->subsampling_y = 1;
	} else if (cp == 1 && tc == 13 && mc == 0) {
		c->subsampling_x = c->subsampling_y = 0; /* sRGB as GBR */
	} else {
		bits_read(&b, 1); /* color_range */
		if (c->profile == 0) {
			c->subsampling_x = c->subsampling_y = 1;
		} else if (c->profile == 2 && c->twelve_bit) {
			c->subsampling_x = bits_read(&b, 1);
			if (c->subsampling_x)
				c->subsampling_y = bits_read(&b, 1);
		} else if (c->profile == 2) {
			c->subsampling_x = 1;
		}
		if (c->subsampling_x && c->subsampling_y)
			c->chroma_sample_position = bits_read(&b, 2);
	}
	if (b.overrun)
		return "the AV1 sequence header is cut short";
	return NULL;
}

/* AV1 4.10.5: an unsigned LEB128 of at most 8 bytes. */
static int read_leb128(const uint8_t *p, size_t n, size_t *at, uint64_t *v)
{
	*v = 0;
	for (unsigned i = 0; i < 8; i++) {
		if (*at >= n)
			return -1;
		*v |= (uint64_t)(p[*at] & 0x7f) << (7 * i);
		if (!(p[(*at)++] & 0x80))
			return 0;
	}
	return -1;
}

/* Find the sequence header among the OBUs of p (AV1 5.3) and read it. */
static const char *read_av1_config(const uint8_t *p, size_t n,
				   struct av1_config *c)
{
	size_t at = 0;

	while (at < n) {
		unsigned header = p[at++];
		unsigned type = header >> 3 & 15;
		uint64_t size;

		if (header & 0x80)
			return "an AV1 OBU header has its forbidden bit set";
		if (header & 4) /* obu_extension_flag */
			at++;
		if (header & 2) { /* obu_has_size_field */
			if (read_leb128(p, n, &at, &size) < 0)
				return "an AV1 OBU size is cut short";
		} else {
			size = at <= n ? n - at : 0;
		}
		if (at > n || size > n - at)
			return "an AV1 OBU runs past the end of the picture";
		if (type == 1) /* OBU_SEQUENCE_HEADER */
			return parse_sequence_header(p + at, (size_t)size, c);
		at += (size_t)size;
	}
	return "the AV1 picture has no sequence header";
}

static void put_u8(struct buf *o, unsigned v)
{
	buf_addc(o, (char)(v & 0xff));
}

static void put_u16(struct buf *o, unsigned v)
{
	put_u8(o, v >> 8);
	put_u8(o, v);
}

static void put_u32(struct buf *o, uint32_t v)
{
	put_u16(o, v >> 16);
	put_u16(o, v & 0xffff);
}

static void set_u32(struct buf *o, size_t at, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		o->data[at + (size_t)i] = (char)(v & 0xff);
}

/* Open a box: returns where its size goes, filled in by box_end(). */
static size_t box_begin(struct buf *o, const char *type)
{
	size_t at = o->len;

	put_u32(o, 0);
	buf_add(o, type, 4);
	return at;
}

static size_t full_box_begin(struct buf *o, const char *type,
			     unsigned version, unsigned flags)
{
	size_t at = box_begin(o, type);

	put_u32(o, (uint32_t)version << 24 | flags);
	return at;
}

static void box_end(struct buf *o, size_t at)
{
	set_u32(o, at, (uint32_t)(o->len - at));
}

static void put_av1c(struct buf *o, const struct av1_config *c)
{
	size_t box = box_begin(o, "av1C");

	put_u8(o, 0x81); /* marker, version 1 */
	put_u8(o, c->profile << 5 | c->level);
	put_u8(o, c->tier << 7 | c->high_bitdepth << 6 | c->twelve_bit << 5 |
		  c->monochrome << 4 | c->subsampling_x << 3 |
		  c->subsampling_y << 2 | c->chroma_sample_position);
	put_u8(o, 0); /* no initial_presentation_delay */
	box_end(o, box);
}

static void put_pixi(struct buf *o, unsigned channels, unsigned depth)
{
	size_t box = full_box_begin(o, "pixi", 0, 0);

	put_u8(o, channels);
	for (unsigned i = 0; i < channels; i++)
		put_u8(o, depth);
	box_end(o, box);
}

static void put_infe(struct buf *o, unsigned id, const char *name)
{
	size_t box = full_box_begin(o, "infe", 2, 0);

	put_u16(o, id);
	put_u16(o, 0); /* item_protection_index */
	buf_add(o, "av01", 4);
	buf_add(o, name, strlen(name) + 1);
	box_end(o, box);
}

/* The ipma entry of one item: its property indices, av1C essential. */
static void put_ipma_entry(struct buf *o, unsigned id, const unsigned *props,
			   unsigned count, unsigned essential)
{
	put_u16(o, id);
	put_u8(o, count);
	for (unsigned i = 0; i < count; i++)
		put_u8(o, props[i] | (props[i] == essential ? 0x80 : 0));
}

int avif_file_write(const struct avif_picture *p, struct buf *out,
		    const char **why)
{
	static const char alpha_urn[] = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";
	static const unsigned colour_props[] = { 1, 2, 3, 4 };
	static const unsigned alpha_props[] = { 1, 5, 6, 7 };
	struct av1_config colour, alpha;
	int has_alpha = p->alpha_av1 != NULL;
	size_t start = out->len, meta, box, sub, colour_offset, alpha_offset = 0;
	uint32_t data_start;

	if ((*why = read_av1_config(p->colour_av1, p->colour_size, &colour)))
		return -1;
	if (has_alpha &&
	    (*why = read_av1_config(p->alpha_av1, p->alpha_size, &alpha)))
		return -1;

	box = box_begin(out, "ftyp");
	buf_add(out, "avif", 4);
	put_u32(out, 0); /* minor_version */
	buf_add(out, "avifmif1miaf", 12);
	/* The AVIF baseline (MA1B: AV1 Main profile, 4:2:0, level 5.1 at
	 * most) or advanced profile (MA1A: High profile, 4:4:4, level 6.0 at
	 * most), when the picture keeps to it. */
	if (!colour.twelve_bit && !colour.monochrome) {
		if (colour.profile == 0 && colour.level <= 13)
			buf_add(out, "MA1B", 4);
		else if (colour.profile == 1 && colour.level <= 16)
			buf_add(out, "MA1A", 4);
	}
	box_end(out, box);

	meta = full_box_begin(out, "meta", 0, 0);
	box = full_box_begin(out, "hdlr", 0, 0);
	put_u32(out, 0); /* pre_defined */
	buf_add(out, "pict", 4);
	put_u32(out, 0), put_u32(out, 0), put_u32(out, 0); /* reserved */
	put_u8(out, 0); /* name: empty */
	box_end(out, box);

	box = full_box_begin(out, "pitm", 0, 0);
	put_u16(out, 1);
	box_end(out, box);

	/* Four-byte offsets and lengths, no base offset; the offsets are
	 * filled in once the meta box's size is known. */
	box = full_box_begin(out, "iloc", 0, 0);
	put_u8(out, 0x44);
	put_u8(out, 0);
	put_u16(out, has_alpha ? 2 : 1);
	put_u16(out, 1), put_u16(out, 0), put_u16(out, 1);
	colour_offset = out->len;
	put_u32(out, 0);
	put_u32(out, (uint32_t)p->colour_size);
	if (has_alpha) {
		put_u16(out, 2), put_u16(out, 0), put_u16(out, 1);
		alpha_offset = out->len;
		put_u32(out, 0);
		put_u32(out, (uint32_t)p->alpha_size);
	}
	box_end(out, box);

	box = full_box_begin(out, "iinf", 0, 0);
	put_u16(out, has_alpha ? 2 : 1);
	put_infe(out, 1, "Color");
	if (has_alpha)
		put_infe(out, 2, "Alpha");
	box_end(out, box);

	if (has_alpha) {
		box = full_box_begin(out, "iref", 0, 0);
		sub = box_begin(out, "auxl");
		put_u16(out, 2); /* from the alpha item */
		put_u16(out, 1);
		put_u16(out, 1); /* to the colour item */
		box_end(out, sub);
		box_end(out, box);
	}

	box = box_begin(out, "iprp");
	sub = box_begin(out, "ipco");
	{
		size_t b = full_box_begin(out, "ispe", 0, 0);

		put_u32(out, p->width);
		put_u32(out, p->height);
		box_end(out, b);
		put_pixi(out, 3, 8);
		put_av1c(out, &colour);
		b = box_begin(out, "colr");
		buf_add(out, "nclx", 4);
		put_u16(out, p->colour.primaries);
		put_u16(out, p->colour.transfer);
		put_u16(out, p->colour.matrix);
		put_u8(out, p->colour.full_range ? 0x80 : 0);
		box_end(out, b);
		if (has_alpha) {
			put_pixi(out, 1, 8);
			put_av1c(out, &alpha);
			b = full_box_begin(out, "auxC", 0, 0);
			buf_add(out, alpha_urn, sizeof alpha_urn);
			box_end(out, b);
		}
	}
	box_end(out, sub);
	sub = full_box_begin(out, "ipma", 0, 0);
	put_u32(out, has_alpha ? 2 : 1);
	put_ipma_entry(out, 1, colour_props, 4, 3);
	if (has_alpha)
		put_ipma_entry(out, 2, alpha_props, 4, 6);
	box_end(out, sub);
	box_end(out, box);
	box_end(out, meta);

	/* mdat: alpha first, so that a progressive reader has it when the
	 * colour arrives. Offsets count from the start of the file. */
	box = box_begin(out, "mdat");
	data_start = (uint32_t)(out->len - start);
	if (has_alpha) {
		set_u32(out, alpha_offset, data_start);
		buf_add(out, p->alpha_av1, p->alpha_size);
		data_start += (uint32_t)p->alpha_size;
	}
	set_u32(out, colour_offset, data_start);
	buf_add(out, p->colour_av1, p->colour_size);
	box_end(out, box);
	return 0;
}
