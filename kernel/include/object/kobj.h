/* kobj.h - the header every kernel object starts with: type, capabilities, references. */
#ifndef KEEL_KOBJ_H
#define KEEL_KOBJ_H

#include "types.h"
#include <l4/sys/abi/task.h>
#include <l4/sys/abi/debugger.h>

struct cap;
struct factory;

/* The types, numbered as task CAP_LIST shows them (l4/sys/abi/task.h). */
enum kobj_type {
	KOBJ_NONE = 0,
	KOBJ_TASK = L4_KEEL_OBJ_TASK,
	KOBJ_THREAD = L4_KEEL_OBJ_THREAD,
	KOBJ_GATE = L4_KEEL_OBJ_GATE,
	KOBJ_FACTORY = L4_KEEL_OBJ_FACTORY,
	KOBJ_IRQ = L4_KEEL_OBJ_IRQ,
	KOBJ_SCHEDULER = L4_KEEL_OBJ_SCHEDULER,
	KOBJ_LOG = L4_KEEL_OBJ_LOG,
	KOBJ_ICU = L4_KEEL_OBJ_ICU,
	KOBJ_SEMAPHORE = L4_KEEL_OBJ_SEMAPHORE,
	KOBJ_DEBUGGER = L4_KEEL_OBJ_DEBUGGER,
	KOBJ_PLATFORM_CTL = L4_KEEL_OBJ_PLATFORM_CTL,
	KOBJ_TYPE_LAST = KOBJ_PLATFORM_CTL,
};

/*
 * Every object type starts with this header (so a struct kobj * is the object).
 * Lifetime: an object is *deleted* when its last capability goes (or it is deleted
 * with the D right): every capability to it is removed and its type's destroy
 * function detaches it from everything. Its memory is *freed* once no kernel
 * reference (refs) remains either, so pointers between objects never dangle.
 * Until it is deleted, an object is on its payer's list of what it paid for: a
 * deleted factory deletes all of it (factory_destroy()).
 */
struct kobj {
	enum kobj_type type;
	uint32_t id;		/* its identity (L4_KEEL_OBJ_ID_*, then a count): what
				   task CAP_LIST shows, the same in every task */
	unsigned caps_count;	/* capabilities naming this object */
	unsigned refs;		/* kernel-internal references */
	bool deleted;		/* queued for destruction (or destroyed) */
	bool destroyed;		/* its type's destroy has run */
	bool permanent;		/* static kernel objects: never deleted */
	struct cap *caps;	/* list of all capabilities to this object */
	struct factory *payer;	/* charged for its memory (holds a reference) */
	size_t size;		/* bytes allocated for it */
	struct kobj *reap_next; /* deletion queue */
	struct kobj *paid_next; /* the payer's list of live objects it paid for */
	struct kobj **paid_prev;
	/* The name the debugger object gave it (l4_debugger_set_object_name()), shown in
	 * fault reports; while it has one, it is on the debugger's list (debugger.c). */
	char name[L4_KEEL_OBJ_NAME_LEN];
	struct kobj *named_next, **named_pprev;
};

/* How far a step of a deletion got (the type's destroy function). */
enum kobj_progress {
	KOBJ_DONE,  /* finished */
	KOBJ_AGAIN, /* stopped at a preemption point: call again */
	KOBJ_LATER, /* call again after the objects queued for deletion meanwhile */
};

void kobj_init(struct kobj *o, enum kobj_type type, struct factory *payer, size_t size);
void kobj_get(struct kobj *o);
void kobj_put(struct kobj *o);
void kobj_delete(struct kobj *o);

/* Set while the reaper has work (kobj_reap_raise()); asked on every way out of the
 * kernel. */
extern bool kobj_reap_queued;

bool kobj_reap(void);
void kobj_reap_raise(void);
bool kobj_reap_now(void);

#endif
