/* thread.h - a thread: user registers, UTCB, scheduling and IPC state. */
#ifndef KEEL_THREAD_H
#define KEEL_THREAD_H

#include "arch.h"
#include "space/cap.h"
#include "sched/timeout.h"
#include "sched/preempt.h"
#include <l4/sys/utcb.h>

struct task;
struct factory;
struct ipc_gate;
struct rcv_ep;
struct irq_object;

enum thread_state {
	THREAD_INACTIVE, /* not bound, not started or not scheduled yet */
	THREAD_READY,	 /* in the ready queue (the running thread too) */
	THREAD_BLOCKED,	 /* in an IPC (see ipc_state) or sleeping */
	THREAD_STOPPED,	 /* halted after a fault nobody handles */
	THREAD_DEAD,	 /* destroyed, memory not yet freed */
};

enum ipc_state {
	IPC_IDLE,
	IPC_SENDING,   /* queued at partner (or at an unbound gate) */
	IPC_RECEIVING, /* waiting: openly, or for partner only (closed) */
};

struct thread {
	struct kobj obj;
	struct arch_context ctx;
	struct arch_fpu_state fpu;
	struct task *task;			/* bound task (a reference) */
	struct thread *task_next, **task_pprev; /* the task's threads (pprev NULL: not listed) */
	vaddr_t utcb_uaddr;
	l4_utcb_layout_t *utcb; /* kernel address of the UTCB */
	enum thread_state state;
	unsigned id;

	/* Scheduling. */
	unsigned prio;	      /* base priority 1..255 */
	unsigned queued_prio; /* effective priority it is queued at */
	uint32_t quantum_us;  /* time slice */
	int32_t remaining_us; /* left of the current slice */
	bool started;	      /* ex_regs gave it an ip */
	bool exc_triggered;   /* ... while a kernel-made call was in progress */
	bool scheduled;	      /* the scheduler's run_thread was called */
	struct thread *rq_next, *rq_prev;
	time_us_t consumed_us;

	/* Deadline of a blocked IPC or sleep (sched.c's list). */
	struct timeout timeout;

	/* IPC. */
	enum ipc_state ipc_state;
	struct thread *partner;	     /* sending to / receiving (closed) from */
	bool recv_open;		     /* receiving from anyone */
	struct irq_object *recv_irq; /* in l4_irq_receive(): from this IRQ only (irq.c) */
	struct ipc_gate *send_gate;  /* queued at this unbound gate */
	struct thread **sem_queue;   /* waiting in a semaphore's down, in this queue */
	struct thread *senders;	     /* threads queued to send to this one */
	struct thread *send_next, *send_prev;
	/* The queue is kept as runs of equal priority (send_prio, taken when queued):
	 * a run's first thread knows its last one and the next run's first, so that
	 * queueing and dequeueing walk runs (at most one per priority), not threads. */
	struct thread *run_next, *run_last;
	unsigned send_prio;
	uint32_t send_tag;	 /* message tag of the pending send */
	uint32_t send_label;	 /* label the receiver will see */
	uint32_t send_flags;	 /* operation flags of the pending send */
	uint32_t recv_timeout;	 /* receive-phase timeout of a queued call */
	struct thread *reply_to; /* caller waiting for this thread's reply */
	/* Threads in a closed receive from this one, and callers that wait for its reply
	 * but lost their reply capability to a newer caller: its deletion wakes them. */
	struct thread *waiters, *wait_next, **wait_pprev;
	/* Counts the ends of this thread's receives (ipc_wake()), so that the cursor of a
	 * transfer into it that stopped (xfer) belongs to one receive only. */
	unsigned rcv_seq;
	/* A transfer of this thread's message that stopped at a preemption point (in its
	 * memory items) goes on from here when it runs into the same receive again: the
	 * receiver's id and rcv_seq, the items done, where the next one's map stands. */
	struct {
		unsigned to_id, to_seq;
		unsigned item;
		struct resume at;
	} xfer;
	struct rcv_ep *endpoints;	 /* gates and IRQs bound to this thread */
	struct irq_object *irqs_pending; /* those of them that are pending (irq.c) */

	/* Fault handling: page faults and exceptions become calls to these. */
	unsigned long pager_slot;
	unsigned long exc_handler_slot;
	bool alien;
	bool alien_syscall_allowed; /* the handler said: execute this one */
	enum {
		KIPC_NONE,
		KIPC_PAGE_FAULT,
		KIPC_EXCEPTION,
		KIPC_TRIGGER,	  /* ex_regs asked for an exception: made on its way out */
		KIPC_ALIEN_AFTER, /* an alien's allowed system call runs: when it is done
				   * (IPC idle), its after-exception is made on its way out */
	} kipc;			  /* a kernel-made call in progress */
	bool kipc_unsaved;	  /* ... made by the fast path: the UTCB untouched, not saved */
	uint32_t fault_addr, fault_err;
	struct {
		l4_umword_t msg_info, label; /* the result registers */
		unsigned words;		     /* of mr: what the call's message needed */
		l4_umword_t mr[sizeof(l4_exc_regs_t) / sizeof(l4_umword_t)];
		l4_umword_t bdr, br0, error;
	} kipc_saved; /* what the kernel-made call overwrote */

	/* A system call that stopped at a preemption point runs again (syscall_restart());
	 * this says where it goes on. It belongs to the invocation at ip with capword, of
	 * message word item holding fpage (syscall_resume()). */
	vaddr_t syscall_ip; /* where its last system call (slow path) returns to */
	struct syscall_restart {
		vaddr_t ip;
		uint32_t capword;
		unsigned item;
		uint32_t fpage;
		struct resume at;
	} restart;
};

struct thread *thread_create(struct factory *payer);
bool thread_destroy(struct thread *t);
void thread_free(struct thread *t);
void thread_stop(struct thread *t);
void thread_unlist(struct thread *t);
void thread_invoke(struct thread *caller, struct cap *cap);
long thread_bind(struct thread *t, struct task *task, vaddr_t utcb_uaddr);
void thread_try_start(struct thread *t);

#endif
