/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_GUARD_H
#define DISTILL_GUARD_H

#include <stdbool.h>

/*
 * The checks that stand between a mistyped argument and a lost folder,
 * made before anything is written. A build replaces its target folder
 * whole, so the target must not be, hold or lie inside what the user keeps:
 *   - DIST and the target never contain each other (in place, they are one);
 *   - the target is never '/', the home folder, the working folder or a
 *     project (a folder holding package.json or .git); an in-place DIST
 *     neither;
 *   - an existing target that is not empty is replaced only when distill
 *     wrote it last (owned) or when the user says so (--force).
 */
struct guard_request {
	const char *dist;   /* DIST, absolute and resolved */
	const char *target; /* the folder the build replaces, absolute */
	bool in_place;      /* target is DIST itself */
	bool owned;         /* the cache's state says distill wrote target */
	bool force;         /* --force: replace a target distill did not write */
	const char *out_arg; /* --out as given, for messages; NULL in place */
};

/* 0 when the build may go on; -1 after a message saying what to do. */
int guard_destination(const struct guard_request *r);

#endif
