/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_MANIFEST_LOAD_H
#define DISTILL_MANIFEST_LOAD_H

#include <stdbool.h>

#include <jansson.h>

/*
 * The one reader of the merged manifest (<cache>/manifest.json, FORMAT.md)
 * for every consumer: the aggregates and the commit. The manifest job
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
/* Load and check the manifest at path. Returns a new reference, or NULL
 * after a warning; *damaged is set when the file is there but failed its
 * check or is no manifest (the manifest job must then run again). */
json_t *manifest_load(const char *path, bool *damaged);

/* The roles of a file in the manifest's "files" (FORMAT.md), and the one
 * place each rule about them is spelled. */

/* A sidecar ("br", "zst") compresses the file of the same output path
 * without its ".br" or ".zst". */
bool manifest_is_sidecar(const json_t *file);
/* The output path of the file a sidecar compresses, as a new string;
 * NULL when file is no sidecar or its output lacks the suffix. */
char *manifest_sidecar_base(const json_t *file);
/* Whether an entry's output name carries its content hash (hash pass:
 * fingerprinted by distill, or hashed by the bundler). */
bool manifest_entry_fingerprinted(const json_t *entry);
/* Whether a file's name changes whenever its bytes do, so that it may be
 * cached for a year: a variant, always; an asset's file, when its entry
 * (entry: that asset's entry, or NULL) is fingerprinted. A sidecar
 * answers as its own file (manifest_sidecar_base()); not asked here. */
bool manifest_file_fingerprinted(const json_t *file, const json_t *entry);

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
size_t input_problems(const json_t *manifest, struct input_problem **out);
void input_problems_free(struct input_problem *v, size_t n);

#endif
