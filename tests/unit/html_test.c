/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gumbo.h>

#include "refs.h"

/*
 * Each case is a document and the references expected in it, one line per
 * ref: "KIND URL|RAW" with a '^' in RAW where the suffix starts, and for img
 * refs " <TAG>" giving the element span.
 */
struct html_case {
	int line;
	const char *html;
	const char *want;
};

static int failures;

struct text {
	char s[8192];
	size_t len;
};

static void describe(struct text *out, const char *html, const struct ref *refs, size_t n)
{
	size_t hl = strlen(html);

	out->len = 0;
	out->s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct ref *r = &refs[i];

		if (r->start > r->end || r->suffix < r->start || r->suffix > r->end || r->end > hl) {
			out->len += (size_t)snprintf(out->s + out->len, sizeof(out->s) - out->len,
						     "BAD SPAN %zu %zu %zu\n", r->start, r->suffix, r->end);
			continue;
		}
		out->len += (size_t)snprintf(out->s + out->len, sizeof(out->s) - out->len,
					     "%s %s|%.*s%s%.*s", ref_kind_name(r->kind), r->url,
					     (int)(r->suffix - r->start), html + r->start,
					     r->suffix < r->end ? "^" : "",
					     (int)(r->end - r->suffix), html + r->suffix);
		if (r->kind == REF_IMG)
			out->len += (size_t)snprintf(out->s + out->len, sizeof(out->s) - out->len,
						     " %.*s", (int)(r->element_end - r->element),
						     html + r->element);
		out->len += (size_t)snprintf(out->s + out->len, sizeof(out->s) - out->len, "\n");
	}
}

static void run_case(const struct html_case *c)
{
	struct text got;
	struct ref *refs;
	size_t n;

	if (html_refs(c->html, strlen(c->html), &refs, &n) != 0) {
		fprintf(stderr, "html_test.c:%d: html_refs failed\n", c->line);
		failures++;
		return;
	}
	describe(&got, c->html, refs, n);
	if (strcmp(got.s, c->want) != 0) {
		fprintf(stderr, "html_test.c:%d: for\n%s\ngot\n%swant\n%s", c->line, c->html,
			got.s, c->want);
		failures++;
	}
	refs_free(refs, n);
}

static const struct html_case cases[] = {
	{ __LINE__, "<img src=a.png alt=x>", "img a.png|a.png <img src=a.png alt=x>\n" },
	{ __LINE__, "<IMG SRC=\"A.PNG\">", "img A.PNG|A.PNG <IMG SRC=\"A.PNG\">\n" },
	{ __LINE__, "<img src=' a.png '>", "img a.png|a.png <img src=' a.png '>\n" },
	{ __LINE__, "<img src=\"a&amp;b.png?x=1&amp;y=2#f\">",
	  "img a&b.png?x=1&y=2#f|a&amp;b.png^?x=1&amp;y=2#f <img src=\"a&amp;b.png?x=1&amp;y=2#f\">\n" },
	{ __LINE__, "<img src=\"&#97;&#x62;&quest;q\">",
	  "img ab?q|&#97;&#x62;^&quest;q <img src=\"&#97;&#x62;&quest;q\">\n" },
	{ __LINE__, "<img src=a.png/>", "img a.png/|a.png/ <img src=a.png/>\n" },
	{ __LINE__, "<img src=\"my photo.jpg\" srcset=\"a.png 1x\">",
	  "image my photo.jpg|my photo.jpg\nimage a.png|a.png\n" },
	{ __LINE__, "<picture><source srcset=\"a.webp\" type=image/webp><img src=a.jpg></picture>",
	  "image a.webp|a.webp\nimage a.jpg|a.jpg\n" },
	{ __LINE__, "<PICTURE><img src=a.jpg></PICTURE><img src=b.jpg>",
	  "image a.jpg|a.jpg\nimg b.jpg|b.jpg <img src=b.jpg>\n" },
	/* srcset: descriptors, commas in URLs, whitespace, trailing commas. */
	{ __LINE__, "<img srcset=\"a.png 1x,b.png 2x\">", "image a.png|a.png\nimage b.png|b.png\n" },
	{ __LINE__, "<img srcset=\"  a,b.png  320w ,\n c.png\t640w  \">",
	  "image a,b.png|a,b.png\nimage c.png|c.png\n" },
	{ __LINE__, "<img srcset=\"a.png,b.png 2x\">", "image a.png,b.png|a.png,b.png\n" },
	{ __LINE__, "<img srcset=\"a.png, b.png,, c.png\">",
	  "image a.png|a.png\nimage b.png|b.png\nimage c.png|c.png\n" },
	{ __LINE__, "<img srcset=\"a.png 1x (x, y), b.png 2x\">",
	  "image a.png|a.png\nimage b.png|b.png\n" },
	{ __LINE__, "<img srcset=\"data:image/png;base64,AA== 1x, b.png?v=1 2x\">",
	  "image data:image/png;base64,AA==|data:image/png;base64,AA==\nimage b.png?v=1|b.png^?v=1\n" },
	{ __LINE__, "<img srcset=\"a&#44;b.png 1x&#44; c.png 2x\">",
	  "image a,b.png|a&#44;b.png\nimage c.png|c.png\n" },
	{ __LINE__, "<link rel=preload as=image imagesrcset=\"a.png 1x, b.png 2x\" href=a.png>",
	  "image a.png|a.png\nimage b.png|b.png\nlink-tag a.png|a.png\n" },
	{ __LINE__, "<img class=lazy src=blank.gif data-src=\"a.jpg\" data-srcset=\"a.jpg 1x, b.jpg 2x\">"
		    "<iframe data-src=f.html></iframe>",
	  "image blank.gif|blank.gif\nimage a.jpg|a.jpg\nimage a.jpg|a.jpg\nimage b.jpg|b.jpg\n"
	  "link f.html|f.html\n" },
	/* Links. */
	{ __LINE__, "<link rel=\"Stylesheet\" href=\"/s.css\"><link rel=modulepreload href=m.js>"
		    "<link rel=icon href=f.ico><link rel=manifest href=app.webmanifest>"
		    "<link rel=\"preload stylesheet\" href=p.css>",
	  "stylesheet /s.css|/s.css\nmodulepreload m.js|m.js\nlink-tag f.ico|f.ico\n"
	  "link-tag app.webmanifest|app.webmanifest\nstylesheet p.css|p.css\n" },
	{ __LINE__, "<script type=module src=\"./a.js\"></script><a href=\"x.pdf#page=2\">x</a>",
	  "script ./a.js|./a.js\nlink x.pdf#page=2|x.pdf^#page=2\n" },
	{ __LINE__, "<video poster=p.jpg src=v.mp4><source src=v.webm><track src=t.vtt></video>",
	  "image p.jpg|p.jpg\nlink v.mp4|v.mp4\nlink v.webm|v.webm\nlink t.vtt|t.vtt\n" },
	{ __LINE__, "<base href=\"/sub/\"><base href=\"/no/\"><a href=x>",
	  "base /sub/|/sub/\nlink x|x\n" },
	{ __LINE__, "<a href>x</a><a href=\"\">y</a><a name=z>", "" },
	/* CR and CR LF are LF before tokenizing (HTML 13.2.3.5): white space
	 * between attributes, as gumbo reads them. */
	{ __LINE__, "<svg><use xlink\r:href=\"i.svg#x\"/></svg>", "" },
	{ __LINE__, "<svg><use xlink\r\r\r:href=\"i.svg#x\"/></svg>", "" },
	{ __LINE__, "<svg><use xlink:href\r=\r\n\"i.svg#x\"/></svg>", "link i.svg#x|i.svg^#x\n" },
	{ __LINE__, "<img\rsrc=a.png>", "img a.png|a.png <img\rsrc=a.png>\n" },
	{ __LINE__, "<img\r\nsrc\r=\ra.png\r>", "img a.png|a.png <img\r\nsrc\r=\ra.png\r>\n" },
	/* Inline styles, entities decoded before the CSS is read. */
	{ __LINE__, "<div style=\"background:url(&quot;a b.png&quot;)\"></div>",
	  "style-url a b.png|a b.png\n" },
	{ __LINE__, "<div style='background:url(\"x.png?a&amp;b\")'></div>",
	  "style-url x.png?a&b|x.png^?a&amp;b\n" },
	{ __LINE__, "<div style=\"background:url(a\\&quot;b.png)\"></div>",
	  "style-url a\"b.png|a\\&quot;b.png\n" },
	{ __LINE__, "<style>@import 'i.css';a{b:url(s.png)}/* url(no.png) */</style>",
	  "css-import i.css|i.css\nstyle-url s.png|s.png\n" },
	{ __LINE__, "<style>a{b:url(&amp;.png)}</style>", "style-url &amp;.png|&amp;.png\n" },
	{ __LINE__, "<svg><style><![CDATA[a{b:url(c.png)}]]></style></svg>",
	  "style-url c.png|c.png\n" },
	{ __LINE__, "<svg><style>a{b:url(&amp;.png)}</style></svg>", "style-url &.png|&amp;.png\n" },
	/* SVG. */
	{ __LINE__, "<svg><use xlink:href=\"i.svg#a\"/><use href=\"i.svg#b\"/><image href=p.png /></svg>",
	  "link i.svg#a|i.svg^#a\nlink i.svg#b|i.svg^#b\nimage p.png|p.png\n" },
	/* Where references hide or do not. */
	{ __LINE__, "<!-- <img src=no.png> --><img src=yes.png>",
	  "img yes.png|yes.png <img src=yes.png>\n" },
	{ __LINE__, "<p>x<!-- unclosed <img src=no.png>", "" },
	{ __LINE__, "<![CDATA[<img src=no.png>]]><img src=yes.png>",
	  "img yes.png|yes.png <img src=yes.png>\n" },
	{ __LINE__, "<template><img src=t.png></template>", "img t.png|t.png <img src=t.png>\n" },
	{ __LINE__, "<script>document.write('<img src=no.png>')</script>", "" },
	{ __LINE__, "<textarea><img src=no.png></textarea>", "" },
	{ __LINE__, "<noscript><img src=n.png></noscript>", "img n.png|n.png <img src=n.png>\n" },
	{ __LINE__, "<table><tr><img src=f.png><td>x</td></tr></table>",
	  "img f.png|f.png <img src=f.png>\n" },
	{ __LINE__, "<a href=a.html><p><a href=b.html>x</a></p></a>",
	  "link a.html|a.html\nlink b.html|b.html\n" },
	{ __LINE__, "<b><a href=x.html><i>y</b>z</i>", "link x.html|x.html\n" },
	{ __LINE__, "<img src=\"caf\xc3\xa9 $x:-1.png\">",
	  "img caf\xc3\xa9 $x:-1.png|caf\xc3\xa9 $x:-1.png <img src=\"caf\xc3\xa9 $x:-1.png\">\n" },
	{ __LINE__, "<img\nsrc\n=\n\"a.png\"\n>", "img a.png|a.png <img\nsrc\n=\n\"a.png\"\n>\n" },
	{ __LINE__, "<img src=\"a\r\nb.png\">", "img a\nb.png|a\r\nb.png <img src=\"a\r\nb.png\">\n" },
	{ __LINE__, "<img src=\"a.png\"", "" },
	/* gumbo's own span is wrong here; the value starts at the reference. */
	{ __LINE__, "<a href=&#47;about>x</a><a HREF = 'y' >y</a><a href =z\t>",
	  "link /about|&#47;about\nlink y|y\nlink z|z\n" },
	{ __LINE__, "", "" },
};

/* Attribute values decoded by html_refs must equal gumbo's own decoding. */
static void check_decoding(const char *value)
{
	size_t len = strlen(value) + 32;
	char *doc = malloc(len);
	GumboOutput *out;
	const char *want = NULL;
	struct ref *refs;
	size_t n, s, e;

	snprintf(doc, len, "<a href=\"%s\">", value);
	out = gumbo_parse(doc);
	for (const GumboNode *node = out->root; node;) {
		const GumboVector *kids = &node->v.element.children;
		const GumboAttribute *a = node->v.element.tag == GUMBO_TAG_A ?
						  gumbo_get_attribute(&node->v.element.attributes, "href") :
						  NULL;

		if (a) {
			want = a->value;
			break;
		}
		node = kids->length ? kids->data[kids->length - 1] : NULL;
		if (node && node->type != GUMBO_NODE_ELEMENT)
			node = NULL;
	}
	if (html_refs(doc, strlen(doc), &refs, &n) != 0 || !want) {
		fprintf(stderr, "html_test.c: cannot parse '%s'\n", value);
		failures++;
		goto out;
	}
	s = 0;
	e = strlen(want);
	while (s < e && strchr(" \t\n\f\r", want[s]))
		s++;
	while (e > s && strchr(" \t\n\f\r", want[e - 1]))
		e--;
	if (e == s ? n != 0 : (n != 1 || strlen(refs[0].url) != e - s ||
			       memcmp(refs[0].url, want + s, e - s) != 0)) {
		fprintf(stderr, "html_test.c: '%s' decodes to '%s', gumbo says '%s'\n", value,
			n ? refs[0].url : "(nothing)", want);
		failures++;
	}
	refs_free(refs, n);
out:
	gumbo_destroy_output(&kGumboDefaultOptions, out);
	free(doc);
}

static const char *const decoding[] = {
	"&amp;", "&amp", "&ampx", "&amp=", "&amp;x", "&AMP;", "&copy;", "&copy",
	"&copyx", "&notin;", "&notit;", "&not", "&noti", "&#38;", "&#x26;", "&#X26",
	"&#0;", "&#x110000;", "&#1234567890123;", "&#128;", "&#x9F;", "&#x81;",
	"&#xD800;", "&#;", "&#x;", "&#", "&", "&unknown;", "&lt", "&LT;", "&bne;",
	"&NotEqualTilde;", "&nbsp", "&nbsp;x", "&#x41&#66", "a\r\nb", "a\rb",
	"&acE;", "&fjlig;", "&ThickSpace;", "&lt;&gt;&quot;", "x&&amp;&",
	"&CounterClockwiseContourIntegral;", "&zwnj;", "&Aacute", "&aacute;",
};

/* Every non-empty src, href and data value gumbo finds under n, one per
 * line in document order, into out. */
static void gumbo_values(const GumboNode *n, struct text *out)
{
	const GumboVector *kids;

	if (n->type == GUMBO_NODE_DOCUMENT) {
		kids = &n->v.document.children;
	} else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
		const GumboVector *attrs = &n->v.element.attributes;

		for (unsigned i = 0; i < attrs->length; i++) {
			const GumboAttribute *a = attrs->data[i];

			if (strcmp(a->name, "src") && strcmp(a->name, "href") && strcmp(a->name, "data"))
				continue;
			if (a->value[0])
				out->len += (size_t)snprintf(out->s + out->len, sizeof(out->s) - out->len,
							     "%s\n", a->value);
		}
		kids = &n->v.element.children;
	} else {
		return;
	}
	for (unsigned i = 0; i < kids->length; i++)
		gumbo_values(kids->data[i], out);
}

/* html_refs() and gumbo agree on which attributes hold a URL, and on the
 * URL, with CR, CR LF and runs of CRs anywhere a tag allows white space. */
static void check_line_breaks(void)
{
	static const char *const docs[] = {
		"<svg><use xlink:href=\"i.svg#x\"/></svg>",
		"<img src=a.png alt=\"x y\">",
		"<a href=\"p q.html\" target=_blank>x</a>",
		"<script type=module src=\"./m.js\"></script>",
		"<object data=o.svg></object>",
	};
	static const char *const breaks[] = { "\r", "\r\n", "\r\r\r", "\n\r" };

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		size_t len = strlen(docs[d]);

		for (size_t at = 1; at < len; at++) {
			for (size_t b = 0; b < sizeof(breaks) / sizeof(breaks[0]); b++) {
				char doc[256];
				struct text mine = { .len = 0 }, theirs = { .len = 0 };
				GumboOutput *out;
				struct ref *refs;
				size_t n;

				/* Only where white space may stand: next to a space,
				 * a quote-free '=' or the tag's own edges. */
				if (!strchr(" =", docs[d][at]) && !strchr(" =", docs[d][at - 1]))
					continue;
				snprintf(doc, sizeof(doc), "%.*s%s%s", (int)at, docs[d], breaks[b],
					 docs[d] + at);
				if (html_refs(doc, strlen(doc), &refs, &n) != 0)
					continue;
				for (size_t i = 0; i < n; i++)
					mine.len += (size_t)snprintf(mine.s + mine.len,
								     sizeof(mine.s) - mine.len,
								     "%s\n", refs[i].url);
				refs_free(refs, n);
				out = gumbo_parse(doc);
				gumbo_values(out->document, &theirs);
				gumbo_destroy_output(&kGumboDefaultOptions, out);
				if (strcmp(mine.s, theirs.s) != 0) {
					fprintf(stderr, "html_test.c: with a line break at %zu of '%s':\n"
						"html_refs:\n%sgumbo:\n%s", at, docs[d], mine.s, theirs.s);
					failures++;
				}
			}
		}
	}
}

/* Random strings made of pieces that meet in character references. */
static void check_random_decoding(void)
{
	static const char *const pieces[] = {
		"&", "#", "x", "X", "amp", ";", "not", "in", "a", "1", "=", "\r", "\n",
		"lt", "copy", "9", "F", "0", "3", "sup", "2", "e", "acute", " ", "/",
	};
	unsigned seed = 12345;

	for (int t = 0; t < 3000; t++) {
		char value[64] = "";
		int k = 1 + (int)(seed % 8);

		for (int i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			strcat(value, pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))]);
		}
		check_decoding(value);
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	for (size_t i = 0; i < sizeof(decoding) / sizeof(decoding[0]); i++)
		check_decoding(decoding[i]);
	check_random_decoding();
	check_line_breaks();
	if (failures)
		fprintf(stderr, "html_test: %d failures\n", failures);
	return failures != 0;
}
