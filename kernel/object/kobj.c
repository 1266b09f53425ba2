/* kobj.c - object lifetime: deletion queue, destroy by type, freeing after the last reference. */
#include "object/kobj.h"
#include <l4/sys/abi/task.h>
#include "space/cap.h"
#include "object/debugger.h"
#include "object/factory.h"
#include "object/ipc_gate.h"
#include "object/irq.h"
#include "object/semaphore.h"
#include "mem/kmem.h"
#include "object/task.h"
#include "object/thread.h"
#include "sched/preempt.h"
#include "sched/sched.h"
#include "space/mapdb.h"

static struct kobj *reap_head, *reap_tail;
/* The reaper works at the highest priority of the threads whose operations gave it
 * work since it was last idle (-1: none), before any thread at or below that priority
 * returns to user mode; threads above it preempt it. */
static int reap_prio = -1;
/* While the reaper works, what it queues itself is part of that work. */
static bool reaping;
bool kobj_reap_queued;

/* The next identity to hand out. It wraps only after 2^32 - 16 objects were made; the
 * kernel's own objects keep theirs below L4_KEEL_OBJ_ID_FIRST. */
static uint32_t next_id = L4_KEEL_OBJ_ID_FIRST;

void kobj_init(struct kobj *o, enum kobj_type type, struct factory *payer, size_t size)
{
	o->type = type;
	o->id = next_id++;
	if (next_id == 0)
		next_id = L4_KEEL_OBJ_ID_FIRST;
	o->payer = payer;
	o->size = size;
	if (!payer)
		return;
	kobj_get(&payer->obj);
	o->paid_next = payer->paid;
	if (payer->paid)
		payer->paid->paid_prev = &o->paid_next;
	o->paid_prev = &payer->paid;
	payer->paid = o;
}

/* An object being deleted leaves its payer's list: the payer's deletion has nothing
 * more to do with it. A permanent one too, which is never deleted. */
static void unlink_from_payer(struct kobj *o)
{
	if (!o->paid_prev)
		return;
	*o->paid_prev = o->paid_next;
	if (o->paid_next)
		o->paid_next->paid_prev = o->paid_prev;
	o->paid_next = NULL;
	o->paid_prev = NULL;
}

void kobj_get(struct kobj *o)
{
	o->refs++;
}

/*
 * Free the memory of a deleted object nothing refers to any more.
 * Return: its payer, whose reference the freed object held (the caller drops it), or
 * NULL if nothing was freed or it had no payer.
 */
static struct kobj *free_if_unused(struct kobj *o)
{
	if (!o->destroyed || o->refs || o->caps_count)
		return NULL;
	struct factory *payer = o->payer;
	if (o->type == KOBJ_THREAD)
		thread_free((struct thread *)o);
	else if (o->type == KOBJ_FACTORY)
		factory_free((struct factory *)o);
	kmem_free(payer, o, o->size);
	return payer ? &payer->obj : NULL;
}

/**
 * kobj_put() - drop a kernel reference to @o; free it if it was the last one and @o
 * is deleted. Freeing an object drops its reference to its payer, which may free
 * the payer, and so on up a chain of factories as long as user space nested them:
 * a loop, never recursion, so that the chain costs no kernel stack.
 */
void kobj_put(struct kobj *o)
{
	while (o) {
		if (o->refs)
			o->refs--;
		o = free_if_unused(o);
	}
}

/**
 * kobj_reap_raise() - the running thread's operation gave the reaper work: the
 * reaper works at least at that thread's priority.
 */
void kobj_reap_raise(void)
{
	kobj_reap_queued = true;
	if (reaping)
		return;
	struct thread *t = current_thread();
	int prio = t ? (int)sched_effective_prio(t) : 0;
	if (prio > reap_prio)
		reap_prio = prio;
}

static void queue_tail(struct kobj *o)
{
	o->reap_next = NULL;
	if (reap_tail)
		reap_tail->reap_next = o;
	else
		reap_head = o;
	reap_tail = o;
}

/**
 * kobj_delete() - queue an object for deletion; kobj_reap() carries it out.
 * Deletion is queued, never recursive, so chains of objects that own each other
 * cannot exhaust the kernel stack. From now on no capability lookup finds the object
 * (cap_lookup()), and a thread never runs again.
 */
void kobj_delete(struct kobj *o)
{
	unlink_from_payer(o);
	if (o->permanent || o->deleted)
		return;
	o->deleted = true;
	debugger_forget(o);
	if (o->type == KOBJ_THREAD)
		thread_stop((struct thread *)o);
	queue_tail(o);
	kobj_reap_raise();
}

/* One step of an object's deletion: its capabilities go, then its type's destroy
 * function detaches it. Each may stop at a preemption point; called again, it goes on
 * (the progress is in the object). */
static enum kobj_progress reap_step(struct kobj *o)
{
	while (o->caps) {
		cap_remove(o->caps);
		if (preempt_point(COST_CAP))
			return KOBJ_AGAIN;
	}
	switch (o->type) {
	case KOBJ_TASK:
		return task_destroy((struct task *)o);
	case KOBJ_THREAD:
		return thread_destroy((struct thread *)o) ? KOBJ_DONE : KOBJ_AGAIN;
	case KOBJ_GATE:
		return ipc_gate_destroy((struct ipc_gate *)o) ? KOBJ_DONE : KOBJ_AGAIN;
	case KOBJ_IRQ:
		irq_object_destroy((struct irq_object *)o);
		return KOBJ_DONE;
	case KOBJ_FACTORY:
		return factory_destroy((struct factory *)o);
	case KOBJ_SEMAPHORE:
		return semaphore_destroy((struct semaphore *)o) ? KOBJ_DONE : KOBJ_AGAIN;
	default:
		return KOBJ_DONE;
	}
}

/* The reaper's work, first what replaced mappings left, then the queue in order. */
static bool reap_all(void)
{
	for (;;) {
		if (!mapdb_reap(preempt_stop_page))
			return false;
		struct kobj *o = reap_head;
		if (!o)
			return true;
		enum kobj_progress p = reap_step(o);
		if (p == KOBJ_AGAIN)
			return false;
		reap_head = o->reap_next;
		if (!reap_head)
			reap_tail = NULL;
		if (p == KOBJ_LATER) {
			queue_tail(o);
		} else {
			o->reap_next = NULL;
			o->destroyed = true;
			kobj_get(o);
			kobj_put(o); /* frees o if nothing else refers to it */
		}
		if (preempt_point(COST_OBJECT))
			return false;
	}
}

/**
 * kobj_reap_now() - should the reaper work now (kobj_reap_queued is set): is no
 * thread ready above the reaper's priority?
 */
bool kobj_reap_now(void)
{
	return reap_prio >= sched_highest_ready();
}

/**
 * kobj_reap() - delete queued objects (remove all capabilities, detach, free when
 * unreferenced) and remove what replaced mappings left, until done or a preemption
 * point stops it (an interrupt is pending or a thread above the reaper's priority
 * is ready): the scheduler then runs it again when the reaper's turn comes
 * (schedule_and_return()). Return: true when all is done.
 */
bool kobj_reap(void)
{
	preempt_set_floor(reap_prio);
	reaping = true;
	bool done = reap_all();
	reaping = false;
	preempt_set_floor(SCHED_PRIO_MAX);
	if (done) {
		reap_prio = -1;
		kobj_reap_queued = false;
	}
	return done;
}
