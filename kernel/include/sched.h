/* sched.h - choosing which thread runs: ready queue, sleepers, idle. */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include "thread.h"

/* Microseconds between timer interrupts. */
#define SCHED_TICK_US 10000

struct thread *current_thread(void);
void sched_make_ready(struct thread *t);
void sched_remove(struct thread *t);
void sched_sleep(struct thread *t, time_us_t duration_us);
void sched_tick(void);
void sched_set_exit_when_idle(bool exit_when_idle);
NORETURN void schedule_and_return(void);

#endif
