/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

#include "../src/buf.h"
#include "../src/util.h"
#include "headers_user.h"

/* The same match as user_pattern_matches(), as an anchored regular
 * expression for headers.json and Vercel's routes. */
static char *pattern_regex(const char *pattern)
{
	struct buf re = BUF_INIT;

	buf_addc(&re, '^');
	for (const char *s = pattern; *s; s++) {
		if (*s == '*') {
			buf_adds(&re, ".*");
		} else if (*s == ':' && s > pattern && s[-1] == '/') {
			buf_adds(&re, "[^/]+");
			while (isalnum((unsigned char)s[1]) || s[1] == '_')
				s++;
		} else {
			if (strchr("\\^$.|?+()[]{}", *s))
				buf_addc(&re, '\\');
			buf_addc(&re, *s);
		}
	}
	buf_addc(&re, '$');
	return buf_detach(&re);
}

bool user_pattern_matches(const char *pattern, const char *path)
{
	for (;; pattern++, path++) {
		if (*pattern == '*') {
			/* A splat takes the rest; try each split for what follows. */
			for (const char *p = path;; p++) {
				if (user_pattern_matches(pattern + 1, p))
					return true;
				if (!*p)
					return false;
			}
		}
		if (*pattern == ':' && pattern[-1] == '/') {
			if (!*path || *path == '/')
				return false;
			while (isalnum((unsigned char)pattern[1]) || pattern[1] == '_')
				pattern++;
			while (path[1] && path[1] != '/')
				path++;
			continue;
		}
		if (tolower((unsigned char)*pattern) != tolower((unsigned char)*path))
			return false;
		if (!*pattern)
			return true;
	}
}

/* The length of the RFC 9110 token s starts with (a header name). */
static size_t token_length(const char *s)
{
	return strspn(s, "!#$%&'*+-.^_`|~0123456789"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}

/* A line without its trailing blanks (and CR), as a new string. */
static char *trimmed(const char *line, size_t len)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	return xstrndup(line, len);
}

json_t *user_headers_parse(const char *text, size_t len, const char *name)
{
	json_t *rules = json_array(), *headers = NULL;
	const char *end = text + len;
	int lineno = 0;

	for (const char *line = text; line < end; lineno++) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		bool indented = n && (line[0] == ' ' || line[0] == '\t');
		char *s = trimmed(line, n), *t = s + strspn(s, " \t"), *colon;

		line = nl ? nl + 1 : end;
		if (!*t || *t == '#') {
			free(s);
			continue;
		}
		if (!indented && *t == '/') {
			char *regex = pattern_regex(t);

			headers = json_object();
			json_array_append_new(rules, json_pack("{s:s, s:s, s:o}", "source", t,
				"regex", regex, "headers", headers));
			free(regex);
		} else if (indented && headers && (colon = strchr(t, ':')) && colon > t &&
			   token_length(t) == (size_t)(colon - t)) {
			char *value = colon + 1 + strspn(colon + 1, " \t");
			json_t *old;

			*colon = '\0';
			old = json_object_get(headers, t);
			/* A header given twice for one path: the host joins them. */
			if (json_is_string(old)) {
				char *both = xasprintf("%s, %s", json_string_value(old), value);

				json_object_set_new(headers, t, json_string(both));
				free(both);
			} else {
				json_object_set_new(headers, t, json_string(value));
			}
		} else {
			warn("'%s' line %d: neither a path nor an indented 'Name: value' "
			     "under one; left out", name, lineno + 1);
		}
		free(s);
	}
	return rules;
}
