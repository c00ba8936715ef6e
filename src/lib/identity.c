/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/stat.h>

#include "identity.h"

int file_identity(struct buf *b, const char *path)
{
	struct stat st;
	int r = lstat(path, &st);

	if (r < 0)
		memset(&st, 0, sizeof(st));
	buf_addf(b, "%lld %lld.%09ld %lld.%09ld %llu", (long long)st.st_size,
		 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		 (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
		 (unsigned long long)st.st_ino);
	return r < 0 ? -1 : 0;
}
