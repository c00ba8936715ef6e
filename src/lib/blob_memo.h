/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BLOB_MEMO_H
#define DISTILL_BLOB_MEMO_H

#include <stddef.h>

#include "buf.h"
#include "digest.h"

/*
 * A memo of byte strings under 128-bit keys, kept from one run to the
 * next (src/README.md lists them). Its file is
 * "MAGIC SETTINGS-HEX BODY-HEX\n", then "KEY-HEX LEN\n" and LEN bytes and
 * "\n" per entry, sorted by key. A memo of other settings, or whose body
 * does not hash to BODY-HEX, is not read: a memo only saves work, so
 * nothing about it fails.
 */

struct blob_memo_entry {
	struct hash128 key;
	const char *data; /* NUL-terminated after len bytes when loaded */
	size_t len;
};

struct blob_memo {
	char *text; /* the file; entries point into it */
	struct blob_memo_entry *v;
	size_t n;
};

/* Settings for a memo whose entries mean what this binary makes of what
 * (a name and version of their format): a new distill drops the memo. */
struct hash128 blob_memo_settings(const char *what);
/* Read path when it is a memo of magic and settings and intact; else m is
 * empty. */
void blob_memo_load(struct blob_memo *m, const char *path, const char *magic,
		    struct hash128 settings);
/* The entry under key, or NULL. */
const struct blob_memo_entry *blob_memo_find(const struct blob_memo *m,
					     struct hash128 key);
void blob_memo_release(struct blob_memo *m);
/* This run's entries, for the next run: added in any order. */
struct blob_memo_next {
	struct buf data;
	struct blob_memo_slot {
		struct hash128 key;
		size_t at, len;
	} *v;
	size_t n, cap;
};

void blob_memo_add(struct blob_memo_next *next, struct hash128 key, const void *data,
		   size_t len);
/* Write next's entries (one per key) as the memo at path, when its bytes
 * changed. Returns 0, or -1 with errno set. */
int blob_memo_write(struct blob_memo_next *next, const char *path, const char *magic,
		    struct hash128 settings);
void blob_memo_next_release(struct blob_memo_next *next);

#endif
