/* SPDX-License-Identifier: MIT */
/*
 * The run, one call per step:
 *   scan    walk DIST, hash and classify every file, parse references
 *   plan    every pass emits its edges into <cache>/build.ninja
 *   run     ninja runs the jobs; unchanged content maps to existing
 *           store entries, so nothing runs for it
 *   commit  assemble the new tree beside the target and swap it in
 *   report  one summary line, the budget table, the exit status
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../passes/budget.h"
#include "../passes/image.h"
#include "../passes/vercel_routes.h"
#include "build.h"
#include "cache.h"
#include "commit.h"
#include "config.h"
#include "guard.h"
#include "lib/afile.h"
#include "lib/annotate.h"
#include "lib/cache_layout.h"
#include "lib/json_file.h"
#include "lib/util.h"
#include "options.h"
#include "pass.h"
#include "plan.h"
#include "remote.h"
#include "run.h"
#include "scan.h"
#include "shard.h"
#include "site.h"
#include "state.h"

/*
 * Under --vercel, the routing of the project's vercel.json goes into the
 * headers config ("vercelRouting", unless the config sets it), checked
 * now: Vercel applies none of it to prebuilt output, so the headers job
 * writes it into .vercel/output/config.json. A vercel.json that does not
 * parse, or a rule distill cannot translate, stops the build before
 * anything is written. Returns 0 or -1 after a warning.
 */
static int vercel_routing(json_t *config, const char *project)
{
	json_t *headers = json_object_get(config, "headers");
	json_t *routing = json_object_get(headers, "vercelRouting");
	char *path = xasprintf("%s/vercel.json", project), *why = NULL;
	struct vercel_routes routes;
	json_error_t err;
	int ret = -1;

	if (json_is_null(routing)) {
		json_t *vercel_json = json_read_file(path, JSON_REJECT_DUPLICATES, &err);

		if (!vercel_json && errno == ENOENT && access(path, F_OK) < 0) {
			ret = 0;
			goto out;
		}
		if (!json_is_object(vercel_json)) {
			warn("cannot read '%s': %s", path,
			     vercel_json ? "not a JSON object" : err.text);
			json_decref(vercel_json);
			goto out;
		}
		routing = vercel_routes_keep(vercel_json);
		json_decref(vercel_json);
		json_object_set_new(headers, "vercelRouting", routing);
	}
	if (vercel_routes_build(routing, &routes, &why) < 0) {
		warn("%s ('%s')", why, path);
		goto out;
	}
	vercel_routes_release(&routes);
	ret = 0;
out:
	free(why);
	free(path);
	return ret;
}

/* The folder a build replaces: --out, Vercel's output folder of the
 * project, or DIST itself. Returns a new string. */
static char *output_target(const struct options *opt, const char *dist)
{
	char *project, *target;

	if (opt->out)
		return path_absolute(opt->out);
	if (!opt->vercel)
		return xstrdup(dist);
	project = cache_project_dir(dist);
	target = xasprintf("%s/.vercel/output", project);
	free(project);
	return target;
}

/* Before anything is written: may this build replace its target? */
static int check_destination(const struct options *opt, const struct site *site)
{
	char *target = output_target(opt, site->dist);
	struct guard_request r = {
		.dist = site->dist,
		.target = target,
		.in_place = !opt->out && !opt->vercel,
		.force = opt->force,
		.out_arg = opt->out,
	};
	int ret = 0;

	/* Vercel's output folder is a build's by definition: `vercel build`
	 * and distill both write it whole. A dry run and the budget report
	 * write only into the cache. */
	r.owned = (opt->vercel && !opt->out) || state_wrote_target(site, target);
	if (!opt->dry_run && strcmp(opt->command, "budget") != 0 && !opt->shards)
		ret = guard_destination(&r);
	free(target);
	return ret;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 0, -1 after a failure, or -2 when the destination is refused (a usage
 * error: nothing was written). */
static int setup_site(const struct options *opt, struct site *site)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *project;
	json_t *config;

	if (n < 0)
		fatal("cannot find the distill binary:");
	self[n] = '\0';
	site->self = xstrdup(self);
	site->dist = realpath(opt->dist, NULL);
	if (!site->dist) {
		warn("cannot read '%s':", opt->dist);
		return -1;
	}
	site->cache = opt->cache ? path_absolute(opt->cache) : cache_default(site->dist);
	/* The manifest and the job records are JSON and name both folders:
	 * a file in DIST may have such a name (scan.c), the folders may not. */
	if (!utf8_valid(site->dist) || !utf8_valid(site->cache)) {
		bool dist = !utf8_valid(site->dist);
		char *shown = utf8_escape(dist ? site->dist : site->cache);

		warn("cannot use the %s '%s': its path is not valid UTF-8; %s", dist ?
		     "folder" : "cache folder", shown, dist ? "rename it" : "choose another with --cache");
		free(shown);
		return -1;
	}
	if (strpbrk(site->cache, "\n\r|")) {
		warn("cannot use the cache folder '%s': ninja cannot name a path holding '|' "
		     "or a line break; choose another with --cache", site->cache);
		return -1;
	}
	if (check_destination(opt, site) < 0)
		return -2;
	if (mkdirs(site->cache) < 0) {
		warn("cannot create the cache folder '%s':", site->cache);
		return -1;
	}
	project = cache_project_dir(site->dist);
	config = config_load(opt->config, project);
	if (config && opt->vercel && vercel_routing(config, project) < 0) {
		json_decref(config);
		config = NULL;
	}
	free(project);
	if (!config)
		return -1;
	if (opt->vercel)
		json_object_set_new(json_object_get(config, "headers"), "vercel", json_true());
	if (opt->strict)
		json_object_set_new(json_object_get(config, "sw"), "strict", json_true());
	if (opt->sw_template)
		json_object_set_new(json_object_get(config, "sw"), "template",
				    json_string(opt->sw_template));
	site->config = config;
	site->config_path = cache_path(site->cache, CACHE_CONFIG);
	return 0;
}

/* Jobs run this binary through <cache>/distill, a link to it: the plan's
 * commands then stay the same when distill is installed at another path,
 * where a changed command would make ninja rerun every job. Where no link
 * can be made the jobs name the binary itself. */
static void link_self(struct site *site)
{
	site->runner = cache_link(site->cache, CACHE_RUNNER, site->self)
			       ? cache_path(site->cache, CACHE_RUNNER) : xstrdup(site->self);
}

/* <cache>/site, a link to DIST, through which the plan names DIST's files:
 * the same site at another path then plans the same commands. Where no
 * link can be made the plan names DIST by its path. */
static void link_site(struct site *site)
{
	site->dist_linked = cache_link(site->cache, CACHE_SITE_LINK, site->dist);
}

/* The merged config, for the jobs; written under the lock. */
static int write_config(const struct site *site)
{
	char *text = json_dumps(site->config, JSON_SORT_KEYS | JSON_INDENT(1));

	if (!text || afile_put_if_changed(site->config_path, text, strlen(text)) < 0) {
		warn("cannot write '%s':", site->config_path);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/* A program the jobs run, by identity: a new build of it is a new key. */
static void digest_key_program(struct digest_key *k, const char *path)
{
	struct stat st;

	if (!path || stat(path, &st) < 0)
		memset(&st, 0, sizeof(st));
	digest_key_u64(k, (uint64_t)st.st_dev);
	digest_key_u64(k, (uint64_t)st.st_ino);
	digest_key_u64(k, (uint64_t)st.st_size);
	digest_key_u64(k, (uint64_t)st.st_mtim.tv_sec);
	digest_key_u64(k, (uint64_t)st.st_mtim.tv_nsec);
}

/* Everything the output depends on but the files outside DIST that the
 * plan names: this binary and distill-image, the merged config, where the output goes, and
 * every file of DIST by path and content. */
static struct hash128 build_inputs(const struct site *site, const struct commit_options *co)
{
	char *config = json_dumps(site->config, JSON_SORT_KEYS | JSON_COMPACT);
	char *image = image_program();
	struct digest_key k;

	if (!config)
		fatal("out of memory");
	digest_key_init(&k);
	digest_key_str(&k, "distill build inputs 2");
	digest_key_program(&k, site->self);
	digest_key_program(&k, image);
	digest_key_str(&k, config);
	digest_key_str(&k, site->dist);
	digest_key_str(&k, site->cache);
	digest_key_str(&k, co->target);
	digest_key_str(&k, co->site_dir);
	digest_key_u64(&k, co->link_sources);
	digest_key_u64(&k, site->nassets);
	for (size_t i = 0; i < site->nassets; i++) {
		digest_key_str(&k, site->assets[i].path);
		digest_key_hash(&k, site->assets[i].hash);
	}
	/* Not in the manifest, but copied into the output all the same. */
	digest_key_u64(&k, site->nunlisted);
	for (size_t i = 0; i < site->nunlisted; i++) {
		digest_key_str(&k, site->unlisted[i].path);
		digest_key_hash(&k, site->unlisted[i].hash);
	}
	free(config);
	free(image);
	return digest_key_final(&k);
}

/* Plan every pass's edges and write build.ninja; *planned keeps the
 * plan for the run (plan_restore_inputs()). Returns 0 or -1. */
static int plan_site(struct site *site, int jobs, char **plan_path,
		     struct commit_options *co, struct plan **planned)
{
	struct plan *p = plan_new(site, jobs);
	int ret;

	for (size_t i = 0; i < site->nassets; i++) {
		struct asset *a = &site->assets[i];

		a->outpath = xstrdup(a->path);
		a->content = xstrdup(a->source);
		a->content_key = a->hash;
	}
	for (const struct pass *const *pass = passes; *pass; pass++) {
		if ((*pass)->plan && site_runs_pass(site, (*pass)->name)) {
			double start = now_seconds();

			(*pass)->plan(p, site);
			info(4, "plan: %s in %.3f s", (*pass)->name, now_seconds() - start);
		} else if ((*pass)->kind == PASS_AGGREGATE) {
			/* A switched-off aggregate leaves no stale output behind. */
			char *dir = plan_gen_dir(site, *pass);

			remove_tree(dir);
			free(dir);
		}
	}
	*plan_path = cache_path(site->cache, CACHE_PLAN);
	ret = plan_write(p, *plan_path);
	info(4, "plan: written");
	if (ret < 0)
		warn("cannot write '%s':", *plan_path);
	co->externals = (const char *const *)plan_take_externals(p, &co->nexternals);
	*planned = p;
	return ret;
}

/* True when a job dropped damaged cache entries it reads (job_damaged()),
 * and so ninja should run again; the mark is removed. */
static bool took_damaged_mark(const struct site *site)
{
	char *mark = cache_path(site->cache, CACHE_DAMAGED);
	bool found = unlink(mark) == 0;

	free(mark);
	return found;
}

/* Print each problem with an input once, naming it, and annotate it under
 * GitHub Actions: a warning when the build goes on, an error under --strict. */
static void report_rejected(const struct input_problem *v, size_t n, const char *dist,
			    bool strict)
{
	for (size_t i = 0; i < n; i++) {
		char *msg = xasprintf("'%s': %s; %s", v[i].path, v[i].reason,
				      strict ? "rejected (--strict)" : v[i].outcome);
		char *file = xasprintf("%s/%s", dist, v[i].path);

		warn("%s", msg);
		annotate(strict ? "error" : "warning", "Input rejected", file, msg);
		free(file);
		free(msg);
	}
}

static void summarise(const struct manifest *m, size_t rejected, struct build_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->assets = m->nentries;
	s->files = m->nfiles;
	for (size_t i = 0; i < m->nentries; i++) {
		const struct manifest_entry *e = &m->entries[i];

		s->bytes += (unsigned long long)e->output_size;
		s->brotli += (unsigned long long)(e->br >= 0 ? e->br : e->output_size);
	}
	s->rejected = rejected;
}

static void print_summary(const struct build_summary *s, int jobs_run,
			  double seconds, const char *where)
{
	if (verbosity < 1)
		return;
	fprintf(stderr, "distill: %zu assets, %zu files into '%s'; %.1f kB, %.1f kB brotli; "
		"%d jobs in %.2f s\n", s->assets, s->files, where, (double)s->bytes / 1000,
		(double)s->brotli / 1000, jobs_run, seconds);
}

/* Print the budget report, from reading when the build read it already
 * (taken over). */
static int report_budget(const struct options *opt, const struct site *site,
			 struct budget_reading *reading)
{
	int over;

	if (!site_runs_pass(site, pass_budget.name))
		return EXIT_OK;
	over = budget_report_print(reading ? reading : budget_report_read(site->cache),
				   opt->report, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));

	if (over < 0)
		return EXIT_FAILED;
	return over > 0 && !opt->no_fail ? EXIT_OVER_BUDGET : EXIT_OK;
}

/* Where the output goes: the target folder and the site inside it. */
static void output_place(const struct options *opt, const struct site *site,
			 struct commit_options *co, char **target)
{
	*target = output_target(opt, site->dist);
	co->target = *target;
	co->site_dir = opt->vercel ? "static" : "";
	co->link_sources = !opt->out;
}

/* One build, as build() carries it from step to step. */
struct build {
	const struct options *opt;
	bool budget_only;       /* `distill budget`: no commit */
	double start;
	struct site site;
	struct commit_options co;
	char *target;           /* the folder the commit replaces */
	char *plan_path;
	struct plan *plan;
	struct run_options run;
	char *budget_record;    /* `distill budget` runs only up to it
				 * (relative to the cache, as in the plan) */
	struct state_check *check; /* of the target, beside the scan */
	struct manifest *manifest;
	struct input_problem *problems; /* the manifest's, input_problems() */
	size_t nproblems;
	int jobs_run;
	struct remote_settings remote_settings;
	struct remote *remote;  /* NULL without a remote cache */
	/* The budget report, read in a thread while the tree is committed:
	 * once the jobs are done the second core is idle, and the report of
	 * 100,000 files takes a third of the commit's time to read. */
	pthread_t report_thread;
	bool report_reading;    /* the thread was started and not joined */
	struct budget_reading *report;
};

static void *read_report(void *arg)
{
	struct build *b = arg;

	b->report = budget_report_read(b->site.cache);
	return NULL;
}

static void start_reading_report(struct build *b)
{
	if (site_runs_pass(&b->site, pass_budget.name))
		b->report_reading = pthread_create(&b->report_thread, NULL, read_report, b) == 0;
}

/* The report the thread read, or NULL when none was started. */
static struct budget_reading *report_read(struct build *b)
{
	struct budget_reading *r;

	if (!b->report_reading)
		return NULL;
	pthread_join(b->report_thread, NULL);
	b->report_reading = false;
	r = b->report;
	b->report = NULL;
	return r;
}

static void step_done(const struct build *b, const char *what)
{
	info(4, "%s: done at %.3f s", what, now_seconds() - b->start);
}

/* The site, its config and its cache, locked; then what DIST holds.
 * Returns an exit status. */
static int setup_and_scan(struct build *b)
{
	const struct options *opt = b->opt;

	switch (setup_site(opt, &b->site)) {
	case 0: break;
	case -2: return EXIT_USAGE;
	default: return EXIT_FAILED;
	}
	if (remote_settings_take(b->site.config, &b->remote_settings) < 0)
		return EXIT_FAILED;
	if (opt->shards && (!b->remote_settings.url || b->remote_settings.read_only)) {
		warn("--shard needs a remote cache to upload to: set remote.url or "
		     "DISTILL_REMOTE_CACHE%s", b->remote_settings.read_only ?
		     ", without remote.readOnly" : "");
		return EXIT_USAGE;
	}
	if (cache_lock(b->site.cache, b->site.dist) < 0 || write_config(&b->site) < 0)
		return EXIT_FAILED;
	cache_retire(b->site.cache);
	link_self(&b->site);
	link_site(&b->site);
	output_place(opt, &b->site, &b->co, &b->target);
	if (previous_settings(b->site.config, !opt->out && !opt->vercel, &b->co.previous) < 0)
		return EXIT_FAILED;
	commit_clean_stale(b->target);
	if (!b->budget_only && !opt->dry_run && !opt->shards)
		b->check = state_check_start(&b->site, &b->co);
	if (scan_files(&b->site) < 0)
		return EXIT_FAILED;
	if (b->site.private_folder && !opt->out && !opt->vercel && !b->budget_only &&
	    !opt->dry_run) {
		/* Replacing DIST in place would drop it with the old tree. */
		warn("refusing to optimise '%s' in place: '%s' in it is not part of "
		     "the site and would be lost; move it out of DIST or use --out",
		     opt->dist, b->site.private_folder);
		return EXIT_USAGE;
	}
	info(4, "scan: %zu files in %.3f s", b->site.nassets, now_seconds() - b->start);
	return EXIT_OK;
}

/* Whether the output is current already: DIST is distill's own last
 * output, or the inputs are those of the tree the target holds. Then
 * *status is the budget report's. */
static bool up_to_date(struct build *b, int *status)
{
	const struct options *opt = b->opt;

	if (!opt->out && !opt->vercel && state_is_last_output(&b->site)) {
		info(2, "'%s' is already optimised; nothing to do", opt->dist);
		*status = report_budget(opt, &b->site, NULL);
		return true;
	}
	scan_drop_sidecars(&b->site);
	if (!opt->out && !opt->vercel)
		previous_drop_carried(&b->site, &b->co.previous);
	b->site.previous_outputs = previous_outputs(&b->site, &b->co.previous);
	b->co.inputs = build_inputs(&b->site, &b->co);
	if (b->check && state_is_unchanged(b->check, b->co.inputs, &b->co.summary)) {
		info(3, "'%s' is up to date: same inputs, output untouched", b->target);
		print_summary(&b->co.summary, 0, now_seconds() - b->start, b->target);
		*status = report_budget(opt, &b->site, NULL);
		return true;
	}
	b->co.target_untouched = b->check && state_check_untouched(b->check);
	return false;
}

/* The references of HTML and CSS, then the ninja plan. Returns an exit
 * status. */
static int plan(struct build *b)
{
	int jobs = b->opt->jobs > 0 ? b->opt->jobs : cpu_count();

	if (scan_references(&b->site) < 0)
		return EXIT_FAILED;
	step_done(b, "references");
	if (plan_site(&b->site, jobs, &b->plan_path, &b->co, &b->plan) < 0)
		return EXIT_FAILED;
	step_done(b, "plan");
	if (b->remote_settings.url && !b->opt->dry_run) {
		size_t n;
		const struct plan_job *planned = plan_jobs(b->plan, &n);

		b->remote = remote_new(&b->remote_settings, &b->site, planned, n);
		remote_fetch(b->remote);
		step_done(b, "remote fetch");
	}
	b->run = (struct run_options){ .plan = b->plan_path, .dir = b->site.cache,
		.jobs = jobs, .dry_run = b->opt->dry_run, .explain = verbosity >= 4 };
	return EXIT_OK;
}

/*
 * The manifest the jobs merged, read and checked into b->manifest, with
 * the aggregates' records that follow it. Returns 1 when a damaged one
 * was removed and ninja should run again (only when may_repair), 0 when
 * all is well, -1 when it cannot be read.
 */
static int read_manifest(struct build *b, bool may_repair)
{
	char *path = cache_path(b->site.cache, CACHE_MANIFEST);
	bool damaged;

	manifest_free(b->manifest);
	b->manifest = manifest_load(path, &damaged);
	if (!b->manifest && damaged && may_repair) {
		/* Ninja trusts the job's record; make the manifest again. */
		char *dir = manifest_record_dir(path);

		remove_tree(dir);
		free(dir);
		free(path);
		return 1;
	}
	free(path);
	if (!b->manifest)
		return -1;
	return may_repair && commit_aggregates_damaged(&b->site) ? 1 : 0;
}

/*
 * Run the jobs, read the manifest and commit the tree, repairing the
 * cache on the way. Ninja trusts any output that is there, so a damaged
 * cache entry is removed and ninja runs again to make it: one a job found
 * (job_damaged()), the manifest or an aggregate's record failing its
 * check, a store file the commit found changed (COMMIT_STALE). One run
 * finds the damage of one layer of jobs (the next has not run yet), so
 * there may be one run per pass; each removes what it found, so this
 * ends. Returns an exit status; EXIT_OK with b->manifest read.
 */
static int run_and_commit(struct build *b)
{
	const struct options *opt = b->opt;

	took_damaged_mark(&b->site); /* one a killed build left is stale */
	for (int attempt = 0;; attempt++) {
		bool may_repair = attempt <= MAX_PASSES;
		int status, ran, r;

		status = run_ninja(&b->run, &ran);
		b->jobs_run += ran;
		info(4, "run: %d jobs, done at %.3f s", ran, now_seconds() - b->start);
		if (status == EXIT_FAILED && may_repair && took_damaged_mark(&b->site)) {
			/* A job may have dropped a file the plan wrote for it. */
			if (plan_restore_inputs(b->plan) < 0)
				return EXIT_FAILED;
			continue;
		}
		if (status != EXIT_OK || opt->dry_run)
			return status;
		r = read_manifest(b, may_repair);
		if (r > 0)
			continue;
		if (r < 0)
			return EXIT_FAILED;
		input_problems_free(b->problems, b->nproblems);
		b->nproblems = input_problems(b->manifest, &b->problems);
		summarise(b->manifest, b->nproblems, &b->co.summary);
		if (b->budget_only)
			return EXIT_OK;
		if (b->co.summary.rejected > 0 && opt->strict) {
			/* Checked before the commit: exit 1 means nothing changed. */
			report_rejected(b->problems, b->nproblems, opt->dist, true);
			warn("%zu input%s rejected under --strict; '%s' was left as it was",
			     b->co.summary.rejected, b->co.summary.rejected == 1 ? "" : "s",
			     b->target);
			return EXIT_FAILED;
		}
		info(4, "manifest read at %.3f s", now_seconds() - b->start);
		start_reading_report(b);
		r = commit_tree(&b->site, b->manifest, &b->co);
		step_done(b, "commit");
		if (r != COMMIT_OK) /* the next attempt reads it again */
			budget_reading_free(report_read(b));
		if (r == COMMIT_OK) {
			cache_collect(&b->site);
			return EXIT_OK;
		}
		if (r == COMMIT_FAILED || attempt > 1)
			return EXIT_FAILED;
	}
}

/* What the build went past, the summary line and the budget. Returns the
 * exit status: the budget's. */
static int report(struct build *b)
{
	int status;

	report_rejected(b->problems, b->nproblems, b->opt->dist, false);
	print_summary(&b->co.summary, b->jobs_run, now_seconds() - b->start,
		      b->budget_only ? b->site.cache : b->target);
	status = report_budget(b->opt, &b->site, report_read(b));
	step_done(b, "report");
	return status;
}

static void build_release(struct build *b)
{
	budget_reading_free(report_read(b));
	remote_free(b->remote);
	remote_settings_release(&b->remote_settings);
	for (size_t i = 0; i < b->co.nexternals; i++)
		free((char *)b->co.externals[i]);
	free((void *)b->co.externals);
	input_problems_free(b->problems, b->nproblems);
	state_check_free(b->check);
	manifest_free(b->manifest);
	free(b->budget_record);
	free(b->plan_path);
	plan_free(b->plan);
	free(b->target);
	scan_free(&b->site);
	json_decref(b->site.config);
	free(b->site.config_path);
	free(b->site.previous_outputs);
	free(b->site.dist);
	free(b->site.cache);
	free(b->site.self);
	free(b->site.runner);
}

/*
 * --shard I/N: run the jobs of one slice (shard.h) and upload them; when
 * the other slices are in the remote by then, the site-wide jobs too.
 * Nothing is written but the cache. Returns an exit status.
 */
static int run_shard(struct build *b)
{
	size_t n, mine = 0, missing = 0, assets = 0;
	const struct plan_job *planned = plan_jobs(b->plan, &n);
	bool *chosen = shard_select(planned, n, b->opt->shard, b->opt->shards);
	char *path = shard_write_plan(b->site.cache, planned, n, chosen);
	int status = EXIT_FAILED, ran = 0, ran_rest = 0;

	for (size_t i = 0; i < n; i++) {
		assets += !planned[i].stamp;
		mine += chosen[i];
		missing += chosen[i] && remote_job_missing(b->remote, i);
	}
	if (path) {
		b->run.plan = path;
		b->run.target = SHARD_TARGET;
		status = run_ninja(&b->run, &ran);
	}
	if (status == EXIT_OK) {
		remote_upload(b->remote);
		/* The last slice to finish may find every other one in the
		 * remote: then it runs the site-wide jobs too, for the
		 * assembling build to fetch. */
		if (remote_fetch_rest(b->remote)) {
			b->run.plan = b->plan_path;
			b->run.target = NULL;
			status = run_ninja(&b->run, &ran_rest);
			if (status == EXIT_OK)
				remote_upload(b->remote);
		}
		remote_report(b->remote);
		info(1, "shard %d/%d: %zu of %zu jobs, %zu not in a cache; %d run, %d after "
		     "the other slices were found in the remote, in %.2f s", b->opt->shard,
		     b->opt->shards, mine, assets, missing, ran, ran_rest,
		     now_seconds() - b->start);
	}
	free(path);
	free(chosen);
	return status;
}

/* The algorithm; each step is one function above. */
int build(const struct options *opt)
{
	struct build b = { .opt = opt, .start = now_seconds(),
			   .budget_only = strcmp(opt->command, "budget") == 0 };
	int status;

	afile_install_cleanup();
	status = setup_and_scan(&b);
	if (status != EXIT_OK || up_to_date(&b, &status))
		goto out;
	status = plan(&b);
	if (status != EXIT_OK)
		goto out;
	if (opt->shards && !opt->dry_run) {
		status = run_shard(&b);
		goto out;
	}
	if (b.budget_only) {
		char *dir = cache_gen_dir(b.site.cache, pass_budget.name);
		char *record = record_path(dir);

		/* Named as the plan names it (plan_path()). */
		b.run.target = b.budget_record = plan_path(&b.site, record);
		free(record);
		free(dir);
	}
	status = run_and_commit(&b);
	if (status == EXIT_OK && b.remote) {
		remote_upload(b.remote);
		remote_report(b.remote);
	}
	if (status == EXIT_OK && !opt->dry_run)
		status = report(&b);
out:
	build_release(&b);
	return status;
}
