/* thread.c - thread objects: creation, binding, control, ex_regs, switch, stats, deletion. */
#include "object/thread.h"
#include "object/factory.h"
#include "ipc/ipc.h"
#include "mem/kmem.h"
#include "sched/sched.h"
#include "string.h"
#include "ipc/syscall.h"
#include "object/task.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/thread.h>

static unsigned next_thread_id = 1;

/**
 * thread_create() - a new thread, not bound to a task, charged to @payer.
 */
struct thread *thread_create(struct factory *payer)
{
	struct thread *t = kmem_alloc(payer, sizeof(*t));
	if (!t)
		return NULL;
	kobj_init(&t->obj, KOBJ_THREAD, payer, sizeof(*t));
	t->id = next_thread_id++;
	t->state = THREAD_INACTIVE;
	t->prio = 1;
	t->quantum_us = SCHED_QUANTUM_US;
	t->pager_slot = L4_INVALID_CAP >> L4_CAP_SHIFT;
	t->exc_handler_slot = L4_INVALID_CAP >> L4_CAP_SHIFT;
	arch_ctx_init_user(&t->ctx, 0, 0);
	return t;
}

/**
 * thread_bind() - bind @t to @task with its UTCB at @utcb_uaddr (a slot of the
 * task's UTCB area; its page comes now if it is the first use).
 * Return: 0, -L4_EINVAL if @t is bound or the address is not such a slot, -L4_ENOMEM.
 */
long thread_bind(struct thread *t, struct task *task, vaddr_t utcb_uaddr)
{
	void *utcb;
	if (t->task)
		return -L4_EINVAL;
	long err = task_utcb_slot(task, utcb_uaddr, &utcb);
	if (err)
		return err;
	t->task = task;
	kobj_get(&task->obj);
	t->task_next = task->threads;
	if (task->threads)
		task->threads->task_pprev = &t->task_next;
	task->threads = t;
	t->task_pprev = &task->threads;
	t->utcb_uaddr = utcb_uaddr;
	t->utcb = utcb;
	arch_ctx_set_utcb_pointer(&t->ctx, utcb_uaddr);
	return 0;
}

/**
 * thread_try_start() - a thread runs once it is bound, has an ip (ex_regs) and
 * was given to the scheduler (run_thread).
 */
void thread_try_start(struct thread *t)
{
	if (t->state == THREAD_INACTIVE && t->task && t->started && t->scheduled)
		sched_make_ready(t);
}

/**
 * thread_stop() - a thread is queued for deletion (kobj_delete()): it never runs
 * again, at once, while the rest of its deletion may wait for the reaper.
 */
void thread_stop(struct thread *t)
{
	ipc_leave_wait_queue(t);
	sched_block(t);
	sched_clear_timeout(t);
	t->state = THREAD_DEAD;
}

/**
 * thread_unlist() - take @t off its task's list of threads (if it is on it).
 */
void thread_unlist(struct thread *t)
{
	if (!t->task_pprev)
		return;
	*t->task_pprev = t->task_next;
	if (t->task_next)
		t->task_next->task_pprev = t->task_pprev;
	t->task_next = NULL;
	t->task_pprev = NULL;
}

/**
 * thread_destroy() - detach a thread being deleted from IPC, the scheduler and
 * its task. Its memory goes when the last reference does.
 * Return: true when done; false if it stopped at a preemption point (call again).
 */
bool thread_destroy(struct thread *t)
{
	thread_stop(t);
	arch_fpu_release(&t->fpu);
	if (!ipc_thread_dying(t))
		return false;
	struct task *task = t->task;
	if (task) {
		thread_unlist(t);
		t->task = NULL;
		kobj_put(&task->obj);
	}
	return true;
}

/**
 * thread_free() - last moment before the memory goes: no scheduler reference may
 * remain (the running thread may delete itself).
 */
void thread_free(struct thread *t)
{
	sched_forget(t);
}

/* CONTROL: mr0 flags, mr1 pager, mr2 exception handler, mr4 flag values,
 * mr5 UTCB address, item at mr6: the task to bind to, with S (the thread will act
 * with all of that task's capabilities and memory). */
static long thread_control(struct thread *caller, struct thread *t)
{
	l4_umword_t *mr = caller->utcb->mr;
	l4_umword_t flags = mr[0];
	if (syscall_words(caller) < 6)
		return -L4_EMSGTOOSHORT;
	if (flags & L4_THREAD_CONTROL_BIND_TASK) {
		struct kobj *o;
		long err = syscall_arg(caller, 0, KOBJ_TASK, CAP_ARG_TASK, &o);
		if (err)
			return err;
		err = thread_bind(t, (struct task *)o, mr[5]);
		if (err)
			return err;
	}
	if (flags & L4_THREAD_CONTROL_SET_PAGER)
		t->pager_slot = mr[1] >> L4_CAP_SHIFT;
	if (flags & L4_THREAD_CONTROL_SET_EXC_HANDLER)
		t->exc_handler_slot = mr[2] >> L4_CAP_SHIFT;
	if (flags & L4_THREAD_CONTROL_ALIEN)
		t->alien = (mr[4] & L4_THREAD_CONTROL_ALIEN) != 0;
	thread_try_start(t);
	return 0;
}

/* EX_REGS: mr0 flags, mr1 ip, mr2 sp (~0: keep); replies old flags, ip, sp. */
static void thread_ex_regs(struct thread *caller, struct thread *t)
{
	l4_umword_t *mr = caller->utcb->mr;
	l4_umword_t flags = mr[0], ip = mr[1], sp = mr[2];
	if (syscall_words(caller) < 3) {
		syscall_reply(caller, -L4_EMSGTOOSHORT);
		return;
	}
	if (!t->task) {
		syscall_reply(caller, -L4_EINVAL);
		return;
	}
	l4_umword_t old_ip = arch_ctx_user_ip(&t->ctx);
	l4_umword_t old_sp = arch_ctx_sp(&t->ctx), old_flags = arch_ctx_user_flags(&t->ctx);
	if (flags & L4_THREAD_EX_REGS_CANCEL)
		ipc_cancel(t);
	if (ip != ~0ul && t->kipc == KIPC_ALIEN_AFTER)
		t->kipc = KIPC_NONE; /* its system call is abandoned: no after-exception */
	if ((flags & L4_THREAD_EX_REGS_TRIGGER_EXCEPTION) && t->kipc == KIPC_NONE)
		t->kipc = KIPC_TRIGGER; /* schedule_and_return() makes it */
	else if (flags & L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)
		t->exc_triggered = true; /* after the call in progress (fault_resume()) */
	if (ip != ~0ul) {
		arch_ctx_set_user_ip(&t->ctx, ip);
		t->restart.ip = 0; /* not at a system call to run again any more */
	}
	if (sp != ~0ul)
		arch_ctx_set_sp(&t->ctx, sp);
	if (ip != ~0ul) {
		t->started = true;
		thread_try_start(t);
	}
	mr[0] = old_flags;
	mr[1] = old_ip;
	mr[2] = old_sp;
	syscall_reply_words(caller, 0, 3);
}

static long thread_stats(struct thread *caller, struct thread *t)
{
	time_us_t us = sched_consumed_time(t);
	caller->utcb->mr[0] = (l4_umword_t)us;
	caller->utcb->mr[1] = (l4_umword_t)(us >> 32);
	return 2;
}

/**
 * thread_invoke() - protocol THREAD. All operations but STATS need W.
 */
void thread_invoke(struct thread *caller, struct cap *cap)
{
	struct thread *t = (struct thread *)cap->obj;
	l4_umword_t *mr = caller->utcb->mr;
	unsigned op = syscall_words(caller) ? mr[0] & L4_THREAD_OPCODE_MASK : ~0u;
	long result;
	if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (op == L4_THREAD_STATS_OP) {
		syscall_reply_words(caller, 0, (unsigned)thread_stats(caller, t));
		return;
	} else if (!(cap->rights & CAP_RIGHT_W)) {
		result = -L4_EPERM;
	} else if (op == L4_THREAD_CONTROL_OP) {
		result = thread_control(caller, t);
	} else if (op == L4_THREAD_EX_REGS_OP) {
		thread_ex_regs(caller, t);
		return;
	} else if (op == L4_THREAD_SWITCH_OP) {
		sched_switch_to(caller, t);
		result = 0;
	} else {
		result = arch_thread_invoke(caller, t, op);
	}
	syscall_reply(caller, result);
}
