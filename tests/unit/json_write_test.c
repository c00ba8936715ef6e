/* SPDX-License-Identifier: MIT */
/* json_write_string() gives the bytes json_dumps() gives for the same
 * string: every control character, quotes and backslashes among plain
 * and multi-byte UTF-8, in random strings from a fixed seed. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "check.h"
#include "json_write.h"
#include "util.h"

static void check_same(const char *s)
{
	json_t *v = json_string(s);
	char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	struct buf b = BUF_INIT;

	CHECK(want != NULL);
	json_write_string(&b, s);
	buf_addc(&b, '\0');
	CHECK_STR(b.data, want);
	free(want);
	json_decref(v);
	buf_release(&b);
}

int main(void)
{
	static const char *const pieces[] = {
		"a", "/", "\"", "\\", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ",
	};
	unsigned seed = 1;
	char s[64];

	check_same("");
	for (int c = 1; c < 0x20; c++) {
		s[0] = 'x', s[1] = (char)c, s[2] = 'y', s[3] = '\0';
		check_same(s);
	}
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		int parts = (int)(rand_r(&seed) % 12);

		for (int i = 0; i < parts; i++) {
			int pick = (int)(rand_r(&seed) % 12);
			const char *p;
			char ctl[2] = { (char)(1 + rand_r(&seed) % 0x1f), '\0' };

			p = pick < 9 ? pieces[pick] : ctl;
			memcpy(s + n, p, strlen(p));
			n += strlen(p);
		}
		s[n] = '\0';
		check_same(s);
	}
	{
		struct buf b = BUF_INIT;

		json_write_string_or_null(&b, NULL);
		buf_addc(&b, '\0');
		CHECK_STR(b.data, "null");
		buf_release(&b);
	}
	return 0;
}
