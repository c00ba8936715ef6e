/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_AFILE_H
#define DISTILL_AFILE_H

#include <stddef.h>

/*
 * Atomic file writes.
 *
 * afile_open() creates "<target>.tmp-XXXXXX" in the target's folder and
 * returns a handle. Write through afile_write() (or the fd). afile_commit()
 * fsyncs nothing (a build can be rerun) but renames the temp file over the
 * target, so readers see either the old file or the whole new one.
 * afile_abort() unlinks the temp file. Every open afile is registered: on
 * exit or on a fatal signal the remaining temp files are unlinked, so a
 * killed job never leaves a half-written output behind.
 */
struct afile;

/* Returns NULL with errno set when the temp file cannot be created. */
struct afile *afile_open(const char *target);
int afile_fd(const struct afile *f);
/* Returns 0, or -1 with errno set; a failed write still needs abort. */
int afile_write(struct afile *f, const void *p, size_t n);
/* Rename over the target and free f. Returns 0, or -1 with errno set (the
 * temp file is then removed and f freed all the same). */
int afile_commit(struct afile *f);
/* Unlink the temp file and free f. Accepts NULL. */
void afile_abort(struct afile *f);

/* Write a whole file atomically. Returns 0 or -1 with errno set. */
int afile_put(const char *target, const void *p, size_t n);
/* Like afile_put(), but leaves the target alone (and its mtime unchanged)
 * when it already holds exactly these bytes. Returns 1 when written, 0 when
 * unchanged, -1 on error. */
int afile_put_if_changed(const char *target, const void *p, size_t n);

/* Remove the temp files in dir (not below it) that a killed process left:
 * call it only while holding what stops others writing there. */
void afile_remove_stale(const char *dir);

/* Install the exit and signal handlers that remove temp files. */
void afile_install_cleanup(void);

#endif
