/* SPDX-License-Identifier: MIT */
/*
 * The headers every path gets: the security headers of the config, a
 * Content-Security-Policy built from its directive table, and any extra
 * ones, each checked before it can reach a host's file.
 */
#include <string.h>
#include <strings.h>

#include "../src/lib/buf.h"
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

/* The Content-Security-Policy from the directive table, "" when every
 * directive is off. Returns a new string, or NULL after a warning. */
static char *csp_build(const json_t *table)
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
		if (json_is_string(v) && *json_string_value(v))
			buf_addf(&b, " %s", json_string_value(v));
	}
	return buf_detach(&b);
}

json_t *headers_security(const json_t *config)
{
	json_t *h = json_object(), *v;
	const char *name;

	json_object_foreach(json_object_get(config, "security"), name, v) {
		char *csp = NULL;
		int r = 0;

		if (strcasecmp(name, "Content-Security-Policy") == 0 && json_is_null(v)) {
			csp = csp_build(json_object_get(config, "csp"));
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
