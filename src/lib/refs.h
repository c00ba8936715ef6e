/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_REFS_H
#define DISTILL_REFS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * References from HTML and CSS files to other URLs, with the byte span of
 * each URL in the original file so that a rewrite can splice a new URL in
 * while leaving every other byte alone.
 */
enum ref_kind {
	REF_LINK,          /* any other href/src: <a>, <iframe>, <use>, <object> */
	REF_SCRIPT,        /* <script src> */
	REF_MODULEPRELOAD, /* <link rel=modulepreload href> */
	REF_STYLESHEET,    /* <link rel=stylesheet href> */
	REF_IMG,           /* <img src> outside <picture>, without srcset (or a
	                      lazy loader's data-src, data-srcset): the one the
	                      picture rewrite turns into <picture> */
	REF_IMAGE,         /* other image URLs: srcset items, poster, <img> in
	                      <picture>, <source srcset>, data-src(set) */
	REF_STYLE_URL,     /* url() in an inline style attribute or <style> */
	REF_CSS_URL,       /* url() or image-set() string in a CSS file */
	REF_CSS_IMPORT,    /* @import in a CSS file or <style> */
	REF_BASE,          /* <base href>: not an asset, resolves the others */
	REF_LINK_TAG       /* any other <link href>: icons, the web manifest,
	                      preloads, canonical (after REF_BASE: the reference
	                      cache stores kinds as numbers) */
};
/* The last kind: the reference cache refuses a number past it. */
#define REF_KIND_LAST REF_LINK_TAG

struct ref {
	enum ref_kind kind;
	size_t start, end; /* byte span of the URL as written (escapes and all),
	                      without quotes and surrounding whitespace */
	char *url;         /* the URL, unescaped (HTML entities or CSS escapes) */
	size_t element;    /* REF_IMG, REF_SCRIPT, REF_STYLESHEET, REF_MODULEPRELOAD:
	                      byte span of the whole start tag */
	size_t element_end;
	size_t suffix;     /* where the query or fragment starts in the span, as
	                      written (end when there is none): a rewrite
	                      replaces [start, suffix) and keeps the rest */
	bool integrity;    /* REF_STYLESHEET, REF_SCRIPT, REF_MODULEPRELOAD: the
	                      tag has an integrity attribute, whose value (as
	                      written) spans [integrity_start, integrity_end) */
	size_t integrity_start, integrity_end;
};

/* HTML and CSS files larger than this are not read for references but
 * carried over as they are, a rejected input: they are read whole. */
#define REFS_MAX_SIZE ((size_t)16 << 20)

/* Read an HTML document (html_walk). Returns 0 and a new array (free with
 * refs_free): any bytes are a document to a browser. */
int html_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs);
/* Tokenise a stylesheet (CSS Syntax Level 3) and list url(), @import and
 * image-set() strings. Returns 0 and a new array, or -1. */
int css_refs(const char *data, size_t len, struct ref **refs, size_t *nrefs);
void refs_free(struct ref *refs, size_t nrefs);
/* A kind's name in the manifest (manifest/FORMAT.md): "link", "link-tag"... */
const char *ref_kind_name(enum ref_kind kind);

/* A growing array of refs, as the parsers build it. */
struct ref_list {
	struct ref *v;
	size_t n, cap;
};

/* Append a zeroed ref to list and return it. */
struct ref *ref_list_add(struct ref_list *list);
/*
 * Tokenise CSS text and append its references to list. A position i in text
 * is reported as base + map[i], or base + i when map is NULL: html.c scans a
 * style attribute after decoding its character references, and map (len + 1
 * entries) leads back to the raw bytes. url() tokens, url("...") and
 * image-set() strings get url_kind; @import gets REF_CSS_IMPORT.
 */
void css_scan(struct ref_list *list, const char *text, size_t len, size_t base,
	      const size_t *map, enum ref_kind url_kind);

#endif
