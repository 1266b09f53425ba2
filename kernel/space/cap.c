/* cap.c - capability tables, the derivation tree, delegate (map), grant, revoke. */
#include "space/cap.h"
#include "mem/kmem.h"
#include "string.h"
#include "object/task.h"
#include "sched/preempt.h"
#include <l4/sys/err.h>

/* A preemption point of the walks below (for tree_remove_below(), tree_walk_run()). */
static bool stop_cap(void)
{
	return preempt_point(COST_CAP);
}

/**
 * cap_slot() - the slot with index @slot in @t's table, or NULL if outside it.
 * @allocate: create the table page (charged to the task's payer) if missing.
 */
struct cap *cap_slot(struct task *t, unsigned long slot, bool allocate)
{
	struct cap_table *ct = &t->caps;
	if (slot >= CAP_SLOTS_MAX)
		return NULL;
	unsigned page = slot / CAP_SLOTS_PER_PAGE;
	if (!ct->dir) {
		if (!allocate)
			return NULL;
		ct->dir = kmem_alloc(t->obj.payer, CAP_DIR_ENTRIES * sizeof(struct cap *));
		if (!ct->dir)
			return NULL;
	}
	if (!ct->dir[page]) {
		paddr_t pa;
		if (!allocate || kmem_pages_alloc(t->obj.payer, 1, 1, &pa) != 0)
			return NULL;
		ct->dir[page] = arch_phys_to_virt(pa);
		ct->pages++;
	}
	return &ct->dir[page][slot % CAP_SLOTS_PER_PAGE];
}

/**
 * cap_lookup() - the capability in a slot of @t's table (cap_table_lookup()).
 */
struct cap *cap_lookup(struct task *t, unsigned long slot)
{
	return cap_table_lookup(&t->caps, slot);
}

/**
 * cap_next_slot() - the first slot in [@slot, @limit) of @t that may hold a
 * capability (its table page exists), or @limit: walks over a table skip what was
 * never used. It looks at one directory entry per CAP_SLOTS_PER_PAGE slots skipped
 * (callers that go on with more work count them).
 */
unsigned long cap_next_slot(struct task *t, unsigned long slot, unsigned long limit)
{
	struct cap **dir = t->caps.dir;
	if (limit > CAP_SLOTS_MAX)
		limit = CAP_SLOTS_MAX;
	while (slot < limit && (!dir || !dir[slot / CAP_SLOTS_PER_PAGE]))
		slot = (slot / CAP_SLOTS_PER_PAGE + 1) * CAP_SLOTS_PER_PAGE;
	return slot < limit ? slot : limit;
}

/**
 * cap_lookup_arg() - the object an argument capability names: the one place where
 * an operation checks a capability it was given besides the one invoked (a task to
 * map from or bind into, a thread to bind or schedule, an IRQ for the ICU). @slot is
 * in @t's table; the object must be of @type (KOBJ_NONE: of any type) and the
 * capability must have every right in @rights (docs/objects.md: "Rights on argument capabilities").
 * Return: 0 and the object in *@obj; -L4_EINVAL for an empty slot or another type;
 * -L4_EPERM when a right is missing.
 */
long cap_lookup_arg(struct task *t, unsigned long slot, enum kobj_type type, uint32_t rights,
		    struct kobj **obj)
{
	struct cap *c = cap_lookup(t, slot);
	if (!c || (type != KOBJ_NONE && c->obj->type != type))
		return -L4_EINVAL;
	if ((c->rights & rights) != rights)
		return -L4_EPERM;
	*obj = c->obj;
	return 0;
}

/**
 * cap_install() - put a capability to @obj into an empty slot, derived from
 * @parent (NULL for an original).
 */
void cap_install(struct cap *slot, struct kobj *obj, uint32_t rights, struct cap *parent)
{
	slot->obj = obj;
	slot->rights = rights;
	slot->tree.first_child = NULL;
	tree_add_child(parent ? &parent->tree : NULL, &slot->tree);
	slot->obj_prev = NULL;
	slot->obj_next = obj->caps;
	if (obj->caps)
		obj->caps->obj_prev = slot;
	obj->caps = slot;
	obj->caps_count++;
}

/**
 * cap_remove() - empty a slot. Copies delegated from it stay (they move up the
 * tree, in constant time). The object is deleted when this was its last capability.
 */
void cap_remove(struct cap *c)
{
	struct kobj *obj = c->obj;
	if (!obj)
		return;
	tree_unlink(&c->tree);
	if (c->obj_prev)
		c->obj_prev->obj_next = c->obj_next;
	else
		obj->caps = c->obj_next;
	if (c->obj_next)
		c->obj_next->obj_prev = c->obj_prev;
	memset(c, 0, sizeof(*c));
	if (--obj->caps_count == 0)
		kobj_delete(obj);
}

/* For tree_remove_below(): a capability derived from the one revoked (what was derived
 * from it moves up, and goes next). Its object stays, as the revoked one refers to it. */
static void remove_node(struct tree_node *n)
{
	cap_remove(cap_of_node(n));
}

/**
 * cap_revoke_children() - remove every capability derived from @c, recursively,
 * without recursion, in constant-time steps between which it may stop at a
 * preemption point. Return: true when done; false if stopped (call again).
 */
bool cap_revoke_children(struct cap *c)
{
	return tree_remove_below(&c->tree, remove_node, stop_cap);
}

static void reduce_node(struct tree_node *n, uint32_t rights)
{
	cap_of_node(n)->rights &= ~rights;
}

/**
 * cap_reduce_rights() - clear @rights in the capabilities derived from @c, and in
 * c itself unless @children_only. The subtree is walked in pre-order by the one walk
 * that may be suspended (tree_walk_now): with @walk it may stop at preemption points
 * and goes on when called again with the same *@walk (0 at first); a walk of another
 * operation in progress is finished first. Without @walk it runs to the end.
 * Return: 0, or PREEMPTED.
 */
long cap_reduce_rights(struct cap *c, uint32_t rights, bool children_only, unsigned *walk)
{
	unsigned once = 0;
	bool (*stop)(void) = walk ? stop_cap : NULL;
	if (!walk)
		walk = &once;
	if (!children_only)
		c->rights &= ~rights;
	if (*walk && !tree_walk_going(*walk))
		return 0;
	if (!*walk) {
		if (!c->tree.first_child)
			return 0;
		if (!tree_walk_run(stop))
			return PREEMPTED;
		*walk = tree_walk_start(&c->tree, reduce_node, rights);
	}
	return tree_walk_run(stop) ? 0 : PREEMPTED;
}

/**
 * cap_move() - grant: @dst (empty) takes @src's object, rights and place in the
 * tree, including what was derived from it; @src is empty afterwards.
 */
void cap_move(struct cap *dst, struct cap *src)
{
	*dst = *src;
	tree_replace(&src->tree, &dst->tree);
	if (dst->obj_prev)
		dst->obj_prev->obj_next = dst;
	else
		dst->obj->caps = dst;
	if (dst->obj_next)
		dst->obj_next->obj_prev = dst;
	memset(src, 0, sizeof(*src));
}

/**
 * cap_map() - delegate (or with @grant, move) the capability in @src_slot of @src
 * to @dst_slot of @dst with at most @rights. An occupied destination is emptied
 * first; an empty source maps nothing.
 * Return: 0, -L4_ERANGE for a destination beyond the table, -L4_ENOMEM when the
 * table cannot grow.
 */
int cap_map(struct task *src, unsigned long src_slot, struct task *dst, unsigned long dst_slot,
	    uint32_t rights, bool grant)
{
	struct cap *from = cap_lookup(src, src_slot);
	if (dst_slot >= CAP_SLOTS_MAX)
		return -L4_ERANGE;
	if (src->obj.deleted || dst->obj.deleted)
		return -L4_EINVAL; /* its table is going away */
	if (!from)
		return 0;
	struct cap *to = cap_slot(dst, dst_slot, true);
	if (!to)
		return -L4_ENOMEM;
	if (to == from) {
		from->rights &= rights;
		return 0;
	}
	if (to->obj)
		cap_remove(to);
	if (grant) {
		cap_move(to, from);
		to->rights &= rights;
	} else {
		cap_install(to, from->obj, from->rights & rights, from);
	}
	return 0;
}

/**
 * cap_table_destroy() - remove every capability of a task and free its table. With
 * @r it goes on from slot r->next and may stop at a preemption point; without, it
 * runs to the end. Return: true when done, false if stopped (call again).
 */
bool cap_table_destroy(struct task *t, struct resume *r)
{
	struct cap_table *ct = &t->caps;
	struct resume once = {0};
	bool preemptible = r != NULL;
	if (!r)
		r = &once;
	if (!ct->dir)
		return true;
	for (unsigned long i = cap_next_slot(t, r->next, CAP_SLOTS_MAX); i < CAP_SLOTS_MAX;
	     i = cap_next_slot(t, i, CAP_SLOTS_MAX)) {
		struct cap *page = ct->dir[i / CAP_SLOTS_PER_PAGE];
		bool used = page[i % CAP_SLOTS_PER_PAGE].obj != NULL;
		cap_remove(&page[i % CAP_SLOTS_PER_PAGE]);
		if (++i % CAP_SLOTS_PER_PAGE == 0) {
			kmem_pages_free(t->obj.payer, arch_virt_to_phys(page), 1);
			ct->dir[i / CAP_SLOTS_PER_PAGE - 1] = NULL;
		}
		r->next = i;
		if (preemptible && preempt_point(used ? COST_CAP : COST_SLOT))
			return false;
	}
	kmem_free(t->obj.payer, ct->dir, CAP_DIR_ENTRIES * sizeof(struct cap *));
	ct->dir = NULL;
	ct->pages = 0;
	return true;
}
