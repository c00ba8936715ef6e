/* SPDX-License-Identifier: MIT */
/* The manifest merge on one entry with real records on disk: the copy
 * pass's files and the compress pass's sidecars, at the fingerprinted
 * output and at the kept original path; a damaged record refused; then
 * the sorted file list, where a plugin's sidecar gives way to distill's
 * and two different files for one output are an error. */
#include <stdlib.h>

#include "afile.h"
#include "buf.h"
#include "util.h"
#include "check.h"
#include "merge.h"
#include "job.h"
#include "pass.h"
#include "record.h"

/* A compress record in dir with br and zst sidecars. */
static void compress_record(const char *dir)
{
	json_t *record = record_new("compress", 3);
	char *path;

	CHECK(mkdirs(dir) == 0);
	for (const char *const *name = (const char *const[]){ "br", "zst", NULL }; *name; name++) {
		path = xasprintf("%s/%s", dir, *name);
		CHECK(afile_put(path, *name, strlen(*name)) == 0);
		CHECK(record_add_file(record, dir, *name) != NULL);
		free(path);
	}
	json_object_set_new(record, "gzip", json_integer(90));
	CHECK(record_write(record, dir) == 0);
	json_decref(record);
}

static json_t *entry(const char *compress_dir)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:b, s:{s:s}}",
		"path", "app.js", "output", "assets/app.0123abcd.js",
		"content", "dist/app.js", "size", 100, "hash", "aa",
		"original_kept", 1, "records", "compress", compress_dir);
}

static const char *or_dash(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "-";
}

/* Each file as "output role from", one per line. */
static char *files_text(const json_t *files)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *f;

	buf_adds(&b, "");
	json_array_foreach(files, i, f)
		buf_addf(&b, "%s %s %s\n", or_dash(json_object_get(f, "output")),
			 or_dash(json_object_get(f, "role")), or_dash(json_object_get(f, "from")));
	return buf_detach(&b);
}

/* Order files as the manifest job does (manifest_files_order()), in
 * place. Returns its result. */
static long sort_files(json_t *files)
{
	size_t n = json_array_size(files), *keep = xcalloc(n + 1, sizeof(*keep));
	struct merged_file *v = xcalloc(n + 1, sizeof(*v));
	char **texts = xcalloc(n + 1, sizeof(*texts));
	json_t *sorted = json_array();
	long kept;

	for (size_t i = 0; i < n; i++)
		CHECK(manifest_file_ref(json_array_get(files, i), &v[i], &texts[i]) == 0);
	kept = manifest_files_order(v, n, keep);
	for (long i = 0; i < kept; i++)
		json_array_append_new(sorted, json_loads(v[keep[i]].text, 0, NULL));
	json_array_clear(files);
	json_array_extend(files, sorted);
	json_decref(sorted);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(v);
	free(keep);
	return kept;
}

static void check_merge(void)
{
	struct job job = { 0 };
	json_t *files = json_array(), *e, *config = json_object();
	char *text;

	compress_record("store/compress/k1");
	e = entry("store/compress/k1");
	CHECK(manifest_merge_entry(&job, e, files, config) == 0);
	CHECK(sort_files(files) >= 0);
	text = files_text(files);
	CHECK_STR(text, "app.js original dist/app.js\n"
			"app.js.br br store/compress/k1/br\n"
			"app.js.zst zst store/compress/k1/zst\n"
			"assets/app.0123abcd.js asset dist/app.js\n"
			"assets/app.0123abcd.js.br br store/compress/k1/br\n"
			"assets/app.0123abcd.js.zst zst store/compress/k1/zst\n");
	free(text);
	/* The entry carries the sizes; the records are folded away. */
	CHECK(json_integer_value(json_object_get(e, "br")) == 2);
	CHECK(json_integer_value(json_object_get(e, "gzip")) == 90);
	CHECK(json_integer_value(json_object_get(e, "output_size")) == 100);
	CHECK(json_object_get(e, "records") == NULL);
	CHECK(json_object_get(e, "files") == NULL);
	json_decref(e);
	json_array_clear(files);

	/* A record whose check fails is not merged. */
	CHECK(afile_put("store/compress/k1/record.json", "{}", 2) == 0);
	e = entry("store/compress/k1");
	CHECK(manifest_merge_entry(&job, e, files, config) < 0);
	json_decref(e);
	/* Nor one that lacks what its pass needs. */
	e = entry("store/compress/k2");
	{
		json_t *record = record_new("compress", 3);

		CHECK(mkdirs("store/compress/k2") == 0);
		CHECK(record_write(record, "store/compress/k2") == 0);
		json_decref(record);
	}
	CHECK(manifest_merge_entry(&job, e, files, config) < 0);
	json_decref(e);
	json_decref(files);
	json_decref(config);
}

static json_t *file(const char *output, const char *role, const char *hash,
		    const char *asset)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "output", output, "role", role,
			 "hash", hash, "asset", asset);
}

static void check_sort(void)
{
	/* DIST's own app.js.br (a plugin made it) and distill's, either
	 * order; two assets with the same bytes at one output. */
	json_t *files = json_pack("[o, o, o, o, o, o]",
		file("app.js.br", "asset", "p1", "app.js.br"),
		file("b.js", "asset", "bb", "b.js"),
		file("app.js.br", "br", "d1", "app.js"),
		file("a.js", "asset", "cc", "a.js"),
		file("c.js.br", "br", "d2", "c.js"),
		file("c.js.br", "asset", "p2", "c.js.br"));
	json_t *dup = file("b.js", "asset", "bb", "copy/b.js");
	char *text;

	json_array_append_new(files, dup);
	CHECK(sort_files(files) >= 0);
	text = files_text(files);
	CHECK_STR(text, "a.js asset -\napp.js.br br -\nb.js asset -\nc.js.br br -\n");
	free(text);
	/* The same output with other bytes. */
	json_array_append_new(files, file("a.js", "asset", "ee", "other/a.js"));
	CHECK(sort_files(files) < 0);
	json_decref(files);
}

int main(void)
{
	check_merge();
	check_sort();
	return check_status();
}
