/* SPDX-License-Identifier: MIT */
/*
 * manifest: merges the plan's view of the site (assets.json, written by
 * plan) and every job's record into <cache>/manifest.json, the one file the
 * aggregate passes and the commit step read. Format: FORMAT.md. Each pass
 * folds its own record in through its merge(); a pass without jobs (copy)
 * is asked for every asset with no record.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../passes/pass.h"
#include "../src/afile.h"
#include "../src/cache.h"
#include "../src/digest.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "../src/url.h"
#include "../src/util.h"
#include "load.h"
#include "record.h"

extern const struct pass pass_manifest;

static const char *const ref_kind_names[] = {
	[REF_LINK] = "link", [REF_SCRIPT] = "script",
	[REF_MODULEPRELOAD] = "modulepreload", [REF_STYLESHEET] = "stylesheet",
	[REF_IMG] = "img", [REF_IMAGE] = "image", [REF_STYLE_URL] = "style-url",
	[REF_CSS_URL] = "css-url", [REF_CSS_IMPORT] = "css-import",
	[REF_BASE] = "base",
};

static json_t *asset_json(const struct site *site, const struct asset *a)
{
	char hex[HASH_HEX_LEN + 1];
	json_t *refs = json_array(), *records = json_object(), *entry;

	digest_hex(a->hash, hex);
	for (size_t r = 0; r < a->nrefs; r++) {
		const struct asset_ref *ar = &a->refs[r];

		json_t *ref = json_pack("{s:s, s:s, s:o}",
			"url", ar->ref.url, "kind", ref_kind_names[ar->ref.kind],
			"target", ar->target >= 0 ? json_string(site->assets[ar->target].path)
						  : json_null());

		if (ar->missing)
			json_object_set_new(ref, "missing", json_true());
		json_array_append_new(refs, ref);
	}
	for (int i = 0; passes[i]; i++)
		if (a->records[i])
			json_object_set_new(records, passes[i]->name, json_string(a->records[i]));
	entry = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o}",
		"path", a->path, "kind", asset_kind_name(a->kind),
		"size", (json_int_t)a->size, "hash", hex, "output", a->outpath,
		"content", a->content,
		"fingerprinted", (a->flags & (ASSET_FINGERPRINT | ASSET_BUNDLER_HASHED)) != 0,
		"original_kept", (a->flags & ASSET_KEEP_ORIGINAL) != 0,
		"refs", refs, "records", records);
	if (a->error)
		json_object_set_new(entry, "error", json_string(a->error));
	return entry;
}

static void manifest_plan(struct plan *p, struct site *site)
{
	char *assets_path = xasprintf("%s/assets.json", site->cache);
	char *manifest_path = cache_manifest_path(site->cache);
	char *dir = plan_gen_dir(site, &pass_manifest);
	json_t *root = json_pack("{s:i, s:s, s:[]}", "version", 1, "dist", site->dist, "assets");
	const char **inputs = xcalloc(site->nassets * 8 + 1, sizeof(*inputs));
	size_t n = 0;
	char *text, *args[2];

	inputs[n++] = assets_path;
	for (size_t i = 0; i < site->nassets; i++) {
		const struct asset *a = &site->assets[i];

		json_array_append_new(json_object_get(root, "assets"), asset_json(site, a));
		for (int j = 0; passes[j]; j++)
			if (a->records[j])
				inputs[n++] = xasprintf("%s/record.json", a->records[j]);
	}
	/* Files no entry can name (site.h): their escaped name for the
	 * reports of rejected inputs, their URL (%XX) for the headers. Left
	 * out when there are none, so that other manifests stay as they were. */
	if (site->nunlisted > 0) {
		json_t *list = json_array();

		for (size_t i = 0; i < site->nunlisted; i++) {
			char *url = url_for_dir("", site->unlisted[i].path, 1);

			json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
				"name", site->unlisted[i].name, "url", url,
				"reason", site->unlisted[i].reason));
			free(url);
		}
		json_object_set_new(root, "unlisted", list);
	}
	text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
	if (!text || afile_put_if_changed(assets_path, text, strlen(text)) < 0)
		fatal("cannot write '%s':", assets_path);
	free(text);
	json_decref(root);
	args[0] = xasprintf("--assets=%s", assets_path);
	args[1] = xasprintf("--manifest=%s", manifest_path);
	plan_rule(p, &pass_manifest, RULE_RSPFILE);
	plan_edge(p, &pass_manifest, dir, inputs, n, (const char *const *)args, 2,
		  "MANIFEST");
	for (size_t i = 1; i < n; i++)
		free((char *)inputs[i]);
	free(inputs);
	free(args[0]);
	free(args[1]);
	free(dir);
	free(assets_path);
	free(manifest_path);
}

static int compare_files(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "output"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "output"));

	return strcmp(x ? x : "", y ? y : "");
}

/* Fold the records into entry and move its files to all_files. */
/* A store entry ninja took as built (its record is there) but that cannot
 * be read is dropped (job_damaged()), for the build's second run of ninja
 * to make it again. */
static int merge_entry(const struct job *job, json_t *entry, json_t *all_files,
		       const json_t *config)
{
	json_t *records = json_object_get(entry, "records");
	json_t *files = json_array();
	size_t i;
	json_t *f;

	json_object_set_new(entry, "files", files);
	json_object_set(entry, "output_size", json_object_get(entry, "size"));
	json_object_set(entry, "output_hash", json_object_get(entry, "hash"));
	for (int j = 0; passes[j]; j++) {
		const struct pass *pass = passes[j];
		const char *dir = json_string_value(json_object_get(records, pass->name));
		json_t *record = NULL;
		int r;

		if (!pass->merge || pass->kind != PASS_ASSET || (pass->plan && !dir))
			continue;
		if (dir && !(record = record_load(dir, false))) {
			warn("cannot read the %s record in '%s'", pass->name, dir);
			return job_damaged(job, dir);
		}
		r = pass->merge(entry, record, dir, config);
		json_decref(record);
		if (r < 0) {
			warn("malformed %s record for '%s'", pass->name,
			     json_string_value(json_object_get(entry, "path")));
			return dir ? job_damaged(job, dir) : -1;
		}
	}
	json_array_foreach(files, i, f)
		json_array_append(all_files, f);
	json_object_del(entry, "files");
	json_object_del(entry, "records");
	return 0;
}

/* Two files may share an output only when they are the same bytes. */
static int sort_files(json_t *files)
{
	size_t n = json_array_size(files);
	json_t **v = xcalloc(n, sizeof(*v));
	json_t *sorted = json_array();
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(files, i);
	sort_array(v, n, sizeof(*v), compare_files);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && compare_files(&v[i - 1], &v[i]) == 0) {
			/* A sidecar DIST already had (from a compression plugin)
			 * gives way to the one made from the final bytes. */
			if (manifest_is_sidecar(v[i]) != manifest_is_sidecar(v[i - 1])) {
				if (manifest_is_sidecar(v[i]))
					json_array_set(sorted, json_array_size(sorted) - 1, v[i]);
				continue;
			}
			if (!json_equal(json_object_get(v[i - 1], "hash"), json_object_get(v[i], "hash"))) {
				warn("'%s' and '%s' would both be written to '%s'",
				     json_string_value(json_object_get(v[i - 1], "asset")),
				     json_string_value(json_object_get(v[i], "asset")),
				     json_string_value(json_object_get(v[i], "output")));
				ret = -1;
			}
			continue;
		}
		json_array_append(sorted, v[i]);
	}
	json_array_clear(files);
	json_array_extend(files, sorted);
	json_decref(sorted);
	free(v);
	return ret;
}

static int manifest_run(int argc, char *argv[])
{
	const char *assets_path = NULL, *manifest_path = NULL;
	struct job job;
	json_t *root = NULL, *files, *record, *entry;
	char hex[HASH_HEX_LEN + 1];
	json_error_t err;
	int ret = -1;
	size_t i;

	if (job_args(&pass_manifest, argc, argv, &job) < 0)
		return -1;
	for (int a = 0; a < job.nargs; a++) {
		if (has_prefix(job.args[a], "--assets="))
			assets_path = job.args[a] + 9;
		else if (has_prefix(job.args[a], "--manifest="))
			manifest_path = job.args[a] + 11;
	}
	if (!assets_path || !manifest_path || !job.out) {
		warn("job manifest: expected --out, --assets and --manifest");
		goto out;
	}
	root = json_load_file(assets_path, 0, &err);
	if (!root) {
		warn("cannot read '%s': %s", assets_path, err.text);
		goto out;
	}
	files = json_array();
	json_object_set_new(root, "files", files);
	{
		bool bad = false;

		/* Every damaged entry at once, so that one rerun mends all. */
		json_array_foreach(json_object_get(root, "assets"), i, entry)
			if (merge_entry(&job, entry, files, job.config_root) < 0)
				bad = true;
		if (bad)
			goto out;
	}
	if (sort_files(files) < 0)
		goto out;
	{
		/* Rewrite nothing that did not change, so that with restat the
		 * aggregates after this job do not run again. */
		char *text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
		int changed = text ? afile_put_if_changed(manifest_path, text, strlen(text)) : -1;
		json_t *old = record_load(job.out, false);
		bool have_record;

		if (!text)
			fatal("out of memory");
		/* What manifest_load() checks the file against. */
		digest_hex(digest_mem(text, strlen(text)), hex);
		have_record = old && json_is_string(json_object_get(old, "manifest")) &&
			      strcmp(json_string_value(json_object_get(old, "manifest")), hex) == 0;
		json_decref(old);
		free(text);
		if (changed < 0) {
			warn("cannot write '%s':", manifest_path);
			goto out;
		}
		if (changed == 0 && have_record) {
			ret = 0;
			goto out;
		}
	}
	if (mkdirs(job.out) < 0) {
		warn("cannot create '%s':", job.out);
		goto out;
	}
	record = record_new(pass_manifest.name, pass_manifest.version);
	json_object_set_new(record, "manifest", json_string(hex));
	ret = record_write(record, job.out);
	if (ret < 0)
		warn("cannot write the manifest record in '%s':", job.out);
	json_decref(record);
out:
	json_decref(root);
	job_release(&job);
	return ret;
}

const struct pass pass_manifest = {
	.name = "manifest",
	.summary = "merge the asset records into manifest.json",
	.kind = PASS_AGGREGATE,
	.version = 1,
	.defaults = "{}",
	.plan = manifest_plan,
	.run = manifest_run,
};
