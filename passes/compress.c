/* SPDX-License-Identifier: MIT */
/*
 * compress: brotli and zstd sidecars of every file worth compressing.
 *
 * Reads the bytes an asset will have in the output tree (a->content: the
 * rewritten file for HTML and CSS, else the source) of every asset not in a
 * compressed format already (compressed_format()), and writes DIR/br
 * (brotli) and DIR/zst (zstd) beside its record, each only when it saves a
 * tenth of the bytes and 64 (worth_keeping()). The aggregates' files get
 * theirs from the same code (compress_output()). Also measures the gzip -9 size of the bytes for
 * the budget report; no gzip file is written, since every server compresses
 * gzip on the fly. Skipped for files under min_size (1 KiB): compressing
 * them saves less than a packet; and for files over max_size (64 MiB):
 * brotli at quality 11 makes about 0.5 MB a second, so a larger file takes
 * over two minutes, and one of 300 MB the 600 s a job may use. A rejected
 * input (HTML or CSS too large to parse) is carried over as it is.
 *
 * Both formats must decode in browsers: brotli uses a standard window (at
 * most 24 bits, never the large-window extension) and zstd a window of at
 * most 8 MiB, the limit RFC 9659 sets for Content-Encoding: zstd.
 *
 * Each codec reads the input a block at a time (brotli in a thread of its
 * own) and writes its sidecar as it goes, so a job holds what the codecs
 * need (about 290 MiB at the default levels), not the file.
 *
 * Record fields: "size" (input bytes), "gzip" (size), "br" and "zst" (size
 * of the kept sidecar, or null).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <brotli/encode.h>
#include <zstd.h>

#include "../manifest/merge.h"
#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "compress.h"
#include "compress_int.h"
#include "job.h"

/* Below this size, brotli runs before zstd rather than beside it. */
#define COMPRESS_THREAD_MIN ((uint64_t)16 << 10)

extern const struct pass pass_compress;

struct compress_options {
	uint64_t min_size;  /* smaller inputs get no sidecars */
	uint64_t max_size;  /* and larger ones neither */
	int brotli_quality; /* 0..11; 0 disables brotli */
	int zstd_level;     /* 1..22; 0 disables zstd */
};

static const char compress_defaults[] =
	"{\"minSize\": 1024, \"maxSize\": 67108864, \"brotliQuality\": 11,"
	" \"zstdLevel\": 19}";

/* Read the options from the pass's config section. Returns 0, or -1 after
 * a warning naming the bad key. */
static int compress_options(const json_t *config, struct compress_options *o)
{
	json_t *min = json_object_get(config, "minSize");
	json_t *max = json_object_get(config, "maxSize");
	json_t *q = json_object_get(config, "brotliQuality");
	json_t *l = json_object_get(config, "zstdLevel");

	if (!json_is_integer(min) || json_integer_value(min) < 0) {
		warn("config 'compress.minSize' must be a number of bytes");
		return -1;
	}
	if (!json_is_integer(max) || json_integer_value(max) < 0) {
		warn("config 'compress.maxSize' must be a number of bytes");
		return -1;
	}
	if (!json_is_integer(q) || json_integer_value(q) < 0 ||
	    json_integer_value(q) > BROTLI_MAX_QUALITY) {
		warn("config 'compress.brotliQuality' must be 0 (off) to 11");
		return -1;
	}
	if (!json_is_integer(l) || json_integer_value(l) < 0 ||
	    json_integer_value(l) > ZSTD_maxCLevel()) {
		warn("config 'compress.zstdLevel' must be 0 (off) to %d",
		     ZSTD_maxCLevel());
		return -1;
	}
	o->min_size = (uint64_t)json_integer_value(min);
	o->max_size = (uint64_t)json_integer_value(max);
	o->brotli_quality = (int)json_integer_value(q);
	o->zstd_level = (int)json_integer_value(l);
	return 0;
}

/* An asset to compress, and the first asset with the same bytes. */
struct compress_item {
	struct hash128 key;
	size_t asset, first;
};

static int compare_items(const void *a, const void *b)
{
	const struct compress_item *x = a, *y = b;

	if (x->key.hi != y->key.hi)
		return x->key.hi < y->key.hi ? -1 : 1;
	if (x->key.lo != y->key.lo)
		return x->key.lo < y->key.lo ? -1 : 1;
	return x->asset < y->asset ? -1 : x->asset > y->asset;
}

static int compare_item_assets(const void *a, const void *b)
{
	const struct compress_item *x = a, *y = b;

	return x->asset < y->asset ? -1 : x->asset > y->asset;
}

/* Formats that are compressed already: brotli or zstd would save next to
 * nothing and cost a job. Every other file is tried, whatever its kind
 * (fonts in TrueType, .ico, .map, .xml, .d.ts...), and a sidecar is kept
 * only when worth_keeping(). */
static bool compressed_format(const char *path)
{
	static const char *const suffixes[] = {
		".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".jxl", ".heic",
		".heif", ".woff", ".woff2", ".mp4", ".m4v", ".webm", ".mov", ".mkv",
		".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".zip",
		".gz", ".tgz", ".br", ".zst", ".xz", ".bz2", ".7z", ".rar", ".jar",
		".pdf", ".docx", ".xlsx", ".pptx", ".epub", NULL
	};

	const char *dot = strrchr(path_base(path), '.');

	for (const char *const *s = suffixes; dot && *s; s++)
		if (strcasecmp(dot, *s) == 0)
			return true;
	return false;
}

/* "name.zst" must still be a legal file name. */
static bool sidecar_name_fits(const char *path)
{
	return strlen(path_base(path)) + strlen(".zst") <= FILE_NAME_MAX;
}

/* One edge per asset of min_size to max_size bytes not compressed already. The key is that
 * of the bytes (a->content_key), so an unchanged file is never compressed
 * twice, whatever its name, and files with the same bytes share one edge. */
static void compress_plan(struct plan *p, struct site *site)
{
	const json_t *config = json_object_get(site->config, pass_compress.name);
	int self = pass_index(&pass_compress);
	struct compress_item *items = xcalloc(site->nassets, sizeof(*items));
	struct compress_options o;
	size_t n = 0;

	if (compress_options(config, &o) < 0)
		fatal("cannot plan the compress pass");
	if (o.brotli_quality == 0 && o.zstd_level == 0) {
		free(items);
		return;
	}
	for (size_t i = 0; i < site->nassets; i++) {
		const struct asset *a = &site->assets[i];
		struct digest_key k;

		if (compressed_format(a->path) || (a->flags & ASSET_MISMATCH) || a->error ||
		    a->size < o.min_size || !a->content ||
		    !sidecar_name_fits(a->outpath) || !sidecar_name_fits(a->path))
			continue;
		if (a->size > o.max_size) {
			info(2, "compress: '%s' gets no .br or .zst: %" PRIu64
			     " bytes is over compress.maxSize (%" PRIu64 ")",
			     a->path, a->size, o.max_size);
			continue;
		}
		plan_key_init(p, &pass_compress, &k);
		digest_key_hash(&k, a->content_key);
		items[n].key = digest_key_final(&k);
		items[n++].asset = i;
	}
	/* Find the first asset of each key, then go back to path order so
	 * that the plan's bytes do not depend on the keys. */
	sort_array(items, n, sizeof(*items), compare_items);
	for (size_t i = 0; i < n; i++)
		items[i].first = i > 0 && digest_equal(items[i].key, items[i - 1].key) ?
				 items[i - 1].first : items[i].asset;
	sort_array(items, n, sizeof(*items), compare_item_assets);
	if (n > 0)
		plan_rule(p, &pass_compress, 0);
	for (size_t i = 0; i < n; i++) {
		struct asset *a = &site->assets[items[i].asset];
		const char *args[1] = { a->content };
		char *dir = plan_store_dir(site, &pass_compress, items[i].key);
		const char *input;
		char *desc;

		a->records[self] = dir;
		if (items[i].first != items[i].asset)
			continue;
		input = a->content_record;
		desc = xasprintf("COMPRESS %s", a->path);
		plan_edge(p, &pass_compress, dir, &input, input != NULL, args, 1, desc);
		free(desc);
	}
	free(items);
}

/* A sidecar is kept when it saves at least a tenth of the file and 64
 * bytes: less is not worth a second file and the host's choosing. */
static bool worth_keeping(uint64_t size, uint64_t packed)
{
	return packed < size && size - packed >= 64 && (size - packed) * 10 >= size;
}

/* Commit DIR/name when its codec finished and it is worth keeping, else
 * drop it and any stale one. Returns the record's entry for it, NULL when
 * not kept; *err is set after a warning. */
static json_t *compress_keep(json_t *record, const char *dir, const char *name,
			     struct compress_sidecar *sc, bool *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	json_t *file = NULL;

	if (sc->out && !sc->larger && !sc->failed && worth_keeping(sc->n, sc->len)) {
		if (afile_commit(sc->out) < 0 || !(file = record_add_file(record, dir, name))) {
			warn("cannot write '%s':", path);
			*err = true;
		}
	} else {
		afile_abort(sc->out);
		if (unlink(path) < 0 && errno != ENOENT) {
			warn("cannot remove '%s':", path);
			*err = true;
		}
	}
	sc->out = NULL;
	free(path);
	return file;
}

/* Warn about a failed sidecar. Returns -1 when one failed, else 0. */
static int sidecar_check(const struct compress_sidecar *sc, const char *dir, const char *name)
{
	if (!sc->failed)
		return 0;
	errno = sc->err;
	if (sc->changed)
		warn("'%s' changed while it was compressed", sc->input);
	else if (strcmp(sc->failed, "read") == 0)
		warn("cannot read '%s':", sc->input);
	else if (strcmp(sc->failed, "write") == 0)
		warn("cannot write '%s/%s':", dir, name);
	else
		warn("%s failed on '%s'", sc->failed, sc->input);
	return -1;
}

/* What compressing one file gave. */
struct compressed {
	uint64_t size, gzip;
	json_t *br, *zst; /* the kept sidecars' record entries, or NULL */
};

/*
 * Compress the file at input into dir/<prefix>br and dir/<prefix>zst with
 * the options o, keeping each when worth_keeping() and listing it in
 * record. The one place a sidecar is made, for assets and for the files
 * the aggregates write. Returns 0, or -1 after a warning.
 */
static int compress_file(const char *input, const char *dir, const char *prefix,
			 const struct compress_options *o, json_t *record,
			 struct compressed *res)
{
	struct compress_sidecar br = { 0 }, zst = { 0 };
	char *name[2] = { xasprintf("%sbr", prefix), xasprintf("%szst", prefix) };
	bool threaded = false, err = false;
	pthread_t thread;
	struct stat st;
	int ret = -1, r, fd;

	memset(res, 0, sizeof(*res));
	fd = open(input, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		warn("cannot read '%s':", input);
		goto out;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	br = (struct compress_sidecar){ .input = input, .n = (uint64_t)st.st_size,
					.level = o->brotli_quality };
	zst = (struct compress_sidecar){ .input = input, .n = (uint64_t)st.st_size,
					 .level = o->zstd_level };
	/* A rewritten file may have left the sizes the plan saw. */
	if (br.n < o->min_size || br.n > o->max_size)
		br.level = zst.level = 0;
	/* Opened here: the list of temp files to clean up is not shared with
	 * the brotli thread. */
	for (int i = 0; i < 2; i++) {
		struct compress_sidecar *sc = i ? &zst : &br;
		char *path = xasprintf("%s/%s", dir, name[i]);

		if (sc->level > 0 && !(sc->out = afile_open(path))) {
			warn("cannot write '%s':", path);
			free(path);
			goto out;
		}
		free(path);
	}
	/* Brotli at quality 11 takes longer than zstd -19 and gzip together;
	 * running it beside them keeps a large file's job as short as its
	 * brotli alone. A small file's brotli runs first, in this thread: a
	 * thread's start and its memory arena cost more than it saves. */
	if (br.level > 0 && br.n < COMPRESS_THREAD_MIN) {
		compress_brotli(&br);
	} else if (br.level > 0) {
		r = pthread_create(&thread, NULL, compress_brotli, &br);
		if (r != 0) {
			errno = r;
			warn("cannot start a thread:");
			goto out;
		}
		threaded = true;
	}
	r = compress_zstd_gzip(fd, &zst, &res->gzip);
	if (threaded)
		pthread_join(thread, NULL);
	if (r < 0 || sidecar_check(&br, dir, name[0]) < 0 ||
	    sidecar_check(&zst, dir, name[1]) < 0)
		goto out;
	res->size = br.n;
	res->br = compress_keep(record, dir, name[0], &br, &err);
	res->zst = compress_keep(record, dir, name[1], &zst, &err);
	ret = err ? -1 : 0;
out:
	afile_abort(br.out);
	afile_abort(zst.out);
	if (fd >= 0)
		close(fd);
	free(name[0]);
	free(name[1]);
	return ret;
}

/* The options of the compress section of a build's whole config, over the
 * defaults (a job run by hand may give a partial one). Returns 0 with
 * *enabled set, or -1 after a warning. */
static int options_of(const json_t *config_root, struct compress_options *o,
		      bool *enabled)
{
	json_t *config = pass_config(&pass_compress,
				     json_object_get(config_root, pass_compress.name), "the config");
	int ret;

	if (!config)
		return -1;
	*enabled = !json_is_false(json_object_get(config, "enabled"));
	ret = compress_options(config, o);
	json_decref(config);
	return ret;
}

int compress_output(json_t *record, const json_t *config_root, const char *dir,
		    const char *name, const char *output)
{
	struct compress_options o;
	struct compressed res;
	char *input, *prefix;
	bool enabled;
	int ret;

	if (options_of(config_root, &o, &enabled) < 0)
		return -1;
	if (!enabled)
		return 0;
	input = xasprintf("%s/%s", dir, name);
	prefix = xasprintf("%s.", name);
	ret = compress_file(input, dir, prefix, &o, record, &res);
	if (ret == 0 && res.br)
		json_object_set_new(res.br, "output", json_sprintf("%s.br", output));
	if (ret == 0 && res.zst)
		json_object_set_new(res.zst, "output", json_sprintf("%s.zst", output));
	free(prefix);
	free(input);
	return ret;
}

static int compress_run(int argc, char *argv[])
{
	struct compress_options o;
	struct compressed res;
	json_t *record = NULL;
	struct job job;
	bool enabled;
	int ret = -1;

	if (job_args(&pass_compress, argc, argv, &job) < 0)
		return -1;
	if (!job.out || job.nargs != 1) {
		warn("usage: distill job compress --pass-version=N [--config=FILE] --out=DIR FILE");
		goto out;
	}
	if (job_reuse(&job)) {
		ret = 0;
		goto out;
	}
	if (options_of(job.config_root, &o, &enabled) < 0)
		goto out;
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	record = record_new(pass_compress.name, pass_compress.version);
	if (compress_file(job.args[0], job.out, "", &o, record, &res) < 0)
		goto out;
	json_object_set_new(record, "size", json_integer((json_int_t)res.size));
	json_object_set_new(record, "gzip", json_integer((json_int_t)res.gzip));
	json_object_set(record, "br", res.br ? json_object_get(res.br, "size") : json_null());
	json_object_set(record, "zst", res.zst ? json_object_get(res.zst, "size") : json_null());
	if (record_write(record, job.out) < 0) {
		warn("cannot write '%s/record.json':", job.out);
		goto out;
	}
	ret = 0;
out:
	json_decref(record);
	job_release(&job);
	return ret;
}

/* Fold the record into the asset's manifest entry: its sizes, and the
 * sidecars as files of the output tree, next to the output and next to the
 * original path when the original is kept too. */
static int compress_merge(json_t *entry, const json_t *record, const char *dir,
			  const json_t *config)
{
	json_t *files = json_object_get(entry, "files");
	const char *path = json_string_value(json_object_get(entry, "path"));
	const char *output = json_string_value(json_object_get(entry, "output"));
	bool original = json_is_true(json_object_get(entry, "original_kept"));
	static const char *const names[] = { "br", "zst" };
	size_t i;
	json_t *f;

	(void)config;
	if (!path || !output || !json_is_array(files) ||
	    !json_is_integer(json_object_get(record, "gzip")))
		return -1;
	json_object_set(entry, "gzip", json_object_get(record, "gzip"));
	for (i = 0; i < 2; i++)
		json_object_set_new(entry, names[i], json_null());
	json_array_foreach(json_object_get(record, "files"), i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *size = json_object_get(f, "size");
		json_t *hash = json_object_get(f, "hash");
		/* The record's files are named after their role. */
		int role = manifest_role_parse(name), r = 0;
		char *from;

		if (role < 0 || !manifest_role_is_sidecar((enum manifest_role)role) ||
		    !json_is_integer(size) || !json_is_string(hash))
			return -1;
		json_object_set(entry, name, size);
		from = xasprintf("%s/%s", dir, name);
		for (int twice = 0; twice < 1 + original && r == 0; twice++) {
			char *sidecar = xasprintf("%s.%s", twice ? path : output, name);

			r = manifest_add_file(entry, sidecar, from, size, json_string_value(hash),
					      (enum manifest_role)role);
			free(sidecar);
		}
		free(from);
		if (r < 0)
			return -1;
	}
	return 0;
}

const struct pass pass_compress = {
	.name = "compress",
	.summary = "brotli and zstd sidecars of every file worth compressing",
	.kind = PASS_ASSET,
	/* 2: streamed; brotli quality 10 and 0-1 give other bytes than the
	 * one-shot call did (11, the default, and 2-9 the same). 3: a sidecar
	 * must save a tenth and 64 bytes. */
	.version = 3,
	.defaults = compress_defaults,
	.plan = compress_plan,
	.run = compress_run,
	.merge = compress_merge,
};
