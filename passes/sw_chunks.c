/* SPDX-License-Identifier: MIT */
/*
 * The precache list of the built-in worker, split into small scripts that
 * sw.js loads with importScripts(): sw-precache/<fingerprint>.js, each
 * named by its bytes. A chunk ends after an entry whose URL hashes to a
 * chosen value (content-defined, like rsync's blocks), so a changed,
 * added or removed entry changes the one chunk it falls in, and every
 * other chunk keeps its name and bytes. The job then compresses only
 * what changed: a chunk already in the last run's record, with the same
 * bytes and sidecars, is listed again as it is. Brotli at quality 11 of
 * the whole list took 15 s at 100,000 files, for every one-page change.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/record.h"
#include "../src/lib/buf.h"
#include "../src/lib/digest.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "job.h"
#include "sw_int.h"

/* A chunk ends after an entry whose URL hash has these low bits all zero:
 * 512 entries on average, some 25 kB, a few milliseconds of brotli. A run
 * of SW_CHUNK_MAX entries ends one anyway, to bound the worst case. */
#define SW_CHUNK_SPREAD 512u
#define SW_CHUNK_MAX 4096u

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

/* Whether dir/name holds exactly len bytes of text. */
static bool sw_same_bytes(const char *dir, const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t have;
	char *bytes = read_file_max(path, len + 1, &have);
	bool same = bytes && have == len && memcmp(bytes, text, len) == 0;

	free(bytes);
	free(path);
	return same;
}

/* Whether the file a record entry names exists in dir with its hash. */
static bool sw_entry_intact(const char *dir, const json_t *entry)
{
	const char *name = json_string_value(json_object_get(entry, "name"));
	const char *want = json_string_value(json_object_get(entry, "hash"));
	char *path, hex[HASH_HEX_LEN + 1];
	struct hash128 h;
	uint64_t size;
	int r;

	if (!name || !want)
		return false;
	path = xasprintf("%s/%s", dir, name);
	r = digest_file(path, &h, &size);
	free(path);
	if (r < 0)
		return false;
	digest_hex(h, hex);
	return strcmp(hex, want) == 0;
}

/* Whether a record entry is the chunk itself or one of its sidecars. */
static bool sw_entry_of(const json_t *entry, const char *chunk)
{
	const char *name = json_string_value(json_object_get(entry, "name"));
	size_t n = strlen(chunk);

	return name && strncmp(name, chunk, n) == 0 &&
	       (!name[n] || strcmp(name + n, ".br") == 0 || strcmp(name + n, ".zst") == 0);
}

/* List chunk in record again from last (the previous run's record), when
 * the chunk and every sidecar listed there are intact in dir. */
static bool sw_chunk_reuse(const char *dir, json_t *record, const json_t *last,
			   const struct sw_chunk *chunk)
{
	json_t *found = json_array(), *entry;
	bool whole = false, reused = false;
	size_t i;

	json_array_foreach(json_object_get(last, "files"), i, entry) {
		if (!sw_entry_of(entry, chunk->name))
			continue;
		if (!sw_entry_intact(dir, entry))
			goto out;
		if (strcmp(json_string_value(json_object_get(entry, "name")), chunk->name) == 0)
			whole = true;
		json_array_append(found, entry);
	}
	if (!whole || !sw_same_bytes(dir, chunk->name, chunk->text.data, chunk->text.len))
		goto out;
	json_array_foreach(found, i, entry)
		json_array_append_new(json_object_get(record, "files"), json_deep_copy(entry));
	reused = true;
out:
	json_decref(found);
	return reused;
}

int sw_chunks_put(const struct job *job, json_t *record, const json_t *last,
		  const struct sw_chunks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct sw_chunk *chunk = &c->v[i];

		if (last && sw_chunk_reuse(job->out, record, last, chunk))
			continue;
		if (job_put_output(job, record, chunk->name, "output", chunk->output,
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
