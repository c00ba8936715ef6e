/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_H
#define DISTILL_SW_H

#include <jansson.h>

/* The service worker's file in the output tree, from the whole
 * configuration, or NULL when the sw pass is off. Borrowed from config. */
const char *sw_served_file(const json_t *config);

#endif
