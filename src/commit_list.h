/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_LIST_H
#define DISTILL_COMMIT_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct manifest;

/* A file of the new tree: its path, where its bytes are (NULL: nowhere),
 * their hash in hex. */
struct commit_file {
	const char *output, *from, *hash;
	bool root;    /* placed in the output folder, not the site's */
	size_t order; /* its place in the lists it came from: the first wins */
};

/* Every file of the new tree, each path once: the site's by path, then
 * the output folder's own. Strings are borrowed from the manifest and
 * from the lists it holds. */
struct commit_list {
	struct commit_file *v;
	size_t n, nsite;          /* v[0, nsite) are the site's files */
	json_t *written, *carried; /* references, for the strings */
};

/*
 * Make the list of written, the files the aggregates wrote ({"output",
 * "from", "hash", "root", "merges"}), m's files next, and carried (or
 * NULL): earlier builds' files at paths neither takes (previous_carry(),
 * {"output", "from", "hash", "root"}). A file an aggregate writes replaces
 * a file of DIST at the same path (and its sidecars) only when made from
 * it ("merges": sw.js with the precache list injected, _headers with the
 * user's rules) or when the last commit wrote it there (last_state, len:
 * the state file, state.h); otherwise the user's file would be lost, and
 * this returns -1 after a warning, list empty. Returns 0.
 */
int commit_file_list(struct commit_list *list, json_t *written, json_t *carried,
		     const struct manifest *m, const char *last_state, size_t len);
void commit_list_release(struct commit_list *list);

#endif
