/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "util.h"

struct afile {
	int fd;
	char *target;
	char *tmp;
	struct afile *next;
};

/* Open temp files, for the cleanup handlers. Jobs are single-threaded. */
static struct afile *volatile open_files;

/* Signals stay blocked while a temp file exists but is not yet listed,
 * so the cleanup handler never misses one. */
static void block_signals(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

struct afile *afile_open(const char *target)
{
	struct afile *f = xcalloc(1, sizeof(*f));
	sigset_t old;

	f->target = xstrdup(target);
	f->tmp = xasprintf("%s.tmp-XXXXXX", target);
	block_signals(&old);
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		free(f->tmp);
		free(f->target);
		free(f);
		errno = e;
		return NULL;
	}
	f->next = open_files;
	open_files = f;
	sigprocmask(SIG_SETMASK, &old, NULL);
	fchmod(f->fd, 0644);
	return f;
}

int afile_fd(const struct afile *f)
{
	return f->fd;
}

int afile_write(struct afile *f, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t r = write(f->fd, s, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

static void unregister(struct afile *f)
{
	struct afile *volatile *pp;

	for (pp = &open_files; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			return;
		}
	}
}

static void afile_free(struct afile *f)
{
	free(f->tmp);
	free(f->target);
	free(f);
}

int afile_commit(struct afile *f)
{
	int ret = 0, e = 0;

	if (close(f->fd) < 0 || rename(f->tmp, f->target) < 0) {
		e = errno;
		unlink(f->tmp);
		ret = -1;
	}
	unregister(f);
	afile_free(f);
	errno = e;
	return ret;
}

void afile_abort(struct afile *f)
{
	if (!f)
		return;
	close(f->fd);
	unlink(f->tmp);
	unregister(f);
	afile_free(f);
}

int afile_put(const char *target, const void *p, size_t n)
{
	struct afile *f = afile_open(target);

	if (!f)
		return -1;
	if (afile_write(f, p, n) < 0) {
		int e = errno;

		afile_abort(f);
		errno = e;
		return -1;
	}
	return afile_commit(f);
}

int afile_put_if_changed(const char *target, const void *p, size_t n)
{
	size_t len;
	char *old = read_file(target, &len);
	int same = old && len == n && memcmp(old, p, n) == 0;

	free(old);
	if (same)
		return 0;
	return afile_put(target, p, n) < 0 ? -1 : 1;
}

static void cleanup(void)
{
	for (struct afile *f = open_files; f; f = f->next)
		unlink(f->tmp);
}

static void on_signal(int sig)
{
	cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void afile_install_cleanup(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	atexit(cleanup);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_signal);
}

void afile_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (strstr(e->d_name, ".tmp-")) {
			char *path = xasprintf("%s/%s", dir, e->d_name);

			unlink(path);
			free(path);
		}
	}
	if (d)
		closedir(d);
}
