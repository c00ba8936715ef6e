/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_BUDGET_DOC_H
#define DISTILL_BUDGET_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * The budget report (manifest/BUDGET.md) as the printer reads it: the
 * fields it shows, as C structs, read and checked in one place
 * (budget_doc_read()), and the change since the previous build. Strings
 * are borrowed from the parsed text, which the document owns.
 */

struct jdoc;

/* One of the files that make up most of a budget. */
struct budget_part {
	const char *path;
	int64_t bytes;
};

/* One budget in force. */
struct budget_row {
	const char *page;     /* NULL for a site budget */
	const char *resource; /* a page budget's "script", "stylesheet", ... */
	const char *measure;  /* "raw" or "transfer" */
	int64_t actual, limit;
	bool has_percent;     /* false for a zero limit */
	double percent;
	bool over;
	struct budget_part *largest;
	size_t nlargest;
};

/* One of the largest JavaScript files. */
struct budget_js {
	const char *path;
	int64_t raw, br; /* br -1 when it has none */
};

/* One of the source modules that weigh most. */
struct budget_module {
	const char *source;
	int64_t bytes, chunks;
};

/* A file of the site, as the delta matches it: by its name without hash. */
struct budget_doc_file {
	const char *name, *path;
	bool js;
	int64_t raw;
};

struct budget_doc {
	struct jdoc *doc;     /* the report as read; owns every string */
	int64_t js_raw;       /* totals.js.raw */
	int64_t over;         /* how many budgets are exceeded */
	struct budget_row *budgets;
	size_t nbudgets;
	struct budget_js *largest_js;
	size_t nlargest_js;
	struct budget_module *modules;
	size_t nmodules;
	struct budget_doc_file *files;
	size_t nfiles;
	const char **warnings;
	size_t nwarnings;
};

/* Which of n rows the report shows (a new array of n flags), and in
 * *hidden how many it does not: all of them on a small site; on one of
 * more than BUDGET_PAGE_ROWS page budgets the site budgets, the exceeded
 * ones and the fullest page per resource (the first of the fullest). The
 * terminal, markdown and the treemap page show the same. */
#define BUDGET_PAGE_ROWS 30
bool *budget_rows_shown(const struct budget_row *rows, size_t n, size_t *hidden);
/* Read a report of this version from text[0, len) (a heap buffer of
 * len + 1 bytes, taken over either way). Returns 0, or -1 (doc left
 * empty) when it is not one or a field has the wrong type. */
int budget_doc_read(char *text, size_t len, struct budget_doc *doc);
void budget_doc_release(struct budget_doc *doc);

/* What the next build's delta needs of doc, as a report of the same
 * version that budget_doc_read() takes: the JS total and the JS files,
 * nothing else. A new string. */
char *budget_doc_previous(const struct budget_doc *doc);

/* A JS file that grew since the previous build, or is new. */
struct budget_growth {
	const char *name, *path; /* borrowed from the current report */
	bool is_new;
	int64_t before, after;
};

/* The change of the JavaScript since the previous report. */
struct budget_delta {
	bool known;          /* false when there is no previous report */
	int64_t js_raw, previous_js_raw;
	struct budget_growth *grew; /* largest growth first */
	size_t ngrew;
};

/* The delta of now against previous (NULL: none, and delta->known false). */
void budget_delta_compute(const struct budget_doc *now, const struct budget_doc *previous,
			  struct budget_delta *delta);
void budget_delta_release(struct budget_delta *delta);
/* The delta as the JSON report's "delta" field (null when not known); a new
 * reference. */
json_t *budget_delta_json(const struct budget_delta *delta);

#endif
