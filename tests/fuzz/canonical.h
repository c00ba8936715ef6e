/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets that produce site paths. */
#ifndef DISTILL_FUZZ_CANONICAL_H
#define DISTILL_FUZZ_CANONICAL_H

#include <stdlib.h>
#include <string.h>

/* A site path is relative, '/'-separated, with no empty, "." or ".."
 * segment: abort (a fuzzer finding) otherwise. */
static inline void check_canonical(const char *p)
{
	const char *s = p;

	if (!*p || *p == '/')
		abort();
	for (;;) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			abort();
		if (!s[n])
			break;
		s += n + 1;
	}
}

#endif
