/* cap.h - capabilities: per-task tables with O(1) lookup and a derivation tree. */
#ifndef KEEL_CAP_H
#define KEEL_CAP_H

#include "object/kobj.h"
#include "lib/tree.h"

/* Rights: W 1, S 2, R 4, D 8 (object flexpage bits); object-specific rights 0x20-0x80. */
enum cap_rights {
	CAP_RIGHT_W = 0x1,
	CAP_RIGHT_S = 0x2,
	CAP_RIGHT_R = 0x4,
	CAP_RIGHT_D = 0x8,
	CAP_RIGHTS_BASIC = 0xf,
	/* W and S: IPC through a thread or gate capability shows them to the receiver in
	 * the low two bits of the label, so that a server knows what its client may do. */
	CAP_RIGHTS_LABEL = CAP_RIGHT_W | CAP_RIGHT_S,
	CAP_RIGHT_CS = 0x20, /* IPC gate: server right (bind, get_info) */
	CAP_RIGHTS_OBJ = 0xe0,
	CAP_RIGHTS_ALL = 0xef,
};

/*
 * The rights a capability passed as an argument (an item naming a capability of the
 * caller) needs, checked by cap_lookup_arg(); the table with every operation is in
 * docs/objects.md, "Rights on argument capabilities". As on Fiasco: a task or thread
 * argument needs S, because what is done with it is done with everything it has (a
 * task's capabilities and memory, a thread's execution); an IRQ argument needs W, the
 * right its own bind needs; a scheduler a new one is made from needs W, the right
 * run_thread needs on it.
 */
enum cap_arg_rights {
	CAP_ARG_TASK = CAP_RIGHT_S,
	CAP_ARG_THREAD = CAP_RIGHT_S,
	CAP_ARG_IRQ = CAP_RIGHT_W,
	CAP_ARG_SCHEDULER = CAP_RIGHT_W, /* the parent of a new scheduler: run_thread's right */
};

/*
 * One slot (32 bytes, 128 per page). tree: who delegated to whom, so a revoke
 * reaches every copy made from this one (seL4-style derivation tree).
 * obj_next/obj_prev: all capabilities of the object, so deleting it reaches them all.
 */
struct cap {
	struct kobj *obj;
	uint32_t rights;
	struct tree_node tree;
	struct cap *obj_next;
	struct cap *obj_prev;
};

/**
 * cap_of_node() - the capability whose derivation-tree node @n is.
 */
static inline struct cap *cap_of_node(struct tree_node *n)
{
	return (struct cap *)((char *)n - offsetof(struct cap, tree));
}

#define CAP_SLOTS_PER_PAGE (PAGE_SIZE / sizeof(struct cap))
/* Slots 0 .. CAP_SLOTS_MAX - 1 may exist in a task. */
#define CAP_SLOTS_MAX	65536u
#define CAP_DIR_ENTRIES (CAP_SLOTS_MAX / CAP_SLOTS_PER_PAGE)

struct cap_table {
	struct cap **dir; /* CAP_DIR_ENTRIES pointers, allocated with the first page */
	unsigned pages;
};

/**
 * cap_table_lookup() - the capability in a slot of a table, or NULL if the slot is
 * empty or absent, or names an object being deleted (whose deletion may take several
 * kernel entries: nothing can use it or make new capabilities to it meanwhile). The
 * one lookup of a capability index; inline for the IPC fast path.
 */
static inline struct cap *cap_table_lookup(const struct cap_table *ct, unsigned long slot)
{
	if (slot >= CAP_SLOTS_MAX || !ct->dir)
		return NULL;
	struct cap *page = ct->dir[slot / CAP_SLOTS_PER_PAGE];
	if (!page)
		return NULL;
	struct cap *c = &page[slot % CAP_SLOTS_PER_PAGE];
	return c->obj && !c->obj->deleted ? c : NULL;
}

struct task;

struct cap *cap_lookup(struct task *t, unsigned long slot);
long cap_lookup_arg(struct task *t, unsigned long slot, enum kobj_type type, uint32_t rights,
		    struct kobj **obj);
struct cap *cap_slot(struct task *t, unsigned long slot, bool allocate);
void cap_install(struct cap *slot, struct kobj *obj, uint32_t rights, struct cap *parent);
void cap_remove(struct cap *c);
bool cap_revoke_children(struct cap *c);
long cap_reduce_rights(struct cap *c, uint32_t rights, bool children_only, unsigned *walk);
void cap_move(struct cap *dst, struct cap *src);
struct resume;
bool cap_table_destroy(struct task *t, struct resume *r);
unsigned long cap_next_slot(struct task *t, unsigned long slot, unsigned long limit);
int cap_map(struct task *src, unsigned long src_slot, struct task *dst, unsigned long dst_slot,
	    uint32_t rights, bool grant);

#endif
