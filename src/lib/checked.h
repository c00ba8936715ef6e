/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_CHECKED_H
#define DISTILL_CHECKED_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/*
 * JSON objects the cache keeps (job records, the reference cache) carry
 * "check": the XXH3-128 of their canonical text without it. Damage that
 * still parses fails the check, so nothing damaged is trusted.
 */

/* Set obj's "check" and return its text, dumped with flags. */
char *checked_dumps(json_t *obj, size_t flags);
/* Whether obj is an object whose "check" matches its content. */
bool checked_ok(const json_t *obj);

#endif
