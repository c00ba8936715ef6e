/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_ANNOTATE_H
#define DISTILL_ANNOTATE_H

#include <stdbool.h>

#include "buf.h"

/* GitHub Actions workflow commands: a line "::warning file=F::message" on
 * stdout becomes an annotation on the run and, with a file, on that file. */

/* True when running under GitHub Actions (GITHUB_ACTIONS=true). */
bool annotations_wanted(void);
/* Append s escaped for a workflow command's message or property value. */
void annotation_escape(struct buf *b, const char *s, bool property);
/* Print one annotation when annotations are wanted. level is "warning" or
 * "error"; title and file may be NULL. */
void annotate(const char *level, const char *title, const char *file, const char *msg);

#endif
