/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_INT_H
#define DISTILL_SW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The parts of the sw pass, shared by its files: sw.c (the pass: plan, job,
 * the files it writes), sw_options.c (the config section, checked) and
 * sw_precache.c (the precache list: what is precached, at which URL, with
 * which revision).
 */

extern const struct pass pass_sw;

#define SW_PRECACHE_FILE "precache-manifest.json"

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

/* The precache list: entries sorted by URL. */
struct sw_entry {
	char *url;            /* owned */
	const char *revision; /* 32 hex digits, borrowed from the manifest; or NULL */
};

struct sw_list {
	struct sw_entry *v;
	size_t n, cap;
};

/*
 * Fill list with the precache list of manifest, sorted by URL; *warnings
 * counts the warnings printed. skip names a DIST path that is not precached
 * (the worker's own source), or NULL. Entries borrow from manifest. Returns
 * 0, or -1 after a warning about a malformed manifest.
 */
int sw_precache(const struct sw_options *opt, const json_t *manifest,
		const char *skip, struct sw_list *list, int *warnings);
void sw_list_release(struct sw_list *list);
/* The string at key of a manifest entry (or of the manifest), or NULL. */
const char *sw_field(const json_t *entry, const char *key);

#endif
