/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_PASS_H
#define DISTILL_PASS_H

#include <stdbool.h>

#include <jansson.h>

#include "asset.h"

struct manifest;
struct plan;
struct site;

/*
 * The pass interface.
 *
 * A pass is one step of the build. The planner (in the distill process) calls
 * plan() of every pass in table order; plan() emits ninja edges through
 * plan.h. Ninja then runs each edge as `distill job NAME --pass-version=N
 * --config=FILE ARGS...`, which calls run() in a fresh process.
 *
 * Per-asset passes (PASS_ASSET) write into a store folder named by a content
 * key (see plan_store_dir): every output file, then record.json last. The
 * store folder is the edge's identity: unchanged inputs give the same key, so
 * ninja finds the record and runs nothing, whatever the mtimes say. run()
 * starts by calling job_reuse(), which accepts an existing, verified record
 * and returns without writing, so with restat ninja skips what follows.
 *
 * Input problems (a corrupt image) are results, not job failures: run() writes
 * a record holding "error" and returns 0, so the rest of the site still
 * builds and the planner reports the error and exits 1. run() returns -1 only
 * for I/O or internal failures; the job then exits 1 and ninja stops.
 *
 * Aggregates (PASS_AGGREGATE) read the merged manifest and write into
 * <cache>/gen/NAME/, again record.json last; files listed there with an
 * "output" field are placed in the output tree by the commit step.
 *
 * The manifest job calls merge() of each per-asset pass with the asset's
 * manifest entry and that pass's record, so the pass alone decides how its
 * record shows in the manifest (fields, and entries added to "files").
 */
enum pass_kind { PASS_ASSET, PASS_AGGREGATE };

struct pass {
	const char *name;     /* ninja rule, `distill job NAME`, config section */
	const char *summary;  /* one line, for --help */
	enum pass_kind kind;
	unsigned version;     /* bump when the output bytes change */
	const char *defaults; /* JSON object: the config keys and their defaults */
	/* Plan edges for the site; may be NULL for a pass with no edges. */
	void (*plan)(struct plan *, struct site *);
	/* One job, in the process ninja started. Returns 0 or -1. */
	int (*run)(int argc, char *argv[]);
	/* Fold this pass's record (found in store folder dir) into an asset's
	 * manifest entry, adding its files to the entry's "files" array with
	 * their "output" paths; config is the whole merged config. Returns 0
	 * or -1 (malformed record). NULL when there is nothing to fold. */
	int (*merge)(json_t *entry, const json_t *record, const char *dir,
		     const json_t *config);
};

/* The passes, in plan order; NULL-terminated. */
extern const struct pass *const passes[];
const struct pass *pass_find(const char *name);
/* Index of a pass in passes[], for asset->records[]. */
int pass_index(const struct pass *pass);

/* The pass's config section with nothing set: its defaults, and "enabled":
 * true for an optional pass. A new object. */
json_t *pass_defaults(const struct pass *pass);
/* The pass's defaults with section (NULL: none) merged over them by
 * config_merge(), the one way a section meets its defaults; where names
 * the section's file in messages. A new object, or NULL after a warning. */
json_t *pass_config(const struct pass *pass, const json_t *section, const char *where);

#endif
