/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_VERCEL_ROUTES_H
#define DISTILL_VERCEL_ROUTES_H

#include <stdbool.h>

#include <jansson.h>

/*
 * The routing of a project's vercel.json (rewrites, redirects, headers,
 * cleanUrls, trailingSlash) as Build Output API routes, the way `vercel
 * build` translates it (@vercel/routing-utils' getTransformedRoutes(),
 * path-to-regexp 6 for the sources): Vercel applies none of vercel.json's
 * routing to a prebuilt .vercel/output, so --vercel must carry it.
 */
struct vercel_routes {
	json_t *before;  /* cleanUrls, trailingSlash and redirects routes */
	json_t *headers; /* the headers routes ("continue") */
	json_t *after;   /* {"handle": "filesystem"} and the rewrites, or [] */
	bool clean_urls; /* HTML files are served without .html: */
	json_t *overrides; /* {"a.html": {"path": "a"}}, set by the caller */
};

/* The keys of vercel.json that routing reads; vercel_routes_keep() copies
 * those of a parsed vercel.json into a new object (an empty one when it
 * has none). */
json_t *vercel_routes_keep(const json_t *vercel_json);
/* Translate them (NULL: none) into r. Returns 0, or -1 with *why naming
 * the rule and the reason (a new string): a malformed rule, or one whose
 * form (has, missing, legacy routes, a pattern in a destination) distill
 * does not translate. */
int vercel_routes_build(const json_t *routing, struct vercel_routes *r, char **why);
void vercel_routes_release(struct vercel_routes *r);

/* The regular expression Vercel matches a source pattern with
 * ("/blog/:slug" gives "^/blog(?:/([^/]+?))$"), or NULL with *why set (a
 * static string). Exposed for the tests. */
char *vercel_source_regex(const char *source, const char **why);

#endif
