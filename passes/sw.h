/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_H
#define DISTILL_SW_H

#include <stdbool.h>

#include <jansson.h>

/* Where the script that registers the worker is served. */
#define SW_REGISTER_FILE "register-sw.js"

/* The service worker's file in the output tree, from the whole
 * configuration, or NULL when the sw pass is off. Borrowed from config. */
const char *sw_served_file(const json_t *config);
/* A path in the folder of the built-in worker's precache chunks, which are
 * named by their bytes (sw_int.h), for a rule covering that folder; NULL
 * when no chunks are written (the pass is off, or another worker is
 * configured). A static string. */
const char *sw_chunk_example(const json_t *config);
/* The file of the script that registers the worker when pages get one
 * (sw.register true; or null, the default, when the worker is distill's
 * own: no sw.source, and DIST has no file of that name, own_worker, nor
 * at SW_REGISTER_FILE, own_register); else NULL. */
const char *sw_register_file(const json_t *config, bool own_worker, bool own_register);

#endif
