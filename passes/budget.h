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

/* The same in two steps: the report read and compared with the previous
 * build's, which prints nothing and touches no global state, so that a
 * build may do it in a thread while it commits; then printed, as
 * budget_report() does, which frees the reading. */
struct budget_reading;
struct budget_reading *budget_report_read(const char *cache);
int budget_report_print(struct budget_reading *r, const char *format, bool color);
/* Free a reading that is not printed (NULL is allowed). */
void budget_reading_free(struct budget_reading *r);

#endif
