/* preempt.h - preemption points of long kernel operations, and where a preempted one goes on. */
#ifndef KEEL_PREEMPT_H
#define KEEL_PREEMPT_H

#include "types.h"

/*
 * The kernel runs with interrupts masked on one stack, so a long operation (an unmap
 * over gigabytes, a revocation, a deletion) cannot be interrupted: it stops at a
 * preemption point instead, when an interrupt is pending, and goes on later where it
 * stopped. A system call stopped so runs again (syscall_restart()), from where its
 * struct resume says; a deletion stays queued (kobj.c). What the operation did so far
 * is never undone, and every unit of work it does is kept, so that it always gets done.
 */

/* A long operation returns this when it stopped at a preemption point (not an error
 * and not a result of any operation that can stop). */
#define PREEMPTED 1

/* About how many instructions a unit of work costs (preempt_point()'s @cost). */
enum preempt_cost {
	COST_SLOT = 16,	       /* looking at a capability slot or a page-table entry */
	COST_CAP = 80,	       /* removing a capability or changing its rights */
	COST_SCAN = 2000,      /* looking for the next mapped page (arch_vspace_next_mapped()) */
	COST_PAGE = 400,       /* unmapping, mapping or protecting a page */
	COST_SPLIT = 2000,     /* splitting a section into pages */
	COST_COALESCE = 20000, /* joining the pages of a MiB into larger ones */
	COST_THREAD = 300,     /* waking a thread, stopping one */
	COST_OBJECT = 1000,    /* the last step of an object's deletion, freeing it */
	COST_CHAR = 2000,      /* waiting for the UART to take a byte (check at once) */
};

/*
 * Where a preempted operation goes on: kept by the thread whose system call it is
 * (syscall_resume()) or by the object being deleted. All zero: from the start.
 */
struct resume {
	uintptr_t next; /* the next address or slot to work on */
	unsigned phase; /* the operation's own */
	unsigned walk;	/* the tree walk it started (tree_walk_going()), 0: none */
	uintptr_t mark; /* the operation's own (a map: the MiB it maps into, + 1) */
	long error;	/* the error to report at the end, as far as it got */
};

/* A fresh record: five stores (at -Os a struct assignment is a memset call, and every
 * map and unmap starts with one). */
static inline void resume_clear(struct resume *r)
{
	r->next = 0;
	r->phase = 0;
	r->walk = 0;
	r->mark = 0;
	r->error = 0;
}

struct thread;
struct syscall_restart;

/* Set when a preemption point found an interrupt pending (preempt_point()). */
extern bool preempt_flag;

/**
 * preempt_pending() - did an operation stop at a preemption point, so that the
 * interrupts must be handled before anything goes on? Inline: asked on every way out
 * of the kernel.
 */
static inline bool preempt_pending(void)
{
	return preempt_flag;
}

bool preempt_point(unsigned cost);
bool preempt_check_now(void);
void preempt_clear(void);
void preempt_set_floor(int prio);
bool preempt_stop_page(void);
void syscall_restart(struct thread *t);
struct syscall_restart *syscall_resume(struct thread *t);

#endif
