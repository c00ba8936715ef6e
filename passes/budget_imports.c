/* SPDX-License-Identifier: MIT */
/*
 * What a script or a stylesheet loads in its turn: a script's static
 * imports (from Vite's manifest for the chunks it lists, else scanned from
 * the script's bytes) and a stylesheet's @imports, followed to the end.
 * What they add up to is a struct load, one resource of a page; the page
 * walk (budget_page.c) starts a closure at each script and stylesheet.
 */
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/imports.h"
#include "../src/lib/util.h"
#include "../src/lib/vite_manifest.h"
#include "budget_site.h"

/* Each chunk's static imports, from Vite's manifest (src/lib/vite_manifest.h):
 * s->vite maps a chunk's file to the array of the files it imports. */
void budget_load_vite(struct site *s)
{
	for (int n = 0; vite_manifest_names[n] && !s->vite; n++) {
		struct file *f = budget_find_file(s, vite_manifest_names[n]);
		struct vite_manifest m;
		size_t len;
		char *text;
		int r;

		if (!f || !(text = budget_read_entry(s, f, true, &len)))
			continue;
		r = vite_manifest_parse(text, len, &m);
		free(text);
		if (r < 0)
			continue;
		s->vite = json_object();
		for (size_t c = 0; c < m.n; c++) {
			json_t *list = json_array();

			for (size_t k = 0; k < m.chunks[c].nimports; k++)
				json_array_append_new(list, json_string(m.chunks[c].imports[k]));
			json_object_set_new(s->vite, m.chunks[c].file, list);
		}
		vite_manifest_free(&m);
	}
}

/* The static imports of a JS file, as site paths; cached in f->imports. */
static const json_t *static_imports(struct site *s, struct file *f)
{
	json_t *vite = s->vite ? json_object_get(s->vite, f->path) : NULL;
	struct import_spec *specs;
	size_t n, len;
	char *js;

	if (f->imports)
		return f->imports;
	f->imports = json_array();
	if (vite) {
		json_array_extend(f->imports, vite);
		return f->imports;
	}
	if (!(js = budget_read_entry(s, f, false, &len)))
		return f->imports;
	specs = imports_scan(js, len, &n);
	for (size_t i = 0; i < n; i++) {
		char *to;

		if (specs[i].dynamic || !(to = imports_resolve(f->path, specs[i].spec)))
			continue;
		json_array_append_new(f->imports, json_string(to));
		free(to);
	}
	imports_free(specs, n);
	free(js);
	return f->imports;
}

void budget_load_init(struct load *l)
{
	l->seen = json_object();
	l->files = json_array();
	l->raw = l->transfer = 0;
}

void budget_load_add(struct load *l, const char *output, json_int_t raw,
		     json_int_t xfer)
{
	if (json_object_get(l->seen, output))
		return;
	json_object_set_new(l->seen, output, json_true());
	json_array_append_new(l->files, json_string(output));
	l->raw += raw;
	l->transfer += xfer;
}

json_t *budget_load_json(struct load *l)
{
	json_t *o = json_pack("{s:I, s:I, s:o}", "raw", l->raw, "transfer",
			      l->transfer, "files", l->files);

	json_decref(l->seen);
	return o;
}

/* Files still to visit, last in first out. An import chain may be as long
 * as the site is large, so closures are walked with this rather than by
 * recursion. */
struct todo {
	struct file **v;
	size_t n, cap;
};

static void todo_push(struct todo *t, struct file *f)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = f;
}

/* Push what f loads in its turn, last first (so that it comes off the stack
 * in order): a script's static imports, a stylesheet's @imports. */
static void push_loaded(struct site *s, struct todo *t, struct file *f)
{
	struct file *g;

	if (strcmp(f->kind, "js") == 0) {
		const json_t *imports = static_imports(s, f);

		for (size_t i = json_array_size(imports); i-- > 0;)
			if ((g = budget_find_file(s, json_string_value(
				     json_array_get(imports, i)))))
				todo_push(t, g);
	} else {
		for (size_t i = f->entry->nrefs; i-- > 0;) {
			const struct manifest_ref *r = &f->entry->refs[i];

			if (r->target && strcmp(r->kind, "css-import") == 0 &&
			    (g = budget_find_file(s, r->target)))
				todo_push(t, g);
		}
	}
}

/* A file of kind ("js" or "css") and what it loads of that kind, depth
 * first in order, with a stack of files rather than recursion; the seen
 * set stops cycles. */
void budget_add_closure(struct site *s, struct load *l, struct file *f,
			const char *kind)
{
	struct todo t = { NULL, 0, 0 };

	todo_push(&t, f);
	while (t.n) {
		f = t.v[--t.n];
		if (strcmp(f->kind, kind) != 0 || json_object_get(l->seen, f->output))
			continue;
		budget_load_add(l, f->output, f->raw, budget_file_transfer(f));
		push_loaded(s, &t, f);
	}
	free(t.v);
}
