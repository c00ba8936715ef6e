/* SPDX-License-Identifier: MIT */
/*
 * The headers every path gets: the security headers of the config, a
 * Content-Security-Policy built from its directive table (its script-src
 * and style-src allowing the site's inline scripts and styles by hash),
 * and any extra ones, each
 * checked before it can reach a host's file.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/refs.h"
#include "../src/lib/util.h"
#include "headers_int.h"

/* A header field name is an RFC 9110 token; a value has no control
 * characters but tab (a newline would end the _headers line). */
bool headers_field_ok(const char *name, const char *value)
{
	if (!*name || name[strspn(name, "!#$%&'*+-.^_`|~0123456789"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")])
		return false;
	for (const unsigned char *s = (const unsigned char *)value; *s; s++)
		if ((*s < ' ' && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

/* Set name: value in h after checking both; "what" names the config key
 * in the message. Returns 0 or -1 after a warning. */
static int header_set(json_t *h, const char *what, const char *name,
		      const char *value)
{
	if (!headers_field_ok(name, value)) {
		warn("config 'headers.%s': invalid header '%s'", what, name);
		return -1;
	}
	json_object_set_new(h, name, json_string(value));
	return 0;
}

/* Past this many inline scripts, their hashes would make the policy too
 * long for a host's header (Netlify and Cloudflare cap a line near 8 KB). */
#define CSP_MAX_HASHES 64

/* A directive's sources with what the site needs beside them: the
 * origins of the external files its pages load (origins), and the hashes
 * of its inline scripts or styles (what names them), unless it allows
 * inline ones already; past CSP_MAX_HASHES, or when inline (the reason,
 * or NULL) says hashes cannot do, 'unsafe-inline', since a page whose
 * scripts or styles are blocked is broken. */
static void add_sources(struct buf *b, const char *sources, const json_t *origins,
			const json_t *hashes, const char *what, const char *inline_why)
{
	size_t i;
	json_t *h;

	buf_adds(b, sources);
	json_array_foreach(origins, i, h)
		if (!strstr(sources, json_string_value(h)))
			buf_addf(b, " %s", json_string_value(h));
	if (strstr(sources, "'unsafe-inline'"))
		return;
	if (inline_why) {
		info(1, "headers: %s allow 'unsafe-inline': %s", what, inline_why);
		buf_adds(b, " 'unsafe-inline'");
		return;
	}
	if (json_array_size(hashes) > CSP_MAX_HASHES) {
		warn("headers: the site has %zu different inline %s, too many to list "
		     "by hash in its Content-Security-Policy; they are allowed by "
		     "'unsafe-inline' instead", json_array_size(hashes), what);
		buf_adds(b, " 'unsafe-inline'");
		return;
	}
	json_array_foreach(hashes, i, h)
		buf_addf(b, " '%s'", json_string_value(h));
}

/* The Content-Security-Policy from the directive table, "" when every
 * directive is off, with what the site needs (need, or NULL). Returns a
 * new string, or NULL after a warning. */
static char *csp_build(const json_t *table, const struct csp_needs *need)
{
	struct buf b = BUF_INIT;
	const char *name;
	json_t *v;

	buf_adds(&b, "");
	json_object_foreach((json_t *)table, name, v) {
		if (json_is_null(v) || json_is_false(v))
			continue;
		if (!json_is_true(v) && !json_is_string(v)) {
			warn("config 'headers.csp.%s' must be a string, true or null", name);
			buf_release(&b);
			return NULL;
		}
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, name);
		if (need && (strcmp(name, "script-src") == 0 || strcmp(name, "style-src") == 0)) {
			bool script = name[1] == 'c';

			buf_addc(&b, ' ');
			add_sources(&b, json_is_string(v) ? json_string_value(v) : "",
				    script ? need->script_origins : need->style_origins,
				    script ? need->script_hashes : need->style_hashes,
				    script ? "scripts" : "styles",
				    script ? NULL : need->style_inline);
		} else if (json_is_string(v) && *json_string_value(v)) {
			buf_addf(&b, " %s", json_string_value(v));
		}
	}
	return buf_detach(&b);
}

json_t *headers_sorted_keys(json_t *set)
{
	json_t *list = json_array(), *v;
	const char **keys = xcalloc(json_object_size(set) + 1, sizeof(*keys));
	const char *key;
	size_t n = 0;

	json_object_foreach(set, key, v)
		keys[n++] = key;
	if (n)
		sort_array(keys, n, sizeof(*keys), compare_strings);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_string(keys[i]));
	free(keys);
	json_decref(set);
	return list;
}

/* The origin of an external http(s) URL ("https://cdn.example"; for
 * "//cdn.example/x", the host alone, which CSP reads with the page's
 * scheme), or NULL. A new string. */
static char *origin_of(const char *url)
{
	const char *host = NULL;
	size_t n;

	if (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0)
		host = strstr(url, "//") + 2;
	else if (url[0] == '/' && url[1] == '/')
		host = url + 2;
	if (!host || !*host)
		return NULL;
	n = strcspn(host, "/?#");
	/* Nothing a CSP source list would read as another token. */
	if (n == 0 || strcspn(host, " ;,'\"") < n)
		return NULL;
	return host == url + 2 ? xstrndup(host, n) : xstrndup(url, (size_t)(host - url) + n);
}

json_t *headers_external_origins(const struct manifest *m, const enum ref_kind *kinds,
				 size_t nkinds)
{
	json_t *set = json_object();

	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];

		for (size_t r = 0; r < e->nrefs; r++) {
			char *o;
			bool wanted = false;

			for (size_t k = 0; k < nkinds && !wanted; k++)
				wanted = strcmp(e->refs[r].kind, ref_kind_name(kinds[k])) == 0;
			if (wanted && !e->refs[r].target && (o = origin_of(e->refs[r].url))) {
				json_object_set_new(set, o, json_true());
				free(o);
			}
		}
	}
	return headers_sorted_keys(set);
}

json_t *headers_security(const json_t *config, const struct csp_needs *need)
{
	json_t *h = json_object(), *v;
	const char *name;

	json_object_foreach(json_object_get(config, "security"), name, v) {
		char *csp = NULL;
		int r = 0;

		if (strcasecmp(name, "Content-Security-Policy") == 0 && json_is_null(v)) {
			csp = csp_build(json_object_get(config, "csp"), need);
			if (!csp)
				goto fail;
			if (*csp)
				r = header_set(h, "security", name, csp);
			free(csp);
		} else if (json_is_string(v)) {
			if (*json_string_value(v))
				r = header_set(h, "security", name, json_string_value(v));
		} else if (!json_is_null(v) && !json_is_false(v)) {
			warn("config 'headers.security.%s' must be a string or null", name);
			goto fail;
		}
		if (r < 0)
			goto fail;
	}
	json_object_foreach(json_object_get(config, "extra"), name, v) {
		if (!json_is_string(v)) {
			warn("config 'headers.extra.%s' must be a string", name);
			goto fail;
		}
		if (header_set(h, "extra", name, json_string_value(v)) < 0)
			goto fail;
	}
	return h;
fail:
	json_decref(h);
	return NULL;
}
