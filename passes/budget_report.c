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
#include "budget_int.h"

/*
 * What the user reads, in the main process after the build: the report the
 * budget job left in <cache>/gen/budget/report.json, compared with the one
 * of the previous build of the same DIST (<cache>/budget-previous.json),
 * printed as text, JSON or markdown, plus GitHub Actions annotations and a
 * step summary when running there.
 */

#define MAX_PAGE_ROWS 30 /* more page budgets than this: show the notable ones */
#define MAX_GREW 5

static const char *gets(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_int_t geti(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

void budget_format_size(uint64_t bytes, char out[32])
{
	if (bytes < 1000)
		snprintf(out, 32, "%" PRIu64 " B", bytes);
	else if (bytes < 1000000)
		snprintf(out, 32, "%.1f KB", (double)bytes / 1e3);
	else
		snprintf(out, 32, "%.2f MB", (double)bytes / 1e6);
}

static void format_delta(json_int_t d, char out[40])
{
	char size[32];

	budget_format_size((uint64_t)(d < 0 ? -d : d), size);
	snprintf(out, 40, "%s%s", d < 0 ? "-" : "+", size);
}

/* ---- the delta against the previous build ---- */

static json_int_t js_raw(const json_t *report)
{
	return geti(json_object_get(json_object_get(report, "totals"), "js"), "raw");
}

/* JS bytes by stable name ("assets/index.js" for "assets/index-Bq2.js"). */
static json_t *js_by_name(const json_t *report)
{
	json_t *by = json_object(), *f;
	size_t i;

	json_array_foreach(json_object_get(report, "files"), i, f) {
		if (strcmp(gets(f, "kind"), "js") != 0)
			continue;
		json_object_set_new(by, gets(f, "name"),
				    json_integer(geti(by, gets(f, "name")) + geti(f, "raw")));
	}
	return by;
}

static int by_growth(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	json_int_t gx = geti(x, "after") - geti(x, "before");
	json_int_t gy = geti(y, "after") - geti(y, "before");

	if (gx != gy)
		return gx < gy ? 1 : -1;
	return strcmp(gets(x, "name"), gets(y, "name"));
}

/* {"js_raw": change, "grew": [{"name","path","before","after"}...]}, or
 * null when there is no previous report. */
static json_t *delta_compute(const json_t *report, const json_t *previous)
{
	json_t *now, *then, *grew, *f, **v;
	size_t i, n = 0;

	if (!previous)
		return json_null();
	now = js_by_name(report);
	then = js_by_name(previous);
	grew = json_array();
	v = xcalloc(json_array_size(json_object_get(report, "files")) + 1, sizeof(*v));
	json_array_foreach(json_object_get(report, "files"), i, f) {
		const char *name = gets(f, "name");
		json_t *before = json_object_get(then, name);

		if (strcmp(gets(f, "kind"), "js") != 0 || !json_object_get(now, name))
			continue;
		if (before && json_integer_value(before) >= geti(now, name))
			continue;
		v[n++] = json_pack("{s:s, s:s, s:o, s:I}", "name", name, "path",
				   gets(f, "path"), "before",
				   before ? json_integer(json_integer_value(before)) : json_null(),
				   "after", geti(now, name));
		json_object_del(now, name); /* once per name */
	}
	sort_array(v, n, sizeof(*v), by_growth);
	for (i = 0; i < n; i++)
		json_array_append_new(grew, v[i]);
	free(v);
	json_decref(now);
	json_decref(then);
	return json_pack("{s:I, s:I, s:o}", "js_raw", js_raw(report) - js_raw(previous),
			 "previous_js_raw", js_raw(previous), "grew", grew);
}

/* "+12.3 KB since last build: a.js +10.1 KB, b.js (new) 2.2 KB" */
static void delta_line(struct buf *b, const json_t *delta, bool markdown)
{
	json_int_t d = geti(delta, "js_raw");
	char size[40];
	size_t i;
	json_t *g;

	if (!json_is_object(delta))
		return;
	if (d == 0 && json_array_size(json_object_get(delta, "grew")) == 0) {
		buf_adds(b, "JavaScript unchanged since last build\n");
		return;
	}
	format_delta(d, size);
	buf_addf(b, markdown ? "**%s** since last build" : "%s since last build", size);
	json_array_foreach(json_object_get(delta, "grew"), i, g) {
		json_int_t grown = geti(g, "after") - geti(g, "before");

		if (i == MAX_GREW) {
			buf_addf(b, ", and %zu more", json_array_size(json_object_get(delta, "grew")) - i);
			break;
		}
		format_delta(grown, size);
		buf_adds(b, i ? ", " : ": ");
		buf_addf(b, markdown ? "`%s` " : "%s ", gets(g, "path"));
		buf_adds(b, json_is_null(json_object_get(g, "before")) ? "(new) " : "");
		buf_adds(b, size);
	}
	buf_addc(b, '\n');
}

/* ---- budget rows ---- */

static char *budget_name(const json_t *bud)
{
	const char *page = json_string_value(json_object_get(bud, "page"));

	if (!page)
		return xasprintf("JS total (%s)", gets(bud, "measure"));
	return xasprintf("%s %s", page, gets(bud, "resource"));
}

static double percent(const json_t *bud)
{
	const json_t *p = json_object_get(bud, "percent");

	return json_is_number(p) ? json_number_value(p) : 100.0;
}

/* Which rows to show: all of them on a small site; on a large one the
 * site budgets, the exceeded ones and the fullest page per resource. */
static bool *rows_shown(const json_t *budgets, size_t *hidden)
{
	size_t n = json_array_size(budgets), pages = 0, i;
	bool *show = xcalloc(n + 1, sizeof(*show));
	json_t *bud;

	json_array_foreach(budgets, i, bud)
		pages += json_is_string(json_object_get(bud, "page"));
	*hidden = 0;
	json_array_foreach(budgets, i, bud) {
		bool fullest = true;
		size_t k;
		json_t *other;

		show[i] = pages <= MAX_PAGE_ROWS || !json_is_string(json_object_get(bud, "page")) ||
			  json_is_true(json_object_get(bud, "over"));
		if (show[i])
			continue;
		json_array_foreach(budgets, k, other) {
			if (k != i && strcmp(gets(other, "resource"), gets(bud, "resource")) == 0 &&
			    json_is_string(json_object_get(other, "page")) &&
			    (percent(other) > percent(bud) || (percent(other) == percent(bud) && k < i))) {
				fullest = false;
				break;
			}
		}
		show[i] = fullest;
		*hidden += !fullest;
	}
	return show;
}

struct style {
	const char *red, *green, *yellow, *bold, *dim, *reset;
};

static const struct style style_plain = { "", "", "", "", "", "" };
static const struct style style_ansi = { "\033[1;31m", "\033[32m", "\033[33m",
					 "\033[1m", "\033[2m", "\033[0m" };

static void text_budgets(struct buf *b, const json_t *report, const struct style *st)
{
	const json_t *budgets = json_object_get(report, "budgets");
	size_t hidden, width = 6, i;
	bool *show = rows_shown(budgets, &hidden);
	json_t *bud;

	json_array_foreach(budgets, i, bud) {
		char *name = budget_name(bud);
		if (show[i] && strlen(name) > width)
			width = strlen(name);
		free(name);
	}
	if (width > 60)
		width = 60;
	buf_addf(b, "%s%-*s  %10s  %10s  %7s  %s%s\n", st->bold, (int)width, "budget",
		 "actual", "limit", "used", "status", st->reset);
	json_array_foreach(budgets, i, bud) {
		char actual[32], limit[32], used[16], *name;
		bool over = json_is_true(json_object_get(bud, "over"));
		double pct = percent(bud);

		if (!show[i])
			continue;
		name = budget_name(bud);
		budget_format_size((uint64_t)geti(bud, "actual"), actual);
		budget_format_size((uint64_t)geti(bud, "limit"), limit);
		if (json_is_number(json_object_get(bud, "percent")))
			snprintf(used, sizeof(used), "%.1f%%", pct);
		else
			snprintf(used, sizeof(used), "-");
		if (strlen(name) > width)
			buf_addf(b, "...%s", name + strlen(name) - (width - 3));
		else
			buf_addf(b, "%-*s", (int)width, name);
		buf_addf(b, "  %10s  %10s  %7s  %s%s%s\n", actual, limit, used,
			 over ? st->red : pct >= 90.0 ? st->yellow : st->green,
			 over ? "OVER" : "ok", st->reset);
		free(name);
	}
	if (hidden)
		buf_addf(b, "%s... %zu more page budgets within limits (--report json lists all)%s\n",
			 st->dim, hidden, st->reset);
	free(show);

	/* Name what to look at for each exceeded budget. */
	json_array_foreach(budgets, i, bud) {
		char *name, actual[32], limit[32];
		size_t k;
		json_t *f;

		if (!json_is_true(json_object_get(bud, "over")))
			continue;
		name = budget_name(bud);
		budget_format_size((uint64_t)geti(bud, "actual"), actual);
		budget_format_size((uint64_t)geti(bud, "limit"), limit);
		buf_addf(b, "%sover budget:%s %s is %s, limit %s; largest:", st->red,
			 st->reset, name, actual, limit);
		json_array_foreach(json_object_get(bud, "largest"), k, f) {
			char size[32];

			budget_format_size((uint64_t)geti(f, "bytes"), size);
			buf_addf(b, "%s %s %s", k ? "," : "", gets(f, "path"), size);
		}
		buf_addc(b, '\n');
		free(name);
	}
}

static void text_largest(struct buf *b, const json_t *report, const struct style *st)
{
	const json_t *list = json_object_get(report, "largest_js");
	size_t width = 16, i;
	json_t *f;

	if (json_array_size(list) == 0)
		return;
	json_array_foreach(list, i, f)
		if (strlen(gets(f, "path")) > width)
			width = strlen(gets(f, "path"));
	if (width > 60)
		width = 60;
	buf_addf(b, "\n%s%-*s  %10s  %10s%s\n", st->bold, (int)width, "largest JS files",
		 "raw", "br", st->reset);
	json_array_foreach(list, i, f) {
		char raw[32], br[32];
		const char *path = gets(f, "path");

		budget_format_size((uint64_t)geti(f, "raw"), raw);
		if (json_is_integer(json_object_get(f, "br")))
			budget_format_size((uint64_t)geti(f, "br"), br);
		else
			snprintf(br, sizeof(br), "-");
		if (strlen(path) > width)
			buf_addf(b, "...%s", path + strlen(path) - (width - 3));
		else
			buf_addf(b, "%-*s", (int)width, path);
		buf_addf(b, "  %10s  %10s\n", raw, br);
	}
}

static void text_modules(struct buf *b, const json_t *report, const struct style *st)
{
	const json_t *list = json_object_get(report, "modules");
	size_t width = 24, i;
	json_t *m;

	if (json_array_size(list) == 0)
		return;
	json_array_foreach(list, i, m)
		if (strlen(gets(m, "source")) > width)
			width = strlen(gets(m, "source"));
	if (width > 70)
		width = 70;
	buf_addf(b, "\n%s%-*s  %10s  %6s%s\n", st->bold, (int)width,
		 "top modules (source maps)", "bytes", "chunks", st->reset);
	json_array_foreach(list, i, m) {
		char size[32];
		const char *src = gets(m, "source");

		budget_format_size((uint64_t)geti(m, "bytes"), size);
		if (strlen(src) > width)
			buf_addf(b, "...%s", src + strlen(src) - (width - 3));
		else
			buf_addf(b, "%-*s", (int)width, src);
		buf_addf(b, "  %10s  %6" JSON_INTEGER_FORMAT "\n", size, geti(m, "chunks"));
	}
}

/* -q: each exceeded budget on a line of its own, then one summary line. */
static void format_quiet(struct buf *b, const json_t *report, const struct style *st)
{
	const json_t *budgets = json_object_get(report, "budgets");
	json_int_t over = geti(report, "over");
	size_t i;
	json_t *bud;

	json_array_foreach(budgets, i, bud) {
		char actual[32], limit[32], *name;

		if (!json_is_true(json_object_get(bud, "over")))
			continue;
		name = budget_name(bud);
		budget_format_size((uint64_t)geti(bud, "actual"), actual);
		budget_format_size((uint64_t)geti(bud, "limit"), limit);
		buf_addf(b, "%sOVER%s %s: %s, limit %s\n", st->red, st->reset, name, actual, limit);
		free(name);
	}
	if (over)
		buf_addf(b, "budget: %" JSON_INTEGER_FORMAT " of %zu over\n", over,
			 json_array_size(budgets));
	else
		buf_addf(b, "budget: all %zu within limits\n", json_array_size(budgets));
}

static void format_text(struct buf *b, const json_t *report, const json_t *delta,
			bool color)
{
	const struct style *st = color ? &style_ansi : &style_plain;

	text_budgets(b, report, st);
	text_largest(b, report, st);
	if (json_is_object(delta)) {
		bool up = geti(delta, "js_raw") > 0;

		buf_adds(b, "\n");
		buf_adds(b, up ? st->yellow : "");
		delta_line(b, delta, false);
		if (up && *st->reset) {
			b->len--; /* colour off before the newline */
			buf_addf(b, "%s\n", st->reset);
		}
	}
	text_modules(b, report, st);
}

/* ---- markdown, for a pull-request comment or a step summary ---- */

static void md_code(struct buf *b, const char *s)
{
	buf_addc(b, '`');
	for (; *s; s++)
		buf_addc(b, *s == '`' || *s == '|' ? '_' : *s);
	buf_addc(b, '`');
}

static void format_markdown(struct buf *b, const json_t *report, const json_t *delta)
{
	json_int_t over = geti(report, "over");
	size_t hidden, i;
	const json_t *budgets = json_object_get(report, "budgets");
	bool *show = rows_shown(budgets, &hidden);
	json_t *bud, *f;

	if (over)
		buf_addf(b, "### Size budget: %" JSON_INTEGER_FORMAT " over\n\n", over);
	else
		buf_adds(b, "### Size budget: all within limits\n\n");
	buf_adds(b, "| Budget | Actual | Limit | Used | Status |\n"
		    "| :-- | --: | --: | --: | :-- |\n");
	json_array_foreach(budgets, i, bud) {
		const char *page = json_string_value(json_object_get(bud, "page"));
		char actual[32], limit[32];

		if (!show[i])
			continue;
		budget_format_size((uint64_t)geti(bud, "actual"), actual);
		budget_format_size((uint64_t)geti(bud, "limit"), limit);
		buf_adds(b, "| ");
		if (page) {
			md_code(b, page);
			buf_addf(b, " %s", gets(bud, "resource"));
		} else {
			buf_addf(b, "JS total (%s)", gets(bud, "measure"));
		}
		buf_addf(b, " | %s | %s | ", actual, limit);
		if (json_is_number(json_object_get(bud, "percent")))
			buf_addf(b, "%.1f%%", percent(bud));
		buf_addf(b, " | %s |\n", json_is_true(json_object_get(bud, "over")) ?
			 "\xe2\x9d\x8c over" : "\xe2\x9c\x85 ok");
	}
	if (hidden)
		buf_addf(b, "\n%zu more page budgets within limits.\n", hidden);
	free(show);
	if (json_is_object(delta)) {
		buf_addc(b, '\n');
		delta_line(b, delta, true);
	}
	if (json_array_size(json_object_get(report, "largest_js"))) {
		buf_adds(b, "\n<details><summary>Largest JS files</summary>\n\n"
			    "| File | Raw | Brotli |\n| :-- | --: | --: |\n");
		json_array_foreach(json_object_get(report, "largest_js"), i, f) {
			char raw[32], br[32] = "-";

			budget_format_size((uint64_t)geti(f, "raw"), raw);
			if (json_is_integer(json_object_get(f, "br")))
				budget_format_size((uint64_t)geti(f, "br"), br);
			buf_adds(b, "| ");
			md_code(b, gets(f, "path"));
			buf_addf(b, " | %s | %s |\n", raw, br);
		}
		buf_adds(b, "\n</details>\n");
	}
	if (json_array_size(json_object_get(report, "modules"))) {
		buf_adds(b, "\n<details><summary>Top modules</summary>\n\n"
			    "| Module | Bytes | Chunks |\n| :-- | --: | --: |\n");
		json_array_foreach(json_object_get(report, "modules"), i, f) {
			char size[32];

			budget_format_size((uint64_t)geti(f, "bytes"), size);
			buf_adds(b, "| ");
			md_code(b, gets(f, "source"));
			buf_addf(b, " | %s | %" JSON_INTEGER_FORMAT " |\n", size, geti(f, "chunks"));
		}
		buf_adds(b, "\n</details>\n");
	}
}

/* ---- GitHub Actions ---- */

/* Workflow command data: '%', CR and LF are escaped. */
static void github_annotations(struct buf *b, const json_t *report)
{
	size_t i, k;
	json_t *bud, *f;

	json_array_foreach(json_object_get(report, "budgets"), i, bud) {
		char actual[32], limit[32], *name, *msg;
		struct buf m = BUF_INIT;

		if (!json_is_true(json_object_get(bud, "over")))
			continue;
		name = budget_name(bud);
		budget_format_size((uint64_t)geti(bud, "actual"), actual);
		budget_format_size((uint64_t)geti(bud, "limit"), limit);
		buf_addf(&m, "%s is %s, over its %s budget", name, actual, limit);
		json_array_foreach(json_object_get(bud, "largest"), k, f) {
			char size[32];

			budget_format_size((uint64_t)geti(f, "bytes"), size);
			buf_addf(&m, "%s %s %s", k ? "," : "; largest:", gets(f, "path"), size);
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

int budget_report(const char *cache, const char *format, bool color)
{
	char *dir = cache_gen_dir(cache, pass_budget.name);
	char *path = xasprintf("%s/report.json", dir);
	char *prev_path = cache_path(cache, CACHE_BUDGET_PREVIOUS);
	size_t report_len = 0;
	char *report_text = read_file(path, &report_len);
	json_t *report = report_text ? json_loadb(report_text, report_len, 0, NULL) : NULL;
	json_t *previous, *delta, *w;
	struct buf out = BUF_INIT, gh = BUF_INIT;
	bool github = annotations_wanted();
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	int over;
	size_t i;

	if (!json_is_object(report) ||
	    json_integer_value(json_object_get(report, "version")) != BUDGET_REPORT_VERSION) {
		warn("no budget report in '%s'", path);
		json_decref(report);
		free(report_text);
		free(path);
		free(dir);
		free(prev_path);
		return -1;
	}
	previous = json_read_file(prev_path, 0, NULL);
	if (!json_is_object(previous)) {
		json_decref(previous);
		previous = NULL;
	}
	delta = delta_compute(report, previous);
	json_array_foreach(json_object_get(report, "warnings"), i, w)
		warn("budget: %s", json_string_value(w));

	if (strcmp(format, "json") == 0) {
		json_t *copy = json_deep_copy(report);
		char *text;

		json_object_set(copy, "delta", delta);
		text = json_dumps(copy, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
		buf_adds(&out, text);
		buf_addc(&out, '\n');
		free(text);
		json_decref(copy);
	} else if (strcmp(format, "markdown") == 0) {
		format_markdown(&out, report, delta);
	} else if (verbosity < 2) {
		/* -q: no tables; the default and -v show them. */
		format_quiet(&out, report, color ? &style_ansi : &style_plain);
	} else {
		format_text(&out, report, delta, color);
		buf_addf(&out, "\ntreemap: %s/report.html\n", dir);
	}
	if (github) {
		github_annotations(&gh, report);
		/* The runner reads workflow commands from stderr too; keep the
		 * JSON and markdown on stdout clean for files and PR comments. */
		put(strcmp(format, "text") == 0 ? stdout : stderr, &gh);
	}
	put(stdout, &out);
	if (github && summary && *summary) {
		struct buf md = BUF_INIT;

		format_markdown(&md, report, delta);
		if (append_file(summary, md.data, md.len) < 0)
			warn("cannot append to '%s':", summary);
		buf_release(&md);
	}

	/* This build is the next one's "last build": the report's bytes. */
	if (afile_put(prev_path, report_text, report_len) < 0)
		warn("cannot write '%s':", prev_path);
	free(report_text);

	over = (int)json_integer_value(json_object_get(report, "over"));
	buf_release(&out);
	buf_release(&gh);
	json_decref(delta);
	json_decref(previous);
	json_decref(report);
	free(prev_path);
	free(path);
	free(dir);
	return over;
}
