/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUDGET_H
#define DISTILL_BUDGET_H

#include <stdbool.h>

extern const struct pass pass_budget;

/*
 * Print the budget report that the budget job left in <cache>/gen/budget/ to
 * stdout, as format "text" (colours when color is set), "json" or "markdown";
 * also emits GitHub Actions annotations when GITHUB_ACTIONS=true. Returns
 * the number of exceeded budgets, or -1 (after a warning) when there is no
 * readable report.
 */
int budget_report(const char *cache, const char *format, bool color);

#endif
