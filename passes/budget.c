/* SPDX-License-Identifier: MIT */
/*
 * budget: size budgets, checked after everything else.
 *
 * Reads <cache>/manifest.json (never the output tree) and, when there is
 * one, a Lighthouse budget.json. Writes into <cache>/gen/budget/ the report
 * (report.json, described in manifest/BUDGET.md) and its treemap page
 * (report.html); neither goes into the site. The main process then prints
 * the report (budget_report.c) and turns exceeded budgets into exit 3.
 * Never skipped: a site with no JavaScript still gets a report saying so.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../src/cache.h"
#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/json_file.h"
#include "../src/lib/json_write.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "budget.h"
#include "budget_int.h"
#include "job.h"

extern const struct pass pass_budget;

/* Limits in bytes ("KB" is 1000 bytes); null turns a budget off.
 * budgetFile: a Lighthouse budget.json (relative to the project), null to
 * use budget.json beside DIST when there is one, false for none. */
static const char budget_defaults[] =
	"{\"jsTotal\": 700000, \"script\": 700000, \"stylesheet\": 100000,"
	" \"image\": 500000, \"budgetFile\": null, \"top\": 10, \"modules\": 20}";

/* The Lighthouse budget file in force, or NULL. Returns a new string. */
static char *budget_file(const struct site *site, const json_t *config)
{
	const json_t *v = json_object_get(config, "budgetFile");
	char *path = NULL;

	if (json_is_false(v))
		return NULL;
	if (json_is_string(v)) {
		const char *name = json_string_value(v);
		char *project = cache_project_dir(site->dist);

		path = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", project, name);
		free(project);
		if (access(path, R_OK) != 0)
			fatal("cannot read budget file '%s':", path);
		return path;
	}
	if (!json_is_null(v) && v)
		fatal("budget.budgetFile must be a path, null or false");
	char *copy = xstrdup(site->dist);
	path = xasprintf("%s/budget.json", dirname(copy));
	free(copy);
	if (access(path, F_OK) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

static void budget_plan(struct plan *p, struct site *site)
{
	const json_t *config = json_object_get(site->config, pass_budget.name);
	char *dir = plan_gen_dir(site, &pass_budget);
	char *manifest_record;
	char *file = budget_file(site, config);
	const char *inputs[3];
	char *args[2];
	size_t ninputs = 0, nargs = 0;

	manifest_edge(site->cache, &manifest_record, &args[nargs++]);
	inputs[ninputs++] = manifest_record;
	if (site->config_path)
		inputs[ninputs++] = site->config_path;
	if (file) {
		inputs[ninputs++] = file;
		args[nargs++] = xasprintf("--budget-file=%s", file);
	}
	plan_rule(p, &pass_budget, 0);
	plan_edge(p, &pass_budget, dir, inputs, ninputs, (const char *const *)args,
		  nargs, "BUDGET");
	for (size_t i = 0; i < nargs; i++)
		free(args[i]);
	free(file);
	free(manifest_record);
	free(dir);
}

static size_t config_count(const json_t *config, const char *key, size_t def)
{
	const json_t *v = json_object_get(config, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
		(size_t)json_integer_value(v) : def;
}

/* Compact: 40 MB at 100,000 files, which the main process reads back. */
static int write_report(const char *dir, const json_t *report,
			const struct report_budgets *budgets, const struct report_files *files)
{
	char *path = xasprintf("%s/report.json", dir);
	struct buf text = BUF_INIT;
	int ret;

	budget_report_text(&text, report, budgets, files);
	ret = afile_put_if_changed(path, text.data, text.len) < 0 ? -1 : 0;
	if (ret < 0)
		warn("cannot write '%s':", path);
	buf_release(&text);
	free(path);
	return ret;
}

/* The problems the build went past (input_problems()), with the reason:
 * listed in the report so that CI reads them with the budgets. */
static json_t *rejected_inputs(const struct manifest *manifest)
{
	json_t *list = json_array();
	struct input_problem *v;
	size_t n = input_problems(manifest, &v);

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "path", v[i].path,
						      "reason", v[i].reason));
	input_problems_free(v, n);
	return list;
}

/* The report and the treemap's chunks of a job that succeeded, left to the
 * exit, which follows the job: freeing their million values one by one
 * was a sixth of the job's time at 100,000 files. Reachable from here, so
 * that leak checkers do not count them. */
static json_t *volatile left_to_exit[2]; /* volatile: never read, but kept */

static int budget_run(int argc, char *argv[])
{
	const char *manifest_path = NULL, *lighthouse_path = NULL;
	struct manifest *manifest = NULL;
	json_t *lighthouse = NULL, *report = NULL, *chunks = NULL;
	json_t *record = NULL;
	struct report_files files = { 0 };
	struct report_budgets budgets = { 0 };
	struct job job;
	json_error_t err;
	char *html = NULL;
	int ret = -1;

	if (job_args(&pass_budget, argc, argv, &job) < 0)
		return -1;
	for (int i = 0; i < job.nargs; i++) {
		if (has_prefix(job.args[i], "--manifest="))
			manifest_path = job.args[i] + 11;
		else if (has_prefix(job.args[i], "--budget-file="))
			lighthouse_path = job.args[i] + 14;
		else {
			warn("job budget: unknown argument '%s'", job.args[i]);
			goto out;
		}
	}
	if (!manifest_path || !job.out) {
		warn("job budget: --manifest and --out are required");
		goto out;
	}
	if (!(manifest = job_manifest(&job, manifest_path)))
		goto out;
	if (lighthouse_path) {
		lighthouse = json_read_file(lighthouse_path, 0, &err);
		if (!lighthouse) {
			warn("cannot read budget file '%s': %s", lighthouse_path, err.text);
			goto out;
		}
		if (!json_is_array(lighthouse)) {
			warn("budget file '%s' must be an array of Lighthouse budgets",
			     lighthouse_path);
			goto out;
		}
	}
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	report = budget_measure(manifest, config_count(job.config, "top", 10),
				config_count(job.config, "modules", 20), &chunks, job.out, &files);
	budget_limits_apply(report, &files, job.config, lighthouse,
			    lighthouse_path ? lighthouse_path : "budget.json", &budgets);
	json_object_set_new(report, "rejected", rejected_inputs(manifest));
	if (write_report(job.out, report, &budgets, &files) < 0)
		goto out;
	html = xasprintf("%s/report.html", job.out);
	if (budget_html_write(html, report, &budgets, chunks) < 0) {
		warn("cannot write '%s':", html);
		goto out;
	}
	/* No "output": the report stays in the cache, out of the site. */
	record = record_new(pass_budget.name, pass_budget.version);
	if (!record_add_file(record, job.out, "report.json") ||
	    !record_add_file(record, job.out, "report.html") ||
	    record_write(record, job.out) < 0) {
		warn("cannot write the record in '%s':", job.out);
		goto out;
	}
	ret = 0;
	left_to_exit[0] = report;
	left_to_exit[1] = chunks;
	report = chunks = NULL;
out:
	free(html);
	report_files_release(&files);
	report_budgets_release(&budgets);
	json_decref(record);
	json_decref(chunks);
	json_decref(report);
	json_decref(lighthouse);
	manifest_free(manifest);
	job_release(&job);
	return ret;
}

const struct pass pass_budget = {
	.name = "budget",
	.summary = "check size budgets and write the budget report",
	.kind = PASS_AGGREGATE,
	.version = 2,
	.defaults = budget_defaults,
	.plan = budget_plan,
	.run = budget_run,
};
