/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_COMPRESS_H
#define DISTILL_COMPRESS_H

#include <jansson.h>

/*
 * Sidecars of a file an aggregate pass writes (sw.js, headers.json,
 * precache-manifest.json): dir/name.br and dir/name.zst, made as the
 * compress pass makes an asset's (same options from config_root's
 * "compress" section, same rule for keeping one), each listed in record
 * with "output" = output.br and output.zst. Nothing when the compress pass
 * is off. Returns 0, or -1 after a warning.
 */
int compress_output(json_t *record, const json_t *config_root, const char *dir,
		    const char *name, const char *output);

#endif
