/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SITE_H
#define DISTILL_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "asset.h"

/*
 * A file of DIST that cannot be an asset: its path, or the path of the file
 * its link leads to, is not valid UTF-8, and the manifest and job records
 * are JSON. Rather than lose it or stop the build, the commit copies it byte
 * for byte under its own name, and the build reports it as a rejected input
 * by its escaped name (the manifest's "unlisted").
 */
struct unlisted {
	char *path;   /* relative to DIST, raw bytes: its place in the output */
	char *name;   /* path as utf8_escape() shows it: messages and JSON */
	char *source; /* absolute path to copy from */
	struct hash128 hash;
	const char *reason; /* why it is no asset; a static string */
};

/* Everything the planner knows about one build: where things are, the
 * resolved configuration, and the scanned assets sorted by path. */
struct site {
	char *dist;      /* DIST, absolute */
	bool dist_linked; /* <cache>/site leads to DIST (plan_path()) */
	char *cache;     /* cache folder, absolute */
	char *self;      /* this binary, absolute */
	char *runner;    /* what edges run: <cache>/distill, a link to self */
	char *config_path; /* <cache>/config.json: the merged config jobs read */
	json_t *config;  /* merged config: one object per pass name */
	struct asset *assets;
	size_t nassets;
	char *private_folder; /* the first folder in DIST that is not part of
			       * the site (scan_is_private()), or NULL */
	struct unlisted *unlisted; /* sorted by path */
	size_t nunlisted;
	char *previous_outputs; /* the output paths of earlier builds' files
				 * the commit may carry in (previous.h), a
				 * sorted JSON array; NULL when none */
};

/* Index of the asset at path (relative to DIST), or -1. */
long site_find(const struct site *site, const char *path);
/* Whether the pass of that name runs on this site: its config section says
 * "enabled" (config.c defaults it to true); the manifest always runs. */
bool site_runs_pass(const struct site *site, const char *name);

#endif
