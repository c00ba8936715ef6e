/* SPDX-License-Identifier: MIT */
/*
 * The codecs of the compress pass, fed a block at a time: each reads the
 * input in blocks of COMPRESS_BLOCK and writes its sidecar as it goes, so a
 * job holds what the codecs need, not the file. The bytes are those of the
 * one-shot calls the pass made before (BrotliEncoderCompress() at quality
 * 11 and 2-9, ZSTD_compress2(), deflate): each codec is given the size of
 * the whole input up front, and the end of the input with the last block.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include "../src/lib/afile.h"
#include "../src/lib/util.h"
#include "compress_int.h"

/* RFC 9659: a zstd window over 8 MiB need not be decoded by browsers. */
#define ZSTD_MAX_WINDOW_LOG 23
/* zstd's own multithreading works in jobs of 4 windows (32 MiB here);
 * up to two of them a worker would only add overhead. Workers take the
 * job from about 300 MiB to 430, so they start past the default
 * compress.maxSize, only for files it is raised for. */
#define ZSTD_MT_MIN ((uint64_t)64 << 20)

#define COMPRESS_BLOCK ((size_t)1 << 20)
#define COMPRESS_OUT ((size_t)64 << 10)

/* A small file's block is its size: a whole COMPRESS_BLOCK would be
 * mapped and unmapped for a few bytes, in every job. */
static size_t block_size(uint64_t n)
{
	return n > 0 && n < COMPRESS_BLOCK ? (size_t)n : COMPRESS_BLOCK;
}

/* One reader of the input. Its size is taken once, when the job starts,
 * so that both codecs are told the same one; a file whose size changes
 * while it is read is an error, not a sidecar of other bytes. */
struct input {
	int fd;
	uint64_t left;  /* bytes still to come */
	bool changed;   /* the file was shorter or longer than its size */
};

/* Fill buf with the next block (the rest of the file, when that is less).
 * Returns the bytes read, or -1 with errno set, or with errno 0 and
 * in->changed. */
static ssize_t input_next(struct input *in, unsigned char *buf, size_t cap)
{
	size_t want = in->left < cap ? (size_t)in->left : cap, got = 0;
	unsigned char extra;
	ssize_t r;

	while (got < want) {
		r = read(in->fd, buf + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			goto changed;
		got += (size_t)r;
	}
	in->left -= got;
	if (in->left == 0) {
		while ((r = read(in->fd, &extra, 1)) < 0 && errno == EINTR)
			;
		if (r < 0)
			return -1;
		if (r > 0)
			goto changed;
	}
	return (ssize_t)got;
changed:
	in->changed = true;
	errno = 0;
	return -1;
}

/* Append to the sidecar, unless it has already grown to the input's size:
 * it would be dropped, so the rest need not be written. */
static void sidecar_emit(struct compress_sidecar *sc, const unsigned char *p, size_t n)
{
	if (sc->larger || sc->failed || n == 0)
		return;
	if (sc->len + n >= sc->n) {
		sc->larger = true;
		return;
	}
	if (afile_write(sc->out, p, n) < 0) {
		sc->err = errno;
		sc->failed = "write";
		return;
	}
	sc->len += n;
}

static void sidecar_read_failed(struct compress_sidecar *sc, const struct input *in)
{
	sc->err = errno;
	sc->changed = in->changed;
	sc->failed = "read";
}

/* The smallest standard brotli window that covers the input, as the brotli
 * tool picks it: the decoder then needs no more memory than the file. */
static int brotli_window(uint64_t n)
{
	int lgwin = BROTLI_MIN_WINDOW_BITS;

	/* A window of 2^lgwin bytes reaches back 2^lgwin - 16 of them. */
	while (lgwin < BROTLI_MAX_WINDOW_BITS &&
	       ((uint64_t)1 << lgwin) - 16 < n)
		lgwin++;
	return lgwin;
}

/*
 * Brotli, in a thread of its own with a reader of its own. It is given
 * what BrotliEncoderCompress() gives the encoder for a whole buffer (the
 * window, the input size as a hint) and FINISH with the last block, not
 * before, so the bytes are the ones a one-shot call makes. At quality 11
 * the encoder holds about 180 MiB with a 16 MiB window, whatever the
 * size of the file.
 */
void *compress_brotli(void *arg)
{
	struct compress_sidecar *b = arg;
	BrotliEncoderState *s = BrotliEncoderCreateInstance(NULL, NULL, NULL);
	size_t cap = block_size(b->n);
	unsigned char *block = xmalloc(cap), *out = xmalloc(COMPRESS_OUT);
	struct input in = { open(b->input, O_RDONLY | O_CLOEXEC), b->n, false };
	BrotliEncoderOperation op = BROTLI_OPERATION_PROCESS;

	if (!s)
		fatal("out of memory");
	if (in.fd < 0) {
		sidecar_read_failed(b, &in);
		goto out;
	}
	BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, (uint32_t)b->level);
	BrotliEncoderSetParameter(s, BROTLI_PARAM_LGWIN, (uint32_t)brotli_window(b->n));
	BrotliEncoderSetParameter(s, BROTLI_PARAM_SIZE_HINT,
				  b->n > UINT32_MAX ? UINT32_MAX : (uint32_t)b->n);
	while (op != BROTLI_OPERATION_FINISH && !b->larger && !b->failed) {
		ssize_t got = input_next(&in, block, cap);
		const uint8_t *next_in = block;
		size_t avail_in;

		if (got < 0) {
			sidecar_read_failed(b, &in);
			break;
		}
		avail_in = (size_t)got;
		if (in.left == 0)
			op = BROTLI_OPERATION_FINISH;
		do {
			uint8_t *next_out = out;
			size_t avail_out = COMPRESS_OUT;

			if (!BrotliEncoderCompressStream(s, op, &avail_in, &next_in,
							 &avail_out, &next_out, NULL)) {
				b->failed = "brotli";
				break;
			}
			sidecar_emit(b, out, COMPRESS_OUT - avail_out);
		} while (!b->larger && !b->failed &&
			 (avail_in > 0 || BrotliEncoderHasMoreOutput(s) ||
			  (op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(s))));
	}
out:
	if (in.fd >= 0)
		close(in.fd);
	BrotliEncoderDestroyInstance(s);
	free(block);
	free(out);
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

/* A compression context for the sidecar's level, told the input's size
 * (as ZSTD_compress2() is, so the frame is the same). Returns NULL after
 * a warning. */
static ZSTD_CCtx *zstd_open(const struct compress_sidecar *z)
{
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	size_t r;

	if (!cctx)
		fatal("out of memory");
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
	if (!ZSTD_isError(r) && z->n > ZSTD_MT_MIN)
		ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setPledgedSrcSize(cctx, z->n);
	if (ZSTD_isError(r)) {
		warn("zstd failed: %s", ZSTD_getErrorName(r));
		ZSTD_freeCCtx(cctx);
		return NULL;
	}
	return cctx;
}

/* Compress one block, the frame's end with the last. Returns 0, or -1
 * after a warning (an internal zstd failure). */
static int zstd_feed(ZSTD_CCtx *cctx, struct compress_sidecar *z,
		     const unsigned char *p, size_t n, bool last, unsigned char *out)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t r;

	do {
		ZSTD_outBuffer o = { out, COMPRESS_OUT, 0 };

		r = ZSTD_compressStream2(cctx, &o, &in,
					 last ? ZSTD_e_end : ZSTD_e_continue);
		if (ZSTD_isError(r)) {
			warn("zstd failed: %s", ZSTD_getErrorName(r));
			z->failed = "zstd";
			return -1;
		}
		sidecar_emit(z, out, o.pos);
	} while (!z->larger && !z->failed && (last ? r != 0 : in.pos < in.size));
	return 0;
}

/* The size of the gzip -9 stream (10-byte header, deflate, 8-byte trailer)
 * of the input, without keeping it. */
struct gzip_count {
	z_stream s;
	uint64_t size;
};

/* Returns 0, or -1 after a warning. */
static int gzip_open(struct gzip_count *g)
{
	memset(g, 0, sizeof(*g));
	/* 15 + 16: a 32 KiB window with a gzip wrapper; memLevel 8 as gzip. */
	if (deflateInit2(&g->s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		warn("zlib failed: %s", g->s.msg ? g->s.msg : "cannot initialise");
		return -1;
	}
	return 0;
}

/* Count one block (at most COMPRESS_BLOCK bytes, within avail_in's 32
 * bits), the end of the stream with the last. Returns 0, or -1 after a
 * warning. */
static int gzip_feed(struct gzip_count *g, const unsigned char *p, size_t n,
		     bool last, unsigned char *out)
{
	int r;

	g->s.next_in = (unsigned char *)p;
	g->s.avail_in = (unsigned)n;
	do {
		g->s.next_out = out;
		g->s.avail_out = COMPRESS_OUT;
		r = deflate(&g->s, last ? Z_FINISH : Z_NO_FLUSH);
		g->size += COMPRESS_OUT - g->s.avail_out;
	} while (r == Z_OK && (last || g->s.avail_in > 0 || g->s.avail_out == 0));
	if (last ? r != Z_STREAM_END : r != Z_OK && r != Z_BUF_ERROR) {
		warn("zlib failed: error %d", r);
		return -1;
	}
	return 0;
}

/* zstd (when on) and the gzip size, from one reading of the input. Returns
 * 0, or -1 after a warning about a codec; a failed read is left in z. */
int compress_zstd_gzip(int fd, struct compress_sidecar *z, uint64_t *gz)
{
	size_t cap = block_size(z->n);
	unsigned char *block = xmalloc(cap), *out = xmalloc(COMPRESS_OUT);
	struct input in = { fd, z->n, false };
	ZSTD_CCtx *cctx = NULL;
	struct gzip_count g;
	bool have_gzip = false, last = false;
	int ret = -1;

	if (z->level > 0 && !(cctx = zstd_open(z)))
		goto out;
	if (gzip_open(&g) < 0)
		goto out;
	have_gzip = true;
	/* An empty input still makes a gzip stream. */
	while (!last) {
		ssize_t got = input_next(&in, block, cap);

		if (got < 0) {
			sidecar_read_failed(z, &in);
			ret = 0;
			goto out;
		}
		last = in.left == 0;
		if (cctx && !z->larger && !z->failed &&
		    zstd_feed(cctx, z, block, (size_t)got, last, out) < 0)
			goto out;
		if (gzip_feed(&g, block, (size_t)got, last, out) < 0)
			goto out;
	}
	*gz = g.size;
	ret = 0;
	/* The frame's header, read back (the temp file is open for reading
	 * too): its window is what browsers must hold. */
	if (cctx && !z->larger && !z->failed) {
		unsigned char head[18];
		ssize_t n = pread(afile_fd(z->out), head, sizeof(head), 0);

		if (zstd_window(head, n > 0 ? (size_t)n : 0) >
		    (uint64_t)1 << ZSTD_MAX_WINDOW_LOG)
			BUG("zstd frame window over %d bits in '%s'",
			    ZSTD_MAX_WINDOW_LOG, z->input);
	}
out:
	if (have_gzip)
		deflateEnd(&g.s);
	ZSTD_freeCCtx(cctx);
	free(block);
	free(out);
	return ret;
}
