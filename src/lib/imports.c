/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "imports.h"
#include "util.h"

/*
 * The one hard part of lexing JavaScript without parsing it is '/': it
 * starts a regular expression after an operator or a keyword like "return",
 * and is a division after a value. We keep the kind of the previous token,
 * as es-module-lexer does, and treat '}' as ending a statement (so a '/'
 * after it starts a regex), which is what bundler output has.
 */
enum prev { P_NONE, P_VALUE, P_PUNCT, P_DOT };

struct lexer {
	const char *s;
	size_t len, i;
	enum prev prev;
	int depth;          /* braces, for "top level" */
	int *tpl;           /* brace depth at each open "${" */
	size_t ntpl, captpl;
	struct import_spec *specs;
	size_t nspecs, cap;
};

static bool is_ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static void skip_space(struct lexer *lx)
{
	const char *s = lx->s;

	while (lx->i < lx->len) {
		char c = s[lx->i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		    c == '\v') {
			lx->i++;
		} else if (c == '/' && lx->i + 1 < lx->len && s[lx->i + 1] == '/') {
			while (lx->i < lx->len && s[lx->i] != '\n')
				lx->i++;
		} else if (c == '/' && lx->i + 1 < lx->len && s[lx->i + 1] == '*') {
			const char *end = memmem(s + lx->i + 2, lx->len - lx->i - 2, "*/", 2);

			lx->i = end ? (size_t)(end - s) + 2 : lx->len;
		} else {
			break;
		}
	}
}

/* At a quote: skip the string; returns its body as a new string. */
static char *read_string(struct lexer *lx)
{
	char q = lx->s[lx->i++];
	size_t start = lx->i;

	while (lx->i < lx->len && lx->s[lx->i] != q && lx->s[lx->i] != '\n') {
		if (lx->s[lx->i] == '\\')
			lx->i++;
		lx->i++;
	}
	if (lx->i > lx->len)
		lx->i = lx->len;
	char *body = xstrndup(lx->s + start, lx->i - start);
	if (lx->i < lx->len)
		lx->i++;
	return body;
}

/* Inside a template literal: skip to its end or to "${". */
static void skip_template(struct lexer *lx)
{
	while (lx->i < lx->len) {
		char c = lx->s[lx->i];

		if (c == '\\') {
			lx->i += 2;
		} else if (c == '`') {
			lx->i++;
			lx->prev = P_VALUE;
			return;
		} else if (c == '$' && lx->i + 1 < lx->len && lx->s[lx->i + 1] == '{') {
			lx->i += 2;
			lx->tpl = xgrow(lx->tpl, &lx->captpl, lx->ntpl + 1, sizeof(*lx->tpl));
			lx->tpl[lx->ntpl++] = lx->depth++;
			lx->prev = P_PUNCT;
			return;
		} else {
			lx->i++;
		}
	}
	if (lx->i > lx->len)
		lx->i = lx->len;
}

static void skip_regex(struct lexer *lx)
{
	bool in_class = false;

	lx->i++;
	while (lx->i < lx->len) {
		char c = lx->s[lx->i];

		if (c == '\\') {
			lx->i += 2;
			continue;
		}
		if (c == '\n')
			break;
		lx->i++;
		if (c == '[')
			in_class = true;
		else if (c == ']')
			in_class = false;
		else if (c == '/' && !in_class)
			break;
	}
	if (lx->i > lx->len)
		lx->i = lx->len;
	while (lx->i < lx->len && is_ident((unsigned char)lx->s[lx->i]))
		lx->i++;
	lx->prev = P_VALUE;
}

static void add_spec(struct lexer *lx, char *spec, bool dynamic)
{
	lx->specs = xgrow(lx->specs, &lx->cap, lx->nspecs + 1, sizeof(*lx->specs));
	lx->specs[lx->nspecs].spec = spec;
	lx->specs[lx->nspecs].dynamic = dynamic;
	lx->nspecs++;
}

static bool next_is_word(struct lexer *lx, const char *word)
{
	size_t n = strlen(word);

	return lx->i + n <= lx->len && memcmp(lx->s + lx->i, word, n) == 0 &&
	       (lx->i + n == lx->len || !is_ident((unsigned char)lx->s[lx->i + n]));
}

static bool at_quote(const struct lexer *lx)
{
	return lx->i < lx->len && (lx->s[lx->i] == '"' || lx->s[lx->i] == '\'');
}

/*
 * After the clause of `import a, {b as c} from` or `export {x} from`: walk
 * the identifiers, commas and braces of the clause up to "from" and its
 * string. Gives up (leaving the position where it stopped) on anything else,
 * such as the ';' of `export {x};`.
 */
static void read_from_clause(struct lexer *lx)
{
	while (lx->i < lx->len) {
		unsigned char c;

		skip_space(lx);
		if (lx->i >= lx->len)
			return;
		c = (unsigned char)lx->s[lx->i];
		if (next_is_word(lx, "from")) {
			lx->i += 4;
			skip_space(lx);
			if (at_quote(lx))
				add_spec(lx, read_string(lx), false);
			lx->prev = P_VALUE;
			return;
		}
		if (c == '{' || c == '}' || c == ',' || c == '*') {
			lx->i++;
		} else if (c == '"' || c == '\'') {
			free(read_string(lx)); /* import {"a-b" as c} */
		} else if (is_ident(c)) {
			while (lx->i < lx->len && is_ident((unsigned char)lx->s[lx->i]))
				lx->i++;
		} else {
			lx->prev = P_PUNCT;
			return;
		}
	}
}

/* Just after the word "import" (not a property: prev was not '.'). */
static void read_import(struct lexer *lx)
{
	skip_space(lx);
	if (lx->i >= lx->len)
		return;
	if (lx->s[lx->i] == '(') {
		lx->i++;
		skip_space(lx);
		if (at_quote(lx)) {
			char *spec = read_string(lx);

			skip_space(lx);
			/* import("a" + x) is not a fixed module */
			if (lx->i < lx->len && (lx->s[lx->i] == ')' || lx->s[lx->i] == ','))
				add_spec(lx, spec, true);
			else
				free(spec);
			lx->prev = P_VALUE;
		} else {
			lx->prev = P_PUNCT;
		}
		return;
	}
	if (lx->s[lx->i] == '.') {
		lx->prev = P_VALUE; /* import.meta */
		return;
	}
	if (lx->depth != 0 || lx->ntpl != 0) {
		lx->prev = P_VALUE;
		return;
	}
	if (at_quote(lx)) {
		add_spec(lx, read_string(lx), false);
		lx->prev = P_VALUE;
		return;
	}
	read_from_clause(lx);
}

static void read_export(struct lexer *lx)
{
	skip_space(lx);
	if (lx->depth != 0 || lx->ntpl != 0 || lx->i >= lx->len ||
	    (lx->s[lx->i] != '{' && lx->s[lx->i] != '*')) {
		lx->prev = P_PUNCT; /* export default /re/ ... */
		return;
	}
	read_from_clause(lx);
}

/* Words after which a '/' starts a regular expression. */
static bool is_keyword_before_expr(const char *w, size_t n)
{
	static const char *const words[] = {
		"return", "typeof", "case", "do", "else", "in", "of", "new",
		"delete", "void", "throw", "instanceof", "yield", "await", NULL
	};
	for (int k = 0; words[k]; k++)
		if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
			return true;
	return false;
}

struct import_spec *imports_scan(const char *js, size_t len, size_t *n)
{
	struct lexer lx = { .s = js, .len = len };

	while (lx.i < lx.len) {
		unsigned char c;

		skip_space(&lx);
		if (lx.i >= lx.len)
			break;
		c = (unsigned char)js[lx.i];
		if (c == '"' || c == '\'') {
			free(read_string(&lx));
			lx.prev = P_VALUE;
		} else if (c == '`') {
			lx.i++;
			skip_template(&lx);
		} else if (c == '/') {
			if (lx.prev == P_VALUE) {
				lx.i++;
				lx.prev = P_PUNCT;
			} else {
				skip_regex(&lx);
			}
		} else if (is_ident(c)) {
			size_t start = lx.i;
			bool property = lx.prev == P_DOT;

			while (lx.i < lx.len && is_ident((unsigned char)js[lx.i]))
				lx.i++;
			if (property)
				lx.prev = P_VALUE;
			else if (lx.i - start == 6 && memcmp(js + start, "import", 6) == 0)
				read_import(&lx);
			else if (lx.i - start == 6 && memcmp(js + start, "export", 6) == 0)
				read_export(&lx);
			else if (is_keyword_before_expr(js + start, lx.i - start))
				lx.prev = P_PUNCT;
			else
				lx.prev = P_VALUE;
		} else {
			lx.i++;
			lx.prev = P_PUNCT;
			if (c == '.' && !(lx.i < lx.len && js[lx.i] == '.')) {
				lx.prev = P_DOT;
			} else if (c == ')' || c == ']') {
				lx.prev = P_VALUE;
			} else if (c == '{') {
				lx.depth++;
			} else if (c == '}') {
				if (lx.ntpl && lx.tpl[lx.ntpl - 1] == lx.depth - 1) {
					lx.ntpl--;
					lx.depth--;
					skip_template(&lx);
				} else if (lx.depth > 0) {
					lx.depth--;
				}
			}
		}
	}
	free(lx.tpl);
	*n = lx.nspecs;
	return lx.specs;
}

void imports_free(struct import_spec *specs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(specs[i].spec);
	free(specs);
}

char *imports_resolve(const char *from, const char *spec)
{
	struct buf path = BUF_INIT;
	size_t n = strcspn(spec, "?#");
	const char *slash;

	if (spec[0] == '/' && spec[1] != '/') {
		/* root-relative: nothing of from */
	} else if (has_prefix(spec, "./") || has_prefix(spec, "../")) {
		slash = strrchr(from, '/');
		if (slash)
			buf_add(&path, from, (size_t)(slash - from) + 1);
	} else {
		return NULL;
	}
	/* Append spec, decoding %XX, then fold "." and ".." segments. */
	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (spec[i] == '%' && i + 2 < n && (hi = hex_digit(spec[i + 1])) >= 0 &&
		    (lo = hex_digit(spec[i + 2])) >= 0 && (hi || lo)) {
			buf_addc(&path, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(&path, spec[i]);
		}
	}

	struct buf out = BUF_INIT;
	char *p = path.data ? path.data : "";
	bool ok = true;

	while (*p) {
		size_t seg = strcspn(p, "/");

		if (seg == 0 || (seg == 1 && p[0] == '.')) {
			/* empty or "." */
		} else if (seg == 2 && p[0] == '.' && p[1] == '.') {
			char *last;

			if (out.len == 0) {
				ok = false;
				break;
			}
			last = strrchr(out.data, '/');
			out.len = last ? (size_t)(last - out.data) : 0;
			out.data[out.len] = '\0';
		} else {
			if (out.len)
				buf_addc(&out, '/');
			buf_add(&out, p, seg);
		}
		p += seg;
		if (*p == '/')
			p++;
	}
	buf_release(&path);
	if (!ok || out.len == 0) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}
