/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/afile.h"
#include "lib/cache_layout.h"
#include "lib/checked.h"
#include "lib/json_file.h"
#include "lib/util.h"
#include "refcache.h"

/* Entries of another distill, or of another numbering of enum ref_kind,
 * are not read. */
#define REFCACHE_VERSION DISTILL_VERSION "/refs-2"
/* See rewrite(). */
#define REFCACHE_REWRITE 64

struct refcache {
	char *path;
	json_t *old;  /* entries read from the file */
	json_t *used; /* entries of this build, written back */
	size_t known, parsed; /* files found in the cache, and not */
};

struct refcache *refcache_load(const char *cache_dir)
{
	struct refcache *rc = xcalloc(1, sizeof(*rc));
	json_t *root;

	rc->path = cache_path(cache_dir, CACHE_REFS);
	root = json_read_file(rc->path, 0, NULL);
	if (checked_ok(root) && json_is_object(json_object_get(root, "entries")) &&
	    json_is_string(json_object_get(root, "version")) &&
	    strcmp(json_string_value(json_object_get(root, "version")), REFCACHE_VERSION) == 0)
		rc->old = json_incref(json_object_get(root, "entries"));
	else
		rc->old = json_object();
	json_decref(root);
	rc->used = json_object();
	return rc;
}

int refcache_get(struct refcache *rc, struct hash128 h, struct ref **refs,
		 size_t *nrefs)
{
	char key[HASH_HEX_LEN + 1];
	json_t *list, *item;
	size_t i;

	digest_hex(h, key);
	list = json_object_get(rc->old, key);
	if (!json_is_array(list))
		return -1;
	*nrefs = json_array_size(list);
	*refs = xcalloc(*nrefs, sizeof(**refs));
	json_array_foreach(list, i, item) {
		json_int_t kind = json_integer_value(json_array_get(item, 0));
		const char *url = json_string_value(json_array_get(item, 1));

		if (!url || kind < 0 || kind > REF_KIND_LAST) {
			refs_free(*refs, i);
			return -1;
		}
		(*refs)[i].kind = (enum ref_kind)kind;
		(*refs)[i].url = xstrdup(url);
		(*refs)[i].integrity = json_is_true(json_array_get(item, 2));
	}
	json_object_set(rc->used, key, list);
	rc->known++;
	return 0;
}

void refcache_put(struct refcache *rc, struct hash128 h, const struct ref *refs,
		  size_t nrefs)
{
	char key[HASH_HEX_LEN + 1];
	json_t *list = json_array();

	digest_hex(h, key);
	for (size_t i = 0; i < nrefs; i++) {
		json_t *item = json_pack("[i, s]", (int)refs[i].kind, refs[i].url);

		if (refs[i].integrity)
			json_array_append_new(item, json_true());
		json_array_append_new(list, item);
	}
	json_object_set_new(rc->used, key, list);
	rc->parsed++;
}

/* Whether to write the cache again: when more than one file in
 * REFCACHE_REWRITE was parsed anew or is gone. The rest of the time the
 * few it lacks are parsed again next build, which costs less than
 * writing it (0.5 s at 100,000 files for one page changed). */
static bool rewrite(const struct refcache *rc)
{
	size_t used = json_object_size(rc->used), old = json_object_size(rc->old);
	size_t gone = old > used ? old - used : 0;

	return (rc->parsed + gone) * REFCACHE_REWRITE > used;
}

void refcache_save(struct refcache *rc)
{
	if (!rc)
		return;
	info(3, "references: %zu file%s parsed, %zu known from the cache", rc->parsed,
	     rc->parsed == 1 ? "" : "s", rc->known);
	if (rewrite(rc)) {
		json_t *root = json_pack("{s:s, s:O}", "version", REFCACHE_VERSION,
					 "entries", rc->used);
		char *text = checked_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);

		/* A lost cache only costs parsing time: failures are quiet. */
		afile_put(rc->path, text, strlen(text));
		free(text);
		json_decref(root);
	}
	json_decref(rc->old);
	json_decref(rc->used);
	free(rc->path);
	free(rc);
}
