/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SCAN_H
#define DISTILL_SCAN_H

#include <stdbool.h>

struct site;

/* True for a folder name that is never part of a site: a dot-folder (.git,
 * .cache, ...) other than .well-known and Vite's .vite, and node_modules. */
bool scan_is_private(const char *name);

/*
 * Walk site->dist and fill site->assets, sorted by path: classify each file
 * by suffix and first bytes and hash it with XXH3-128. Symlinks are never
 * followed out of DIST: one to a file inside is read as that file, one to a
 * folder inside is walked as that folder at the link's path; one pointing
 * outside, to no file or into a private folder, or looping back to a
 * folder it is in, is skipped with a warning naming it. Private folders
 * (scan_is_private()) are left out; the first is named in
 * site->private_folder. A file whose path is not valid UTF-8 is no asset:
 * it goes in site->unlisted, sorted by path. Returns 0, or -1 after a
 * warning naming the file (an unreadable file, a DIST that is no folder).
 */
int scan_files(struct site *site);
/*
 * Parse the references of the HTML and CSS files scan_files() found (or
 * take them from the cache of references by content) and resolve them to
 * asset indexes. Returns 0, or -1 after a warning naming the file.
 */
int scan_references(struct site *site);
/*
 * Leave out the .br and .zst files that sit beside a file of the site
 * (app.css.br beside app.css): copies an earlier tool made, stale once the
 * file changes or moves. The compress pass writes fresh ones. A .gz beside
 * its file is marked ASSET_GZ_COPY: kept unless that file changes. Called
 * after the check for a tree distill wrote itself, whose sidecars are its
 * own.
 */
void scan_drop_sidecars(struct site *site);
/* Leave out of the site the assets drop marks (one flag an asset, in
 * order); the rest keep their order. */
void scan_drop_assets(struct site *site, const bool *drop);
void scan_free(struct site *site);

#endif
