/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CONFIG_H
#define DISTILL_CONFIG_H

#include <jansson.h>

/*
 * The configuration: one object per pass name, each pass's `defaults` with
 * the user's values merged over them. The user's values come from
 * --config FILE, else distill.config.json, else the "distill" key of
 * package.json, looked up in project_dir. A key a pass does not declare is
 * an error naming it, and so is a value of another type than the default's
 * (a null default takes any value; an empty object default takes any keys).
 * Every optional pass also has "enabled" (default true): false skips it.
 * Beside the passes, "remote" holds the shared cache's settings
 * (remote.h), which build.c takes out before the jobs see the config.
 */

/* Returns a new object, or NULL after a warning naming the file and key. */
json_t *config_load(const char *explicit_path, const char *project_dir);

#endif
