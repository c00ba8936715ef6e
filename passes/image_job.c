/* SPDX-License-Identifier: MIT */
/*
 * The image job: decode one JPEG or PNG, resize it to each width, encode
 * each variant, write record.json (image.c states the record and the limits).
 * Linked into distill-image alone, with libvips, libwebp and libaom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "image_vips.h"
#include "job.h"

extern const struct pass pass_image;

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
		const char *ext = image_format_ext(f);
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
	enum image_format claimed = image_format_from_suffix(j->src);
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
		if (image_placeholder(base, &j->opt->codec, j->record) < 0)
			goto vips_fail;
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

int image_job_run(int argc, char *argv[])
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
	if (image_options_parse(job.config, &opt, &why) < 0) {
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

