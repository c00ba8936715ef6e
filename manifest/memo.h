/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_MEMO_H
#define DISTILL_MANIFEST_MEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "../src/lib/digest.h"
#include "merge.h"

/*
 * The manifest job's memo (gen/manifest/merged.memo): each asset's merged
 * entry and files from the last run, under the hash of its assets.json
 * line, with the identity (file_identity(): size, mtime, ctime, inode)
 * of each record it was merged from. An entry whose line and records are as they
 * were is taken from here, so a one-page change merges one entry, not the
 * whole site. The first line holds the hash of the settings the entries
 * were merged with (distill's version, the configuration) and of the rest
 * of the file: a memo of other settings, or damaged, is not read, and
 * every entry is merged again.
 */

struct memo_record {
	const char *dir;  /* the store folder, as assets.json names it */
	char identity[HASH_HEX_LEN + 1];
};

struct memo_entry {
	struct hash128 key;  /* of the assets.json line */
	const char *text;    /* the merged entry, compact JSON */
	size_t len;
	struct memo_record *records;
	size_t nrecords;
	struct merged_file *files;
	size_t nfiles;
};

struct memo {
	char *data;  /* the file; the strings above point into it */
	struct memo_entry *v;  /* sorted by key */
	size_t n;
};

/* Read dir's memo when it was written with settings and is intact; else
 * an empty one. Never fails: a memo only saves work. */
void memo_load(struct memo *m, const char *dir, struct hash128 settings);
void memo_release(struct memo *m);
/* The entry under key whose records are as they were, or NULL. */
const struct memo_entry *memo_find(const struct memo *m, struct hash128 key);
/* The identity of dir/record.json into hex. Returns 0, or -1 when it
 * cannot be read. */
int memo_record_identity(const char *dir, char hex[HASH_HEX_LEN + 1]);
/* Write v[0, n) as dir's memo (when its bytes changed). Returns 0, or -1
 * with errno set. */
int memo_write(const char *dir, struct hash128 settings, const struct memo_entry *v,
	       size_t n);

#endif
