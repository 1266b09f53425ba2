/* preempt.c - preemption points: does a long kernel operation stop here (an interrupt waits)? */
#include "sched/preempt.h"
#include "arch.h"
#include "debug/test_hooks.h"
#include "plat.h"
#include "sched/sched.h"
#include "string.h"

/* Work done since the interrupt controller was last asked, in preempt_cost units: it
 * is asked about every CHECK_EVERY instructions, not at every point (a device
 * register read costs more than a point's work). */
#define CHECK_EVERY 2000

static unsigned work;
bool preempt_flag;
/* A thread ready above this priority also stops the work (the reaper's priority). */
static int floor_prio = SCHED_PRIO_MAX;

/**
 * preempt_point() - a long operation did about @cost instructions of work since its
 * last point and is at a point where it can stop and go on later.
 * Return: true if it must stop now: an interrupt is pending (or a thread above the
 * priority preempt_set_floor() set is ready). Once true, true until preempt_clear().
 */
bool preempt_point(unsigned cost)
{
	if (preempt_flag)
		return true;
	work += cost;
	if (work < CHECK_EVERY)
		return false;
	work = 0;
	test_hooks_preempt_point();
	preempt_flag = plat_irq_pending() || sched_highest_ready() > floor_prio;
	return preempt_flag;
}

/**
 * preempt_check_now() - before a step of much work that has no preemption point of
 * its own (a fault report on the console): is an interrupt pending now, whatever
 * the work counted since the last check? Not a point test=preempt_irq makes an
 * interrupt pending at: that would stop the step for ever. Return: as
 * preempt_point().
 */
bool preempt_check_now(void)
{
	work = 0;
	preempt_flag = preempt_flag || plat_irq_pending();
	return preempt_flag;
}

/**
 * preempt_clear() - the interrupts are being handled: operations may go on.
 */
void preempt_clear(void)
{
	preempt_flag = false;
	work = 0;
}

/**
 * preempt_set_floor() - work done now on behalf of threads of priority @prio: a thread
 * above it that becomes ready stops it too (SCHED_PRIO_MAX: only interrupts do).
 */
void preempt_set_floor(int prio)
{
	floor_prio = prio;
}

/**
 * preempt_stop_page() - the stop function of the walks over mapping trees
 * (tree_remove_below(), tree_walk_run()): a preemption point after a page's work.
 */
bool preempt_stop_page(void)
{
	return preempt_point(COST_PAGE);
}

/**
 * syscall_restart() - @t's system call stopped at a preemption point: t runs it again
 * when it next runs (its registers are unchanged), and it goes on from t->restart.
 */
void syscall_restart(struct thread *t)
{
	t->restart.ip = arch_ctx_ip(&t->ctx);
	t->restart.capword = arch_ctx_syscall_cap(&t->ctx);
	arch_ctx_restart_syscall(&t->ctx);
	t->alien_syscall_allowed = t->alien; /* an alien's allowed call stays allowed */
	if (t->kipc == KIPC_ALIEN_AFTER)
		t->kipc = KIPC_NONE; /* not done: no after-exception before it is */
}

/**
 * syscall_resume() - where @t's system call starts: its restart record if it is the
 * call that syscall_restart() made run again (the same ip and capability word), else
 * a fresh, zeroed one. The record is valid for one run only.
 */
struct syscall_restart *syscall_resume(struct thread *t)
{
	struct syscall_restart *r = &t->restart;
	if (r->ip != arch_ctx_ip(&t->ctx) || r->capword != arch_ctx_syscall_cap(&t->ctx)) {
		r->capword = 0;
		r->item = 0;
		r->fpage = 0;
		resume_clear(&r->at);
	}
	r->ip = 0;
	return r;
}
