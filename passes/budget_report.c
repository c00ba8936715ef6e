/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/afile.h"
#include "../src/lib/annotate.h"
#include "../src/lib/buf.h"
#include "../src/lib/cache_layout.h"
#include "../src/lib/json_file.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "budget.h"
#include "budget_doc.h"
#include "budget_int.h"

/*
 * What the user reads, in the main process after the build: the report the
 * budget job left in <cache>/gen/budget/report.json, compared with the one
 * of the previous build of the same DIST (<cache>/budget-previous.json),
 * printed as text, JSON or markdown, plus GitHub Actions annotations and a
 * step summary when running there.
 */


/* The report and the previous build's, read and compared. */
struct budget_reading {
	char *dir, *path, *prev_path;
	bool read;                  /* doc holds the report */
	struct budget_doc doc, previous;
	bool has_previous, same;    /* same: the previous report is doc's JS */
	char *kept;                 /* what the next build compares with */
	struct budget_delta delta;
};
#define MAX_GREW 5

void budget_format_size(uint64_t bytes, char out[32])
{
	if (bytes < 1000)
		snprintf(out, 32, "%" PRIu64 " B", bytes);
	else if (bytes < 1000000)
		snprintf(out, 32, "%.1f KB", (double)bytes / 1e3);
	else
		snprintf(out, 32, "%.2f MB", (double)bytes / 1e6);
}

static void format_delta(int64_t d, char out[40])
{
	char size[32];

	budget_format_size((uint64_t)(d < 0 ? -d : d), size);
	snprintf(out, 40, "%s%s", d < 0 ? "-" : "+", size);
}

/* "+12.3 KB since last build: a.js +10.1 KB, b.js (new) 2.2 KB" */
static void delta_line(struct buf *b, const struct budget_delta *delta, bool markdown)
{
	char size[40];

	if (!delta->known)
		return;
	if (delta->js_raw == 0 && delta->ngrew == 0) {
		buf_adds(b, "JavaScript unchanged since last build\n");
		return;
	}
	format_delta(delta->js_raw, size);
	buf_addf(b, markdown ? "**%s** since last build" : "%s since last build", size);
	for (size_t i = 0; i < delta->ngrew; i++) {
		const struct budget_growth *g = &delta->grew[i];

		if (i == MAX_GREW) {
			buf_addf(b, ", and %zu more", delta->ngrew - i);
			break;
		}
		format_delta(g->after - g->before, size);
		buf_adds(b, i ? ", " : ": ");
		buf_addf(b, markdown ? "`%s` " : "%s ", g->path);
		buf_adds(b, g->is_new ? "(new) " : "");
		buf_adds(b, size);
	}
	buf_addc(b, '\n');
}

/* ---- budget rows ---- */

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static char *budget_name(const struct budget_row *row)
{
	if (!row->page)
		return xasprintf("JS total (%s)", or_empty(row->measure));
	return xasprintf("%s %s", row->page, or_empty(row->resource));
}

struct style {
	const char *red, *green, *yellow, *bold, *dim, *reset;
};

static const struct style style_plain = { "", "", "", "", "", "" };
static const struct style style_ansi = { "\033[1;31m", "\033[32m", "\033[33m",
					 "\033[1m", "\033[2m", "\033[0m" };

/* path, cut at its start to width with "...", padded to width. */
static void add_cell(struct buf *b, const char *path, size_t width)
{
	if (strlen(path) > width)
		buf_addf(b, "...%s", path + strlen(path) - (width - 3));
	else
		buf_addf(b, "%-*s", (int)width, path);
}

static void text_budgets(struct buf *b, const struct budget_doc *doc, const struct style *st)
{
	size_t hidden, width = 6;
	bool *show = budget_rows_shown(doc->budgets, doc->nbudgets, &hidden);

	for (size_t i = 0; i < doc->nbudgets; i++) {
		char *name = budget_name(&doc->budgets[i]);

		if (show[i] && strlen(name) > width)
			width = strlen(name);
		free(name);
	}
	if (width > 60)
		width = 60;
	buf_addf(b, "%s%-*s  %10s  %10s  %7s  %s%s\n", st->bold, (int)width, "budget",
		 "actual", "limit", "used", "status", st->reset);
	for (size_t i = 0; i < doc->nbudgets; i++) {
		const struct budget_row *row = &doc->budgets[i];
		char actual[32], limit[32], used[16], *name;

		if (!show[i])
			continue;
		name = budget_name(row);
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		if (row->has_percent)
			snprintf(used, sizeof(used), "%.1f%%", row->percent);
		else
			snprintf(used, sizeof(used), "-");
		add_cell(b, name, width);
		buf_addf(b, "  %10s  %10s  %7s  %s%s%s\n", actual, limit, used,
			 row->over ? st->red : row->percent >= 90.0 ? st->yellow : st->green,
			 row->over ? "OVER" : "ok", st->reset);
		free(name);
	}
	if (hidden)
		buf_addf(b, "%s... %zu more page budgets within limits (--report json lists all)%s\n",
			 st->dim, hidden, st->reset);
	free(show);

	/* Name what to look at for each exceeded budget. */
	for (size_t i = 0; i < doc->nbudgets; i++) {
		const struct budget_row *row = &doc->budgets[i];
		char *name, actual[32], limit[32];

		if (!row->over)
			continue;
		name = budget_name(row);
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		buf_addf(b, "%sover budget:%s %s is %s, limit %s; largest:", st->red,
			 st->reset, name, actual, limit);
		for (size_t k = 0; k < row->nlargest; k++) {
			char size[32];

			budget_format_size((uint64_t)row->largest[k].bytes, size);
			buf_addf(b, "%s %s %s", k ? "," : "", row->largest[k].path, size);
		}
		buf_addc(b, '\n');
		free(name);
	}
}

static void text_largest(struct buf *b, const struct budget_doc *doc, const struct style *st)
{
	size_t width = 16;

	if (doc->nlargest_js == 0)
		return;
	for (size_t i = 0; i < doc->nlargest_js; i++)
		if (strlen(doc->largest_js[i].path) > width)
			width = strlen(doc->largest_js[i].path);
	if (width > 60)
		width = 60;
	buf_addf(b, "\n%s%-*s  %10s  %10s%s\n", st->bold, (int)width, "largest JS files",
		 "raw", "br", st->reset);
	for (size_t i = 0; i < doc->nlargest_js; i++) {
		const struct budget_js *f = &doc->largest_js[i];
		char raw[32], br[32];

		budget_format_size((uint64_t)f->raw, raw);
		if (f->br >= 0)
			budget_format_size((uint64_t)f->br, br);
		else
			snprintf(br, sizeof(br), "-");
		add_cell(b, f->path, width);
		buf_addf(b, "  %10s  %10s\n", raw, br);
	}
}

static void text_modules(struct buf *b, const struct budget_doc *doc, const struct style *st)
{
	size_t width = 24;

	if (doc->nmodules == 0)
		return;
	for (size_t i = 0; i < doc->nmodules; i++)
		if (strlen(doc->modules[i].source) > width)
			width = strlen(doc->modules[i].source);
	if (width > 70)
		width = 70;
	buf_addf(b, "\n%s%-*s  %10s  %6s%s\n", st->bold, (int)width,
		 "top modules (source maps)", "bytes", "chunks", st->reset);
	for (size_t i = 0; i < doc->nmodules; i++) {
		const struct budget_module *m = &doc->modules[i];
		char size[32];

		budget_format_size((uint64_t)m->bytes, size);
		add_cell(b, m->source, width);
		buf_addf(b, "  %10s  %6" PRId64 "\n", size, m->chunks);
	}
}

/* -q: each exceeded budget on a line of its own, then one summary line. */
static void format_quiet(struct buf *b, const struct budget_doc *doc, const struct style *st)
{
	for (size_t i = 0; i < doc->nbudgets; i++) {
		const struct budget_row *row = &doc->budgets[i];
		char actual[32], limit[32], *name;

		if (!row->over)
			continue;
		name = budget_name(row);
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		buf_addf(b, "%sOVER%s %s: %s, limit %s\n", st->red, st->reset, name, actual, limit);
		free(name);
	}
	if (doc->over)
		buf_addf(b, "budget: %" PRId64 " of %zu over\n", doc->over, doc->nbudgets);
	else
		buf_addf(b, "budget: all %zu within limits\n", doc->nbudgets);
}

static void format_text(struct buf *b, const struct budget_doc *doc,
			const struct budget_delta *delta, bool color)
{
	const struct style *st = color ? &style_ansi : &style_plain;

	text_budgets(b, doc, st);
	text_largest(b, doc, st);
	if (delta->known) {
		bool up = delta->js_raw > 0;

		buf_adds(b, "\n");
		buf_adds(b, up ? st->yellow : "");
		delta_line(b, delta, false);
		if (up && *st->reset) {
			b->len--; /* colour off before the newline */
			buf_addf(b, "%s\n", st->reset);
		}
	}
	text_modules(b, doc, st);
}

/* ---- markdown, for a pull-request comment or a step summary ---- */

static void md_code(struct buf *b, const char *s)
{
	buf_addc(b, '`');
	for (; *s; s++)
		buf_addc(b, *s == '`' || *s == '|' ? '_' : *s);
	buf_addc(b, '`');
}

static void format_markdown(struct buf *b, const struct budget_doc *doc,
			    const struct budget_delta *delta)
{
	size_t hidden;
	bool *show = budget_rows_shown(doc->budgets, doc->nbudgets, &hidden);

	if (doc->over)
		buf_addf(b, "### Size budget: %" PRId64 " over\n\n", doc->over);
	else
		buf_adds(b, "### Size budget: all within limits\n\n");
	buf_adds(b, "| Budget | Actual | Limit | Used | Status |\n"
		    "| :-- | --: | --: | --: | :-- |\n");
	for (size_t i = 0; i < doc->nbudgets; i++) {
		const struct budget_row *row = &doc->budgets[i];
		char actual[32], limit[32];

		if (!show[i])
			continue;
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		buf_adds(b, "| ");
		if (row->page) {
			md_code(b, row->page);
			buf_addf(b, " %s", or_empty(row->resource));
		} else {
			buf_addf(b, "JS total (%s)", or_empty(row->measure));
		}
		buf_addf(b, " | %s | %s | ", actual, limit);
		if (row->has_percent)
			buf_addf(b, "%.1f%%", row->percent);
		buf_addf(b, " | %s |\n", row->over ? "\xe2\x9d\x8c over" : "\xe2\x9c\x85 ok");
	}
	if (hidden)
		buf_addf(b, "\n%zu more page budgets within limits.\n", hidden);
	free(show);
	if (delta->known) {
		buf_addc(b, '\n');
		delta_line(b, delta, true);
	}
	if (doc->nlargest_js) {
		buf_adds(b, "\n<details><summary>Largest JS files</summary>\n\n"
			    "| File | Raw | Brotli |\n| :-- | --: | --: |\n");
		for (size_t i = 0; i < doc->nlargest_js; i++) {
			const struct budget_js *f = &doc->largest_js[i];
			char raw[32], br[32] = "-";

			budget_format_size((uint64_t)f->raw, raw);
			if (f->br >= 0)
				budget_format_size((uint64_t)f->br, br);
			buf_adds(b, "| ");
			md_code(b, f->path);
			buf_addf(b, " | %s | %s |\n", raw, br);
		}
		buf_adds(b, "\n</details>\n");
	}
	if (doc->nmodules) {
		buf_adds(b, "\n<details><summary>Top modules</summary>\n\n"
			    "| Module | Bytes | Chunks |\n| :-- | --: | --: |\n");
		for (size_t i = 0; i < doc->nmodules; i++) {
			const struct budget_module *m = &doc->modules[i];
			char size[32];

			budget_format_size((uint64_t)m->bytes, size);
			buf_adds(b, "| ");
			md_code(b, m->source);
			buf_addf(b, " | %s | %" PRId64 " |\n", size, m->chunks);
		}
		buf_adds(b, "\n</details>\n");
	}
}

/* ---- GitHub Actions ---- */

/* Workflow command data: '%', CR and LF are escaped. */
static void github_annotations(struct buf *b, const struct budget_doc *doc)
{
	for (size_t i = 0; i < doc->nbudgets; i++) {
		const struct budget_row *row = &doc->budgets[i];
		char actual[32], limit[32], *name, *msg;
		struct buf m = BUF_INIT;

		if (!row->over)
			continue;
		name = budget_name(row);
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		buf_addf(&m, "%s is %s, over its %s budget", name, actual, limit);
		for (size_t k = 0; k < row->nlargest; k++) {
			char size[32];

			budget_format_size((uint64_t)row->largest[k].bytes, size);
			buf_addf(&m, "%s %s %s", k ? "," : "; largest:", row->largest[k].path, size);
		}
		msg = buf_detach(&m);
		buf_adds(b, "::error title=Size budget exceeded::");
		annotation_escape(b, msg, false);
		buf_addc(b, '\n');
		free(msg);
		free(name);
	}
}

static int append_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -1;
	if (fwrite(text, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* ---- the entry point ---- */

static void put(FILE *out, const struct buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, out);
}

/* The report at path as JSON, with the delta added. Read again as a tree
 * (the document keeps only the fields it prints), for this format only. */
static void format_json(struct buf *b, const char *path, const struct budget_delta *delta)
{
	json_t *copy = json_read_file(path, 0, NULL);
	char *text;

	if (!copy)
		copy = json_object();
	json_object_set_new(copy, "delta", budget_delta_json(delta));
	text = json_dumps(copy, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	buf_adds(b, text);
	buf_addc(b, '\n');
	free(text);
	json_decref(copy);
}

struct budget_reading *budget_report_read(const char *cache)
{
	struct budget_reading *r = xcalloc(1, sizeof(*r));
	size_t report_len = 0, prev_len = 0;
	char *report_text, *prev_text;

	r->dir = cache_gen_dir(cache, pass_budget.name);
	r->path = xasprintf("%s/report.json", r->dir);
	r->prev_path = cache_path(cache, CACHE_BUDGET_PREVIOUS);
	report_text = read_file(r->path, &report_len);
	if (!report_text || budget_doc_read(report_text, report_len, &r->doc) < 0)
		return r;
	r->read = true;
	/* The previous build's JS, kept in short (budget_doc_previous()); the
	 * same as this one's when nothing changed, and then not read again.
	 * A previous report this version cannot read is as good as none. */
	prev_text = read_file(r->prev_path, &prev_len);
	r->kept = budget_doc_previous(&r->doc);
	r->same = prev_text && prev_len == strlen(r->kept) &&
		  memcmp(prev_text, r->kept, prev_len) == 0;
	if (r->same)
		free(prev_text);
	r->has_previous = r->same || (prev_text &&
				      budget_doc_read(prev_text, prev_len, &r->previous) == 0);
	budget_delta_compute(&r->doc, r->same ? &r->doc : r->has_previous ? &r->previous : NULL,
			     &r->delta);
	return r;
}

void budget_reading_free(struct budget_reading *r)
{
	if (!r)
		return;
	free(r->kept);
	budget_delta_release(&r->delta);
	if (r->has_previous && !r->same)
		budget_doc_release(&r->previous);
	if (r->read)
		budget_doc_release(&r->doc);
	free(r->prev_path);
	free(r->path);
	free(r->dir);
	free(r);
}

int budget_report_print(struct budget_reading *r, const char *format, bool color)
{
	const struct budget_doc *doc = &r->doc;
	struct buf out = BUF_INIT, gh = BUF_INIT;
	bool github = annotations_wanted();
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	int over;

	if (!r->read) {
		warn("no budget report in '%s'", r->path);
		budget_reading_free(r);
		return -1;
	}
	for (size_t i = 0; i < doc->nwarnings; i++)
		warn("budget: %s", doc->warnings[i]);

	if (strcmp(format, "json") == 0) {
		format_json(&out, r->path, &r->delta);
	} else if (strcmp(format, "markdown") == 0) {
		format_markdown(&out, doc, &r->delta);
	} else if (verbosity < 2) {
		/* -q: no tables; the default and -v show them. */
		format_quiet(&out, doc, color ? &style_ansi : &style_plain);
	} else {
		format_text(&out, doc, &r->delta, color);
		buf_addf(&out, "\ntreemap: %s/report.html\n", r->dir);
	}
	if (github) {
		github_annotations(&gh, doc);
		/* The runner reads workflow commands from stderr too; keep the
		 * JSON and markdown on stdout clean for files and PR comments. */
		put(strcmp(format, "text") == 0 ? stdout : stderr, &gh);
	}
	put(stdout, &out);
	if (github && summary && *summary) {
		struct buf md = BUF_INIT;

		format_markdown(&md, doc, &r->delta);
		if (append_file(summary, md.data, md.len) < 0)
			warn("cannot append to '%s':", summary);
		buf_release(&md);
	}

	/* This build is the next one's "last build". */
	if (!r->same && afile_put(r->prev_path, r->kept, strlen(r->kept)) < 0)
		warn("cannot write '%s':", r->prev_path);

	over = (int)doc->over;
	buf_release(&out);
	buf_release(&gh);
	budget_reading_free(r);
	return over;
}

int budget_report(const char *cache, const char *format, bool color)
{
	return budget_report_print(budget_report_read(cache), format, color);
}
