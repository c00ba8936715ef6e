/* SPDX-License-Identifier: MIT */
/*
 * The image pass: responsive variants of each JPEG and PNG file.
 *
 * Reads one raster asset (plan: every KIND_RASTER asset, whoever references
 * it, since JS may build image URLs at run time; the original is left to the
 * copy pass). Writes into its store folder one file per width and format,
 * "<width>.avif" and "<width>.webp", then record.json:
 *   {"width", "height" (upright), "format": "jpeg"|"png", "alpha",
 *    "variants": [{"file", "format", "width", "height", "size", "hash"}]}
 * or, for a rejected input, {"error": "why"} and no files.
 *
 * Widths: the configured widths up to the source width, plus the source
 * width itself when it is under the largest configured one; never enlarged,
 * never twice the same, never taller than IMAGE_MAX_SIDE (and WebP cannot
 * exceed 16383). Inputs are refused before decoding when their header claims
 * more than 268,402,689 pixels or 65,535 px a side, or when their bytes are
 * not the format their suffix names; and when libvips reports them truncated
 * or corrupt (image_load() says how strictly). Only libvips' JPEG and PNG
 * loaders may run, and only the one the file's first bytes name.
 *
 * One decode per image, then one resize per width, in image_decode.c, which
 * also states the memory a job needs (130-210 MB for ordinary photos; a
 * progressive JPEG or interlaced PNG adds a buffer of its whole source).
 * Encoding is in image_encode.c, where the quality mapping is stated.
 * The job itself is image_job.c, in distill-image only (image_int.h): this
 * file is in both programs and hands the job over when it is not there.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../manifest/merge.h"
#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/digest.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "hash.h"
#include "image.h"
#include "image_int.h"

extern const struct pass pass_image;

const char *image_format_ext(unsigned f)
{
	return f == FORMAT_AVIF ? "avif" : "webp";
}

static int int_in(const json_t *v, long min, long max, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

int image_options_parse(const json_t *c, struct image_options *o, const char **why)
{
	const json_t *v;
	const char *chroma;
	size_t i;

	memset(o, 0, sizeof(*o));
	v = json_object_get(c, "widths");
	*why = "widths";
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > IMAGE_MAX_WIDTHS)
		return -1;
	for (i = 0; i < json_array_size(v); i++) {
		int w;

		if (int_in(json_array_get(v, i), 1, IMAGE_MAX_SOURCE_SIDE, &w) < 0)
			return -1;
		o->widths[o->nwidths++] = (unsigned)w;
	}
	sort_array(o->widths, o->nwidths, sizeof(o->widths[0]), cmp_unsigned);
	for (i = 1; i < o->nwidths; i++)
		if (o->widths[i] == o->widths[i - 1])
			return -1;

	v = json_object_get(c, "formats");
	*why = "formats";
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > 2)
		return -1;
	for (i = 0; i < json_array_size(v); i++) {
		const char *s = json_string_value(json_array_get(v, i));
		unsigned f = !s ? 0 : strcmp(s, "avif") == 0 ? FORMAT_AVIF :
				    strcmp(s, "webp") == 0 ? FORMAT_WEBP : 0;

		if (!f || (i == 1 && o->formats[0] == f))
			return -1;
		o->formats[o->nformats++] = f;
	}

	*why = "quality";
	if (int_in(json_object_get(c, "quality"), 1, 100, &o->codec.quality) < 0)
		return -1;
	*why = "avifSpeed";
	if (int_in(json_object_get(c, "avifSpeed"), 0, 9, &o->codec.avif_speed) < 0)
		return -1;
	*why = "webpMethod";
	if (int_in(json_object_get(c, "webpMethod"), 0, 6, &o->codec.webp_method) < 0)
		return -1;
	*why = "avifChroma";
	chroma = json_string_value(json_object_get(c, "avifChroma"));
	if (!chroma || (strcmp(chroma, "420") && strcmp(chroma, "444")))
		return -1;
	o->codec.avif_yuv444 = strcmp(chroma, "444") == 0;
	*why = NULL;
	return 0;
}

/* ---- plan ---- */

enum image_format image_format_from_suffix(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return IMAGE_UNKNOWN;
	if (strcasecmp(dot, ".png") == 0)
		return IMAGE_PNG;
	if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0 ||
	    strcasecmp(dot, ".jpe") == 0)
		return IMAGE_JPEG;
	return IMAGE_UNKNOWN;
}

/* Before planning an image job: this program runs it, or distill-image
 * must be there to, or the build stops before it starts. */
static void need_image_program(void)
{
	char *program;

	if (image_job_run)
		return;
	program = image_program();
	if (!program || access(program, X_OK) < 0)
		fatal("cannot run image jobs: '%s' (%s); distill-image belongs beside distill "
		      "(README.md, \"Building from source\")", program ? program : "distill-image",
		      program ? strerror(errno) : "cannot be found");
	free(program);
}

static void image_plan(struct plan *p, struct site *site)
{
	const int idx = pass_index(&pass_image);
	struct image_options o;
	struct { struct hash128 key; const char *dir; } *seen = NULL;
	size_t nseen = 0, cap = 0;
	json_t *section = pass_config(&pass_image, json_object_get(site->config, "image"),
				      "the config");
	const char *why;

	if (!section || image_options_parse(section, &o, &why) < 0)
		fatal("invalid 'image.%s' in the configuration", section ? why : "");
	json_decref(section);
	plan_rule(p, &pass_image, RULE_HEAVY);
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];
		struct digest_key k;
		struct hash128 key;
		char *src, *desc;
		size_t j;

		if (a->kind != KIND_RASTER)
			continue;
		if (nseen == 0)
			need_image_program();
		/* The suffix is part of the result (a PNG named .jpg is
		 * refused), so it is part of the key with the bytes. */
		plan_key_init(p, &pass_image, &k);
		digest_key_hash(&k, a->hash);
		digest_key_str(&k, image_format_name(image_format_from_suffix(a->path)));
		key = digest_key_final(&k);
		/* Identical files share one job: two edges may not write the
		 * same store folder. */
		for (j = 0; j < nseen; j++)
			if (digest_equal(seen[j].key, key))
				break;
		if (j < nseen) {
			a->records[idx] = xstrdup(seen[j].dir);
			continue;
		}
		a->records[idx] = plan_store_dir(site, &pass_image, key);
		seen = xgrow(seen, &cap, nseen + 1, sizeof(*seen));
		seen[nseen].key = key;
		seen[nseen++].dir = a->records[idx];
		src = xasprintf("%s/%s", site->dist, a->path);
		desc = xasprintf("IMG %s", a->path);
		plan_edge(p, &pass_image, a->records[idx], NULL, 0,
			  (const char *const *)&src, 1, desc);
		free(desc);
		free(src);
	}
	free(seen);
}

/* ---- the job ---- */

char *image_program(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return NULL;
	self[n] = '\0';
	return xasprintf("%s-image", self);
}

/* In distill itself, the job is distill-image's: run it in this process's
 * place, with the same arguments. */
static int image_spawn(int argc, char *argv[])
{
	char *program = image_program();
	char **args = xcalloc((size_t)argc + 4, sizeof(*args));

	if (!program) {
		warn("job image: cannot find the distill binary:");
		free(args);
		return -1;
	}
	args[0] = program;
	args[1] = "job";
	args[2] = (char *)pass_image.name;
	memcpy(args + 3, argv, (size_t)argc * sizeof(*args));
	fflush(NULL);
	execv(program, args);
	warn("job image: cannot run '%s' (%s); distill-image belongs beside distill, "
	     "see README.md, \"Building from source\"", program, strerror(errno));
	free(args);
	free(program);
	return -1;
}

static int image_run(int argc, char *argv[])
{
	return image_job_run ? image_job_run(argc, argv) : image_spawn(argc, argv);
}

/* ---- manifest ---- */

char *image_variant_output(const char *prefix, const char *source_path,
			   unsigned width, const char *format,
			   const char *hashhex)
{
	char fp[FINGERPRINT_LEN + 1], tail[64];
	const char *base = path_base(source_path);
	struct hash128 h;

	if (digest_parse_hex(hashhex, &h) < 0 || strlen(format) > 16)
		return NULL;
	digest_fingerprint(h, fp);
	snprintf(tail, sizeof(tail), "-%uw.%s.%s", width, fp, format);
	/* A stem that would take the name past FILE_NAME_MAX is cut, as the
	 * hash pass cuts it; the fingerprint keeps the names apart. */
	return name_fit(prefix, base, name_stem_len(base), tail, FILE_NAME_MAX);
}

static int image_merge(json_t *entry, const json_t *record, const char *dir,
		       const json_t *config)
{
	const char *path = json_string_value(json_object_get(entry, "path"));
	const char *error = json_string_value(json_object_get(record, "error"));
	const char *prefix = hash_prefix(config);
	const json_t *variants = json_object_get(record, "variants");
	json_t *files = json_object_get(entry, "files"), *image, *out, *v;
	size_t i;

	if (!path)
		return -1;
	if (error) {
		json_object_set_new(entry, "error", json_string(error));
		return 0;
	}
	if (!prefix)
		prefix = "assets/";
	if (!json_is_array(variants))
		return -1;
	if (!files) {
		files = json_array();
		json_object_set_new(entry, "files", files);
	}
	out = json_array();
	image = json_pack("{s:O, s:O, s:O, s:O, s:o}",
			  "width", json_object_get(record, "width"),
			  "height", json_object_get(record, "height"),
			  "format", json_object_get(record, "format"),
			  "alpha", json_object_get(record, "alpha"),
			  "variants", out);
	if (!image)
		return -1;
	json_object_set_new(entry, "image", image);
	json_array_foreach(variants, i, v) {
		const char *file = json_string_value(json_object_get(v, "file"));
		const char *format = json_string_value(json_object_get(v, "format"));
		const char *hex = json_string_value(json_object_get(v, "hash"));
		json_int_t width = json_integer_value(json_object_get(v, "width"));
		json_t *height = json_object_get(v, "height");
		json_t *size = json_object_get(v, "size");
		char *output, *from;
		int r;

		if (!file || !format || !hex || !json_is_integer(size) ||
		    !json_is_integer(height) || width <= 0 || strchr(file, '/') ||
		    (strcmp(format, "avif") && strcmp(format, "webp")))
			return -1;
		output = image_variant_output(prefix, path, (unsigned)width, format, hex);
		if (!output)
			return -1;
		from = xasprintf("%s/%s", dir, file);
		json_array_append_new(out, json_pack(
			"{s:s, s:s, s:I, s:O, s:O}", "output", output,
			"format", format, "width", width,
			"height", height, "size", size));
		r = manifest_add_file(entry, output, from, size, hex, ROLE_VARIANT);
		free(from);
		free(output);
		if (r < 0)
			return -1;
	}
	return 0;
}

const struct pass pass_image = {
	.name = "image",
	.summary = "responsive WebP and AVIF variants of JPEG and PNG images",
	.kind = PASS_ASSET,
	.version = 3,
	.defaults = "{\"widths\": [320, 640, 768, 1024, 1280, 1920],"
		    " \"quality\": 85, \"formats\": [\"avif\", \"webp\"],"
		    " \"avifSpeed\": 7, \"avifChroma\": \"444\","
		    " \"webpMethod\": 4}",
	.plan = image_plan,
	.run = image_run,
	.merge = image_merge,
};
