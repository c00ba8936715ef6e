/* SPDX-License-Identifier: MIT */
/*
 * Which names a bundler provably content-addressed, the one rule behind
 * "fingerprinted" for files distill does not rename itself, and so behind
 * the immutable header, the precache's revision null and the budget's
 * stable names. A wrong yes keeps stale bytes in browsers for a year and
 * cannot be recalled; a wrong no costs one revalidation. So a name counts
 * only when all of these hold:
 *
 *   - it looks like a bundler's "[name]-[hash].[ext]" or
 *     "[name].[hash].[ext]" (hash_token());
 *   - it is not a page, and the hash pass's "keep" list does not pin it;
 *   - Vite's manifest (.vite/manifest.json) lists it, or it sits in a
 *     bundler's output folder, its token is as long as the hashes that
 *     proved the folder, and it is no plain word (it has a digit or a
 *     capital: "touch-icon" and "portrait" have neither; token_evidence()).
 *
 * A bundler's output folders are those of the hashed scripts and
 * stylesheets the pages load and of the files Vite's manifest lists, each
 * with the lengths of their hashes (a bundler writes one length: "[hash:8]"
 * shows "jquery.dataTables.js" is no hash there), and the folders in
 * "trustedDirs" of the hash config (for other layouts), with any length.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/util.h"
#include "../src/lib/vite_manifest.h"
#include "../src/site.h"
#include "hash_int.h"

static const char token_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/* Whether token[0, len) holds only characters of set. */
static bool all_of(const char *token, size_t len, const char *set)
{
	return strspn(token, set) >= len;
}

/* Whether a folder of path, before its base name, is named "immutable". */
static bool under_immutable(const char *path, const char *base)
{
	static const char name[] = "immutable";
	size_t n = sizeof(name) - 1;

	for (const char *p = path; p + n < base; p++)
		if ((p == path || p[-1] == '/') && strncmp(p, name, n) == 0 && p[n] == '/')
			return true;
	return false;
}

/* The hash token of a name that looks bundler-hashed, or NULL; *len its
 * length. Each part of the base name that
 * ends at a '.' (not the first) is tried:
 *   - 8 to 12 characters of base64url after the last '-' of the part
 *     (Vite's "index-B2xK9qLm.js"; the token may itself hold '-',
 *     "gallery-UX-Zyb8K.js", so each length is tried);
 *   - a whole part of 8 to 12 of them (Rollup's "[name].[hash]", as
 *     VitePress, Astro and SvelteKit write it: "app.CODEtcta.js",
 *     "index.md.ComEp83I.lean.js");
 *   - a whole part of 32 to 64 hex digits (Hugo's "main.min.<sha256>.css");
 *   - under a folder named "immutable" only, and when none of the above
 *     matched, a whole name of 8 to 12 of them before its first '.'
 *     (SvelteKit's "[hash].js" in
 *     "_app/immutable/chunks/"): elsewhere "bundle01.js" would pass for
 *     one, but a generator that names its folder so says its names are
 *     content-addressed.
 */
static const char *hash_token(const char *path, size_t *len)
{
	static const char hex[] = "0123456789abcdef";
	const char *base = path_base(path), *part = strchr(base, '.');
	size_t stem;

	if (!part || part == base)
		return NULL;
	for (const char *dot = strchr(part + 1, '.'); dot; part = dot, dot = strchr(dot + 1, '.')) {
		size_t n = (size_t)(dot - part - 1);

		if (n >= 8 && n <= 12 && all_of(part + 1, n, token_chars)) {
			*len = n;
			return part + 1;
		}
		if (n >= 32 && n <= 64 && all_of(part + 1, n, hex)) {
			*len = n;
			return part + 1;
		}
	}
	part = strchr(base, '.');
	for (size_t n = 8; n <= 12 && (size_t)(part - base) > n; n++) {
		const char *token = part - n;

		if (token[-1] == '-' && all_of(token, n, token_chars)) {
			*len = n;
			return token;
		}
	}
	/* Last, so that "Inter-Bold.D4CAdWR9.woff2" there keeps its hash. */
	stem = (size_t)(part - base);
	if (under_immutable(path, base) && stem >= 8 && stem <= 12 &&
	    all_of(base, stem, token_chars)) {
		*len = stem;
		return base;
	}
	return NULL;
}

/* How surely a token is no word: WORD_LIKE with neither digit nor
 * capital ("touch-icon", "portrait"), ONE_CAPITAL as a camel-case word
 * could be ("dataTables", or a hash), HASH_LIKE with a digit or two
 * capitals. A file a page loads proves its folder only when HASH_LIKE;
 * a file in a proven folder needs ONE_CAPITAL. */
enum evidence { WORD_LIKE, ONE_CAPITAL, HASH_LIKE };

static enum evidence token_evidence(const char *token, size_t len)
{
	size_t digits = 0, capitals = 0;

	for (size_t i = 0; i < len; i++) {
		digits += isdigit((unsigned char)token[i]) != 0;
		capitals += isupper((unsigned char)token[i]) != 0;
	}
	if (digits > 0 || capitals >= 2)
		return HASH_LIKE;
	return capitals == 1 ? ONE_CAPITAL : WORD_LIKE;
}

/* The length of path's hash token as a bit: 1 << length for 8 to 12,
 * one bit for the hex digests of 32 to 64; 0 when its name does not look
 * bundler-hashed with at least the evidence asked. */
static unsigned hash_length_bit(const char *path, enum evidence least)
{
	size_t len;
	const char *token = hash_token(path, &len);

	if (!token || token_evidence(token, len) < least)
		return 0;
	return len <= 12 ? 1u << len : 1u << 13;
}

/* The folder part of path, "" at the top; a new string. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

/* Folders a bundler writes to, each with the hash lengths that proved it
 * (bits as hash_length_bit(); ANY_LENGTH for a folder the user named). */
#define ANY_LENGTH (~0u)

struct folder {
	char *dir;
	unsigned lengths;
};

struct folders {
	struct folder *v;
	size_t n, cap;
};

static void folders_add(struct folders *f, char *dir, unsigned lengths)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].dir, dir) == 0) {
			f->v[i].lengths |= lengths;
			free(dir);
			return;
		}
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof(*f->v));
	f->v[f->n++] = (struct folder){ dir, lengths };
}

/* Whether path looks hashed and sits in one of the folders with a hash of
 * its length. */
static bool folders_vouch(const struct folders *f, const char *path)
{
	unsigned bit = hash_length_bit(path, ONE_CAPITAL);
	char *dir = folder_of(path);
	bool found = false;

	for (size_t i = 0; i < f->n && bit && !found; i++)
		found = (f->v[i].lengths & bit) && strcmp(f->v[i].dir, dir) == 0;
	free(dir);
	return found;
}

/* Vite's manifest (src/lib/vite_manifest.h): marks every file it names as
 * listed and adds the folders of the chunks. */
static void read_vite_manifest(struct site *site, bool *listed, struct folders *dirs)
{
	for (size_t n = 0; vite_manifest_names[n]; n++) {
		long at = site_find(site, vite_manifest_names[n]), i;
		struct vite_manifest m;
		size_t len;
		char *text = at >= 0 ? read_file(site->assets[at].source, &len) : NULL;

		if (!text || vite_manifest_parse(text, len, &m) < 0) {
			free(text);
			continue;
		}
		free(text);
		for (size_t c = 0; c < m.n; c++) {
			const struct vite_chunk *ch = &m.chunks[c];

			if ((i = site_find(site, ch->file)) >= 0) {
				listed[i] = true;
				folders_add(dirs, folder_of(ch->file),
					    hash_length_bit(ch->file, ONE_CAPITAL));
			}
			for (size_t k = 0; k < ch->ncss; k++)
				if ((i = site_find(site, ch->css[k])) >= 0)
					listed[i] = true;
			for (size_t k = 0; k < ch->nassets; k++)
				if ((i = site_find(site, ch->assets[k])) >= 0)
					listed[i] = true;
		}
		vite_manifest_free(&m);
	}
}

/* The folders of the hashed scripts and stylesheets the pages load. */
static void entry_folders(const struct site *site, struct folders *dirs)
{
	for (size_t i = 0; i < site->nassets; i++) {
		const struct asset *a = &site->assets[i];

		for (size_t r = 0; a->kind == KIND_HTML && r < a->nrefs; r++) {
			enum ref_kind k = a->refs[r].ref.kind;
			long t = a->refs[r].target;

			if (t >= 0 && (k == REF_SCRIPT || k == REF_MODULEPRELOAD ||
				       k == REF_STYLESHEET) &&
			    hash_length_bit(site->assets[t].path, HASH_LIKE))
				folders_add(dirs, folder_of(site->assets[t].path),
					    hash_length_bit(site->assets[t].path, HASH_LIKE));
		}
	}
}

void bundler_mark_hashed(struct site *site, const json_t *trusted_dirs)
{
	bool *listed = xcalloc(site->nassets + 1, sizeof(*listed));
	struct folders dirs = { 0 };
	size_t i, untrusted = 0;
	const char *example = NULL;
	json_t *d;

	json_array_foreach(trusted_dirs, i, d) {
		const char *dir = json_string_value(d);
		size_t len;

		if (!dir)
			continue;
		while (*dir == '/')
			dir++;
		for (len = strlen(dir); len > 0 && dir[len - 1] == '/'; len--)
			;
		folders_add(&dirs, xstrndup(dir, len), ANY_LENGTH);
	}
	read_vite_manifest(site, listed, &dirs);
	entry_folders(site, &dirs);
	for (i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];
		size_t len;

		if (a->kind == KIND_HTML || (a->flags & ASSET_PINNED) ||
		    !hash_token(a->path, &len))
			continue;
		if (listed[i] || folders_vouch(&dirs, a->path)) {
			a->flags |= ASSET_BUNDLER_HASHED;
		} else {
			untrusted++;
			if (!example)
				example = a->path;
		}
	}
	if (untrusted > 0)
		warn("%zu file%s only look%s hashed (e.g. '%s'): no bundler's manifest or "
		     "asset folder vouches for %s, so %s revalidated; hash.trustedDirs adds folders",
		     untrusted, untrusted == 1 ? "" : "s", untrusted == 1 ? "s" : "", example,
		     untrusted == 1 ? "it" : "them", untrusted == 1 ? "it is" : "they are");
	for (i = 0; i < dirs.n; i++)
		free(dirs.v[i].dir);
	free(dirs.v);
	free(listed);
}
