/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_H
#define DISTILL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct jdoc;

/*
 * The merged manifest (FORMAT.md) as C structs: what every consumer (the
 * aggregates, the commit, the build's report) reads. Field names are
 * spelled here and in the merge alone; a manifest missing a field its
 * format requires is refused when it is read, not found missing later.
 * The rules about its files (which is a sidecar of what, which name
 * carries its hash) are the functions at the end.
 */

/* What a file of the output tree is to its asset. */
enum manifest_role {
	ROLE_ASSET,    /* the asset's bytes at its output */
	ROLE_ORIGINAL, /* the same bytes at the original path, kept */
	ROLE_VARIANT,  /* an image variant */
	ROLE_BR,       /* brotli sidecar: output + ".br" */
	ROLE_ZST,      /* zstd sidecar: output + ".zst" */
};

struct manifest_ref {
	const char *url;
	const char *kind;    /* FORMAT.md's ref kinds: "script", "img", ... */
	const char *target;  /* path of the asset it names, or NULL */
	bool missing;        /* names a file of the site that is not there */
};

struct manifest_variant {
	const char *output, *format;
	int64_t width, height, size;
};

struct manifest_entry {
	const char *path;        /* source path relative to DIST */
	const char *kind;        /* "html", "js", ... (FORMAT.md) */
	const char *hash, *output, *output_hash;
	const char *content;     /* absolute path of the bytes at output */
	const char *error;       /* why it was rejected, or NULL */
	const char *integrity;   /* js, css: "sha384-..." of the output bytes */
	int64_t size, output_size;
	int64_t br, zst, gzip;   /* sidecar and gzip sizes; -1: none */
	bool fingerprinted, original_kept;
	struct manifest_ref *refs;
	size_t nrefs;
	struct manifest_variant *variants; /* raster images' */
	size_t nvariants;
	const char **picture_images; /* a page's: the source path of each
	                                image a <picture> distill made shows */
	size_t npicture_images;
	const char **early_hints; /* a page's: Link values (FORMAT.md) */
	size_t nearly_hints;
};

struct manifest_file {
	const char *output, *from, *hash;
	int64_t size;
	enum manifest_role role;
	const struct manifest_entry *entry; /* the asset it belongs to */
};

/* A file of DIST whose path is not UTF-8 (FORMAT.md's UNLISTED). */
struct manifest_unlisted {
	const char *name, *url, *reason;
};

struct manifest {
	struct jdoc *doc;   /* the manifest as read; owns every string */
	const char *dist;   /* absolute path of DIST */
	struct manifest_entry *entries; /* sorted by path */
	size_t nentries;
	struct manifest_file *files;    /* sorted by output */
	size_t nfiles;
	struct manifest_unlisted *unlisted;
	size_t nunlisted;
};

/* The manifest text[0, len) (a heap buffer of len + 1 bytes, taken over)
 * as structs, entries sorted by path and files by output. Returns NULL,
 * with why (a static string: the field missing or of the wrong type, or
 * the JSON syntax error) in *why, when it is not a manifest of this
 * format: not JSON, a field missing or of the wrong type, a path or
 * output twice. */
struct manifest *manifest_from_text(char *text, size_t len, const char **why);
/* The same from a JSON value (a new reference, taken over), for a
 * manifest made in memory (tests). */
struct manifest *manifest_from_json(json_t *json, const char **why);
void manifest_free(struct manifest *m);

/* The entry of the asset at path, or NULL. */
const struct manifest_entry *manifest_entry_find(const struct manifest *m,
						 const char *path);
/* The file at output, or NULL. */
const struct manifest_file *manifest_file_find(const struct manifest *m,
					       const char *output);

/* A role's name in the manifest, and back (-1 for an unknown name). */
const char *manifest_role_name(enum manifest_role role);
int manifest_role_parse(const char *name);
/* A sidecar compresses the file at its output without ".br" or ".zst". */
bool manifest_role_is_sidecar(enum manifest_role role);
/* The output path of the file a sidecar at output compresses, as a new
 * string; NULL when role is no sidecar's or output lacks its suffix. */
char *manifest_sidecar_base(const char *output, enum manifest_role role);
/* The file a sidecar compresses, or NULL (not a sidecar, or its file is
 * not in the manifest). */
const struct manifest_file *manifest_sidecar_of(const struct manifest *m,
						const struct manifest_file *f);
/* Whether a file's name changes whenever its bytes do, so that it may be
 * cached for a year: a variant, always; an asset's file when its entry is
 * fingerprinted (by distill or by the bundler); a sidecar when its own
 * file is; an original, never. */
bool manifest_file_fingerprinted(const struct manifest *m,
				 const struct manifest_file *f);

#endif
