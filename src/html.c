/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "buf.h"
#include "entities.h"
#include "refs.h"
#include "util.h"

/*
 * gumbo builds the tree as browsers do (unclosed comments, CDATA in SVG,
 * <template> contents, <noscript>, foster parenting), and its attributes
 * point back into our bytes. A rewrite needs more than gumbo's decoded value,
 * though: the byte span of every URL as written, also inside a srcset list
 * or a style attribute. So the raw value is decoded again here, keeping a
 * map from each decoded byte to the raw byte it came from.
 */

struct html {
	const char *data;
	size_t len;
	struct ref_list list;
	bool have_base;
};

/* Windows-1252 for numeric references to 0x80-0x9F (HTML 13.2.5.80). */
static const uint16_t c1_table[32] = {
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
};

static bool is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* HTML white space. The input stream turns CR and CR LF into LF before
 * tokenizing (HTML 13.2.3.5), as gumbo does; counting CR as white space
 * wherever the raw bytes are read again gives the same tokens while
 * spans stay offsets into the original bytes. */
static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static void add_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

/* A numeric character reference at raw[i] ("&#..."); returns the bytes it
 * takes, or 0 when there are no digits (then it is plain text). */
static size_t numeric_ref(const char *raw, size_t n, size_t i, struct buf *out)
{
	size_t j = i + 2;
	bool hex = j < n && (raw[j] == 'x' || raw[j] == 'X');
	uint32_t cp = 0;
	size_t digits = 0;

	if (hex)
		j++;
	for (; j < n; j++, digits++) {
		int c = (unsigned char)raw[j], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (cp <= 0x10ffff)
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0)
		return 0;
	if (j < n && raw[j] == ';')
		j++;
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	else if (cp >= 0x80 && cp <= 0x9f)
		cp = c1_table[cp - 0x80];
	add_utf8(out, cp);
	return j - i;
}

/* The longest named character reference at raw[i] ("&name;"), as decoded in
 * an attribute value; returns the bytes it takes, or 0 for plain text. */
static size_t named_ref(const char *raw, size_t n, size_t i, struct buf *out)
{
	char name[40];
	size_t k = 0;

	while (k < 32 && i + 1 + k < n && is_alnum((unsigned char)raw[i + 1 + k])) {
		name[k] = raw[i + 1 + k];
		k++;
	}
	for (; k > 0; k--) {
		bool semi = i + 1 + k < n && raw[i + 1 + k] == ';';
		const char *text = NULL;
		size_t after;

		if (semi) {
			name[k] = ';';
			name[k + 1] = '\0';
			text = entity_lookup(name);
		}
		if (text) {
			buf_adds(out, text);
			return k + 2;
		}
		name[k] = '\0';
		text = entity_lookup(name);
		if (!text)
			continue;
		/* Attribute values keep "&copy=1" as written (HTML 13.2.5.73). */
		after = i + 1 + k;
		if (after < n && (raw[after] == '=' || is_alnum((unsigned char)raw[after])))
			return 0;
		buf_adds(out, text);
		return k + 1;
	}
	return 0;
}

/*
 * Decode an attribute value as the tokenizer does: character references,
 * CR LF and CR to LF, NUL to U+FFFD. Returns a new array of out->len + 1
 * entries: the raw offset each decoded byte came from, then n.
 */
static size_t *decode_attr(const char *raw, size_t n, struct buf *out)
{
	size_t *map = NULL, cap = 0, i = 0;

	buf_reset(out);
	while (i < n) {
		size_t before = out->len, took = 1;
		int c = (unsigned char)raw[i];

		if (c == '&' && i + 1 < n && raw[i + 1] == '#')
			took = numeric_ref(raw, n, i, out);
		else if (c == '&')
			took = named_ref(raw, n, i, out);
		if (c == '&' && took == 0) {
			buf_addc(out, '&');
			took = 1;
		} else if (c == '\r') {
			buf_addc(out, '\n');
			if (i + 1 < n && raw[i + 1] == '\n')
				took = 2;
		} else if (c == '\0') {
			add_utf8(out, 0xfffd);
		} else if (c != '&') {
			buf_addc(out, (char)c);
		}
		map = xgrow(map, &cap, out->len + 1, sizeof(*map));
		for (size_t k = before; k < out->len; k++)
			map[k] = i;
		i += took;
	}
	map = xgrow(map, &cap, out->len + 1, sizeof(*map));
	map[out->len] = n;
	if (!out->data)
		buf_adds(out, "");
	return map;
}

static bool in_buf(const struct html *h, const char *p, size_t n)
{
	return p && p >= h->data && n <= h->len && (size_t)(p - h->data) <= h->len - n;
}

/* Add text[s, e) as a ref; text is decoded, map leads to raw offsets. */
static struct ref *add_url(struct html *h, enum ref_kind kind, size_t base,
			   const char *text, const size_t *map, size_t s, size_t e)
{
	struct ref *r;
	size_t q;

	while (s < e && is_space((unsigned char)text[s]))
		s++;
	while (e > s && is_space((unsigned char)text[e - 1]))
		e--;
	if (s == e)
		return NULL;
	for (q = s; q < e && text[q] != '?' && text[q] != '#'; q++)
		;
	r = ref_list_add(&h->list);
	r->kind = kind;
	r->url = xstrndup(text + s, e - s);
	r->start = base + map[s];
	r->end = base + map[e];
	r->suffix = base + map[q];
	return r;
}

/* Each candidate URL of a srcset (HTML 4.8.4.3.10, "parse a srcset
 * attribute"): commas inside a URL stay, descriptors are skipped with their
 * parentheses. */
static void add_srcset(struct html *h, size_t base, const char *text, size_t len,
		       const size_t *map)
{
	size_t pos = 0;

	for (;;) {
		size_t s, e;

		while (pos < len && (is_space((unsigned char)text[pos]) || text[pos] == ','))
			pos++;
		if (pos >= len)
			return;
		s = pos;
		while (pos < len && !is_space((unsigned char)text[pos]))
			pos++;
		e = pos;
		if (text[e - 1] == ',') {
			while (e > s && text[e - 1] == ',')
				e--;
		} else {
			bool paren = false;

			for (; pos < len; pos++) {
				if (paren) {
					paren = text[pos] != ')';
				} else if (text[pos] == '(') {
					paren = true;
				} else if (text[pos] == ',') {
					pos++;
					break;
				}
			}
		}
		add_url(h, REF_IMAGE, base, text, map, s, e);
	}
}

/* The lowercase tag name of an element into name (at most n bytes). */
static void tag_name(const GumboElement *el, char *name, size_t n)
{
	GumboStringPiece t = el->original_tag;
	size_t k;

	if (el->tag != GUMBO_TAG_UNKNOWN) {
		snprintf(name, n, "%s", gumbo_normalized_tagname(el->tag));
		return;
	}
	name[0] = '\0';
	if (!t.data || t.length == 0)
		return;
	gumbo_tag_from_original_text(&t);
	for (k = 0; k < t.length && k + 1 < n; k++)
		name[k] = (char)((t.data[k] >= 'A' && t.data[k] <= 'Z') ? t.data[k] + 32 : t.data[k]);
	name[k] = '\0';
}

static bool is_html(const GumboElement *el, GumboTag tag)
{
	return el->tag == tag && el->tag_namespace == GUMBO_NAMESPACE_HTML;
}

static const GumboAttribute *find_attr(const GumboElement *el, const char *name)
{
	for (unsigned i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *a = el->attributes.data[i];

		if (strcasecmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

/* True when the space-separated list value holds token (any case). */
static bool has_token(const char *value, const char *token)
{
	size_t tl = strlen(token);

	for (const char *p = value; *p;) {
		size_t n;

		while (*p && is_space((unsigned char)*p))
			p++;
		n = strcspn(p, " \t\n\f\r");
		if (n == tl && strncasecmp(p, token, n) == 0)
			return true;
		p += n;
	}
	return false;
}

/* What a URL attribute of an element means, or -1 when it holds no URL. */
static int attr_kind(const GumboNode *node, const char *tag, const char *attr)
{
	const GumboElement *el = &node->v.element;
	bool svg = el->tag_namespace == GUMBO_NAMESPACE_SVG;

	if (strcmp(attr, "href") == 0) {
		const GumboAttribute *rel = find_attr(el, "rel");

		if (svg)
			return strcmp(tag, "image") == 0 || strcmp(tag, "feimage") == 0 ?
				       REF_IMAGE : REF_LINK;
		if (is_html(el, GUMBO_TAG_BASE))
			return REF_BASE;
		if (is_html(el, GUMBO_TAG_LINK) && rel && has_token(rel->value, "stylesheet"))
			return REF_STYLESHEET;
		if (is_html(el, GUMBO_TAG_LINK) && rel && has_token(rel->value, "modulepreload"))
			return REF_MODULEPRELOAD;
		return REF_LINK;
	}
	if (strcmp(attr, "src") == 0) {
		const GumboNode *parent = node->parent;
		char ptag[16];

		if (is_html(el, GUMBO_TAG_SCRIPT))
			return REF_SCRIPT;
		if (is_html(el, GUMBO_TAG_INPUT))
			return REF_IMAGE;
		if (!is_html(el, GUMBO_TAG_IMG))
			return REF_LINK;
		/* Lazy loaders fill in src from data-src later, and <source>
		 * elements would win over what they set. */
		if (find_attr(el, "srcset") || find_attr(el, "data-src") || find_attr(el, "data-srcset"))
			return REF_IMAGE;
		ptag[0] = '\0';
		if (parent && parent->type == GUMBO_NODE_ELEMENT &&
		    parent->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
			tag_name(&parent->v.element, ptag, sizeof(ptag));
		return strcmp(ptag, "picture") == 0 ? REF_IMAGE : REF_IMG;
	}
	if (strcmp(attr, "poster") == 0 && is_html(el, GUMBO_TAG_VIDEO))
		return REF_IMAGE;
	if (strcmp(attr, "data-src") == 0)
		return is_html(el, GUMBO_TAG_IMG) || is_html(el, GUMBO_TAG_SOURCE) ? REF_IMAGE
										 : REF_LINK;
	if (strcmp(attr, "data") == 0 && is_html(el, GUMBO_TAG_OBJECT))
		return REF_LINK;
	return -1;
}

/*
 * The raw value of an attribute, without its quotes, into *raw and *n;
 * false when it has none. gumbo's original_value is wrong for an unquoted
 * value that starts with a character reference ("href=&#47;x" gives "x"),
 * so the value is found again after the name, as the tokenizer does.
 */
static bool attr_raw(const struct html *h, const GumboAttribute *a, const char **raw, size_t *n)
{
	const char *p = a->original_name.data, *end = h->data + h->len, *q;

	if (a->original_name.length == 0 || !in_buf(h, p, a->original_name.length))
		return false;
	p += a->original_name.length;
	while (p < end && is_space((unsigned char)*p))
		p++;
	if (p == end || *p != '=')
		return false;
	p++;
	while (p < end && is_space((unsigned char)*p))
		p++;
	if (p == end)
		return false;
	if (*p == '"' || *p == '\'') {
		q = memchr(p + 1, *p, (size_t)(end - p - 1));
		if (!q)
			return false;
		*raw = p + 1;
	} else {
		for (q = p; q < end && !is_space((unsigned char)*q) && *q != '>'; q++)
			;
		*raw = p;
	}
	*n = (size_t)(q - *raw);
	return true;
}

static void element_attrs(struct html *h, const GumboNode *node, struct buf *text)
{
	const GumboElement *el = &node->v.element;
	char tag[32];

	tag_name(el, tag, sizeof(tag));
	for (unsigned i = 0; i < el->attributes.length; i++) {
		const GumboAttribute *a = el->attributes.data[i];
		const char *raw;
		size_t n, base;
		/* data-src and data-srcset: what lazy loaders copy into src
		 * and srcset, so they must follow the files they name. */
		bool srcset = strcmp(a->name, "srcset") == 0 || strcmp(a->name, "data-srcset") == 0 ||
			      (strcmp(a->name, "imagesrcset") == 0 && is_html(el, GUMBO_TAG_LINK));
		bool style = strcmp(a->name, "style") == 0;
		int kind = srcset || style ? -1 : attr_kind(node, tag, a->name);
		size_t *map;
		struct ref *r;

		if ((!srcset && !style && kind < 0) || a->value[0] == '\0' || !attr_raw(h, a, &raw, &n))
			continue;
		base = (size_t)(raw - h->data);
		if (kind == REF_BASE && h->have_base)
			continue;
		map = decode_attr(raw, n, text);
		if (srcset) {
			add_srcset(h, base, text->data, text->len, map);
		} else if (style) {
			css_scan(&h->list, text->data, text->len, base, map, REF_STYLE_URL);
		} else {
			r = add_url(h, (enum ref_kind)kind, base, text->data, map, 0, text->len);
			if (r && kind == REF_BASE)
				h->have_base = true;
			if (r && kind == REF_IMG && in_buf(h, el->original_tag.data, el->original_tag.length)) {
				r->element = (size_t)(el->original_tag.data - h->data);
				r->element_end = r->element + el->original_tag.length;
			} else if (r && kind == REF_IMG) {
				/* No tag to replace: keep it a plain image reference. */
				r->kind = REF_IMAGE;
			}
		}
		free(map);
	}
}

/* The stylesheet inside <style>: raw text in HTML, parsed text (with
 * character references, or CDATA) inside SVG. */
static void style_text(struct html *h, const GumboNode *node, struct buf *text)
{
	const GumboElement *el = &node->v.element;

	for (unsigned i = 0; i < el->children.length; i++) {
		const GumboNode *c = el->children.data[i];
		const char *raw = c->v.text.original_text.data;
		size_t n = c->v.text.original_text.length;

		if (c->type != GUMBO_NODE_TEXT && c->type != GUMBO_NODE_WHITESPACE &&
		    c->type != GUMBO_NODE_CDATA)
			continue;
		if (!in_buf(h, raw, n))
			continue;
		if (c->type == GUMBO_NODE_CDATA) {
			if (n >= 9 && memcmp(raw, "<![CDATA[", 9) == 0) {
				raw += 9;
				n -= 9;
			}
			if (n >= 3 && memcmp(raw + n - 3, "]]>", 3) == 0)
				n -= 3;
			css_scan(&h->list, raw, n, (size_t)(raw - h->data), NULL, REF_STYLE_URL);
		} else if (el->tag_namespace == GUMBO_NAMESPACE_HTML) {
			css_scan(&h->list, raw, n, (size_t)(raw - h->data), NULL, REF_STYLE_URL);
		} else {
			size_t *map = decode_attr(raw, n, text);

			css_scan(&h->list, text->data, text->len, (size_t)(raw - h->data), map,
				 REF_STYLE_URL);
			free(map);
		}
	}
}

static bool is_element(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

static const GumboVector *children(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	if (is_element(n))
		return &n->v.element.children;
	return NULL;
}

/* Pre-order, without recursion: documents can nest deeper than a stack. */
static const GumboNode *next_node(const GumboNode *n)
{
	const GumboVector *kids = children(n);

	if (kids && kids->length > 0)
		return kids->data[0];
	while (n->parent) {
		const GumboVector *sib = children(n->parent);
		size_t next = n->index_within_parent + 1;

		if (sib && next < sib->length)
			return sib->data[next];
		n = n->parent;
	}
	return NULL;
}

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Sort by position and drop copies: the adoption agency clones formatting
 * elements (<a>, <b>...) with their attributes, so one <a href> can appear
 * in the tree twice. */
static void sort_unique(struct ref_list *l)
{
	size_t j = 0;

	if (l->n == 0)
		return;
	sort_array(l->v, l->n, sizeof(*l->v), ref_cmp);
	for (size_t i = 1; i < l->n; i++) {
		if (l->v[i].start == l->v[j].start && l->v[i].end == l->v[j].end) {
			free(l->v[i].url);
			continue;
		}
		l->v[++j] = l->v[i];
	}
	l->n = j + 1;
}

int html_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs)
{
	struct html h = { data, len, { NULL, 0, 0 }, false };
	GumboOptions opts = kGumboDefaultOptions;
	struct buf text = BUF_INIT;
	GumboOutput *out;

	*refs = NULL;
	*nrefs = 0;
	/* gumbo keeps offsets in unsigned ints. */
	if (len >= UINT_MAX / 2)
		return -1;
	opts.max_errors = 0;
	out = gumbo_parse_with_options(&opts, data ? data : "", len);
	if (!out)
		return -1;
	for (const GumboNode *n = out->document; n; n = next_node(n)) {
		if (!is_element(n))
			continue;
		element_attrs(&h, n, &text);
		if (n->v.element.tag == GUMBO_TAG_STYLE)
			style_text(&h, n, &text);
	}
	gumbo_destroy_output(&opts, out);
	buf_release(&text);
	sort_unique(&h.list);
	*refs = h.list.v;
	*nrefs = h.list.n;
	return 0;
}
