/* SPDX-License-Identifier: MIT */
/* Vite's build manifest: each chunk's file, the css and assets it names,
 * its static imports as files; a web app manifest of the same name, or
 * anything that is not an object of chunks, is not Vite's. */
#include <string.h>

#include "check.h"
#include "vite_manifest.h"

static int parse(const char *text, struct vite_manifest *m)
{
	return vite_manifest_parse(text, strlen(text), m);
}

int main(void)
{
	struct vite_manifest m;

	CHECK(parse("{\"index.html\": {\"file\": \"assets/index-a1.js\", \"isEntry\": true,"
		    " \"imports\": [\"_vendor-b2.js\", \"_gone.js\"], \"css\": [\"assets/index-c3.css\"],"
		    " \"assets\": [\"assets/logo-d4.svg\"]},"
		    " \"_vendor-b2.js\": {\"file\": \"assets/vendor-b2.js\"}}", &m) == 0);
	CHECK(m.n == 2);
	if (m.n == 2) {
		CHECK_STR(m.chunks[0].file, "assets/index-a1.js");
		CHECK(m.chunks[0].nimports == 1);  /* a key with no entry is left out */
		if (m.chunks[0].nimports == 1)
			CHECK_STR(m.chunks[0].imports[0], "assets/vendor-b2.js");
		CHECK(m.chunks[0].ncss == 1 && m.chunks[0].nassets == 1);
		if (m.chunks[0].ncss == 1)
			CHECK_STR(m.chunks[0].css[0], "assets/index-c3.css");
		CHECK_STR(m.chunks[1].file, "assets/vendor-b2.js");
		CHECK(m.chunks[1].nimports == 0 && m.chunks[1].ncss == 0);
	}
	vite_manifest_free(&m);

	/* A web app manifest: no "file" in its entries. */
	CHECK(parse("{\"name\": \"App\", \"icons\": [{\"src\": \"/i.png\"}]}", &m) < 0);
	CHECK(m.n == 0 && m.chunks == NULL);
	CHECK(parse("{\"a\": {\"file\": \"x.js\"}, \"b\": {\"src\": \"y\"}}", &m) < 0);
	CHECK(parse("[1, 2]", &m) < 0);
	CHECK(parse("{\"a\": ", &m) < 0);
	CHECK(parse("{}", &m) == 0 && m.n == 0);
	vite_manifest_free(&m);
	return check_status();
}
