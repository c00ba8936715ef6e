/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../manifest/record.h"
#include "http.h"
#include "lib/action_result.h"
#include "lib/buf.h"
#include "lib/sha2.h"
#include "lib/util.h"
#include "plan.h"
#include "remote.h"
#include "site.h"

#define REMOTE_KEY_VERSION "distill remote 1"
/* The temporary folder a job's fetched files go into, beside its folder. */
#define REMOTE_TMP_PREFIX "tmp-remote-"
enum {
	MAX_ENTRY_BYTES = 1 << 20,  /* an /ac/ entry: a list of file digests */
	MAX_OUTPUTS = 4096,         /* files of one job */
};

static const char *machine(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__aarch64__)
	return "aarch64";
#else
	static struct utsname u;

	if (!u.machine[0] && uname(&u) < 0)
		return "unknown";
	return u.machine;
#endif
}

void remote_job_key(const char *job_key, char hex[65])
{
	char *text = xasprintf(REMOTE_KEY_VERSION "\n%s\n%s\n%s\n", DISTILL_VERSION,
			       machine(), job_key);

	sha256_hex(text, strlen(text), hex);
	free(text);
}

struct remote {
	const struct remote_settings *s;
	const char *cache;
	const struct plan_job *jobs;
	size_t njobs;
	bool *missing;           /* not in the cache before the last fetch */
	bool *fetched;           /* came from the remote */
	atomic_size_t next;      /* the next job a worker takes */
	atomic_bool off;         /* a problem was met: leave the remote alone */
	atomic_size_t hits, uploads;
	pthread_mutex_t lock;
	char *problem;           /* the first problem, reported once */
	bool reported;
	bool (*work)(struct remote *r, struct http *h, size_t i, char *err);
};

/* The file that says job i is done: an aggregate's stamp, or a per-asset
 * job's record. Returns a new string. */
static char *done_path(const struct remote *r, size_t i)
{
	const struct plan_job *job = &r->jobs[i];

	if (job->stamp)
		return xasprintf("%s/%s", r->cache, job->stamp);
	return record_path(job->dir);
}

/* Which jobs the cache lacks now. */
static void mark_missing(struct remote *r)
{
	for (size_t i = 0; i < r->njobs; i++) {
		char *done = done_path(r, i);

		r->missing[i] = access(done, F_OK) != 0;
		free(done);
	}
}

struct remote *remote_new(const struct remote_settings *s, const struct site *site,
			  const struct plan_job *jobs, size_t njobs)
{
	struct remote *r = xcalloc(1, sizeof(*r));

	r->s = s;
	r->cache = site->cache;
	r->jobs = jobs;
	r->njobs = njobs;
	r->missing = xcalloc(njobs ? njobs : 1, sizeof(*r->missing));
	r->fetched = xcalloc(njobs ? njobs : 1, sizeof(*r->fetched));
	pthread_mutex_init(&r->lock, NULL);
	mark_missing(r);
	return r;
}

/* Keep the first problem; after it the remote is not used again. */
static void remote_problem(struct remote *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void remote_problem(struct remote *r, const char *fmt, ...)
{
	va_list ap;
	char line[1024], *text;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	text = xstrdup(line);
	pthread_mutex_lock(&r->lock);
	if (!r->problem)
		r->problem = text;
	else
		free(text);
	pthread_mutex_unlock(&r->lock);
	atomic_store(&r->off, true);
}

/* A status that is not an answer to use: the request, and what came. */
static void status_problem(struct remote *r, const char *method, const char *path,
			   long status, const char *err)
{
	if (status < 0)
		remote_problem(r, "%s %s: %s", method, path, err);
	else
		remote_problem(r, "%s %s answered HTTP %ld", method, path, status);
}

/* Whether an output name may be a file of a job's folder. */
static bool plain_name(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/') && strlen(name) < 256;
}

/*
 * Where an output of the entry of job may go, by its path relative to
 * the cache: a plain name in the job's folder goes into tmp under that
 * name, one of the files the job writes outside it (plan_also_writes())
 * into tmp as ".extra-K". Returns a new string, or NULL for a path the
 * job does not write.
 */
static char *fetched_place(const struct plan_job *job, const char *path, const char *tmp)
{
	size_t len = strlen(job->rel);

	if (strncmp(path, job->rel, len) == 0 && path[len] == '/' && plain_name(path + len + 1))
		return xasprintf("%s/%s", tmp, path + len + 1);
	for (size_t k = 0; k < job->nextras; k++)
		if (strcmp(path, job->extras[k]) == 0)
			return xasprintf("%s/.extra-%zu", tmp, k);
	return NULL;
}

/* Write a new file in a folder of this build's own: no temporary name is
 * needed, the folder is renamed into place whole. */
static int write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t n = 0;

	for (size_t done = 0; fd >= 0 && done < len; done += (size_t)n) {
		n = write(fd, data + done, len - done);
		if (n < 0 && errno != EINTR)
			break;
		if (n < 0)
			n = 0;
	}
	if (fd < 0 || n < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

/* Fetch the blobs of one entry into tmp, each checked against its digest.
 * Returns false for a miss or a problem (remote_problem()). */
static bool fetch_blobs(struct remote *r, struct http *h, const struct plan_job *job,
			const struct action_output *o, size_t n, const char *tmp, char *err)
{
	struct buf body = { 0 };
	bool ok = true;

	for (size_t i = 0; ok && i < n; i++) {
		char *url = xasprintf("%s/cas/%s", r->s->url, o[i].hash);
		char *path = fetched_place(job, o[i].path, tmp);
		char got[65];
		long status;

		status = o[i].size > SIZE_MAX / 2 ? -2 :
			 http_get(h, url, &body, (size_t)o[i].size, err);
		if (status == 404) {
			/* A blob the server dropped (a cache evicts by age):
			 * the job is a miss, the rest of the remote as good. */
			ok = false;
		} else if (status != 200) {
			if (status == -2)
				remote_problem(r, "/cas/%s: a size of %llu bytes", o[i].hash,
					       (unsigned long long)o[i].size);
			else
				status_problem(r, "GET", url + strlen(r->s->url), status, err);
			ok = false;
		} else if (sha256_hex(body.data ? body.data : "", body.len, got),
			   body.len != o[i].size || strcmp(got, o[i].hash) != 0) {
			remote_problem(r, "/cas/%s holds other bytes (SHA-256 %s, %zu bytes)",
				       o[i].hash, got, body.len);
			ok = false;
		} else if (write_new(path, body.data, body.len) < 0) {
			remote_problem(r, "cannot write '%s': %s", path, strerror(errno));
			ok = false;
		}
		free(path);
		free(url);
	}
	buf_release(&body);
	return ok;
}

/* The entry's outputs are the files of job and no other: each has a
 * place, none twice, and the record and (for an aggregate) the stamp are
 * among them. */
static bool entry_fits(const struct plan_job *job, const struct action_output *o, size_t n)
{
	char *record = record_path(job->rel);
	bool has_record = false, has_stamp = !job->stamp, fits = true;

	for (size_t k = 0; fits && k < n; k++) {
		char *place = fetched_place(job, o[k].path, "");

		fits = place != NULL;
		free(place);
		for (size_t m = 0; fits && m < k; m++)
			fits = strcmp(o[k].path, o[m].path) != 0;
		has_record |= strcmp(o[k].path, record) == 0;
		has_stamp |= job->stamp && strcmp(o[k].path, job->stamp) == 0;
	}
	free(record);
	return fits && has_record && has_stamp;
}

/* Put a checked entry in place: the files outside the folder, then the
 * folder (an aggregate's old one is replaced whole). */
static bool place_entry(struct remote *r, const struct plan_job *job, const char *tmp)
{
	for (size_t k = 0; k < job->nextras; k++) {
		char *from = xasprintf("%s/.extra-%zu", tmp, k);
		char *to = xasprintf("%s/%s", r->cache, job->extras[k]);
		bool moved = access(from, F_OK) != 0 || rename(from, to) == 0;

		if (!moved)
			remote_problem(r, "cannot rename '%s': %s", from, strerror(errno));
		free(from);
		free(to);
		if (!moved)
			return false;
	}
	if (job->stamp)
		remove_tree(job->dir);
	if (rename(tmp, job->dir) == 0 || errno == EEXIST || errno == ENOTEMPTY)
		return true; /* renamed, or another build made it meanwhile */
	remote_problem(r, "cannot rename '%s': %s", tmp, strerror(errno));
	return false;
}

/* Fetch job i: its /ac/ entry, then its files into a temporary folder
 * beside its folder, which is put in place once the record checks out
 * against the files. */
static bool fetch_job(struct remote *r, struct http *h, size_t i, char *err)
{
	const struct plan_job *job = &r->jobs[i];
	char key[65], *url, *tmp, *parent;
	struct action_output *outputs = NULL;
	struct buf body = { 0 };
	size_t n = 0;
	long status;
	bool ok = false;

	remote_job_key(plan_job_key(job), key);
	url = xasprintf("%s/ac/%s", r->s->url, key);
	status = http_get(h, url, &body, MAX_ENTRY_BYTES, err);
	if (status == 404) {
		free(url);
		buf_release(&body);
		return true; /* a miss */
	}
	if (status != 200) {
		status_problem(r, "GET", url + strlen(r->s->url), status, err);
		free(url);
		buf_release(&body);
		return false;
	}
	if (action_result_decode(body.data, body.len, &outputs, &n) < 0 || n == 0 ||
	    n > MAX_OUTPUTS) {
		remote_problem(r, "/ac/%s is not an ActionResult with output files", key);
		goto out;
	}
	if (!entry_fits(job, outputs, n)) {
		remote_problem(r, "/ac/%s names files that job '%s' does not write", key, job->rel);
		goto out;
	}
	parent = xstrndup(job->dir, (size_t)(strrchr(job->dir, '/') - job->dir));
	tmp = xasprintf("%s/" REMOTE_TMP_PREFIX "XXXXXX", parent);
	if (mkdirs(parent) < 0 || !mkdtemp(tmp)) {
		remote_problem(r, "cannot create a folder in '%s': %s", parent, strerror(errno));
		free(parent);
		free(tmp);
		goto out;
	}
	free(parent);
	if (fetch_blobs(r, h, job, outputs, n, tmp, err)) {
		json_t *record = record_load(tmp, true);

		if (!record)
			remote_problem(r, "/ac/%s: the record does not match its files", key);
		else
			ok = place_entry(r, job, tmp);
		json_decref(record);
	}
	remove_tree(tmp);
	free(tmp);
	if (ok) {
		r->fetched[i] = true;
		atomic_fetch_add(&r->hits, 1);
	}
out:
	action_result_free(outputs, n);
	buf_release(&body);
	free(url);
	return ok;
}

/* The files of a job as its entry lists them, relative to the cache: its
 * record.json, the files the record lists, its stamp and what it writes
 * outside its folder. Returns the count, or 0 when the record does not
 * check out. */
static size_t job_files(const struct plan_job *job, char ***paths)
{
	json_t *record = record_load(job->dir, true), *entry;
	size_t n = 0, k;

	if (!record)
		return 0;
	*paths = xcalloc(json_array_size(json_object_get(record, "files")) + 2 + job->nextras,
			 sizeof(char *));
	(*paths)[n++] = record_path(job->rel);
	json_array_foreach(json_object_get(record, "files"), k, entry) {
		const char *name = json_string_value(json_object_get(entry, "name"));

		if (name && plain_name(name))
			(*paths)[n++] = xasprintf("%s/%s", job->rel, name);
	}
	if (job->stamp)
		(*paths)[n++] = xstrdup(job->stamp);
	for (k = 0; k < job->nextras; k++)
		(*paths)[n++] = xstrdup(job->extras[k]);
	json_decref(record);
	return n;
}

/* Upload one blob unless the remote has it. */
static bool upload_blob(struct remote *r, struct http *h, const char *data, size_t len,
			const char *hash, char *err)
{
	char *url = xasprintf("%s/cas/%s", r->s->url, hash);
	long status = http_head(h, url, err);

	if (status != 200)
		status = http_put(h, url, data, len, err);
	if (status < 200 || status > 299) {
		status_problem(r, "PUT", url + strlen(r->s->url), status, err);
		free(url);
		return false;
	}
	free(url);
	return true;
}

/* Whether job i is this build's: missing before the run, done after. */
static bool made_here(const struct remote *r, size_t i)
{
	char *done;
	bool made;

	if (!r->missing[i] || r->fetched[i])
		return false;
	done = done_path(r, i);
	made = access(done, F_OK) == 0;
	free(done);
	return made;
}

/* Upload job i: every file to /cas/, then its entry to /ac/. */
static bool upload_job(struct remote *r, struct http *h, size_t i, char *err)
{
	const struct plan_job *job = &r->jobs[i];
	char **paths = NULL, key[65];
	size_t n = made_here(r, i) ? job_files(job, &paths) : 0;
	struct action_output *outputs = xcalloc(n ? n : 1, sizeof(*outputs));
	struct buf entry = { 0 };
	bool ok = true;

	for (size_t k = 0; ok && k < n; k++) {
		char *path = xasprintf("%s/%s", r->cache, paths[k]);
		size_t len;
		char *data = read_file(path, &len);

		outputs[k].path = paths[k];
		if (!data) {
			ok = false; /* gone meanwhile: not uploaded, not a problem */
		} else {
			sha256_hex(data, len, outputs[k].hash);
			outputs[k].size = len;
			ok = upload_blob(r, h, data, len, outputs[k].hash, err);
		}
		free(data);
		free(path);
	}
	if (ok && n > 0) {
		char *url;
		long status;

		remote_job_key(plan_job_key(job), key);
		url = xasprintf("%s/ac/%s", r->s->url, key);
		action_result_encode(&entry, outputs, n);
		status = http_put(h, url, entry.data, entry.len, err);
		if (status < 200 || status > 299) {
			status_problem(r, "PUT", url + strlen(r->s->url), status, err);
			ok = false;
		} else {
			atomic_fetch_add(&r->uploads, 1);
		}
		free(url);
	}
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
	free(outputs);
	buf_release(&entry);
	return ok;
}

static void *worker(void *arg)
{
	struct remote *r = arg;
	struct http *h = http_new(r->s->header, r->s->timeout_ms);
	char err[HTTP_ERROR_SIZE];

	for (;;) {
		size_t i = atomic_fetch_add(&r->next, 1);

		if (i >= r->njobs || atomic_load(&r->off))
			break;
		if (r->missing[i])
			r->work(r, h, i, err);
	}
	http_free(h);
	return NULL;
}

/* Run work over every missing job on s->parallel threads. */
static void run_workers(struct remote *r, bool (*work)(struct remote *, struct http *,
							size_t, char *))
{
	pthread_t threads[REMOTE_MAX_PARALLEL];
	int n = 0;
	char *why = NULL;

	if (atomic_load(&r->off))
		return;
	if (http_load(&why) < 0) {
		remote_problem(r, "%s", why);
		free(why);
		return;
	}
	r->work = work;
	atomic_store(&r->next, 0);
	for (int t = 0; t < r->s->parallel; t++)
		if (pthread_create(&threads[n], NULL, worker, r) == 0)
			n++;
	if (n == 0)
		worker(r);
	for (int t = 0; t < n; t++)
		pthread_join(threads[t], NULL);
}

/* The first problem, once per build. */
static void report_problem(struct remote *r, const char *then)
{
	char *shown;

	if (!r->problem || r->reported)
		return;
	shown = remote_url_shown(r->s->url);
	warn("remote cache '%s': %s; %s", shown, r->problem, then);
	free(shown);
	r->reported = true;
}

/* The temporary folders of a fetch that was killed, beside the site-wide
 * jobs' folders (those in the store go with the store's collection).
 * Only this build may write the cache now (its lock). */
static void remove_stale_fetches(const struct remote *r)
{
	char *gen = xasprintf("%s/gen", r->cache);
	DIR *dir = opendir(gen);
	struct dirent *e;

	while (dir && (e = readdir(dir))) {
		if (has_prefix(e->d_name, REMOTE_TMP_PREFIX)) {
			char *path = xasprintf("%s/%s", gen, e->d_name);

			remove_tree(path);
			free(path);
		}
	}
	if (dir)
		closedir(dir);
	free(gen);
}

void remote_fetch(struct remote *r)
{
	size_t wanted = 0;

	remove_stale_fetches(r);
	for (size_t i = 0; i < r->njobs; i++)
		wanted += r->missing[i];
	if (wanted > 0)
		run_workers(r, fetch_job);
	/* Ninja compares a record with the records it reads: give the ones
	 * fetched now the same order in time as the plan's. */
	for (size_t i = 0; i < r->njobs; i++) {
		if (r->fetched[i] && r->missing[i]) {
			char *record = record_path(r->jobs[i].dir);

			utimensat(AT_FDCWD, record, NULL, 0);
			free(record);
			if (r->jobs[i].stamp) {
				char *stamp = done_path(r, i);

				utimensat(AT_FDCWD, stamp, NULL, 0);
				free(stamp);
			}
		}
	}
	report_problem(r, "building without it");
}

bool remote_fetch_rest(struct remote *r)
{
	bool assets_done = true;

	mark_missing(r);
	remote_fetch(r);
	for (size_t i = 0; i < r->njobs; i++)
		assets_done &= r->jobs[i].stamp || !remote_job_missing(r, i);
	return assets_done && !atomic_load(&r->off);
}

bool remote_job_missing(const struct remote *r, size_t i)
{
	return r->missing[i] && !r->fetched[i];
}

void remote_upload(struct remote *r)
{
	if (r->s->read_only)
		return;
	run_workers(r, upload_job);
	report_problem(r, "not uploading to it");
}

void remote_report(const struct remote *r)
{
	size_t wanted = 0;
	char *shown = remote_url_shown(r->s->url);

	for (size_t i = 0; i < r->njobs; i++)
		wanted += r->missing[i];
	info(3, "remote cache '%s': %zu of %zu jobs missing here came from it, %zu uploaded%s",
	     shown, (size_t)atomic_load(&r->hits), wanted, (size_t)atomic_load(&r->uploads),
	     r->s->read_only ? " (read-only)" : "");
	free(shown);
}

void remote_free(struct remote *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r->missing);
	free(r->fetched);
	free(r->problem);
	free(r);
}
