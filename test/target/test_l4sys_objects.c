/*
 * test_l4sys_objects.c - the kernel objects behind L4Re's debugger.h, semaphore.h and
 * platform_control.h: object names and identities, semaphores (counts, waiting,
 * timeouts, priority order, cancel, deletion, rights), platform-control refusals.
 */
#include "ktest_util.h"
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <string.h>

#define TASK	 L4_BASE_TASK_CAP
#define FACTORY	 L4_BASE_FACTORY_CAP
#define DEBUGGER L4_BASE_DEBUGGER_CAP
#define PFC	 L4_KEEL_PLATFORM_CTL_CAP

/* ---- the debugger object: names and identities ---- */

KTEST(debugger_names_a_thread_and_finds_it_by_id)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(kt_thread_new(&th, TASK), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "worker")), 0);
	unsigned long id = l4_debugger_global_id(th);
	KT_ASSERT(id != ~0UL);
	char name[32];
	memset(name, 'x', sizeof(name));
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, (unsigned)id, name, sizeof(name))), 0);
	KT_EQ(strcmp(name, "worker"), 0);
}

KTEST(debugger_global_id_is_the_objects_in_every_slot)
{
	KT_SCOPE();
	l4_cap_idx_t th, th2, copy = kt_copy(TASK, L4_CAP_FPAGE_R);
	KT_ASSERT(l4_is_valid_cap(copy));
	KT_EQ(kt_thread_new(&th, TASK), 0);
	KT_EQ(kt_thread_new(&th2, TASK), 0);
	KT_EQ(l4_debugger_global_id(copy), l4_debugger_global_id(TASK));
	KT_ASSERT(l4_debugger_global_id(th) != l4_debugger_global_id(th2));
	KT_ASSERT(l4_debugger_global_id(th) >= L4_KEEL_OBJ_ID_FIRST);
	KT_EQ(l4_debugger_global_id(DEBUGGER), L4_KEEL_OBJ_ID_DEBUGGER);
}

KTEST(debugger_long_name_is_cut_empty_name_removes_it)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	char name[32];
	KT_EQ(kt_thread_new(&th, TASK), 0);
	unsigned id = (unsigned)l4_debugger_global_id(th);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "a-name-much-longer-than-fifteen")), 0);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), 0);
	KT_EQ(strlen(name), L4_KEEL_OBJ_NAME_LEN - 1);
	KT_EQ(strncmp(name, "a-name-much-lon", 15), 0);
	/* A small buffer gets what fits, NUL-terminated. */
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, 4)), 0);
	KT_EQ(strcmp(name, "a-n"), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "")), 0);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), -L4_ENOENT);
	KT_EQ(name[0], 0);
}

KTEST(debugger_name_goes_with_the_object)
{
	KT_SCOPE();
	l4_cap_idx_t irq = kt_cap_alloc();
	char name[16];
	KT_EQ(l4_error(l4_factory_create_irq(FACTORY, irq)), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(irq, "doomed")), 0);
	unsigned id = (unsigned)l4_debugger_global_id(irq);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, irq)), 0);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), -L4_ENOENT);
	KT_EQ(l4_debugger_global_id(irq), ~0UL); /* the slot is empty now */
}

KTEST(debugger_rights_and_bad_arguments)
{
	KT_SCOPE();
	l4_cap_idx_t ro = kt_copy(DEBUGGER, L4_CAP_FPAGE_R);
	KT_ASSERT(l4_is_valid_cap(ro));
	/* Naming needs W on the debugger capability; the identity needs no right. */
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_NAME_SET_OP + L4_KEEL_DEBUGGER_OP_BASE;
	memcpy(&l4_utcb_mr()->mr[1], "nope", 5);
	l4_utcb_mr()->mr[3] = L4_ITEM_MAP;
	l4_utcb_mr()->mr[4] = l4_obj_fpage(TASK, 0, L4_CAP_FPAGE_RWS).raw;
	KT_EQ(l4_error(
		  l4_ipc_call(ro, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 3, 1, 0), L4_IPC_NEVER)),
	      -L4_EPERM);
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP + L4_KEEL_DEBUGGER_OP_BASE;
	l4_utcb_mr()->mr[1] = L4_ITEM_MAP;
	l4_utcb_mr()->mr[2] = l4_obj_fpage(TASK, 0, L4_CAP_FPAGE_RWS).raw;
	KT_EQ(l4_error(
		  l4_ipc_call(ro, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 1, 1, 0), L4_IPC_NEVER)),
	      0);
	/* No item, an empty slot, a memory item, another protocol. */
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP + L4_KEEL_DEBUGGER_OP_BASE;
	KT_EQ(l4_error(l4_ipc_call(DEBUGGER, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 1, 0, 0),
				   L4_IPC_NEVER)),
	      -L4_EINVAL);
	KT_EQ(l4_debugger_global_id(kt_cap_alloc()), ~0UL);
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP + L4_KEEL_DEBUGGER_OP_BASE;
	l4_utcb_mr()->mr[1] = L4_ITEM_MAP;
	l4_utcb_mr()->mr[2] = l4_fpage(0x10000, L4_PAGESHIFT, L4_FPAGE_RW).raw;
	KT_EQ(l4_error(l4_ipc_call(DEBUGGER, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 1, 1, 0),
				   L4_IPC_NEVER)),
	      -L4_EINVAL);
	l4_utcb_mr()->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP;
	KT_EQ(l4_error(
		  l4_ipc_call(DEBUGGER, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER)),
	      -L4_EBADPROTO);
	KT_EQ(l4_error(l4_ipc_call(DEBUGGER, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 0, 0, 0),
				   L4_IPC_NEVER)),
	      -L4_EMSGTOOSHORT);
}

KTEST(debugger_trace_calls_answer_enosys)
{
	char n[8], s[8];
	KT_EQ(l4_debugger_kobj_to_id(DEBUGGER, 0xc0001000UL), ~0UL);
	KT_EQ(l4_debugger_query_log_typeid(DEBUGGER, "ipc", 0), -L4_ENOSYS);
	KT_EQ(l4_debugger_query_log_name(DEBUGGER, 0, n, sizeof(n), s, sizeof(s)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_debugger_switch_log(DEBUGGER, "ipc", L4_DEBUGGER_SWITCH_LOG_ON)),
	      -L4_ENOSYS);
	KT_EQ(l4_error(l4_invoke_debugger(L4_INVALID_CAP, l4_msgtag(0, 1, 0, 0), l4_utcb())),
	      -L4_EINVAL);
}

static volatile int crashed_ready;
/* An unmapped address (no pager: the kernel reports the fault), hidden from the
 * compiler's bounds checks. */
static volatile l4_addr_t crash_address = 0x100;

static void crash_fn(void *arg)
{
	(void)arg;
	crashed_ready = 1;
	(void)*(volatile int *)crash_address;
}

/* The fault report names the thread (harness: "thread N (crash-me): data abort"). */
KTEST(debugger_name_shows_in_fault_report)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(kt_thread_create(&th, TASK, crash_fn, NULL), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "crash-me")), 0);
	KT_EQ(kt_thread_run(th, KT_MAIN_PRIO + 1), 0);
	KT_EQ(crashed_ready, 1);
	kt_sleep_us(2000);
}

/* Past L4_KEEL_OBJ_NAMED_MAX named objects, more names are refused (the kernel's
 * NAME_GET walk stays bounded); naming one already named still works. */
KTEST(debugger_named_objects_are_bounded)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(kt_thread_new(&th, TASK), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "first")), 0);
	unsigned n = 0;
	long err = 0;
	static l4_cap_idx_t irqs[L4_KEEL_OBJ_NAMED_MAX + 1];
	for (; n <= L4_KEEL_OBJ_NAMED_MAX && err == 0; n++) {
		irqs[n] = kt_cap_alloc();
		if (!l4_is_valid_cap(irqs[n]) || l4_error(l4_factory_create_irq(FACTORY, irqs[n])))
			break;
		kt_own(irqs[n]);
		err = l4_error(l4_debugger_set_object_name(irqs[n], "irq"));
	}
	KT_EQ(err, -L4_ENOMEM);
	KT_ASSERT(n <= L4_KEEL_OBJ_NAMED_MAX);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "renamed")), 0);
	/* Deleting named objects makes room again. */
	KT_EQ(l4_error(l4_task_delete_obj(TASK, irqs[0])), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(irqs[n - 1], "irq")), 0);
}

/* ---- semaphores ---- */

static long sem_create(l4_cap_idx_t *sem)
{
	*sem = kt_cap_alloc();
	long err = l4_error(l4_factory_create(FACTORY, L4_PROTO_SEMAPHORE, *sem));
	if (err == 0)
		kt_own(*sem);
	return err;
}

static long down_err(l4_cap_idx_t sem, l4_timeout_t to)
{
	l4_msgtag_t t = l4_semaphore_down(sem, to);
	if (l4_msgtag_has_error(t))
		return -(long)l4_ipc_error(t, l4_utcb()) - 10000;
	return l4_error(t);
}

#define ZERO	   L4_IPC_BOTH_TIMEOUT_0
#define DOWN_TIMED (-(long)L4_IPC_RETIMEOUT - 10000)

KTEST(semaphore_counts_ups_and_downs)
{
	KT_SCOPE();
	l4_cap_idx_t sem;
	KT_EQ(sem_create(&sem), 0);
	KT_EQ(down_err(sem, ZERO), DOWN_TIMED);
	KT_EQ(l4_ipc_error(l4_semaphore_up(sem), l4_utcb()), 0);
	KT_EQ(l4_ipc_error(l4_semaphore_up(sem), l4_utcb()), 0);
	KT_EQ(down_err(sem, ZERO), 0);
	KT_EQ(down_err(sem, ZERO), 0);
	KT_EQ(down_err(sem, ZERO), DOWN_TIMED);
}

KTEST(semaphore_down_times_out)
{
	KT_SCOPE();
	l4_cap_idx_t sem;
	KT_EQ(sem_create(&sem), 0);
	uint64_t t0 = kt_now_us();
	KT_EQ(down_err(sem, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(3000))), DOWN_TIMED);
	KT_ASSERT(kt_now_us() - t0 >= 3000);
}

struct downer {
	l4_cap_idx_t sem;
	volatile int started, done;
	volatile long err;
	volatile int order;
};

static volatile int wake_seq;

static void downer_fn(void *arg)
{
	struct downer *d = arg;
	d->started = 1;
	d->err = down_err(d->sem, L4_IPC_NEVER);
	d->order = ++wake_seq;
	d->done = 1;
}

KTEST(semaphore_up_wakes_a_waiter)
{
	KT_SCOPE();
	static struct downer d;
	l4_cap_idx_t sem, th;
	memset((void *)&d, 0, sizeof(d));
	KT_EQ(sem_create(&sem), 0);
	d.sem = sem;
	KT_EQ(kt_thread_start(&th, downer_fn, &d, KT_MAIN_PRIO - 1), 0);
	KT_ASSERT(kt_wait_ge(&d.started, 1, KT_SAFETY_US));
	kt_sleep_us(2000); /* it waits in down now */
	KT_EQ(d.done, 0);
	KT_EQ(l4_ipc_error(l4_semaphore_up(sem), l4_utcb()), 0);
	KT_ASSERT(kt_wait_ge(&d.done, 1, KT_SAFETY_US));
	KT_EQ(d.err, 0);
	KT_EQ(down_err(sem, ZERO), DOWN_TIMED); /* the up went to the waiter */
}

KTEST(semaphore_wakes_highest_priority_first)
{
	KT_SCOPE();
	static struct downer lo, hi, lo2;
	l4_cap_idx_t sem, t1, t2, t3;
	memset((void *)&lo, 0, sizeof(lo));
	memset((void *)&hi, 0, sizeof(hi));
	memset((void *)&lo2, 0, sizeof(lo2));
	wake_seq = 0;
	KT_EQ(sem_create(&sem), 0);
	lo.sem = hi.sem = lo2.sem = sem;
	/* Above the main thread: each runs into down at once, in this order. */
	KT_EQ(kt_thread_start(&t1, downer_fn, &lo, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_thread_start(&t2, downer_fn, &lo2, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_thread_start(&t3, downer_fn, &hi, KT_MAIN_PRIO + 2), 0);
	KT_ASSERT(lo.started && lo2.started && hi.started);
	for (int i = 0; i < 3; i++)
		KT_EQ(l4_ipc_error(l4_semaphore_up(sem), l4_utcb()), 0);
	KT_EQ(hi.order, 1);
	KT_EQ(lo.order, 2); /* FIFO among equals */
	KT_EQ(lo2.order, 3);
	KT_EQ(hi.err + lo.err + lo2.err, 0);
}

KTEST(semaphore_cancel_and_delete_end_a_down)
{
	KT_SCOPE();
	static struct downer a, b;
	l4_cap_idx_t sem, ta, tb;
	memset((void *)&a, 0, sizeof(a));
	memset((void *)&b, 0, sizeof(b));
	KT_EQ(sem_create(&sem), 0);
	a.sem = b.sem = sem;
	KT_EQ(kt_thread_start(&ta, downer_fn, &a, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_thread_start(&tb, downer_fn, &b, KT_MAIN_PRIO + 1), 0);
	KT_EQ(a.done + b.done, 0);
	KT_EQ(l4_error(l4_thread_ex_regs(ta, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL)), 0);
	KT_EQ(a.done, 1);
	KT_EQ(a.err, -(long)L4_IPC_RECANCELED - 10000);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, sem)), 0);
	KT_ASSERT(kt_wait_ge(&b.done, 1, KT_SAFETY_US));
	KT_EQ(b.err, -(long)L4_IPC_REABORTED - 10000);
}

KTEST(semaphore_waiter_deleted_leaves_the_queue)
{
	KT_SCOPE();
	static struct downer a;
	l4_cap_idx_t sem, ta;
	memset((void *)&a, 0, sizeof(a));
	KT_EQ(sem_create(&sem), 0);
	a.sem = sem;
	KT_EQ(kt_thread_start(&ta, downer_fn, &a, KT_MAIN_PRIO + 1), 0);
	KT_EQ(a.started, 1);
	KT_EQ(kt_thread_kill(ta), 0);
	/* The up finds no waiter: it counts, and a down takes it. */
	KT_EQ(l4_ipc_error(l4_semaphore_up(sem), l4_utcb()), 0);
	KT_EQ(down_err(sem, ZERO), 0);
	KT_EQ(a.done, 0);
}

KTEST(semaphore_rights_and_bad_messages)
{
	KT_SCOPE();
	l4_cap_idx_t sem;
	KT_EQ(sem_create(&sem), 0);
	l4_cap_idx_t w_only = kt_copy(sem, L4_CAP_FPAGE_W);
	KT_ASSERT(l4_is_valid_cap(w_only));
	KT_EQ(down_err(w_only, ZERO), -L4_EPERM);
	KT_EQ(l4_ipc_error(l4_semaphore_up(w_only), l4_utcb()), 0); /* up needs no right */
	KT_EQ(down_err(sem, ZERO), 0);
	l4_utcb_mr()->mr[0] = 7;
	KT_EQ(l4_error(l4_ipc_call(sem, l4_utcb(), l4_msgtag(L4_PROTO_SEMAPHORE, 1, 0, 0), ZERO)),
	      -L4_ENOSYS);
	KT_EQ(l4_error(l4_ipc_call(sem, l4_utcb(), l4_msgtag(L4_PROTO_SEMAPHORE, 0, 0, 0), ZERO)),
	      -L4_EMSGTOOSHORT);
	l4_utcb_mr()->mr[0] = 0;
	KT_EQ(l4_error(l4_ipc_call(sem, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), ZERO)),
	      -L4_EBADPROTO);
}

/* ---- platform control (shutdown and reboot: test_pfc_*.c images) ---- */

KTEST(platform_ctl_refuses_what_it_cannot_do)
{
	KT_SCOPE();
	KT_EQ(l4_error(l4_platform_ctl_system_suspend(PFC, 0)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_platform_ctl_cpu_enable(PFC, 1)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_platform_ctl_cpu_disable(PFC, 0)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_platform_ctl_cpu_allow_shutdown(PFC, 0, 1)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_platform_ctl_system_shutdown(PFC, 2)), -L4_EINVAL);
	l4_cap_idx_t ro = kt_copy(PFC, L4_CAP_FPAGE_R);
	KT_ASSERT(l4_is_valid_cap(ro));
	KT_EQ(l4_error(l4_platform_ctl_system_shutdown(ro, 0)), -L4_EPERM);
	KT_EQ(l4_error(l4_platform_ctl_system_shutdown(ro, 1)), -L4_EPERM);
	KT_EQ(l4_debugger_global_id(PFC), L4_KEEL_OBJ_ID_PLATFORM_CTL);
}

/* ---- kernel-user memory: more UTCB areas (l4_task_add_ku_mem) ---- */

/* Unused in the root task on both boards: its RAM, devices and modules lie elsewhere. */
#define KU_AREA	  0xa0000000UL
#define KU_ORDER  13 /* two pages */
#define KU_CHILD  0x00200000UL
#define KU_OFFSET L4_UTCB_OFFSET

static volatile int ku_seen;
static l4_umword_t ku_stack[256] __attribute__((aligned(8)));

/* A thread bound to a UTCB of the added area: it sees that UTCB as its own. */
static void ku_fn(void)
{
	ku_seen = l4_utcb() == (l4_utcb_t *)(KU_AREA + KU_OFFSET) ? 1 : 2;
	l4_utcb_mr()->mr[5] = 0x6b75;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

static long bind_at(l4_cap_idx_t thread, l4_cap_idx_t task, l4_addr_t utcb)
{
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)utcb, task);
	return l4_error(l4_thread_control_commit(thread));
}

static long new_thread(l4_cap_idx_t *th)
{
	*th = kt_cap_alloc();
	long err = l4_error(l4_factory_create_thread(FACTORY, *th));
	if (!err)
		kt_own(*th);
	return err;
}

KTEST(ku_mem_area_takes_threads_of_its_task)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	KT_EQ(new_thread(&th), 0);
	/* Not a UTCB area yet: binding there fails. */
	KT_EQ(bind_at(th, TASK, KU_AREA + KU_OFFSET), -L4_EINVAL);
	KT_EQ(l4_error(l4_task_add_ku_mem(TASK, l4_fpage(KU_AREA, KU_ORDER, L4_FPAGE_RW))), 0);
	KT_EQ(bind_at(th, TASK, KU_AREA + KU_OFFSET), 0);
	KT_EQ(bind_at(th, TASK, KU_AREA + 3), -L4_EINVAL); /* not a UTCB slot */
	KT_EQ(l4_error(l4_thread_ex_regs(th, (l4_addr_t)ku_fn, (l4_addr_t)&ku_stack[256], 0)), 0);
	KT_EQ(kt_thread_run(th, KT_MAIN_PRIO + 1), 0);
	KT_EQ(ku_seen, 1);
	/* The area's page is the task's to read, as a UTCB area's is. */
	KT_EQ(((volatile l4_msg_regs_t *)l4_utcb_mr_u((l4_utcb_t *)(KU_AREA + KU_OFFSET)))->mr[5],
	      0x6b75);
	/* The same area again, or one overlapping it, is refused; nothing maps over it. */
	KT_EQ(l4_error(l4_task_add_ku_mem(TASK, l4_fpage(KU_AREA, KU_ORDER, L4_FPAGE_RW))),
	      -L4_EEXIST);
	KT_EQ(l4_error(l4_task_add_ku_mem(TASK, l4_fpage(KU_AREA + 0x1000, 12, L4_FPAGE_RW))),
	      -L4_EEXIST);
	KT_ASSERT(l4_error(l4_task_map(TASK, TASK, l4_fpage(KU_AREA - 0x2000, 12, L4_FPAGE_RW),
				       KU_AREA)) < 0);
}

KTEST(ku_mem_refuses_bad_flexpages_and_rights)
{
	KT_SCOPE();
	l4_cap_idx_t task, ro;
	KT_EQ(kt_task_create_empty(&task), 0);
	ro = kt_copy(task, L4_CAP_FPAGE_R | L4_CAP_FPAGE_S);
	KT_ASSERT(l4_is_valid_cap(ro));
	KT_EQ(l4_error(l4_task_add_ku_mem(ro, l4_fpage(KU_CHILD, 12, L4_FPAGE_RW))), -L4_EPERM);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD, 8, L4_FPAGE_RW))), -L4_EINVAL);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD, 17, L4_FPAGE_RW))), -L4_EINVAL);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD + 0x1000, 13, L4_FPAGE_RW))),
	      -L4_EINVAL); /* not aligned to its size */
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(0, 12, L4_FPAGE_RW))), -L4_EINVAL);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(0xc0000000UL, 12, L4_FPAGE_RW))),
	      -L4_EINVAL); /* kernel space */
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_obj_fpage(TASK, 0, L4_CAP_FPAGE_RW))),
	      -L4_EINVAL); /* not memory */
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))),
	      -L4_EEXIST); /* its UTCB area */
	/* Over a page mapped there already. */
	KT_EQ(l4_error(l4_task_map(task, TASK,
				   l4_fpage((l4_addr_t)ku_stack & ~0xfffUL, 12, L4_FPAGE_RW),
				   KU_CHILD + 0x10000)),
	      0);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD + 0x10000, 14, L4_FPAGE_RW))),
	      -L4_EEXIST);
	/* Three more areas, then no more. */
	for (unsigned i = 0; i < 3; i++)
		KT_EQ(l4_error(l4_task_add_ku_mem(
			  task, l4_fpage(KU_CHILD + i * 0x1000, 12, L4_FPAGE_RW))),
		      0);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD + 0x3000, 12, L4_FPAGE_RW))),
	      -L4_ENOMEM);
	/* Threads of the child bind to its added areas, not to another task's. */
	l4_cap_idx_t th;
	KT_EQ(new_thread(&th), 0);
	KT_EQ(bind_at(th, task, KU_CHILD + 0x1000 + KU_OFFSET), 0);
	l4_cap_idx_t th2;
	KT_EQ(new_thread(&th2), 0);
	KT_EQ(bind_at(th2, TASK, KU_CHILD + 0x1000), -L4_EINVAL);
}

/* ---- l4sys_errtostr (l4/sys/err.h) ---- */

KTEST(errtostr_names_object_and_ipc_errors)
{
	KT_EQ(strcmp(l4sys_errtostr(0), "Success"), 0);
	KT_EQ(strcmp(l4sys_errtostr(-L4_EPERM), "Operation not permitted"), 0);
	KT_EQ(strcmp(l4sys_errtostr(L4_ENOMEM), "Out of memory"), 0);
	KT_EQ(strcmp(l4sys_errtostr(l4_ipc_to_errno(L4_IPC_RETIMEOUT)), "IPC: receive timeout"), 0);
	KT_EQ(strcmp(l4sys_errtostr(-L4_EIPC_HI), "IPC: unknown error"), 0);
	KT_EQ(strcmp(l4sys_errtostr(-12345), "Unknown error"), 0);
}

/* ---- attacks and accounting ---- */

static long used_by(l4_cap_idx_t f)
{
	l4_umword_t limit, used, free_bytes;
	if (l4_error(l4_factory_keel_info(f, &limit, &used, &free_bytes)))
		return -1;
	return (long)used;
}

/* Added areas cost nothing until used; a bound UTCB's page is charged to the task's
 * factory once; deleting the task gives all of it back (no leak). */
KTEST(ku_mem_pages_charged_and_returned)
{
	KT_SCOPE();
	l4_cap_idx_t f, task = kt_cap_alloc(), th;
	KT_EQ(kt_factory_create(&f, 256 * 1024), 0);
	long empty = used_by(f);
	KT_ASSERT(empty >= 0);
	KT_EQ(l4_error(l4_factory_create_task(f, task, l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW))),
	      0);
	long with_task = used_by(f);
	KT_EQ(l4_error(l4_task_add_ku_mem(task, l4_fpage(KU_CHILD, 16, L4_FPAGE_RW))), 0);
	KT_EQ(used_by(f), with_task); /* nothing yet */
	KT_EQ(new_thread(&th), 0);
	KT_EQ(bind_at(th, task, KU_CHILD + 0x3000 + KU_OFFSET), 0);
	/* The page, and a page table for it where the task had none. */
	KT_ASSERT(used_by(f) >= with_task + (long)L4_PAGESIZE);
	KT_ASSERT(used_by(f) <= with_task + 2 * (long)L4_PAGESIZE);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, task)), 0);
	KT_EQ(used_by(f), empty);
}

/* Control bytes in a name cannot forge lines in the kernel's reports: they become '?'. */
KTEST(debugger_name_is_printable)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	char name[32];
	KT_EQ(kt_thread_new(&th, TASK), 0);
	KT_EQ(l4_error(l4_debugger_set_object_name(th, "a\nKERNEL\x1b[2J\x80")), 0);
	unsigned id = (unsigned)l4_debugger_global_id(th);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), 0);
	KT_EQ(strcmp(name, "a?KERNEL?[2J?"), 0);
}

/* A name of the whole message's length, with no NUL in it, is cut to 15 bytes. */
KTEST(debugger_name_without_nul_is_cut)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	char name[32];
	KT_EQ(kt_thread_new(&th, TASK), 0);
	l4_msg_regs_t *m = l4_utcb_mr();
	m->mr[0] = L4_DEBUGGER_NAME_SET_OP + L4_KEEL_DEBUGGER_OP_BASE;
	memset(&m->mr[1], 'z', (L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t));
	m->mr[L4_UTCB_GENERIC_DATA_SIZE - 2] = L4_ITEM_MAP;
	m->mr[L4_UTCB_GENERIC_DATA_SIZE - 1] = l4_obj_fpage(th, 0, L4_CAP_FPAGE_RWS).raw;
	KT_EQ(l4_error(l4_ipc_call(
		  DEBUGGER, l4_utcb(),
		  l4_msgtag(L4_PROTO_DEBUGGER, L4_UTCB_GENERIC_DATA_SIZE - 2, 1, 0), L4_IPC_NEVER)),
	      0);
	unsigned id = (unsigned)l4_debugger_global_id(th);
	KT_EQ(l4_error(l4_debugger_get_object_name(DEBUGGER, id, name, sizeof(name))), 0);
	KT_EQ(strcmp(name, "zzzzzzzzzzzzzzz"), 0);
}

/* Many threads waiting on one semaphore: its deletion ends every wait (preemptible,
 * one thread at a time), and none is left queued. */
KTEST(semaphore_deleted_under_many_waiters)
{
	KT_SCOPE();
	enum { N = 10 }; /* as many helper threads as the test library has stacks for */
	static struct downer d[N];
	l4_cap_idx_t sem, th;
	KT_EQ(sem_create(&sem), 0);
	for (int i = 0; i < N; i++) {
		memset((void *)&d[i], 0, sizeof(d[i]));
		d[i].sem = sem;
		KT_EQ(kt_thread_start(&th, downer_fn, &d[i], KT_MAIN_PRIO + 1 + i % 3), 0);
		KT_EQ(d[i].started, 1);
	}
	KT_EQ(l4_error(l4_task_delete_obj(TASK, sem)), 0);
	for (int i = 0; i < N; i++) {
		KT_ASSERT(kt_wait_ge(&d[i].done, 1, KT_SAFETY_US));
		KT_EQ(d[i].err, -(long)L4_IPC_REABORTED - 10000);
	}
}

/* Short and misaddressed messages to the new operations: each refused on its own. */
KTEST(short_and_wrong_protocol_messages_are_refused)
{
	KT_SCOPE();
	l4_msg_regs_t *m = l4_utcb_mr();
	/* Platform control: SHUTDOWN without its argument; another protocol. */
	m->mr[0] = L4_PLATFORM_CTL_SYS_SHUTDOWN_OP;
	KT_EQ(l4_error(l4_ipc_call(PFC, l4_utcb(), l4_msgtag(L4_PROTO_PLATFORM_CTL, 1, 0, 0),
				   L4_IPC_NEVER)),
	      -L4_EMSGTOOSHORT);
	KT_EQ(l4_error(l4_ipc_call(PFC, l4_utcb(), l4_msgtag(L4_PROTO_PLATFORM_CTL, 0, 0, 0),
				   L4_IPC_NEVER)),
	      -L4_EMSGTOOSHORT);
	m->mr[0] = L4_PLATFORM_CTL_SYS_SHUTDOWN_OP;
	m->mr[1] = 0;
	KT_EQ(l4_error(l4_ipc_call(PFC, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 2, 0, 0), L4_IPC_NEVER)),
	      -L4_EBADPROTO);
	/* The debugger: NAME_GET without the identity. */
	m->mr[0] = L4_DEBUGGER_NAME_GET_OP + L4_KEEL_DEBUGGER_OP_BASE;
	m->mr[1] = L4_ITEM_MAP;
	m->mr[2] = l4_obj_fpage(DEBUGGER, 0, L4_CAP_FPAGE_RWS).raw;
	KT_EQ(l4_error(l4_ipc_call(DEBUGGER, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, 1, 1, 0),
				   L4_IPC_NEVER)),
	      -L4_EMSGTOOSHORT);
	/* The task: ADD_KU_MEM without its flexpage. */
	m->mr[0] = L4_TASK_ADD_KU_MEM_OP;
	KT_EQ(
	    l4_error(l4_ipc_call(TASK, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER)),
	    -L4_EMSGTOOSHORT);
}
