/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUILD_H
#define DISTILL_BUILD_H

struct options;

/* The run: scan, plan, run ninja, commit, report. Returns the exit status. */
int build(const struct options *opt);

#endif
