/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/cache.h"
#include "../src/digest.h"
#include "../src/util.h"
#include "load.h"
#include "record.h"

#define MANIFEST_FORMAT 1

/* The manifest pass's name, its folder's under gen/. */
#define MANIFEST_PASS "manifest"

char *manifest_record_dir(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = cache_gen_dir(dirname(copy), MANIFEST_PASS);

	free(copy);
	return dir;
}

void manifest_edge(const char *cache, char **input, char **arg)
{
	char *dir = cache_gen_dir(cache, MANIFEST_PASS), *path = cache_manifest_path(cache);

	*input = xasprintf("%s/record.json", dir);
	*arg = xasprintf("--manifest=%s", path);
	free(dir);
	free(path);
}

json_t *manifest_load(const char *path, bool *damaged)
{
	char *dir = manifest_record_dir(path), hex[HASH_HEX_LEN + 1];
	char *record_path = xasprintf("%s/record.json", dir);
	/* A manifest with no record beside it was not written by a build (a
	 * job run by hand on one): there is nothing to check it against. In a
	 * build ninja makes the record before anything reads the manifest. */
	bool recorded = access(record_path, F_OK) == 0;
	json_t *record = recorded ? record_load(dir, false) : NULL, *manifest = NULL;
	const char *want = json_string_value(json_object_get(record, "manifest"));
	json_error_t err;
	size_t len;
	/* Whole, then parsed: json_load_file() reads a byte at a time. */
	char *text = read_file(path, &len);

	*damaged = false;
	if (!text) {
		warn("cannot read manifest '%s':", path);
		goto out;
	}
	digest_hex(digest_mem(text, len), hex);
	if (recorded && (!want || strcmp(want, hex) != 0)) {
		warn("manifest '%s' does not match its record; making it again", path);
		*damaged = true;
		goto out;
	}
	manifest = json_loadb(text, len, 0, &err);
	if (!json_is_object(manifest) ||
	    json_integer_value(json_object_get(manifest, "version")) != MANIFEST_FORMAT) {
		warn("manifest '%s' is not of format version %d%s%s", path, MANIFEST_FORMAT,
		     manifest ? "" : ": ", manifest ? "" : err.text);
		json_decref(manifest);
		manifest = NULL;
		*damaged = true;
	}
out:
	free(text);
	json_decref(record);
	free(record_path);
	free(dir);
	return manifest;
}

bool manifest_is_sidecar(const json_t *file)
{
	const char *role = json_string_value(json_object_get(file, "role"));

	return role && (strcmp(role, "br") == 0 || strcmp(role, "zst") == 0);
}

char *manifest_sidecar_base(const json_t *file)
{
	const char *output = json_string_value(json_object_get(file, "output"));
	const char *role = json_string_value(json_object_get(file, "role"));
	size_t n, r;

	if (!output || !manifest_is_sidecar(file))
		return NULL;
	n = strlen(output);
	r = strlen(role);
	if (n <= r + 1 || output[n - r - 1] != '.' || strcmp(output + n - r, role) != 0)
		return NULL;
	return xstrndup(output, n - r - 1);
}

bool manifest_entry_fingerprinted(const json_t *entry)
{
	return json_is_true(json_object_get(entry, "fingerprinted"));
}

bool manifest_file_fingerprinted(const json_t *file, const json_t *entry)
{
	const char *role = json_string_value(json_object_get(file, "role"));

	if (!role)
		return false;
	if (strcmp(role, "variant") == 0)
		return true;
	return strcmp(role, "asset") == 0 && manifest_entry_fingerprinted(entry);
}

static void add_problem(struct input_problem **v, size_t *n, size_t *cap,
			const char *path, char *reason, const char *outcome)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct input_problem){ path, reason, outcome };
}

size_t input_problems(const json_t *manifest, struct input_problem **out)
{
	struct input_problem *v = NULL;
	size_t n = 0, cap = 0, i, j;
	json_t *e, *ref;

	json_array_foreach(json_object_get(manifest, "assets"), i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));
		const char *error = json_string_value(json_object_get(e, "error"));

		if (!path)
			continue;
		if (error)
			add_problem(&v, &n, &cap, path, xstrdup(error),
				    "carried over unchanged");
		json_array_foreach(json_object_get(e, "refs"), j, ref) {
			if (!json_is_true(json_object_get(ref, "missing")))
				continue;
			add_problem(&v, &n, &cap, path, xasprintf(
				"references '%s', which is not in the site",
				json_string_value(json_object_get(ref, "url"))),
				"the reference is left as written");
		}
	}
	/* Files whose path is not UTF-8 are in no entry (scan.c), by the
	 * escaped name messages use. */
	json_array_foreach(json_object_get(manifest, "unlisted"), i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));
		const char *reason = json_string_value(json_object_get(e, "reason"));

		if (name && reason)
			add_problem(&v, &n, &cap, name,
				    xasprintf("%s (rename it to have it optimised)", reason),
				    "carried over unchanged");
	}
	*out = v;
	return n;
}

void input_problems_free(struct input_problem *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reason);
	free(v);
}
