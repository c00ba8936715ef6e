/* SPDX-License-Identifier: MIT */
/*
 * A rule's destination as Vercel's replaceSegments() makes it: the
 * source's parameters as "$N" in its path, query and fragment, a rewrite's
 * unnamed parameters passed as a query, escaped as Node's url.format()
 * and querystring do (vercel_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "vercel_int.h"

/* url.parse()'s escaping of the characters a URL cannot hold. */
static void add_autoescaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\r\n\t \"'<>\\^`{|}", *s))
			buf_addf(b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
}

/* querystring.escape(), then "%24" back to "$" as Vercel does. */
static void add_query_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char u = (unsigned char)*s;

		if (name_char((char)u) || strchr("-.~!'()*$", u))
			buf_addc(b, (char)u);
		else
			buf_addf(b, "%%%02X", u);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* querystring.unescape() of s[0, n): %XX decoded, '+' a space. */
static char *query_unescape(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(&b, ' ');
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			   hexval(s[i + 2]) >= 0) {
			buf_addc(&b, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_detach(&b);
}

/* The names of the ":name" parameters in s. */
static bool names_a_param(const struct compiled *c, const char *s)
{
	for (const char *p = strchr(s, ':'); p; p = strchr(p + 1, ':')) {
		size_t n = 0;

		while (name_char(p[1 + n]))
			n++;
		if (n && vercel_param_index(c, p + 1, n))
			return true;
	}
	return false;
}

/* replaceSegments() for a destination. Returns a new string, or NULL with
 * *why set. */
char *vercel_destination(const struct compiled *c, const char *dest, bool redirect,
			 const char **why)
{
	struct buf b = BUF_INIT;
	json_t *query = json_object(); /* key -> array of values, in order */
	const char *rest = dest, *q, *h, *key;
	bool named = false, used;
	char *path, *hash = NULL;
	json_t *values;
	size_t scheme = 0;

	for (size_t i = 0; i < c->n; i++)
		named |= c->v[i].name != NULL;
	if (redirect && !(strchr(dest, ':') && named)) {
		json_decref(query);
		return xstrdup(dest);
	}
	if (strpbrk(dest, "(){}\\")) {
		json_decref(query);
		*why = "a destination with '(', '{' or '\\', which distill does not translate";
		return NULL;
	}
	/* scheme://host, kept as written */
	while (name_char(dest[scheme]) || (scheme && strchr("+.-", dest[scheme])))
		scheme++;
	if (scheme && strncmp(dest + scheme, "://", 3) == 0) {
		const char *host_end = dest + scheme + 3 + strcspn(dest + scheme + 3, "/?#");

		buf_add(&b, dest, (size_t)(host_end - dest));
		rest = host_end;
	}
	q = rest + strcspn(rest, "?#");
	h = strchr(rest, '#');
	path = xstrndup(rest, (size_t)(q - rest));
	if (h)
		hash = xstrdup(h);
	if (*q == '?') {
		const char *end = h ? h : q + strlen(q);

		for (const char *p = q + 1; p < end;) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *stop = amp ? amp : end, *eq = memchr(p, '=', (size_t)(stop - p));
			char *k, *v;

			if (stop > p) {
				k = query_unescape(p, (size_t)((eq ? eq : stop) - p));
				v = eq ? query_unescape(eq + 1, (size_t)(stop - eq - 1)) : xstrdup("");
				values = json_object_get(query, k);
				if (!values)
					json_object_set_new(query, k, values = json_array());
				json_array_append_new(values, json_string(v));
				free(k);
				free(v);
			}
			p = stop + 1;
		}
	}
	used = names_a_param(c, path) || (hash && names_a_param(c, hash));
	{
		char *p = vercel_compile_template(c, path);

		if (!*p && b.len)
			buf_addc(&b, '/'); /* url.parse gives a host a "/" path */
		add_autoescaped(&b, p);
		free(p);
	}
	if (!redirect && !used) {
		/* Vercel passes the parameters a rewrite's destination does
		 * not name as a query. */
		for (size_t i = 0; i < c->n; i++) {
			char idx[24];

			if (!c->v[i].name || json_object_get(query, c->v[i].name))
				continue;
			snprintf(idx, sizeof(idx), "$%zu", vercel_param_index(c, c->v[i].name,
								   strlen(c->v[i].name)));
			json_object_set_new(query, c->v[i].name, json_pack("[s]", idx));
		}
	}
	if (json_object_size(query) > 0) {
		bool first = true;

		json_object_foreach(query, key, values) {
			size_t i;
			json_t *v;

			json_array_foreach(values, i, v) {
				char *value = vercel_compile_template(c, json_string_value(v));

				buf_addc(&b, first ? '?' : '&');
				add_query_escaped(&b, key);
				buf_addc(&b, '=');
				add_query_escaped(&b, value);
				free(value);
				first = false;
			}
		}
	}
	if (hash) {
		char *compiled = vercel_compile_template(c, hash);

		add_autoescaped(&b, compiled);
		free(compiled);
	}
	free(path);
	free(hash);
	json_decref(query);
	return buf_detach(&b);
}
