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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/record.h"
#include "../src/afile.h"
#include "../src/digest.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "../src/util.h"
#include "image.h"
#include "image_int.h"
#include "pass.h"

#define IMAGE_MAX_PIXELS 268402689u /* 16383 x 16383, libvips' default */
#define IMAGE_MAX_SOURCE_SIDE 65535u
/* Variant height limit: within WebP's 16383, and within what Debian's
 * libaom 3.6.0 encodes reliably (it breaks above 8192 x 4352 areas). */
#define IMAGE_MAX_SIDE 8192u
#define IMAGE_MAX_WIDTHS 32

extern const struct pass pass_image;

enum { FORMAT_AVIF = 1 << 0, FORMAT_WEBP = 1 << 1 };

struct image_options {
	unsigned widths[IMAGE_MAX_WIDTHS]; /* ascending, distinct */
	size_t nwidths;
	unsigned formats[2]; /* FORMAT_*, in config order */
	size_t nformats;
	struct image_codec_options codec;
};

static const char *format_ext(unsigned f)
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

/* Parse the "image" config section; on failure *why names the key. */
static int options_parse(const json_t *c, struct image_options *o,
			 const char **why)
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

static enum image_format format_from_suffix(const char *path)
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

static void image_plan(struct plan *p, struct site *site)
{
	const int idx = pass_index(&pass_image);
	struct image_options o;
	struct { struct hash128 key; const char *dir; } *seen = NULL;
	size_t nseen = 0, cap = 0;
	const json_t *section = json_object_get(site->config, "image");
	json_t *defaults = NULL;
	const char *why;

	if (!section)
		section = defaults = json_loads(pass_image.defaults, 0, NULL);
	if (options_parse(section, &o, &why) < 0)
		fatal("invalid 'image.%s' in the configuration", why);
	json_decref(defaults);
	plan_rule(p, &pass_image, RULE_HEAVY);
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];
		struct digest_key k;
		struct hash128 key;
		char *src, *desc;
		size_t j;

		if (a->kind != KIND_RASTER)
			continue;
		/* The suffix is part of the result (a PNG named .jpg is
		 * refused), so it is part of the key with the bytes. */
		plan_key_init(site, &pass_image, &k);
		digest_key_hash(&k, a->hash);
		digest_key_str(&k, image_format_name(format_from_suffix(a->path)));
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

/* The job's state: what goes into record.json, and the files written so
 * far, removed again if the job fails. */
struct image_job {
	const char *src, *dir;
	const struct image_options *opt;
	json_t *record, *variants;
	char *written[(IMAGE_MAX_WIDTHS + 1) * 2]; /* names in dir */
	size_t nwritten;
};

/* Remove the files written so far. */
static void remove_written(struct image_job *j)
{
	for (size_t i = 0; i < j->nwritten; i++) {
		char *path = xasprintf("%s/%s", j->dir, j->written[i]);

		remove(path);
		free(path);
		free(j->written[i]);
	}
	j->nwritten = 0;
}

/* Reject the input: record the reason, remove what was written. The job
 * stays silent: the build reports every asset's error once, by its path
 * (the record may serve several files with the same bytes). */
static int job_reject(struct image_job *j, const char *reason)
{
	remove_written(j);
	json_decref(j->record);
	j->record = record_new(pass_image.name, pass_image.version);
	json_object_set_new(j->record, "error", json_string(reason));
	return 1;
}

/* The widths to produce for an upright w x h source, ascending. */
static size_t pick_widths(const struct image_options *o, unsigned w,
			  unsigned h, unsigned out[IMAGE_MAX_WIDTHS + 1])
{
	size_t n = 0;

	for (size_t i = 0; i < o->nwidths && o->widths[i] <= w; i++)
		out[n++] = o->widths[i];
	if (w < o->widths[o->nwidths - 1] && (n == 0 || out[n - 1] != w))
		out[n++] = w;
	/* Drop widths too tall to encode; the narrower ones remain. */
	while (n > 0 && ((uint64_t)h * out[n - 1] + w / 2) / w > IMAGE_MAX_SIDE)
		n--;
	return n;
}

/* Encode img in every format, write the files, add them to the record.
 * Returns 0 or -1 (encoder or I/O failure, already printed). */
static int write_variant(struct image_job *j, VipsImage *img)
{
	size_t at = 0; /* widths come widest first; the record wants them
			  ascending, formats in config order */
	struct image_pixels px;
	size_t size;
	void *mem = vips_image_write_to_memory(img, &size);

	if (!mem) {
		char *why = image_vips_reason();

		warn("'%s': %s", j->src, why);
		free(why);
		return -1;
	}
	px = (struct image_pixels){ mem, (unsigned)img->Xsize,
				    (unsigned)img->Ysize, (unsigned)img->Bands };
	for (size_t i = 0; i < j->opt->nformats; i++) {
		unsigned f = j->opt->formats[i];
		const char *ext = format_ext(f);
		char *name = xasprintf("%u.%s", px.width, ext), *path;
		uint8_t *out;
		json_t *file;
		size_t n;
		int r;

		r = f == FORMAT_AVIF ? image_encode_avif(&px, &j->opt->codec, &out, &n)
				     : image_encode_webp(&px, &j->opt->codec, &out, &n);
		if (r < 0) {
			warn("'%s': cannot encode %s", j->src, name);
			free(name);
			g_free(mem);
			return -1;
		}
		path = xasprintf("%s/%s", j->dir, name);
		r = afile_put(path, out, n);
		if (r < 0)
			warn("cannot write '%s':", path);
		free(path);
		free(out);
		if (r < 0) {
			free(name);
			g_free(mem);
			return -1;
		}
		j->written[j->nwritten++] = name;
		file = record_add_file(j->record, j->dir, name);
		if (!file) {
			warn("cannot read '%s/%s':", j->dir, name);
			g_free(mem);
			return -1;
		}
		json_array_insert_new(j->variants, at++, json_pack(
			"{s:s, s:s, s:i, s:i, s:O, s:O}", "file", name,
			"format", ext, "width", (int)px.width, "height",
			(int)px.height, "size", json_object_get(file, "size"),
			"hash", json_object_get(file, "hash")));
	}
	g_free(mem);
	return 0;
}

/* Decode, resize and encode. Returns 0, 1 (rejected: j->record holds the
 * error) or -1 (failure, printed). */
static int convert(struct image_job *j)
{
	unsigned widths[IMAGE_MAX_WIDTHS + 1], w, h;
	enum image_format claimed = format_from_suffix(j->src);
	struct image_header hd;
	VipsImage *head = NULL, *base = NULL;
	const char *why;
	char *reason = NULL;
	size_t n;
	int ret, r;

	r = image_probe(j->src, &hd, &why);
	if (r < 0) {
		warn("cannot read '%s':", j->src);
		return -1;
	}
	if (r > 0 && hd.format == IMAGE_UNKNOWN) {
		reason = xasprintf("not a %s image, whatever its name says",
				   claimed == IMAGE_PNG ? "PNG" : "JPEG");
		goto reject;
	}
	if (r > 0)
		return job_reject(j, why);
	if (hd.format != claimed) {
		reason = xasprintf("a %s image named as a %s",
				   hd.format == IMAGE_PNG ? "PNG" : "JPEG",
				   claimed == IMAGE_PNG ? "PNG" :
				   claimed == IMAGE_JPEG ? "JPEG" : "file of another kind");
		goto reject;
	}
	if (hd.width == 0 || hd.height == 0) {
		reason = xasprintf("corrupt %s header: a size of %llux%llu",
				   hd.format == IMAGE_PNG ? "PNG" : "JPEG",
				   (unsigned long long)hd.width,
				   (unsigned long long)hd.height);
		goto reject;
	}
	if (hd.width > IMAGE_MAX_SOURCE_SIDE ||
	    hd.height > IMAGE_MAX_SOURCE_SIDE ||
	    hd.width * hd.height > IMAGE_MAX_PIXELS) {
		reason = xasprintf("too large: %llux%llu pixels (at most %u px "
				   "a side and %u pixels)",
				   (unsigned long long)hd.width,
				   (unsigned long long)hd.height,
				   IMAGE_MAX_SOURCE_SIDE, IMAGE_MAX_PIXELS);
		goto reject;
	}

	image_vips_setup();
	if (image_load(j->src, hd.format, 1, &head) < 0)
		goto vips_reject;
	if ((uint64_t)head->Xsize != hd.width || (uint64_t)head->Ysize != hd.height) {
		reason = xstrdup("libvips reads another size than the header says");
		goto reject;
	}
	w = (unsigned)head->Xsize;
	h = (unsigned)head->Ysize;
	if (vips_image_get_orientation_swap(head)) {
		w = (unsigned)head->Ysize;
		h = (unsigned)head->Xsize;
	}
	json_object_set_new(j->record, "width", json_integer(w));
	json_object_set_new(j->record, "height", json_integer(h));
	json_object_set_new(j->record, "format", json_string(image_format_name(hd.format)));
	json_object_set_new(j->record, "alpha", json_boolean(vips_image_hasalpha(head)));

	n = pick_widths(j->opt, w, h, widths);
	if (n > 0) {
		base = image_decode(&head, j->src, hd.format, w, widths[n - 1]);
		if (!base)
			goto vips_reject;
	}
	for (size_t i = n; i-- > 0;) {
		VipsImage *v;

		if ((unsigned)base->Xsize == widths[i]) {
			v = base;
			g_object_ref(v);
		} else {
			v = image_scale(base, (double)widths[i] / base->Xsize, 0);
			if (!v)
				goto vips_fail;
		}
		if ((unsigned)v->Xsize != widths[i]) {
			vips_error("distill", "resize gave %d px, not %u",
				   v->Xsize, widths[i]);
			g_object_unref(v);
			goto vips_fail;
		}
		r = write_variant(j, v);
		g_object_unref(v);
		if (r < 0) {
			ret = -1;
			goto out;
		}
	}
	ret = 0;
	goto out;

vips_reject: {
		char *why2 = image_vips_reason();

		reason = xasprintf("cannot decode the %s image (truncated or corrupt?): %s",
				   hd.format == IMAGE_PNG ? "PNG" : "JPEG", why2);
		free(why2);
	}
reject:
	ret = job_reject(j, reason);
	goto out;
vips_fail:
	reason = image_vips_reason();
	warn("'%s': %s", j->src, reason);
	ret = -1;
out:
	free(reason);
	if (head)
		g_object_unref(head);
	if (base)
		g_object_unref(base);
	return ret;
}

static int image_run(int argc, char *argv[])
{
	struct image_options opt;
	struct image_job j = { 0 };
	struct job job;
	const char *why;
	int ret = -1;

	if (job_args(&pass_image, argc, argv, &job) < 0)
		return -1;
	if (!job.out || job.nargs != 1) {
		warn("job image: expected --out=DIR and one image file");
		goto out;
	}
	if (job_reuse(&job)) {
		ret = 0;
		goto out;
	}
	if (options_parse(job.config, &opt, &why) < 0) {
		warn("job image: invalid 'image.%s' in the configuration", why);
		goto out;
	}
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	afile_install_cleanup();
	j.src = job.args[0];
	j.dir = job.out;
	j.opt = &opt;
	j.record = record_new(pass_image.name, pass_image.version);
	j.variants = json_array();
	json_object_set_new(j.record, "variants", j.variants);
	ret = convert(&j);
	if (ret >= 0 && record_write(j.record, j.dir) < 0) {
		warn("cannot write '%s/record.json':", j.dir);
		ret = -1;
	}
	if (ret < 0)
		remove_written(&j);
	else
		ret = 0;
	for (size_t i = 0; i < j.nwritten; i++)
		free(j.written[i]);
	json_decref(j.record);
out:
	job_release(&job);
	return ret;
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
	const json_t *hash = json_object_get(config, "hash");
	const char *prefix = json_string_value(json_object_get(hash, "prefix"));
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
		json_array_append_new(files, json_pack(
			"{s:s, s:s, s:O, s:s, s:s, s:s}", "output", output,
			"from", from, "size", size, "hash", hex, "asset", path,
			"role", "variant"));
		free(from);
		free(output);
	}
	return 0;
}

const struct pass pass_image = {
	.name = "image",
	.summary = "responsive WebP and AVIF variants of JPEG and PNG images",
	.kind = PASS_ASSET,
	.version = 2,
	.defaults = "{\"widths\": [320, 640, 768, 1024, 1280, 1920],"
		    " \"quality\": 85, \"formats\": [\"avif\", \"webp\"],"
		    " \"avifSpeed\": 6, \"avifChroma\": \"444\","
		    " \"webpMethod\": 4}",
	.plan = image_plan,
	.run = image_run,
	.merge = image_merge,
};
