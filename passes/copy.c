/* SPDX-License-Identifier: MIT */
#include "pass.h"

const struct pass pass_copy = {
	.name = "copy",
	.summary = "not written yet",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = "{}",
};
