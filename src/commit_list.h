/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMMIT_LIST_H
#define DISTILL_COMMIT_LIST_H

#include <stddef.h>

#include <jansson.h>

struct manifest;

/*
 * Every file of the new tree, sorted (site files by path, then the
 * root's): {"output", "from", "hash", "root"}. written holds the files the
 * aggregates wrote, {"output", "from", "hash", "root", "merges"}; m's
 * files are next; carried (or NULL), earlier builds' files at paths
 * neither takes (previous_carry()), the rest. A file an aggregate
 * writes replaces a file of DIST at the same path (and its sidecars) only
 * when made from it ("merges": sw.js with the precache list injected,
 * _headers with the user's rules) or when the last commit wrote it there
 * (last_state, len: the state file, state.h); otherwise the user's file
 * would be lost, and the result is NULL after a warning.
 */
json_t *commit_file_list(const json_t *written, const json_t *carried,
			 const struct manifest *m, const char *last_state, size_t len);

#endif
