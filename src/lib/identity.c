/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/stat.h>

#include "identity.h"

/* "SEC.NSEC", nanoseconds in nine digits. */
static void add_time(struct buf *b, const struct timespec *t)
{
	buf_add_i64(b, (long long)t->tv_sec);
	buf_addc(b, '.');
	buf_add_u64(b, (unsigned long long)t->tv_nsec, 9);
}

int file_identity(struct buf *b, const char *path)
{
	struct stat st;
	int r = lstat(path, &st);

	if (r < 0)
		memset(&st, 0, sizeof(st));
	/* As "%lld %lld.%09ld %lld.%09ld %llu" would write it, without printf(). */
	buf_add_i64(b, (long long)st.st_size);
	buf_addc(b, ' ');
	add_time(b, &st.st_mtim);
	buf_addc(b, ' ');
	add_time(b, &st.st_ctim);
	buf_addc(b, ' ');
	buf_add_u64(b, (unsigned long long)st.st_ino, 1);
	return r < 0 ? -1 : 0;
}
