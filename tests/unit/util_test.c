/* SPDX-License-Identifier: MIT */
/* Path helpers: what lies below a folder, base names. */
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
	return check_status();
}
