/* SPDX-License-Identifier: MIT */
#include "../passes/pass.h"

const struct pass pass_manifest = {
	.name = "manifest",
	.summary = "merge the asset records into manifest.json",
	.kind = PASS_AGGREGATE,
	.version = 1,
	.defaults = "{}",
};
