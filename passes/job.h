/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_JOB_H
#define DISTILL_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../src/pass.h"

struct manifest;

/* What a pass's run() has to hand: its options, parsed, and the helpers
 * every job uses to read its inputs and write its files. */

/* Arguments every job gets, parsed by job_args(). */
struct job {
	const struct pass *pass;
	unsigned version;  /* --pass-version */
	json_t *config;    /* this pass's section over its defaults (pass_config()) */
	json_t *config_root; /* the whole config of --config, or NULL */
	const char *out;   /* --out: store folder or gen folder */
	char *cache;       /* the build's cache folder (that of --config), or NULL */
	char **args;       /* what is left, in order */
	int nargs;
};

/* Parse the common job options. Returns 0, or -1 after printing why. */
int job_args(const struct pass *pass, int argc, char *argv[], struct job *job);
void job_release(struct job *job);
/* An entry dir the job reads (a store folder, a gen folder) is damaged:
 * when it is in the build's cache, remove it and leave the cache's
 * damaged mark (CACHE_DAMAGED), for the build to run ninja again.
 * Returns -1, for the job to fail. */
int job_damaged(const struct job *job, const char *dir);
/* What job_put_output() writes, besides the file. */
enum job_output_flags {
	JOB_MERGES = 1,    /* made from the site's own file at that path */
	JOB_FOR_TOOLS = 2, /* read by deploy tools, never by a browser */
};
/* Write job->out/name (when its bytes changed) and list it in record with
 * field ("output": a path in the site; "output_root": one in the output
 * folder) = where, and "merges" with JOB_MERGES. A file of the site that
 * browsers fetch gets its sidecars (compress_output()); host config files
 * ("_headers") and JOB_FOR_TOOLS files get none. When last (from
 * job_last_record(), or NULL) lists the file with these bytes, its
 * entries and its sidecars' are listed again as they are, if intact:
 * nothing is compressed twice. Returns 0, or -1 after a warning. */
int job_put_output(const struct job *job, json_t *record, const json_t *last,
		   const char *name, const char *field, const char *where,
		   const char *text, size_t len, unsigned flags);
/* The record job->out holds from the job's last run, when its sidecars
 * were made with this run's settings; else NULL. Read it before writing
 * anything. A new reference. */
json_t *job_last_record(const struct job *job);
/* The bytes of a file the plan wrote for this job (plan_input()), checked
 * against the hash its name holds; a damaged one is dropped
 * (job_damaged()). A file given by hand, outside the cache's input folder,
 * is read as it is. what names it in messages ("url map"). Returns a
 * NUL-terminated string, or NULL after a warning. */
char *job_read_input(const struct job *job, const char *path, const char *what);
/* The merged manifest at path, checked (manifest_load()); when damaged,
 * its job's record is dropped (job_damaged()). NULL after a warning. */
struct manifest *job_manifest(const struct job *job, const char *path);
/* If job->out holds a record whose files all exist with their recorded hash,
 * returns true: the job has nothing to do. A damaged entry is removed. */
bool job_reuse(const struct job *job);

#endif
