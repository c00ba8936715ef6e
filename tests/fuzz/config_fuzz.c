/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the configuration loader, three ways, chosen by the
 * first byte of the input:
 *   0: the rest is a config file given with --config, loaded by
 *      config_load() over the real pass defaults;
 *   1: the same bytes as the project's package.json (the "distill" key);
 *   2: two JSON values, DEFAULTS then USER, merged by config_merge().
 * Besides crashes, checks what a successful load promises the passes: every
 * pass has its section, "enabled" (where there is one) a boolean or null, and
 * no key or type that its defaults do not declare (nor in "remote", the
 * shared cache's section); and that a merge keeps exactly the
 * user's value of each key it accepted. */
/* Built and run by tests/fuzz/run.sh (`ninja fuzz`, `ninja fuzz-smoke`);
 * seeds in tests/fuzz/corpus/config/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <jansson.h>

#include "../../src/pass.h"
#include "config.h"
#include "config_merge.h"
#include "remote.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *folder;

static void remove_folder(void)
{
	rmdir(folder);
}

static bool same_type(const json_t *want, const json_t *got)
{
	if (json_is_null(want) || json_is_null(got))
		return true;
	if (json_is_number(want))
		return json_is_number(got);
	if (json_is_boolean(want))
		return json_is_boolean(got);
	return json_typeof(want) == json_typeof(got);
}

/* got conforms to want: an object default with keys admits only those
 * keys, recursively; an empty object default admits anything. */
static void check_conforms(const json_t *want, const json_t *got)
{
	const char *key;
	json_t *v;

	if (!same_type(want, got))
		abort();
	if (!json_is_object(want) || json_object_size(want) == 0 || !json_is_object(got))
		return;
	json_object_foreach((json_t *)got, key, v) {
		const json_t *w = json_object_get(want, key);

		if (!w && strcmp(key, "enabled") != 0)
			abort();
		if (w)
			check_conforms(w, v);
	}
}

static void load(const uint8_t *data, size_t size, bool package)
{
	char *path = xasprintf("%s/%s", folder, package ? "package.json" : "given.json");
	FILE *f = fopen(path, "wb");
	json_t *config;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	config = config_load(package ? NULL : path, folder);
	if (config) {
		for (const struct pass *const *p = passes; *p; p++) {
			json_t *section = json_object_get(config, (*p)->name);
			json_t *defaults = json_loads((*p)->defaults, 0, NULL);

			json_t *enabled = json_object_get(section, "enabled");

			/* Optional passes have "enabled"; null is taken for any
			 * key (it unsets a header). */
			if (!json_is_object(section) ||
			    (enabled && !json_is_boolean(enabled) && !json_is_null(enabled)))
				abort();
			check_conforms(defaults, section);
			json_decref(defaults);
		}
		/* The remote cache's section, and nothing but these. */
		json_t *remote = remote_defaults();
		size_t nsections = 1;

		check_conforms(remote, json_object_get(config, "remote"));
		json_decref(remote);
		while (passes[nsections - 1])
			nsections++;
		if (json_object_size(config) != nsections)
			abort();
	}
	json_decref(config);
	unlink(path);
	free(path);
}

static void merge(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *defaults = json_loadb((const char *)data, size,
				      JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
	json_t *user, *before;
	const char *key;
	json_t *v;

	/* Defaults are always a pass's section, an object. */
	if (!json_is_object(defaults)) {
		json_decref(defaults);
		return;
	}
	user = json_loadb((const char *)data + err.position, size - (size_t)err.position,
			  JSON_DECODE_ANY, &err);
	if (!user) {
		json_decref(defaults);
		return;
	}
	before = json_deep_copy(defaults);
	if (config_merge(defaults, user, "fuzz", "fuzz.json") == 0) {
		check_conforms(before, defaults);
		/* A scalar or free-form value the user gave is kept as given. */
		json_object_foreach(user, key, v) {
			const json_t *w = json_object_get(before, key);

			if ((!w || !json_is_object(w) || json_object_size(w) == 0) &&
			    !json_equal(json_object_get(defaults, key), v))
				abort();
		}
	}
	json_decref(before);
	json_decref(user);
	json_decref(defaults);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!folder) {
		/* A fixed folder name and hash seed: the strings compared while
		 * loading feed libFuzzer's mutations, so random ones would make
		 * a seeded run differ from one run to the next. */
		char tmpl[] = "/tmp/distill-config-fuzz.XXXXXX";
		char *fixed = xasprintf("/tmp/distill-config-fuzz.%u", (unsigned)getuid());

		verbosity = 0;
		json_object_seed(1);
		remove_tree(fixed); /* left by a killed run */
		if (mkdir(fixed, 0700) == 0) {
			folder = fixed;
		} else {
			free(fixed);
			if (!mkdtemp(tmpl))
				abort();
			folder = xstrdup(tmpl);
		}
		atexit(remove_folder);
	}
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0: load(data + 1, size - 1, false); break;
	case 1: load(data + 1, size - 1, true); break;
	default: merge(data + 1, size - 1); break;
	}
	return 0;
}
