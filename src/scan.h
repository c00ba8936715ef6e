/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SCAN_H
#define DISTILL_SCAN_H

struct site;

/*
 * Walk site->dist and fill site->assets, sorted by path: classify each file
 * by suffix and first bytes and hash it with XXH3-128. Symlinks are never
 * followed out of DIST: one pointing inside is read as its target, one
 * pointing outside is skipped with a warning. Returns 0, or -1 after a
 * warning naming the file (an unreadable file, a DIST that is no folder).
 */
int scan_files(struct site *site);
/*
 * Parse the references of the HTML and CSS files scan_files() found (or
 * take them from the cache of references by content) and resolve them to
 * asset indexes. Returns 0, or -1 after a warning naming the file.
 */
int scan_references(struct site *site);
void scan_free(struct site *site);

#endif
