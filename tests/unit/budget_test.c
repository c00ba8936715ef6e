/* SPDX-License-Identifier: MIT */
/* Budget arithmetic and the report formats, on the hand-written manifest of
 * fixtures/budget-report. Set BUDGET_UPDATE=1 to rewrite the expect/ files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../passes/budget.h"
#include "../../passes/budget_int.h"
#include "afile.h"
#include "buf.h"
#include "manifest.h"
#include "check.h"
#include "util.h"

static char *root;  /* fixtures/budget-report, absolute */
static char *cache; /* a fresh cache folder */

/* The fixture's manifest, with index-AbCd1234.js at index_js_raw bytes
 * (0: as written). */
static struct manifest *load_manifest(json_int_t index_js_raw)
{
	size_t len;
	char *path = xasprintf("%s/manifest.json", root), *text = read_file(path, &len);
	struct buf b = BUF_INIT;
	char *dist = xasprintf("%s/dist", root);
	struct manifest *typed;
	const char *why = NULL;
	json_t *m, *e;
	size_t i;

	CHECK(text != NULL);
	for (char *p = text, *hit; (hit = strstr(p, "@DIST@")); p = hit + 6) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, dist);
		if (!strstr(hit + 6, "@DIST@"))
			buf_adds(&b, hit + 6);
	}
	m = json_loads(b.data, 0, NULL);
	CHECK(m != NULL);
	json_array_foreach(json_object_get(m, "assets"), i, e)
		if (index_js_raw && strcmp(json_string_value(json_object_get(e, "path")),
					   "assets/index-AbCd1234.js") == 0)
			json_object_set_new(e, "output_size", json_integer(index_js_raw));
	buf_release(&b);
	free(text);
	free(path);
	free(dist);
	typed = manifest_from_json(m, &why);
	if (!typed)
		fprintf(stderr, "manifest: %s\n", why);
	CHECK(typed != NULL);
	return typed;
}

/* The job's steps on manifest and config, as the report's text reads back. */
static json_t *measure_and_limit(const struct manifest *manifest, const json_t *config,
				 const json_t *lighthouse, struct buf *text)
{
	struct report_files files;
	struct report_budgets budgets;
	json_t *chunks, *report = budget_measure(manifest, 10, 20, &chunks, NULL, &files), *read;

	budget_limits_apply(report, &files, config, lighthouse, "budget.json", &budgets);
	budget_report_text(text, report, &budgets, &files);
	read = json_loadb(text->data, text->len, 0, NULL);
	CHECK(read != NULL);
	report_budgets_release(&budgets);
	report_files_release(&files);
	json_decref(report);
	json_decref(chunks);
	return read;
}

/* Run the job's two steps and leave report.json where budget_report looks. */
static json_t *make_report(json_int_t index_js_raw)
{
	struct manifest *manifest = load_manifest(index_js_raw);
	json_t *config = json_pack("{s:i, s:i, s:i, s:i, s:n, s:i, s:i}", "jsTotal", 300,
				   "script", 250, "stylesheet", 100000, "image", 200000,
				   "budgetFile", "top", 10, "modules", 20);
	char *dir = xasprintf("%s/gen/budget", cache), *path = xasprintf("%s/report.json", dir);
	struct buf text = BUF_INIT;
	json_t *report = measure_and_limit(manifest, config, NULL, &text);

	CHECK(mkdirs(dir) == 0);
	CHECK(afile_put(path, text.data, text.len) == 0);
	buf_release(&text);
	json_decref(config);
	manifest_free(manifest);
	free(path);
	free(dir);
	return report;
}

/* budget_report's stdout and status, with stdout sent to a file. */
static char *capture(const char *format, int *over)
{
	char *path = xasprintf("%s/stdout", cache), *text;
	int saved = dup(1), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t len;

	fflush(stdout);
	dup2(fd, 1);
	close(fd);
	*over = budget_report(cache, format, false);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	text = read_file(path, &len);
	free(path);
	return text;
}

/* Compare with expect/NAME, or write it under BUDGET_UPDATE=1. */
static void expect(const char *name, const char *got)
{
	char *path = xasprintf("%s/expect/%s", root, name);
	size_t len;
	char *want;

	if (getenv("BUDGET_UPDATE")) {
		FILE *f = fopen(path, "w");
		fputs(got, f);
		fclose(f);
	}
	want = read_file(path, &len);
	if (!want || strcmp(want, got) != 0) {
		fprintf(stderr, "%s differs; got:\n%s\n", path, got);
		check_failures++;
	}
	free(want);
	free(path);
}

/* Text output without its last line, which names the cache folder. */
static char *drop_treemap_line(char *text)
{
	char *t = strstr(text, "\ntreemap: ");

	CHECK(t != NULL);
	if (t)
		t[1] = '\0';
	return text;
}

static void test_arithmetic(void)
{
	char s[32];

	budget_format_size(0, s);
	CHECK_STR(s, "0 B");
	budget_format_size(999, s);
	CHECK_STR(s, "999 B");
	budget_format_size(700000, s);
	CHECK_STR(s, "700.0 KB");
	budget_format_size(12345, s);
	CHECK_STR(s, "12.3 KB");
	budget_format_size(1234567, s);
	CHECK_STR(s, "1.23 MB");

	/* Lighthouse's path patterns. */
	CHECK(budget_path_matches("/", "/about/"));
	CHECK(budget_path_matches("/about", "/about/team.html"));
	CHECK(!budget_path_matches("/about", "/"));
	CHECK(budget_path_matches("/*", "/x"));
	CHECK(budget_path_matches("/$", "/"));
	CHECK(!budget_path_matches("/$", "/about/"));
	CHECK(budget_path_matches("/*.html$", "/a/b.html"));
	CHECK(!budget_path_matches("/*.html$", "/a/b.htm"));
	CHECK(budget_path_matches("/blog/*/post", "/blog/2024/post/1"));
	CHECK(!budget_path_matches("/blog/*/post", "/news/2024/post"));
}

static json_t *find_budget(const json_t *report, const char *id)
{
	size_t i;
	json_t *b;

	json_array_foreach(json_object_get(report, "budgets"), i, b)
		if (strcmp(json_string_value(json_object_get(b, "id")), id) == 0)
			return b;
	return NULL;
}

static json_int_t actual(const json_t *report, const char *id)
{
	return json_integer_value(json_object_get(find_budget(report, id), "actual"));
}

static void test_lighthouse(void)
{
	struct manifest *manifest = load_manifest(0);
	json_t *config = json_pack("{s:i, s:i, s:i, s:i}", "jsTotal", 700000,
				   "script", 700000, "stylesheet", 100000, "image", 500000);
	json_t *lh = json_loads("[{\"path\": \"/*\", \"resourceSizes\": ["
		"{\"resourceType\": \"image\", \"budget\": 150}]},"
		"{\"path\": \"/about/\", \"resourceSizes\": ["
		"{\"resourceType\": \"total\", \"budget\": 1},"
		"{\"resourceType\": \"font\", \"budget\": 10}]}]", 0, NULL);
	struct buf text = BUF_INIT;
	json_t *report = measure_and_limit(manifest, config, lh, &text), *b;

	buf_release(&text);
	/* "/" takes the first entry: 150 KiB of images, over at 205,000 B. */
	b = find_budget(report, "page:index.html:image");
	CHECK(json_integer_value(json_object_get(b, "limit")) == 150 * 1024);
	CHECK(json_is_true(json_object_get(b, "over")));
	CHECK_STR(json_string_value(json_object_get(b, "source")), "budget.json");
	/* "/about/" takes the last matching entry: total 1 KiB; its image budget
	 * comes from the config again. */
	b = find_budget(report, "page:about/index.html:total");
	CHECK(json_integer_value(json_object_get(b, "limit")) == 1024);
	CHECK(json_integer_value(json_object_get(b, "actual")) == 150 + 188 + 63 + 0);
	b = find_budget(report, "page:about/index.html:image");
	CHECK(json_integer_value(json_object_get(b, "limit")) == 500000);
	CHECK(json_array_size(json_object_get(report, "warnings")) == 1);
	json_decref(report);
	json_decref(lh);
	json_decref(config);
	manifest_free(manifest);
}

/* A site of many pages: the printer shows the site budget, the exceeded
 * rows and the fullest page of each resource (the first of equals), and
 * counts the rest. Scripts grow page by page and images shrink, so that
 * the fullest is last for one and first for the other. */
static void test_many_pages(void)
{
	char *dir = xasprintf("%s/gen/budget", cache), *path = xasprintf("%s/report.json", dir);
	json_t *budgets = json_array(), *report;
	char *text, *row;
	int over;

	json_array_append_new(budgets, json_pack("{s:n, s:s, s:s, s:i, s:i, s:f, s:b, s:[]}",
		"page", "resource", "script", "measure", "raw", "actual", 10, "limit", 100,
		"percent", 10.0, "over", 0, "largest"));
	for (int i = 0; i < 40; i++) {
		char page[32];

		snprintf(page, sizeof(page), "p%02d/index.html", i);
		json_array_append_new(budgets, json_pack("{s:s, s:s, s:s, s:i, s:i, s:f, s:b, s:[]}",
			"page", page, "resource", "script", "measure", "transfer",
			"actual", i, "limit", 100, "percent", (double)i, "over", 0, "largest"));
		if (i == 7)
			json_array_append_new(budgets, json_pack("{s:s, s:s, s:s, s:i, s:i, s:f, s:b, s:[]}",
				"page", page, "resource", "stylesheet", "measure", "transfer",
				"actual", 200, "limit", 100, "percent", 200.0, "over", 1, "largest"));
		json_array_append_new(budgets, json_pack("{s:s, s:s, s:s, s:i, s:i, s:f, s:b, s:[]}",
			"page", page, "resource", "image", "measure", "transfer",
			"actual", i < 2 ? 50 : 40 - i, "limit", 100,
			"percent", i < 2 ? 50.0 : 40.0 - i, "over", 0, "largest"));
	}
	report = json_pack("{s:i, s:{s:{s:i}}, s:i, s:o, s:[]}", "version", BUDGET_REPORT_VERSION,
			   "totals", "js", "raw", 10, "over", 1, "budgets", budgets, "files");
	CHECK(mkdirs(dir) == 0);
	CHECK(json_dump_file(report, path, 0) == 0);
	text = capture("text", &over);
	CHECK(over == 1);
	CHECK(strstr(text, "JS total (raw)") != NULL);
	CHECK(strstr(text, "p07/index.html stylesheet") != NULL); /* over */
	CHECK(strstr(text, "p39/index.html script") != NULL); /* fullest */
	CHECK(strstr(text, "p00/index.html image") != NULL);  /* first of the fullest */
	CHECK(strstr(text, "p01/index.html image") == NULL);
	CHECK(strstr(text, "p38/index.html script") == NULL);
	CHECK(strstr(text, "78 more page budgets within limits") != NULL);
	row = strstr(text, "p39/index.html script");
	CHECK(row && strstr(row, "39.0%") != NULL);
	free(text);
	json_decref(report);
	free(path);
	free(dir);
}

int main(void)
{
	char *self = xstrdup(__FILE__), tmpl[] = "/tmp/budget-test-XXXXXX";
	char *text;
	int over;

	*strstr(self, "/tests/unit/") = '\0';
	root = xasprintf("%s/fixtures/budget-report", self);
	cache = xstrdup(mkdtemp(tmpl));
	unsetenv("GITHUB_ACTIONS");
	unsetenv("GITHUB_STEP_SUMMARY");

	test_arithmetic();
	test_lighthouse();

	/* The closure: index, its static imports and vendor's; not the lazy
	 * chunk, its import, nor the nomodule script. */
	json_t *report = make_report(0);
	CHECK(actual(report, "page:index.html:script") == 120 + 50 + 18);
	CHECK(actual(report, "page:index.html:stylesheet") == 48 + 15);
	/* hero: its largest variant; team: its largest <source>; logo: the
	 * larger srcset candidate; the repeated hero and <template> not again. */
	CHECK(actual(report, "page:index.html:image") == 120000 + 70000 + 15000);
	CHECK(actual(report, "js-total") == 160 + 50 + 18 + 48 + 18 + 23);
	CHECK(json_integer_value(json_object_get(report, "over")) == 2);
	json_decref(report);

	text = capture("markdown", &over);
	CHECK(over == 2);
	expect("report.md", text);
	free(text);
	text = capture("text", &over);
	expect("report.txt", drop_treemap_line(text));
	free(text);

	/* In GitHub Actions: annotations on stdout, markdown in the summary. */
	char *summary = xasprintf("%s/summary.md", cache);
	setenv("GITHUB_ACTIONS", "true", 1);
	setenv("GITHUB_STEP_SUMMARY", summary, 1);
	json_decref(make_report(160 + 12300));
	text = capture("text", &over);
	expect("github.txt", drop_treemap_line(text));
	free(text);
	text = read_file(summary, &(size_t){ 0 });
	expect("summary.md", text ? text : "");
	free(text);
	unsetenv("GITHUB_ACTIONS");

	text = capture("json", &over);
	json_t *printed = json_loads(text, 0, NULL);
	CHECK(json_is_object(json_object_get(printed, "delta")));
	CHECK(json_integer_value(json_object_get(json_object_get(printed, "delta"), "js_raw")) == 0);
	json_decref(printed);
	free(text);

	test_many_pages();

	free(summary);
	remove_tree(cache);
	free(cache);
	free(root);
	free(self);
	return check_status();
}
