/* SPDX-License-Identifier: MIT */
#include "pass.h"

const struct pass pass_headers = {
	.name = "headers",
	.summary = "not written yet",
	.kind = PASS_AGGREGATE,
	.version = 1,
	.defaults = "{}",
};
