/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"
#include "run.h"

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t got_signal;

static void forward(int sig)
{
	got_signal = sig;
	if (child_pid > 0)
		kill(child_pid, sig);
}

static char *find_ninja(void)
{
	static const char *const names[] = { "ninja", "samu" };
	const char *env = getenv("DISTILL_NINJA");
	const char *path = getenv("PATH");

	if (env && *env)
		return xstrdup(env);
	for (size_t i = 0; i < 2; i++) {
		for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
			size_t n = strcspn(p, ":");
			char *candidate = xasprintf("%.*s/%s", (int)n, n ? p : ".", names[i]);

			if (access(candidate, X_OK) == 0)
				return candidate;
			free(candidate);
			p += n + (p[n] == ':');
		}
	}
	return NULL;
}

/* Ninja prints "[3/10] IMG a.png" per job; count them, and show them only
 * when asked to. Everything else (job errors) is passed on. */
static void relay(FILE *in, int *jobs_run)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, in) > 0) {
		if (line[0] == '[' && strchr(line, '/') && strchr(line, ']')) {
			(*jobs_run)++;
			if (verbosity >= 3)
				fputs(line, stderr);
			continue;
		}
		if (has_prefix(line, "ninja: no work to do") ||
		    has_prefix(line, "ninja: Entering directory"))
			continue;
		fputs(line, stderr);
	}
	free(line);
}

int run_ninja(const struct run_options *ro, int *jobs_run)
{
	char *ninja = find_ninja();
	char jobs[16], level[16];
	const char *argv[16];
	int argc = 0, pipefd[2] = { -1, -1 }, status;
	bool direct = isatty(STDOUT_FILENO) && verbosity == 2 && !ro->dry_run;
	struct sigaction sa = { .sa_handler = forward }, old[3];
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	pid_t pid;

	*jobs_run = 0;
	if (!ninja) {
		warn("cannot find 'ninja' on PATH; install it (Debian: apt-get install ninja-build) or set DISTILL_NINJA");
		return EXIT_FAILED;
	}
	snprintf(jobs, sizeof(jobs), "%d", ro->jobs);
	argv[argc++] = ninja;
	argv[argc++] = "-f";
	argv[argc++] = ro->plan;
	argv[argc++] = "-j";
	argv[argc++] = jobs;
	argv[argc++] = "-k";
	argv[argc++] = "0";
	if (ro->dry_run)
		argv[argc++] = "-n";
	if (ro->explain) {
		argv[argc++] = "-d";
		argv[argc++] = "explain";
	}
	if (ro->target)
		argv[argc++] = ro->target;
	argv[argc] = NULL;

	/* The jobs print what this build would: ninja passes the environment
	 * on, and it is not part of their command lines. */
	snprintf(level, sizeof(level), "%d", verbosity);
	setenv(JOB_VERBOSITY_ENV, level, 1);
	fflush(NULL);
	if (!direct && pipe(pipefd) < 0) {
		warn("cannot create a pipe:");
		free(ninja);
		return EXIT_FAILED;
	}
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 3; i++)
			sigaction(sigs[i], &old[i], NULL);
		/* Even a SIGKILLed distill must not leave ninja running. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (chdir(ro->dir) < 0)
			_exit(127);
		if (!direct) {
			dup2(pipefd[1], STDOUT_FILENO);
			close(pipefd[0]);
			close(pipefd[1]);
		}
		execv(ninja, (char *const *)argv);
		fprintf(stderr, "distill: cannot run '%s': %s\n", ninja, strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		warn("cannot start ninja:");
		free(ninja);
		return EXIT_FAILED;
	}
	child_pid = pid;
	if (!direct) {
		FILE *in;

		close(pipefd[1]);
		in = fdopen(pipefd[0], "r");
		relay(in, jobs_run);
		fclose(in);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	free(ninja);
	if (got_signal)
		return 128 + got_signal;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WEXITSTATUS(status) == 127) {
		warn("cannot run ninja");
		return EXIT_FAILED;
	}
	return WEXITSTATUS(status) == 0 ? EXIT_OK : EXIT_FAILED;
}
