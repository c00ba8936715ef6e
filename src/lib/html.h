/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_HTML_H
#define DISTILL_HTML_H

#include <stdbool.h>
#include <stddef.h>

/*
 * One pass over an HTML document, as a browser's tokenizer reads it (HTML
 * 13.2.5), for every pass that reads HTML: the references of the scan and
 * the rewrite (html_refs), what a page loads (the budget), the <img> tag a
 * rewrite turns into <picture>.
 *
 * No tree is built. The walker keeps only the stack of open elements, on the
 * heap and at most HTML_MAX_DEPTH deep, which is what says an element's
 * parent, its namespace (inline SVG and MathML), whether it is inside
 * <template> or <noscript>, and how the tokenizer reads what follows (the
 * raw text of <script>, <style>, <textarea>...). So time is linear in the
 * input and the C stack does not grow with it, however deep the markup.
 *
 * Offsets are into the caller's bytes, as written: CR and CR LF count as
 * white space where a tag allows it, and nothing is decoded.
 */

/* Elements opened deeper than this are read as children of the deepest open
 * one, as Chromium builds them (kMaximumHTMLParserDOMTreeDepth). */
#define HTML_MAX_DEPTH 512

enum html_ns { HTML_NS_HTML, HTML_NS_SVG, HTML_NS_MATHML };

/* An element as the stack of open elements holds it. */
struct html_node {
	const char *name;  /* lowercase; <image> outside SVG is "img" */
	enum html_ns ns;
	size_t start;      /* offset of its start tag's '<' */
};

struct html_attr {
	const char *name;  /* lowercase; on SVG and MathML elements "xlink:href"
	                      is "href", as the DOM names it */
	size_t start, end; /* the value as written, without quotes (start ==
	                      end when empty or absent) */
};

/* A start tag. Every pointer is borrowed for the callback only. */
struct html_element {
	struct html_node node;
	size_t end;                     /* just after the tag's '>' */
	bool self_closing;              /* ends in "/>" (not a value's '/') */
	const struct html_attr *attrs;  /* the first of each name, in order */
	size_t nattrs;
	const struct html_node *parent; /* NULL at the top of the document */
	bool inert;                     /* inside <template> or <noscript>:
	                                   not loaded with the page */
};

enum html_text {
	HTML_TEXT_DATA,  /* markup text: character references apply */
	HTML_TEXT_RAW,   /* the content of <script>, <style>, <xmp>... */
	HTML_TEXT_CDATA  /* inside <![CDATA[ ]]> in SVG or MathML */
};

struct html_walker {
	/* Each start tag, in document order. */
	void (*element)(void *ctx, const struct html_element *el);
	/* Each run of text, with the element it is in (NULL at the top); may
	 * be NULL. */
	void (*text)(void *ctx, const struct html_node *parent, size_t start,
		     size_t end, enum html_text kind);
	void *ctx;
};

/* Walk data[0, len), calling w's callbacks. */
void html_walk(const char *data, size_t len, const struct html_walker *w);

/* True when the space-separated list value (rel="...", media="...") holds
 * token, ASCII case-insensitively. */
bool html_has_token(const char *value, const char *token);
/* Whether a <script> of this type (the attribute's value; "" without
 * one) runs: HTML's "JavaScript MIME type essence match", "module" and
 * "importmap"; data blocks do not. */
bool html_script_runs(const char *type);
/* Call fn with the text of each inline script a browser would run (no
 * src; no type, a JavaScript type, "module" or "importmap"), as written:
 * what a Content-Security-Policy hash is made of. */
void html_inline_scripts(const char *data, size_t len,
			 void (*fn)(void *ctx, const char *text, size_t n), void *ctx);
/* Call fn with the text of each HTML <style> element, as written: what a
 * Content-Security-Policy hash is made of; set *unhashable when the
 * document has inline style no hash can allow (a style attribute, a
 * <style> in SVG). */
void html_inline_styles(const char *data, size_t len,
			void (*fn)(void *ctx, const char *text, size_t n), void *ctx,
			bool *unhashable);
/* An attribute's value, character references decoded as a browser does;
 * returns a new string (caller frees), "" when it has none. */
char *html_attr_value(const char *data, const struct html_attr *a);
/* The attribute named name (lowercase) of el, or NULL. */
const struct html_attr *html_attr_find(const struct html_element *el, const char *name);

#endif
