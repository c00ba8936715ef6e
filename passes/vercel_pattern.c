/* SPDX-License-Identifier: MIT */
/*
 * Vercel's source patterns: path-to-regexp 6.1's lexer, parser and
 * tokensToRegexp() with Vercel's options (strict, delimiter "/"), and the
 * source's parameters put into a template (vercel_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/util.h"
#include "vercel_int.h"
#include "vercel_routes.h"

#define DEFAULT_PATTERN "[^\\/]+?"

enum tok_type { T_MODIFIER, T_ESCAPED, T_OPEN, T_CLOSE, T_NAME, T_PATTERN, T_CHAR, T_END };

struct tok {
	enum tok_type type;
	char *value;
};

struct toks {
	struct tok *v;
	size_t n, cap, at;
};

static void tok_add(struct toks *t, enum tok_type type, char *value)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = (struct tok){ type, value };
}

static void toks_release(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].value);
	free(t->v);
}

/* path-to-regexp's lexer. Returns 0, or -1 with *why. */
static int lex(const char *s, struct toks *t, const char **why)
{
	size_t i = 0, len = strlen(s);

	while (i < len) {
		char c = s[i];

		if (c == '*' || c == '+' || c == '?') {
			tok_add(t, T_MODIFIER, xstrndup(s + i++, 1));
		} else if (c == '\\') {
			if (i + 1 >= len) {
				*why = "a backslash at the end";
				return -1;
			}
			tok_add(t, T_ESCAPED, xstrndup(s + i + 1, 1));
			i += 2;
		} else if (c == '{' || c == '}') {
			tok_add(t, c == '{' ? T_OPEN : T_CLOSE, xstrndup(s + i++, 1));
		} else if (c == ':') {
			size_t j = i + 1;

			while (j < len && name_char(s[j]))
				j++;
			if (j == i + 1) {
				*why = "a ':' with no parameter name";
				return -1;
			}
			tok_add(t, T_NAME, xstrndup(s + i + 1, j - i - 1));
			i = j;
		} else if (c == '(') {
			struct buf b = BUF_INIT;
			size_t j = i + 1;
			int depth = 1;

			if (s[j] == '?') {
				*why = "a pattern that starts with '?'";
				return -1;
			}
			while (j < len) {
				if (s[j] == '\\' && j + 1 < len) {
					buf_add(&b, s + j, 2);
					j += 2;
					continue;
				}
				if (s[j] == ')' && --depth == 0) {
					j++;
					break;
				}
				if (s[j] == '(') {
					depth++;
					if (s[j + 1] != '?') {
						buf_release(&b);
						*why = "a capturing group inside a pattern";
						return -1;
					}
				}
				buf_addc(&b, s[j++]);
			}
			if (depth || !b.len) {
				buf_release(&b);
				*why = depth ? "an unbalanced pattern" : "an empty pattern";
				return -1;
			}
			tok_add(t, T_PATTERN, buf_detach(&b));
			i = j;
		} else {
			tok_add(t, T_CHAR, xstrndup(s + i++, 1));
		}
	}
	tok_add(t, T_END, xstrdup(""));
	return 0;
}

static char *take(struct toks *t, enum tok_type type)
{
	if (t->at < t->n && t->v[t->at].type == type)
		return t->v[t->at++].value;
	return NULL;
}

/* The text of a literal, escaped as path-to-regexp's escapeString(). */
static void add_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(".+*?=^!:${}()[]|/\\", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static void add_key(struct compiled *c, const char *name, const char *prefix,
		    const char *suffix, const char *pattern, const char *modifier)
{
	struct buf *b = &c->re;

	if (!*pattern) {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", modifier);
		return;
	}
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++].name = name && *name ? xstrdup(name) : NULL;
	if (!*prefix && !*suffix) {
		buf_addf(b, "(%s)%s", pattern, modifier);
	} else if (*modifier == '+' || *modifier == '*') {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		buf_addf(b, "((?:%s)(?:", pattern);
		add_escaped(b, suffix);
		add_escaped(b, prefix);
		buf_addf(b, "(?:%s))*)", pattern);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", *modifier == '*' ? "?" : "");
	} else {
		buf_adds(b, "(?:");
		add_escaped(b, prefix);
		buf_addf(b, "(%s)", pattern);
		add_escaped(b, suffix);
		buf_addf(b, ")%s", modifier);
	}
}

void vercel_compiled_release(struct compiled *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	buf_release(&c->re);
}

/* parse() and tokensToRegexp() in one walk. Returns 0, or -1 with *why. */
int vercel_compile_source(const char *source, struct compiled *c, const char **why)
{
	struct toks t = { 0 };
	struct buf path = BUF_INIT;
	int ret = -1;

	if (lex(source, &t, why) < 0)
		goto out;
	buf_addc(&c->re, '^');
	while (t.at < t.n) {
		char *ch = take(&t, T_CHAR), *name = take(&t, T_NAME);
		char *pattern = take(&t, T_PATTERN), *value, *mod;

		if (name || pattern) {
			const char *prefix = ch ? ch : "";

			if (*prefix && !strchr("./", *prefix)) {
				buf_adds(&path, prefix);
				prefix = "";
			}
			if (path.len) {
				add_escaped(&c->re, path.data);
				buf_reset(&path);
			}
			mod = take(&t, T_MODIFIER);
			add_key(c, name, prefix, "", pattern ? pattern : DEFAULT_PATTERN,
				mod ? mod : "");
			continue;
		}
		value = ch ? ch : take(&t, T_ESCAPED);
		if (value) {
			buf_adds(&path, value);
			continue;
		}
		if (path.len) {
			add_escaped(&c->re, path.data);
			buf_reset(&path);
		}
		if (take(&t, T_OPEN)) {
			struct buf prefix = BUF_INIT, suffix = BUF_INIT;
			char *v;

			while ((v = take(&t, T_CHAR)) || (v = take(&t, T_ESCAPED)))
				buf_adds(&prefix, v);
			name = take(&t, T_NAME);
			pattern = take(&t, T_PATTERN);
			while ((v = take(&t, T_CHAR)) || (v = take(&t, T_ESCAPED)))
				buf_adds(&suffix, v);
			if (!take(&t, T_CLOSE)) {
				buf_release(&prefix);
				buf_release(&suffix);
				*why = "a '{' group that is not closed";
				goto out;
			}
			mod = take(&t, T_MODIFIER);
			add_key(c, name, prefix.len ? prefix.data : "", suffix.len ? suffix.data : "",
				name && !pattern ? DEFAULT_PATTERN : pattern ? pattern : "",
				mod ? mod : "");
			buf_release(&prefix);
			buf_release(&suffix);
			continue;
		}
		if (!take(&t, T_END)) {
			*why = "a misplaced '*', '+', '?' or '}'";
			goto out;
		}
	}
	buf_addc(&c->re, '$');
	ret = 0;
out:
	buf_release(&path);
	toks_release(&t);
	return ret;
}

/* Vercel's normalizeRoutes() writes "\/" as "/". */
char *vercel_unescape_slashes(const char *re)
{
	struct buf b = BUF_INIT;

	for (const char *s = re; *s; s++) {
		if (s[0] == '\\' && s[1] == '/')
			s++;
		buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

char *vercel_source_regex(const char *source, const char **why)
{
	struct compiled c = { 0 };
	char *re = NULL;

	if (vercel_compile_source(source, &c, why) == 0)
		re = vercel_unescape_slashes(c.re.data);
	vercel_compiled_release(&c);
	return re;
}

/* The "$N" of the parameter called name, or 0. */
size_t vercel_param_index(const struct compiled *c, const char *name, size_t len)
{
	for (size_t i = c->n; i-- > 0;)
		if (c->v[i].name && strlen(c->v[i].name) == len &&
		    memcmp(c->v[i].name, name, len) == 0)
			return i + 1;
	return 0;
}

/*
 * Each ":name" (with its modifier) of the source's parameters in s as its
 * "$N". direct: path-to-regexp's compile(), which drops an unknown
 * optional parameter with its '/' and fails (NULL) on an unknown required
 * one or a stray modifier; otherwise the fallback, which keeps them.
 */
char *vercel_substitute(const struct compiled *c, const char *s, bool direct)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; s[i];) {
		size_t j = i + 1, idx;
		char mod = 0;

		if (s[i] != ':' || !name_char(s[j])) {
			if (direct && (s[i] == ':' || strchr("*+?", s[i])))
				goto fail;
			buf_addc(&b, s[i++]);
			continue;
		}
		while (name_char(s[j]))
			j++;
		idx = vercel_param_index(c, s + i + 1, j - i - 1);
		if (s[j] && strchr("*+?", s[j]) && (idx || direct))
			mod = s[j];
		if (idx) {
			buf_addf(&b, "$%zu", idx);
		} else if (!direct) {
			buf_add(&b, s + i, j - i);
		} else if (mod == '?' || mod == '*') {
			if (b.len && (b.data[b.len - 1] == '/' || b.data[b.len - 1] == '.'))
				b.data[--b.len] = '\0';
		} else {
			goto fail;
		}
		i = j + (mod != 0);
	}
	return buf_detach(&b);
fail:
	buf_release(&b);
	return NULL;
}

char *vercel_compile_template(const struct compiled *c, const char *s)
{
	char *out = vercel_substitute(c, s, true);

	return out ? out : vercel_substitute(c, s, false);
}
