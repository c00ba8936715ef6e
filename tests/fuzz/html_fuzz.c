/* SPDX-License-Identifier: MIT */
/* libFuzzer target: html_refs() on any bytes. Besides crashes, checks that
 * every span lies inside the input in order, as a rewrite relies on, and
 * that the URLs of plain attributes (decoded by html.c from the raw bytes)
 * are values gumbo itself decoded for some src, href, data or data-src
 * attribute. html_walk() reports every tag the tokenizer reads, also the
 * few that gumbo's tree builder then drops (<col> outside a table, a second
 * <head>); for those, the URL must be what gumbo decodes from the same
 * bytes given as an attribute value of their own.
 *
 * Build and run (seeds in tests/fuzz/corpus/html/):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc \
 *     -o html_fuzz tests/fuzz/html_fuzz.c src/html.c src/html_walk.c \
 *     src/css.c src/url.c src/entities.c src/buf.c src/util.c -lgumbo
 *   ./html_fuzz -max_total_time=60 CORPUS tests/fuzz/corpus/html */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gumbo.h>

#include "refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* True when some attribute in the tree under n that html.c reads as one URL
 * (src, href, data, and data-src, which lazy loaders copy into src) has the
 * value url once trimmed. */
static bool gumbo_has(const GumboNode *n, const char *url)
{
	const GumboVector *kids;

	if (n->type == GUMBO_NODE_DOCUMENT) {
		kids = &n->v.document.children;
	} else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
		const GumboVector *attrs = &n->v.element.attributes;

		for (unsigned i = 0; i < attrs->length; i++) {
			const GumboAttribute *a = attrs->data[i];
			const char *v = a->value;
			size_t len;

			if (strcmp(a->name, "src") && strcmp(a->name, "href") && strcmp(a->name, "data") &&
			    strcmp(a->name, "data-src"))
				continue;
			while (is_space(*v))
				v++;
			len = strlen(v);
			while (len > 0 && is_space(v[len - 1]))
				len--;
			if (len == strlen(url) && memcmp(v, url, len) == 0)
				return true;
		}
		kids = &n->v.element.children;
	} else {
		return false;
	}
	for (unsigned i = 0; i < kids->length; i++)
		if (gumbo_has(kids->data[i], url))
			return true;
	return false;
}

/* gumbo decodes raw[0, n), as the value of an attribute of its own, to url. */
static bool gumbo_decodes(const uint8_t *raw, size_t n, const char *url)
{
	char *doc = malloc(n + 16);
	char quote = !memchr(raw, '"', n) ? '"' : !memchr(raw, '\'', n) ? '\'' : 0;
	size_t len = 0;
	GumboOutput *out;
	bool has;

	memcpy(doc, "<a href=", 8);
	len = 8;
	if (quote)
		doc[len++] = quote;
	memcpy(doc + len, raw, n);
	len += n;
	if (quote)
		doc[len++] = quote;
	doc[len++] = '>';
	out = gumbo_parse_with_options(&kGumboDefaultOptions, doc, len);
	has = gumbo_has(out->document, url);
	gumbo_destroy_output(&kGumboDefaultOptions, out);
	free(doc);
	return has;
}

/* Printable ASCII and whitespace only (ascii), or no controls: where gumbo
 * and the HTML standard agree. (gumbo turns invalid UTF-8 and control
 * characters into U+FFFD; html.c keeps the bytes, as file names may hold
 * them, and as browsers do for controls.) */
static bool plain_text(const uint8_t *p, size_t n, bool ascii)
{
	for (size_t i = 0; i < n; i++) {
		if ((p[i] < 0x20 && !is_space((char)p[i])) || p[i] == 0x7f || (ascii && p[i] > 0x7f))
			return false;
		/* gumbo loses overlong numeric references ("&#x4fffffffff"),
		 * which the standard turns into U+FFFD. */
		if (ascii && p[i] == '&' && i + 1 < n && p[i + 1] == '#') {
			size_t j = i + 2, digits = 0;

			if (j < n && (p[j] == 'x' || p[j] == 'X'))
				j++;
			for (; j < n && strchr("0123456789abcdefABCDEF", p[j]) && p[j]; j++)
				digits++;
			if (digits > 6)
				return false;
		}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool plain = plain_text(data, size, true);
	GumboOutput *out;
	struct ref *refs;
	size_t n, prev_end = 0;

	if (html_refs((const char *)data, size, &refs, &n) != 0)
		return 0;
	out = gumbo_parse_with_options(&kGumboDefaultOptions, (const char *)data, size);
	for (size_t i = 0; i < n; i++) {
		const struct ref *r = &refs[i];

		if (!r->url || r->start > r->suffix || r->suffix > r->end || r->end > size)
			abort();
		/* Sorted and disjoint, so their edits never overlap. */
		if (r->start < prev_end)
			abort();
		prev_end = r->end;
		if (plain && plain_text((const uint8_t *)r->url, strlen(r->url), false) &&
		    r->kind != REF_IMAGE && r->kind != REF_STYLE_URL && r->kind != REF_CSS_IMPORT &&
		    !gumbo_has(out->document, r->url) &&
		    !gumbo_decodes(data + r->start, r->end - r->start, r->url))
			abort();
		if (r->kind == REF_IMG &&
		    (r->element >= r->start || r->end > r->element_end || r->element_end > size ||
		     data[r->element] != '<' || data[r->element_end - 1] != '>'))
			abort();
	}
	gumbo_destroy_output(&kGumboDefaultOptions, out);
	refs_free(refs, n);
	return 0;
}
