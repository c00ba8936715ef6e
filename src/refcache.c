/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/blob_memo.h"
#include "lib/cache_layout.h"
#include "lib/util.h"
#include "refcache.h"

/* Entries of another distill, or of another numbering of enum ref_kind,
 * are not read (blob_memo_settings() folds in the version). */
#define REFCACHE_MAGIC "distill-refs"
#define REFCACHE_FORMAT REFCACHE_MAGIC " 3"
/* See rewrite(). */
#define REFCACHE_REWRITE 64

/*
 * An entry holds the references of one file's bytes, each as its kind
 * (one byte), whether it carries an integrity attribute (one byte, 0 or
 * 1) and its URL, ended by a NUL: URLs are C strings, so none holds one.
 */

struct refcache {
	char *path;
	struct blob_memo old;         /* entries read from the file */
	const struct blob_memo_entry **kept; /* of old, used by this build */
	size_t nkept, kept_cap;
	struct blob_memo_next parsed; /* entries parsed by this build */
};

static struct hash128 settings(void)
{
	return blob_memo_settings(REFCACHE_FORMAT);
}

struct refcache *refcache_load(const char *cache_dir)
{
	struct refcache *rc = xcalloc(1, sizeof(*rc));

	rc->path = cache_path(cache_dir, CACHE_REFS);
	blob_memo_load(&rc->old, rc->path, REFCACHE_MAGIC, settings());
	return rc;
}

/* The references an entry holds, into a new array; -1 when it is not one
 * this build wrote. */
static int decode(const struct blob_memo_entry *e, struct ref **refs, size_t *nrefs)
{
	const char *p = e->data, *end = e->data + e->len;
	size_t n = 0, cap = 0;

	*refs = NULL;
	while (p < end) {
		const char *url = p + 2, *nul;

		if (end - p < 3 || (unsigned char)p[0] > REF_KIND_LAST || (p[1] != 0 && p[1] != 1) ||
		    !(nul = memchr(url, '\0', (size_t)(end - url)))) {
			refs_free(*refs, n);
			return -1;
		}
		*refs = xgrow(*refs, &cap, n + 1, sizeof(**refs));
		(*refs)[n++] = (struct ref){ .kind = (enum ref_kind)(unsigned char)p[0],
					     .url = xstrndup(url, (size_t)(nul - url)),
					     .integrity = p[1] == 1 };
		p = nul + 1;
	}
	*nrefs = n;
	if (!*refs)
		*refs = xcalloc(1, sizeof(**refs));
	return 0;
}

int refcache_get(struct refcache *rc, struct hash128 h, struct ref **refs,
		 size_t *nrefs)
{
	const struct blob_memo_entry *e = blob_memo_find(&rc->old, h);

	if (!e || decode(e, refs, nrefs) < 0)
		return -1;
	rc->kept = xgrow(rc->kept, &rc->kept_cap, rc->nkept + 1, sizeof(*rc->kept));
	rc->kept[rc->nkept++] = e;
	return 0;
}

void refcache_put(struct refcache *rc, struct hash128 h, const struct ref *refs,
		  size_t nrefs)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < nrefs; i++) {
		buf_addc(&b, (char)refs[i].kind);
		buf_addc(&b, refs[i].integrity ? 1 : 0);
		buf_add(&b, refs[i].url, strlen(refs[i].url) + 1);
	}
	blob_memo_add(&rc->parsed, h, b.data ? b.data : "", b.len);
	buf_release(&b);
}

/* Whether to write the cache again: when more than one file in
 * REFCACHE_REWRITE was parsed anew or is gone. The rest of the time the
 * few it lacks are parsed again next build, which costs less than
 * writing it (0.5 s at 100,000 files for one page changed). */
static bool rewrite(const struct refcache *rc)
{
	size_t used = rc->nkept + rc->parsed.n;
	size_t gone = rc->old.n > rc->nkept ? rc->old.n - rc->nkept : 0;

	return (rc->parsed.n + gone) * REFCACHE_REWRITE > used;
}

void refcache_save(struct refcache *rc)
{
	if (!rc)
		return;
	info(3, "references: %zu file%s parsed, %zu known from the cache", rc->parsed.n,
	     rc->parsed.n == 1 ? "" : "s", rc->nkept);
	if (rewrite(rc)) {
		for (size_t i = 0; i < rc->nkept; i++)
			blob_memo_add(&rc->parsed, rc->kept[i]->key, rc->kept[i]->data,
				      rc->kept[i]->len);
		/* A lost cache only costs parsing time: failures are quiet. */
		if (blob_memo_write(&rc->parsed, rc->path, REFCACHE_MAGIC, settings()) < 0)
			info(1, "cannot write '%s': %s", rc->path, strerror(errno));
	}
	blob_memo_release(&rc->old);
	blob_memo_next_release(&rc->parsed);
	free(rc->kept);
	free(rc->path);
	free(rc);
}
