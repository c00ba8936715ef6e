/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUDGET_INT_H
#define DISTILL_BUDGET_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "budget_doc.h"

struct manifest;

/*
 * The parts of the budget pass, shared by its files: budget.c (the pass),
 * budget_measure.c (sizes from the manifest; the site it loads is in
 * budget_site.h), budget_page.c (what a page's HTML loads),
 * budget_imports.c (what a script or stylesheet loads in its turn), budget_modules.c (the source modules of the JavaScript, from
 * source maps), budget_limits.c (limits from the config and a Lighthouse
 * budget.json), budget_html.c (the treemap) and budget_report.c (what the
 * user reads, from the report as budget_doc.c reads it back). The report is described in manifest/BUDGET.md.
 */

#define BUDGET_REPORT_VERSION 1

struct buf;

/* A file of the report's "files" (manifest/BUDGET.md): one per manifest
 * entry and per image variant. Kept out of the report's tree: a site of
 * 100,000 files made as many jansson objects only to write them. */
struct report_file {
	const char *path, *asset, *kind; /* borrowed from the manifest */
	char *name;                      /* path without a bundler's hash */
	json_int_t raw, br, gzip, transfer; /* br and gzip -1: none */
};

struct report_files {
	struct report_file *v; /* sorted by path, once budget_measure() made them */
	size_t n, cap;
};

/* A budget in force, as the report has it ("budgets"): what the printer
 * reads back (struct budget_row; its largest files' paths owned here)
 * and where its limit came from. Its "id" and "scope" follow from its
 * page and resource. */
struct report_budget {
	struct budget_row row;
	const char *source; /* "config" or "budget.json" */
};

struct report_budgets {
	struct report_budget *v;
	size_t n, cap;
	size_t over; /* how many are exceeded */
};

void report_budgets_release(struct report_budgets *budgets);
void report_files_release(struct report_files *files);
/* The report as its file holds it, compact, into b: report's fields, then
 * "budgets" and "files". */
void budget_report_text(struct buf *b, const json_t *report, const struct report_budgets *budgets,
			const struct report_files *files);
/* The "budgets" array, into b. */
void report_budgets_write(struct buf *b, const struct report_budgets *budgets);

/* Measure the site of manifest (manifest.json, borrowed): every file's
 * sizes (into *files, sorted by path), the totals, each page's initial
 * load, the source modules of the JavaScript. top is how many of the
 * largest JS files and modules to list. Returns a new report object
 * without "files", "budgets" and "over", and in *chunks
 * a new array [{"path", "bytes", "modules": [{"source", "bytes"}]}] for the
 * treemap. Problems reading a file go into report "warnings". With a
 * memo_dir, what each page loads is memoised there (read, then written
 * for the next run), and a page that did not change is not read. */
json_t *budget_measure(const struct manifest *manifest, size_t top, size_t top_modules,
		       json_t **chunks, const char *memo_dir, struct report_files *files);

/* The limits in force, on a report of budget_measure() and its files,
 * into *budgets (release it after the report). config is the pass's
 * section; lighthouse is the parsed budget.json (NULL when none) and
 * lighthouse_name its file name for messages. Adds "over" to report and,
 * for budget.json entries it cannot check, strings to its "warnings". */
void budget_limits_apply(json_t *report, const struct report_files *files,
			 const json_t *config, const json_t *lighthouse,
			 const char *lighthouse_name, struct report_budgets *budgets);
/* Lighthouse path pattern (robots.txt style: '*' any run, '$' anchors the
 * end, else a prefix) against a URL path. Exposed for the tests. */
bool budget_path_matches(const char *pattern, const char *path);

/* Write the self-contained treemap page. Returns 0 or -1 with errno set. */
int budget_html_write(const char *path, const json_t *report,
		      const struct report_budgets *budgets, const json_t *chunks);

/* "812.4 KB": sizes in decimal units, 1 KB = 1000 bytes. Writes into out. */
void budget_format_size(uint64_t bytes, char out[32]);

#endif
