/* SPDX-License-Identifier: MIT */
/* Path helpers: what lies below a folder, base names; reading a file
 * whole only up to a limit. */
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
