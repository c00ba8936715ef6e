/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IMAGE_H
#define DISTILL_IMAGE_H

/* The image pass (passes/image.c): responsive WebP and AVIF variants of
 * JPEG and PNG files. What other passes need of it; its own parts are in
 * image_int.h. */

/* The output path of one variant: "<prefix><stem>-<width>w.<fingerprint>.
 * <format>", stem being source_path's base name without its extension and
 * fingerprint the short form of hashhex (32 hex digits). The rewrite pass
 * names <picture> sources with it. Returns a new string, or NULL when hashhex
 * is not a hash. */
char *image_variant_output(const char *prefix, const char *source_path,
			   unsigned width, const char *format,
			   const char *hashhex);

/* The program that runs image jobs: this binary's path with "-image"
 * appended (distill-image beside distill). Returns a new string, or NULL
 * when /proc/self/exe cannot be read. */
char *image_program(void);

#endif
