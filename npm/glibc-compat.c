/* SPDX-License-Identifier: MIT */
/*
 * libdistill-glibc-compat.so: the glibc 2.36 functions that Debian 12's
 * libstdc++ and libexpat call, for the glibc 2.34 of Amazon Linux 2023 (the
 * Vercel build image). glibc-floor.c makes their references unversioned and
 * the bundler adds this library as a dependency of the files that make them;
 * where libc has the functions too, either definition is fine: both return
 * bytes from the kernel's random number generator.
 *
 * Built by npm/bundle.sh; uses only getrandom (glibc 2.25).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

/* Like glibc's, it cannot fail: a kernel without getrandom(2) is older than
 * anything glibc 2.34 supports, so any other error aborts. */
void arc4random_buf(void *p, size_t n)
{
	unsigned char *b = p;

	while (n > 0) {
		ssize_t r = getrandom(b, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			abort();
		}
		b += r;
		n -= (size_t)r;
	}
}

uint32_t arc4random(void)
{
	uint32_t v;

	arc4random_buf(&v, sizeof v);
	return v;
}

/* Uniform in [0, upper): reject the values below 2^32 mod upper. */
uint32_t arc4random_uniform(uint32_t upper)
{
	uint32_t min, v;

	if (upper < 2)
		return 0;
	min = -upper % upper;
	do
		v = arc4random();
	while (v < min);
	return v % upper;
}
