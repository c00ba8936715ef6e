/* SPDX-License-Identifier: MIT */
/*
 * The sw config section: reading and checking it (sw_options_init), and
 * the one question other passes ask of it (sw_served_file). Apart from the job, so that what
 * the user may write is checked in one place for the planner and the job.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../src/lib/util.h"
#include "../src/pass.h"
#include "sw.h"
#include "sw_int.h"

static bool sw_bool(const json_t *config, const char *key)
{
	return json_is_true(json_object_get(config, key));
}

/* A string key, or NULL when it is null. */
static int sw_string(const json_t *config, const char *key, bool nullable,
		     const char **out)
{
	const json_t *v = json_object_get(config, key);

	*out = json_string_value(v);
	if ((*out && **out) || (nullable && (!v || json_is_null(v))))
		return 0;
	warn("config 'sw.%s' must be %sa non-empty string", key,
	     nullable ? "null or " : "");
	return -1;
}

static bool sw_is_count(const json_t *v)
{
	return json_is_null(v) || (json_is_number(v) && json_number_value(v) >= 0);
}

/* A strategy section: "enabled" false, or maxAgeSeconds and maxEntries
 * (null or >= 0) and, unless list is NULL, at list a non-empty string
 * ("prefix") or a non-empty array of strings. */
static int sw_check_strategy(const json_t *config, const char *name,
			     const char *list)
{
	const json_t *s = json_object_get(config, name);
	const json_t *v;
	size_t i;

	if (!json_is_object(s) || !sw_bool(s, "enabled"))
		return 0;
	if (!sw_is_count(json_object_get(s, "maxAgeSeconds")) ||
	    !sw_is_count(json_object_get(s, "maxEntries"))) {
		warn("config 'sw.%s': maxAgeSeconds and maxEntries must be numbers >= 0",
		     name);
		return -1;
	}
	if (!list)
		return 0;
	v = json_object_get(s, list);
	if (strcmp(list, "prefix") == 0) {
		if (json_is_string(v) && json_string_length(v) > 0)
			return 0;
	} else if (json_is_array(v) && json_array_size(v) > 0) {
		const json_t *item;

		json_array_foreach(v, i, item)
			if (!json_is_string(item))
				break;
		if (i == json_array_size(v))
			return 0;
	}
	warn("config 'sw.%s.%s' must be a non-empty %s", name, list,
	     strcmp(list, "prefix") ? "array of strings" : "string");
	return -1;
}

int sw_options_init(struct sw_options *opt, const json_t *config)
{
	static const char *const runtime_keys[] = {
		"skipWaiting", "clientsClaim", "navigationPreload", "cachePrefix",
		"offlinePage", "static", "api", "fonts", "data", NULL
	};
	const json_t *max = json_object_get(config, "maxPrecacheSize");
	const json_t *shell = json_object_get(config, "appShell");
	const json_t *item;
	const char *prefix;
	size_t i;

	memset(opt, 0, sizeof(*opt));
	opt->enabled = sw_bool(config, "enabled");
	opt->strict = sw_bool(config, "strict");
	if (sw_string(config, "filename", false, &opt->filename) < 0 ||
	    sw_string(config, "template", true, &opt->template) < 0 ||
	    sw_string(config, "source", true, &opt->source) < 0 ||
	    sw_string(config, "injectionPoint", false, &opt->injection_point) < 0 ||
	    sw_string(config, "offlinePage", true, &opt->offline_page) < 0 ||
	    sw_string(config, "cachePrefix", false, &prefix) < 0)
		return -1;
	if (!json_is_boolean(json_object_get(config, "register")) &&
	    !json_is_null(json_object_get(config, "register"))) {
		warn("config 'sw.register' must be true, false or null (when the worker is distill's own)");
		return -1;
	}
	if (strchr(opt->filename, '/') || opt->filename[0] == '.') {
		warn("config 'sw.filename' must be a file name at the site root, not '%s'",
		     opt->filename);
		return -1;
	}
	if (opt->offline_page && opt->offline_page[0] != '/') {
		warn("config 'sw.offlinePage' must start with '/': '%s'", opt->offline_page);
		return -1;
	}
	if (!json_is_integer(max) || json_integer_value(max) < 0) {
		warn("config 'sw.maxPrecacheSize' must be a whole number of bytes");
		return -1;
	}
	opt->max_size = (uint64_t)json_integer_value(max);
	if (!json_is_array(shell)) {
		warn("config 'sw.appShell' must be an array of URLs");
		return -1;
	}
	json_array_foreach(shell, i, item) {
		if (!json_is_string(item) || json_string_value(item)[0] != '/') {
			warn("config 'sw.appShell' must hold URLs starting with '/'");
			return -1;
		}
	}
	opt->app_shell = shell;
	if (sw_check_strategy(config, "static", "extensions") < 0 ||
	    sw_check_strategy(config, "api", "prefix") < 0 ||
	    sw_check_strategy(config, "fonts", "origins") < 0 ||
	    sw_check_strategy(config, "data", NULL) < 0)
		return -1;
	/* The worker sees a strategy that is off as null. */
	opt->runtime = json_object();
	for (i = 0; runtime_keys[i]; i++) {
		json_t *v = json_object_get(config, runtime_keys[i]);

		if (!v || (json_is_object(v) && !sw_bool(v, "enabled")))
			v = json_null();
		json_object_set(opt->runtime, runtime_keys[i], v);
	}
	return 0;
}

void sw_options_release(struct sw_options *opt)
{
	json_decref(opt->runtime);
	opt->runtime = NULL;
}

const char *sw_served_file(const json_t *config)
{
	const json_t *sw = json_object_get(config, "sw");

	if (!json_is_true(json_object_get(sw, "enabled")))
		return NULL;
	return json_string_value(json_object_get(sw, "filename"));
}

const char *sw_chunk_example(const json_t *config)
{
	const json_t *sw = json_object_get(config, "sw");

	if (!sw_served_file(config) || json_string_value(json_object_get(sw, "template")) ||
	    json_string_value(json_object_get(sw, "source")))
		return NULL;
	return SW_CHUNK_DIR "/example.js";
}
