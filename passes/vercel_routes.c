/* SPDX-License-Identifier: MIT */
/*
 * vercel.json's routing as Build Output API routes (vercel_routes.h).
 *
 * The order is getTransformedRoutes()': cleanUrls' and trailingSlash's
 * redirects, the redirects, the headers, then (only with rewrites) the
 * filesystem and the rewrites. Sources are compiled by vercel_pattern.c,
 * destinations made by vercel_destination.c. What distill does not
 * translate is refused with the rule's name, never dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/util.h"
#include "vercel_int.h"
#include "vercel_routes.h"

static const char *const routing_keys[] = {
	"cleanUrls", "trailingSlash", "redirects", "headers", "rewrites", "routes",
};

json_t *vercel_routes_keep(const json_t *vercel_json)
{
	json_t *kept = json_object();

	for (size_t i = 0; i < sizeof(routing_keys) / sizeof(*routing_keys); i++) {
		json_t *v = json_object_get(vercel_json, routing_keys[i]);

		if (v)
			json_object_set(kept, routing_keys[i], v);
	}
	return kept;
}

/* ---- the rules ---------------------------------------------------------- */

static char *rule_name(const char *list, size_t i, const char *what)
{
	return xasprintf("vercel.json: %s[%zu]: %s", list, i, what);
}

/* The fields every rule of list must have, and none distill refuses. */
static const char *check_rule(const json_t *rule)
{
	static const char *const refused[] = { "has", "missing", "env", "transforms" };

	if (!json_is_object(rule) || !json_is_string(json_object_get(rule, "source")))
		return "needs a \"source\" string";
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (json_object_get(rule, refused[i]))
			return "uses a condition or option (has, missing, env, transforms) "
			       "that distill does not translate";
	return NULL;
}

enum dest_kind { NO_DEST, REDIRECT_DEST, REWRITE_DEST };

/* What every rule of a list starts with: checked, its source compiled into
 * c, and (unless NO_DEST) its destination into *to. Returns 0, or -1 with
 * *why naming the rule. */
static int rule_open(const json_t *r, const char *list, size_t i, enum dest_kind kind,
		     struct compiled *c, char **to, char **why)
{
	const char *bad = check_rule(r), *reason = NULL;
	const char *dest = json_string_value(json_object_get(r, "destination"));

	*to = NULL;
	if (!bad && kind != NO_DEST && !dest)
		bad = "needs a \"destination\" string";
	if (!bad && kind == NO_DEST && !json_is_array(json_object_get(r, "headers")))
		bad = "needs a \"headers\" array of {key, value}";
	if (!bad && vercel_compile_source(json_string_value(json_object_get(r, "source")), c,
				   &reason) < 0)
		bad = reason;
	if (!bad && kind != NO_DEST &&
	    !(*to = vercel_destination(c, dest, kind == REDIRECT_DEST, &reason)))
		bad = reason;
	if (bad) {
		vercel_compiled_release(c);
		*why = rule_name(list, i, bad);
		return -1;
	}
	return 0;
}

/* The route's "src": c's expression as normalizeRoutes() leaves it. */
static json_t *route_new(const struct compiled *c)
{
	char *src = vercel_unescape_slashes(c->re.data);
	json_t *route = json_pack("{s:s}", "src", src);

	free(src);
	return route;
}

static int convert_redirects(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		const json_t *permanent = json_object_get(r, "permanent");
		const json_t *code = json_object_get(r, "statusCode");
		struct compiled c = { 0 };
		json_int_t status = 308;
		json_t *route;
		char *loc;

		if (rule_open(r, "redirects", i, REDIRECT_DEST, &c, &loc, why) < 0)
			return -1;
		if (json_is_boolean(permanent))
			status = json_is_true(permanent) ? 308 : 307;
		else if (json_integer_value(code))
			status = json_integer_value(code);
		route = route_new(&c);
		json_object_set_new(route, "headers", json_pack("{s:s}", "Location", loc));
		json_object_set_new(route, "status", json_integer(status));
		json_array_append_new(out, route);
		free(loc);
		vercel_compiled_release(&c);
	}
	return 0;
}

static int convert_headers(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		struct compiled c = { 0 };
		json_t *headers, *pair, *route;
		bool named = false;
		char *unused;
		size_t k;

		if (rule_open(r, "headers", i, NO_DEST, &c, &unused, why) < 0)
			return -1;
		for (size_t p = 0; p < c.n; p++)
			named |= c.v[p].name != NULL;
		headers = json_object();
		json_array_foreach(json_object_get(r, "headers"), k, pair) {
			const char *key = json_string_value(json_object_get(pair, "key"));
			const char *value = json_string_value(json_object_get(pair, "value"));
			char *ck, *cv;

			if (!key || !value) {
				json_decref(headers);
				vercel_compiled_release(&c);
				*why = rule_name("headers", i, "each header needs a \"key\" and a \"value\" string");
				return -1;
			}
			/* A parameter of the source may be named in a header. */
			ck = named && strchr(key, ':') ? vercel_substitute(&c, key, false) : xstrdup(key);
			cv = named && strchr(value, ':') ? vercel_substitute(&c, value, false) : xstrdup(value);
			json_object_set_new(headers, ck, json_string(cv));
			free(ck);
			free(cv);
		}
		route = route_new(&c);
		json_object_set_new(route, "headers", headers);
		json_object_set_new(route, "continue", json_true());
		json_array_append_new(out, route);
		vercel_compiled_release(&c);
	}
	return 0;
}

static int convert_rewrites(const json_t *list, json_t *out, char **why)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		const json_t *code = json_object_get(r, "statusCode");
		struct compiled c = { 0 };
		json_t *route;
		char *to;

		if (rule_open(r, "rewrites", i, REWRITE_DEST, &c, &to, why) < 0)
			return -1;
		route = route_new(&c);
		json_object_set_new(route, "dest", json_string(to));
		json_object_set_new(route, "check", json_true());
		if (json_integer_value(code))
			json_object_set(route, "status", (json_t *)code);
		json_array_append_new(out, route);
		free(to);
		vercel_compiled_release(&c);
	}
	return 0;
}

/* superstatic's convertCleanUrls() and convertTrailingSlash(), with "\/"
 * written "/" as normalizeRoutes() leaves it. */
static void clean_and_slash_routes(const json_t *routing, json_t *out)
{
	const json_t *clean = json_object_get(routing, "cleanUrls");
	const json_t *slash = json_object_get(routing, "trailingSlash");

	if (json_is_true(clean)) {
		const char *loc = json_is_true(slash) ? "/$1/" : "/$1";

		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(?:(.+)/)?index(?:\\.html)?/?$", "headers", "Location", loc,
			"status", 308));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(.*)\\.html/?$", "headers", "Location", loc, "status", 308));
	}
	if (json_is_true(slash)) {
		json_array_append_new(out, json_pack("{s:s}", "src", "^/\\.well-known(?:/.*)?$"));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/((?:[^/]+/)*[^/\\.]+)$", "headers", "Location", "/$1/",
			"status", 308));
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/((?:[^/]+/)*[^/]+\\.\\w+)/$", "headers", "Location", "/$1",
			"status", 308));
	} else if (json_is_false(slash)) {
		json_array_append_new(out, json_pack("{s:s, s:{s:s}, s:i}",
			"src", "^/(.*)/$", "headers", "Location", "/$1", "status", 308));
	}
}

int vercel_routes_build(const json_t *routing, struct vercel_routes *r, char **why)
{
	static const char *const lists[] = { "redirects", "headers", "rewrites" };
	const json_t *rewrites = json_object_get(routing, "rewrites");

	*r = (struct vercel_routes){ json_array(), json_array(), json_array(), false, NULL };
	*why = NULL;
	if (json_object_get(routing, "routes")) {
		*why = xstrdup("vercel.json: \"routes\" (the legacy form) is not translated by "
			       "distill; use rewrites, redirects and headers");
		goto fail;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		const json_t *v = json_object_get(routing, lists[i]);

		if (v && !json_is_array(v)) {
			*why = xasprintf("vercel.json: \"%s\" must be an array", lists[i]);
			goto fail;
		}
	}
	clean_and_slash_routes(routing, r->before);
	r->clean_urls = json_is_true(json_object_get(routing, "cleanUrls"));
	if (convert_redirects(json_object_get(routing, "redirects"), r->before, why) < 0 ||
	    convert_headers(json_object_get(routing, "headers"), r->headers, why) < 0)
		goto fail;
	if (rewrites) {
		json_array_append_new(r->after, json_pack("{s:s}", "handle", "filesystem"));
		if (convert_rewrites(rewrites, r->after, why) < 0)
			goto fail;
	}
	return 0;
fail:
	vercel_routes_release(r);
	return -1;
}

void vercel_routes_release(struct vercel_routes *r)
{
	json_decref(r->before);
	json_decref(r->headers);
	json_decref(r->after);
	json_decref(r->overrides);
	*r = (struct vercel_routes){ 0 };
}
