/* SPDX-License-Identifier: MIT */
#include "pass.h"

const struct pass pass_hash = {
	.name = "hash",
	.summary = "not written yet",
	.kind = PASS_ASSET,
	.version = 1,
	.defaults = "{}",
};
