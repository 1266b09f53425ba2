/* scheduler.h - ABI constants of the scheduler object: opcodes. */
#ifndef L4_SYS_ABI_SCHEDULER_H
#define L4_SYS_ABI_SCHEDULER_H

/* Scheduler opcodes (mr0). */
enum l4_scheduler_ops_t {
	L4_SCHEDULER_INFO_OP = 0UL,
	L4_SCHEDULER_RUN_THREAD_OP = 1UL,
	L4_SCHEDULER_IDLE_TIME_OP = 2UL,
};

#endif
