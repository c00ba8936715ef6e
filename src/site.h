/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SITE_H
#define DISTILL_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "asset.h"

/* Everything the planner knows about one build: where things are, the
 * resolved configuration, and the scanned assets sorted by path. */
struct site {
	char *dist;      /* DIST, absolute */
	char *cache;     /* cache folder, absolute */
	char *self;      /* this binary, absolute */
	char *runner;    /* what edges run: <cache>/distill, a link to self */
	char *config_path; /* <cache>/config.json: the merged config jobs read */
	json_t *config;  /* merged config: one object per pass name */
	struct asset *assets;
	size_t nassets;
	char *private_folder; /* the first folder in DIST that is not part of
			       * the site (scan_is_private()), or NULL */
};

/* Index of the asset at path (relative to DIST), or -1. */
long site_find(const struct site *site, const char *path);
/* Whether the pass of that name runs on this site: its config section says
 * "enabled" (config.c defaults it to true); the manifest always runs. */
bool site_runs_pass(const struct site *site, const char *name);

#endif
