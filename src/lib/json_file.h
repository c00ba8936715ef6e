/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_JSON_FILE_H
#define DISTILL_JSON_FILE_H

#include <stddef.h>

#include <jansson.h>

/* json_load_file(), but read whole and then parsed: jansson's own reads a
 * byte at a time, which dominates the load of a large file. On failure
 * err->text says why (an unreadable file, or where the JSON breaks);
 * errno is ENOENT for a missing file. */
json_t *json_read_file(const char *path, size_t flags, json_error_t *err);

#endif
