/* thread.h - a thread: user registers, UTCB, scheduling state. */
#ifndef KEEL_THREAD_H
#define KEEL_THREAD_H

#include "arch.h"
#include "kobj.h"
#include <l4/sys/utcb.h>

struct task;

enum thread_state {
	THREAD_INACTIVE,
	THREAD_READY,
	THREAD_SLEEPING, /* blocked in a receive with a timeout, or for ever */
	THREAD_STOPPED,	 /* halted after a fault nobody handles */
};

struct thread {
	struct arch_context ctx; /* first: entry.S stores into it */
	struct kobj obj;
	struct task *task;
	vaddr_t utcb_uaddr;
	l4_utcb_layout_t *utcb; /* kernel address of the UTCB */
	enum thread_state state;
	struct thread *next; /* ready queue or sleep list */
	time_us_t wakeup_us; /* 0 = sleeping for ever */
	unsigned id;
};

void thread_init(struct thread *t, struct task *task, vaddr_t utcb_uaddr, l4_utcb_layout_t *utcb);
void thread_invoke(struct thread *caller, struct cap *cap);

#endif
