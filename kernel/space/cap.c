/* cap.c - capability tables, the derivation tree, delegate (map), grant, revoke. */
#include "space/cap.h"
#include "mem/kmem.h"
#include "string.h"
#include "object/task.h"
#include <l4/sys/err.h>

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
 * cap_lookup() - the capability in a slot, or NULL if the slot is empty or absent.
 */
struct cap *cap_lookup(struct task *t, unsigned long slot)
{
	struct cap *c = cap_slot(t, slot, false);
	return c && c->obj ? c : NULL;
}

/**
 * cap_lookup_arg() - the object an argument capability names: the one place where
 * an operation checks a capability it was given besides the one invoked (a task to
 * map from or bind into, a thread to bind or schedule, an IRQ for the ICU). @slot is
 * in @t's table; the object must be of @type and the capability must have every
 * right in @rights (docs/objects.md: "Rights on argument capabilities").
 * Return: 0 and the object in *@obj; -L4_EINVAL for an empty slot or another type;
 * -L4_EPERM when a right is missing.
 */
long cap_lookup_arg(struct task *t, unsigned long slot, enum kobj_type type, uint32_t rights,
		    struct kobj **obj)
{
	struct cap *c = cap_lookup(t, slot);
	if (!c || c->obj->type != type)
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
 * tree). The object is deleted when this was its last capability.
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

/**
 * cap_remove_all() - remove every capability to @obj, wherever it is.
 */
void cap_remove_all(struct kobj *obj)
{
	while (obj->caps)
		cap_remove(obj->caps);
}

/* For tree_remove_below(): a capability nothing was derived from. Its object stays,
 * as the capability it was derived from refers to it too. */
static void remove_leaf(struct tree_node *leaf)
{
	cap_remove(cap_of_node(leaf));
}

/**
 * cap_revoke_children() - remove every capability derived from @c, recursively,
 * without recursion (tree_remove_below() goes leaves first).
 */
void cap_revoke_children(struct cap *c)
{
	tree_remove_below(&c->tree, remove_leaf);
}

/**
 * cap_reduce_rights() - clear @rights in the capabilities derived from @c, and in
 * c itself unless @children_only. Walks the subtree in pre-order, iteratively.
 */
void cap_reduce_rights(struct cap *c, uint32_t rights, bool children_only)
{
	if (!children_only)
		c->rights &= ~rights;
	for (struct tree_node *n = c->tree.first_child; n; n = tree_walk_next(&c->tree, n))
		cap_of_node(n)->rights &= ~rights;
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
 * cap_table_destroy() - remove every capability of a task and free its table.
 */
void cap_table_destroy(struct task *t)
{
	struct cap_table *ct = &t->caps;
	if (!ct->dir)
		return;
	for (unsigned p = 0; p < CAP_DIR_ENTRIES; p++) {
		struct cap *page = ct->dir[p];
		if (!page)
			continue;
		for (unsigned i = 0; i < CAP_SLOTS_PER_PAGE; i++)
			cap_remove(&page[i]);
		kmem_pages_free(t->obj.payer, arch_virt_to_phys(page), 1);
	}
	kmem_free(t->obj.payer, ct->dir, CAP_DIR_ENTRIES * sizeof(struct cap *));
	ct->dir = NULL;
	ct->pages = 0;
}
