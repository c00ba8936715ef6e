/* SPDX-License-Identifier: MIT */
#include <signal.h>
#include <stddef.h>

#include "interrupt.h"

static const int deferred[] = { SIGINT, SIGTERM, SIGHUP };
#define NDEFERRED (sizeof(deferred) / sizeof(deferred[0]))

static volatile sig_atomic_t pending;
static struct sigaction saved[NDEFERRED];

static void note(int sig)
{
	pending = sig;
}

void interrupt_defer(void)
{
	struct sigaction sa = { .sa_handler = note };

	sigemptyset(&sa.sa_mask);
	pending = 0;
	for (size_t i = 0; i < NDEFERRED; i++)
		sigaction(deferred[i], &sa, &saved[i]);
}

int interrupt_pending(void)
{
	return pending;
}

void interrupt_resume(void)
{
	for (size_t i = 0; i < NDEFERRED; i++)
		sigaction(deferred[i], &saved[i], NULL);
	if (pending)
		raise(pending);
}
