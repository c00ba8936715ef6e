/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/lib/cache_layout.h"
#include "../src/lib/digest.h"
#include "../src/lib/util.h"
#include "load.h"
#include "record.h"

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
	char *dir = cache_gen_dir(cache, MANIFEST_PASS), *path = cache_path(cache, CACHE_MANIFEST);

	*input = record_path(dir);
	*arg = xasprintf("--manifest=%s", path);
	free(dir);
	free(path);
}

struct manifest *manifest_load(const char *path, bool *damaged)
{
	char *dir = manifest_record_dir(path), hex[HASH_HEX_LEN + 1];
	char *record_file = record_path(dir);
	/* A manifest with no record beside it was not written by a build (a
	 * job run by hand on one): there is nothing to check it against. In a
	 * build ninja makes the record before anything reads the manifest. */
	bool recorded = access(record_file, F_OK) == 0;
	json_t *record = recorded ? record_load(dir, false) : NULL;
	struct manifest *manifest = NULL;
	const char *want = json_string_value(json_object_get(record, "manifest"));
	const char *why;
	size_t len;
	/* Whole: manifest_from_text() decodes its strings in place. */
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
	manifest = manifest_from_text(text, len, &why);
	text = NULL; /* taken over */
	if (!manifest) {
		warn("manifest '%s' is not one of this version of distill (%s)", path, why);
		*damaged = true;
	}
out:
	free(text);
	json_decref(record);
	free(record_file);
	free(dir);
	return manifest;
}

static void add_problem(struct input_problem **v, size_t *n, size_t *cap,
			const char *path, char *reason, const char *outcome)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct input_problem){ path, reason, outcome };
}

size_t input_problems(const struct manifest *m, struct input_problem **out)
{
	struct input_problem *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];

		if (e->error)
			add_problem(&v, &n, &cap, e->path, xstrdup(e->error),
				    "carried over unchanged");
		for (size_t j = 0; j < e->nrefs; j++)
			if (e->refs[j].missing)
				add_problem(&v, &n, &cap, e->path, xasprintf(
					"references '%s', which is not in the site",
					e->refs[j].url), "the reference is left as written");
	}
	/* Files whose path is not UTF-8 are in no entry (scan.c), by the
	 * escaped name messages use. */
	for (size_t i = 0; i < m->nunlisted; i++)
		add_problem(&v, &n, &cap, m->unlisted[i].name, xasprintf(
			"%s (rename it to have it optimised)", m->unlisted[i].reason),
			"carried over unchanged");
	*out = v;
	return n;
}

void input_problems_free(struct input_problem *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reason);
	free(v);
}
