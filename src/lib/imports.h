/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_IMPORTS_H
#define DISTILL_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The module specifiers of a built ES module: static `import ... from "x"`,
 * `import "x"` and `export ... from "x"` at the top level, and dynamic
 * `import("x")` with a string literal anywhere. Strings, comments, template
 * literals and regular expression literals are skipped, so an "import" inside
 * them is not taken for one. This is a lexer, not a parser: it is meant for
 * the output of bundlers (Rollup, Vite, esbuild), where it is exact.
 */
struct import_spec {
	char *spec;    /* the specifier, as written between the quotes */
	bool dynamic;  /* import("x"): loaded on demand, not with the module */
};

/* Scan len bytes of JavaScript. Returns a new array (free with
 * imports_free) and its length in *n; text it cannot make sense of yields
 * the specifiers found so far, never an error. */
struct import_spec *imports_scan(const char *js, size_t len, size_t *n);
void imports_free(struct import_spec *specs, size_t n);

/* Resolve a module specifier found in the file at from (a '/'-separated
 * path inside the site) to a path inside the site: "./x.js", "../x.js" and
 * "/x.js" are resolved, query and fragment dropped, %XX decoded. Returns a
 * new string, or NULL for bare specifiers ("react"), URLs with a scheme,
 * "//host/..." and paths that leave the site. */
char *imports_resolve(const char *from, const char *spec);

#endif
