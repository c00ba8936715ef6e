/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_AVIF_FILE_H
#define DISTILL_AVIF_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "../src/lib/buf.h"

/*
 * The AVIF file around AV1 still pictures (AV1 Image File Format 1.1, on
 * HEIF, ISO/IEC 23008-12): the colour image as the primary item and, when
 * there is one, the alpha plane as its auxiliary item. The properties a
 * reader needs (av1C) are read from each picture's own sequence header, so
 * they always agree with the bitstream.
 */

/* The colour description of the nclx box (ITU-T H.273 code points). */
struct avif_colour {
	uint16_t primaries, transfer, matrix;
	int full_range;
};

struct avif_picture {
	unsigned width, height;
	struct avif_colour colour;
	const uint8_t *colour_av1; /* the encoder's OBUs for the colour image */
	size_t colour_size;
	const uint8_t *alpha_av1; /* NULL when the picture is opaque */
	size_t alpha_size;
};

/* Append the file of p to out. Returns 0, or -1 with *why set (a static
 * string) when an AV1 payload holds no still-picture sequence header. */
int avif_file_write(const struct avif_picture *p, struct buf *out,
		    const char **why);

#endif
