/* SPDX-License-Identifier: MIT */
/* json_write_string() gives the bytes json_dumps() gives for the same
 * string: every control character, quotes and backslashes among plain
 * and multi-byte UTF-8, in random strings from a fixed seed. So does
 * json_write_value() for whole values: nested objects and arrays,
 * integers at their limits, reals of every magnitude at two precisions. */
#include <limits.h>
#include <stdio.h>
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

static void check_same_value(const json_t *v, int precision)
{
	char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
				   JSON_REAL_PRECISION(precision));
	struct buf b = BUF_INIT;

	CHECK(want != NULL);
	json_write_value(&b, v, precision);
	buf_addc(&b, '\0');
	CHECK_STR(b.data, want);
	free(want);
	buf_release(&b);
}

/* A random value, depth levels deep at most. */
static json_t *random_value(unsigned *seed, int depth)
{
	static const double reals[] = {
		0.0, -0.0, 0.1, 1.0, -2.5, 33.333333333, 100.0, 1e-7, 1.5e-300,
		1e21, 123456789.0, 9.87654321e15, -4.2e-5, 6.02214076e23,
	};
	static const json_int_t ints[] = { 0, 1, -1, 42, 1000000, -987654321,
		LLONG_MAX, LLONG_MIN };
	json_t *v;
	char key[16];

	switch (rand_r(seed) % (depth > 0 ? 8 : 6)) {
	case 0: return json_integer(ints[rand_r(seed) % 8]);
	case 1: return json_real(reals[rand_r(seed) % 14] * (1 + rand_r(seed) % 7));
	case 2: return json_string(rand_r(seed) % 2 ? "a \"quoted\"\n\xc3\xa9" : "");
	case 3: return json_true();
	case 4: return json_false();
	case 5: return json_null();
	case 6:
		v = json_array();
		for (unsigned i = rand_r(seed) % 5; i > 0; i--)
			json_array_append_new(v, random_value(seed, depth - 1));
		return v;
	default:
		v = json_object();
		for (unsigned i = rand_r(seed) % 5; i > 0; i--) {
			snprintf(key, sizeof(key), "k%u", rand_r(seed) % 100);
			json_object_set_new(v, key, random_value(seed, depth - 1));
		}
		return v;
	}
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
	for (int round = 0; round < 5000; round++) {
		json_t *v = random_value(&seed, 4);

		check_same_value(v, 6);
		check_same_value(v, 0);
		json_decref(v);
	}
	return check_status();
}
