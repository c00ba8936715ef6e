/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/digest.h"
#include "../src/lib/util.h"
#include "budget_doc.h"
#include "budget_int.h"

/*
 * report.html: one file with no outside resources (it is opened from the
 * cache folder, often offline): the budget table and a treemap of the JS
 * bytes, one rectangle per chunk, divided among the source modules its map
 * names. The layout is computed here, squarified (Bruls, Huizing and van
 * Wijk, 2000), and written as plain SVG, so the page needs no script and
 * shows the same thing in every browser.
 */

#define MAP_W 1200.0
#define MAP_H 720.0
#define HEADER 18.0

struct rect {
	double x, y, w, h;
};

static void esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
	}
}

/* The worst aspect ratio of a row of areas laid along a side of length side. */
static double worst(const double *a, size_t n, double sum, double side)
{
	double w = 0, s2 = sum * sum, side2 = side * side;

	for (size_t i = 0; i < n; i++) {
		double r1 = side2 * a[i] / s2, r2 = s2 / (side2 * a[i]);
		double r = r1 > r2 ? r1 : r2;

		if (r > w)
			w = r;
	}
	return w;
}

/* Lay out values (sorted, largest first, all > 0) in r; fills out[]. */
static void squarify(const double *values, size_t n, struct rect r, struct rect *out)
{
	double total = 0, *a;
	size_t i = 0;

	for (size_t k = 0; k < n; k++)
		total += values[k];
	if (n == 0 || total <= 0 || r.w <= 0 || r.h <= 0) {
		for (size_t k = 0; k < n; k++)
			out[k] = (struct rect){ r.x, r.y, 0, 0 };
		return;
	}
	a = xcalloc(n, sizeof(*a));
	for (size_t k = 0; k < n; k++)
		a[k] = values[k] * r.w * r.h / total;
	while (i < n) {
		double side = r.w < r.h ? r.w : r.h, sum = a[i];
		size_t end = i + 1;
		double best = worst(a + i, 1, sum, side);

		while (end < n) {
			double w = worst(a + i, end - i + 1, sum + a[end], side);

			if (w > best)
				break;
			best = w;
			sum += a[end++];
		}
		if (r.w >= r.h) {
			double cw = sum / r.h, y = r.y;

			for (size_t k = i; k < end; k++) {
				out[k] = (struct rect){ r.x, y, cw, a[k] / cw };
				y += a[k] / cw;
			}
			r.x += cw;
			r.w -= cw;
		} else {
			double rh = sum / r.w, x = r.x;

			for (size_t k = i; k < end; k++) {
				out[k] = (struct rect){ x, r.y, a[k] / rh, rh };
				x += a[k] / rh;
			}
			r.y += rh;
			r.h -= rh;
		}
		i = end;
	}
	free(a);
}

static unsigned hue_of(const char *s)
{
	struct hash128 h = digest_mem(s, strlen(s));

	return (unsigned)(h.lo % 360);
}

static void label(struct buf *b, struct rect r, const char *text, uint64_t bytes,
		  bool bold)
{
	char size[32];
	size_t fit;

	if (r.w < 40 || r.h < 13)
		return;
	budget_format_size(bytes, size);
	fit = (size_t)((r.w - 6) / 6.6);
	buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\"%s>", r.x + 3, r.y + 12,
		 bold ? " class=\"c\"" : "");
	char *t = xasprintf("%s %s", text, size);
	if (strlen(t) > fit) {
		/* keep the end of the path: the file name says most */
		size_t len = strlen(t);
		if (fit > 1) {
			buf_adds(b, "\xe2\x80\xa6");
			esc(b, t + len - (fit - 1));
		}
	} else {
		esc(b, t);
	}
	free(t);
	buf_adds(b, "</text>\n");
}

static void box(struct buf *b, struct rect r, unsigned hue, unsigned light,
		const char *title, uint64_t bytes)
{
	char size[32];

	budget_format_size(bytes, size);
	buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		 "fill=\"hsl(%u,55%%,%u%%)\"><title>", r.x, r.y, r.w, r.h, hue, light);
	esc(b, title);
	buf_addf(b, " \xe2\x80\x94 %s</title></rect>\n", size);
}

static int by_bytes(const void *x, const void *y)
{
	const json_t *a = *(const json_t *const *)x, *c = *(const json_t *const *)y;
	json_int_t ba = json_integer_value(json_object_get(a, "bytes"));
	json_int_t bc = json_integer_value(json_object_get(c, "bytes"));

	return ba != bc ? (ba < bc ? 1 : -1) : 0;
}

/* Items with bytes > 0, sorted largest first: a new array of borrowed
 * pointers; *n says how many. */
static const json_t **positive(const json_t *array, size_t *n)
{
	const json_t **v = xcalloc(json_array_size(array) + 1, sizeof(*v));
	size_t i;
	json_t *e;

	*n = 0;
	json_array_foreach(array, i, e)
		if (json_integer_value(json_object_get(e, "bytes")) > 0)
			v[(*n)++] = e;
	sort_array(v, *n, sizeof(*v), by_bytes);
	return v;
}

static void treemap(struct buf *b, const json_t *chunks)
{
	size_t n;
	const json_t **c = positive(chunks, &n);
	double *values = xcalloc(n + 1, sizeof(*values));
	struct rect *rects = xcalloc(n + 1, sizeof(*rects));

	buf_addf(b, "<svg id=\"treemap\" xmlns=\"http://www.w3.org/2000/svg\" "
		 "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\">\n",
		 MAP_W, MAP_H, MAP_W, MAP_H);
	for (size_t i = 0; i < n; i++)
		values[i] = (double)json_integer_value(json_object_get(c[i], "bytes"));
	squarify(values, n, (struct rect){ 0, 0, MAP_W, MAP_H }, rects);
	for (size_t i = 0; i < n; i++) {
		const char *path = json_string_value(json_object_get(c[i], "path"));
		unsigned hue = hue_of(path);
		struct rect r = rects[i], inner;
		size_t nm;
		const json_t **mods = positive(json_object_get(c[i], "modules"), &nm);

		buf_adds(b, "<g class=\"chunk\">\n");
		box(b, r, hue, 38, path, (uint64_t)values[i]);
		label(b, r, path, (uint64_t)values[i], true);
		inner = (struct rect){ r.x + 2, r.y + HEADER, r.w - 4, r.h - HEADER - 2 };
		if (nm && inner.w > 4 && inner.h > 4) {
			double *mv = xcalloc(nm, sizeof(*mv));
			struct rect *mr = xcalloc(nm, sizeof(*mr));

			for (size_t k = 0; k < nm; k++)
				mv[k] = (double)json_integer_value(json_object_get(mods[k], "bytes"));
			squarify(mv, nm, inner, mr);
			for (size_t k = 0; k < nm; k++) {
				const char *src = json_string_value(json_object_get(mods[k], "source"));
				char *title = xasprintf("%s in %s", src, path);

				box(b, mr[k], hue, 62 + (unsigned)(k % 4) * 5, title, (uint64_t)mv[k]);
				label(b, mr[k], src, (uint64_t)mv[k], false);
				free(title);
			}
			free(mv);
			free(mr);
		}
		free(mods);
		buf_adds(b, "</g>\n");
	}
	if (n == 0)
		buf_addf(b, "<text x=\"20\" y=\"40\">no JavaScript in this site</text>\n");
	buf_adds(b, "</svg>\n");
	free(values);
	free(rects);
	free(c);
}

/* The budgets the terminal shows (budget_rows_shown()): a table of every
 * page budget of a large site is more than a browser lays out. */
static void budget_table(struct buf *b, const struct report_budgets *budgets)
{
	struct budget_row *rows = xcalloc(budgets->n + 1, sizeof(*rows));
	size_t hidden;
	bool *show;

	for (size_t i = 0; i < budgets->n; i++)
		rows[i] = budgets->v[i].row;
	show = budget_rows_shown(rows, budgets->n, &hidden);
	buf_adds(b, "<table><tr><th>budget</th><th>actual</th><th>limit</th>"
		 "<th>used</th><th>status</th></tr>\n");
	for (size_t i = 0; i < budgets->n; i++) {
		const struct budget_row *row = &rows[i];
		char actual[32], limit[32];

		if (!show[i])
			continue;
		budget_format_size((uint64_t)row->actual, actual);
		budget_format_size((uint64_t)row->limit, limit);
		buf_addf(b, "<tr class=\"%s\"><td>", row->over ? "over" : "ok");
		esc(b, row->page ? row->page : "JS total");
		buf_adds(b, " ");
		esc(b, row->resource ? row->resource : "");
		buf_addf(b, " (%s)</td><td>%s</td><td>%s</td><td>",
			 row->measure ? row->measure : "", actual, limit);
		if (row->has_percent)
			buf_addf(b, "%.1f%%", row->percent);
		buf_addf(b, "</td><td>%s</td></tr>\n", row->over ? "over" : "ok");
	}
	buf_adds(b, "</table>\n");
	if (hidden)
		buf_addf(b, "<p>%zu more page budgets within limits (report.json lists all).</p>\n",
			 hidden);
	free(show);
	free(rows);
}

int budget_html_write(const char *path, const json_t *report,
		      const struct report_budgets *budgets, const json_t *chunks)
{
	struct buf b = BUF_INIT;
	json_int_t over = json_integer_value(json_object_get(report, "over"));
	char js[32];
	int ret;

	budget_format_size((uint64_t)json_integer_value(json_object_get(
		json_object_get(json_object_get(report, "totals"), "js"), "raw")), js);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		 "<title>distill budget report</title>\n<style>\n"
		 "body{font:14px system-ui,sans-serif;margin:20px;color:#222;background:#fff}\n"
		 "table{border-collapse:collapse;margin:12px 0}\n"
		 "td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}\n"
		 "tr.over td{color:#b00;font-weight:600}\n"
		 "svg text{font:11px ui-monospace,monospace;fill:#111;pointer-events:none}\n"
		 "svg text.c{font-weight:700;fill:#fff}\n"
		 "svg rect{stroke:#fff;stroke-width:1}\n"
		 "</style></head><body>\n");
	buf_addf(&b, "<h1>Budget: %s</h1>\n<p>JavaScript in the site: %s.</p>\n",
		 over ? "over" : "within limits", js);
	budget_table(&b, budgets);
	buf_adds(&b, "<h2>JavaScript by chunk and module</h2>\n");
	treemap(&b, chunks);
	buf_adds(&b, "</body></html>\n");
	ret = afile_put_if_changed(path, b.data, b.len) < 0 ? -1 : 0;
	buf_release(&b);
	return ret;
}
