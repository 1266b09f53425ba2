/* kobj.c - object lifetime: deletion queue, destroy by type, freeing after the last reference. */
#include "object/kobj.h"
#include "space/cap.h"
#include "object/factory.h"
#include "object/ipc_gate.h"
#include "object/irq.h"
#include "mem/kmem.h"
#include "object/task.h"
#include "object/thread.h"

static struct kobj *reap_head, *reap_tail;

void kobj_init(struct kobj *o, enum kobj_type type, struct factory *payer, size_t size)
{
	o->type = type;
	o->payer = payer;
	o->size = size;
	if (payer)
		kobj_get(&payer->obj);
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
 * kobj_delete() - queue an object for deletion; kobj_reap() carries it out.
 * Deletion is queued, never recursive, so chains of objects that own each other
 * cannot exhaust the kernel stack.
 */
void kobj_delete(struct kobj *o)
{
	if (o->permanent || o->deleted)
		return;
	o->deleted = true;
	if (reap_tail)
		reap_tail->reap_next = o;
	else
		reap_head = o;
	reap_tail = o;
}

static void destroy(struct kobj *o)
{
	switch (o->type) {
	case KOBJ_TASK:
		task_destroy((struct task *)o);
		break;
	case KOBJ_THREAD:
		thread_destroy((struct thread *)o);
		break;
	case KOBJ_GATE:
		ipc_gate_destroy((struct ipc_gate *)o);
		break;
	case KOBJ_IRQ:
		irq_object_destroy((struct irq_object *)o);
		break;
	default:
		break;
	}
}

/**
 * kobj_reap() - delete every queued object: remove all its capabilities, detach it
 * (type's destroy), and free it when unreferenced. Runs before each return to user.
 */
void kobj_reap(void)
{
	while (reap_head) {
		struct kobj *o = reap_head;
		reap_head = o->reap_next;
		if (!reap_head)
			reap_tail = NULL;
		o->reap_next = NULL;
		kobj_get(o); /* the reaper's reference while it takes o apart */
		cap_remove_all(o);
		destroy(o);
		o->destroyed = true;
		kobj_put(o); /* frees o if nothing else refers to it */
	}
}
