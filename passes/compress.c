/* SPDX-License-Identifier: MIT */
/*
 * compress: brotli and zstd sidecars of text files.
 *
 * Reads the bytes an asset will have in the output tree (a->content: the
 * rewritten file for HTML and CSS, else the source), and writes DIR/br
 * (brotli) and DIR/zst (zstd) beside its record, each only when it is
 * smaller than the input. Also measures the gzip -9 size of the bytes for
 * the budget report; no gzip file is written, since every server compresses
 * gzip on the fly. Skipped for files under min_size (1 KiB): compressing
 * them saves less than a packet.
 *
 * Both formats must decode in browsers: brotli uses a standard window (at
 * most 24 bits, never the large-window extension) and zstd a window of at
 * most 8 MiB, the limit RFC 9659 sets for Content-Encoding: zstd.
 *
 * Record fields: "size" (input bytes), "gzip" (size), "br" and "zst" (size
 * of the kept sidecar, or null).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include "../manifest/record.h"
#include "../src/afile.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "../src/util.h"
#include "pass.h"

extern const struct pass pass_compress, pass_rewrite;

/* RFC 9659: a zstd window over 8 MiB need not be decoded by browsers. */
#define ZSTD_MAX_WINDOW_LOG 23
/* zstd's own multithreading works in jobs of 4 windows (32 MiB here);
 * below two of them a worker would only add overhead. */
#define ZSTD_MT_MIN ((size_t)64 << 20)

struct compress_options {
	uint64_t min_size;  /* smaller inputs get no sidecars */
	int brotli_quality; /* 0..11; 0 disables brotli */
	int zstd_level;     /* 1..22; 0 disables zstd */
};

static const char compress_defaults[] =
	"{\"minSize\": 1024, \"brotliQuality\": 11, \"zstdLevel\": 19}";

/* Read the options from the pass's config section. Returns 0, or -1 after
 * a warning naming the bad key. */
static int compress_options(const json_t *config, struct compress_options *o)
{
	json_t *min = json_object_get(config, "minSize");
	json_t *q = json_object_get(config, "brotliQuality");
	json_t *l = json_object_get(config, "zstdLevel");

	if (!json_is_integer(min) || json_integer_value(min) < 0) {
		warn("config 'compress.minSize' must be a number of bytes");
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

/* "name.zst" must still be a legal file name. */
static bool sidecar_name_fits(const char *path)
{
	return strlen(path_base(path)) + strlen(".zst") <= FILE_NAME_MAX;
}

/* One edge per text asset of at least min_size. The key is that of the
 * bytes (a->content_key), so an unchanged file is never compressed twice,
 * whatever its name, and files with the same bytes share one edge. */
static void compress_plan(struct plan *p, struct site *site)
{
	const json_t *config = json_object_get(site->config, pass_compress.name);
	int self = pass_index(&pass_compress), rewrite = pass_index(&pass_rewrite);
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

		if (!asset_is_text(a) || (a->flags & ASSET_MISMATCH) ||
		    a->size < o.min_size || !a->content ||
		    !sidecar_name_fits(a->outpath) || !sidecar_name_fits(a->path))
			continue;
		plan_key_init(site, &pass_compress, &k);
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
		char *input = NULL, *desc;

		a->records[self] = dir;
		if (items[i].first != items[i].asset)
			continue;
		if (a->records[rewrite])
			input = xasprintf("%s/record.json", a->records[rewrite]);
		desc = xasprintf("COMPRESS %s", a->path);
		plan_edge(p, &pass_compress, dir, (const char *const *)&input,
			  input != NULL, args, 1, desc);
		free(input);
		free(desc);
	}
	free(items);
}

/* One compressed form of the input, in memory until the job writes it. */
struct packed {
	const unsigned char *in;
	size_t n;
	int level;
	unsigned char *out; /* NULL when the codec failed or is off */
	size_t len;
};

/* The smallest standard brotli window that covers the input, as the brotli
 * tool picks it: the decoder then needs no more memory than the file. */
static int brotli_window(size_t n)
{
	int lgwin = BROTLI_MIN_WINDOW_BITS;

	/* A window of 2^lgwin bytes reaches back 2^lgwin - 16 of them. */
	while (lgwin < BROTLI_MAX_WINDOW_BITS &&
	       ((size_t)1 << lgwin) - 16 < n)
		lgwin++;
	return lgwin;
}

static void *brotli_pack(void *arg)
{
	struct packed *b = arg;
	size_t cap = BrotliEncoderMaxCompressedSize(b->n);

	if (cap == 0)
		return NULL; /* too large for a one-shot call */
	b->out = xmalloc(cap);
	b->len = cap;
	if (!BrotliEncoderCompress(b->level, brotli_window(b->n),
				   BROTLI_MODE_GENERIC, b->n, b->in, &b->len,
				   b->out)) {
		free(b->out);
		b->out = NULL;
	}
	return NULL;
}

/* The window a decoder needs for the zstd frame at p (RFC 8878 3.1.1.1):
 * the Window_Descriptor, or the content size of a single-segment frame.
 * Returns UINT64_MAX when the header cannot be read. Parsed here because
 * ZSTD_getFrameHeader() is outside libzstd's stable API. */
static uint64_t zstd_window(const unsigned char *p, size_t n)
{
	static const unsigned dict_bytes[4] = { 0, 1, 2, 4 };
	static const unsigned fcs_bytes[4] = { 1, 2, 4, 8 };
	unsigned fhd, fcs, at;
	uint64_t size = 0;

	if (n < 6 || p[0] != 0x28 || p[1] != 0xb5 || p[2] != 0x2f || p[3] != 0xfd)
		return UINT64_MAX;
	fhd = p[4];
	if (!(fhd & 0x20)) {
		unsigned exponent = p[5] >> 3, mantissa = p[5] & 7;
		uint64_t base = (uint64_t)1 << (10 + exponent);

		return base + base / 8 * mantissa;
	}
	fcs = fcs_bytes[fhd >> 6];
	at = 5 + dict_bytes[fhd & 3];
	if (n < at + fcs)
		return UINT64_MAX;
	for (unsigned i = fcs; i-- > 0;)
		size = size << 8 | p[at + i];
	return fcs == 2 ? size + 256 : size;
}

/* Returns 0, or -1 after a warning (an internal zstd failure). */
static int zstd_pack(struct packed *z)
{
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(z->n), r;
	uint64_t w;
	int ret = -1;

	if (!cctx)
		fatal("out of memory");
	z->out = xmalloc(cap);
	/* Level 19 already uses an 8 MiB window; the cap keeps it so for any
	 * configured level. */
	r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, z->level);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog,
					   ZSTD_MAX_WINDOW_LOG);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
	/* A huge file (a source map, a wasm module) would otherwise keep one
	 * core busy long after the others are done. The output depends only
	 * on whether workers are used, not on how many, so this stays
	 * deterministic; without libzstd threads the call fails harmlessly. */
	if (!ZSTD_isError(r) && z->n >= ZSTD_MT_MIN)
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);
	if (!ZSTD_isError(r))
		r = ZSTD_compress2(cctx, z->out, cap, z->in, z->n);
	if (ZSTD_isError(r)) {
		warn("zstd failed: %s", ZSTD_getErrorName(r));
		goto out;
	}
	z->len = r;
	w = zstd_window(z->out, z->len);
	if (w > (uint64_t)1 << ZSTD_MAX_WINDOW_LOG)
		BUG("zstd frame window of %llu bytes", (unsigned long long)w);
	ret = 0;
out:
	if (ret < 0) {
		free(z->out);
		z->out = NULL;
	}
	ZSTD_freeCCtx(cctx);
	return ret;
}

/* The size of the gzip -9 stream (10-byte header, deflate, 8-byte trailer)
 * of the input, without keeping it. Returns 0, or -1 after a warning. */
static int gzip_size(const unsigned char *in, size_t n, uint64_t *size)
{
	unsigned char out[64 * 1024];
	z_stream s = { 0 };
	int r;

	/* 15 + 16: a 32 KiB window with a gzip wrapper; memLevel 8 as gzip. */
	if (deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		warn("zlib failed: %s", s.msg ? s.msg : "cannot initialise");
		return -1;
	}
	*size = 0;
	do {
		/* avail_in is 32 bits; feed large inputs in slices. */
		if (s.avail_in == 0 && n > 0) {
			s.next_in = (unsigned char *)in;
			s.avail_in = n > (1u << 30) ? 1u << 30 : (unsigned)n;
			in += s.avail_in;
			n -= s.avail_in;
		}
		s.next_out = out;
		s.avail_out = sizeof(out);
		r = deflate(&s, n > 0 || s.avail_in > 0 ? Z_NO_FLUSH : Z_FINISH);
		*size += sizeof(out) - s.avail_out;
	} while (r == Z_OK || r == Z_BUF_ERROR);
	deflateEnd(&s);
	if (r != Z_STREAM_END) {
		warn("zlib failed: error %d", r);
		return -1;
	}
	return 0;
}

/* Keep DIR/name holding p when it is smaller than the input, else make sure
 * no stale one is left. Sets *kept. Returns 0, or -1 after a warning. */
static int compress_keep(json_t *record, const char *dir, const char *name,
			 const struct packed *c, bool *kept)
{
	char *path = xasprintf("%s/%s", dir, name);
	int ret = 0;

	*kept = c->out && c->len < c->n;
	if (*kept) {
		if (afile_put(path, c->out, c->len) < 0 ||
		    !record_add_file(record, dir, name)) {
			warn("cannot write '%s':", path);
			ret = -1;
		}
	} else if (unlink(path) < 0 && errno != ENOENT) {
		warn("cannot remove '%s':", path);
		ret = -1;
	}
	free(path);
	return ret;
}

static int compress_run(int argc, char *argv[])
{
	struct packed br = { 0 }, zst = { 0 };
	struct compress_options o;
	json_t *record = NULL, *config = NULL;
	unsigned char *in = NULL;
	bool threaded = false, kept_br, kept_zst;
	pthread_t thread;
	uint64_t gz;
	struct job job;
	size_t n;
	int ret = -1, r;

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
	/* The planner's config already holds every default; a partial one (a
	 * job run by hand) then means what it would in a build. */
	config = json_loads(compress_defaults, 0, NULL);
	if (!config || json_object_update_recursive(config, job.config) < 0)
		BUG("cannot merge the compress config");
	if (compress_options(config, &o) < 0)
		goto out;
	in = (unsigned char *)read_file(job.args[0], &n);
	if (!in) {
		warn("cannot read '%s':", job.args[0]);
		goto out;
	}
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	br = (struct packed){ in, n, o.brotli_quality, NULL, 0 };
	zst = (struct packed){ in, n, o.zstd_level, NULL, 0 };
	/* A rewritten file may have shrunk under the limit the plan saw. */
	if (n < o.min_size)
		br.level = zst.level = 0;
	/* Brotli at quality 11 takes longer than zstd -19 and gzip together;
	 * running it beside them keeps a large file's job as short as its
	 * brotli alone. */
	if (br.level > 0) {
		r = pthread_create(&thread, NULL, brotli_pack, &br);
		if (r != 0) {
			errno = r;
			warn("cannot start a thread:");
			goto out;
		}
		threaded = true;
	}
	r = zst.level > 0 ? zstd_pack(&zst) : 0;
	if (r == 0)
		r = gzip_size(in, n, &gz);
	if (threaded)
		pthread_join(thread, NULL);
	if (r < 0)
		goto out;
	if (br.level > 0 && !br.out) {
		warn("brotli failed on '%s'", job.args[0]);
		goto out;
	}
	record = record_new(pass_compress.name, pass_compress.version);
	if (compress_keep(record, job.out, "br", &br, &kept_br) < 0 ||
	    compress_keep(record, job.out, "zst", &zst, &kept_zst) < 0)
		goto out;
	json_object_set_new(record, "size", json_integer((json_int_t)n));
	json_object_set_new(record, "gzip", json_integer((json_int_t)gz));
	json_object_set_new(record, "br", kept_br ?
			    json_integer((json_int_t)br.len) : json_null());
	json_object_set_new(record, "zst", kept_zst ?
			    json_integer((json_int_t)zst.len) : json_null());
	if (record_write(record, job.out) < 0) {
		warn("cannot write '%s/record.json':", job.out);
		goto out;
	}
	ret = 0;
out:
	free(br.out);
	free(zst.out);
	free(in);
	json_decref(record);
	json_decref(config);
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
		char *from;

		if (!name || (strcmp(name, "br") && strcmp(name, "zst")) ||
		    !json_is_integer(size) || !json_is_string(hash))
			return -1;
		json_object_set(entry, name, size);
		from = xasprintf("%s/%s", dir, name);
		for (int twice = 0; twice < 1 + original; twice++)
			json_array_append_new(files, json_pack(
				"{s:s++, s:s, s:O, s:O, s:s, s:s}",
				"output", twice ? path : output, ".", name,
				"from", from, "size", size, "hash", hash,
				"asset", path, "role", name));
		free(from);
	}
	return 0;
}

const struct pass pass_compress = {
	.name = "compress",
	.summary = "brotli and zstd sidecars of text files",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = compress_defaults,
	.plan = compress_plan,
	.run = compress_run,
	.merge = compress_merge,
};
