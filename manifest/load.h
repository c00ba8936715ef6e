/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_LOAD_H
#define DISTILL_MANIFEST_LOAD_H

#include <stdbool.h>

#include "manifest.h"

/*
 * The one reader of the merged manifest (<cache>/manifest.json, FORMAT.md)
 * for every consumer: the aggregates and the commit; what it reads is a
 * struct manifest (manifest.h). The manifest job
 * records the hash of the text it wrote; a file that does not match it is
 * damaged, however well it parses.
 */

/* The folder of the manifest job's record, for a manifest at path.
 * Returns a new string. */
char *manifest_record_dir(const char *path);
/* For an aggregate that reads the manifest: the input of its edge (the
 * manifest job's record; the manifest itself is no ninja output) and the
 * --manifest= argument of its job. Both new strings. */
void manifest_edge(const char *cache, char **input, char **arg);
/* Load and check the manifest at path. Returns a new manifest
 * (manifest_free()), or NULL after a warning; *damaged is set when the
 * file is there but failed its check or is no manifest of this format
 * (the manifest job must then run again). */
struct manifest *manifest_load(const char *path, bool *damaged);

/* A problem the build found with one input and went past: the file was
 * rejected (its entry's "error", or its path is not UTF-8: "unlisted";
 * carried over unchanged), or it names a file that is not in the site (a
 * ref with "missing"; left as written). */
struct input_problem {
	const char *path;    /* the input, relative to DIST (borrowed) */
	char *reason;        /* what is wrong */
	const char *outcome; /* what the build did about it */
};

/* The problems of every entry, in manifest order: one rule for the
 * build's warnings, its --strict refusal and the report's "rejected".
 * Returns the count; *out is a new array for input_problems_free(). */
size_t input_problems(const struct manifest *m, struct input_problem **out);
void input_problems_free(struct input_problem *v, size_t n);

#endif
