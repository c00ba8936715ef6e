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

#include "../passes/job.h"
#include "../src/lib/afile.h"
#include "../src/lib/buf.h"
#include "../src/lib/cache_layout.h"
#include "../src/lib/digest.h"
#include "../src/lib/json_file.h"
#include "../src/lib/json_write.h"
#include "../src/lib/url.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "../src/plan.h"
#include "../src/site.h"
#include "assemble.h"
#include "record.h"

extern const struct pass pass_manifest;

/* A path as the jobs, which run in the cache folder, name it (plan_path()). */
static json_t *path_json(const struct site *site, const char *path)
{
	char *rel = plan_path(site, path);
	json_t *v = json_string(rel);

	free(rel);
	return v;
}

static void write_path(struct buf *b, const struct site *site, const char *path)
{
	char *rel = plan_path(site, path);

	json_write_string(b, rel);
	free(rel);
}

/* The entry of a as one line of assets.json (FORMAT.md's ENTRY before
 * the merge), its keys in order. */
static void write_asset(struct buf *b, const struct site *site, const struct asset *a)
{
	char hex[HASH_HEX_LEN + 1];
	bool first = true;

	digest_hex(a->hash, hex);
	buf_adds(b, "{\"content\":");
	write_path(b, site, a->content);
	if (a->error) {
		buf_adds(b, ",\"error\":");
		json_write_string(b, a->error);
	}
	/* buf_adds(), not buf_addf(): this runs once per file of the site. */
	buf_adds(b, (a->flags & (ASSET_FINGERPRINT | ASSET_BUNDLER_HASHED)) ?
		 ",\"fingerprinted\":true,\"hash\":\"" : ",\"fingerprinted\":false,\"hash\":\"");
	buf_adds(b, hex);
	buf_adds(b, "\",\"kind\":\"");
	buf_adds(b, asset_kind_name(a->kind));
	buf_adds(b, (a->flags & ASSET_KEEP_ORIGINAL) ? "\",\"original_kept\":true,\"output\":" :
		 "\",\"original_kept\":false,\"output\":");
	json_write_string(b, a->outpath);
	buf_adds(b, ",\"path\":");
	json_write_string(b, a->path);
	buf_adds(b, ",\"records\":{");
	for (int i = 0; passes[i]; i++) {
		if (!a->records[i])
			continue;
		buf_adds(b, first ? "\"" : ",\"");
		buf_adds(b, passes[i]->name);
		buf_adds(b, "\":");
		write_path(b, site, a->records[i]);
		first = false;
	}
	buf_adds(b, "},\"refs\":[");
	for (size_t r = 0; r < a->nrefs; r++) {
		const struct asset_ref *ar = &a->refs[r];

		buf_adds(b, r ? ",{\"kind\":\"" : "{\"kind\":\"");
		buf_adds(b, ref_kind_name(ar->ref.kind));
		buf_adds(b, ar->missing ? "\",\"missing\":true,\"target\":" : "\",\"target\":");
		json_write_string_or_null(b, ar->target >= 0 ? site->assets[ar->target].path : NULL);
		buf_adds(b, ",\"url\":");
		json_write_string(b, ar->ref.url);
		buf_addc(b, '}');
	}
	buf_adds(b, "],\"size\":");
	buf_add_u64(b, a->size, 0);
	buf_addc(b, '}');
}

/* Whether a is a .gz copy of a file whose bytes or name distill changes:
 * a host serving it as that file's gzip encoding would serve stale bytes,
 * so it is left out, with one warning for all. */
static bool stale_gz_copy(const struct site *site, const struct asset *a)
{
	char *base;
	long b;

	if (!(a->flags & ASSET_GZ_COPY))
		return false;
	base = xstrndup(a->path, strlen(a->path) - strlen(".gz"));
	b = site_find(site, base);
	free(base);
	return b >= 0 && (strcmp(site->assets[b].outpath, site->assets[b].path) != 0 ||
			  !digest_equal(site->assets[b].content_key, site->assets[b].hash));
}

/* The head of assets.json: the site's fields, and the "assets" array
 * left open, for the entries to follow one per line (manifest_plan()). */
static char *assets_head(const struct site *site)
{
	json_t *head = json_pack("{s:i, s:o}", "version", 1, "dist", path_json(site, site->dist));
	char *text, *open;

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
		json_object_set_new(head, "unlisted", list);
	}
	text = json_dumps(head, JSON_SORT_KEYS | JSON_COMPACT);
	if (!text)
		fatal("out of memory");
	/* "...}" becomes "...,\"assets\":[" */
	open = xasprintf("%.*s,\"assets\":[\n", (int)strlen(text) - 1, text);
	free(text);
	json_decref(head);
	return open;
}

static void manifest_plan(struct plan *p, struct site *site)
{
	char *assets_path = cache_path(site->cache, CACHE_ASSETS);
	char *manifest_path = cache_path(site->cache, CACHE_MANIFEST);
	char *dir = plan_gen_dir(site, &pass_manifest);
	const char **inputs = xcalloc(site->nassets * 8 + 1, sizeof(*inputs));
	size_t n = 0, stale = 0, listed = 0;
	const char *first_stale = NULL;
	struct buf text = BUF_INIT;
	char *head = assets_head(site), *args[2];

	/* One entry per line: the manifest job knows an unchanged entry by
	 * its line's hash (memo.h) without reading it. */
	buf_adds(&text, head);
	free(head);
	inputs[n++] = assets_path;
	for (size_t i = 0; i < site->nassets; i++) {
		const struct asset *a = &site->assets[i];

		if (stale_gz_copy(site, a)) {
			if (!stale++)
				first_stale = a->path;
			continue;
		}
		if (listed++)
			buf_adds(&text, ",\n");
		write_asset(&text, site, a);
		for (int j = 0; passes[j]; j++)
			if (a->records[j])
				inputs[n++] = record_path(a->records[j]);
	}
	buf_adds(&text, listed ? "\n]}\n" : "]}\n");
	if (stale)
		warn("left out %zu .gz cop%s (such as '%s') of files distill changes: a "
		     "host would serve %s stale; fresh .br and .zst are written", stale,
		     stale == 1 ? "y" : "ies", first_stale, stale == 1 ? "it" : "them");
	if (afile_put_if_changed(assets_path, text.data, text.len) < 0)
		fatal("cannot write '%s':", assets_path);
	buf_release(&text);
	args[0] = xasprintf("--assets=%s", assets_path);
	args[1] = xasprintf("--manifest=%s", manifest_path);
	plan_rule(p, &pass_manifest, RULE_RSPFILE);
	plan_edge(p, &pass_manifest, dir, inputs, n, (const char *const *)args, 2,
		  "MANIFEST");
	plan_also_writes(p, manifest_path);
	for (size_t i = 1; i < n; i++)
		free((char *)inputs[i]);
	free(inputs);
	free(args[0]);
	free(args[1]);
	free(dir);
	free(assets_path);
	free(manifest_path);
}

static int manifest_run(int argc, char *argv[])
{
	const char *assets_path = NULL, *manifest_path = NULL;
	struct job job;
	json_t *record, *last = NULL;
	char hex[HASH_HEX_LEN + 1], *text = NULL;
	size_t len;
	int ret = -1, changed;
	bool have_record;

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
	if (!(text = manifest_assemble(&job, assets_path, &len)))
		goto out;
	/* Rewrite nothing that did not change, so that with restat the
	 * aggregates after this job do not run again. */
	changed = afile_put_if_changed(manifest_path, text, len);
	if (changed < 0) {
		warn("cannot write '%s':", manifest_path);
		goto out;
	}
	/* What manifest_load() checks the file against. */
	digest_hex(digest_mem(text, len), hex);
	last = record_load(job.out, false);
	have_record = last && json_is_string(json_object_get(last, "manifest")) &&
		      strcmp(json_string_value(json_object_get(last, "manifest")), hex) == 0;
	if (changed == 0 && have_record) {
		ret = 0;
		goto out;
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
	free(text);
	json_decref(last);
	job_release(&job);
	return ret;
}

const struct pass pass_manifest = {
	.name = "manifest",
	.summary = "merge the asset records into manifest.json",
	.kind = PASS_AGGREGATE,
	.version = 2,
	.defaults = "{}",
	.plan = manifest_plan,
	.run = manifest_run,
};
