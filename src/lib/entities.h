/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_ENTITIES_H
#define DISTILL_ENTITIES_H

/* The UTF-8 text of the HTML named character reference name (without the
 * '&', with its ';' if it has one: "amp;", "amp"), or NULL when unknown. */
const char *entity_lookup(const char *name);

#endif
