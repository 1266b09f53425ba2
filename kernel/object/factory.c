/* factory.c - factories: kernel-memory quotas and the create operation. */
#include "object/factory.h"
#include <l4/sys/abi/task.h>
#include "object/ipc_gate.h"
#include "object/irq.h"
#include "object/scheduler.h"
#include "object/semaphore.h"
#include "boot/kip.h"
#include "mem/kmem.h"
#include "ipc/syscall.h"
#include "object/task.h"
#include "object/thread.h"
#include "sched/preempt.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/factory.h>

/* Unlimited while the kernel boots: its allocations for the root task are charged. */
struct factory root_factory = {
    .obj = {.type = KOBJ_FACTORY, .id = L4_KEEL_OBJ_ID_FACTORY, .permanent = true},
    .limit = SIZE_MAX};

/**
 * factory_init_root() - at the end of boot: the root factory may hand out exactly the
 * kernel memory that is free now, on top of what it used for the root task. The boot's
 * own uncharged pages (the KIP, the root task's image) are gone already, so that the
 * quotas of all factories together never promise more memory than there is.
 */
void factory_init_root(void)
{
	root_factory.limit = root_factory.used + kmem_free_bytes();
}

/**
 * factory_charge() - take @bytes from the quota. Return: 0, or -1 if over it.
 */
int factory_charge(struct factory *f, size_t bytes)
{
	if (bytes > f->limit - f->used)
		return -1;
	f->used += bytes;
	return 0;
}

void factory_uncharge(struct factory *f, size_t bytes)
{
	f->used -= bytes < f->used ? bytes : f->used;
}

/* A child factory's limit counts against its parent (its payer) until it is freed. */
static struct factory *factory_create(struct factory *parent, size_t limit)
{
	if (factory_charge(parent, limit) != 0)
		return NULL;
	struct factory *f = kmem_alloc(parent, sizeof(*f));
	if (!f) {
		factory_uncharge(parent, limit);
		return NULL;
	}
	kobj_init(&f->obj, KOBJ_FACTORY, parent, sizeof(*f));
	f->limit = limit;
	return f;
}

/**
 * factory_destroy() - a deleted factory deletes every object it paid for, so that
 * its parent gets the whole quota back even from objects that keep themselves alive
 * (a task holding the only capability to itself, threads bound into it). Each
 * deletion is queued (kobj_delete() takes the object off the list); a child factory
 * does the same for its own objects when its turn comes, so nesting costs no stack.
 * Return: KOBJ_AGAIN at a preemption point, KOBJ_DONE when the list is empty.
 */
enum kobj_progress factory_destroy(struct factory *f)
{
	while (f->paid) {
		kobj_delete(f->paid);
		if (preempt_point(COST_OBJECT))
			return KOBJ_AGAIN;
	}
	return KOBJ_DONE;
}

void factory_free(struct factory *f)
{
	if (f->obj.payer)
		factory_uncharge(f->obj.payer, f->limit);
}

/**
 * factory_install_cap() - give the caller a capability with all rights to a new
 * object in @slot (emptied first if occupied).
 * Return: 0, or -L4_ENOMEM / -L4_ERANGE; the object is then deleted again.
 */
int factory_install_cap(struct thread *caller, unsigned long slot, struct kobj *obj)
{
	struct cap *c = slot < CAP_SLOTS_MAX ? cap_slot(caller->task, slot, true) : NULL;
	if (!c) {
		kobj_delete(obj);
		return slot < CAP_SLOTS_MAX ? -L4_ENOMEM : -L4_ERANGE;
	}
	if (c->obj)
		cap_remove(c);
	cap_install(c, obj, CAP_RIGHTS_ALL, NULL);
	return 0;
}

/* What the first typed argument after the protocol word is. */
enum varg_result {
	VARG_NONE, /* the message has no argument */
	VARG_OK,   /* a one-word value of the type asked for */
	VARG_BAD,  /* another type, or a size that is not one word or not in the message */
};

/*
 * Typed argument @n (0-based) after the protocol word (header type | size << 16, then
 * the value) as a one-word value of @type. The kernel takes no other arguments, so
 * every argument is two words and argument @n starts at word 1 + 2n; a string, a
 * longer value or a size beyond the message is refused rather than read as its first
 * word.
 */
static enum varg_result varg(struct thread *caller, unsigned n, unsigned type, l4_umword_t *value)
{
	unsigned words = syscall_words(caller), idx = 1 + 2 * n;
	if (words <= idx)
		return VARG_NONE;
	l4_umword_t hdr = caller->utcb->mr[idx];
	if (words < idx + 2 || (hdr & 0xff) != type || (hdr >> 16) != sizeof(l4_umword_t))
		return VARG_BAD;
	*value = caller->utcb->mr[idx + 1];
	return VARG_OK;
}

/* An integer argument: L4Re's creators take signed and unsigned words alike. */
static bool varg_int(struct thread *caller, unsigned n, l4_umword_t *value)
{
	return varg(caller, n, L4_VARG_TYPE_UMWORD, value) == VARG_OK ||
	       varg(caller, n, L4_VARG_TYPE_MWORD, value) == VARG_OK;
}

static long create_task(struct thread *caller, struct factory *f, struct kobj **out)
{
	l4_umword_t raw;
	if (varg(caller, 0, L4_VARG_TYPE_FPAGE, &raw) != VARG_OK)
		return -L4_EINVAL;
	l4_fpage_t fp = {raw};
	unsigned order = l4_fpage_size(fp);
	vaddr_t base = l4_fpage_memaddr(fp);
	if (l4_fpage_type(fp) != L4_FPAGE_MEMORY || !task_ku_fpage_ok(base, order))
		return -L4_EINVAL;
	struct task *t = task_create(f, base, order);
	*out = t ? &t->obj : NULL;
	return t ? 0 : -L4_ENOMEM;
}

/* An IPC gate with a label; bound at once to the thread of the item, if any, which
 * needs S as a bind does (rcv_ep_bind_args()). */
static long create_gate(struct thread *caller, struct factory *f, struct kobj **out)
{
	l4_umword_t label = 0;
	if (varg(caller, 0, L4_VARG_TYPE_UMWORD, &label) == VARG_BAD)
		return -L4_EINVAL;
	struct thread *bind_to = NULL;
	if (syscall_items(caller) > 0) {
		struct kobj *o;
		long err = syscall_arg(caller, 0, KOBJ_THREAD, CAP_ARG_THREAD, &o);
		if (err)
			return err;
		bind_to = (struct thread *)o;
	}
	struct ipc_gate *g = ipc_gate_create(f, label);
	if (!g)
		return -L4_ENOMEM;
	if (bind_to)
		ipc_gate_bind(g, bind_to, label); /* a new gate: no message to stop in */
	*out = &g->ep.obj;
	return 0;
}

/* Limit and base (L4Re's order), item: the scheduler whose range holds them. */
static long create_scheduler(struct thread *caller, struct factory *f, struct kobj **out)
{
	l4_umword_t limit, base;
	if (!varg_int(caller, 0, &limit) || !varg_int(caller, 1, &base) ||
	    syscall_items(caller) < 1)
		return -L4_EINVAL;
	struct kobj *parent;
	long err = syscall_arg(caller, 0, KOBJ_SCHEDULER, CAP_ARG_SCHEDULER, &parent);
	if (err)
		return err;
	return scheduler_create(f, parent, limit, base, out);
}

static long create_object(struct thread *caller, struct factory *f, long proto, struct kobj **out)
{
	l4_umword_t limit;
	struct thread *t;
	struct factory *nf;
	struct irq_object *irq;
	struct semaphore *sem;
	switch (proto) {
	case L4_PROTO_TASK:
		return create_task(caller, f, out);
	case L4_PROTO_THREAD:
		t = thread_create(f);
		*out = t ? &t->obj : NULL;
		return t ? 0 : -L4_ENOMEM;
	case 0:
	case L4_PROTO_KOBJECT:
		return create_gate(caller, f, out);
	case L4_PROTO_FACTORY:
		if (varg(caller, 0, L4_VARG_TYPE_UMWORD, &limit) != VARG_OK)
			return -L4_EINVAL;
		nf = factory_create(f, limit);
		*out = nf ? &nf->obj : NULL;
		return nf ? 0 : -L4_ENOMEM;
	case L4_PROTO_SCHEDULER:
		return create_scheduler(caller, f, out);
	case L4_PROTO_IRQ_SENDER:
	case L4_PROTO_IRQ:
		irq = irq_object_create(f);
		*out = irq ? &irq->ep.obj : NULL;
		return irq ? 0 : -L4_ENOMEM;
	case L4_PROTO_SEMAPHORE:
		sem = semaphore_create(f);
		*out = sem ? &sem->obj : NULL;
		return sem ? 0 : -L4_ENOMEM;
	default:
		return -L4_ENODEV;
	}
}

/* Keel's quota query: limit and use; the root factory also tells what is free. */
static void info(struct thread *caller, struct factory *f)
{
	l4_umword_t *mr = caller->utcb->mr;
	mr[0] = f->limit;
	mr[1] = f->used;
	mr[2] = f == &root_factory ? kmem_free_bytes() : 0;
	syscall_reply_words(caller, 0, 3);
}

/**
 * factory_invoke() - protocol FACTORY, needs S: mr0 = protocol of the new object,
 * br0 = slot | L4_RCV_ITEM_SINGLE_CAP for its capability, then typed arguments;
 * or mr0 = L4_FACTORY_KEEL_INFO_OP (no right needed): the quota figures.
 */
void factory_invoke(struct thread *caller, struct cap *cap)
{
	struct factory *f = (struct factory *)cap->obj;
	long result;
	l4_umword_t br0 = caller->utcb->buf.br[0];
	struct kobj *obj = NULL;
	if (syscall_label(caller) == L4_PROTO_FACTORY && syscall_words(caller) >= 1 &&
	    caller->utcb->mr[0] == L4_FACTORY_KEEL_INFO_OP) {
		info(caller, f);
		return;
	}
	if (syscall_label(caller) != L4_PROTO_FACTORY)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (!(cap->rights & CAP_RIGHT_S))
		result = -L4_EPERM;
	else if ((br0 & L4_RCV_ITEM_SINGLE_CAP) != L4_RCV_ITEM_SINGLE_CAP)
		result = -L4_EINVAL;
	else
		result = create_object(caller, f, (long)caller->utcb->mr[0], &obj);
	if (result == 0)
		result = factory_install_cap(caller, br0 >> L4_CAP_SHIFT, obj);
	syscall_reply(caller, result);
}
