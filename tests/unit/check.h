/* SPDX-License-Identifier: MIT */
/* A minimal assertion helper for the unit tests: CHECK counts failures and
 * names the line; a test's main returns check_status(). */
#ifndef DISTILL_CHECK_H
#define DISTILL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		check_failures++; \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_) != 0) { \
		fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, \
			g_ ? g_ : "(null)", w_); \
		check_failures++; \
	} \
} while (0)

static inline int check_status(void)
{
	if (check_failures)
		fprintf(stderr, "%d checks failed\n", check_failures);
	return check_failures != 0;
}

#endif
