/* sched.h - fixed-priority preemptive round-robin scheduling, timeouts and idling. */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include "object/thread.h"

#define SCHED_PRIO_MAX	 255
#define SCHED_QUANTUM_US 10000
/* The longest quantum run_thread accepts: the remaining slice is a signed 32-bit
 * count of microseconds, which a longer one would overflow (about 18 minutes). */
#define SCHED_QUANTUM_MAX_US (1u << 30)
/* The shortest: a slice must be long against the cost of the timer interrupt that ends
 * it, or the kernel does little but end slices (a shorter one asked for is this). */
#define SCHED_QUANTUM_MIN_US 100
#define ROOT_THREAD_PRIO     100

/* The thread running (or about to run), NULL while idle; sched.c alone writes it. */
extern struct thread *sched_current;
/* Counts the changes of the ready queues: a system call that made none may return
 * straight into its thread (to_user.c's return_or_schedule()). */
extern uint32_t sched_queue_changes;

static inline struct thread *current_thread(void)
{
	return sched_current;
}

void sched_make_ready(struct thread *t);
void sched_block(struct thread *t);
void sched_requeue(struct thread *t);
void sched_yield(struct thread *t);
void sched_switch_to(struct thread *from, struct thread *to);
void sched_forget(struct thread *t);
unsigned sched_effective_prio(const struct thread *t);
time_us_t sched_consumed_time(const struct thread *t);
void sched_set_timeout(struct thread *t, time_us_t at);
void sched_clear_timeout(struct thread *t);
void sched_tick(void);
time_us_t sched_idle_time(void);
void sched_set_exit_when_idle(bool exit_when_idle);
struct thread *sched_pick(void);
int sched_highest_ready(void);
void sched_set_current(struct thread *next);
struct thread *sched_interrupt_switch(struct thread *cur);

#endif
