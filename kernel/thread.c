/* thread.c - thread objects and their operations. */
#include "thread.h"
#include "sched.h"
#include "string.h"
#include "syscall.h"
#include <l4/sys/err.h>

static unsigned next_thread_id = 1;

/**
 * thread_init() - a new inactive thread in @task with its UTCB at @utcb_uaddr
 * (kernel address @utcb).
 */
void thread_init(struct thread *t, struct task *task, vaddr_t utcb_uaddr, l4_utcb_layout_t *utcb)
{
	memset(t, 0, sizeof(*t));
	t->obj.type = KOBJ_THREAD;
	t->obj.refcount = 1;
	t->task = task;
	t->utcb_uaddr = utcb_uaddr;
	t->utcb = utcb;
	t->state = THREAD_INACTIVE;
	t->id = next_thread_id++;
}

static long thread_set_tpidruro(struct thread *target, struct thread *caller)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	target->ctx.tpidruro = caller->utcb->mr[1];
	if (target == current_thread())
		arch_thread_switch_registers(&target->ctx);
	return 0;
}

/**
 * thread_invoke() - an invocation of a thread capability (protocol THREAD).
 * Modifying operations need the W right.
 */
void thread_invoke(struct thread *caller, struct cap *cap)
{
	struct thread *target = (struct thread *)((char *)cap->obj - offsetof(struct thread, obj));
	long result;
	if (syscall_label(caller) != L4_PROTO_THREAD)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else if ((caller->utcb->mr[0] & L4_THREAD_OPCODE_MASK) == L4_THREAD_ARM_TPIDRURO_OP)
		result = thread_set_tpidruro(target, caller);
	else
		result = -L4_ENOSYS;
	syscall_reply(caller, result);
}
