/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_VERCEL_INT_H
#define DISTILL_VERCEL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "../src/lib/buf.h"

/*
 * The parts of the translation of vercel.json's routing
 * (vercel_routes.h): vercel_pattern.c compiles a source pattern as
 * path-to-regexp 6.1 does and puts a source's parameters into a template;
 * vercel_destination.c makes a rule's destination as Vercel's
 * replaceSegments() does; vercel_routes.c turns the rules into routes.
 */

/* A parameter of a source: its name in the destination (NULL for an
 * unnamed one). */
struct param {
	char *name;
};

/* A compiled source: its regular expression and its parameters, in the
 * order of their groups. */
struct compiled {
	struct buf re;
	struct param *v;
	size_t n, cap;
};

static inline bool name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '_';
}

/* Compile source into c (path-to-regexp's parse() and tokensToRegexp()
 * with Vercel's options). Returns 0, or -1 with *why (a static string). */
int vercel_compile_source(const char *source, struct compiled *c, const char **why);
void vercel_compiled_release(struct compiled *c);
/* re with "\/" written "/", as Vercel's normalizeRoutes() leaves it. A new
 * string. */
char *vercel_unescape_slashes(const char *re);
/* The "$N" of the parameter called name[0, len), or 0. */
size_t vercel_param_index(const struct compiled *c, const char *name, size_t len);
/* Each ":name" of c's parameters in s as its "$N": direct, as
 * path-to-regexp's compile() (NULL when it would fail), or not, as Vercel's
 * fallback, which keeps what it does not know. A new string. */
char *vercel_substitute(const struct compiled *c, const char *s, bool direct);
/* vercel_substitute(), direct when it can be. A new string. */
char *vercel_compile_template(const struct compiled *c, const char *s);
/* A rule's destination as Vercel's replaceSegments() makes it. A new
 * string, or NULL with *why set (a static string). */
char *vercel_destination(const struct compiled *c, const char *dest, bool redirect,
			 const char **why);

#endif
