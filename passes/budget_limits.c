/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "../src/lib/buf.h"
#include "../src/lib/json_write.h"
#include "../src/lib/util.h"
#include "budget_int.h"

/*
 * The budgets: the site's JS total (raw bytes, the gate) and, for each page,
 * the transfer bytes of its scripts, stylesheets and images, from the
 * config. A Lighthouse budget.json may override the page limits: the last
 * entry whose "path" matches the page sets the resource types it lists
 * (resourceSizes, in KiB: 1024 bytes), as Lighthouse does.
 */

static const char *const page_resources[] = { "script", "stylesheet", "image", NULL };

bool budget_path_matches(const char *pattern, const char *path)
{
	const char *star = strchr(pattern, '*');
	size_t plen = strlen(pattern);
	bool dollar = plen && pattern[plen - 1] == '$';

	if (!star && !dollar)
		return has_prefix(path, pattern);
	if (!star)
		return strlen(path) == plen - 1 && strncmp(path, pattern, plen - 1) == 0;

	size_t head = (size_t)(star - pattern);
	const char *tail = star + 1;
	size_t tlen = strlen(tail) - (dollar ? 1 : 0);

	if (strncmp(path, pattern, head) != 0 || strlen(path) < head)
		return false;
	path += head;
	if (dollar)
		return strlen(path) >= tlen && strncmp(path + strlen(path) - tlen, tail, tlen) == 0;
	char *t = xstrndup(tail, tlen);
	bool found = strstr(path, t) != NULL;
	free(t);
	return found;
}

static json_int_t geti(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Limit of a config key: its number, or -1 for null (no budget). */
static json_int_t config_limit(const json_t *config, const char *key)
{
	const json_t *v = json_object_get(config, key);

	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_real(v))
		return (json_int_t)json_real_value(v);
	return -1;
}

/* A file by its output path, and what a browser downloads of it. */
struct size {
	const char *path;
	json_int_t bytes;
};

struct ctx {
	json_t *report;
	struct report_budgets *budgets;
	const struct report_files *files; /* sorted by path */
	json_t *warned;     /* messages given already */
};

static void warn_once(struct ctx *c, const char *msg)
{
	if (json_object_get(c->warned, msg))
		return;
	json_object_set_new(c->warned, msg, json_true());
	json_array_append_new(json_object_get(c->report, "warnings"), json_string(msg));
}

static int by_path(const void *key, const void *item)
{
	return strcmp(key, ((const struct report_file *)item)->path);
}

static json_int_t transfer_of(const struct ctx *c, const char *path)
{
	const struct report_file *f = bsearch(path, c->files->v, c->files->n,
					      sizeof(*c->files->v), by_path);

	return f ? f->transfer : 0;
}

static int by_bytes(const void *a, const void *b)
{
	const struct size *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* The three largest of files (output paths) by transfer size, into row. */
static void largest(struct ctx *c, const json_t *files, struct budget_row *row)
{
	size_t n = json_array_size(files), i;
	struct size *v = xcalloc(n + 1, sizeof(*v));
	json_t *f;

	json_array_foreach(files, i, f) {
		v[i].path = json_string_value(f);
		v[i].bytes = transfer_of(c, v[i].path);
	}
	sort_array(v, n, sizeof(*v), by_bytes);
	row->nlargest = n < 3 ? n : 3;
	row->largest = xcalloc(row->nlargest + 1, sizeof(*row->largest));
	for (i = 0; i < row->nlargest; i++)
		row->largest[i] = (struct budget_part){ xstrdup(v[i].path), v[i].bytes };
	free(v);
}

/* A new budget; its largest files are the caller's to fill. page,
 * resource and measure are borrowed for as long as the report is. */
static struct budget_row *add_budget(struct ctx *c, const char *page, const char *resource,
				     const char *measure, json_int_t actual, json_int_t limit,
				     const char *source)
{
	struct report_budgets *all = c->budgets;
	struct report_budget *b;

	all->v = xgrow(all->v, &all->cap, all->n + 1, sizeof(*all->v));
	b = &all->v[all->n++];
	*b = (struct report_budget){
		.row = { .page = page, .resource = resource, .measure = measure,
			 .actual = actual, .limit = limit, .over = actual > limit,
			 /* One decimal, so the number reads the same in every
			  * report format. */
			 .has_percent = limit > 0,
			 .percent = limit > 0 ? (double)((actual * 1000 + limit / 2) / limit) / 10.0
					      : 100.0 },
		.source = source,
	};
	all->over += b->row.over;
	return &b->row;
}

void report_budgets_release(struct report_budgets *budgets)
{
	for (size_t i = 0; i < budgets->n; i++) {
		struct budget_row *row = &budgets->v[i].row;

		for (size_t k = 0; k < row->nlargest; k++)
			free((char *)row->largest[k].path);
		free(row->largest);
	}
	free(budgets->v);
	memset(budgets, 0, sizeof(*budgets));
}

void report_budgets_write(struct buf *b, const struct report_budgets *budgets)
{
	struct buf id = BUF_INIT;

	buf_addc(b, '[');
	for (size_t i = 0; i < budgets->n; i++) {
		const struct budget_row *row = &budgets->v[i].row;

		buf_adds(b, i ? ",{\"id\":" : "{\"id\":");
		if (row->page) {
			buf_reset(&id);
			buf_adds(&id, "page:");
			buf_adds(&id, row->page);
			buf_addc(&id, ':');
			buf_adds(&id, row->resource);
			json_write_string(b, id.data);
			json_write_member(b, ",\"scope\":\"page\",\"page\":", row->page);
		} else {
			buf_adds(b, "\"js-total\",\"scope\":\"site\",\"page\":null");
		}
		json_write_member(b, ",\"resource\":", row->resource);
		json_write_member(b, ",\"measure\":", row->measure);
		json_write_member_int(b, ",\"actual\":", row->actual, false);
		json_write_member_int(b, ",\"limit\":", row->limit, false);
		json_write_member(b, row->over ? ",\"over\":true,\"source\":" :
				  ",\"over\":false,\"source\":", budgets->v[i].source);
		buf_adds(b, ",\"largest\":[");
		for (size_t k = 0; k < row->nlargest; k++) {
			json_write_member(b, k ? ",{\"path\":" : "{\"path\":", row->largest[k].path);
			json_write_member_int(b, ",\"bytes\":", row->largest[k].bytes, false);
			buf_addc(b, '}');
		}
		buf_adds(b, "],\"percent\":");
		if (row->has_percent)
			json_write_real(b, row->percent, 6);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
	buf_release(&id);
}

/* The last budget.json entry whose path matches the page (either form of
 * its URL), or NULL. */
static const json_t *lighthouse_entry(const json_t *lighthouse, const json_t *page)
{
	const char *url = json_string_value(json_object_get(page, "url"));
	char *full = xasprintf("/%s", json_string_value(json_object_get(page, "path")));
	const json_t *found = NULL, *e;
	size_t i;

	json_array_foreach(lighthouse, i, e) {
		const char *pattern = json_string_value(json_object_get(e, "path"));

		if (!pattern || budget_path_matches(pattern, url) ||
		    budget_path_matches(pattern, full))
			found = e;
	}
	free(full);
	return found;
}

static json_int_t page_actual(const json_t *page, const char *resource)
{
	if (strcmp(resource, "total") == 0)
		return page_actual(page, "script") + page_actual(page, "stylesheet") +
		       page_actual(page, "image") + page_actual(page, "document");
	return geti(json_object_get(page, resource), "transfer");
}

static json_t *page_files(const json_t *page, const char *resource)
{
	json_t *files = json_array();

	if (strcmp(resource, "document") == 0 || strcmp(resource, "total") == 0) {
		json_array_append_new(files, json_string(json_string_value(json_object_get(page, "path"))));
		if (strcmp(resource, "document") == 0)
			return files;
		for (int r = 0; page_resources[r]; r++)
			json_array_extend(files, json_object_get(json_object_get(page, page_resources[r]), "files"));
		return files;
	}
	json_array_extend(files, json_object_get(json_object_get(page, resource), "files"));
	return files;
}

static void page_budgets(struct ctx *c, const json_t *config, const json_t *page,
			 const json_t *lighthouse, const char *lighthouse_name)
{
	static const char *const all[] = { "script", "stylesheet", "image",
					   "document", "total", NULL };
	json_int_t limits[5] = { -1, -1, -1, -1, -1 };
	const char *sources[5] = { "config", "config", "config", NULL, NULL };
	const json_t *entry = lighthouse ? lighthouse_entry(lighthouse, page) : NULL;
	const char *path = json_string_value(json_object_get(page, "path"));
	size_t i;
	json_t *rs;

	for (int r = 0; page_resources[r]; r++)
		limits[r] = config_limit(config, page_resources[r]);
	json_array_foreach(json_object_get(entry, "resourceSizes"), i, rs) {
		const char *type = json_string_value(json_object_get(rs, "resourceType"));
		const json_t *kib = json_object_get(rs, "budget");
		int r;

		for (r = 0; all[r]; r++)
			if (type && strcmp(type, all[r]) == 0)
				break;
		if (!all[r] || !json_is_number(kib)) {
			char *msg = xasprintf("'%s': resourceType '%s' is not checked "
					      "(distill measures script, stylesheet, image, "
					      "document and total)", lighthouse_name,
					      type ? type : "?");
			warn_once(c, msg);
			free(msg);
			continue;
		}
		limits[r] = (json_int_t)(json_number_value(kib) * 1024.0);
		sources[r] = "budget.json";
	}
	if (entry && (json_object_get(entry, "resourceCounts") || json_object_get(entry, "timings"))) {
		char *msg = xasprintf("'%s': only resourceSizes are checked", lighthouse_name);
		warn_once(c, msg);
		free(msg);
	}
	for (int r = 0; all[r]; r++) {
		if (limits[r] < 0)
			continue;
		json_t *files = page_files(page, all[r]);

		largest(c, files, add_budget(c, path, all[r], "transfer",
					     page_actual(page, all[r]), limits[r], sources[r]));
		json_decref(files);
	}
}

void budget_limits_apply(json_t *report, const struct report_files *files,
			 const json_t *config, const json_t *lighthouse,
			 const char *lighthouse_name, struct report_budgets *budgets)
{
	struct ctx c = { .report = report, .budgets = budgets, .files = files,
			 .warned = json_object() };
	json_int_t js_limit = config_limit(config, "jsTotal");
	size_t i;
	json_t *f, *page;

	if (!json_is_array(json_object_get(report, "warnings")))
		json_object_set_new(report, "warnings", json_array());
	*budgets = (struct report_budgets){ 0 };
	if (js_limit >= 0) {
		const json_t *top = json_object_get(report, "largest_js");
		struct budget_row *row = add_budget(&c, NULL, "script", "raw",
			geti(json_object_get(json_object_get(report, "totals"), "js"), "raw"),
			js_limit, "config");

		/* The gate is on raw bytes: name the largest files by raw size. */
		row->nlargest = json_array_size(top) < 3 ? json_array_size(top) : 3;
		row->largest = xcalloc(row->nlargest + 1, sizeof(*row->largest));
		for (i = 0; i < row->nlargest; i++) {
			f = json_array_get(top, i);
			row->largest[i] = (struct budget_part){
				xstrdup(json_string_value(json_object_get(f, "path"))), geti(f, "raw") };
		}
	}
	json_array_foreach(json_object_get(report, "pages"), i, page)
		page_budgets(&c, config, page, lighthouse, lighthouse_name);
	json_object_set_new(report, "over", json_integer((json_int_t)budgets->over));
	json_decref(c.warned);
}
