/*
 * test_factory.c - the factory: creating every object type, message and right errors,
 * task UTCB area checks, kernel-memory quota (exhaustion, recovery, charging the parent),
 * churn, and deleting a task with its threads.
 */
#include "ktest_util.h"
#include <string.h>

#define TASK	L4_BASE_TASK_CAP
#define FACTORY L4_BASE_FACTORY_CAP

/* A fresh slot whose object (if any) is deleted at the end of the test. */
static l4_cap_idx_t owned_slot(void)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	kt_own(cap);
	return cap;
}

static long create_task_with_utcb(l4_cap_idx_t slot, l4_fpage_t utcb_area)
{
	return l4_error(l4_factory_create_task(FACTORY, slot, utcb_area));
}

/* ---- every object type ---- */

KTEST(create_task)
{
	KT_SCOPE();
	l4_cap_idx_t t = owned_slot();
	KT_EQ(create_task_with_utcb(t, l4_fpage(KT_UTCB_AREA, 16, L4_FPAGE_RW)), 0);
	KT_EQ(kt_valid(TASK, t), 1);
	/* It is a task: cap_info through it works. */
	KT_EQ(kt_valid(t, L4_BASE_LOG_CAP), 0);
}

KTEST(create_thread)
{
	KT_SCOPE();
	l4_cap_idx_t t = owned_slot();
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, t)), 0);
	KT_EQ(kt_valid(TASK, t), 1);
	l4_kernel_clock_t us = 1;
	KT_EQ(l4_error(l4_thread_stats_time(t, &us)), 0);
	KT_EQ(us, 0);
}

KTEST(create_gate)
{
	KT_SCOPE();
	l4_cap_idx_t g = owned_slot();
	KT_EQ(l4_error(l4_factory_create_gate(FACTORY, g, L4_INVALID_CAP, 0x40)), 0);
	KT_EQ(kt_valid(TASK, g), 1);
	l4_umword_t label = 0;
	KT_EQ(l4_error(l4_ipc_gate_get_infos(g, &label)), 0);
	KT_EQ(label, 0x40);
}

KTEST(create_factory)
{
	KT_SCOPE();
	l4_cap_idx_t f = owned_slot();
	KT_EQ(l4_error(l4_factory_create_factory(FACTORY, f, 16384)), 0);
	KT_EQ(kt_valid(TASK, f), 1);
	/* The new factory creates objects. */
	l4_cap_idx_t g = owned_slot();
	KT_EQ(l4_error(l4_factory_create_gate(f, g, L4_INVALID_CAP, 0)), 0);
	KT_EQ(kt_valid(TASK, g), 1);
}

KTEST(create_irq)
{
	KT_SCOPE();
	l4_cap_idx_t irq = owned_slot();
	KT_EQ(l4_error(l4_factory_create_irq(FACTORY, irq)), 0);
	KT_EQ(kt_valid(TASK, irq), 1);
}

KTEST(create_gate_bound_to_thread)
{
	KT_SCOPE();
	l4_cap_idx_t t = owned_slot(), g = owned_slot();
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, t)), 0);
	KT_EQ(l4_error(l4_factory_create_gate(FACTORY, g, t, 0x80)), 0);
	KT_EQ(kt_valid(TASK, g), 1);
}

/* ---- errors ---- */

KTEST(create_wrong_protocol_ebadproto)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_THREAD, slot, l4_utcb());
	tag = l4_msgtag(L4_PROTO_LOG, l4_msgtag_words(tag), 0, 0);
	KT_EQ(l4_error(l4_factory_create_commit_u(FACTORY, tag, l4_utcb())), -L4_EBADPROTO);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_unknown_object_enodev)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(l4_error(l4_factory_create(FACTORY, -99, slot)), -L4_ENODEV);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_empty_message_emsgtooshort)
{
	l4_msgtag_t tag = l4_ipc_call(FACTORY, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 0, 0, 0),
				      kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
}

KTEST(create_without_s_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t f = kt_copy(FACTORY, L4_CAP_FPAGE_RW);
	KT_ASSERT(l4_is_valid_cap(f));
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(l4_error(l4_factory_create_gate(f, slot, L4_INVALID_CAP, 0)), -L4_EPERM);
	KT_EQ(l4_error(l4_factory_create_thread(f, slot)), -L4_EPERM);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_without_target_buffer_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	l4_msgtag_t tag = l4_factory_create_start_u(L4_PROTO_THREAD, slot, l4_utcb());
	l4_utcb_br()->br[0] = slot; /* not a receive item */
	KT_EQ(l4_error(l4_factory_create_commit_u(FACTORY, tag, l4_utcb())), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_not_memory_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_obj_fpage(0x10000, 4, L4_CAP_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_order_too_large_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_fpage(0xBFE00000, 17, L4_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_order_too_small_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_fpage(KT_UTCB_AREA, 8, L4_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_unaligned_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_fpage(KT_UTCB_AREA + 0x1000, 16, L4_FPAGE_RW)),
	      -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_outside_user_space_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_fpage(0xC0000000, 12, L4_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(create_task_with_utcb(slot, l4_fpage(0xFFFF0000, 16, L4_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_at_zero_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = owned_slot();
	KT_EQ(create_task_with_utcb(slot, l4_fpage(0, 12, L4_FPAGE_RW)), -L4_EINVAL);
	KT_EQ(kt_valid(TASK, slot), 0);
}

KTEST(create_task_utcb_smallest_and_largest_ok)
{
	KT_SCOPE();
	l4_cap_idx_t a = owned_slot(), b = owned_slot();
	KT_EQ(create_task_with_utcb(a, l4_fpage(KT_UTCB_AREA, 9, L4_FPAGE_RW)), 0);
	KT_EQ(create_task_with_utcb(b, l4_fpage(0x80000000, 16, L4_FPAGE_RW)), 0);
	KT_EQ(kt_valid(TASK, a), 1);
	KT_EQ(kt_valid(TASK, b), 1);
}

/* ---- quota ---- */

KTEST(quota_exhausted_enomem_and_recovers)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 16384), 0);
	long stop;
	unsigned n = kt_fill(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(n > 0 && n < KT_FILL_MAX);
	KT_EQ(stop, -L4_ENOMEM);
	/* Still exhausted. */
	l4_cap_idx_t extra = owned_slot();
	KT_EQ(l4_error(l4_factory_create_thread(f, extra)), -L4_ENOMEM);
	KT_EQ(kt_valid(TASK, extra), 0);
	kt_unfill(n);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), n);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), n);
}

KTEST(child_factory_beyond_parent_limit_enomem)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 16384), 0);
	l4_cap_idx_t child = owned_slot();
	KT_EQ(l4_error(l4_factory_create_factory(f, child, 32768)), -L4_ENOMEM);
	KT_EQ(kt_valid(TASK, child), 0);
}

/* A child factory's limit is charged to its parent and comes back when it goes. */
KTEST(child_factory_limit_charged_to_parent)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 65536), 0);
	long stop;
	unsigned all = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(all > 0 && all < KT_FILL_MAX);
	l4_cap_idx_t child = owned_slot();
	KT_EQ(l4_error(l4_factory_create_factory(f, child, 32768)), 0);
	unsigned fewer = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(fewer < all);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, child)), 0);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), all);
}

/* Objects of a child factory count against the child's limit, not the parent's. */
KTEST(grandchild_limit_is_its_own)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 65536), 0);
	l4_cap_idx_t child = owned_slot();
	KT_EQ(l4_error(l4_factory_create_factory(f, child, 8192)), 0);
	long stop;
	unsigned in_child = kt_count_creatable(child, KT_OBJ_THREAD, &stop);
	KT_EQ(stop, -L4_ENOMEM);
	unsigned in_parent = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(in_child < in_parent);
}

/* 100 tasks, each with a thread bound to it, created and deleted: nothing leaks. */
KTEST(churn_100_tasks_with_threads)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 128 * 1024), 0);
	long stop;
	unsigned before = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(before > 0 && before < KT_FILL_MAX);
	l4_cap_idx_t task = owned_slot(), thread = owned_slot();
	for (int i = 0; i < 100; i++) {
		long err = l4_error(
		    l4_factory_create_task(f, task, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW)));
		if (!err)
			err = l4_error(l4_factory_create_thread(f, thread));
		if (!err) {
			l4_thread_control_start();
			l4_thread_control_bind((l4_utcb_t *)KT_UTCB_AREA, task);
			err = l4_error(l4_thread_control_commit(thread));
		}
		long del_thread = l4_error(l4_task_delete_obj(TASK, thread));
		long del_task = l4_error(l4_task_delete_obj(TASK, task));
		KT_EQ(err, 0);
		KT_EQ(del_thread, 0);
		KT_EQ(del_task, 0);
	}
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), before);
}

/* Deleting a factory-created task returns what it and its page tables cost. */
KTEST(task_with_mappings_returns_quota)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 128 * 1024), 0);
	long stop;
	unsigned before = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(before > 0 && before < KT_FILL_MAX);
	l4_cap_idx_t task = owned_slot();
	KT_EQ(l4_error(l4_factory_create_task(f, task, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))),
	      0);
	/* A page table and a capability-table page in the new task. */
	KT_EQ(l4_error(l4_task_map(task, TASK, l4_fpage(0x10000, 12, L4_FPAGE_RX),
				   l4_map_control(0x10000, 0, 0))),
	      0);
	KT_EQ(kt_map(task, TASK, L4_BASE_LOG_CAP, 0x300UL << L4_CAP_SHIFT, L4_CAP_FPAGE_RW), 0);
	unsigned during = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(during < before);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, task)), 0);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), before);
}

/* ---- UTCB area pages come with their first use ---- */

static long used_of(l4_cap_idx_t f)
{
	l4_umword_t used = 0;
	long err = l4_error(l4_factory_keel_info(f, NULL, &used, NULL));
	return err < 0 ? err : (long)used;
}

/* A task with a 64 KiB UTCB area costs none of it until a thread is bound: each
 * page is charged with the first UTCB bound in it, once, and deleting the task
 * returns all. */
KTEST(utcb_pages_charged_on_first_bind)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 256 * 1024), 0);
	long empty = used_of(f);
	KT_ASSERT(empty >= 0);
	l4_cap_idx_t task = owned_slot(), a = owned_slot(), b = owned_slot(), c = owned_slot();
	KT_EQ(l4_error(l4_factory_create_task(f, task, l4_fpage(KT_UTCB_AREA, 16, L4_FPAGE_RW))),
	      0);
	long with_task = used_of(f);
	KT_ASSERT(with_task - empty < 32 * 1024); /* first-level table, one table page, object */
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, a)), 0);
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, b)), 0);
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, c)), 0);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)(KT_UTCB_AREA + 5 * L4_PAGESIZE), task);
	KT_EQ(l4_error(l4_thread_control_commit(a)), 0);
	KT_EQ(used_of(f), with_task + (long)L4_PAGESIZE);
	/* Another UTCB in the same page: nothing more. */
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)(KT_UTCB_AREA + 5 * L4_PAGESIZE + 512), task);
	KT_EQ(l4_error(l4_thread_control_commit(b)), 0);
	KT_EQ(used_of(f), with_task + (long)L4_PAGESIZE);
	/* The last slot of the area: one page more. */
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)(KT_UTCB_AREA + 0x10000 - 512), task);
	KT_EQ(l4_error(l4_thread_control_commit(c)), 0);
	KT_EQ(used_of(f), with_task + 2 * (long)L4_PAGESIZE);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, a)), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, b)), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, c)), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, task)), 0);
	KT_EQ(used_of(f), empty);
}

/* Binding a thread when the task's factory cannot pay for the UTCB's page fails with
 * -L4_ENOMEM and leaves the thread unbound; with memory again it binds. */
KTEST(utcb_page_without_quota_bind_enomem)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 64 * 1024), 0);
	l4_cap_idx_t task = owned_slot(), th = owned_slot();
	KT_EQ(l4_error(l4_factory_create_task(f, task, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))),
	      0);
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, th)), 0);
	long stop;
	unsigned n = kt_fill(f, KT_OBJ_THREAD, &stop);
	KT_EQ(stop, -L4_ENOMEM);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)KT_UTCB_AREA, task);
	long err = l4_error(l4_thread_control_commit(th));
	/* Unbound: ex_regs refuses it. */
	long regs = l4_error(l4_thread_ex_regs(th, 0x1000, 0x2000, 0));
	kt_unfill(n);
	KT_EQ(err, -L4_ENOMEM);
	KT_EQ(regs, -L4_EINVAL);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)KT_UTCB_AREA, task);
	KT_EQ(l4_error(l4_thread_control_commit(th)), 0);
}

static volatile int utcb_touch_done;
static volatile l4_umword_t utcb_touch_read;

/* In the child: write and read back a word of a UTCB page nobody is bound in. */
static void touch_unbound_utcb_page(void *arg)
{
	volatile l4_umword_t *w = arg;
	l4_umword_t first = *w; /* a fresh page reads as zeros */
	*w = 0x5eed0000 | first;
	utcb_touch_read = *w;
	utcb_touch_done = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* A task's first touch of a page of its UTCB area brings the page (zeroed), as if it
 * had been there from the start: no page fault reaches the pager. */
KTEST(utcb_page_first_touch_without_bind)
{
	KT_SCOPE();
	l4_cap_idx_t child, th;
	KT_EQ(kt_task_create(&child), 0);
	utcb_touch_done = 0;
	utcb_touch_read = 0;
	KT_EQ(kt_task_thread_start(child, &th, touch_unbound_utcb_page,
				   (void *)(KT_UTCB_AREA + 9 * L4_PAGESIZE + 24), 90),
	      0);
	KT_ASSERT(kt_wait_ge(&utcb_touch_done, 1, KT_SAFETY_US));
	KT_EQ(utcb_touch_read, 0x5eed0000);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, child)), 0);
}

/* ---- deleting a task deletes its threads ---- */

static volatile int child_count;

static void count_forever(void *arg)
{
	volatile int *c = arg;
	for (;;)
		(*c)++;
}

KTEST(deleting_task_stops_its_threads)
{
	KT_SCOPE();
	l4_cap_idx_t child, t;
	KT_EQ(kt_task_create(&child), 0);
	child_count = 0;
	KT_EQ(kt_task_thread_start(child, &t, count_forever, (void *)&child_count, 90), 0);
	KT_ASSERT(kt_wait_ge(&child_count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, child)), 0);
	KT_EQ(kt_valid(TASK, child), 0);
	int c = child_count;
	kt_sleep_us(10000);
	KT_EQ(child_count, c);
}
