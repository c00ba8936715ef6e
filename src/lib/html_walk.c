/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "html.h"
#include "util.h"

/*
 * The tokenizer follows HTML 13.2.5 byte by byte where it decides what is a
 * tag, a comment or text. Of tree construction (13.2.6) it keeps what
 * changes how bytes are read or what an element means to a pass: the raw
 * text elements, the namespace of foreign content and the tags that break
 * out of it, <template> and <noscript>. What it leaves out (implied end
 * tags, the adoption agency, foster parenting) moves elements about in a
 * browser's tree but never turns a tag into text or text into a tag.
 */

/* read_tag() at the end of the document. */
#define NONE SIZE_MAX

struct open {
	struct html_node node; /* name owned */
	bool html_point;       /* an HTML integration point (13.2.6.1) */
	bool text_point;       /* a MathML text integration point */
};

struct walk {
	const char *data;
	size_t len;
	const struct html_walker *w;
	struct open *stack;    /* the stack of open elements */
	size_t depth, cap;
	size_t inert;          /* open <template> and <noscript> elements */

	/* The tag being read. */
	struct buf name;       /* lowercase */
	struct html_attr *attrs;
	size_t nattrs, attrcap;
	bool self_closing;
	uint32_t *seen;        /* attribute indexes + 1 by name hash, for a
	                          tag with many attributes */
	size_t seencap, nseen;
};

static bool is_space(int c)
{
	/* CR counts too: the input stream turns it into LF (13.2.3.5). */
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static struct open *top(struct walk *k)
{
	return k->depth ? &k->stack[k->depth - 1] : NULL;
}

static bool makes_inert(const struct html_node *n)
{
	return n->ns == HTML_NS_HTML &&
	       (strcmp(n->name, "template") == 0 || strcmp(n->name, "noscript") == 0);
}

static void pop(struct walk *k)
{
	struct open *o = &k->stack[--k->depth];

	if (makes_inert(&o->node))
		k->inert--;
	free((char *)o->node.name);
}

static void text(struct walk *k, const struct html_node *parent, size_t start, size_t end,
		 enum html_text kind)
{
	if (k->w->text && start < end)
		k->w->text(k->w->ctx, parent, start, end, kind);
}

/* After '<', up to and including the next '>': a bogus comment, a doctype,
 * a processing instruction. */
static size_t skip_past_gt(const struct walk *k, size_t at)
{
	const char *gt = at < k->len ? memchr(k->data + at, '>', k->len - at) : NULL;

	return gt ? (size_t)(gt - k->data) + 1 : k->len;
}

/* A comment from just after "<!--": it ends at "-->" or "--!>", or at once
 * on "<!-->" and "<!--->", or with the document (13.2.5.43-52). */
static size_t comment(const struct walk *k, size_t at)
{
	const char *d = k->data;
	size_t n = k->len;

	if (at < n && d[at] == '>')
		return at + 1;
	if (at + 1 < n && d[at] == '-' && d[at + 1] == '>')
		return at + 2;
	for (size_t i = at; i + 2 < n; i++) {
		const char *dash = memchr(d + i, '-', n - i);

		if (!dash)
			break;
		i = (size_t)(dash - d);
		if (i + 2 >= n || d[i + 1] != '-')
			continue;
		if (d[i + 2] == '>')
			return i + 3;
		if (d[i + 2] == '!' && i + 3 < n && d[i + 3] == '>')
			return i + 4;
	}
	return n;
}

/* "<![CDATA[" ... "]]>", read as text only in foreign content; elsewhere
 * it is a bogus comment. */
static size_t cdata(struct walk *k, size_t at)
{
	const struct open *o = top(k);
	size_t start = at + 9, end = k->len;

	for (size_t i = start; i + 2 < k->len; i++) {
		const char *b = memchr(k->data + i, ']', k->len - i);

		if (!b)
			break;
		i = (size_t)(b - k->data);
		if (i + 2 < k->len && k->data[i + 1] == ']' && k->data[i + 2] == '>') {
			end = i;
			break;
		}
	}
	text(k, o ? &o->node : NULL, start, end, HTML_TEXT_CDATA);
	return end == k->len ? end : end + 3;
}

static size_t declaration(struct walk *k, size_t at)
{
	const struct open *o = top(k);

	if (at + 3 < k->len && k->data[at + 2] == '-' && k->data[at + 3] == '-')
		return comment(k, at + 4);
	if (o && o->node.ns != HTML_NS_HTML && k->len - at >= 9 &&
	    memcmp(k->data + at, "<![CDATA[", 9) == 0)
		return cdata(k, at);
	return skip_past_gt(k, at + 2);
}


static void seen_put(struct walk *k, size_t i)
{
	uint32_t h = 2166136261u;
	size_t mask = k->seencap - 1, s;

	for (const char *p = k->attrs[i].name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (s = h & mask; k->seen[s]; s = (s + 1) & mask)
		;
	k->seen[s] = (uint32_t)i + 1;
	k->nseen++;
}

static bool seen_has(const struct walk *k, const char *name)
{
	uint32_t h = 2166136261u;
	size_t mask = k->seencap - 1;

	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (size_t s = h & mask; k->seen[s]; s = (s + 1) & mask)
		if (strcmp(k->attrs[k->seen[s] - 1].name, name) == 0)
			return true;
	return false;
}

/* False when the tag already has an attribute named like attrs[i], which the
 * tokenizer then drops (13.2.5.33). Past a few attributes, a hash set keeps
 * a tag with thousands of them linear. */
static bool first_of_name(struct walk *k, size_t i)
{
	const char *name = k->attrs[i].name;

	if (i < 16) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(k->attrs[j].name, name) == 0)
				return false;
		return true;
	}
	if (k->seencap < 2 * (i + 1) || k->nseen == 0) {
		size_t cap = 64;

		/* Sized for this tag, so that one huge tag does not make
		 * every later one clear a huge table. */
		while (cap < 4 * (i + 1))
			cap *= 2;
		free(k->seen);
		k->seen = xcalloc(cap, sizeof(*k->seen));
		k->seencap = cap;
		k->nseen = 0;
		for (size_t j = 0; j < i; j++)
			seen_put(k, j);
	}
	if (seen_has(k, name))
		return false;
	seen_put(k, i);
	return true;
}

static void clear_tag(struct walk *k)
{
	for (size_t i = 0; i < k->nattrs; i++)
		free((char *)k->attrs[i].name);
	k->nattrs = 0;
	k->nseen = 0;
	k->self_closing = false;
	buf_reset(&k->name);
}

/* A name as the tokenizer keeps it: ASCII lowercase, NUL as U+FFFD. */
static void add_name(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0')
			buf_adds(b, "\xef\xbf\xbd");
		else
			buf_addc(b, (char)lower((unsigned char)s[i]));
	}
}

static void add_attr(struct walk *k, size_t name, size_t name_end, size_t start, size_t end)
{
	struct buf b = BUF_INIT;
	struct html_attr *a;

	add_name(&b, k->data + name, name_end - name);
	k->attrs = xgrow(k->attrs, &k->attrcap, k->nattrs + 1, sizeof(*k->attrs));
	a = &k->attrs[k->nattrs];
	*a = (struct html_attr){ buf_detach(&b), start, end };
	if (first_of_name(k, k->nattrs))
		k->nattrs++;
	else
		free((char *)a->name);
}

/*
 * Read a tag from data[p], the first character of its name, into k->name
 * and k->attrs (13.2.5.6-40). Returns the offset after its '>', or NONE when
 * the document ends inside it: such a tag is dropped, as a browser does.
 */
static size_t read_tag(struct walk *k, size_t p)
{
	const char *d = k->data;
	size_t n = k->len, name = p;

	clear_tag(k);
	while (p < n && !is_space(d[p]) && d[p] != '/' && d[p] != '>')
		p++;
	add_name(&k->name, d + name, p - name);
	for (;;) {
		size_t name_end, start, end;

		while (p < n && is_space(d[p]))
			p++;
		if (p >= n)
			return NONE;
		if (d[p] == '>')
			return p + 1;
		if (d[p] == '/') {
			if (++p < n && d[p] == '>') {
				k->self_closing = true;
				return p + 1;
			}
			continue;
		}
		/* A name may start with '=' (13.2.5.32). */
		name = p++;
		while (p < n && !is_space(d[p]) && d[p] != '/' && d[p] != '>' && d[p] != '=')
			p++;
		name_end = p;
		while (p < n && is_space(d[p]))
			p++;
		start = end = p;
		if (p < n && d[p] == '=') {
			for (p++; p < n && is_space(d[p]); p++)
				;
			if (p >= n)
				return NONE;
			if (d[p] == '"' || d[p] == '\'') {
				const char *q = memchr(d + p + 1, d[p], n - p - 1);

				if (!q)
					return NONE;
				start = p + 1;
				end = (size_t)(q - d);
				p = end + 1;
			} else {
				for (start = p; p < n && !is_space(d[p]) && d[p] != '>'; p++)
					;
				if (p >= n)
					return NONE;
				end = p;
			}
		}
		add_attr(k, name, name_end, start, end);
	}
}

/* "script" and a character that ends a tag name, at data[at]. */
static bool script_word(const struct walk *k, size_t at)
{
	int c;

	if (k->len - at <= 6 || strncasecmp(k->data + at, "script", 6) != 0)
		return false;
	c = (unsigned char)k->data[at + 6];
	return is_space(c) || c == '/' || c == '>';
}

/*
 * Where the content of <script> ends: at "</script" outside the escaped
 * states (13.2.5.4, 15-31). "<!--" starts an escape, inside which
 * "<script" starts a double escape that only "</script" or "-->" ends; a
 * page that writes "<!--<script>" into a string reads on past the first
 * "</script>", as browsers do.
 */
static size_t script_end(const struct walk *k, size_t at)
{
	enum { DATA, ESC, ESC_DASH, ESC_DASH_DASH, DBL, DBL_DASH, DBL_DASH_DASH } s = DATA;
	const char *d = k->data;
	size_t i = at;

	while (i < k->len) {
		int c = (unsigned char)d[i];
		bool slash = c == '<' && i + 1 < k->len && d[i + 1] == '/';

		if (slash && s < DBL && script_word(k, i + 2))
			return i;
		switch (s) {
		case DATA:
			if (c == '<' && k->len - i >= 4 && memcmp(d + i, "<!--", 4) == 0) {
				s = ESC_DASH_DASH;
				i += 4;
				continue;
			}
			break;
		case ESC:
		case ESC_DASH:
		case ESC_DASH_DASH:
			if (c == '-') {
				s = s == ESC ? ESC_DASH : ESC_DASH_DASH;
			} else if (c == '>' && s == ESC_DASH_DASH) {
				s = DATA;
			} else if (c == '<' && script_word(k, i + 1)) {
				s = DBL;
				i += 8;
				continue;
			} else {
				s = ESC;
			}
			break;
		case DBL:
		case DBL_DASH:
		case DBL_DASH_DASH:
			if (c == '-') {
				s = s == DBL ? DBL_DASH : DBL_DASH_DASH;
			} else if (c == '>' && s == DBL_DASH_DASH) {
				s = DATA;
			} else if (slash && script_word(k, i + 2)) {
				s = ESC;
				i += 9;
				continue;
			} else {
				s = DBL;
			}
			break;
		}
		i++;
	}
	return k->len;
}

/* Where the text of a raw text or RCDATA element ends: at its own end tag. */
static size_t end_tag_at(const struct walk *k, size_t at, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = at; i < k->len; i++) {
		const char *lt = memchr(k->data + i, '<', k->len - i);
		int c;

		if (!lt)
			break;
		i = (size_t)(lt - k->data);
		if (k->len - i <= n + 2 || k->data[i + 1] != '/' ||
		    strncasecmp(k->data + i + 2, name, n) != 0)
			continue;
		c = (unsigned char)k->data[i + 2 + n];
		if (is_space(c) || c == '/' || c == '>')
			return i;
	}
	return k->len;
}

/* After an HTML start tag at offset at: the text of the elements whose
 * content is not markup. Returns where markup resumes. */
static size_t raw_text(struct walk *k, const struct html_node *n, size_t at)
{
	static const char *const rawtext[] = { "style", "xmp", "iframe", "noembed",
					       "noframes", NULL };
	static const char *const rcdata[] = { "title", "textarea", NULL };
	enum html_text kind = HTML_TEXT_RAW;
	size_t end;

	if (strcmp(n->name, "script") == 0) {
		end = script_end(k, at);
	} else if (strcmp(n->name, "plaintext") == 0) {
		end = k->len;
	} else if (in_list(n->name, rawtext)) {
		end = end_tag_at(k, at, n->name);
	} else if (in_list(n->name, rcdata)) {
		end = end_tag_at(k, at, n->name);
		kind = HTML_TEXT_DATA;
	} else {
		return at;
	}
	text(k, n, at, end, kind);
	return end;
}

/* Whether a start tag is read by the HTML rules rather than as foreign
 * content ("tree construction dispatcher", 13.2.6). */
static bool html_rules(const struct open *o, const char *name)
{
	if (!o || o->node.ns == HTML_NS_HTML || o->html_point)
		return true;
	if (o->text_point && strcmp(name, "mglyph") != 0 && strcmp(name, "malignmark") != 0)
		return true;
	return o->node.ns == HTML_NS_MATHML && strcmp(o->node.name, "annotation-xml") == 0 &&
	       strcmp(name, "svg") == 0;
}

/* HTML tags that close open SVG and MathML (13.2.6.5). */
static bool breaks_out(const struct walk *k)
{
	static const char *const tags[] = {
		"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
		"dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
		"hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
		"pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
		"table", "tt", "u", "ul", "var", NULL
	};

	if (strcmp(k->name.data, "font") == 0)
		for (size_t i = 0; i < k->nattrs; i++)
			if (in_list(k->attrs[i].name, (const char *const[]){ "color", "face", "size", NULL }))
				return true;
	return in_list(k->name.data, tags);
}

/* Attribute names in SVG and MathML as the DOM has them (13.2.6.1, "adjust
 * foreign attributes"; gumbo's table). */
static void adjust_foreign(struct walk *k)
{
	static const char *const from[] = {
		"xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role", "xlink:show",
		"xlink:title", "xlink:type", "xml:base", "xml:lang", "xml:space",
		"xmlns:xlink", NULL
	};

	for (size_t i = 0; i < k->nattrs; i++) {
		const char *name = k->attrs[i].name, *colon = strchr(name, ':');

		if (colon && in_list(name, from)) {
			k->attrs[i].name = xstrdup(colon + 1);
			free((char *)name);
		}
	}
}

static void push(struct walk *k, const struct html_element *el)
{
	static const char *const svg_points[] = { "foreignobject", "desc", "title", NULL };
	static const char *const text_points[] = { "mi", "mo", "mn", "ms", "mtext", NULL };
	const struct html_node *n = &el->node;
	struct open *o;

	if (k->depth == HTML_MAX_DEPTH)
		return;
	k->stack = xgrow(k->stack, &k->cap, k->depth + 1, sizeof(*k->stack));
	o = &k->stack[k->depth++];
	*o = (struct open){ { xstrdup(n->name), n->ns, n->start }, false, false };
	if (n->ns == HTML_NS_SVG) {
		o->html_point = in_list(n->name, svg_points);
	} else if (n->ns == HTML_NS_MATHML) {
		o->text_point = in_list(n->name, text_points);
		if (strcmp(n->name, "annotation-xml") == 0) {
			const struct html_attr *a = html_attr_find(el, "encoding");
			char *v = a ? html_attr_value(k->data, a) : NULL;

			o->html_point = v && (strcasecmp(v, "text/html") == 0 ||
					      strcasecmp(v, "application/xhtml+xml") == 0);
			free(v);
		}
	}
	if (makes_inert(n))
		k->inert++;
}

static size_t start_tag(struct walk *k, size_t at)
{
	static const char *const void_tags[] = {
		"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
		"img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
		NULL
	};
	size_t end = read_tag(k, at + 1);
	enum html_ns ns = HTML_NS_HTML;
	struct html_element el;
	struct open *o = top(k);

	if (end == NONE)
		return k->len;
	if (!html_rules(o, k->name.data)) {
		if (!breaks_out(k))
			ns = o->node.ns;
		while (ns == HTML_NS_HTML && (o = top(k)) && o->node.ns != HTML_NS_HTML &&
		       !o->html_point && !o->text_point)
			pop(k);
	}
	if (ns == HTML_NS_HTML && strcmp(k->name.data, "image") == 0) {
		buf_reset(&k->name);
		buf_adds(&k->name, "img");
	} else if (ns == HTML_NS_HTML && strcmp(k->name.data, "svg") == 0) {
		ns = HTML_NS_SVG;
	} else if (ns == HTML_NS_HTML && strcmp(k->name.data, "math") == 0) {
		ns = HTML_NS_MATHML;
	}
	if (ns != HTML_NS_HTML)
		adjust_foreign(k);
	o = top(k);
	el = (struct html_element){
		.node = { k->name.data, ns, at },
		.end = end,
		.self_closing = k->self_closing,
		.attrs = k->attrs,
		.nattrs = k->nattrs,
		.parent = o ? &o->node : NULL,
		.inert = k->inert > 0,
	};
	if (k->w->element)
		k->w->element(k->w->ctx, &el);
	if (ns != HTML_NS_HTML ? k->self_closing : in_list(el.node.name, void_tags))
		return end;
	push(k, &el);
	return ns == HTML_NS_HTML ? raw_text(k, &el.node, end) : end;
}

/* An end tag closes the nearest open element of its name and every one
 * above it. </body> and </html> close nothing: what follows them is still
 * read into <body>. */
static size_t end_tag(struct walk *k, size_t at)
{
	size_t end = read_tag(k, at + 2);

	if (end == NONE)
		return k->len;
	if (strcmp(k->name.data, "body") == 0 || strcmp(k->name.data, "html") == 0)
		return end;
	for (size_t i = k->depth; i-- > 0;) {
		if (strcmp(k->stack[i].node.name, k->name.data) == 0) {
			while (k->depth > i)
				pop(k);
			break;
		}
	}
	return end;
}

/* Whether '<' at data[at] starts markup rather than being text. */
static bool starts_markup(const struct walk *k, size_t at)
{
	int c = at + 1 < k->len ? (unsigned char)k->data[at + 1] : 0;

	return c == '!' || c == '?' || is_alpha(c) || (c == '/' && at + 2 < k->len);
}

/* The markup at data[at]; returns where the text after it starts. */
static size_t markup(struct walk *k, size_t at)
{
	int c = (unsigned char)k->data[at + 1];

	if (c == '!')
		return declaration(k, at);
	if (c == '?')
		return skip_past_gt(k, at + 2);
	if (c != '/')
		return start_tag(k, at);
	c = (unsigned char)k->data[at + 2];
	if (is_alpha(c))
		return end_tag(k, at);
	return c == '>' ? at + 3 : skip_past_gt(k, at + 2);
}

void html_walk(const char *data, size_t len, const struct html_walker *w)
{
	struct walk k = { .data = data ? data : "", .len = data ? len : 0, .w = w };
	size_t pos = 0, text_at = 0;
	const struct open *o;

	while (pos < k.len) {
		const char *lt = memchr(k.data + pos, '<', k.len - pos);
		size_t at;

		if (!lt)
			break;
		at = (size_t)(lt - k.data);
		pos = at + 1;
		if (!starts_markup(&k, at))
			continue;
		o = top(&k);
		text(&k, o ? &o->node : NULL, text_at, at, HTML_TEXT_DATA);
		pos = text_at = markup(&k, at);
	}
	o = top(&k);
	text(&k, o ? &o->node : NULL, text_at, k.len, HTML_TEXT_DATA);
	while (k.depth)
		pop(&k);
	clear_tag(&k);
	buf_release(&k.name);
	free(k.stack);
	free(k.attrs);
	free(k.seen);
}

const struct html_attr *html_attr_find(const struct html_element *el, const char *name)
{
	for (size_t i = 0; i < el->nattrs; i++)
		if (strcmp(el->attrs[i].name, name) == 0)
			return &el->attrs[i];
	return NULL;
}
