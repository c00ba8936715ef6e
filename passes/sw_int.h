/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_INT_H
#define DISTILL_SW_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The parts of the sw pass, shared by its files: sw.c (the pass: plan, job,
 * the files it writes) and sw_options.c (the config section, checked).
 */

extern const struct pass pass_sw;

/* The sw config section, checked. Strings and objects are borrowed from
 * the config; runtime is new. */
struct sw_options {
	bool enabled;
	const char *filename;        /* where the worker is served: "sw.js" */
	const char *template;        /* a template file instead of the built-in */
	const char *source;          /* a Workbox-style source, or NULL */
	const char *injection_point; /* "self.__WB_MANIFEST" */
	uint64_t max_size;           /* larger outputs are not precached */
	bool strict;
	const json_t *app_shell;     /* URLs that are always precached */
	const char *offline_page;    /* URL, or NULL */
	json_t *runtime;             /* the "config" the worker gets */
};

/* Read and check the config section. Returns 0, or -1 after a warning. */
int sw_options_init(struct sw_options *opt, const json_t *config);
void sw_options_release(struct sw_options *opt);
/* The job's config section over the defaults, so that a partial section
 * (a test's, or an older config.json) reads the same as the planner's.
 * Returns a new object, or NULL after a warning naming a bad key. */
json_t *sw_config(const json_t *section);

#endif
