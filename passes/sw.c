/* SPDX-License-Identifier: MIT */
/*
 * sw: the service worker. An aggregate: it reads only <cache>/manifest.json
 * and writes two files into <cache>/gen/sw/, both placed at the site root by
 * the commit step:
 *   sw.js (sw.filename)      the worker: the embedded sw-template/sw.js, or
 *                            the sw.template file, with its one placeholder
 *                            replaced by {version, precache, config}; or a
 *                            Workbox-style source (sw.source) with
 *                            self.__WB_MANIFEST replaced by the precache list
 *   precache-manifest.json   the precache list, [{url, revision}]
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
#include "../src/afile.h"
#include "../src/buf.h"
#include "../src/digest.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "../src/util.h"
#include "pass.h"
#include "sw_int.h"

/* sw-template/sw.js, embedded by build.ninja. */
extern const unsigned char sw_template[];
extern const size_t sw_template_len;

#define SW_PLACEHOLDER "self.__DISTILL_SW__"

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
	plan_key_init(site, &pass_sw, &key);
	plan_key_section(&key, site, "compress"); /* for the sidecars */
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

/* ---- the worker -------------------------------------------------------- */

static size_t sw_count(const char *text, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), needle, k));
	     p += k)
		n++;
	return n;
}

/* text with its single needle replaced by value. Returns 0, or -1 after a
 * warning naming what, when needle does not occur exactly once. */
static int sw_inject(struct buf *out, const char *text, size_t len,
		     const char *what, const char *needle, const char *value)
{
	size_t n = sw_count(text, len, needle), k = strlen(needle);
	const char *at;

	if (n != 1) {
		warn("'%s' must contain '%s' exactly once, found %zu", what, needle, n);
		return -1;
	}
	at = memmem(text, len, needle, k);
	buf_add(out, text, (size_t)(at - text));
	buf_adds(out, value);
	buf_add(out, at + k, len - (size_t)(at - text) - k);
	return 0;
}

static char *sw_dumps(const json_t *json, size_t flags)
{
	char *s = json_dumps(json, flags | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

	if (!s)
		fatal("out of memory");
	return s;
}

/* The precache list as JSON text, one entry a line, each line after the
 * first indented by indent spaces. URLs and revisions need no escaping
 * (sw_url, sw_is_hex in sw_precache.c). */
static void sw_dump_list(struct buf *b, const struct sw_list *list, int indent)
{
	buf_adds(b, "[");
	for (size_t i = 0; i < list->n; i++) {
		const struct sw_entry *e = &list->v[i];

		buf_addf(b, "%s\n%*s{\"url\":\"%s\",\"revision\":", i ? "," : "",
			 indent + 1, "", e->url);
		if (e->revision)
			buf_addf(b, "\"%s\"}", e->revision);
		else
			buf_adds(b, "null}");
	}
	buf_addf(b, "%s%*s]", list->n ? "\n" : "", list->n ? indent : 0, "");
}

static char *sw_read(const char *path, size_t *len)
{
	char *text = read_file_max(path, TEXT_READ_MAX, len);

	if (!text)
		warn("cannot read '%s':", path);
	return text;
}

/* The DIST asset at path, or NULL. */
static const json_t *sw_asset(const json_t *manifest, const char *path)
{
	const json_t *entry;
	size_t i;

	json_array_foreach(json_object_get(manifest, "assets"), i, entry) {
		const char *p = sw_field(entry, "path");

		if (p && strcmp(p, path) == 0)
			return entry;
	}
	return NULL;
}

enum sw_source { SW_TEMPLATE, SW_INJECTED, SW_KEPT };

/*
 * Where the worker comes from: a configured source, DIST's own worker, or
 * the template. Sets *path to the file to read (NULL for the built-in
 * template) and *dist_path to the DIST path of a source inside DIST.
 * Returns the kind, or -1 after a warning.
 */
static int sw_choose(const struct sw_options *opt, const json_t *manifest,
		     const char *template, const char *source, const char **path,
		     const char **dist_path)
{
	const char *dist = sw_field(manifest, "dist");
	const json_t *own = sw_asset(manifest, opt->filename);
	size_t len, n;
	char *text;

	*dist_path = NULL;
	if (source) {
		size_t d = dist ? strlen(dist) : 0;

		*path = source;
		if (dist && strncmp(source, dist, d) == 0 && source[d] == '/')
			*dist_path = source + d + 1;
		return SW_INJECTED;
	}
	*path = template;
	if (!own)
		return SW_TEMPLATE;
	/* DIST has a worker of its own: precache into it if it asks for it. */
	*path = sw_field(own, "content");
	*dist_path = opt->filename;
	if (!*path) {
		warn("manifest entry '%s' has no content", opt->filename);
		return -1;
	}
	text = sw_read(*path, &len);
	if (!text)
		return -1;
	n = sw_count(text, len, opt->injection_point);
	free(text);
	return n ? SW_INJECTED : SW_KEPT;
}

/* ---- the job ----------------------------------------------------------- */

/*
 * The worker's text into out: the template (the file at path, or the
 * built-in one) filled with {version, precache, config}, or the source at
 * path with the list (listing) injected. Returns 0 or -1 after a warning.
 */
static int sw_worker(struct buf *out, const struct sw_options *opt,
		     enum sw_source kind, const char *path, const struct sw_list *list,
		     const char *listing, const char *version)
{
	struct buf value = BUF_INIT;
	char *text = NULL, *runtime;
	size_t len;
	int ret;

	if (path) {
		text = sw_read(path, &len);
		if (!text)
			return -1;
	}
	if (kind == SW_INJECTED) {
		ret = sw_inject(out, text, len, path, opt->injection_point, listing);
		free(text);
		return ret;
	}
	buf_addf(&value, "{\n \"version\": \"%s\",\n \"precache\": ", version);
	sw_dump_list(&value, list, 1);
	buf_adds(&value, ",\n \"config\": ");
	runtime = sw_dumps(opt->runtime, JSON_INDENT(1));
	for (const char *c = runtime; *c; c++) {
		if (*c == '\n')
			buf_adds(&value, "\n ");
		else
			buf_addc(&value, *c);
	}
	buf_adds(&value, "\n}");
	free(runtime);
	ret = sw_inject(out, text ? text : (const char *)sw_template,
			text ? len : sw_template_len,
			path ? path : "sw-template/sw.js (built in)", SW_PLACEHOLDER,
			value.data);
	buf_release(&value);
	free(text);
	return ret;
}

/* Write the job's files and its record into job->out. Returns 0 or -1. */
static int sw_write(const struct job *job, const struct sw_options *opt,
		    enum sw_source kind, const struct buf *worker,
		    const struct buf *listing, const char *version, size_t count)
{
	static const char *const kinds[] = { "template", "injected", "kept" };
	const char *dir = job->out;
	json_t *record;
	int ret = -1;

	if (mkdirs(dir) < 0) {
		warn("cannot create '%s':", dir);
		return -1;
	}
	record = record_new(pass_sw.name, pass_sw.version);
	json_object_set_new(record, "cache_version", json_string(version));
	json_object_set_new(record, "precache", json_integer((json_int_t)count));
	json_object_set_new(record, "worker", json_string(kinds[kind]));
	if (kind == SW_KEPT) {
		/* A worker of an earlier run must not linger beside the record. */
		char *stale = xasprintf("%s/sw.js", dir);

		if (remove(stale) < 0 && errno != ENOENT)
			warn("cannot remove '%s':", stale);
		free(stale);
	} else if (job_put_output(job, record, "sw.js", "output", opt->filename,
				  worker->data, worker->len, kind == SW_INJECTED) < 0) {
		goto out;
	}
	if (job_put_output(job, record, SW_PRECACHE_FILE, "output", SW_PRECACHE_FILE,
			   listing->data, listing->len, false) < 0)
		goto out;
	if (record_write(record, dir) < 0) {
		warn("cannot write '%s/record.json':", dir);
		goto out;
	}
	ret = 0;
out:
	json_decref(record);
	return ret;
}

static int sw_run(int argc, char *argv[])
{
	struct sw_options opt = { 0 };
	const char *manifest_path = NULL, *template = NULL, *source = NULL;
	const char *worker_path, *dist_path;
	json_t *config = NULL, *manifest = NULL;
	struct buf worker = BUF_INIT, listing = BUF_INIT;
	struct sw_list list = { 0 };
	char version[FINGERPRINT_LEN + 1];
	struct job job;
	int warnings = 0, kind, ret = -1;

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
	config = sw_config(job.config);
	if (!config || sw_options_init(&opt, config) < 0)
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
	if (warnings && opt.strict) {
		warn("sw: failing on %d warning%s: strict mode (--strict)", warnings,
		     warnings == 1 ? "" : "s");
		goto out;
	}
	/* The cache version names the precache contents, nothing else. */
	sw_dump_list(&listing, &list, 0);
	digest_fingerprint(digest_mem(listing.data, listing.len), version);
	if (kind != SW_KEPT && sw_worker(&worker, &opt, kind, worker_path, &list,
					 listing.data, version) < 0)
		goto out;
	buf_addc(&listing, '\n');
	ret = sw_write(&job, &opt, kind, &worker, &listing, version, list.n);
out:
	sw_list_release(&list);
	json_decref(manifest);
	buf_release(&listing);
	buf_release(&worker);
	sw_options_release(&opt);
	json_decref(config);
	job_release(&job);
	return ret;
}

const struct pass pass_sw = {
	.name = "sw",
	.summary = "write the service worker and its precache manifest",
	.kind = PASS_AGGREGATE,
	.version = 3,
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
