/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "lib/config_merge.h"
#include "lib/json_file.h"
#include "lib/util.h"
#include "pass.h"
#include "remote.h"

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
	root = json_read_file(*file, JSON_REJECT_DUPLICATES, &err);
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

	for (const struct pass *const *p = passes; *p; p++)
		json_object_set_new(config, (*p)->name, pass_defaults(*p));
	json_object_set_new(config, "remote", remote_defaults());
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
