/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_FIELDS_H
#define DISTILL_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jdoc.h"

/*
 * Typed fields of a JSON object (a jdoc node), for the readers that turn a
 * document into C structs (the manifest, the budget report). Each getter
 * notes the first field that is missing or of the wrong type in why and
 * returns a harmless value, so that one check at the end covers every
 * field.
 */
struct field_reader {
	const char *why; /* the first bad field's key, or NULL */
	/* Where the last field was found: the next is looked for after it
	 * (the writers sort keys; a reader that asks in the same order finds
	 * each field at once). A key twice in one object is read once, which
	 * of the two unspecified: no writer writes one. A reader reads one
	 * document: it may point into it. */
	const struct jnode *object, *last;
};

const char *field_str(struct field_reader *r, const struct jnode *o, const char *key);
/* A string, or NULL when absent or null. */
const char *field_opt_str(struct field_reader *r, const struct jnode *o, const char *key);
int64_t field_int(struct field_reader *r, const struct jnode *o, const char *key);
/* An integer, or -1 when absent or null. */
int64_t field_opt_int(struct field_reader *r, const struct jnode *o, const char *key);
bool field_bool(struct field_reader *r, const struct jnode *o, const char *key);
/* The array at key (its first member is ->child, each next ->next), its
 * size in *n. */
const struct jnode *field_array(struct field_reader *r, const struct jnode *o,
				const char *key, size_t *n);
/* The same, absent meaning empty. */
const struct jnode *field_opt_array(struct field_reader *r, const struct jnode *o,
				    const char *key, size_t *n);
/* The member at key, of any type, or NULL. */
const struct jnode *field_node(struct field_reader *r, const struct jnode *o, const char *key);

#endif
