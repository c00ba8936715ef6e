/* SPDX-License-Identifier: MIT */
/* Path helpers: what lies below a folder, base names; UTF-8 checks and
 * the escaped form of names that are not UTF-8; reading a file whole
 * only up to a limit. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "util.h"

int main(void)
{
	CHECK(path_is_under("/a/b/c", "/a/b"));
	CHECK(path_is_under("/a/b/c/d", "/a"));
	CHECK(!path_is_under("/a/b", "/a/b"));  /* the folder itself */
	CHECK(!path_is_under("/a/bc", "/a/b")); /* a sibling sharing a prefix */
	CHECK(!path_is_under("/a", "/a/b"));
	CHECK_STR(path_base("x/y/z.js"), "z.js");
	CHECK_STR(path_base("z.js"), "z.js");
	{
		static const char *const cases[][3] = {
			{ "/a/b", "/a/c/d", "../c/d" },
			{ "/p/cache", "/p/out", "../out" },
			{ "/p/node_modules/.cache/distill", "/p/dist-out", "../../../dist-out" },
			{ "/p", "/p/out", "out" },
			{ "/p/x", "/p/x", "." },
			{ "/p/out", "/p", ".." },
			{ "/ab", "/abc/d", "../abc/d" },
			{ "/", "/a", "a" },
		};

		static const char *const paths[][2] = {
			{ "/no/such/a/../b", "/no/such/b" },
			{ "/no/such/./a//b/", "/no/such/a/b" },
			{ "/no/such/../../..", "/" },
		};

		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			char *abs = path_absolute(paths[i][0]);

			CHECK_STR(abs, paths[i][1]);
			free(abs);
		}
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			char *rel = path_relative(cases[i][0], cases[i][1]);

			CHECK_STR(rel, cases[i][2]);
			free(rel);
		}
	}
	CHECK(utf8_valid(""));
	CHECK(utf8_valid("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80"));
	CHECK(!utf8_valid("caf\xe9.txt"));         /* Latin-1 */
	CHECK(!utf8_valid("\xff"));
	CHECK(!utf8_valid("\xc0\xaf"));            /* overlong '/' */
	CHECK(!utf8_valid("\xe0\x80\xaf"));        /* overlong, 3 bytes */
	CHECK(!utf8_valid("\xed\xa0\x80"));        /* a surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80"));    /* past U+10FFFF */
	CHECK(!utf8_valid("\xe6\x97"));            /* cut short */
	{
		static const char *const cases[][2] = {
			{ "caf\xe9.txt", "caf\\xe9.txt" },
			{ "dir\xff/inside.txt", "dir\\xff/inside.txt" },
			{ "\xc3\xa9\xe9", "\xc3\xa9\\xe9" },    /* valid part kept */
			{ "a\\b\xe9", "a\\\\b\\xe9" },         /* backslash doubled */
			{ "new\nline\x7f", "new\\x0aline\\x7f" },
			{ "\xe6\x97", "\\xe6\\x97" },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
			char *e = utf8_escape(cases[i][0]);

			CHECK_STR(e, cases[i][1]);
			CHECK(utf8_valid(e));
			free(e);
		}
	}

	{
		char path[] = "/tmp/distill-util-test.XXXXXX", *text;
		int fd = mkstemp(path);
		size_t len = 0;

		CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
		close(fd);
		text = read_file_max(path, 10, &len);
		CHECK_STR(text, "0123456789");
		CHECK(len == 10);
		free(text);
		errno = 0;
		CHECK(!read_file_max(path, 9, &len) && errno == EFBIG);
		unlink(path);
	}
	return check_status();
}
