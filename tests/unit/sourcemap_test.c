/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "sourcemap.h"

static uint64_t bytes_of(struct sourcemap_module *m, size_t n, const char *src)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].source, src) == 0)
			return m[i].bytes;
	return 0;
}

/* Append v as a base64 VLQ. */
static void vlq(struct buf *b, long v)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long u = v < 0 ? ((unsigned long)-v << 1) | 1 : (unsigned long)v << 1;

	do {
		unsigned d = u & 31;

		u >>= 5;
		buf_addc(b, digits[d | (u ? 32 : 0)]);
	} while (u);
}

/* A minified bundle: one line of n characters (every tenth one two bytes
 * long), a segment every 10 columns, alternating between two sources. The
 * line is walked once: the steps grow with its length, not with its
 * length times its segments. */
static void check_long_line(void)
{
	enum { N = 200000 };
	struct buf js = BUF_INIT, map = BUF_INIT;
	struct sourcemap_module *m;
	uint64_t unmapped, before;
	size_t n;

	for (size_t i = 0; i < N; i++)
		buf_adds(&js, i % 10 == 9 ? "\xc3\xa9" : "x");
	buf_adds(&map, "{\"version\":3,\"sources\":[\"a.js\",\"b.js\"],\"mappings\":\"");
	for (size_t k = 0; k < N / 10; k++) {
		if (k)
			buf_addc(&map, ',');
		vlq(&map, k ? 10 : 0);          /* column, relative */
		vlq(&map, k == 0 ? 0 : k % 2 ? 1 : -1); /* source, relative */
		vlq(&map, 0);
		vlq(&map, 0);
	}
	buf_adds(&map, "\"}");
	before = sourcemap_column_steps;
	CHECK(sourcemap_attribute(js.data, js.len, map.data, map.len, &m, &n, &unmapped) == 0);
	CHECK(sourcemap_column_steps - before <= N);
	CHECK(n == 2 && bytes_of(m, n, "a.js") == js.len / 2 && bytes_of(m, n, "b.js") == js.len / 2);
	CHECK(unmapped == 0);
	sourcemap_free(m, n);
	buf_release(&js);
	buf_release(&map);
}

int main(void)
{
	struct sourcemap_module *m;
	uint64_t unmapped;
	size_t n;
	char *url;

	/* Line 1: "abc" from a.js, ";" from b.js; line 2 from b.js. */
	const char *js = "abc;\ndefgh\n";
	const char *map = "{\"version\":3,\"sources\":[\"../src/a.js\",\"../src/b.js\"],"
			  "\"mappings\":\"AAAA,GCAA;AACA\"}";
	CHECK(sourcemap_attribute(js, strlen(js), map, strlen(map), &m, &n, &unmapped) == 0);
	CHECK(n == 2);
	CHECK(bytes_of(m, n, "../src/a.js") == 3);
	CHECK(bytes_of(m, n, "../src/b.js") == 6);
	CHECK(unmapped == 2);
	CHECK(n == 2 && strcmp(m[0].source, "../src/b.js") == 0); /* largest first */
	sourcemap_free(m, n);

	/* Columns are UTF-16 units: e-acute is one, U+1D11E two. */
	const char *wide = "\xc3\xa9\xf0\x9d\x84\x9ex";
	const char *map2 = "{\"version\":3,\"sourceRoot\":\"src\",\"sources\":[\"a.js\",\"b.js\"],"
			   "\"mappings\":\"AAAA,GCAA\"}";
	CHECK(sourcemap_attribute(wide, strlen(wide), map2, strlen(map2), &m, &n, &unmapped) == 0);
	CHECK(bytes_of(m, n, "src/a.js") == 6);
	CHECK(bytes_of(m, n, "src/b.js") == 1);
	CHECK(unmapped == 0);
	sourcemap_free(m, n);

	/* A one-field segment and text before the first segment are unmapped;
	 * lines past the mappings too. */
	const char *js3 = "xxAAA\nmore\nrest";
	const char *map3 = "{\"version\":3,\"sources\":[\"a.js\"],\"mappings\":\"EAAA;A\"}";
	CHECK(sourcemap_attribute(js3, strlen(js3), map3, strlen(map3), &m, &n, &unmapped) == 0);
	CHECK(bytes_of(m, n, "a.js") == 3);
	CHECK(unmapped == 2 + 1 + 4 + 1 + 4);
	sourcemap_free(m, n);

	/* Not a map, a bad digit, a negative source index. */
	CHECK(sourcemap_attribute(js, strlen(js), "{}", 2, &m, &n, &unmapped) == -1);
	const char *bad = "{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"A!AA\"}";
	CHECK(sourcemap_attribute(js, strlen(js), bad, strlen(bad), &m, &n, &unmapped) == -1);
	const char *neg = "{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"ADAA\"}";
	CHECK(sourcemap_attribute(js, strlen(js), neg, strlen(neg), &m, &n, &unmapped) == -1);

	url = sourcemap_url("x()\n//# sourceMappingURL=index-abc.js.map\n", 41);
	CHECK_STR(url, "index-abc.js.map");
	free(url);
	url = sourcemap_url("x()\n", 4);
	CHECK(url == NULL);
	check_long_line();
	return check_status();
}
