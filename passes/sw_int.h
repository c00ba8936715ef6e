/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_SW_INT_H
#define DISTILL_SW_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../src/lib/buf.h"

struct job;
struct manifest;
struct sw_chunks;

/*
 * The parts of the sw pass, shared by its files: sw.c (the pass: plan, job,
 * the files it writes), sw_options.c (the config section, checked),
 * sw_precache.c (the precache list: what is precached, at which URL, with
 * which revision) and sw_worker.c (the worker's text: its source, the
 * template filled or the list injected, the list as JSON).
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
/* The text of the script that registers the worker at /worker_file
 * (sw_register.c). */
void sw_register_script(struct buf *b, const char *worker_file);
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
int sw_precache(const struct sw_options *opt, const struct manifest *m,
		const char *skip, struct sw_list *list, int *warnings);
void sw_list_release(struct sw_list *list);
/* Add url (copied) with revision (borrowed), keeping the list sorted. */
void sw_list_add(struct sw_list *list, const char *url, const char *revision);

/* What sw_choose() found: the template, a source to inject the list into,
 * or DIST's own worker, kept as it is. */
enum sw_source { SW_TEMPLATE, SW_INJECTED, SW_KEPT };

/*
 * Where the worker comes from: a configured source, DIST's own worker, or
 * the template. Sets *path to the file to read (NULL for the built-in
 * template) and *dist_path to the DIST path of a source inside DIST.
 * Returns the kind, or -1 after a warning.
 */
int sw_choose(const struct sw_options *opt, const struct manifest *m,
	      const char *template, const char *source, const char **path,
	      const char **dist_path);
/*
 * The worker's text into out: the template (the file at path, or the
 * built-in one) filled with {version, precache, config}, or the source at
 * path with the list (listing) injected. With chunks (the built-in
 * template), precache is read from them by importScripts() rather than
 * written out. Returns 0 or -1 after a warning.
 */
int sw_worker(struct buf *out, const struct sw_options *opt,
	      enum sw_source kind, const char *path, const struct sw_list *list,
	      const struct sw_chunks *chunks, const char *listing, const char *version);
/*
 * The built-in worker's precache list, in content-defined chunks: scripts
 * at SW_CHUNK_DIR/<fingerprint>.js that push their entries onto
 * self[SW_CHUNK_GLOBAL], loaded by the worker with importScripts(), so
 * that a change to one entry changes one small file (sw_chunks.c).
 */
#define SW_CHUNK_DIR "sw-precache"
#define SW_CHUNK_GLOBAL "__distillPrecache"
/* A chunk's name in the job's folder, before its fingerprint. */
#define SW_CHUNK_PREFIX "precache-chunk-"

struct sw_chunk {
	char *name;      /* in the job's folder: SW_CHUNK_PREFIX "<fingerprint>.js" */
	char *output;    /* in the site: SW_CHUNK_DIR "/<fingerprint>.js" */
	char *url;       /* where the worker imports it from */
	struct buf text;
};

struct sw_chunks {
	struct sw_chunk *v;
	size_t n, cap;
};

/* Split list, sorted by URL, into chunks. */
void sw_chunks_split(struct sw_chunks *c, const struct sw_list *list);
void sw_chunks_release(struct sw_chunks *c);
/* Write each chunk into job->out with its sidecars and list them in
 * record; one listed in last (the previous record of this job, made with
 * the same settings, or NULL) with the same bytes, and intact, is listed
 * again as it is. Returns 0, or -1 after a warning. */
int sw_chunks_put(const struct job *job, json_t *record, const json_t *last,
		  const struct sw_chunks *c);
/* Remove the chunk files in dir that record does not list: the last
 * run's, and their sidecars. */
void sw_chunks_prune(const char *dir, const json_t *record);

/* The precache list as JSON text, one entry a line, each line after the
 * first indented by indent spaces. */
void sw_dump_list(struct buf *b, const struct sw_list *list, int indent);

#endif
