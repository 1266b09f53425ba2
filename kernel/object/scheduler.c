/* scheduler.c - scheduler objects: start threads at a priority within a range, with a quantum. */
#include "object/scheduler.h"
#include <l4/sys/abi/task.h>
#include "sched/sched.h"
#include "ipc/syscall.h"
#include "mem/kmem.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <l4/sys/abi/scheduler.h>

struct scheduler kernel_scheduler = {
    .obj = {.type = KOBJ_SCHEDULER, .id = L4_KEEL_OBJ_ID_SCHEDULER, .permanent = true},
    .base = 0,
    .limit = SCHED_PRIO_MAX};

/**
 * scheduler_create() - a scheduler for priorities @base + p up to @limit, made by
 * @payer from @parent, a scheduler whose range holds [@base, @limit] (as L4Re's moe
 * makes scheduler proxies: -L4_ERANGE outside it, -L4_EINVAL if @limit <= @base).
 * Return: 0 with the object in *@out, or a negative error.
 */
long scheduler_create(struct factory *payer, struct kobj *parent, l4_umword_t limit,
		      l4_umword_t base, struct kobj **out)
{
	if (!parent || parent->type != KOBJ_SCHEDULER)
		return -L4_EINVAL;
	struct scheduler *p = (struct scheduler *)parent;
	if (limit > p->limit || base < p->base || base > p->limit)
		return -L4_ERANGE;
	if (limit <= base)
		return -L4_EINVAL;
	struct scheduler *s = kmem_alloc(payer, sizeof(*s));
	if (!s)
		return -L4_ENOMEM;
	kobj_init(&s->obj, KOBJ_SCHEDULER, payer, sizeof(*s));
	s->base = (unsigned)base;
	s->limit = (unsigned)limit;
	*out = &s->obj;
	return 0;
}

/*
 * The priority @prio (0-255) asks for through @s: base + prio, at most the limit.
 * Return: it, or 0 if there is none (a priority above 255, or 0 through the kernel's
 * scheduler).
 */
static unsigned effective_prio(const struct scheduler *s, l4_umword_t prio)
{
	if (prio > SCHED_PRIO_MAX)
		return 0;
	return prio > s->limit - s->base ? s->limit : s->base + (unsigned)prio;
}

/* mr1 affinity, mr2 CPU map, mr3 priority, mr4 quantum (us), item: the thread, with
 * S (as a thread argument everywhere: it decides when and how often the thread runs). */
static long run_thread(struct thread *caller, struct cap *cap)
{
	l4_umword_t *mr = caller->utcb->mr;
	if (!(cap->rights & CAP_RIGHT_W))
		return -L4_EPERM;
	if (syscall_words(caller) < 5)
		return -L4_EMSGTOOSHORT;
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_THREAD, CAP_ARG_THREAD, &o);
	if (err)
		return err;
	unsigned prio = effective_prio((struct scheduler *)cap->obj, mr[3]);
	if (prio < 1 || !(mr[2] & 1) || mr[4] > SCHED_QUANTUM_MAX_US)
		return -L4_EINVAL;
	struct thread *t = (struct thread *)o;
	t->prio = prio;
	t->quantum_us = mr[4] ? mr[4] : SCHED_QUANTUM_US;
	if (t->quantum_us < SCHED_QUANTUM_MIN_US)
		t->quantum_us = SCHED_QUANTUM_MIN_US;
	t->remaining_us = (int32_t)t->quantum_us;
	t->scheduled = true;
	sched_requeue(t);
	thread_try_start(t);
	return 0;
}

/**
 * scheduler_invoke() - protocol SCHEDULER: INFO (one CPU), RUN_THREAD, IDLE_TIME.
 */
void scheduler_invoke(struct thread *caller, struct cap *cap)
{
	l4_umword_t *mr = caller->utcb->mr;
	long result;
	if (syscall_label(caller) != L4_PROTO_SCHEDULER) {
		result = -L4_EBADPROTO;
	} else if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (mr[0] == L4_SCHEDULER_RUN_THREAD_OP) {
		result = run_thread(caller, cap);
	} else if (mr[0] == L4_SCHEDULER_INFO_OP) {
		mr[0] = 1; /* CPU map: CPU 0 */
		mr[1] = 1; /* number of CPUs */
		syscall_reply_words(caller, 0, 2);
		return;
	} else if (mr[0] == L4_SCHEDULER_IDLE_TIME_OP) {
		uint64_t idle = sched_idle_time();
		mr[0] = (l4_umword_t)idle;
		mr[1] = (l4_umword_t)(idle >> 32);
		syscall_reply_words(caller, 0, 2);
		return;
	} else {
		result = -L4_ENOSYS;
	}
	syscall_reply(caller, result);
}
