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
#include <inttypes.h>
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
#include "../src/url.h"
#include "../src/util.h"
#include "pass.h"
#include "sw_int.h"

/* sw-template/sw.js, embedded by build.ninja. */
extern const unsigned char sw_template[];
extern const size_t sw_template_len;

#define SW_PLACEHOLDER "self.__DISTILL_SW__"
#define SW_PRECACHE_FILE "precache-manifest.json"

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

/* ---- the precache list ------------------------------------------------- */

/* The URL an output path is served at, as URL.pathname gives it. A
 * browser also reads '\\' as '/' in an http path; escaped, the URL names
 * the file. No character left needs escaping in JSON. Returns a new
 * string. */
static char *sw_url(const char *output)
{
	return url_of_output(output, "\\");
}

/* The largest web manifest whose icons are looked for. */
#define SW_MANIFEST_MAX ((json_int_t)1 << 20)

static const char *sw_field(const json_t *entry, const char *key)
{
	return json_string_value(json_object_get(entry, key));
}

/* Add to marks (a set: path -> true) the icons a web manifest lists. */
static void sw_mark_manifest_icons(const json_t *entry, json_t *marks)
{
	const char *path = sw_field(entry, "path");
	const char *content = sw_field(entry, "content");
	const json_t *icons, *icon;
	json_t *doc;
	size_t i;

	/* A web manifest is a few kB: a larger file is not one, and its
	 * JSON tree could take many times its size. */
	if (!path || !content ||
	    json_integer_value(json_object_get(entry, "output_size")) > SW_MANIFEST_MAX)
		return;
	doc = json_load_file(content, 0, NULL);
	icons = json_object_get(doc, "icons");
	json_array_foreach(icons, i, icon) {
		const char *src = sw_field(icon, "src");
		char *suffix = NULL, *target;

		if (!src)
			continue;
		target = url_resolve(path, NULL, src, &suffix);
		if (target)
			json_object_set_new(marks, target, json_true());
		free(target);
		free(suffix);
	}
	json_decref(doc);
}

/* Paths that count as shell although their kind alone would not say so:
 * what HTML names through <link> (icons, the web manifest), and the icons
 * the web manifest lists. Returns a new object used as a set. */
static json_t *sw_marks(const json_t *assets)
{
	json_t *marks = json_object();
	const json_t *entry, *ref;
	size_t i, j;

	json_array_foreach(assets, i, entry) {
		const char *kind = sw_field(entry, "kind");

		if (!kind || strcmp(kind, "html"))
			continue;
		json_array_foreach(json_object_get(entry, "refs"), j, ref) {
			const char *rkind = sw_field(ref, "kind");
			const char *target = sw_field(ref, "target");

			if (rkind && target && strcmp(rkind, "link") == 0)
				json_object_set_new(marks, target, json_true());
		}
	}
	json_array_foreach(assets, i, entry) {
		const char *path = sw_field(entry, "path");
		const char *kind = sw_field(entry, "kind");

		if (path && kind && strcmp(kind, "json") == 0 &&
		    (has_suffix(path, ".webmanifest") || json_object_get(marks, path)))
			sw_mark_manifest_icons(entry, marks);
	}
	return marks;
}

static bool sw_in_shell(const struct sw_options *opt, const char *url)
{
	const json_t *item;
	size_t i;

	json_array_foreach(opt->app_shell, i, item)
		if (strcmp(json_string_value(item), url) == 0)
			return true;
	return false;
}

/* Whether an asset belongs in the precache by what it is. */
static bool sw_wanted(const char *kind, const char *path, bool marked)
{
	static const char *const always[] = { "html", "js", "css", "wasm", "font", NULL };
	static const char *const icons[] = { "raster", "svg", "gif", "image", NULL };

	for (int i = 0; always[i]; i++)
		if (strcmp(kind, always[i]) == 0)
			return true;
	if (strcmp(kind, "json") == 0)
		return marked || has_suffix(path, ".webmanifest");
	for (int i = 0; icons[i]; i++)
		if (strcmp(kind, icons[i]) == 0)
			return marked || has_suffix(path, ".ico");
	return false;
}

/* The precache list: entries sorted by URL. */
struct sw_entry {
	char *url;            /* owned */
	const char *revision; /* 32 hex digits, borrowed from the manifest; or NULL */
};

struct sw_list {
	struct sw_entry *v;
	size_t n, cap;
};

static void sw_list_release(struct sw_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i].url);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

static int sw_by_url(const void *a, const void *b)
{
	return strcmp(((const struct sw_entry *)a)->url, ((const struct sw_entry *)b)->url);
}

static bool sw_is_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == HASH_HEX_LEN && !s[n];
}

static bool sw_has_output(const json_t *assets, const char *output)
{
	const json_t *entry;
	size_t i;

	json_array_foreach(assets, i, entry) {
		const char *o = json_string_value(json_object_get(entry, "output"));

		if (o && strcmp(o, output) == 0)
			return true;
	}
	return false;
}

/*
 * Fill list with the precache list of manifest, sorted by URL; *warnings
 * counts the warnings printed. skip names a DIST path that is not precached
 * (the worker's own source), or NULL. Entries borrow from manifest. Returns
 * 0, or -1 after a warning about a malformed manifest.
 */
static int sw_precache(const struct sw_options *opt, const json_t *manifest,
		       const char *skip, struct sw_list *list, int *warnings)
{
	const json_t *assets = json_object_get(manifest, "assets");
	const json_t *entry;
	json_t *marks;
	size_t i;

	memset(list, 0, sizeof(*list));
	if (!json_is_array(assets)) {
		warn("manifest has no 'assets' array");
		return -1;
	}
	marks = sw_marks(assets);
	json_array_foreach(assets, i, entry) {
		const char *path = sw_field(entry, "path");
		const char *kind = sw_field(entry, "kind");
		const char *output = sw_field(entry, "output");
		const char *hash = sw_field(entry, "output_hash");
		const json_t *size = json_object_get(entry, "output_size");
		char *url;

		if (!path || !kind || !output || !hash || !sw_is_hex(hash) ||
		    !json_is_integer(size)) {
			warn("manifest entry %zu lacks path, kind, output, output_hash or output_size", i);
			json_decref(marks);
			sw_list_release(list);
			return -1;
		}
		if (json_object_get(entry, "error") || strcmp(output, opt->filename) == 0 ||
		    strcmp(output, SW_PRECACHE_FILE) == 0 || (skip && strcmp(path, skip) == 0))
			continue;
		url = sw_url(output);
		if (!sw_wanted(kind, path, json_object_get(marks, path) != NULL) &&
		    !sw_in_shell(opt, url)) {
			free(url);
			continue;
		}
		if ((uint64_t)json_integer_value(size) > opt->max_size) {
			warn("sw: '%s' is not precached: %" JSON_INTEGER_FORMAT
			     " bytes is over sw.maxPrecacheSize (%" PRIu64 ")",
			     output, json_integer_value(size), opt->max_size);
			++*warnings;
			free(url);
			continue;
		}
		list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof(*list->v));
		list->v[list->n].url = url;
		list->v[list->n].revision =
			manifest_entry_fingerprinted(entry) ? NULL : hash;
		list->n++;
	}
	json_decref(marks);
	/* Sorted by URL: the list, and so the version, depend on the site alone. */
	if (list->n > 0)
		sort_array(list->v, list->n, sizeof(*list->v), sw_by_url);

	if (opt->offline_page) {
		for (i = 0; i < list->n; i++)
			if (strcmp(list->v[i].url, opt->offline_page) == 0)
				break;
		/* A site without the page gets no fallback, which is its choice;
		 * one whose page was left out (too big) should hear about it. */
		if (i == list->n && sw_has_output(assets, opt->offline_page + 1)) {
			warn("sw: the offline page '%s' is not precached; offline navigations will fail",
			     opt->offline_page);
			++*warnings;
		} else if (i == list->n) {
			info(3, "sw: the site has no offline page '%s'", opt->offline_page);
		}
	}
	return 0;
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
 * (sw_url, sw_is_hex). */
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
