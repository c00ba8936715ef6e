/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "refs.h"
#include "util.h"

/*
 * A tokenizer after CSS Syntax Level 3, section 4, reduced to what finding
 * URLs needs: comments, strings, escapes, identifiers, functions, numbers
 * and url tokens are consumed as the spec says, so "a\75rl(x)", "#url(x)",
 * "1url(x)" or a url( inside a comment or string are read as browsers read
 * them. Every other code point is a one-character token. Regular
 * expressions get exactly these cases wrong.
 */

struct lexer {
	const char *s;
	size_t len, i;
};

/* A decoded URL and where it was written. */
struct found {
	struct buf text;
	size_t start, end;   /* raw span in the text being scanned */
	size_t suffix;       /* raw position of the first '?' or '#', or end */
	bool has_suffix;
};

static int peek(const struct lexer *lx, size_t k)
{
	return lx->i + k < lx->len ? (unsigned char)lx->s[lx->i + k] : -1;
}

static bool is_newline(int c)
{
	return c == '\n' || c == '\r' || c == '\f';
}

static bool is_space(int c)
{
	return is_newline(c) || c == ' ' || c == '\t';
}

static bool is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(int c)
{
	return is_ident_start(c) || is_digit(c) || c == '-';
}

static bool valid_escape(int c1, int c2)
{
	return c1 == '\\' && !is_newline(c2);
}

static bool starts_ident(const struct lexer *lx, size_t k)
{
	int c1 = peek(lx, k), c2 = peek(lx, k + 1);

	if (c1 == '-')
		return is_ident_start(c2) || c2 == '-' || valid_escape(c2, peek(lx, k + 2));
	if (c1 >= 0 && is_ident_start(c1))
		return true;
	return valid_escape(c1, c2);
}

static bool starts_number(const struct lexer *lx)
{
	int c1 = peek(lx, 0), c2 = peek(lx, 1);

	if (c1 == '+' || c1 == '-')
		return is_digit(c2) || (c2 == '.' && is_digit(peek(lx, 2)));
	if (c1 == '.')
		return is_digit(c2);
	return is_digit(c1);
}

/* Skip one newline, counting "\r\n" as one. */
static void skip_newline(struct lexer *lx)
{
	if (peek(lx, 0) == '\r' && peek(lx, 1) == '\n')
		lx->i++;
	lx->i++;
}

static void add_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/* One input byte into out; NUL reads as U+FFFD (CSS Syntax 3.3). */
static void add_byte(struct buf *out, int c)
{
	if (c == 0)
		add_utf8(out, 0xfffd);
	else
		buf_addc(out, (char)c);
}

/* Consume an escape; lx->i is on the backslash, known to be valid. */
static void consume_escape(struct lexer *lx, struct buf *out)
{
	int c;

	lx->i++;
	c = peek(lx, 0);
	if (c < 0) {
		add_utf8(out, 0xfffd);
		return;
	}
	if (is_hex(c)) {
		uint32_t cp = 0;

		for (int n = 0; n < 6 && is_hex(peek(lx, 0)); n++) {
			c = peek(lx, 0);
			cp = cp * 16 + (uint32_t)(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
			lx->i++;
		}
		if (is_space(peek(lx, 0)))
			skip_newline(lx);
		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			cp = 0xfffd;
		add_utf8(out, cp);
		return;
	}
	add_byte(out, c);
	lx->i++;
}

/* Note where the query or fragment starts: the first '?' or '#' that the
 * decoding produced, at raw position at. */
static void note_suffix(struct found *f, size_t before, size_t at)
{
	if (f->has_suffix)
		return;
	for (size_t k = before; k < f->text.len; k++)
		if (f->text.data[k] == '?' || f->text.data[k] == '#') {
			f->suffix = at;
			f->has_suffix = true;
			return;
		}
}

static void consume_ident(struct lexer *lx, struct buf *out)
{
	for (;;) {
		int c = peek(lx, 0);

		if (c >= 0 && is_ident_char(c)) {
			buf_addc(out, (char)c);
			lx->i++;
		} else if (valid_escape(c, peek(lx, 1))) {
			consume_escape(lx, out);
		} else {
			return;
		}
	}
}

static void skip_comment(struct lexer *lx)
{
	const char *end;

	lx->i += 2;
	end = memmem(lx->s + lx->i, lx->len - lx->i, "*/", 2);
	lx->i = end ? (size_t)(end - lx->s) + 2 : lx->len;
}

/* A string token; lx->i is on the quote. Returns false for a bad string
 * (an unescaped newline), which is no URL. */
static bool consume_string(struct lexer *lx, struct found *f)
{
	int quote = peek(lx, 0);

	lx->i++;
	f->start = lx->i;
	for (;;) {
		int c = peek(lx, 0);
		size_t at = lx->i, before = f->text.len;

		if (c < 0 || c == quote) {
			f->end = lx->i;
			if (c >= 0)
				lx->i++;
			return true;
		}
		if (is_newline(c))
			return false;
		if (c == '\\') {
			if (peek(lx, 1) < 0) {
				lx->i++;
			} else if (is_newline(peek(lx, 1))) {
				lx->i++;
				skip_newline(lx);
			} else {
				consume_escape(lx, &f->text);
			}
		} else {
			add_byte(&f->text, c);
			lx->i++;
		}
		note_suffix(f, before, at);
	}
}

static bool non_printable(int c)
{
	return (c >= 0 && c <= 8) || c == 0x0b || (c >= 0x0e && c <= 0x1f) || c == 0x7f;
}

/* The rest of a bad url token, up to and including ')'. */
static void consume_bad_url(struct lexer *lx)
{
	struct buf junk = BUF_INIT;

	for (;;) {
		int c = peek(lx, 0);

		if (c < 0)
			break;
		if (valid_escape(c, peek(lx, 1))) {
			consume_escape(lx, &junk);
			buf_reset(&junk);
			continue;
		}
		lx->i++;
		if (c == ')')
			break;
	}
	buf_release(&junk);
}

/* A url token; lx->i is just past "url(". Returns false for a bad url. */
static bool consume_url(struct lexer *lx, struct found *f)
{
	while (is_space(peek(lx, 0)))
		lx->i++;
	f->start = lx->i;
	for (;;) {
		int c = peek(lx, 0);
		size_t at = lx->i, before = f->text.len;

		if (c < 0 || c == ')') {
			f->end = lx->i;
			if (c >= 0)
				lx->i++;
			return true;
		}
		if (is_space(c)) {
			f->end = lx->i;
			while (is_space(peek(lx, 0)))
				lx->i++;
			if (peek(lx, 0) < 0 || peek(lx, 0) == ')') {
				if (peek(lx, 0) >= 0)
					lx->i++;
				return true;
			}
			consume_bad_url(lx);
			return false;
		}
		if (c == '"' || c == '\'' || c == '(' || non_printable(c)) {
			consume_bad_url(lx);
			return false;
		}
		if (c == '\\') {
			if (!valid_escape(c, peek(lx, 1))) {
				consume_bad_url(lx);
				return false;
			}
			consume_escape(lx, &f->text);
		} else {
			add_byte(&f->text, c);
			lx->i++;
		}
		note_suffix(f, before, at);
	}
}

static void consume_number(struct lexer *lx)
{
	if (peek(lx, 0) == '+' || peek(lx, 0) == '-')
		lx->i++;
	while (is_digit(peek(lx, 0)))
		lx->i++;
	if (peek(lx, 0) == '.' && is_digit(peek(lx, 1))) {
		lx->i++;
		while (is_digit(peek(lx, 0)))
			lx->i++;
	}
	if ((peek(lx, 0) | 0x20) == 'e' &&
	    (is_digit(peek(lx, 1)) ||
	     ((peek(lx, 1) == '+' || peek(lx, 1) == '-') && is_digit(peek(lx, 2))))) {
		lx->i += 2;
		while (is_digit(peek(lx, 0)))
			lx->i++;
	}
	if (starts_ident(lx, 0)) {
		struct buf unit = BUF_INIT;

		consume_ident(lx, &unit);
		buf_release(&unit);
	} else if (peek(lx, 0) == '%') {
		lx->i++;
	}
}

struct ref *ref_list_add(struct ref_list *list)
{
	struct ref *r;

	list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof(*list->v));
	r = &list->v[list->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

struct scan {
	struct ref_list *list;
	const char *text;
	size_t base;
	const size_t *map;
};

static size_t raw_pos(const struct scan *sc, size_t i)
{
	return sc->base + (sc->map ? sc->map[i] : i);
}

/* Add a found URL as a ref, trimming whitespace written around it. */
static void emit(const struct scan *sc, struct found *f, enum ref_kind kind)
{
	const char *t = f->text.data ? f->text.data : "";
	size_t n = f->text.len, lead = 0;
	struct ref *r;

	if (!f->has_suffix)
		f->suffix = f->end;
	while (lead < n && f->start < f->suffix && is_space((unsigned char)t[lead]) &&
	       sc->text[f->start] == t[lead]) {
		lead++;
		f->start++;
	}
	while (n > lead && f->end > f->start && f->suffix == f->end &&
	       is_space((unsigned char)t[n - 1]) && sc->text[f->end - 1] == t[n - 1]) {
		n--;
		f->end--;
		f->suffix = f->end;
	}
	if (n == lead)
		return;
	r = ref_list_add(sc->list);
	r->kind = kind;
	r->url = xstrndup(t + lead, n - lead);
	r->start = raw_pos(sc, f->start);
	r->end = raw_pos(sc, f->end);
	r->suffix = raw_pos(sc, f->suffix);
}

static bool name_is(const struct buf *b, const char *name)
{
	return b->data && strcasecmp(b->data, name) == 0;
}

/* What a parenthesis level is: image-set() lists URL strings; url() and
 * src() take one as their first argument. */
enum paren { PAREN_OTHER, PAREN_IMAGE_SET, PAREN_URL };

#define MAX_DEPTH 64

void css_scan(struct ref_list *list, const char *text, size_t len, size_t base,
	      const size_t *map, enum ref_kind url_kind)
{
	struct scan sc = { list, text, base, map };
	struct lexer lx = { text, len, 0 };
	enum paren stack[MAX_DEPTH];
	size_t depth = 0;      /* may exceed MAX_DEPTH; deeper levels are OTHER */
	bool import = false;   /* just after @import */
	bool first = false;    /* no token yet inside the innermost paren */

	while (lx.i < len) {
		int c = peek(&lx, 0);
		enum paren top = depth && depth <= MAX_DEPTH ? stack[depth - 1] : PAREN_OTHER;
		bool was_first = first, was_import = import;

		if (is_space(c)) {
			lx.i++;
			continue;
		}
		if (c == '/' && peek(&lx, 1) == '*') {
			skip_comment(&lx);
			continue;
		}
		first = false;
		import = false;
		if (c == '"' || c == '\'') {
			struct found f = { BUF_INIT, 0, 0, 0, false };

			if (consume_string(&lx, &f)) {
				if (was_import)
					emit(&sc, &f, REF_CSS_IMPORT);
				else if (top == PAREN_IMAGE_SET || (top == PAREN_URL && was_first))
					emit(&sc, &f, url_kind);
			}
			buf_release(&f.text);
		} else if (starts_number(&lx)) {
			consume_number(&lx);
		} else if (starts_ident(&lx, 0)) {
			struct buf name = BUF_INIT;

			consume_ident(&lx, &name);
			if (peek(&lx, 0) == '(') {
				size_t j = ++lx.i;
				enum paren kind = PAREN_OTHER;

				while (j < len && is_space((unsigned char)text[j]))
					j++;
				if (name_is(&name, "url") && (j == len || (text[j] != '"' && text[j] != '\''))) {
					struct found f = { BUF_INIT, 0, 0, 0, false };

					if (consume_url(&lx, &f))
						emit(&sc, &f, was_import ? REF_CSS_IMPORT : url_kind);
					buf_release(&f.text);
					buf_release(&name);
					continue;
				}
				if (name_is(&name, "url") || name_is(&name, "src"))
					kind = PAREN_URL;
				else if (name_is(&name, "image-set") ||
					 name_is(&name, "-webkit-image-set"))
					kind = PAREN_IMAGE_SET;
				if (depth < MAX_DEPTH)
					stack[depth] = kind;
				depth++;
				first = true;
				/* @import url("x") is still the import's URL. */
				import = was_import && kind == PAREN_URL;
			}
			buf_release(&name);
		} else if (c == '@' && starts_ident(&lx, 1)) {
			struct buf name = BUF_INIT;

			lx.i++;
			consume_ident(&lx, &name);
			import = name_is(&name, "import");
			buf_release(&name);
		} else if (c == '#' && (is_ident_char(peek(&lx, 1)) ||
					valid_escape(peek(&lx, 1), peek(&lx, 2)))) {
			struct buf name = BUF_INIT;

			lx.i++;
			consume_ident(&lx, &name);
			buf_release(&name);
		} else if (c == '(') {
			if (depth < MAX_DEPTH)
				stack[depth] = PAREN_OTHER;
			depth++;
			lx.i++;
		} else if (c == ')') {
			if (depth)
				depth--;
			lx.i++;
		} else {
			lx.i++;
		}
	}
}

int css_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs)
{
	struct ref_list list = { NULL, 0, 0 };

	css_scan(&list, data, len, 0, NULL, REF_CSS_URL);
	*refs = list.v;
	*nrefs = list.n;
	return 0;
}

const char *ref_kind_name(enum ref_kind kind)
{
	static const char *const names[] = {
		[REF_LINK] = "link", [REF_SCRIPT] = "script",
		[REF_MODULEPRELOAD] = "modulepreload", [REF_STYLESHEET] = "stylesheet",
		[REF_IMG] = "img", [REF_IMAGE] = "image", [REF_STYLE_URL] = "style-url",
		[REF_CSS_URL] = "css-url", [REF_CSS_IMPORT] = "css-import",
		[REF_BASE] = "base", [REF_LINK_TAG] = "link-tag",
	};

	return names[kind];
}

void refs_free(struct ref *refs, size_t nrefs)
{
	for (size_t i = 0; i < nrefs; i++)
		free(refs[i].url);
	free(refs);
}
