/* SPDX-License-Identifier: MIT */
#include "build.h"
#include "options.h"
#include "util.h"

int build(const struct options *opt)
{
	(void)opt;
	warn("build: not written yet");
	return EXIT_FAILED;
}
