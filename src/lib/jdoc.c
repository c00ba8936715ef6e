/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "util.h"

/* Nodes come from blocks of this many, so that a node's address holds
 * while the tree grows. */
#define BLOCK_NODES 4096

struct block {
	struct block *next;
	size_t used;
	struct jnode v[BLOCK_NODES];
};

struct jdoc {
	char *text;
	struct block *blocks;
	const struct jnode *root;
};

struct parser {
	struct jdoc *doc;
	char *p, *end;
	const char *why;
};

static struct jnode *node_new(struct parser *ps, enum jtype type)
{
	struct block *b = ps->doc->blocks;
	struct jnode *n;

	if (!b || b->used == BLOCK_NODES) {
		b = xcalloc(1, sizeof(*b));
		b->next = ps->doc->blocks;
		ps->doc->blocks = b;
	}
	n = &b->v[b->used++];
	n->type = type;
	return n;
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
				   *ps->p == '\r'))
		ps->p++;
}

static int fail(struct parser *ps, const char *why)
{
	if (!ps->why)
		ps->why = why;
	return -1;
}

static int hex4(const char *s, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;

		if (d == 16)
			return -1;
		*out = *out << 4 | d;
	}
	return 0;
}

static char *put_utf8(char *w, unsigned c)
{
	if (c < 0x80) {
		*w++ = (char)c;
	} else if (c < 0x800) {
		*w++ = (char)(0xc0 | c >> 6);
		*w++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*w++ = (char)(0xe0 | c >> 12);
		*w++ = (char)(0x80 | (c >> 6 & 0x3f));
		*w++ = (char)(0x80 | (c & 0x3f));
	} else {
		*w++ = (char)(0xf0 | c >> 18);
		*w++ = (char)(0x80 | (c >> 12 & 0x3f));
		*w++ = (char)(0x80 | (c >> 6 & 0x3f));
		*w++ = (char)(0x80 | (c & 0x3f));
	}
	return w;
}

/* The length of the UTF-8 sequence at s (at most left bytes), or 0 when it
 * is not one: overlong forms, surrogates and values past U+10FFFF are not
 * (RFC 3629). */
static size_t utf8_length(const unsigned char *s, size_t left)
{
	unsigned c = s[0], cp;
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;

	if (!n || n > left || c > 0xf4)
		return 0;
	cp = c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
		return 0;
	return n;
}

/* A string at ps->p (its opening quote), decoded in place: the decoded
 * bytes are never more than the escapes they come from, and the NUL goes
 * where the closing quote was or before. */
static int string(struct parser *ps, const char **out, size_t *len)
{
	char *r = ++ps->p, *w, *start = r;

	/* Most strings are plain ASCII to their end, which stays in place. */
	while (r < ps->end && (unsigned char)*r >= 0x20 && (unsigned char)*r < 0x80 &&
	       *r != '"' && *r != '\\')
		r++;
	w = r;
	for (;;) {
		unsigned char c;

		if (r >= ps->end)
			return fail(ps, "an unterminated string");
		c = (unsigned char)*r;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(ps, "a control character in a string");
		if (c >= 0x80) {
			size_t n = utf8_length((const unsigned char *)r, (size_t)(ps->end - r));

			if (!n)
				return fail(ps, "a string that is not UTF-8");
			memmove(w, r, n);
			w += n;
			r += n;
			continue;
		}
		if (c != '\\') {
			*w++ = *r++;
			continue;
		}
		if (r + 1 >= ps->end)
			return fail(ps, "an unterminated string");
		switch (r[1]) {
		case '"': case '\\': case '/': *w++ = r[1]; r += 2; continue;
		case 'b': *w++ = '\b'; r += 2; continue;
		case 'f': *w++ = '\f'; r += 2; continue;
		case 'n': *w++ = '\n'; r += 2; continue;
		case 'r': *w++ = '\r'; r += 2; continue;
		case 't': *w++ = '\t'; r += 2; continue;
		case 'u': break;
		default: return fail(ps, "a bad escape in a string");
		}
		{
			unsigned cp, lo;

			if (ps->end - r < 6 || hex4(r + 2, &cp) < 0)
				return fail(ps, "a bad \\u escape");
			r += 6;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (ps->end - r < 6 || r[0] != '\\' || r[1] != 'u' ||
				    hex4(r + 2, &lo) < 0 || lo < 0xdc00 || lo >= 0xe000)
					return fail(ps, "a lone surrogate");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				r += 6;
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				return fail(ps, "a lone surrogate");
			} else if (cp == 0) {
				/* As jansson: a C string cannot hold it. */
				return fail(ps, "a NUL in a string");
			}
			w = put_utf8(w, cp);
		}
	}
	*w = '\0';
	*out = start;
	*len = (size_t)(w - start);
	ps->p = r + 1;
	return 0;
}

/* A number with no fraction and no exponent. */
static bool is_integer(const struct jnode *n)
{
	return n && n->type == JNUMBER && !memchr(n->str, '.', n->len) &&
	       !memchr(n->str, 'e', n->len) && !memchr(n->str, 'E', n->len);
}

static int number(struct parser *ps, struct jnode *n)
{
	char *s = ps->p;

	if (s < ps->end && *s == '-')
		s++;
	if (s >= ps->end || *s < '0' || *s > '9')
		return fail(ps, "a bad number");
	if (*s == '0')
		s++;
	else
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	if (s < ps->end && *s == '.') {
		if (++s >= ps->end || *s < '0' || *s > '9')
			return fail(ps, "a bad number");
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < ps->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < ps->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			return fail(ps, "a bad number");
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	n->str = ps->p;
	n->len = (size_t)(s - ps->p);
	ps->p = s;
	/* As jansson: an integer past 64 bits, or a number past a double's
	 * range, is refused rather than read as something else. */
	{
		int64_t i;
		double d;

		if (jnode_int(n, &i) || (is_integer(n) ? false : jnode_number(n, &d) && isfinite(d)))
			return 0;
		return fail(ps, "a number out of range");
	}
}

static int literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "an unexpected character");
	ps->p += n;
	return 0;
}

static int value(struct parser *ps, struct jnode **out, int depth);

/* The members of an array or object, after its opening bracket. */
static int members(struct parser *ps, struct jnode *n, char close, int depth)
{
	const struct jnode **tail = &n->child;

	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		const char *key = NULL;
		size_t klen;
		struct jnode *m;

		skip_space(ps);
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "an object key that is no string");
			if (string(ps, &key, &klen) < 0)
				return -1;
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				return fail(ps, "a key without ':'");
		}
		if (value(ps, &m, depth + 1) < 0)
			return -1;
		m->key = key;
		*tail = m;
		tail = &m->next;
		n->count++;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return 0;
		}
		return fail(ps, close == '}' ? "an object not closed" : "an array not closed");
	}
}

static int value(struct parser *ps, struct jnode **out, int depth)
{
	struct jnode *n;

	skip_space(ps);
	if (ps->p >= ps->end)
		return fail(ps, "an unexpected end");
	switch (*ps->p) {
	case '{':
	case '[':
		/* depth counts the arrays and objects around this one. */
		if (depth >= JDOC_MAX_DEPTH)
			return fail(ps, "nesting too deep");
		n = node_new(ps, *ps->p == '{' ? JOBJECT : JARRAY);
		ps->p++;
		*out = n;
		return members(ps, n, n->type == JOBJECT ? '}' : ']', depth);
	case '"':
		n = node_new(ps, JSTRING);
		*out = n;
		return string(ps, &n->str, &n->len);
	case 't':
		*out = node_new(ps, JTRUE);
		return literal(ps, "true");
	case 'f':
		*out = node_new(ps, JFALSE);
		return literal(ps, "false");
	case 'n':
		*out = node_new(ps, JNULL);
		return literal(ps, "null");
	default:
		n = node_new(ps, JNUMBER);
		*out = n;
		return number(ps, n);
	}
}

struct jdoc *jdoc_parse(char *text, size_t len, const char **why)
{
	struct jdoc *d = xcalloc(1, sizeof(*d));
	struct parser ps = { d, text, text + len, NULL };
	struct jnode *root = NULL;

	d->text = text;
	if (value(&ps, &root, 0) == 0) {
		skip_space(&ps);
		if (ps.p != ps.end)
			fail(&ps, "text after the document");
	}
	if (ps.why) {
		*why = ps.why;
		jdoc_free(d);
		return NULL;
	}
	d->root = root;
	return d;
}

void jdoc_free(struct jdoc *d)
{
	if (!d)
		return;
	while (d->blocks) {
		struct block *b = d->blocks;

		d->blocks = b->next;
		free(b);
	}
	free(d->text);
	free(d);
}

const struct jnode *jdoc_root(const struct jdoc *d)
{
	return d->root;
}

const struct jnode *jnode_get(const struct jnode *obj, const char *key)
{
	if (!obj || obj->type != JOBJECT)
		return NULL;
	for (const struct jnode *m = obj->child; m; m = m->next)
		if (m->key[0] == key[0] && strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

const char *jnode_string(const struct jnode *n)
{
	return n && n->type == JSTRING ? n->str : NULL;
}

bool jnode_is(const struct jnode *n, enum jtype type)
{
	return n && n->type == type;
}

bool jnode_int(const struct jnode *n, int64_t *v)
{
	char buf[32], *end;
	long long x;

	if (!is_integer(n) || n->len >= sizeof(buf))
		return false;
	memcpy(buf, n->str, n->len);
	buf[n->len] = '\0';
	errno = 0;
	x = strtoll(buf, &end, 10);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

bool jnode_number(const struct jnode *n, double *v)
{
	char *text, *end;
	bool ok;

	if (!n || n->type != JNUMBER)
		return false;
	/* The text is not NUL-terminated in the document. */
	text = xstrndup(n->str, n->len);
	*v = strtod(text, &end);
	ok = *end == '\0';
	free(text);
	return ok;
}
