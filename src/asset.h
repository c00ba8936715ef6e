/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_ASSET_H
#define DISTILL_ASSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/digest.h"
#include "lib/refs.h"

/* What a file is, from its suffix, checked against its first bytes. */
enum asset_kind {
	KIND_OTHER,
	KIND_HTML,
	KIND_CSS,
	KIND_JS,      /* js, mjs, cjs */
	KIND_RASTER,  /* jpeg and png: the image pass makes variants */
	KIND_SVG,
	KIND_GIF,
	KIND_IMAGE,   /* webp, avif, ico, bmp: carried over as they are */
	KIND_FONT,
	KIND_JSON,    /* json, webmanifest */
	KIND_TEXT,    /* txt, xml, map and other compressible text */
	KIND_WASM,
	NKINDS
};

enum asset_flags {
	ASSET_BUNDLER_HASHED = 1 << 0, /* a bundler fingerprinted the name (hash_bundler.c) */
	ASSET_FINGERPRINT = 1 << 1,   /* gets a content-hashed name under assets/ */
	ASSET_KEEP_ORIGINAL = 1 << 2, /* also stays at its original path */
	ASSET_MISMATCH = 1 << 3,      /* content is not what the suffix says */
	ASSET_REWRITE = 1 << 4,       /* HTML or CSS whose references change */
	ASSET_NAMED_IN_JS = 1 << 5,   /* its file name occurs in some JS file
				       * (or HTML or CSS too large to parse) */
	ASSET_REFERENCED = 1 << 6,    /* some HTML or CSS file references it */
	ASSET_PINNED = 1 << 7,        /* must keep its URL (sw.js, robots.txt...) */
	ASSET_GZ_COPY = 1 << 8        /* NAME.gz beside NAME: kept while distill
				       * leaves NAME's bytes and name alone */
};

/* A reference found in an HTML or CSS file, resolved against the site. */
struct asset_ref {
	struct ref ref;   /* as parsed: kind and URL */
	long target;      /* index of the asset it names, or -1 (external...) */
	bool missing;     /* names a file of the site that is not there */
};

/* Room for the passes of passes/passes.c, checked there. */
#define MAX_PASSES 16

struct asset {
	/* From scan. */
	char *path;             /* relative to DIST, '/'-separated, no "./" */
	char *source;           /* absolute file to read the bytes from */
	enum asset_kind kind;
	unsigned flags;
	uint64_t size;
	struct hash128 hash;    /* XXH3-128 of the bytes */
	struct asset_ref *refs; /* HTML and CSS only, in document order */
	size_t nrefs;
	const char *error;      /* why it is carried over as it is (a static
				 * string: a rejected input), or NULL */

	/* From plan. */
	char *outpath;          /* where the bytes land in the output tree */
	struct hash128 fingerprint; /* hash of the content and what it names */
	char *content;          /* file holding the output bytes */
	struct hash128 content_key; /* identifies those bytes before they exist */
	/* The record of the job that writes content, for an edge reading it
	 * to depend on, or NULL when content is the input file. A pass that
	 * changes the bytes sets all three; one that reads them needs no
	 * other pass's name. */
	char *content_record;
	char *records[MAX_PASSES]; /* store folder of each pass's job, or NULL */
};

const char *asset_kind_name(enum asset_kind kind);
/* Kind from the suffix alone (case-insensitive). */
enum asset_kind asset_kind_from_suffix(const char *path);
/* Check the first bytes against the kind the suffix claims; returns false
 * when they clearly disagree (a text file named .png). */
bool asset_magic_matches(enum asset_kind kind, const char *path,
			 const unsigned char *head, size_t n);

#endif
