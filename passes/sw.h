/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_H
#define DISTILL_SW_H

#include <jansson.h>

/* The service worker's file in the output tree, from the whole
 * configuration, or NULL when the sw pass is off. Borrowed from config. */
const char *sw_served_file(const json_t *config);
/* A path in the folder of the built-in worker's precache chunks, which are
 * named by their bytes (sw_int.h), for a rule covering that folder; NULL
 * when no chunks are written (the pass is off, or another worker is
 * configured). A static string. */
const char *sw_chunk_example(const json_t *config);

#endif
