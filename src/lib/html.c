/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entities.h"
#include "html.h"
#include "refs.h"
#include "util.h"

/*
 * html_walk() reads the document as a browser's tokenizer does (unclosed
 * comments, CDATA in SVG, raw text, <template> contents) and gives each
 * attribute's value as written. A rewrite needs the byte span of every URL,
 * also inside a srcset list or a style attribute, so the value is decoded
 * here keeping a map from each decoded byte to the raw byte it came from.
 */

struct html {
	const char *data;
	size_t len;
	struct ref_list list;
	struct buf text;   /* scratch for decoded values */
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

bool html_has_token(const char *value, const char *token)
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

static bool is_html(const struct html_element *el, const char *tag)
{
	return el->node.ns == HTML_NS_HTML && strcmp(el->node.name, tag) == 0;
}

/* rel="..." of a <link> holds token. */
static bool rel_has(const struct html *h, const struct html_element *el, const char *token)
{
	const struct html_attr *rel = html_attr_find(el, "rel");
	char *v;
	bool has;

	if (!rel)
		return false;
	v = html_attr_value(h->data, rel);
	has = html_has_token(v, token);
	free(v);
	return has;
}

/* What a URL attribute of an element means, or -1 when it holds no URL. */
static int attr_kind(const struct html *h, const struct html_element *el, const char *attr)
{
	const char *tag = el->node.name;

	if (strcmp(attr, "href") == 0) {
		if (el->node.ns == HTML_NS_SVG)
			return strcmp(tag, "image") == 0 || strcmp(tag, "feimage") == 0 ?
				       REF_IMAGE : REF_LINK;
		if (is_html(el, "base"))
			return REF_BASE;
		if (is_html(el, "link") && rel_has(h, el, "stylesheet"))
			return REF_STYLESHEET;
		if (is_html(el, "link") && rel_has(h, el, "modulepreload"))
			return REF_MODULEPRELOAD;
		return is_html(el, "link") ? REF_LINK_TAG : REF_LINK;
	}
	if (strcmp(attr, "src") == 0) {
		const struct html_node *parent = el->parent;

		if (is_html(el, "script"))
			return REF_SCRIPT;
		if (is_html(el, "input"))
			return REF_IMAGE;
		if (!is_html(el, "img"))
			return REF_LINK;
		/* Lazy loaders fill in src from data-src later, and <source>
		 * elements would win over what they set. */
		if (html_attr_find(el, "srcset") || html_attr_find(el, "data-src") ||
		    html_attr_find(el, "data-srcset"))
			return REF_IMAGE;
		return parent && parent->ns == HTML_NS_HTML && strcmp(parent->name, "picture") == 0 ?
			       REF_IMAGE : REF_IMG;
	}
	if (strcmp(attr, "poster") == 0 && is_html(el, "video"))
		return REF_IMAGE;
	if (strcmp(attr, "data-src") == 0)
		return is_html(el, "img") || is_html(el, "source") ? REF_IMAGE : REF_LINK;
	if (strcmp(attr, "data") == 0 && is_html(el, "object"))
		return REF_LINK;
	return -1;
}

/* Subresource Integrity on the tag of r: the bytes of the file it names
 * are checked against it, so a rewrite that changes them must change it. */
static void note_integrity(struct ref *r, const struct html_attr *a)
{
	if (!a)
		return;
	r->integrity = true;
	r->integrity_start = a->start;
	r->integrity_end = a->end;
}

static void on_element(void *ctx, const struct html_element *el)
{
	struct html *h = ctx;

	for (size_t i = 0; i < el->nattrs; i++) {
		const struct html_attr *a = &el->attrs[i];
		const char *raw = h->data + a->start;
		size_t n = a->end - a->start;
		/* data-src and data-srcset: what lazy loaders copy into src
		 * and srcset, so they must follow the files they name. */
		bool srcset = strcmp(a->name, "srcset") == 0 || strcmp(a->name, "data-srcset") == 0 ||
			      (strcmp(a->name, "imagesrcset") == 0 && is_html(el, "link"));
		bool style = strcmp(a->name, "style") == 0;
		int kind = srcset || style ? -1 : attr_kind(h, el, a->name);
		size_t *map;
		struct ref *r;

		if ((!srcset && !style && kind < 0) || n == 0)
			continue;
		if (kind == REF_BASE && h->have_base)
			continue;
		map = decode_attr(raw, n, &h->text);
		if (srcset) {
			add_srcset(h, a->start, h->text.data, h->text.len, map);
		} else if (style) {
			css_scan(&h->list, h->text.data, h->text.len, a->start, map, REF_STYLE_URL);
		} else {
			r = add_url(h, (enum ref_kind)kind, a->start, h->text.data, map, 0, h->text.len);
			if (r && kind == REF_BASE)
				h->have_base = true;
			if (r && (kind == REF_IMG || kind == REF_STYLESHEET || kind == REF_SCRIPT ||
				  kind == REF_MODULEPRELOAD)) {
				r->element = el->node.start;
				r->element_end = el->end;
			}
			if (r && (kind == REF_STYLESHEET || kind == REF_SCRIPT ||
				  kind == REF_MODULEPRELOAD))
				note_integrity(r, html_attr_find(el, "integrity"));
		}
		free(map);
	}
}

/* The stylesheet inside <style>: raw text in HTML; in SVG and MathML,
 * parsed text (character references apply) and CDATA sections. */
static void on_text(void *ctx, const struct html_node *parent, size_t start, size_t end,
		    enum html_text kind)
{
	struct html *h = ctx;
	const char *raw = h->data + start;
	size_t n = end - start, *map;

	if (!parent || strcmp(parent->name, "style") != 0)
		return;
	if (kind != HTML_TEXT_DATA) {
		css_scan(&h->list, raw, n, start, NULL, REF_STYLE_URL);
		return;
	}
	map = decode_attr(raw, n, &h->text);
	css_scan(&h->list, h->text.data, h->text.len, start, map, REF_STYLE_URL);
	free(map);
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

struct inline_scripts {
	const char *data;
	size_t script; /* start of the last <script> that runs inline, + 1 */
	void (*fn)(void *ctx, const char *text, size_t n);
	void *ctx;
};

bool html_script_runs(const char *type)
{
	static const char *const types[] = { "", "module", "importmap",
		"text/javascript", "application/javascript", "text/ecmascript",
		"application/ecmascript", "application/x-javascript",
		"text/x-javascript", "text/jscript", "text/livescript", NULL };
	size_t n = strlen(type);

	while (n && (type[n - 1] == ' ' || type[n - 1] == '\t'))
		n--;
	while (n && (*type == ' ' || *type == '\t'))
		type++, n--;
	for (const char *const *t = types; *t; t++)
		if (strlen(*t) == n && strncasecmp(type, *t, n) == 0)
			return true;
	return false;
}

static void on_script_element(void *ctx, const struct html_element *el)
{
	struct inline_scripts *s = ctx;
	const struct html_attr *type;
	char *value;

	if (!is_html(el, "script") || html_attr_find(el, "src"))
		return;
	type = html_attr_find(el, "type");
	value = type ? html_attr_value(s->data, type) : xstrdup("");
	if (html_script_runs(value))
		s->script = el->node.start + 1;
	free(value);
}

static void on_script_text(void *ctx, const struct html_node *parent, size_t start,
			   size_t end, enum html_text kind)
{
	struct inline_scripts *s = ctx;

	(void)kind;
	if (parent && s->script && parent->start + 1 == s->script &&
	    strcmp(parent->name, "script") == 0)
		s->fn(s->ctx, s->data + start, end - start);
}

void html_inline_scripts(const char *data, size_t len,
			 void (*fn)(void *ctx, const char *text, size_t n), void *ctx)
{
	struct inline_scripts s = { data, 0, fn, ctx };
	struct html_walker w = { on_script_element, on_script_text, &s };

	html_walk(data, len, &w);
}

struct inline_styles {
	const char *data;
	void (*fn)(void *ctx, const char *text, size_t n);
	void *ctx;
	bool *unhashable;
};

static void on_style_element(void *ctx, const struct html_element *el)
{
	struct inline_styles *s = ctx;

	/* A style attribute, or a <style> outside HTML (its text is
	 * decoded before it is hashed): no hash in the policy allows them. */
	if (html_attr_find(el, "style") ||
	    (strcmp(el->node.name, "style") == 0 && el->node.ns != HTML_NS_HTML))
		*s->unhashable = true;
}

static void on_style_text(void *ctx, const struct html_node *parent, size_t start,
			  size_t end, enum html_text kind)
{
	struct inline_styles *s = ctx;

	if (parent && parent->ns == HTML_NS_HTML && strcmp(parent->name, "style") == 0 &&
	    kind == HTML_TEXT_RAW)
		s->fn(s->ctx, s->data + start, end - start);
}

void html_inline_styles(const char *data, size_t len,
			void (*fn)(void *ctx, const char *text, size_t n), void *ctx,
			bool *unhashable)
{
	struct inline_styles s = { data, fn, ctx, unhashable };
	struct html_walker w = { on_style_element, on_style_text, &s };

	html_walk(data, len, &w);
}

int html_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs)
{
	struct html h = { data, len, { NULL, 0, 0 }, BUF_INIT, false };
	struct html_walker w = { on_element, on_text, &h };

	html_walk(data, len, &w);
	buf_release(&h.text);
	/* In document order, as a rewrite splices them. */
	sort_array(h.list.v, h.list.n, sizeof(*h.list.v), ref_cmp);
	*refs = h.list.v;
	*nrefs = h.list.n;
	return 0;
}

char *html_attr_value(const char *data, const struct html_attr *a)
{
	struct buf text = BUF_INIT;

	free(decode_attr(data + a->start, a->end - a->start, &text));
	return buf_detach(&text);
}
