/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refs.h"

/*
 * Each case is a stylesheet and the references expected in it, written as
 * "KIND URL|RAW" lines: KIND is u (url) or i (@import), URL the decoded URL,
 * RAW the bytes of the span as written, with a '^' where the suffix starts.
 */
struct css_case {
	int line;
	const char *css;
	const char *want;
};

static int failures;

struct buf_s {
	char s[4096];
};

static void describe(struct buf_s *out, const char *css,
		     const struct ref *refs, size_t n)
{
	size_t len = 0;

	out->s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct ref *r = &refs[i];
		char kind = r->kind == REF_CSS_IMPORT ? 'i' : r->kind == REF_CSS_URL ? 'u' : '?';

		if (r->start > r->end || r->suffix < r->start || r->suffix > r->end ||
		    r->end > strlen(css)) {
			len += (size_t)snprintf(out->s + len, sizeof(out->s) - len,
						"BAD SPAN %zu %zu %zu\n", r->start, r->suffix, r->end);
			continue;
		}
		len += (size_t)snprintf(out->s + len, sizeof(out->s) - len, "%c %s|%.*s%s%.*s\n",
					kind, r->url, (int)(r->suffix - r->start), css + r->start,
					r->suffix < r->end ? "^" : "",
					(int)(r->end - r->suffix), css + r->suffix);
	}
}

static void run_case(const struct css_case *c)
{
	struct buf_s got;
	struct ref *refs;
	size_t n;

	if (css_refs(c->css, strlen(c->css), &refs, &n) != 0) {
		fprintf(stderr, "css_test.c:%d: css_refs failed\n", c->line);
		failures++;
		return;
	}
	describe(&got, c->css, refs, n);
	if (strcmp(got.s, c->want) != 0) {
		fprintf(stderr, "css_test.c:%d: for\n%s\ngot\n%swant\n%s", c->line, c->css,
			got.s, c->want);
		failures++;
	}
	refs_free(refs, n);
}

static const struct css_case cases[] = {
	{ __LINE__, "a{background:url(a.png)}", "u a.png|a.png\n" },
	{ __LINE__, "a{background:URL( a.png )}", "u a.png|a.png\n" },
	{ __LINE__, "a{background:url(\"a b.png\")}", "u a b.png|a b.png\n" },
	{ __LINE__, "a{background:url('q\"uote.png')}", "u q\"uote.png|q\"uote.png\n" },
	{ __LINE__, "a{background:url(  \" sp.png \"  )}", "u sp.png|sp.png\n" },
	{ __LINE__, "a{b:url(a\\ b\\(1\\).png)}", "u a b(1).png|a\\ b\\(1\\).png\n" },
	{ __LINE__, "a{b:url(caf\\e9 .png)}", "u caf\xc3\xa9.png|caf\\e9 .png\n" },
	{ __LINE__, "a{b:url(\\000000x.png)}", "u \xef\xbf\xbdx.png|\\000000x.png\n" },
	{ __LINE__, "a{b:url(\"a\\\nb.png\")}", "u ab.png|a\\\nb.png\n" },
	{ __LINE__, "a{b:url(\"a\\\r\nb.png\")}", "u ab.png|a\\\r\nb.png\n" },
	/* An unescaped newline makes a bad string: no URL. */
	{ __LINE__, "a{b:url(\"a\nb.png\")}\nc{d:url(ok.png)}", "u ok.png|ok.png\n" },
	{ __LINE__, "a{b:url(\"a\nb.png\")} c{d:url(in-string.png)}", "" },
	/* Bad url tokens are skipped up to their ')'. */
	{ __LINE__, "a{b:url(a b.png) c:url(ok.png)}", "u ok.png|ok.png\n" },
	{ __LINE__, "a{b:url(a(b.png) c:url(ok.png)}", "u ok.png|ok.png\n" },
	{ __LINE__, "a{b:url(a\"b.png) c:url(ok.png)}", "u ok.png|ok.png\n" },
	{ __LINE__, "a{b:url(a\\\nb) c:url(ok.png)}", "u ok.png|ok.png\n" },
	{ __LINE__, "a{b:url(a\\)b\\).png) c:url(ok.png)}",
	  "u a)b).png|a\\)b\\).png\nu ok.png|ok.png\n" },
	/* Query and fragment. */
	{ __LINE__, "@font-face{src:url(f.eot?#iefix) format('eot'),url(f.woff2?v=2)}",
	  "u f.eot?#iefix|f.eot^?#iefix\nu f.woff2?v=2|f.woff2^?v=2\n" },
	{ __LINE__, "a{b:url(\"i.svg#x\")}", "u i.svg#x|i.svg^#x\n" },
	{ __LINE__, "a{b:url(a\\3f b.png)}", "u a?b.png|a^\\3f b.png\n" },
	/* Comments and strings hide url(). */
	{ __LINE__, "/* url(no.png) */a{b:url(yes.png)}", "u yes.png|yes.png\n" },
	{ __LINE__, "a{content:\"url(no.png)\"}", "" },
	{ __LINE__, "a{content:'url(no.png)'; b:url(yes.png)}", "u yes.png|yes.png\n" },
	{ __LINE__, "/* unclosed url(no.png)", "" },
	/* Not url tokens. */
	{ __LINE__, "a{b:myurl(no.png); c:#url(no.png); d:1url(no.png)}", "" },
	{ __LINE__, "a{b:\\75rl(esc.png)}", "u esc.png|esc.png\n" },
	{ __LINE__, "a{b:format('no.woff')}", "" },
	/* image-set, with and without url(), and type() strings. */
	{ __LINE__, "a{b:image-set(\"a.png\" 1x, url(b.png) 2x)}",
	  "u a.png|a.png\nu b.png|b.png\n" },
	{ __LINE__, "a{b:-webkit-image-set('a.avif' type('image/avif') 1x, 'a.jpg' 1x)}",
	  "u a.avif|a.avif\nu a.jpg|a.jpg\n" },
	{ __LINE__, "a{b:image-set(url(\"a.png\") 1x)}", "u a.png|a.png\n" },
	{ __LINE__, "a{b:src(\"a.png\")}", "u a.png|a.png\n" },
	/* @import forms. */
	{ __LINE__, "@import \"a.css\";@import 'b.css' screen;@import url(c.css);"
		    "@import url('d.css') layer(x);@IMPORT url( e.css );",
	  "i a.css|a.css\ni b.css|b.css\ni c.css|c.css\ni d.css|d.css\ni e.css|e.css\n" },
	{ __LINE__, "@import /* c */ \"a.css\" supports(display: grid);", "i a.css|a.css\n" },
	{ __LINE__, "@media print{a{b:url(p.png)}}", "u p.png|p.png\n" },
	/* Empty, external and odd URLs are all reported; resolution decides. */
	{ __LINE__, "a{b:url()} c{d:url('')}", "" },
	{ __LINE__, "a{b:url(data:image/png;base64,AAA=)}",
	  "u data:image/png;base64,AAA=|data:image/png;base64,AAA=\n" },
	{ __LINE__, "a{b:url(//cdn/x.png)}", "u //cdn/x.png|//cdn/x.png\n" },
	{ __LINE__, "a{b:url($x:-y%20.png)}", "u $x:-y%20.png|$x:-y%20.png\n" },
	{ __LINE__, "a{b:url(\xc3\xa9.png)}", "u \xc3\xa9.png|\xc3\xa9.png\n" },
	/* Unterminated at the end of the input. */
	{ __LINE__, "a{b:url(end.png", "u end.png|end.png\n" },
	{ __LINE__, "a{b:url('end.png", "u end.png|end.png\n" },
	{ __LINE__, "a{b:url(", "" },
	{ __LINE__, "a{b:url(x\\", "u x\xef\xbf\xbd|x\\\n" },
	{ __LINE__, "@import", "" },
	{ __LINE__, "-5px url(n.png) .5e3url(x)", "u n.png|n.png\n" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);

	/* css_scan with an offset map, as html.c uses it for style="". */
	{
		const char *text = "b:url(x.png)";
		size_t map[13];
		struct ref_list list = { NULL, 0, 0 };

		for (size_t i = 0; i < 13; i++)
			map[i] = i * 2;
		css_scan(&list, text, strlen(text), 100, map, REF_STYLE_URL);
		if (list.n != 1 || list.v[0].kind != REF_STYLE_URL || list.v[0].start != 112 ||
		    list.v[0].end != 122 || list.v[0].suffix != 122 ||
		    strcmp(list.v[0].url, "x.png") != 0) {
			fprintf(stderr, "css_test.c:%d: css_scan with map\n", __LINE__);
			failures++;
		}
		refs_free(list.v, list.n);
	}
	if (failures)
		fprintf(stderr, "css_test: %d failures\n", failures);
	return failures != 0;
}
