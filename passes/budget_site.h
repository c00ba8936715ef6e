/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUDGET_SITE_H
#define DISTILL_BUDGET_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../src/lib/blob_memo.h"
#include "../src/lib/buf.h"

struct manifest;
struct manifest_entry;
struct report_files;

/*
 * The site as the budget measures it, shared by the files of the measure:
 * budget_measure.c loads it from the manifest (its files, their sizes, the
 * totals) and assembles the report; budget_page.c walks a page's HTML for
 * what it loads; budget_imports.c follows what a script or stylesheet
 * loads in its turn; budget_modules.c attributes the JavaScript to its
 * source modules. This is not src/site.h's struct site, the driver's: no
 * file includes both.
 */

/* One manifest entry. */
struct file {
	const struct manifest_entry *entry; /* borrowed */
	const char *path;      /* source path: what refs and imports name */
	const char *output;
	const char *kind;
	json_int_t raw, br, gzip; /* br and gzip -1 when unknown */
	json_int_t image_max;  /* largest variant a <picture> may pick, or -1 */
	const char *image_max_output; /* and its output path */
	json_t *imports;       /* static imports: array of paths, or NULL */
	bool too_large;        /* not read: larger than the passes read whole */
};

struct site {
	const struct manifest *manifest;
	const char *dist;
	struct file *files;    /* files[i] is the manifest's entries[i] */
	size_t nfiles;
	json_t *vite;          /* Vite chunk file -> array of imported files */
	json_t *warnings;
	/* What the measure read before, in gen/budget/measure.memo: the steps
	 * of each page (budget_page.c) and the modules of each chunk
	 * (budget_modules.c); the last run's, and this run's for the next. */
	struct blob_memo memo;
	struct blob_memo_next memo_next;
	size_t pages, pages_remembered, chunks, chunks_remembered;
};

/* One resource of a page: the set of files it loads, in first-seen order. */
struct load {
	json_t *seen;  /* output path -> true */
	json_t *files; /* output paths */
	json_int_t raw, transfer;
};

/* budget_measure.c */

/* Fill s from m (borrowed for as long as s is used): one file per
 * entry, in manifest order, each file's sizes added to totals (an object,
 * group -> sums), and Vite's manifest when DIST has one; and files with
 * the report's files, in the same order (budget_int.h). Problems go into
 * s->warnings. */
void budget_site_load(struct site *s, const struct manifest *m, json_t *totals,
		      struct report_files *files);
/* Free what s holds, s->warnings included. */
void budget_site_release(struct site *s);
/* The file whose source path is path, or NULL. */
struct file *budget_find_file(const struct site *s, const char *path);
/* What a browser downloads of f: the smallest encoding on offer. */
json_int_t budget_file_transfer(const struct file *f);
/* The source (in DIST) or output bytes of f; a new buffer of *len bytes,
 * or NULL after a warning in s->warnings. */
char *budget_read_entry(struct site *s, struct file *f, bool source, size_t *len);
/* Add fmt, with arg for its one "%s", to s->warnings. */
void budget_warn(struct site *s, const char *fmt, const char *arg);

/* budget_imports.c */

/* Read Vite's manifest when DIST has one: sets s->vite, else leaves it
 * NULL. */
void budget_load_vite(struct site *s);
/* Start l empty; budget_load_json ends it. */
void budget_load_init(struct load *l);
/* Add one file to l, unless l has it already (by output path). */
void budget_load_add(struct load *l, const char *output, json_int_t raw,
		     json_int_t xfer);
/* Add f, when of kind ("js" or "css"), and what it loads of that kind in
 * its turn to l: a script's static imports, a stylesheet's @imports. Each
 * file counts once, however often it is reached. */
void budget_add_closure(struct site *s, struct load *l, struct file *f,
			const char *kind);
/* l as {"raw", "transfer", "files"}, a new object; frees what l holds. */
json_t *budget_load_json(struct load *l);

/* budget_page.c */

/* What the page f loads: {"path", "asset", "url", "document", "script",
 * "stylesheet", "image"}, a new object (manifest/BUDGET.md, "pages"). A
 * page that cannot be read loads nothing, after a warning. */
json_t *budget_measure_page(struct site *s, struct file *f);

/* budget_modules.c */

/* Attribute every JS file to its source modules, through its source map.
 * Returns the treemap's chunks, a new array [{"path", "bytes", "modules":
 * [{"source", "bytes"}]}], and sets report "modules" (the top largest
 * sources across chunks) and "sourcemaps" (how many maps were read). */
json_t *budget_measure_modules(struct site *s, json_t *report, size_t top);

/* The integer at key of o, or none; the string at key, or NULL. */
json_int_t budget_geti(const json_t *o, const char *key, json_int_t none);
const char *budget_gets(const json_t *o, const char *key);

#endif
