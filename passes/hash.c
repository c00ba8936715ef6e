/* SPDX-License-Identifier: MIT */
/*
 * hash: decides where every asset lands. Reads the scanned assets and their
 * references; writes nothing but asset->outpath and the flags. Runs in the
 * planner only (no jobs).
 *
 * Names a bundler provably fingerprinted (name-XXXXXXXX.ext in its asset
 * folder, hash_bundler.c) are kept. Stylesheets,
 * images and fonts that HTML or CSS reference get a content-hashed name
 * under the prefix (default "assets/"), unless they must keep their URL:
 * pages, the "keep" list (sw.js, manifest.json, robots.txt...), and
 * anything a script might load by name. JS is never rewritten, so scripts,
 * wasm, JSON and source maps keep their names, and a file whose name occurs
 * in some script or JSON file (a web manifest), or in HTML or CSS too large
 * to parse, or that CSS references (a library may build the same URL in
 * JS), keeps its original copy too.
 *
 * A stylesheet's fingerprint covers its bytes and the names it references,
 * so a renamed image gives the stylesheet that points at it a new name.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/site.h"
#include "hash.h"
#include "hash_int.h"

extern const struct pass pass_hash;

static bool matches_any(const json_t *globs, const char *path)
{
	const char *base = path_base(path);
	size_t i;
	json_t *g;

	json_array_foreach(globs, i, g) {
		const char *pat = json_string_value(g);

		if (pat && (fnmatch(pat, path, 0) == 0 ||
			    (!strchr(pat, '/') && fnmatch(pat, base, 0) == 0)))
			return true;
	}
	return false;
}

static bool renamable_kind(enum asset_kind kind)
{
	switch (kind) {
	case KIND_CSS: case KIND_RASTER: case KIND_SVG: case KIND_GIF:
	case KIND_IMAGE: case KIND_FONT:
		return true;
	default:
		return false;
	}
}

/*
 * A stylesheet keeps the name its bundler gave it only while its bytes stay
 * the bundler's: one that names a file distill renames is rewritten, and
 * under the old name its new bytes would be cached for good as if they
 * could not change. So it is fingerprinted too, its name covering the
 * names it holds (fingerprint()); again for a stylesheet importing one.
 * One a script names keeps its name, and is merely revalidated.
 */
static void fingerprint_rewritten_css(struct site *site)
{
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < site->nassets; i++) {
			struct asset *a = &site->assets[i];
			bool names_renamed = false;

			if (a->kind != KIND_CSS || !(a->flags & ASSET_BUNDLER_HASHED))
				continue;
			for (size_t r = 0; r < a->nrefs && !names_renamed; r++) {
				long t = a->refs[r].target;

				names_renamed = t >= 0 && (site->assets[t].flags & ASSET_FINGERPRINT);
			}
			if (names_renamed) {
				a->flags &= ~(unsigned)ASSET_BUNDLER_HASHED;
				if (!(a->flags & (ASSET_PINNED | ASSET_MISMATCH | ASSET_NAMED_IN_JS)))
					a->flags |= ASSET_FINGERPRINT;
				changed = true;
			}
		}
	}
}

enum { UNSEEN, VISITING, DONE };

/* The fingerprint of a: its bytes, plus the output names it references when
 * it is a stylesheet. A reference cycle falls back to the bytes alone. */
static struct hash128 fingerprint(struct site *site, size_t i, unsigned char *state)
{
	struct asset *a = &site->assets[i];
	struct digest_key k;

	if (state[i] == DONE)
		return a->fingerprint;
	if (state[i] == VISITING)
		return a->hash;
	state[i] = VISITING;
	digest_key_init(&k);
	digest_key_hash(&k, a->hash);
	for (size_t r = 0; a->kind == KIND_CSS && r < a->nrefs; r++) {
		long t = a->refs[r].target;

		if (t >= 0 && site->assets[t].flags & ASSET_FINGERPRINT)
			digest_key_hash(&k, fingerprint(site, (size_t)t, state));
	}
	a->fingerprint = digest_key_final(&k);
	state[i] = DONE;
	return a->fingerprint;
}

/* prefix + stem + "." + fingerprint + extension. A stem that would take
 * the name past FILE_NAME_MAX, with room for a ".zst" sidecar, is cut; the
 * fingerprint still keeps names apart. */
static char *fingerprinted_name(const char *prefix, const char *path,
				struct hash128 h)
{
	const char *base = path_base(path);
	size_t limit = FILE_NAME_MAX - strlen(".zst"), stem = name_stem_len(base);
	const char *ext = base + stem;
	char fp[FINGERPRINT_LEN + 1], *tail, *name;

	if (strlen(ext) > (limit - 1 - FINGERPRINT_LEN) / 2) {
		ext = ""; /* no real extension is that long */
		stem = strlen(base);
	}
	digest_fingerprint(h, fp);
	tail = xasprintf(".%s%s", fp, ext);
	name = name_fit(prefix, base, stem, tail, limit);
	free(tail);
	return name;
}

/* The default is config.c's merged default; "assets/" stands in for a
 * configuration that was not merged (a job run by hand). */
const char *hash_prefix(const json_t *config)
{
	const char *prefix = json_string_value(json_object_get(json_object_get(config, "hash"),
							       "prefix"));

	return prefix ? prefix : "assets/";
}

static void hash_plan(struct plan *p, struct site *site)
{
	const json_t *config = json_object_get(site->config, "hash");
	const char *prefix = json_string_value(json_object_get(config, "prefix"));
	const json_t *keep = json_object_get(config, "keep");
	unsigned char *state = xcalloc(site->nassets, 1);

	(void)p;
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		for (size_t r = 0; r < a->nrefs; r++) {
			long t = a->refs[r].target;

			if (t >= 0) {
				site->assets[t].flags |= ASSET_REFERENCED;
				if (a->kind == KIND_CSS)
					site->assets[t].flags |= ASSET_KEEP_ORIGINAL;
			}
		}
		/* A file too large to parse stays as it is, where it is. */
		if (a->kind == KIND_HTML || matches_any(keep, a->path) || a->error)
			a->flags |= ASSET_PINNED;
	}
	bundler_mark_hashed(site, json_object_get(config, "trustedDirs"));
	mark_named_in_js(site);
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		if ((a->flags & ASSET_REFERENCED) && renamable_kind(a->kind) &&
		    !(a->flags & (ASSET_PINNED | ASSET_BUNDLER_HASHED | ASSET_MISMATCH)) &&
		    !(a->kind == KIND_CSS && a->flags & ASSET_NAMED_IN_JS))
			a->flags |= ASSET_FINGERPRINT;
		if (a->flags & ASSET_NAMED_IN_JS)
			a->flags |= ASSET_KEEP_ORIGINAL;
	}
	fingerprint_rewritten_css(site);
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		/* A rewritten stylesheet is only right at its new place. */
		if (!(a->flags & ASSET_FINGERPRINT) || a->kind == KIND_CSS)
			a->flags &= ~(unsigned)ASSET_KEEP_ORIGINAL;
	}
	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		if (a->flags & ASSET_FINGERPRINT) {
			free(a->outpath);
			a->outpath = fingerprinted_name(prefix, a->path,
							fingerprint(site, i, state));
		}
	}
	free(state);
}

const struct pass pass_hash = {
	.name = "hash",
	.summary = "give referenced assets content-hashed names under one prefix",
	.kind = PASS_ASSET,
	.version = 2,
	.defaults = "{\"prefix\": \"assets/\", \"trustedDirs\": [], \"keep\": [\"sw.js\", \"manifest.json\","
		    " \"*.webmanifest\", \"robots.txt\", \"favicon.ico\", \"offline.html\","
		    " \"sitemap*.xml\", \".well-known/*\", \"_headers\", \"_redirects\","
		    " \"apple-touch-icon*.png\", \"browserconfig.xml\", \"CNAME\","
		    " \"precache-manifest.json\"],"
		    " \"keepPrevious\": null, \"keepPreviousDays\": 7}",
	.plan = hash_plan,
};
