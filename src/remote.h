/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_REMOTE_H
#define DISTILL_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "remote_settings.h"

struct plan_job;
struct site;

/*
 * A shared cache of job outputs in the Bazel remote-cache HTTP layout (bazel-remote, or any WebDAV server: nginx, lighttpd, Apache):
 *
 *   /ac/<sha256 of the job's key>   an ActionResult naming the job's files
 *   /cas/<sha256 of a file>         the file's bytes
 *
 * The local cache stays the first level: a job it holds (plan.h: a
 * per-asset job's store folder, an aggregate's stamp) is not looked up.
 * Before ninja runs, the jobs the cache lacks are fetched; every file is
 * checked against its digest and the job's record against its files
 * before the job's folder is put in place. After ninja,
 * what the jobs made is uploaded, blobs first. Any trouble with the remote
 * (no answer, a timeout, an error status, wrong bytes) is one warning and
 * the remote is left alone for the rest of the build: never a failed or a
 * different build.
 */
/* One build's use of the remote, over the plan's jobs (plan_jobs()). */
struct remote;

struct remote *remote_new(const struct remote_settings *s, const struct site *site,
			  const struct plan_job *jobs, size_t njobs);
/* Fetch the jobs the cache lacks. */
void remote_fetch(struct remote *r);
/* After a run: fetch the jobs still missing (another machine may have
 * made them meanwhile); true when every per-asset job is then here. What
 * this build makes after it is uploaded by the next remote_upload(). */
bool remote_fetch_rest(struct remote *r);
/* Whether job i was missing before the run and so is this build's. */
bool remote_job_missing(const struct remote *r, size_t i);
/* Upload the jobs that were missing and the run made. */
void remote_upload(struct remote *r);
/* "N of M jobs from the remote, U uploaded" at -v. */
void remote_report(const struct remote *r);
void remote_free(struct remote *r);

/* The remote key of a job: SHA-256 over distill's version, the machine's
 * architecture and the job's key as the plan names it (a per-asset job's
 * store folder, store/PASS/KEY; an aggregate's stamp, gen/PASS/key-KEY),
 * as 64 hex digits. */
void remote_job_key(const char *job_key, char hex[65]);

#endif
