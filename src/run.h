/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_RUN_H
#define DISTILL_RUN_H

#include <stdbool.h>

/* How to run ninja on a plan. */
struct run_options {
	const char *plan;   /* build.ninja to run */
	const char *dir;    /* folder to run it in */
	const char *target; /* one target, or NULL for all */
	int jobs;
	bool dry_run;       /* -n: show what would run */
	bool explain;       /* -d explain */
};

/*
 * Find ninja (DISTILL_NINJA, else ninja or samu on PATH) and run it. On a
 * terminal at the default verbosity ninja's status line is the progress
 * bar; otherwise its output is filtered to what matters. SIGINT, SIGTERM and
 * SIGHUP are forwarded to it. Returns 0, 1 when a job failed or ninja is
 * missing, or 128+N when interrupted by signal N. *jobs_run counts the jobs
 * ninja started.
 */
int run_ninja(const struct run_options *ro, int *jobs_run);

/* The environment variable that gives the jobs ninja runs the build's
 * verbosity (-q, -v), which their command lines leave out so that a
 * quieter build is not a new one. */
#define JOB_VERBOSITY_ENV "DISTILL_JOB_VERBOSITY"

#endif
