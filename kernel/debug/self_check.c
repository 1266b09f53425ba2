/* self_check.c - test kernels only: check the kernel's object, capability and mapping structures.
 */
#include "debug/self_check.h"
#include "arch.h"
#include "lib/printk.h"
#include "lib/tree.h"
#include "object/factory.h"
#include "object/task.h"
#include "object/thread.h"
#include "sched/runqueue.h"
#include "space/cap.h"
#include "space/mapdb.h"

/*
 * Why: the kernel fuzzer checks what user space can see (quotas back to the byte,
 * no copies left); this looks at the links themselves, so that a broken one is
 * caught at the batch that broke it, not when something later trips over it. It
 * walks every live object through the factories' lists of what they paid for (the
 * root factory's list leads to every other factory's), without recursion. One
 * report per problem found, up to REPORTS_MAX; the count is the result.
 */
#define REPORTS_MAX 8

static unsigned problems;

static void report(const char *what, const void *where, unsigned long a)
{
	if (problems++ < REPORTS_MAX)
		kprintf("keel: self-check: %s (%p, %08lx)\n", what, where, a);
}

/* @n's links to its neighbours and children point back to it. */
static bool links_ok(const struct tree_node *n)
{
	if (n->first_child &&
	    (n->first_child->prev != TREE_UP((struct tree_node *)n) || !n->last_child ||
	     n->last_child->next != TREE_UP((struct tree_node *)n)))
		return false;
	if (!n->first_child && n->last_child)
		return false;
	if (!tree_is_up(n->next) && n->next->prev != n)
		return false;
	return tree_is_up(n->prev) || n->prev->next == n;
}

/* The parent @n's first-child link names, or NULL (a later child, or a top node). */
static struct tree_node *known_parent(const struct tree_node *n)
{
	return tree_is_up(n->prev) ? tree_up(n->prev) : NULL;
}

static void check_cap(struct cap *c)
{
	if (c->obj->type == KOBJ_NONE || c->obj->type > KOBJ_TYPE_LAST)
		report("capability names no object", c, c->obj->type);
	if (!links_ok(&c->tree))
		report("capability tree links", c, 0);
	struct tree_node *p = known_parent(&c->tree);
	if (p) {
		struct cap *parent = cap_of_node(p);
		/* Not its rights: a grant with fewer rights puts the new capability in
		 * the old one's place, and the copies made from the old one keep theirs. */
		if (parent->obj != c->obj)
			report("capability derived from another object's", c,
			       (unsigned long)parent->obj);
	}
}

static void check_caps_of_task(struct task *t)
{
	if (!t->caps.dir)
		return;
	for (unsigned d = 0; d < CAP_DIR_ENTRIES; d++) {
		struct cap *page = t->caps.dir[d];
		for (unsigned i = 0; page && i < CAP_SLOTS_PER_PAGE; i++)
			if (page[i].obj)
				check_cap(&page[i]);
	}
}

/* Every mapped page with a mapping node: the node is this page's, its links hold, and
 * the page it was mapped from holds the same frame. */
static void check_mappings_of_task(struct task *t)
{
	if (!arch_vspace_valid(&t->vspace))
		return;
	if (!arch_vspace_counts_ok(&t->vspace))
		report("page counts of the address space", t, 0);
	vaddr_t looked;
	for (vaddr_t next = 0; next < USER_SPACE_END;) {
		vaddr_t va = arch_vspace_next_mapped(&t->vspace, next, USER_SPACE_END, &looked);
		next = va < looked ? va + PAGE_SIZE : looked;
		if (va >= looked)
			continue;
		struct mapping *m = mapdb_find(t, va);
		if (!m)
			continue;
		if (m->doomed || !links_ok(&m->tree))
			report("mapping links", m, va);
		struct tree_node *p = known_parent(&m->tree);
		paddr_t pa, ppa;
		unsigned rights, prights; /* not compared: see check_cap() */
		if (!p || arch_vspace_lookup(&t->vspace, va, &pa, &rights) != 0)
			continue;
		struct mapping *parent = mapping_of_node(p);
		if (parent->doomed)
			continue; /* the reaper takes it */
		if (arch_vspace_lookup(&parent->task->vspace, parent->va, &ppa, &prights) != 0)
			report("mapping's parent page is not mapped", m, va);
		else if (ppa != pa)
			report("mapping is not of its parent's frame", m, va);
	}
}

static void check_thread(struct thread *th)
{
	if (!th->task)
		return;
	if (th->task->obj.destroyed)
		report("live thread of a destroyed task", th, th->id);
	if (th->utcb != task_utcb_kernel_address(th->task, th->utcb_uaddr))
		report("thread's UTCB is not its task's", th, th->utcb_uaddr);
}

/* The object's links in its payer's list and its list of capabilities: each names it,
 * and there are caps_count. */
static void check_object(struct kobj *o)
{
	if (!o->paid_prev || *o->paid_prev != o || o->deleted)
		report("object's place in its factory's list", o, o->type);
	unsigned n = 0;
	for (struct cap *c = o->caps; c && n <= o->caps_count; c = c->obj_next, n++)
		if (c->obj != o || (c->obj_next && c->obj_next->obj_prev != c))
			report("capability list of an object", c, o->type);
	if (n != o->caps_count)
		report("capability count of an object", o, n);
	if (o->type == KOBJ_TASK) {
		check_caps_of_task((struct task *)o);
		check_mappings_of_task((struct task *)o);
	} else if (o->type == KOBJ_THREAD) {
		check_thread((struct thread *)o);
	}
}

/* The next object after @o in a depth-first walk of the factories' lists. */
static struct kobj *next_object(struct kobj *o)
{
	if (o->type == KOBJ_FACTORY && ((struct factory *)o)->paid)
		return ((struct factory *)o)->paid;
	while (o && !o->paid_next)
		o = o->payer && o->payer != &root_factory ? &o->payer->obj : NULL;
	return o ? o->paid_next : NULL;
}

/* What the IPC fast paths' direct switch relies on (sched_hand_over()): the running
 * thread is the first of the highest non-empty ready queue. */
static void check_ready_queues(void)
{
	struct thread *cur = current_thread();
	if (cur && cur->state == THREAD_READY &&
	    (rq_head[cur->queued_prio] != cur || sched_highest_ready() != (int)cur->queued_prio))
		report("running thread is not first in the highest ready queue", cur,
		       cur->queued_prio);
}

/**
 * kernel_self_check() - check every live object, capability and mapping the kernel
 * keeps (see above). Long: test kernels call it between fuzzer batches.
 * Return: the number of problems found (each reported on the console).
 */
unsigned kernel_self_check(void)
{
	problems = 0;
	check_ready_queues();
	for (struct kobj *o = root_factory.paid; o; o = next_object(o))
		check_object(o);
	return problems;
}
