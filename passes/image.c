/* SPDX-License-Identifier: MIT */
#include "pass.h"

const struct pass pass_image = {
	.name = "image",
	.summary = "not written yet",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = "{}",
};
