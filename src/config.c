/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../passes/pass.h"
#include "config.h"
#include "lib/util.h"

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "true or false";
	default: return "null";
	}
}

static int same_type(const json_t *want, const json_t *got)
{
	if (json_is_null(want) || json_is_null(got))
		return 1;
	if (json_is_number(want))
		return json_is_number(got);
	if (json_is_boolean(want))
		return json_is_boolean(got);
	return json_typeof(want) == json_typeof(got);
}

int config_merge(json_t *defaults, json_t *user, const char *prefix,
		 const char *file)
{
	const char *key;
	json_t *value;

	if (!json_is_object(user)) {
		warn("'%s' in '%s' must be an object", prefix, file);
		return -1;
	}
	json_object_foreach(user, key, value) {
		json_t *want = json_object_get(defaults, key);
		char *name = *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
		int ret = 0;

		if (!want && json_object_size(defaults) > 0) {
			warn("unknown key '%s' in '%s'", name, file);
			ret = -1;
		} else if (want && !same_type(want, value)) {
			warn("'%s' in '%s' must be %s", name, file, type_name(want));
			ret = -1;
		} else if (want && json_is_object(want) && json_object_size(want) > 0) {
			ret = config_merge(want, value, name, file);
		} else {
			json_object_set(defaults, key, value);
		}
		free(name);
		if (ret < 0)
			return -1;
	}
	return 0;
}

/* Read the user's settings; *file names where they came from. Returns a new
 * object (empty when there is no configuration) or NULL after a warning. */
static json_t *config_read_user(const char *explicit_path,
				const char *project_dir, char **file)
{
	char *candidates[2] = {
		xasprintf("%s/distill.config.json", project_dir),
		xasprintf("%s/package.json", project_dir),
	};
	const char *path = explicit_path;
	json_error_t err;
	json_t *root, *user;

	for (int i = 0; !path && i < 2; i++)
		if (access(candidates[i], F_OK) == 0)
			path = candidates[i];
	if (!path) {
		free(candidates[0]);
		free(candidates[1]);
		*file = NULL;
		return json_object();
	}
	*file = xstrdup(path);
	free(candidates[0]);
	free(candidates[1]);
	root = json_load_file(*file, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		warn("cannot read config '%s': line %d: %s", *file, err.line, err.text);
		return NULL;
	}
	if (has_suffix(*file, "package.json")) {
		user = json_incref(json_object_get(root, "distill"));
		json_decref(root);
		if (!user)
			user = json_object();
	} else {
		user = root;
	}
	return user;
}

json_t *config_load(const char *explicit_path, const char *project_dir)
{
	json_t *config = json_object(), *user;
	char *file = NULL;
	const char *key;
	json_t *value;

	for (const struct pass *const *p = passes; *p; p++) {
		json_error_t err;
		json_t *d = json_loads((*p)->defaults, 0, &err);

		if (!d)
			BUG("defaults of pass %s: %s", (*p)->name, err.text);
		/* Every optional pass can be switched off ("image": {"enabled":
		 * false}); copy (no jobs) and manifest carry the tree itself. */
		if ((*p)->plan && strcmp((*p)->name, "manifest") != 0 &&
		    !json_object_get(d, "enabled"))
			json_object_set_new(d, "enabled", json_true());
		json_object_set_new(config, (*p)->name, d);
	}
	user = config_read_user(explicit_path, project_dir, &file);
	if (!user)
		goto fail;
	if (!json_is_object(user)) {
		warn("config in '%s' must be an object", file);
		goto fail;
	}
	json_object_foreach(user, key, value) {
		json_t *section = json_object_get(config, key);

		if (!section) {
			warn("unknown key '%s' in '%s'", key, file);
			goto fail;
		}
		/* A pass section is never free-form, even one with no keys. */
		if (json_object_size(section) == 0 && json_object_size(value) > 0) {
			warn("unknown key '%s.%s' in '%s'", key,
			     json_object_iter_key(json_object_iter(value)), file);
			goto fail;
		}
		if (config_merge(section, value, key, file) < 0)
			goto fail;
	}
	json_decref(user);
	free(file);
	return config;
fail:
	json_decref(user);
	json_decref(config);
	free(file);
	return NULL;
}
