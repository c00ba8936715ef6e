/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../manifest/load.h"
#include "../manifest/record.h"
#include "../src/lib/afile.h"
#include "../src/lib/cache_layout.h"
#include "../src/lib/digest.h"
#include "../src/lib/json_file.h"
#include "../src/lib/util.h"
#include "../src/pass.h"
#include "compress.h"
#include "job.h"

/* plan_escape_arg() sends arguments holding newlines as "%%" and hex. */
static void job_decode_arg(char *arg)
{
	char *out = arg;

	if (!has_prefix(arg, "%%"))
		return;
	for (const char *s = arg + 2; s[0] && s[1]; s += 2) {
		char pair[3] = { s[0], s[1], 0 };

		*out++ = (char)strtol(pair, NULL, 16);
	}
	*out = '\0';
}

int job_args(const struct pass *pass, int argc, char *argv[], struct job *job)
{
	const char *config = NULL;
	uint64_t version = 0;
	int i;

	memset(job, 0, sizeof(*job));
	job->pass = pass;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (has_prefix(a, "--pass-version=")) {
			if (!parse_u64(a + 15, &version))
				break;
		} else if (has_prefix(a, "--config=")) {
			config = a + 9;
		} else if (has_prefix(a, "--out=")) {
			job->out = a + 6;
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else {
			break;
		}
	}
	if (version != pass->version) {
		warn("job %s: expected --pass-version=%u", pass->name, pass->version);
		return -1;
	}
	job->version = (unsigned)version;
	if (config) {
		json_error_t err;
		char *copy = xstrdup(config);

		/* Jobs run in the cache folder and name it "config.json". */
		job->cache = path_absolute(dirname(copy));
		free(copy);
		job->config_root = json_read_file(config, 0, &err);
		if (!job->config_root) {
			warn("cannot read config '%s': %s", config, err.text);
			return -1;
		}
	} else {
		job->config_root = json_object(); /* every section its defaults */
	}
	job->config = pass_config(pass, json_object_get(job->config_root, pass->name),
				  config ? config : "the defaults");
	if (!job->config)
		return -1;
	job->args = argv + i;
	job->nargs = argc - i;
	for (int j = 0; j < job->nargs; j++)
		job_decode_arg(job->args[j]);
	return 0;
}

void job_release(struct job *job)
{
	json_decref(job->config_root);
	json_decref(job->config);
	job->config_root = job->config = NULL;
	free(job->cache);
	job->cache = NULL;
}

int job_damaged(const struct job *job, const char *dir)
{
	char *abs = path_absolute(dir), *mark;

	/* Only a build's own cache is cleaned: a job run by hand may read
	 * records that are nobody's to remove. */
	if (!job->cache || !path_is_under(abs, job->cache)) {
		warn("'%s' is damaged or no record of this version", dir);
		free(abs);
		return -1;
	}
	warn("cache entry '%s' is damaged; rebuilding it", dir);
	remove_tree(abs);
	free(abs);
	mark = cache_path(job->cache, CACHE_DAMAGED);
	if (afile_put(mark, "", 0) < 0)
		warn("cannot write '%s':", mark);
	free(mark);
	return -1;
}

char *job_read_input(const struct job *job, const char *path, const char *what)
{
	char *dir = job->cache ? cache_input_dir(job->cache, job->pass->name) : NULL;
	char *abs = path_absolute(path);
	bool planned = dir && path_is_under(abs, dir);
	const char *name = path_base(path);
	char hex[HASH_HEX_LEN + 1];
	size_t len;
	char *text = read_file(path, &len);

	free(dir);
	free(abs);
	if (!text) {
		warn("cannot read the %s '%s':", what, path);
		return NULL;
	}
	/* The plan names its files by the hash of their bytes: other bytes
	 * are damage. One given by hand is taken as it is. */
	digest_hex(digest_mem(text, len), hex);
	if (strlen(text) != len || (planned && (strlen(name) != HASH_HEX_LEN + 5 ||
						strncmp(name, hex, HASH_HEX_LEN) != 0))) {
		free(text);
		if (planned)
			job_damaged(job, path);
		else
			warn("cannot read the %s '%s': it holds a NUL byte", what, path);
		return NULL;
	}
	return text;
}

struct manifest *job_manifest(const struct job *job, const char *path)
{
	bool damaged;
	struct manifest *manifest = manifest_load(path, &damaged);

	if (damaged) {
		char *dir = manifest_record_dir(path);

		job_damaged(job, dir);
		free(dir);
	}
	return manifest;
}

bool job_reuse(const struct job *job)
{
	json_t *record;
	char *path;

	if (!job->out)
		return false;
	record = record_load(job->out, true);
	if (record) {
		json_decref(record);
		return true;
	}
	/* Missing or damaged: drop the record so nothing trusts it, and temp
	 * files a killed run of this job may have left. */
	path = record_path(job->out);
	remove(path);
	free(path);
	afile_remove_stale(job->out);
	return false;
}

/* The key of what the sidecars of a job's files are made with: the pass
 * and its version, and the compress settings. */
static void job_sidecar_key(const struct job *job, char hex[HASH_HEX_LEN + 1])
{
	char *compress = json_dumps(json_object_get(job->config_root, "compress"),
				    JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	struct digest_key k;

	digest_key_init(&k);
	digest_key_str(&k, job->pass->name);
	digest_key_u64(&k, job->pass->version);
	digest_key_str(&k, compress ? compress : "");
	digest_hex(digest_key_final(&k), hex);
	free(compress);
}

json_t *job_last_record(const struct job *job)
{
	json_t *last = record_load(job->out, false);
	const char *key = json_string_value(json_object_get(last, "sidecar_key"));
	char hex[HASH_HEX_LEN + 1];

	job_sidecar_key(job, hex);
	if (last && (!key || strcmp(key, hex) != 0)) {
		json_decref(last);
		return NULL;
	}
	return last;
}

/* The sidecar suffix a record entry has for the file name ("" for the
 * file itself), or NULL when it is neither. */
static const char *job_entry_suffix(const json_t *entry, const char *name)
{
	const char *have = json_string_value(json_object_get(entry, "name"));
	size_t n = strlen(name);

	if (!have || strncmp(have, name, n) != 0)
		return NULL;
	have += n;
	return !*have || strcmp(have, ".br") == 0 || strcmp(have, ".zst") == 0 ? have : NULL;
}

/* List name and its sidecars in record as last lists them, when its bytes
 * are text, it is recorded as field = where with the same flags, and its
 * sidecars are intact. Returns whether it did. */
static bool job_output_reuse(const struct job *job, json_t *record, const json_t *last,
			     const char *name, const char *field, const char *where,
			     const char *text, size_t len, unsigned flags)
{
	json_t *found = json_array(), *entry;
	char hex[HASH_HEX_LEN + 1];
	bool whole = false, reused = false;
	size_t i;

	digest_hex(digest_mem(text, len), hex);
	json_array_foreach(json_object_get(last, "files"), i, entry) {
		const char *suffix = job_entry_suffix(entry, name);

		if (!suffix)
			continue;
		if (!*suffix) {
			const char *hash = json_string_value(json_object_get(entry, "hash"));
			const char *at = json_string_value(json_object_get(entry, field));

			whole = hash && at && strcmp(hash, hex) == 0 && strcmp(at, where) == 0 &&
				json_is_true(json_object_get(entry, "merges")) == !!(flags & JOB_MERGES);
			if (!whole)
				goto out;
		}
		if (!record_file_intact(entry, job->out))
			goto out;
		json_array_append(found, entry);
	}
	if (!whole)
		goto out;
	json_array_foreach(found, i, entry)
		json_array_append_new(json_object_get(record, "files"), json_deep_copy(entry));
	reused = true;
out:
	json_decref(found);
	return reused;
}

int job_put_output(const struct job *job, json_t *record, const json_t *last,
		   const char *name, const char *field, const char *where,
		   const char *text, size_t len, unsigned flags)
{
	char *path, hex[HASH_HEX_LEN + 1];
	json_t *file = NULL;
	int ret = -1;

	job_sidecar_key(job, hex);
	json_object_set_new(record, "sidecar_key", json_string(hex));
	if (last && job_output_reuse(job, record, last, name, field, where, text, len, flags))
		return 0;
	path = xasprintf("%s/%s", job->out, name);
	if (afile_put_if_changed(path, text, len) < 0 ||
	    !(file = record_add_file(record, job->out, name))) {
		warn("cannot write '%s':", path);
		goto out;
	}
	json_object_set_new(file, field, json_string(where));
	if (flags & JOB_MERGES)
		json_object_set_new(file, "merges", json_true());
	if (strcmp(field, "output") == 0 && path_base(where)[0] != '_' && !(flags & JOB_FOR_TOOLS) &&
	    compress_output(record, job->config_root, job->out, name, where) < 0)
		goto out;
	ret = 0;
out:
	free(path);
	return ret;
}
