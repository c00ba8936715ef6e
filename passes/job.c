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

int job_put_output(const struct job *job, json_t *record, const char *name,
		   const char *field, const char *where, const char *text, size_t len,
		   unsigned flags)
{
	char *path = xasprintf("%s/%s", job->out, name);
	json_t *file = NULL;
	int ret = -1;

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
