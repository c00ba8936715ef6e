/* SPDX-License-Identifier: MIT */
/*
 * The budget's measure: budget_measure(), which makes the report's figures,
 * and the site it reads, loaded from the manifest (budget_site.h): each
 * file's sizes and the totals.
 *
 * Sizes come from the manifest only: output_size, the kept br sidecar and
 * the gzip figure of each entry, and the image variants. Bytes are read for
 * three things the manifest does not say: which URLs a page loads (its
 * source HTML, whose URLs the manifest's refs resolve: budget_page.c), what
 * a script imports (its output bytes, unless Vite's manifest says:
 * budget_imports.c), and where the bytes of a chunk came from (its source
 * map: budget_modules.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/manifest.h"
#include "../src/lib/buf.h"
#include "../src/lib/json_write.h"
#include "../src/lib/refs.h"
#include "../src/lib/util.h"
#include "budget_int.h"
#include "budget_site.h"

json_int_t budget_geti(const json_t *o, const char *key, json_int_t none)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? json_integer_value(v) : none;
}

const char *budget_gets(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* What a browser downloads: the smallest encoding on offer. Text is always
 * offered gzip-compressed by the hosts distill targets; brotli only where the
 * sidecar was kept. */
static json_int_t transfer(json_int_t raw, json_int_t br, json_int_t gzip)
{
	json_int_t t = raw;

	if (br >= 0 && br < t)
		t = br;
	if (gzip >= 0 && gzip < t)
		t = gzip;
	return t;
}

json_int_t budget_file_transfer(const struct file *f)
{
	return transfer(f->raw, f->br, f->gzip);
}

/* s->files[i] is the manifest's entries[i], which are sorted by path. */
struct file *budget_find_file(const struct site *s, const char *path)
{
	const struct manifest_entry *e = manifest_entry_find(s->manifest, path);

	return e ? &s->files[e - s->manifest->entries] : NULL;
}

/* Vite and Rollup put an 8-character hash after the last '-' of the stem:
 * "assets/index-BqzH5XkL.js" is "assets/index.js" from build to build. */
static char *stable_name(const struct file *f, bool fingerprinted)
{
	const char *slash = strrchr(f->output, '/');
	const char *base = slash ? slash + 1 : f->output;
	const char *dot = strchr(base + (base[0] == '.'), '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);

	if (strcmp(f->path, f->output) != 0)
		return xstrdup(f->path); /* distill named it: the source is stable */
	if (!fingerprinted || stem < 10 || base[stem - 9] != '-')
		return xstrdup(f->output);
	return xasprintf("%.*s%s", (int)(base - f->output + stem - 9), f->output,
			 base + stem);
}

void budget_warn(struct site *s, const char *fmt, const char *arg)
{
	char *msg = xasprintf(fmt, arg);

	json_array_append_new(s->warnings, json_string(msg));
	free(msg);
}

static const char *total_group(const char *kind)
{
	static const char *const images[] = { "raster", "svg", "gif", "image", NULL };

	if (strcmp(kind, "js") == 0 || strcmp(kind, "css") == 0 ||
	    strcmp(kind, "html") == 0 || strcmp(kind, "font") == 0)
		return kind;
	for (int i = 0; images[i]; i++)
		if (strcmp(kind, images[i]) == 0)
			return "image";
	return "other";
}

static json_t *total_get(json_t *totals, const char *group)
{
	json_t *t = json_object_get(totals, group);

	if (!t) {
		t = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "files", (json_int_t)0,
			      "raw", (json_int_t)0, "br", (json_int_t)0, "br_files",
			      (json_int_t)0, "gzip", (json_int_t)0, "transfer",
			      (json_int_t)0);
		json_object_set_new(totals, group, t);
	}
	return t;
}

/* gzip sums the gzip-equivalent size: the raw size where there is none. */
static void total_add(json_t *totals, const char *group, json_int_t raw,
		      json_int_t br, json_int_t gzip)
{
	json_t *t = total_get(totals, group);

#define BUMP(key, by) json_integer_set(json_object_get(t, key), \
		json_integer_value(json_object_get(t, key)) + (by))
	BUMP("files", 1);
	BUMP("raw", raw);
	BUMP("br", br >= 0 ? br : 0);
	BUMP("br_files", br >= 0 ? 1 : 0);
	BUMP("gzip", gzip >= 0 ? gzip : raw);
	BUMP("transfer", transfer(raw, br, gzip));
#undef BUMP
}

/* One file of the report's "files", into b. */
static void report_file_write(struct buf *b, const char *prefix, const struct report_file *f)
{
	json_write_member(b, prefix, f->path);
	json_write_member(b, ",\"name\":", f->name);
	json_write_member(b, ",\"asset\":", f->asset);
	json_write_member(b, ",\"kind\":", f->kind);
	json_write_member_int(b, ",\"raw\":", f->raw, false);
	json_write_member_int(b, ",\"br\":", f->br, true);
	json_write_member_int(b, ",\"gzip\":", f->gzip, true);
	json_write_member_int(b, ",\"transfer\":", f->transfer, false);
	buf_addc(b, '}');
}

/* One file as the report writes it, a new object. */
static json_t *report_file_json(const struct report_file *f)
{
	struct buf b = BUF_INIT;
	json_t *v;

	report_file_write(&b, "{\"path\":", f);
	v = json_loadb(b.data, b.len, 0, NULL);
	if (!v)
		fatal("out of memory");
	buf_release(&b);
	return v;
}

static void report_files_write(struct buf *b, const struct report_files *files)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < files->n; i++)
		report_file_write(b, i ? ",{\"path\":" : "{\"path\":", &files->v[i]);
	buf_addc(b, ']');
}

void budget_report_text(struct buf *b, const json_t *report, const struct report_budgets *budgets,
			const struct report_files *files)
{
	json_write_value(b, report, 6);
	/* The object's closing brace gives way to "budgets" and "files". */
	b->len--;
	buf_adds(b, json_object_size(report) ? ",\"budgets\":" : "\"budgets\":");
	report_budgets_write(b, budgets);
	buf_adds(b, ",\"files\":");
	report_files_write(b, files);
	buf_addc(b, '}');
}

void report_files_release(struct report_files *files)
{
	for (size_t i = 0; i < files->n; i++)
		free(files->v[i].name);
	free(files->v);
	memset(files, 0, sizeof(*files));
}

static void add_report_file(struct report_files *files, struct report_file f)
{
	files->v = xgrow(files->v, &files->cap, files->n + 1, sizeof(*files->v));
	files->v[files->n++] = f;
}

/* Fill s->files from the manifest, and files with the report's. */
static void load_files(struct site *s, json_t *totals, struct report_files *files)
{
	const struct manifest *m = s->manifest;

	s->files = xcalloc(m->nentries + 1, sizeof(*s->files));
	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];
		struct file *f = &s->files[s->nfiles];
		char *name;

		f->entry = e;
		f->path = e->path;
		f->output = e->output;
		f->kind = e->kind;
		f->raw = e->output_size;
		f->br = e->br;
		f->gzip = e->gzip;
		f->image_max = -1;
		s->nfiles++;

		name = stable_name(f, e->fingerprinted);
		add_report_file(files, (struct report_file){ f->output, f->path, f->kind, name,
							     f->raw, f->br, f->gzip,
							     budget_file_transfer(f) });
		total_add(totals, total_group(f->kind), f->raw, f->br, f->gzip);
		total_add(totals, "all", f->raw, f->br, f->gzip);

		/* Variants are files of the site too. */
		for (size_t k = 0; k < e->nvariants; k++) {
			const char *vout = e->variants[k].output;
			json_int_t size = e->variants[k].size;

			if (size > f->image_max) {
				f->image_max = size;
				f->image_max_output = vout;
			}
			add_report_file(files, (struct report_file){ vout, f->path, "variant",
								     xstrdup(vout), size, -1, -1,
								     size });
			total_add(totals, "image", size, -1, -1);
			total_add(totals, "all", size, -1, -1);
		}
	}
}

/* The source (in DIST) or output bytes of f, or NULL after a warning in
 * the report. A page too large to parse, or another file too large to read
 * whole, is left unread, with one warning. */
char *budget_read_entry(struct site *s, struct file *f, bool source, size_t *len)
{
	char *path = source ? xasprintf("%s/%s", s->dist, f->path)
			    : xstrdup(f->entry->content);
	bool page = strcmp(f->kind, "html") == 0;
	char *data = read_file_max(path, page ? REFS_MAX_SIZE : TEXT_READ_MAX, len);
	bool too_large = !data && errno == EFBIG;

	if (too_large && !f->too_large)
		budget_warn(s, page ? "'%s' is not read: over 16 MiB, the most distill parses; "
				"what the page loads is not counted"
			      : "'%s' is not read: over 64 MiB, the most distill reads whole",
		      f->path);
	else if (!data && !too_large)
		budget_warn(s, "cannot read '%s'", path);
	f->too_large = f->too_large || too_large;
	free(path);
	return data;
}

static int by_raw_desc(const void *a, const void *b)
{
	const struct report_file *x = *(const struct report_file *const *)a;
	const struct report_file *y = *(const struct report_file *const *)b;

	if (x->raw != y->raw)
		return x->raw < y->raw ? 1 : -1;
	return strcmp(x->path, y->path);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct report_file *)a)->path,
		      ((const struct report_file *)b)->path);
}

/* The max largest JS files, by raw size: the report's "largest_js". */
static json_t *largest_js(const struct report_files *files, size_t max)
{
	const struct report_file **v = xcalloc(files->n + 1, sizeof(*v));
	json_t *out = json_array();
	size_t n = 0;

	for (size_t i = 0; i < files->n; i++)
		if (strcmp(files->v[i].kind, "js") == 0)
			v[n++] = &files->v[i];
	sort_array(v, n, sizeof(*v), by_raw_desc);
	for (size_t i = 0; i < n && i < max; i++)
		json_array_append_new(out, report_file_json(v[i]));
	free(v);
	return out;
}

void budget_site_load(struct site *s, const struct manifest *m, json_t *totals,
		      struct report_files *files)
{
	*s = (struct site){ .manifest = m, .dist = m->dist };
	s->warnings = json_array();
	load_files(s, totals, files);
	budget_load_vite(s);
}

void budget_site_release(struct site *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		json_decref(s->files[i].imports);
	free(s->files);
	json_decref(s->vite);
	json_decref(s->warnings);
	blob_memo_release(&s->memo);
	blob_memo_next_release(&s->memo_next);
}

#define MEASURE_MEMO "measure.memo"
#define MEASURE_MEMO_MAGIC "distill-budget-measure"

/* What the memo's entries mean: the binary that wrote them. */
static struct hash128 memo_settings(void)
{
	return blob_memo_settings(MEASURE_MEMO_MAGIC " 1");
}

static void memo_write(struct site *s, const char *dir)
{
	char *path = xasprintf("%s/%s", dir, MEASURE_MEMO);

	if (blob_memo_write(&s->memo_next, path, MEASURE_MEMO_MAGIC, memo_settings()) < 0)
		info(1, "cannot write '%s': %s", path, strerror(errno));
	free(path);
}

json_t *budget_measure(const struct manifest *manifest, size_t top, size_t top_modules,
		       json_t **chunks, const char *memo_dir, struct report_files *files)
{
	struct site s;
	json_t *report, *totals = json_object(), *pages = json_array();

	*files = (struct report_files){ 0 };
	budget_site_load(&s, manifest, totals, files);
	if (memo_dir) {
		char *path = xasprintf("%s/%s", memo_dir, MEASURE_MEMO);

		blob_memo_load(&s.memo, path, MEASURE_MEMO_MAGIC, memo_settings());
		free(path);
	}
	for (const char *const *g = (const char *const[]){ "js", "css", "html",
	     "image", "font", "other", "all", NULL }; *g; g++)
		total_get(totals, *g);
	for (size_t i = 0; i < s.nfiles; i++)
		if (strcmp(s.files[i].kind, "html") == 0) {
			json_array_append_new(pages, budget_measure_page(&s, &s.files[i]));
			s.pages++;
		}


	report = json_pack("{s:i, s:s, s:b, s:o, s:o, s:o}", "version",
			   BUDGET_REPORT_VERSION, "dist", s.dist, "vite_manifest",
			   s.vite != NULL, "totals", totals,
			   "largest_js", largest_js(files, top), "pages", pages);
	sort_array(files->v, files->n, sizeof(*files->v), by_path);
	*chunks = budget_measure_modules(&s, report, top_modules);
	if (memo_dir) {
		info(3, "budget: %zu pages, %zu read, %zu from the memo; %zu scripts, %zu "
		     "attributed from the memo", s.pages, s.pages - s.pages_remembered,
		     s.pages_remembered, s.chunks, s.chunks_remembered);
		memo_write(&s, memo_dir);
	}
	json_object_set(report, "warnings", s.warnings);
	budget_site_release(&s);
	return report;
}
