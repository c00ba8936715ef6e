/* SPDX-License-Identifier: MIT */
/*
 * The site's own _headers: its rules read, and the headers and files
 * they settle left out of distill's rules.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "headers_int.h"
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

json_t *headers_site_rules(const struct manifest *m, bool *found)
{
	const struct manifest_file *f = manifest_file_find(m, "_headers");
	json_t *rules;
	size_t len;
	char *text;

	if (!f || f->role != ROLE_ASSET)
		return json_array();
	text = read_file_max(f->from, TEXT_READ_MAX, &len);
	if (!text) {
		warn("cannot read the site's own '_headers' ('%s'):", f->from);
		return NULL;
	}
	rules = user_headers_parse(text, len, "_headers");
	free(text);
	*found = true;
	return rules;
}

/* Whether a request for one of the URLs of the file at path (its own; a
 * folder's for index.html; without ".html" for a page; its file's for a
 * .br or .zst sidecar) matches pattern. */
static bool file_matches(const struct hfile *all, size_t n, const char *path,
			 const char *pattern)
{
	char *url = xasprintf("/%s", path), *slash;
	bool match = user_pattern_matches(pattern, url);

	if (!match && has_suffix(url, ".html")) {
		url[strlen(url) - 5] = '\0';
		slash = strrchr(url, '/');
		match = user_pattern_matches(pattern, url) ||
			(strcmp(slash + 1, "index") == 0 &&
			 (slash[1] = '\0', user_pattern_matches(pattern, url)));
	}
	free(url);
	for (const char *const *s = (const char *const[]){ ".br", ".zst", NULL };
	     !match && *s; s++) {
		struct hfile key;

		if (!has_suffix(path, *s))
			continue;
		key.path = xstrndup(path, strlen(path) - strlen(*s));
		if (bsearch(&key, all, n, sizeof(*all), headers_files_compare))
			match = file_matches(all, n, key.path, pattern);
		free(key.path);
	}
	return match;
}

/* The name of the header in h spelled name in any case, or NULL. */
static const char *header_named(const json_t *h, const char *name)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)h, key, v)
		if (strcasecmp(key, name) == 0)
			return key;
	return NULL;
}

void headers_yield_to_site(const json_t *rules, json_t *security,
			   struct hfile *files, size_t n, bool *hints)
{
	json_t *rule, *v;
	const char *name;
	size_t i;

	json_array_foreach(rules, i, rule) {
		const char *source = json_string_value(json_object_get(rule, "source"));

		json_object_foreach(json_object_get(rule, "headers"), name, v) {
			const char *mine = header_named(security, name);
			size_t matched = 0;

			if (mine) {
				warn("headers: the site's _headers rule '%s' sets %s; "
				     "distill's own %s is left out", source, name, name);
				json_object_del(security, mine);
			}
			if (strcasecmp(name, "Link") == 0 && *hints) {
				warn("headers: the site's _headers rule '%s' sets Link; "
				     "distill writes no early hints", source);
				*hints = false;
			}
			if (strcasecmp(name, "Cache-Control") != 0)
				continue;
			for (size_t k = 0; k < n; k++)
				if (!files[k].user && file_matches(files, n, files[k].path, source)) {
					files[k].user = true;
					matched++;
				}
			if (matched)
				warn("headers: the site's _headers rule '%s' sets Cache-Control "
				     "for %zu file%s; distill's is left out for %s", source,
				     matched, matched == 1 ? "" : "s", matched == 1 ? "it" : "them");
		}
	}
}
