/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_OPTIONS_H
#define DISTILL_OPTIONS_H

#include <stdbool.h>

/* The command line, read-only after parsing. */
struct options {
	const char *command;  /* "build" or "budget" */
	const char *dist;     /* DIST, default "dist" */
	const char *out;      /* --out DIR, or NULL for in place */
	const char *cache;    /* --cache DIR, or NULL for the default */
	const char *config;   /* --config FILE, or NULL to look for one */
	const char *report;   /* --report text|json|markdown */
	const char *sw_template; /* --sw-template FILE, or NULL */
	int jobs;             /* -j N; 0 means the number of CPUs */
	int shard, shards;    /* --shard I/N: run the I-th slice of N (1-based);
			       * shards is 0 without it */
	bool vercel;          /* --vercel: Build Output API v3 layout */
	bool no_fail;         /* --no-fail: report budgets, never exit 3 */
	bool strict;          /* --strict: warnings about the site fail it */
	bool dry_run;         /* -n: plan, print what would run, write nothing */
	bool force;           /* --force: replace an --out distill did not write */
};

#endif
