/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CONFIG_MERGE_H
#define DISTILL_CONFIG_MERGE_H

#include <jansson.h>

/*
 * The one way a config section is merged over its defaults, for the
 * planner's config_load() and a job's pass_config() alike. A key the
 * defaults do not declare is an error naming it, and so is a value of
 * another type than the default's (a null default takes any value; an
 * empty object default takes any keys); objects merge key by key.
 * prefix names the section in messages ("sw.runtime"), file where the
 * values came from. Returns 0, or -1 after a warning.
 */
int config_merge(json_t *defaults, json_t *user, const char *prefix,
		 const char *file);

#endif
