/* SPDX-License-Identifier: MIT */
/*
 * headers: cache and security headers for static hosts.
 *
 * Reads <cache>/manifest.json only (and the config: under --vercel its
 * "vercelRouting" holds the project's vercel.json routing). Writes one rule
 * list three ways into <cache>/gen/headers/, placed in the output tree by
 * the commit step:
 *   _headers       Netlify and Cloudflare Pages syntax
 *   headers.json   the same rules as plain JSON (below)
 *   .vercel/output/config.json   Vercel's Build Output API v3 routes, only
 *                  when headers.vercel is set (--vercel), with vercel.json's
 *                  routing around them (vercel_routes.c)
 *
 * Fingerprinted files (their name changes with their bytes) get the
 * "immutable" Cache-Control; every other file, HTML and sw.js among them,
 * gets "revalidate". The security headers (and a Content-Security-Policy
 * built from the "csp" directive table) go on every path.
 *
 * Hosts apply every rule whose pattern matches a path and join the values
 * of a header set twice, so a file must match one Cache-Control rule at
 * most. The patterns are chosen from the output tree: a splat ("/dir/" then
 * "*") for a folder holding one class of files only, when no path of the
 * other class could match it (Netlify's splat also matches "/dirX", and
 * case-insensitively); "/dir/:file" for the files directly in a folder of
 * unhashed files; "/dir/name" then "*" for a file and its .br and .zst; and
 * exact paths for the rest. Cloudflare takes 100 rules; past max_rules,
 * exact revalidate rules go first (the hosts' default is the same value),
 * then immutable ones, with a warning: those files are merely revalidated.
 *
 * headers.json is an array of {"source", "regex", "headers"}: source in
 * _headers syntax ("*" matches the rest of the path, ":name" one segment),
 * regex the same match as an anchored regular expression over the
 * percent-encoded path, headers an object of header names and values. Every
 * rule whose source matches a request path applies; no two of them set the
 * same header for a file of the site. A file matched by no Cache-Control
 * rule should be served with the "revalidate" value.
 *
 * Earlier builds' files that the commit carries in for deploy skew
 * (--carried, the plan's list from src/previous.h) are fingerprinted
 * files too, where this build puts none of its own.
 *
 * Each page also gets a Link header with its early hints (headers_hints.c;
 * headers.earlyHints), on rules of their own after the Cache-Control ones:
 * earlyHintRules of the max_rules are kept for them when they need it,
 * and they take whatever room the cache rules leave.
 *
 * Record fields: "rules" (how many), "dropped" (cache rules left out for
 * the limit), "hint_rules" and "hints_dropped" (early-hint rules kept and
 * left out); its files carry "output" or "output_root".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/refs.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "headers_int.h"
#include "job.h"
#include "sw.h"
#include "vercel_routes.h"

extern const struct pass pass_headers;

static const char headers_defaults[] =
	"{\"vercel\": false, \"vercelRouting\": null, \"maxRules\": 100,"
	" \"earlyHints\": true, \"earlyHintRules\": 20,"
	" \"immutable\": \"public, max-age=31536000, immutable\","
	" \"revalidate\": \"public, max-age=0, must-revalidate\","
	" \"security\": {"
	"  \"Strict-Transport-Security\": \"max-age=31536000; includeSubDomains; preload\","
	"  \"X-Frame-Options\": \"DENY\","
	"  \"X-Content-Type-Options\": \"nosniff\","
	"  \"Referrer-Policy\": \"strict-origin-when-cross-origin\","
	"  \"Permissions-Policy\": \"camera=(), microphone=(), geolocation=()\","
	/* null: built from "csp"; a string is used as it is; false: none. */
	"  \"Content-Security-Policy\": null},"
	/* Directives in order; a string value, true for a directive without
	 * one (upgrade-insecure-requests), null or false to leave it out. */
	" \"csp\": {"
	"  \"default-src\": \"'self'\", \"script-src\": \"'self'\","
	"  \"style-src\": \"'self'\", \"img-src\": \"'self' data:\","
	"  \"font-src\": \"'self' data:\", \"connect-src\": \"'self'\","
	"  \"frame-ancestors\": \"'none'\", \"base-uri\": \"'self'\","
	"  \"object-src\": \"'none'\","
	"  \"script-src-elem\": null, \"script-src-attr\": null,"
	"  \"style-src-elem\": null, \"style-src-attr\": null,"
	"  \"media-src\": null, \"frame-src\": null, \"child-src\": null,"
	"  \"worker-src\": null, \"manifest-src\": null, \"form-action\": null,"
	"  \"sandbox\": null, \"upgrade-insecure-requests\": null,"
	"  \"require-trusted-types-for\": null, \"trusted-types\": null,"
	"  \"report-uri\": null, \"report-to\": null},"
	/* More headers for every path, any names. */
	" \"extra\": {}}";


/* One edge after the manifest: everything it needs is in manifest.json.
 * The config is read from config.json, which every job shares, so its key
 * goes on the command line: a changed setting changes the command, and
 * ninja runs the job again. */
static void headers_plan(struct plan *p, struct site *site)
{
	char *dir = plan_gen_dir(site, &pass_headers), *input;
	const char *sw_file = sw_served_file(site->config);
	const char *sw_chunk = sw_chunk_example(site->config);
	char hex[HASH_HEX_LEN + 1], *args[3];
	const char *inputs[1];
	struct digest_key k;
	size_t nargs = 2;

	manifest_edge(site->cache, &input, &args[0]);
	inputs[0] = input;

	plan_key_init(p, &pass_headers, &k);
	/* The service worker's files get rules; headers.json gets
	 * sidecars. */
	digest_key_str(&k, sw_file ? sw_file : "");
	digest_key_str(&k, sw_chunk ? sw_chunk : "");
	plan_key_section(&k, p, "compress");
	digest_hex(digest_key_final(&k), hex);
	args[1] = xasprintf("--config-key=%s", hex);
	/* Earlier builds' files the commit carries in get rules too (a
	 * file named by its hash, so the command changes with the list). */
	if (site->previous_outputs)
		args[nargs++] = xasprintf("--carried=%s", plan_input(p, &pass_headers,
						xstrdup(site->previous_outputs)));
	plan_rule(p, &pass_headers, 0);
	plan_edge(p, &pass_headers, dir, inputs, 1, (const char *const *)args, nargs,
		  "HEADERS");
	for (size_t i = 0; i < nargs; i++)
		free(args[i]);
	free(input);
	free(dir);
}

/* With vercel.json's cleanUrls, each HTML file is served at its path
 * without ".html", as `vercel build` declares it. */
static void vercel_overrides(struct vercel_routes *vr, const struct hfile *files, size_t n)
{
	if (!vr->clean_urls)
		return;
	vr->overrides = json_object();
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(files[i].path);

		if (len > 5 && strcmp(files[i].path + len - 5, ".html") == 0) {
			char *path = xstrndup(files[i].path, len - 5);

			json_object_set_new(vr->overrides, files[i].path,
					    json_pack("{s:s}", "path", path));
			free(path);
		}
	}
}

/* A header vercel.json sets that distill sets too: vercel.json's routes
 * come after distill's, so its value wins where both match. Said once
 * per header. */
static void vercel_conflicts(const struct vercel_routes *vr, const json_t *security)
{
	json_t *said = json_object();
	size_t i;
	json_t *route;

	json_array_foreach(vr->headers, i, route) {
		const char *name, *own;
		json_t *v;

		json_object_foreach(json_object_get(route, "headers"), name, v) {
			bool ours = strcasecmp(name, "Cache-Control") == 0;
			json_t *w;

			json_object_foreach((json_t *)security, own, w)
				ours |= strcasecmp(name, own) == 0;
			if (!ours || json_object_get(said, name))
				continue;
			json_object_set_new(said, name, json_true());
			warn("headers: vercel.json sets '%s', which distill sets too; "
			     "vercel.json's value wins where both apply", name);
		}
	}
	json_decref(said);
}

static int headers_run(int argc, char *argv[])
{
	const char *manifest_path = NULL, *carried_path = NULL, *immutable, *revalidate;
	json_t *carried = NULL;
	json_t *security = NULL, *list = NULL, *record = NULL;
	struct csp_needs need = { 0 };
	const json_t *config;
	json_t *own = NULL;
	struct manifest *manifest = NULL;
	const char *sw_file, *sw_chunk;
	bool has_own = false;
	struct hfile *served = NULL;
	size_t nserved = 0, cap_served = 0;
	struct rules r = { 0 }, hints = { 0 };
	struct hfile *files = NULL;
	size_t nfiles = 0, dropped = 0, lost;
	bool bad_arg = false, vercel, have_vr = false, early;
	struct vercel_routes vr = { 0 };
	const json_t *routing;
	json_int_t max, hint_rules;
	size_t nfixed, reserve, room, hints_lost = 0;
	struct job job;
	int ret = -1;

	if (job_args(&pass_headers, argc, argv, &job) < 0)
		return -1;
	for (int i = 0; i < job.nargs; i++) {
		if (has_prefix(job.args[i], "--manifest="))
			manifest_path = job.args[i] + 11;
		else if (has_prefix(job.args[i], "--carried="))
			carried_path = job.args[i] + 10;
		/* --config-key only makes the command change with the config. */
		else if (!has_prefix(job.args[i], "--config-key="))
			bad_arg = true;
	}
	if (!job.out || !manifest_path || bad_arg) {
		warn("usage: distill job headers --pass-version=N [--config=FILE] --out=DIR "
		     "--manifest=FILE [--carried=FILE]");
		goto out;
	}
	config = job.config;
	immutable = json_string_value(json_object_get(config, "immutable"));
	revalidate = json_string_value(json_object_get(config, "revalidate"));
	max = json_integer_value(json_object_get(config, "maxRules"));
	if (!immutable || !revalidate || !headers_field_ok("Cache-Control", immutable) ||
	    !headers_field_ok("Cache-Control", revalidate)) {
		warn("config 'headers.immutable' and 'headers.revalidate' must be header values");
		goto out;
	}
	if (max < 2) {
		warn("config 'headers.maxRules' must be at least 2");
		goto out;
	}
	hint_rules = json_integer_value(json_object_get(config, "earlyHintRules"));
	if (!json_is_boolean(json_object_get(config, "earlyHints")) || hint_rules < 0) {
		warn("config 'headers.earlyHints' must be true or false and "
		     "'headers.earlyHintRules' a number of rules");
		goto out;
	}
	manifest = job_manifest(&job, manifest_path);
	if (!manifest)
		goto out;
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	headers_inline(manifest, job.out, &need);
	need.script_origins = headers_external_origins(manifest,
		(const enum ref_kind[]){ REF_SCRIPT, REF_MODULEPRELOAD }, 2);
	need.style_origins = headers_external_origins(manifest,
		(const enum ref_kind[]){ REF_STYLESHEET, REF_CSS_IMPORT }, 2);
	security = headers_security(config, &need);
	if (!security)
		goto out;
	/* Files that aggregates place beside the manifest's. sw's are given
	 * a rule only when known here; any other keeps the host's default,
	 * which is the same revalidate value. */
	served = xgrow(served, &cap_served, 3, sizeof(*served));
	served[nserved++] = (struct hfile){ .path = "headers.json" };
	if ((sw_file = sw_served_file(job.config_root)))
		served[nserved++] = (struct hfile){ .path = (char *)sw_file };
	/* The worker's precache chunks, named by their bytes: one stands for
	 * their folder, whose rule is made before they are. */
	if ((sw_chunk = sw_chunk_example(job.config_root)))
		served[nserved++] = (struct hfile){ .path = (char *)sw_chunk, .fp = true };
	/* Earlier builds' files, named by their bytes too, where this build
	 * puts none of its own (previous.h). */
	if (carried_path) {
		char *text = job_read_input(&job, carried_path, "list of carried files");
		size_t i;
		json_t *f;

		carried = text ? json_loads(text, 0, NULL) : NULL;
		free(text);
		if (!json_is_array(carried)) {
			warn("cannot read the list of carried files '%s'", carried_path);
			goto out;
		}
		json_array_foreach(carried, i, f) {
			const char *path = json_string_value(f);

			if (path && !manifest_file_find(manifest, path)) {
				served = xgrow(served, &cap_served, nserved + 1, sizeof(*served));
				served[nserved++] = (struct hfile){ .path = (char *)path, .fp = true };
			}
		}
	}
	headers_files_load(manifest, served, nserved, &files, &nfiles);
	own = headers_site_rules(manifest, &has_own);
	if (!own)
		goto out;
	early = json_is_true(json_object_get(config, "earlyHints"));
	headers_yield_to_site(own, security, files, nfiles, &early);
	headers_cover(&r, files, nfiles, true);
	headers_cover(&r, files, nfiles, false);
	if (early)
		headers_hints(&hints, manifest);
	/* Cache rules leave early hints earlyHintRules at least; either
	 * takes what the other does not need. */
	nfixed = (json_object_size(security) > 0) + json_array_size(own);
	reserve = hints.n < (size_t)hint_rules ? hints.n : (size_t)hint_rules;
	lost = headers_rules_limit(&r, (size_t)max, nfixed + reserve, &dropped);
	if (lost)
		warn("headers: %zu immutable rules left out to stay within %lld rules; "
		     "those files are revalidated instead", lost, (long long)max);
	room = (size_t)max > nfixed + r.n ? (size_t)max - nfixed - r.n : 0;
	hints_lost = headers_rules_keep(&hints, room);
	if (hints_lost)
		warn("headers: %zu early-hint rules left out to stay within %lld rules; "
		     "those pages are served without a Link header", hints_lost, (long long)max);
	list = headers_rule_list(own, &r, &hints, security, immutable, revalidate);
	vercel = json_is_true(json_object_get(config, "vercel"));
	routing = json_object_get(config, "vercelRouting");
	if (vercel && !json_is_null(routing)) {
		char *why;

		if (vercel_routes_build(routing, &vr, &why) < 0) {
			warn("%s", why);
			free(why);
			goto out;
		}
		have_vr = true;
		vercel_overrides(&vr, files, nfiles);
		vercel_conflicts(&vr, security);
	}
	record = record_new(pass_headers.name, pass_headers.version);
	if (headers_write(&job, record, list, has_own, vercel, have_vr ? &vr : NULL) < 0)
		goto out;
	json_object_set_new(record, "rules", json_integer((json_int_t)json_array_size(list)));
	json_object_set_new(record, "dropped", json_integer((json_int_t)dropped));
	json_object_set_new(record, "hint_rules", json_integer((json_int_t)hints.n));
	json_object_set_new(record, "hints_dropped", json_integer((json_int_t)hints_lost));
	{
		/* Unchanged bytes keep their mtime, so with restat nothing
		 * after this job runs again. */
		char *text = record_text(record);
		char *path = record_path(job.out);

		ret = afile_put_if_changed(path, text, strlen(text));
		if (ret < 0)
			warn("cannot write '%s':", path);
		ret = ret < 0 ? -1 : 0;
		free(text);
		free(path);
	}
out:
	if (have_vr)
		vercel_routes_release(&vr);
	headers_rules_release(&r);
	headers_rules_release(&hints);
	headers_files_release(files, nfiles);
	free(served);
	json_decref(carried);
	json_decref(record);
	json_decref(list);
	json_decref(own);
	manifest_free(manifest);
	json_decref(security);
	json_decref(need.script_hashes);
	json_decref(need.style_hashes);
	free(need.style_inline);
	json_decref(need.script_origins);
	json_decref(need.style_origins);
	job_release(&job);
	return ret;
}

const struct pass pass_headers = {
	.name = "headers",
	.summary = "cache and security headers for Netlify, Cloudflare and Vercel",
	.kind = PASS_AGGREGATE,
	.version = 6,
	.defaults = headers_defaults,
	.plan = headers_plan,
	.run = headers_run,
};
