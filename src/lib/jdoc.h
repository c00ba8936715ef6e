/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_JDOC_H
#define DISTILL_JDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A JSON document read once, for the readers that turn a large document
 * into C structs (the manifest, the budget report): a tree of nodes in
 * blocks that never move, strings decoded in place in the text. jansson
 * gives every object a hash table and every string its own allocation,
 * which made reading a 100,000-file manifest take two seconds in each
 * of the jobs that read it. Strict RFC 8259 syntax, at most JDOC_MAX_DEPTH
 * arrays and objects one inside another.
 */
#define JDOC_MAX_DEPTH 64

enum jtype { JNULL, JFALSE, JTRUE, JNUMBER, JSTRING, JARRAY, JOBJECT };

struct jnode {
	enum jtype type;
	size_t count;          /* JARRAY, JOBJECT: members */
	const char *key;       /* a member of an object: its key */
	const char *str;       /* JSTRING: the value, NUL-terminated ("\u0000"
	                          is refused); JNUMBER: its text, not */
	size_t len;
	const struct jnode *child; /* JARRAY, JOBJECT: the first member */
	const struct jnode *next;  /* the next member of its parent */
};

struct jdoc;

/* Parse text[0, len) (a heap buffer of len + 1 bytes, taken over: its
 * strings are decoded in place). Returns NULL with why (a static string)
 * when it is not JSON. */
struct jdoc *jdoc_parse(char *text, size_t len, const char **why);
void jdoc_free(struct jdoc *d);
const struct jnode *jdoc_root(const struct jdoc *d);

/* The member key of obj, or NULL (obj NULL or no object, or no such key). */
const struct jnode *jnode_get(const struct jnode *obj, const char *key);
/* The string of n, or NULL when n is not a string. */
const char *jnode_string(const struct jnode *n);
/* Whether n is an integer (no fraction, no exponent) that fits; its value
 * in *v. */
bool jnode_int(const struct jnode *n, int64_t *v);
/* Whether n is a number; its value in *v. */
bool jnode_number(const struct jnode *n, double *v);
bool jnode_is(const struct jnode *n, enum jtype type);

#endif
