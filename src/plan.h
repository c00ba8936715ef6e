/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_PLAN_H
#define DISTILL_PLAN_H

#include <stddef.h>

#include "lib/digest.h"

struct pass;
struct site;

/*
 * Writing <cache>/build.ninja. Commands are kept byte-stable (fixed option
 * order, no timestamps, no path that depends on where the site or the cache
 * is: plan_path()), because ninja reruns an edge whose command changed.
 * Paths are escaped for ninja ($, space, colon) and quoted for the shell.
 */
struct plan;

enum rule_flags {
	RULE_HEAVY = 1 << 0, /* runs in the small "heavy" pool (image jobs) */
	RULE_RSPFILE = 1 << 1 /* inputs are passed as @file, one per line */
};

/* path (absolute) as the plan and the cache's files name it: relative to
 * the cache folder, where jobs run; a file of DIST through the cache's site
 * link (CACHE_SITE_LINK) when there is one; any other (a file of the
 * project) by "../" from the cache folder, which stays the same when the
 * project moves with its cache. In the plan, an argument that starts with
 * '/', or "--name=/", is such a path. Returns a new string. */
char *plan_path(const struct site *site, const char *path);
/* The absolute path of a path plan_path() gave (one the jobs wrote into
 * the manifest). Returns a new string. */
char *plan_path_absolute(const struct site *site, const char *path);
/* Start a plan for site running up to jobs jobs at once. */
struct plan *plan_new(struct site *site, int jobs);
/* Declare the rule for a pass; call once from its plan() before edges. */
void plan_rule(struct plan *p, const struct pass *pass, unsigned flags);
/*
 * One edge of pass: `distill job NAME ... --out=DIR ARGS` producing
 * DIR/record.json. inputs are files that must be built first (records of
 * earlier passes); for an RULE_RSPFILE rule they go into the response file
 * instead of the command. desc is the progress line ("IMG dist/a.png").
 */
void plan_edge(struct plan *p, const struct pass *pass, const char *dir,
	       const char *const *inputs, size_t ninputs,
	       const char *const *args, size_t nargs, const char *desc);
/*
 * A job of the plan: its folder and the jobs whose records it reads, in
 * the plan's order (each after those). A per-asset job's folder is named
 * by its content key; an aggregate's folder is fixed, and its key is the
 * name of a stamp file the job leaves there when done (key-HEX: a hash of
 * its command and of every input, by content or by the key of the job
 * that made it), which ninja takes for one of its outputs: so an aggregate
 * with a stamp in place is current, whatever ninja's log holds.
 */
struct plan_job {
	char *dir;      /* <cache>/store/PASS/KEY, or <cache>/gen/PASS */
	char *rel;      /* the same as the plan names it */
	char *stamp;    /* an aggregate's stamp, as the plan names it; or NULL */
	char **extras;  /* files outside dir it writes, as the plan names them */
	size_t nextras;
	size_t *inputs; /* indices of the jobs it reads */
	size_t ninputs;
};
const struct plan_job *plan_jobs(const struct plan *p, size_t *n);
/* A job's key as the plan names it: an aggregate's stamp, a per-asset
 * job's store folder. */
const char *plan_job_key(const struct plan_job *job);
/* The last edge also writes path (absolute), outside its folder. */
void plan_also_writes(struct plan *p, const char *path);
/* The option that names a job's stamp; run_job() writes the stamp. */
#define PLAN_STAMP_OPTION "--stamp="
#define PLAN_STAMP_PREFIX "key-"

/* Write build.ninja if its bytes changed; returns 0 or -1. */
int plan_write(struct plan *p, const char *path);
/* The inputs of edges that lie outside the cache folder, each once; the
 * caller owns the list and its strings. */
char **plan_take_externals(struct plan *p, size_t *n);
void plan_free(struct plan *p);

/*
 * A file a job reads that is too long for its command line (the rows of a
 * table that one job needs): <cache>/input/PASS/HASH.json, named by the
 * hash of its bytes and written when missing; job_read_input() checks it.
 * The plan keeps text (it takes it), so that plan_restore_inputs() can put
 * back a file a job found damaged. Returns the path, owned by the plan.
 */
const char *plan_input(struct plan *p, const struct pass *pass, char *text);
/* Write again every input file of the plan that is missing. Returns 0, or
 * -1 after a warning. */
int plan_restore_inputs(const struct plan *p);

/* The store folder of a per-asset pass for key: <cache>/store/NAME/KEY.
 * Returns a new string. */
char *plan_store_dir(const struct site *site, const struct pass *pass,
		     struct hash128 key);
/* The folder of an aggregate pass: <cache>/gen/NAME. Returns a new string. */
char *plan_gen_dir(const struct site *site, const struct pass *pass);
/* Start a key for a pass's job: folds in the pass name, its version and its
 * config section (dumped once a plan), so a change to any of them gives
 * new keys. */
void plan_key_init(struct plan *p, const struct pass *pass, struct digest_key *k);
/* Add the config section of another pass that the job reads too (the
 * compress options of an aggregate's sidecars, the service worker's file
 * name for headers): a change to it then reruns the job. */
void plan_key_section(struct digest_key *k, struct plan *p, const char *name);

/* Escaping, exposed for the tests. Append s to b ninja-escaped ($ space :
 * newline), or shell-quoted then ninja-escaped. */
struct buf;
void plan_escape_path(struct buf *b, const char *s);
void plan_escape_arg(struct buf *b, const char *s);

#endif
