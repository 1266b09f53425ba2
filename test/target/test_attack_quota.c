/*
 * test_attack_quota.c - issue 12 finding 4 (h12-quota): a factory that creates and
 * deletes kernel objects of alternating sizes (gates, threads, IRQs, tasks, factories)
 * must give back every page it freed, and can never take what other factories were
 * promised: after its churn another factory still gets its whole quota, and the kernel's
 * free memory returns exactly to its starting figure after teardown.
 */
#include "ktest_util.h"
#include <l4/sys/factory.h>
#include <stdbool.h>
#include <stdio.h>

#define TASK	     L4_BASE_TASK_CAP
#define ROOT_FACTORY L4_BASE_FACTORY_CAP
/* The objects live in the root task's slots 0x8000-0xFFFF (none of ktest's, no loader). */
#define FIRST_SLOT 0x8000UL
#define SLOTS	   0x8000UL
#define CAP_PAGE   128 /* slots per capability-table page */
/* The churning factory's quota. */
#define CHURN_QUOTA (1UL << 20)
/* A child factory made in the churn: its limit (charged to the churning factory). */
#define CHILD_LIMIT 4096UL
/* The most one task of the churn costs: L1 table, UTCB page, object, capability
 * directory and page, a second-level table, mapping nodes. */
#define TASK_COST_MAX (64UL * 1024)
/* Tasks of the promised factory's fill: the largest UTCB area (64 KiB). */
#define BIG_UTCB_ORDER 16

struct kinfo {
	l4_umword_t limit, used, free;
};

enum kind { K_GATE, K_THREAD, K_IRQ, K_TASK, K_FACTORY, K_BIG_TASK, K_KINDS };

static long info(l4_cap_idx_t f, struct kinfo *k)
{
	return l4_error(l4_factory_keel_info(f, &k->limit, &k->used, &k->free));
}

static l4_cap_idx_t slot(unsigned long i)
{
	return (FIRST_SLOT + i) << L4_CAP_SHIFT;
}

/* A task that costs what a real one does: a capability in its table, pages mapped. */
static long create_task(l4_cap_idx_t f, l4_cap_idx_t s, unsigned utcb_order, bool fill)
{
	long err =
	    l4_error(l4_factory_create_task(f, s, l4_fpage(KT_UTCB_AREA, utcb_order, L4_FPAGE_RW)));
	if (err || !fill)
		return err;
	err = kt_map(s, TASK, L4_BASE_LOG_CAP, 0x300UL << L4_CAP_SHIFT, L4_CAP_FPAGE_RW);
	if (!err)
		err = l4_error(l4_task_map(s, TASK, l4_fpage(0x10000, 14, L4_FPAGE_RX),
					   l4_map_control(0x10000, 0, 0)));
	if (err)
		l4_task_delete_obj(TASK, s);
	return err;
}

static long create(l4_cap_idx_t f, enum kind k, l4_cap_idx_t s)
{
	switch (k) {
	case K_GATE:
		return l4_error(l4_factory_create_gate(f, s, L4_INVALID_CAP, 0));
	case K_THREAD:
		return l4_error(l4_factory_create_thread(f, s));
	case K_IRQ:
		return l4_error(l4_factory_create_irq(f, s));
	case K_TASK:
		return create_task(f, s, 12, true);
	case K_FACTORY:
		return l4_error(l4_factory_create_factory(f, s, CHILD_LIMIT));
	case K_BIG_TASK:
		return create_task(f, s, BIG_UTCB_ORDER, false);
	default:
		return -L4_EINVAL;
	}
}

/* The most quota a factory can have left when creating one object of @k fails. */
static unsigned long cost_max(enum kind k)
{
	if (k == K_TASK || k == K_BIG_TASK)
		return TASK_COST_MAX + (k == K_BIG_TASK ? (1UL << BIG_UTCB_ORDER) : 0);
	return L4_PAGESIZE + (k == K_FACTORY ? CHILD_LIMIT : 0);
}

/* Create objects of the @n kinds @kinds in turn through @f, from slot *next on, until
 * one fails; its error is returned (the slots run out: -L4_ERANGE). */
static long fill(l4_cap_idx_t f, const enum kind *kinds, unsigned n, unsigned long *next)
{
	for (unsigned i = 0;; i++) {
		if (*next == SLOTS)
			return -L4_ERANGE;
		long err = create(f, kinds[i % n], slot(*next));
		if (err)
			return err;
		(*next)++;
	}
}

/* Delete the objects in slots [from, to) whose index is a multiple of @step. */
static void delete_slots(unsigned long from, unsigned long to, unsigned step)
{
	for (unsigned long i = from; i < to; i += step) {
		if (step == 1 && i % CAP_PAGE == 0 && i + CAP_PAGE <= to) {
			l4_task_unmap(TASK, l4_obj_fpage(slot(i), 7, L4_CAP_FPAGE_RWSD),
				      L4_FP_DELETE_OBJ);
			i += CAP_PAGE - 1;
			continue;
		}
		l4_task_delete_obj(TASK, slot(i));
	}
}

/*
 * The kernel memory the test itself needs besides the objects: the root task's
 * capability-table pages for all the slots, the mapping-database entries of the root
 * pages the churn's tasks get. They stay, so they are made before the first figure.
 */
static int warm_up(void)
{
	static bool done;
	if (done)
		return 0;
	for (unsigned long i = 0; i < SLOTS; i += CAP_PAGE)
		if (create(ROOT_FACTORY, K_GATE, slot(i)))
			return -1;
	if (create(ROOT_FACTORY, K_TASK, slot(1)))
		return -1;
	delete_slots(0, SLOTS, 1);
	done = true;
	return 0;
}

/* Fill @f with objects of each kind in turn, check it got its whole quota, empty it. */
static int churn_once(l4_cap_idx_t f, enum kind k)
{
	unsigned long next = 0;
	struct kinfo a = {0, 0, 0};
	long err = fill(f, &k, 1, &next);
	if (err != -L4_ENOMEM || next == 0 || info(f, &a) || a.limit - a.used >= cost_max(k)) {
		printf("churn: kind %d: stopped by %ld after %lu objects, %lu of %lu bytes used\n",
		       k, err, next, (unsigned long)a.used, (unsigned long)a.limit);
		return -1;
	}
	delete_slots(0, next, 1);
	if (info(f, &a) || a.used != 0) {
		printf("churn: kind %d: %lu bytes still used after deleting all\n", k,
		       (unsigned long)a.used);
		return -1;
	}
	return 0;
}

static const enum kind churn_kinds[] = {K_GATE, K_THREAD, K_IRQ, K_TASK, K_FACTORY};
#define CHURN_KINDS (sizeof(churn_kinds) / sizeof(churn_kinds[0]))

KTEST(churn_in_alternating_sizes_gives_every_page_back)
{
	KT_SCOPE();
	KT_EQ(warm_up(), 0);
	struct kinfo root0, root1;
	KT_EQ(info(ROOT_FACTORY, &root0), 0);
	KT_ASSERT(root0.free > 0 && root0.limit > root0.used);
	l4_cap_idx_t fa;
	KT_EQ(kt_factory_create(&fa, CHURN_QUOTA), 0);
	for (int round = 0; round < 2; round++)
		for (unsigned k = 0; k < CHURN_KINDS; k++)
			KT_EQ(churn_once(fa, churn_kinds[k]), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, fa)), 0);
	KT_EQ(info(ROOT_FACTORY, &root1), 0);
	KT_EQ(root1.used, root0.used);
	KT_EQ(root1.free, root0.free);
}

KTEST(churn_never_takes_what_others_were_promised)
{
	KT_SCOPE();
	KT_EQ(warm_up(), 0);
	struct kinfo root0, root1, a, b;
	KT_EQ(info(ROOT_FACTORY, &root0), 0);
	l4_cap_idx_t fa, fb;
	KT_EQ(kt_factory_create(&fa, CHURN_QUOTA), 0);
	/* Churn, then fill with a mix and free every other object: what is left is
	 * spread over partly used pages of every size. */
	for (unsigned k = 0; k < CHURN_KINDS; k++)
		KT_EQ(churn_once(fa, churn_kinds[k]), 0);
	unsigned long mixed = 0;
	KT_EQ(fill(fa, churn_kinds, CHURN_KINDS, &mixed), -L4_ENOMEM);
	delete_slots(0, mixed, 2);
	/* Another factory is promised all the rest of the root's quota ... */
	KT_EQ(info(ROOT_FACTORY, &root1), 0);
	unsigned long rest = root1.limit - root1.used - 4 * L4_PAGESIZE;
	KT_EQ(kt_factory_create(&fb, rest), 0);
	/* ... and gets all of it: big tasks while they fit, then threads. */
	unsigned long next = mixed;
	enum kind big = K_BIG_TASK, thread = K_THREAD;
	KT_EQ(fill(fb, &big, 1, &next), -L4_ENOMEM);
	KT_EQ(info(fb, &b), 0);
	printf("promised factory: %lu of %lu bytes used when its tasks stopped\n",
	       (unsigned long)b.used, (unsigned long)b.limit);
	KT_ASSERT(b.limit - b.used < cost_max(K_BIG_TASK));
	KT_EQ(fill(fb, &thread, 1, &next), -L4_ENOMEM);
	KT_EQ(info(fb, &b), 0);
	KT_EQ(b.limit, rest);
	KT_ASSERT(b.limit - b.used < L4_PAGESIZE);
	/* The churning factory still gets the rest of its own quota. */
	enum kind gate = K_GATE;
	KT_EQ(fill(fa, &gate, 1, &next), -L4_ENOMEM);
	KT_EQ(info(fa, &a), 0);
	KT_ASSERT(a.limit - a.used < L4_PAGESIZE);
	/* Teardown: every page comes back. */
	delete_slots(0, next, 1);
	KT_EQ(info(fa, &a), 0);
	KT_EQ(a.used, 0);
	KT_EQ(info(fb, &b), 0);
	KT_EQ(b.used, 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, fa)), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, fb)), 0);
	KT_EQ(info(ROOT_FACTORY, &root1), 0);
	KT_EQ(root1.used, root0.used);
	KT_EQ(root1.free, root0.free);
}

/*
 * Objects that keep themselves alive (found by the kernel fuzzer as task-cycles): a
 * task c holding the only capability to itself, a thread bound into c, a gate bound to
 * that thread and a factory h whose only capability is in c, all paid for through a
 * factory g. Once the root task has let go of c, nothing outside refers to them, so
 * only g's end can take them away: deleting g (@how_delete) or dropping the root
 * task's last capability to it must give its parent back every byte.
 */
static int self_keeping_objects_go_with_their_factory(bool how_delete)
{
	struct kinfo root0, root1 = {0, 0, 0};
	l4_cap_idx_t g = slot(0), c = slot(1), h = slot(2), th = slot(3), gate = slot(4);
	l4_cap_idx_t in_c = 0x40UL << L4_CAP_SHIFT;
	if (warm_up() || info(ROOT_FACTORY, &root0))
		return -1;
	long err = l4_error(l4_factory_create_factory(ROOT_FACTORY, g, CHURN_QUOTA));
	if (!err)
		err = create_task(g, c, 12, true);
	if (!err)
		err = l4_error(l4_factory_create_factory(g, h, CHILD_LIMIT * 4));
	if (!err)
		err = l4_error(l4_factory_create_thread(h, th));
	if (!err) {
		l4_thread_control_start();
		l4_thread_control_bind((l4_utcb_t *)KT_UTCB_AREA, c);
		err = l4_error(l4_thread_control_commit(th));
	}
	if (!err)
		err = l4_error(l4_factory_create_gate(h, gate, th, 0x10));
	/* c's table: itself, the factory h, the thread and the gate. */
	for (unsigned i = 0; !err && i < 4; i++) {
		l4_cap_idx_t what[] = {c, h, th, gate};
		err = kt_map(c, TASK, what[i], in_c + (i << L4_CAP_SHIFT), L4_CAP_FPAGE_RWSD);
	}
	for (unsigned i = 1; !err && i < 5; i++)
		err = l4_error(l4_task_release_cap(TASK, slot(i)));
	if (!err && how_delete)
		err = l4_error(l4_task_delete_obj(TASK, g));
	else if (!err)
		err = l4_error(l4_task_release_cap(TASK, g));
	if (!err)
		err = info(ROOT_FACTORY, &root1);
	if (err || root1.used != root0.used || root1.free != root0.free) {
		printf("self-keeping objects: error %ld; root used %lu -> %lu, free %lu -> %lu\n",
		       err, (unsigned long)root0.used, (unsigned long)root1.used,
		       (unsigned long)root0.free, (unsigned long)root1.free);
		delete_slots(0, 5, 1);
		return -1;
	}
	return 0;
}

KTEST(deleting_a_factory_deletes_a_task_holding_itself)
{
	KT_EQ(self_keeping_objects_go_with_their_factory(true), 0);
}

KTEST(releasing_the_last_factory_cap_deletes_what_it_paid_for)
{
	KT_EQ(self_keeping_objects_go_with_their_factory(false), 0);
}
