/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

static int failures;

static void check_str(int line, const char *what, const char *got, const char *want)
{
	if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
		fprintf(stderr, "url_test.c:%d: %s: got %s%s%s, want %s%s%s\n", line, what,
			got ? "'" : "", got ? got : "NULL", got ? "'" : "",
			want ? "'" : "", want ? want : "NULL", want ? "'" : "");
		failures++;
	}
}

static void check_int(int line, const char *what, int got, int want)
{
	if (got != want) {
		fprintf(stderr, "url_test.c:%d: %s: got %d, want %d\n", line, what, got, want);
		failures++;
	}
}

#define EXTERNAL(u, want) check_int(__LINE__, "url_is_external(" #u ")", !!url_is_external(u), want)

static void resolve(int line, const char *from, const char *base, const char *url,
		    const char *want, const char *want_suffix)
{
	char *suffix = (char *)"unset";
	char *got = url_resolve(from, base, url, &suffix);

	check_str(line, url, got, want);
	check_str(line, url, suffix, want_suffix);
	free(got);
	free(suffix);
}

#define RESOLVE(from, base, url, want, suffix) resolve(__LINE__, from, base, url, want, suffix)

static void for_(int line, const char *from, const char *to, int absolute, const char *want)
{
	char *got = url_for(from, to, absolute);

	check_str(line, to, got, want);
	free(got);
}

#define FOR(from, to, absolute, want) for_(__LINE__, from, to, absolute, want)

/* url_for's result must resolve back to the same file from the same place. */
static void round_trip(int line, const char *from, const char *to)
{
	for (int absolute = 0; absolute < 2; absolute++) {
		char *u = url_for(from, to, absolute), *suffix = NULL;
		char *back = url_resolve(from, NULL, u, &suffix);

		check_str(line, u, back, to);
		check_str(line, u, suffix, "");
		check_int(line, u, !!url_is_external(u), 0);
		free(u);
		free(back);
		free(suffix);
	}
}

#define ROUND_TRIP(from, to) round_trip(__LINE__, from, to)

int main(void)
{
	EXTERNAL("data:image/png;base64,AAAA", 1);
	EXTERNAL("blob:https://x/1", 1);
	EXTERNAL("mailto:a@b.c", 1);
	EXTERNAL("javascript:void(0)", 1);
	EXTERNAL("JavaScript:void(0)", 1);
	EXTERNAL("https://cdn.example.com/a.js", 1);
	EXTERNAL("tel:+1234", 1);
	EXTERNAL("//cdn.example.com/a.js", 1);
	EXTERNAL("\\\\cdn.example.com/a.js", 1);
	EXTERNAL(" //cdn.example.com/a.js", 1);
	EXTERNAL("", 1);
	EXTERNAL("   ", 1);
	EXTERNAL("#top", 1);
	EXTERNAL("?page=2", 1);
	EXTERNAL("a.png", 0);
	EXTERNAL("/a.png", 0);
	EXTERNAL("./a:b.png", 0);
	EXTERNAL("a/b:c.png", 0);
	EXTERNAL("1a:b.png", 0);
	EXTERNAL("../x.css", 0);

	check_int(__LINE__, "absolute /a", url_is_absolute("/a"), 1);
	check_int(__LINE__, "absolute //a", url_is_absolute("//a"), 0);
	check_int(__LINE__, "absolute a", url_is_absolute("a/b"), 0);
	check_int(__LINE__, "absolute ' /a'", url_is_absolute(" /a"), 1);

	RESOLVE("index.html", NULL, "img/a.png", "img/a.png", "");
	RESOLVE("blog/post.html", NULL, "img/a.png", "blog/img/a.png", "");
	RESOLVE("blog/post.html", NULL, "../img/a.png", "img/a.png", "");
	RESOLVE("blog/post.html", NULL, "/img/a.png", "img/a.png", "");
	RESOLVE("blog/post.html", NULL, "./img/./a.png", "blog/img/a.png", "");
	RESOLVE("blog/post.html", NULL, "img/../a.png", "blog/a.png", "");
	RESOLVE("a/b/c.css", NULL, "../../x.png", "x.png", "");
	/* Above the root, browsers stay at the root. */
	RESOLVE("a/b/c.css", NULL, "../../../x.png", "x.png", "");
	RESOLVE("index.html", NULL, "../x.png", "x.png", "");
	RESOLVE("index.html", NULL, "/../x.png", "x.png", "");
	RESOLVE("index.html", NULL, "%2e%2e/x.png", "x.png", "");
	RESOLVE("a/index.html", NULL, "%2E%2e/x.png", "x.png", "");
	RESOLVE("css/a.css", NULL, "font.eot?#iefix", "css/font.eot", "?#iefix");
	RESOLVE("index.html", NULL, "icons.svg#name", "icons.svg", "#name");
	RESOLVE("index.html", NULL, "a.js?v=1&b=2#x", "a.js", "?v=1&b=2#x");
	RESOLVE("index.html", NULL, "a%3Fb.png?q", "a?b.png", "?q");
	RESOLVE("index.html", NULL, "my%20photo.jpg", "my photo.jpg", "");
	RESOLVE("index.html", NULL, "my photo.jpg", "my photo.jpg", "");
	RESOLVE("index.html", NULL, "caf%C3%A9.png", "caf\xc3\xa9.png", "");
	RESOLVE("index.html", NULL, "caf\xc3\xa9.png", "caf\xc3\xa9.png", "");
	RESOLVE("index.html", NULL, "100%.png", "100%.png", "");
	RESOLVE("index.html", NULL, "a%2Fb.png", NULL, NULL);
	RESOLVE("index.html", NULL, "a%00b.png", NULL, NULL);
	RESOLVE("index.html", NULL, "./a:b.png", "a:b.png", "");
	RESOLVE("index.html", NULL, "$x.png", "$x.png", "");
	RESOLVE("index.html", NULL, "-x.png", "-x.png", "");
	RESOLVE("index.html", NULL, "  a.png\n", "a.png", "");
	RESOLVE("index.html", NULL, "a\n.p\tng", "a.png", "");
	RESOLVE("index.html", NULL, "img\\a.png", "img/a.png", "");
	RESOLVE("index.html", NULL, "img//a.png", "img/a.png", "");
	RESOLVE("index.html", NULL, "/", "index.html", "");
	RESOLVE("blog/x.html", NULL, "/about/", "about/index.html", "");
	RESOLVE("blog/x.html", NULL, ".", "blog/index.html", "");
	RESOLVE("blog/x.html", NULL, "..", "index.html", "");
	RESOLVE("blog/x.html", NULL, "./?q", "blog/index.html", "?q");
	RESOLVE("index.html", NULL, "https://x.com/a.png", NULL, NULL);
	RESOLVE("index.html", NULL, "#x", NULL, NULL);

	/* <base href>: relative to the document, or from the root. */
	RESOLVE("blog/post.html", "/", "img/a.png", "img/a.png", "");
	RESOLVE("blog/post.html", "/static/", "img/a.png", "static/img/a.png", "");
	RESOLVE("blog/post.html", "/static/page.html", "a.png", "static/a.png", "");
	RESOLVE("blog/post.html", "sub/", "a.png", "blog/sub/a.png", "");
	RESOLVE("blog/post.html", "../", "a.png", "a.png", "");
	RESOLVE("blog/post.html", "/static/", "/img/a.png", "img/a.png", "");
	RESOLVE("blog/post.html", "#x", "a.png", "blog/a.png", "");
	RESOLVE("blog/post.html", "", "a.png", "blog/a.png", "");
	RESOLVE("blog/post.html", "https://example.com/", "a.png", NULL, NULL);
	RESOLVE("blog/post.html", "../../", "a.png", "a.png", "");

	{
		char *d = url_base_dir("blog/post.html", NULL);
		check_str(__LINE__, "base dir", d, "blog");
		free(d);
		d = url_base_dir("blog/post.html", "/");
		check_str(__LINE__, "base dir /", d, "");
		free(d);
		d = url_base_dir("index.html", "//cdn/");
		check_str(__LINE__, "base dir //cdn/", d, NULL);
		free(d);
	}

	FOR("index.html", "assets/a.png", 0, "assets/a.png");
	FOR("index.html", "assets/a.png", 1, "/assets/a.png");
	FOR("blog/post.html", "assets/a.png", 0, "../assets/a.png");
	FOR("blog/post.html", "blog/a.png", 0, "a.png");
	FOR("blog/post.html", "blog/img/a.png", 0, "img/a.png");
	FOR("a/b/c.html", "a/x/y.png", 0, "../x/y.png");
	FOR("assets/site.css", "assets/font.woff2", 0, "font.woff2");
	FOR("assets/site.css", "img/bg.png", 0, "../img/bg.png");
	FOR("ab/x.html", "a/y.png", 0, "../a/y.png");
	FOR("a/x.html", "ab/y.png", 0, "../ab/y.png");
	FOR("a/x.html", "a", 0, "../a");
	FOR("index.html", "my photo.jpg", 0, "my%20photo.jpg");
	FOR("index.html", "100%.png", 0, "100%25.png");
	FOR("index.html", "a?b#c.png", 0, "a%3Fb%23c.png");
	FOR("index.html", "q\"'().png", 0, "q%22%27%28%29.png");
	FOR("index.html", "a,b.png", 0, "a%2Cb.png");
	FOR("index.html", "a&b<c>.png", 0, "a%26b%3Cc%3E.png");
	FOR("index.html", "caf\xc3\xa9.png", 0, "caf%C3%A9.png");
	FOR("index.html", "a:b.png", 0, "./a:b.png");
	FOR("index.html", "a:b/c.png", 0, "./a:b/c.png");
	FOR("index.html", "a/b:c.png", 0, "a/b:c.png");
	FOR("x/index.html", "a:b.png", 0, "../a:b.png");
	FOR("index.html", "a:b.png", 1, "/a:b.png");
	FOR("index.html", "$-x.png", 0, "$-x.png");
	FOR("index.html", "back\\slash.png", 0, "back%5Cslash.png");

	ROUND_TRIP("index.html", "a b/c d.png");
	ROUND_TRIP("x/y/index.html", "a:b/%20$#?.png");
	ROUND_TRIP("x/y/index.html", "x/z/caf\xc3\xa9 'q\".png");
	ROUND_TRIP("x/y/index.html", "x/y/-lead.png");
	ROUND_TRIP("x/y/index.html", "x/y/z/a.b.c");
	ROUND_TRIP("index.html", "..x");
	ROUND_TRIP("index.html", "a\\b");

	/* The URL an output file is served at, as URL.pathname has it. */
	{
		static const char *const cases[][3] = {
			{ "index.html", "", "/" },
			{ "blog/index.html", "", "/blog/" },
			{ "about.html", "", "/about.html" },
			{ "assets/x index.html", "", "/assets/x%20index.html" },
			{ "caf\xc3\xa9/50%.txt", "", "/caf%C3%A9/50%25.txt" },
			{ "a\"#<>?`{}.txt", "", "/a%22%23%3C%3E%3F%60%7B%7D.txt" },
			{ "a\\b*:c.txt", "", "/a\\b*:c.txt" },
			{ "a\\b*:c.txt", "\\*", "/a%5Cb%2A:c.txt" },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
			char *got = url_of_output(cases[i][0], cases[i][1]);

			if (strcmp(got, cases[i][2]) != 0) {
				fprintf(stderr, "url_of_output(\"%s\", \"%s\") = \"%s\", want \"%s\"\n",
					cases[i][0], cases[i][1], got, cases[i][2]);
				failures++;
			}
			free(got);
		}
	}

	if (failures)
		fprintf(stderr, "url_test: %d failures\n", failures);
	return failures != 0;
}
