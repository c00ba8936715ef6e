/* SPDX-License-Identifier: MIT */
/*
 * sw: the service worker. An aggregate: it reads only <cache>/manifest.json
 * and writes into <cache>/gen/sw/ the files the commit step places at the
 * site root:
 *   sw.js (sw.filename)      the worker: the embedded sw-template/sw.js, or
 *                            the sw.template file, with its one placeholder
 *                            replaced by {version, precache, config}; or a
 *                            Workbox-style source (sw.source) with
 *                            self.__WB_MANIFEST replaced by the precache list
 *   sw-precache/<fp>.js      the built-in worker's precache list in chunks
 *                            it imports (sw_chunks.c)
 *   precache-manifest.json   the precache list, [{url, revision}], for
 *                            deploy tools (no sidecars: no browser reads it)
 *   register-sw.js           the script every page loads to register the
 *                            worker, when pages get one (sw_register.c)
 * Skipped when sw.enabled is false.
 *
 * The precache list holds HTML, JS, CSS, wasm, fonts, the web manifest,
 * icons and the app shell; images and their variants are left to the
 * runtime cache. Revisions are null for fingerprinted outputs (their URL
 * changes with their bytes) and the content hash otherwise. Files over
 * sw.maxPrecacheSize are left out with a warning; with sw.strict (--strict)
 * any warning fails the job instead.
 *
 * When DIST has its own sw.js and no sw.source is set, that file is the
 * source if it holds self.__WB_MANIFEST; otherwise it is kept as it is, with
 * a warning, and only precache-manifest.json is written.
 *
 * This file is the pass: its plan, its job and the files the job writes;
 * sw_int.h says where its other parts live.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/digest.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "job.h"
#include "sw.h"
#include "sw_int.h"

/* ---- plan -------------------------------------------------------------- */

/* A file named by the config, made absolute against the current folder
 * (where `distill build` runs: the project). Returns a new string or NULL. */
static char *sw_config_file(const char *key, const char *name)
{
	char *abs;

	if (!name)
		return NULL;
	abs = realpath(name, NULL);
	if (!abs)
		fatal("cannot find the 'sw.%s' file '%s':", key, name);
	return abs;
}

static void sw_plan(struct plan *p, struct site *site)
{
	struct sw_options opt;
	struct digest_key key;
	char hex[HASH_HEX_LEN + 1];
	char *dir, *template, *source;
	char *inputs[3], *args[4];
	size_t ninputs = 0, nargs = 0, i;

	if (sw_options_init(&opt, json_object_get(site->config, "sw")) < 0)
		exit(EXIT_FAILED);
	if (!opt.enabled) {
		sw_options_release(&opt);
		return;
	}
	template = sw_config_file("template", opt.template);
	source = sw_config_file("source", opt.source);
	plan_rule(p, &pass_sw, 0);
	manifest_edge(site->cache, &inputs[ninputs++], &args[nargs++]);
	/* The gen folder has no key in its name, so the config section goes
	 * into the command: ninja reruns the job when the settings change. */
	plan_key_init(p, &pass_sw, &key);
	plan_key_section(&key, p, "compress"); /* for the sidecars */
	digest_hex(digest_key_final(&key), hex);
	args[nargs++] = xasprintf("--config-key=%s", hex);
	/* The files are inputs too, so that editing one reruns the job. */
	if (template) {
		args[nargs++] = xasprintf("--template=%s", template);
		inputs[ninputs++] = template;
	}
	if (source) {
		args[nargs++] = xasprintf("--source=%s", source);
		inputs[ninputs++] = source;
	}
	dir = plan_gen_dir(site, &pass_sw);
	plan_edge(p, &pass_sw, dir, (const char *const *)inputs, ninputs,
		  (const char *const *)args, nargs, "SW sw.js");
	for (i = 0; i < ninputs; i++)
		free(inputs[i]);
	for (i = 0; i < nargs; i++)
		free(args[i]);
	free(dir);
	sw_options_release(&opt);
}

/* ---- the job ----------------------------------------------------------- */

/* What the job writes: the worker (unless DIST's own is kept), its
 * precache chunks (the built-in template's), and the list. */
struct sw_files {
	enum sw_source kind;
	const struct buf *worker;
	const struct sw_chunks *chunks; /* or NULL */
	const struct buf *listing;
	const char *version;
	size_t count;
	const struct buf *registration; /* the script that registers it, or NULL */
};

/* Write the job's files and its record into job->out. Returns 0 or -1. */
static int sw_write(const struct job *job, const struct sw_options *opt,
		    const struct sw_files *f)
{
	static const char *const kinds[] = { "template", "injected", "kept" };
	const char *dir = job->out;
	json_t *record, *last = NULL;
	int ret = -1;

	if (mkdirs(dir) < 0) {
		warn("cannot create '%s':", dir);
		return -1;
	}
	last = job_last_record(job);
	record = record_new(pass_sw.name, pass_sw.version);
	json_object_set_new(record, "cache_version", json_string(f->version));
	json_object_set_new(record, "precache", json_integer((json_int_t)f->count));
	json_object_set_new(record, "worker", json_string(kinds[f->kind]));
	if (f->kind == SW_KEPT) {
		/* A worker of an earlier run must not linger beside the record. */
		char *stale = xasprintf("%s/sw.js", dir);

		if (remove(stale) < 0 && errno != ENOENT)
			warn("cannot remove '%s':", stale);
		free(stale);
	} else if (job_put_output(job, record, last, "sw.js", "output", opt->filename,
				  f->worker->data, f->worker->len,
				  f->kind == SW_INJECTED ? JOB_MERGES : 0) < 0) {
		goto out;
	}
	if (f->chunks && sw_chunks_put(job, record, last, f->chunks) < 0)
		goto out;
	if (f->registration &&
	    job_put_output(job, record, last, SW_REGISTER_FILE, "output", SW_REGISTER_FILE,
			   f->registration->data, f->registration->len, 0) < 0)
		goto out;
	/* The worker carries the list: this copy is for deploy tools, and at
	 * 100,000 files its brotli alone took seconds. */
	if (job_put_output(job, record, last, SW_PRECACHE_FILE, "output", SW_PRECACHE_FILE,
			   f->listing->data, f->listing->len, JOB_FOR_TOOLS) < 0)
		goto out;
	if (record_write(record, dir) < 0) {
		warn("cannot write '%s/record.json':", dir);
		goto out;
	}
	sw_chunks_prune(dir, record);
	ret = 0;
out:
	json_decref(last);
	json_decref(record);
	return ret;
}

static int sw_run(int argc, char *argv[])
{
	struct sw_options opt = { 0 };
	const char *manifest_path = NULL, *template = NULL, *source = NULL;
	const char *worker_path, *dist_path;
	struct manifest *manifest = NULL;
	struct buf worker = BUF_INIT, listing = BUF_INIT, registration = BUF_INIT;
	char registration_hex[HASH_HEX_LEN + 1];
	const char *register_file;
	struct sw_list list = { 0 };
	struct sw_chunks chunks = { 0 };
	char version[FINGERPRINT_LEN + 1];
	struct job job;
	int warnings = 0, kind, ret = -1;
	bool builtin;

	if (job_args(&pass_sw, argc, argv, &job) < 0)
		return -1;
	for (int i = 0; i < job.nargs; i++) {
		const char *a = job.args[i];

		if (has_prefix(a, "--manifest="))
			manifest_path = a + 11;
		else if (has_prefix(a, "--template="))
			template = a + 11;
		else if (has_prefix(a, "--source="))
			source = a + 9;
		else if (has_prefix(a, "--config-key="))
			continue; /* only there to change the command */
		else {
			warn("job sw: unknown argument '%s'", a);
			goto out;
		}
	}
	if (!job.out || !manifest_path) {
		warn("job sw: --out and --manifest are required");
		goto out;
	}
	if (sw_options_init(&opt, job.config) < 0)
		goto out;
	manifest = job_manifest(&job, manifest_path);
	if (!manifest)
		goto out;
	kind = sw_choose(&opt, manifest, template, source, &worker_path, &dist_path);
	if (kind < 0)
		goto out;
	if (kind == SW_KEPT) {
		warn("sw: keeping the site's own '%s', which has no '%s' to inject the "
		     "precache list into (set sw.source, or sw.enabled to false)",
		     opt.filename, opt.injection_point);
		warnings++;
	}
	if (sw_precache(&opt, manifest, dist_path, &list, &warnings) < 0)
		goto out;
	/* The pages load it, offline too. */
	register_file = sw_register_file(job.config_root,
					  manifest_entry_find(manifest, opt.filename) != NULL,
					  manifest_entry_find(manifest, SW_REGISTER_FILE) != NULL);
	if (register_file) {
		sw_register_script(&registration, opt.filename);
		digest_hex(digest_mem(registration.data, registration.len), registration_hex);
		sw_list_add(&list, "/" SW_REGISTER_FILE, registration_hex);
	}
	if (warnings && opt.strict) {
		warn("sw: failing on %d warning%s: strict mode (--strict)", warnings,
		     warnings == 1 ? "" : "s");
		goto out;
	}
	/* The cache version names the precache contents, nothing else. */
	sw_dump_list(&listing, &list, 0);
	digest_fingerprint(digest_mem(listing.data, listing.len), version);
	/* Only the built-in template is known to be a classic worker, which
	 * importScripts() needs; any other gets the list written out. */
	builtin = kind == SW_TEMPLATE && !worker_path;
	if (builtin)
		sw_chunks_split(&chunks, &list);
	if (kind != SW_KEPT && sw_worker(&worker, &opt, kind, worker_path, &list,
					 builtin ? &chunks : NULL, listing.data, version) < 0)
		goto out;
	buf_addc(&listing, '\n');
	ret = sw_write(&job, &opt, &(struct sw_files){
		.kind = kind, .worker = &worker, .chunks = builtin ? &chunks : NULL,
		.listing = &listing, .version = version, .count = list.n,
		.registration = register_file ? &registration : NULL});
out:
	sw_chunks_release(&chunks);
	sw_list_release(&list);
	manifest_free(manifest);
	buf_release(&listing);
	buf_release(&worker);
	buf_release(&registration);
	sw_options_release(&opt);
	job_release(&job);
	return ret;
}

const struct pass pass_sw = {
	.name = "sw",
	.summary = "write the service worker and its precache manifest",
	.kind = PASS_AGGREGATE,
	/* 6: chunks of 256 entries on average, 512 at most. */
	.version = 6,
	.defaults = "{"
		"\"enabled\": true,"
		"\"filename\": \"sw.js\","
		"\"template\": null,"
		"\"source\": null,"
		"\"injectionPoint\": \"self.__WB_MANIFEST\","
		"\"maxPrecacheSize\": 2097152,"
		"\"strict\": false,"
		"\"appShell\": [\"/\", \"/manifest.json\", \"/offline.html\"],"
		"\"offlinePage\": \"/offline.html\","
		"\"register\": null,"
		"\"skipWaiting\": false,"
		"\"clientsClaim\": false,"
		"\"navigationPreload\": true,"
		"\"cachePrefix\": \"distill\","
		"\"static\": {\"enabled\": true,"
			"\"extensions\": [\"js\", \"css\", \"woff2\", \"png\", \"jpg\", \"jpeg\","
				" \"webp\", \"avif\", \"svg\", \"ico\"],"
			"\"maxAgeSeconds\": 2592000, \"maxEntries\": 100},"
		"\"api\": {\"enabled\": true, \"prefix\": \"/api/\", \"maxAgeSeconds\": 300, \"maxEntries\": 50,"
			" \"networkTimeoutSeconds\": 0},"
		"\"fonts\": {\"enabled\": true,"
			"\"origins\": [\"https://fonts.googleapis.com\", \"https://fonts.gstatic.com\"],"
			"\"maxAgeSeconds\": 86400, \"maxEntries\": 20},"
		"\"data\": {\"enabled\": true, \"maxAgeSeconds\": 86400, \"maxEntries\": 50,"
			" \"networkTimeoutSeconds\": 0}"
	"}",
	.plan = sw_plan,
	.run = sw_run,
};
