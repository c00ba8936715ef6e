/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HEADERS_USER_H
#define DISTILL_HEADERS_USER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The site's own _headers file (Netlify and Cloudflare Pages syntax: a path
 * pattern on a line of its own, then indented "Name: value" lines; '#'
 * comments). Its rules are kept, ahead of distill's, and win where both set
 * a header.
 */

/* The rules of text (from the file named name, for messages), in order:
 * an array of {"source", "regex", "headers"} as headers.json has them.
 * A line that is not a pattern nor a valid header is left out with a
 * warning naming its line. */
json_t *user_headers_parse(const char *text, size_t len, const char *name);

/* Whether the request path matches a _headers pattern (both start with
 * '/'):
 * '*' takes the rest of the path, ":name" one segment; letters match in
 * either case, as on Netlify. */
bool user_pattern_matches(const char *pattern, const char *path);

#endif
