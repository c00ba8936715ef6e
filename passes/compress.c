/* SPDX-License-Identifier: MIT */
#include "pass.h"

const struct pass pass_compress = {
	.name = "compress",
	.summary = "not written yet",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = "{}",
};
