/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/stat.h>

#include "identity.h"

/* The decimal digits of u, at least width of them (zeros in front). A
 * commit writes an identity per output file, and printf() was most of
 * that time. */
static void add_unsigned(struct buf *b, unsigned long long u, int width)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || n < width);
	while (n > 0)
		buf_addc(b, digits[--n]);
}

static void add_signed(struct buf *b, long long v)
{
	if (v < 0)
		buf_addc(b, '-');
	add_unsigned(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, 1);
}

/* "SEC.NSEC", nanoseconds in nine digits. */
static void add_time(struct buf *b, const struct timespec *t)
{
	add_signed(b, (long long)t->tv_sec);
	buf_addc(b, '.');
	add_unsigned(b, (unsigned long long)t->tv_nsec, 9);
}

int file_identity(struct buf *b, const char *path)
{
	struct stat st;
	int r = lstat(path, &st);

	if (r < 0)
		memset(&st, 0, sizeof(st));
	/* As "%lld %lld.%09ld %lld.%09ld %llu" would write it. */
	add_signed(b, (long long)st.st_size);
	buf_addc(b, ' ');
	add_time(b, &st.st_mtim);
	buf_addc(b, ' ');
	add_time(b, &st.st_ctim);
	buf_addc(b, ' ');
	add_unsigned(b, (unsigned long long)st.st_ino, 1);
	return r < 0 ? -1 : 0;
}
