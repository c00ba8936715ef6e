/* SPDX-License-Identifier: MIT */
/*
 * The budget report read back for printing (budget_doc.h), and the change
 * of the JavaScript since the previous build. Every field the printer
 * shows is named here once; a report whose fields have other types is not
 * read at all rather than shown with holes.
 */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/fields.h"
#include "../src/lib/jdoc.h"
#include "../src/lib/util.h"
#include "budget_doc.h"
#include "budget_int.h"

/* Fields are read in the order the budget job writes them. */
static void read_row(struct field_reader *r, const struct jnode *b, struct budget_row *row)
{
	const struct jnode *largest, *percent;
	size_t i = 0;

	row->page = field_opt_str(r, b, "page");
	row->resource = field_opt_str(r, b, "resource");
	row->measure = field_opt_str(r, b, "measure");
	row->actual = field_int(r, b, "actual");
	row->limit = field_int(r, b, "limit");
	row->over = jnode_is(field_node(r, b, "over"), JTRUE);
	largest = field_opt_array(r, b, "largest", &row->nlargest);
	percent = field_node(r, b, "percent");
	row->has_percent = jnode_number(percent, &row->percent);
	if (!row->has_percent)
		row->percent = 100.0;
	if (percent && !jnode_is(percent, JNULL) && !row->has_percent && !r->why)
		r->why = "percent";
	row->largest = xcalloc(row->nlargest + 1, sizeof(*row->largest));
	for (const struct jnode *f = largest ? largest->child : NULL; f; f = f->next) {
		const char *path = field_str(r, f, "path");

		row->largest[i++] = (struct budget_part){ path, field_int(r, f, "bytes") };
	}
}

int budget_doc_read(char *text, size_t len, struct budget_doc *doc)
{
	struct field_reader r = { NULL };
	const struct jnode *root, *budgets, *largest, *modules, *files, *warnings, *x;
	const char *why;
	int64_t version = 0;
	size_t i;

	memset(doc, 0, sizeof(*doc));
	doc->doc = jdoc_parse(text, len, &why);
	root = doc->doc ? jdoc_root(doc->doc) : NULL;
	if (!jnode_is(root, JOBJECT) || !jnode_int(jnode_get(root, "version"), &version) ||
	    version != BUDGET_REPORT_VERSION) {
		budget_doc_release(doc);
		return -1;
	}
	doc->js_raw = field_int(&r, jnode_get(jnode_get(root, "totals"), "js"), "raw");
	doc->over = field_int(&r, root, "over");
	budgets = field_array(&r, root, "budgets", &doc->nbudgets);
	doc->budgets = xcalloc(doc->nbudgets + 1, sizeof(*doc->budgets));
	i = 0;
	for (x = budgets ? budgets->child : NULL; x; x = x->next)
		read_row(&r, x, &doc->budgets[i++]);
	largest = field_opt_array(&r, root, "largest_js", &doc->nlargest_js);
	doc->largest_js = xcalloc(doc->nlargest_js + 1, sizeof(*doc->largest_js));
	i = 0;
	for (x = largest ? largest->child : NULL; x; x = x->next)
		doc->largest_js[i++] = (struct budget_js){ field_str(&r, x, "path"),
							   field_int(&r, x, "raw"),
							   field_opt_int(&r, x, "br") };
	modules = field_opt_array(&r, root, "modules", &doc->nmodules);
	doc->modules = xcalloc(doc->nmodules + 1, sizeof(*doc->modules));
	i = 0;
	for (x = modules ? modules->child : NULL; x; x = x->next)
		doc->modules[i++] = (struct budget_module){ field_str(&r, x, "source"),
							    field_int(&r, x, "bytes"),
							    field_int(&r, x, "chunks") };
	files = field_array(&r, root, "files", &doc->nfiles);
	doc->files = xcalloc(doc->nfiles + 1, sizeof(*doc->files));
	i = 0;
	for (x = files ? files->child : NULL; x; x = x->next) {
		struct budget_doc_file *f = &doc->files[i++];

		f->path = field_str(&r, x, "path");
		f->name = field_str(&r, x, "name");
		f->js = strcmp(field_str(&r, x, "kind"), "js") == 0;
		f->raw = field_int(&r, x, "raw");
	}
	warnings = field_opt_array(&r, root, "warnings", &doc->nwarnings);
	doc->warnings = xcalloc(doc->nwarnings + 1, sizeof(*doc->warnings));
	i = 0;
	for (x = warnings ? warnings->child : NULL; x; x = x->next) {
		doc->warnings[i] = jnode_string(x);
		if (!doc->warnings[i++] && !r.why)
			r.why = "warnings";
	}
	if (r.why) {
		budget_doc_release(doc);
		return -1;
	}
	return 0;
}

void budget_doc_release(struct budget_doc *doc)
{
	for (size_t i = 0; i < doc->nbudgets; i++)
		free(doc->budgets[i].largest);
	free(doc->budgets);
	free(doc->largest_js);
	free(doc->modules);
	free(doc->files);
	free(doc->warnings);
	jdoc_free(doc->doc);
	memset(doc, 0, sizeof(*doc));
}

static bool same_resource(const struct budget_row *a, const struct budget_row *b)
{
	return strcmp(a->resource ? a->resource : "", b->resource ? b->resource : "") == 0;
}

bool *budget_rows_shown(const struct budget_row *rows, size_t n, size_t *hidden)
{
	size_t pages = 0, nresources = 0;
	bool *show = xcalloc(n + 1, sizeof(*show));
	size_t *fullest = xcalloc(n + 1, sizeof(*fullest)); /* a row per resource */

	for (size_t i = 0; i < n; i++) {
		const struct budget_row *row = &rows[i];
		size_t r = 0;

		if (!row->page)
			continue;
		pages++;
		while (r < nresources && !same_resource(&rows[fullest[r]], row))
			r++;
		if (r == nresources)
			fullest[nresources++] = i;
		else if (row->percent > rows[fullest[r]].percent)
			fullest[r] = i;
	}
	*hidden = 0;
	for (size_t i = 0; i < n; i++) {
		const struct budget_row *row = &rows[i];

		show[i] = pages <= BUDGET_PAGE_ROWS || !row->page || row->over;
		for (size_t r = 0; r < nresources && !show[i]; r++)
			show[i] = fullest[r] == i;
		*hidden += !show[i];
	}
	free(fullest);
	return show;
}

/* ---- the delta ---- */

char *budget_doc_previous(const struct budget_doc *doc)
{
	json_t *files = json_array(), *root;
	char *text;

	for (size_t i = 0; i < doc->nfiles; i++)
		if (doc->files[i].js)
			json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:I}",
				"name", doc->files[i].name, "path", doc->files[i].path,
				"kind", "js", "raw", (json_int_t)doc->files[i].raw));
	root = json_pack("{s:i, s:{s:{s:I}}, s:i, s:[], s:o}", "version", BUDGET_REPORT_VERSION,
			 "totals", "js", "raw", (json_int_t)doc->js_raw, "over", 0,
			 "budgets", "files", files);
	text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text)
		fatal("out of memory");
	json_decref(root);
	return text;
}

/* JS bytes by name ("assets/index.js" for "assets/index-Bq2.js"). */
struct js_total {
	const char *name;
	int64_t raw;
	bool reported; /* already in the delta: once per name */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct js_total *)a)->name, ((const struct js_total *)b)->name);
}

/* The JS totals of doc by name, sorted; *n of them. */
static struct js_total *js_by_name(const struct budget_doc *doc, size_t *n)
{
	struct js_total *v = xcalloc(doc->nfiles + 1, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < doc->nfiles; i++)
		if (doc->files[i].js)
			v[k++] = (struct js_total){ doc->files[i].name, doc->files[i].raw, false };
	sort_array(v, k, sizeof(*v), by_name);
	*n = 0;
	for (size_t i = 0; i < k; i++) {
		if (*n > 0 && strcmp(v[*n - 1].name, v[i].name) == 0)
			v[*n - 1].raw += v[i].raw;
		else
			v[(*n)++] = v[i];
	}
	return v;
}

static struct js_total *js_find(struct js_total *v, size_t n, const char *name)
{
	struct js_total key = { name, 0, false };

	return bsearch(&key, v, n, sizeof(*v), by_name);
}

static int by_growth(const void *a, const void *b)
{
	const struct budget_growth *x = a, *y = b;
	int64_t gx = x->after - x->before, gy = y->after - y->before;

	if (gx != gy)
		return gx < gy ? 1 : -1;
	return strcmp(x->name, y->name);
}

void budget_delta_compute(const struct budget_doc *now, const struct budget_doc *previous,
			  struct budget_delta *delta)
{
	struct js_total *totals, *then;
	size_t ntotals, nthen;

	memset(delta, 0, sizeof(*delta));
	if (!previous)
		return;
	totals = js_by_name(now, &ntotals);
	then = js_by_name(previous, &nthen);
	delta->known = true;
	delta->js_raw = now->js_raw - previous->js_raw;
	delta->previous_js_raw = previous->js_raw;
	delta->grew = xcalloc(now->nfiles + 1, sizeof(*delta->grew));
	for (size_t i = 0; i < now->nfiles; i++) {
		const struct budget_doc_file *f = &now->files[i];
		struct js_total *total = f->js ? js_find(totals, ntotals, f->name) : NULL;
		struct js_total *before = total ? js_find(then, nthen, f->name) : NULL;

		if (!total || total->reported || (before && before->raw >= total->raw))
			continue;
		total->reported = true;
		delta->grew[delta->ngrew++] = (struct budget_growth){
			.name = f->name, .path = f->path, .is_new = before == NULL,
			.before = before ? before->raw : 0, .after = total->raw,
		};
	}
	sort_array(delta->grew, delta->ngrew, sizeof(*delta->grew), by_growth);
	free(totals);
	free(then);
}

void budget_delta_release(struct budget_delta *delta)
{
	free(delta->grew);
	memset(delta, 0, sizeof(*delta));
}

json_t *budget_delta_json(const struct budget_delta *delta)
{
	json_t *grew;

	if (!delta->known)
		return json_null();
	grew = json_array();
	for (size_t i = 0; i < delta->ngrew; i++) {
		const struct budget_growth *g = &delta->grew[i];

		json_array_append_new(grew, json_pack("{s:s, s:s, s:o, s:I}", "name", g->name,
						      "path", g->path, "before",
						      g->is_new ? json_null() : json_integer(g->before),
						      "after", (json_int_t)g->after));
	}
	return json_pack("{s:I, s:I, s:o}", "js_raw", (json_int_t)delta->js_raw,
			 "previous_js_raw", (json_int_t)delta->previous_js_raw, "grew", grew);
}
