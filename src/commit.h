/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_H
#define DISTILL_COMMIT_H

#include <stdbool.h>

#include <jansson.h>

#include "lib/digest.h"
#include "previous.h"

struct manifest;
struct site;

/* What the summary line of a build says. */
struct build_summary {
	size_t assets, files, rejected;
	unsigned long long bytes, brotli;
};

/* Where the output tree goes, and what it is made from. */
struct commit_options {
	const char *target;  /* the folder that is replaced (DIST, --out DIR) */
	const char *site_dir; /* "" or "static" (--vercel): the site inside it */
	bool link_sources;   /* in place: hard-link unchanged files from DIST */
	/* Kept with the tree, for state_is_unchanged() (state.h). */
	struct hash128 inputs; /* everything the output depends on, hashed */
	struct build_summary summary;
	const char *const *externals; /* files outside DIST the plan names */
	size_t nexternals;
	struct previous_settings previous; /* earlier builds' files to carry */
	/* The target held exactly the last state's files when the scan
	 * checked it (state_check_untouched()): they are not stat'ed again. */
	bool target_untouched;
};

enum { COMMIT_OK = 0, COMMIT_FAILED = -1, COMMIT_STALE = -2 };

/*
 * Assemble the output tree in a staging folder beside target: every FILE of
 * manifest ("files"), the files of the aggregate records, the files of
 * earlier builds kept for deploy skew (previous.h), then the files of DIST
 * no manifest entry names (site->unlisted). A file the
 * target holds unchanged since the last commit, with the bytes wanted now,
 * is hard-linked from there; the others are copied. Store files are
 * checked against their hash while copied; a damaged one has its store
 * folder removed and COMMIT_STALE is returned, so the caller can run ninja
 * again. Then the staging folder is swapped in with one rename(2)
 * (RENAME_EXCHANGE), so a crash leaves either the old or the new tree.
 * When the target already holds exactly this tree (same files, unchanged
 * since the last commit), nothing is touched. Returns COMMIT_*.
 */
int commit_tree(const struct site *site, const struct manifest *manifest,
		const struct commit_options *co);
/* Whether an aggregate's record, which the commit places the files of, is
 * damaged: ninja trusts a record that is there, so a damaged one is removed
 * (with a warning) for the next run of ninja to make it again. */
bool commit_aggregates_damaged(const struct site *site);
/* Remove staging folders that a killed build left beside target. */
void commit_clean_stale(const char *target);
#endif
