/* SPDX-License-Identifier: MIT */
#ifndef DISTILL_INTERRUPT_H
#define DISTILL_INTERRUPT_H

/*
 * Deferred interrupts, for the steps that change the user's folders.
 *
 * Between interrupt_defer() and interrupt_resume() a SIGINT, SIGTERM or
 * SIGHUP is only noted: the step polls interrupt_pending() and, when it is
 * set, undoes what it began instead of going on. interrupt_resume() puts
 * the earlier handlers back and, if a signal came, raises it again, so the
 * process still ends as the signal asked, but with the folder whole.
 */
void interrupt_defer(void);
/* The signal that came since interrupt_defer(), or 0. */
int interrupt_pending(void);
void interrupt_resume(void);

#endif
