/* SPDX-License-Identifier: MIT */
/*
 * The precache list of the built-in worker, split into small scripts that
 * sw.js loads with importScripts(): sw-precache/<fingerprint>.js, each
 * named by its bytes. A chunk ends after an entry whose URL hashes to a
 * chosen value (content-defined, like rsync's blocks), so a changed,
 * added or removed entry changes the one chunk it falls in, and every
 * other chunk keeps its name and bytes, and its sidecars are taken from
 * the last run (job_put_output()). Brotli at quality 11 of the whole list
 * took 15 s at 100,000 files, for every one-page change.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/digest.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "job.h"
#include "sw_int.h"

/* A chunk ends after an entry whose URL hash has these low bits all zero:
 * 256 entries on average, some 12 kB. A run of SW_CHUNK_MAX entries ends
 * one anyway: cut points are far apart at random, and a page falls in a
 * long chunk more often than in a short one (512 and 4,096 made a 5,000-
 * file site's changed chunk 143 kB, 0.18 s of brotli 11 and zstd 19). */
#define SW_CHUNK_SPREAD 256u
#define SW_CHUNK_MAX 512u

static bool sw_chunk_ends(const char *url)
{
	return (digest_mem(url, strlen(url)).lo & (SW_CHUNK_SPREAD - 1)) == 0;
}

static void sw_chunk_add(struct sw_chunks *c, const struct sw_list *list, size_t from,
			 size_t to)
{
	struct sw_list part = { list->v + from, to - from, 0 };
	struct sw_chunk *chunk;
	char fp[FINGERPRINT_LEN + 1];

	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	chunk = &c->v[c->n++];
	memset(chunk, 0, sizeof(*chunk));
	buf_adds(&chunk->text, "self." SW_CHUNK_GLOBAL ".push(...");
	sw_dump_list(&chunk->text, &part, 0);
	buf_adds(&chunk->text, ");\n");
	digest_fingerprint(digest_mem(chunk->text.data, chunk->text.len), fp);
	chunk->name = xasprintf(SW_CHUNK_PREFIX "%s.js", fp);
	chunk->output = xasprintf(SW_CHUNK_DIR "/%s.js", fp);
	chunk->url = url_of_output(chunk->output, "\\");
}

void sw_chunks_split(struct sw_chunks *c, const struct sw_list *list)
{
	size_t from = 0;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < list->n; i++)
		if (sw_chunk_ends(list->v[i].url) || i + 1 - from == SW_CHUNK_MAX ||
		    i + 1 == list->n) {
			sw_chunk_add(c, list, from, i + 1);
			from = i + 1;
		}
}

void sw_chunks_release(struct sw_chunks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].output);
		free(c->v[i].url);
		buf_release(&c->v[i].text);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int sw_chunks_put(const struct job *job, json_t *record, const json_t *last,
		  const struct sw_chunks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct sw_chunk *chunk = &c->v[i];

		if (job_put_output(job, record, last, chunk->name, "output", chunk->output,
				   chunk->text.data, chunk->text.len, 0) < 0)
			return -1;
	}
	return 0;
}

void sw_chunks_prune(const char *dir, const json_t *record)
{
	json_t *listed = json_object(), *entry;
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t i;

	json_array_foreach(json_object_get(record, "files"), i, entry)
		json_object_set(listed, json_string_value(json_object_get(entry, "name")), json_true());
	while (d && (de = readdir(d))) {
		if (has_prefix(de->d_name, SW_CHUNK_PREFIX) && !json_object_get(listed, de->d_name)) {
			char *path = xasprintf("%s/%s", dir, de->d_name);

			if (remove(path) < 0)
				warn("cannot remove '%s':", path);
			free(path);
		}
	}
	if (d)
		closedir(d);
	json_decref(listed);
}
