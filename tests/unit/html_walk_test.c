/* SPDX-License-Identifier: MIT */
/* html_walk(): what it calls an element, its parent, namespace and
 * inertness, which text it reports, and that depth costs it no C stack. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "html.h"
#include "util.h"

static const char *const ns_names[] = { "", "svg:", "math:" };

/* One line per start tag, "ns:name<parent [attr=value...] [/] [inert]",
 * and one per text run, "'text' in parent". */
struct trace {
	const char *data;
	struct buf out;
};

static void on_element(void *ctx, const struct html_element *el)
{
	struct trace *t = ctx;

	buf_addf(&t->out, "%s%s<%s", ns_names[el->node.ns], el->node.name,
		 el->parent ? el->parent->name : "");
	for (size_t i = 0; i < el->nattrs; i++) {
		char *v = html_attr_value(t->data, &el->attrs[i]);

		buf_addf(&t->out, " %s=%s", el->attrs[i].name, v);
		free(v);
	}
	buf_addf(&t->out, "%s%s\n", el->self_closing ? " /" : "", el->inert ? " inert" : "");
}

static void on_text(void *ctx, const struct html_node *parent, size_t start, size_t end,
		    enum html_text kind)
{
	static const char *const kinds[] = { "", " raw", " cdata" };
	struct trace *t = ctx;

	buf_addf(&t->out, "'%.*s'%s in %s\n", (int)(end - start), t->data + start, kinds[kind],
		 parent ? parent->name : "");
}

static void expect(int line, const char *html, const char *want, bool texts)
{
	struct trace t = { html, BUF_INIT };
	struct html_walker w = { on_element, texts ? on_text : NULL, &t };

	html_walk(html, strlen(html), &w);
	if (strcmp(t.out.data ? t.out.data : "", want) != 0) {
		fprintf(stderr, "html_walk_test.c:%d: for\n%s\ngot\n%swant\n%s", line, html,
			t.out.data ? t.out.data : "", want);
		check_failures++;
	}
	buf_release(&t.out);
}

static void test_tokens(void)
{
	expect(__LINE__, "<IMG SRC=a.png Alt = 'x' alt=y/><p/>",
	       "img< src=a.png alt=x\np< /\n", false);
	expect(__LINE__, "<a href=\"x\"y=1 =z /q>", "a< href=x y=1 =z= q=\n", false);
	expect(__LINE__, "<img src=\"a.png\"", "", false);
	expect(__LINE__, "<a href=x", "", false);
	expect(__LINE__, "<!-- <a> --><!--><b><!---><i><!--x--!><u><? <s> ?><!x <q>><em>",
	       "b<\ni<b\nu<i\nem<u\n", false);
	expect(__LINE__, "</><a></ b><i>", "a<\ni<a\n", false);
	expect(__LINE__, "a<3 <b>c</b> d", "'a<3 ' in \nb<\n'c' in b\n' d' in \n", true);
	/* Raw text: no tags inside, up to the element's own end tag. */
	expect(__LINE__, "<style>a{}<b></style ><textarea>&lt;<i></textarea><title></b></title>",
	       "style<\n'a{}<b>' raw in style\ntextarea<\n'&lt;<i>' in textarea\ntitle<\n"
	       "'</b>' in title\n", true);
	expect(__LINE__, "<script>if (a</script.length) x = '<!--<script>';</script><img src=no>"
			 "</script><img src=yes>",
	       "script<\nimg< src=yes\n", false);
	expect(__LINE__, "<script><!-- </script><img src=yes>", "script<\nimg< src=yes\n", false);
	expect(__LINE__, "<script><!--<script>--></script><img src=yes>",
	       "script<\nimg< src=yes\n", false);
	expect(__LINE__, "<plaintext></plaintext><img>", "plaintext<\n", false);
	/* More than 16 attributes: a repeated name is dropped there too. */
	expect(__LINE__, "<a a b c d e f g h i j k l m n o p q r a s href=1 b href=2>",
	       "a< a= b= c= d= e= f= g= h= i= j= k= l= m= n= o= p= q= r= s= href=1\n", false);
}

static void test_tree(void)
{
	expect(__LINE__, "<picture><source srcset=a><img src=b></picture><img src=c>",
	       "picture<\nsource<picture srcset=a\nimg<picture src=b\nimg< src=c\n", false);
	expect(__LINE__, "<template><img><noscript><img></noscript></template><img><noscript><a>",
	       "template<\nimg<template inert\nnoscript<template inert\nimg<noscript inert\n"
	       "img<\nnoscript<\na<noscript inert\n", false);
	/* SVG and MathML, and the tags that break out of them. */
	expect(__LINE__, "<svg><image xlink:href=a /><p><image src=b></svg>",
	       "svg:svg<\nsvg:image<svg href=a /\np<\nimg<p src=b\n", false);
	expect(__LINE__, "<svg><foreignObject><image><svg><a xlink:href=x></svg></svg><image>",
	       "svg:svg<\nsvg:foreignobject<svg\nimg<foreignobject\nsvg:svg<foreignobject\n"
	       "svg:a<svg href=x\nimg<\n", false);
	expect(__LINE__, "<math><mi><b></b><mglyph></mi><annotation-xml encoding=Text/HTML><i>",
	       "math:math<\nmath:mi<math\nb<mi\nmath:mglyph<mi\n"
	       "math:annotation-xml<math encoding=Text/HTML\ni<annotation-xml\n", false);
	expect(__LINE__, "<svg><style><![CDATA[a]]>b&amp;</style></svg><![CDATA[c]]>",
	       "svg:svg<\nsvg:style<svg\n'a' cdata in style\n'b&amp;' in style\n", true);
	expect(__LINE__, "<svg><style><img>", "svg:svg<\nsvg:style<svg\nimg<\n", false);
	/* </body> closes nothing; what follows is still in <noscript>. */
	expect(__LINE__, "<body><noscript></body><img>", "body<\nnoscript<body\nimg<noscript inert\n",
	       false);
}

/* Elements deeper than HTML_MAX_DEPTH are children of the deepest open one. */
static void test_depth_cap(void)
{
	struct buf doc = BUF_INIT;
	struct trace t;
	struct html_walker w = { on_element, NULL, &t };
	const char *last;

	for (int i = 0; i < HTML_MAX_DEPTH + 10; i++)
		buf_addf(&doc, "<b%d>", i);
	buf_adds(&doc, "<img>");
	t = (struct trace){ doc.data, BUF_INIT };
	html_walk(doc.data, doc.len, &w);
	last = strrchr(t.out.data, '\n');
	while (last > t.out.data && last[-1] != '\n')
		last--;
	CHECK_STR(last, "img<b511\n");
	buf_release(&t.out);
	buf_release(&doc);
}

struct deep {
	struct buf doc;
	size_t elements, scripts;
};

static void count(void *ctx, const struct html_element *el)
{
	struct deep *d = ctx;

	d->elements++;
	if (strcmp(el->node.name, "script") == 0 && !el->inert)
		d->scripts++;
}

static void *walk_deep(void *arg)
{
	struct deep *d = arg;
	struct html_walker w = { count, NULL, d };

	html_walk(d->doc.data, d->doc.len, &w);
	return NULL;
}

/* A million nested elements, read on a thread with a 64 KiB stack. */
static void test_deep(void)
{
	struct deep d = { BUF_INIT, 0, 0 };
	pthread_attr_t attr;
	pthread_t thread;

	for (int i = 0; i < 1000000; i++)
		buf_adds(&d.doc, i % 2 ? "<div>" : "<span>");
	buf_adds(&d.doc, "<script src=a.js></script>");
	for (int i = 0; i < 1000000; i++)
		buf_adds(&d.doc, i % 2 ? "</span>" : "</div>");
	CHECK(pthread_attr_init(&attr) == 0);
	CHECK(pthread_attr_setstacksize(&attr, 64 * 1024) == 0);
	CHECK(pthread_create(&thread, &attr, walk_deep, &d) == 0);
	CHECK(pthread_join(thread, NULL) == 0);
	CHECK(d.elements == 1000001);
	CHECK(d.scripts == 1);
	pthread_attr_destroy(&attr);
	buf_release(&d.doc);
}

int main(void)
{
	test_tokens();
	test_tree();
	test_depth_cap();
	test_deep();
	return check_status();
}
