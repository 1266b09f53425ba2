/* sched.h - fixed-priority preemptive round-robin scheduling, timeouts and idling. */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include "object/thread.h"

struct task;

#define SCHED_PRIO_MAX	 255
#define SCHED_QUANTUM_US 10000
#define ROOT_THREAD_PRIO 100

struct thread *current_thread(void);
void sched_make_ready(struct thread *t);
void sched_block(struct thread *t);
void sched_requeue(struct thread *t);
void sched_yield(struct thread *t);
void sched_switch_to(struct thread *from, struct thread *to);
void sched_forget(struct thread *t);
unsigned sched_effective_prio(const struct thread *t);
void sched_forget_space(struct task *t);
time_us_t sched_running_time(void);
void sched_set_timeout(struct thread *t, time_us_t at);
void sched_clear_timeout(struct thread *t);
void sched_tick(void);
time_us_t sched_idle_time(void);
void sched_set_exit_when_idle(bool exit_when_idle);
NORETURN void schedule_and_return(void);

#endif
