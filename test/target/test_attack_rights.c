/*
 * test_attack_rights.c - rights on argument capabilities (issue 12, finding 5): each
 * row of docs/objects.md "Rights on argument capabilities", with the needed right
 * missing (the documented error, and nothing happened) and present (it works); then
 * the same attacks made by a loaded program that holds read-only capabilities.
 *
 * A capability "without X" has every basic right but X; one "with X" has only X, so
 * that each test shows that X and nothing else decides.
 */
#include "attack_rights.h"
#include "ktest_util.h"
#include "loader.h"
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <stdio.h>

#define TASK	L4_BASE_TASK_CAP
#define FACTORY L4_BASE_FACTORY_CAP
#define ICU	L4_BASE_ICU_CAP
#define SCHED	L4_BASE_SCHEDULER_CAP
#define PG	0x1000UL

#define WITHOUT(right) (L4_CAP_FPAGE_RWSD & ~(unsigned)(right))
#define VICTIM_SLOT    (ATTACK_VICTIM_SLOT << L4_CAP_SHIFT)

/* Fresh user RAM of the root task (identity-mapped there), never reused: tests map
 * other pages over it: 1 MiB of the part tests may take (kt_spare_ram()). Fresh virtual
 * pages that are not RAM. */
#define RAM_SIZE 0x100000UL
#define VA_START 0x21000000UL
#define VA_END	 0x21100000UL

/* A line no QEMU device drives (virt: SPI 100; versatilepb: VIC line 20). */
#define LINE	   (kt_irq_lines()->spare)
#define LABEL1	   0x1230UL
#define LABEL2	   0x4560UL
#define SRV_PRIO   (KT_MAIN_PRIO + 1)
#define CHILD_PRIO 90

static struct kt_server srv1, srv2;

/* ---- helpers ---- */

static l4_addr_t ram_next, ram_end, va_next = VA_START;

/* The word the root task writes at the start of each page of fresh RAM. */
static l4_umword_t pat(l4_addr_t page)
{
	return (page >> 12) ^ 0x5a000000UL;
}

static l4_addr_t ram_page(void)
{
	if (!ram_end) {
		l4_addr_t end;
		kt_spare_ram(&ram_next, &end);
		ram_end = ram_next && ram_next + RAM_SIZE <= end ? ram_next + RAM_SIZE : 0;
	}
	if (ram_next >= ram_end)
		return 0;
	l4_addr_t a = ram_next;
	ram_next += PG;
	*(volatile l4_umword_t *)a = pat(a);
	*(volatile l4_umword_t *)(a + 8) = 0;
	return a;
}

static l4_addr_t va_page(void)
{
	if (va_next >= VA_END)
		return 0;
	l4_addr_t a = va_next;
	va_next += PG;
	return a;
}

static l4_umword_t peek(l4_addr_t a)
{
	return *(volatile l4_umword_t *)a;
}

/* Copies of @cap: read-only, without @right, with only @right. */
struct copies {
	l4_cap_idx_t ro, without, with;
};

static int copies_of(struct copies *c, l4_cap_idx_t cap, unsigned right)
{
	c->ro = kt_copy(cap, L4_CAP_FPAGE_RO);
	c->without = kt_copy(cap, WITHOUT(right));
	c->with = kt_copy(cap, right);
	return l4_is_valid_cap(c->ro) && l4_is_valid_cap(c->without) && l4_is_valid_cap(c->with)
		   ? 0
		   : -L4_ENOMEM;
}

/* A task (root UTCB area) with the log in VICTIM_SLOT. */
static int victim_task(l4_cap_idx_t *task)
{
	int err = kt_task_create_empty(task);
	if (!err)
		err = (int)kt_map(*task, TASK, L4_BASE_LOG_CAP, VICTIM_SLOT, L4_CAP_FPAGE_RW);
	return err;
}

/* The root task maps (or grants) the capability in src_task's VICTIM_SLOT to dst. */
static long map_cap_from(l4_cap_idx_t src_task, l4_cap_idx_t dst, unsigned grant)
{
	return l4_error(l4_task_map(TASK, src_task, l4_obj_fpage(VICTIM_SLOT, 0, L4_CAP_FPAGE_RWSD),
				    l4_map_obj_control(dst, grant)));
}

/* The root task maps (or grants) src_task's page at from to its own address to. */
static long map_page_from(l4_cap_idx_t src_task, l4_addr_t from, l4_addr_t to, unsigned grant)
{
	return l4_error(l4_task_map(TASK, src_task, l4_fpage(from, 12, L4_FPAGE_RWX),
				    l4_map_control(to, 0, grant)));
}

static long bind_task(l4_cap_idx_t thread, l4_cap_idx_t task)
{
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)ATTACK_VICTIM_UTCB, task);
	return l4_error(l4_thread_control_commit(thread));
}

/* A call with one word through a gate; returns the IPC error. */
static long ping(l4_cap_idx_t gate)
{
	l4_utcb_mr()->mr[0] = 1;
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_safety_timeout());
	return l4_ipc_error(tag, l4_utcb());
}

static long gate_label(l4_cap_idx_t gate, l4_umword_t *label)
{
	*label = 0;
	return l4_error(l4_ipc_gate_get_infos(gate, label));
}

static long irq_create(l4_cap_idx_t *irq)
{
	*irq = kt_cap_alloc();
	long err = l4_error(l4_factory_create_irq(FACTORY, *irq));
	if (!err)
		kt_own(*irq);
	return err;
}

/* A server thread that echoes calls (and a gate to it with label, if gate). */
static int server(struct kt_server *s, l4_cap_idx_t *thread, l4_cap_idx_t *gate, l4_umword_t label)
{
	kt_server_init(s);
	return kt_server_start(s, thread, gate, label, SRV_PRIO);
}

/* A thread that takes one message (an interrupt, a page fault) and then sleeps. */
static int one_shot_server(struct kt_server *s, l4_cap_idx_t *thread)
{
	kt_server_init(s);
	s->no_reply = 1;
	return kt_server_start(s, thread, NULL, 0, SRV_PRIO);
}

/* ---- task: MAP, source task ---- */

KTEST(task_map_capability_source_task_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t v, dst = kt_cap_alloc();
	struct copies c;
	KT_EQ(victim_task(&v), 0);
	KT_EQ(copies_of(&c, v, L4_CAP_FPAGE_S), 0);
	KT_EQ(map_cap_from(c.ro, dst, 0), -L4_EPERM);
	KT_EQ(map_cap_from(c.without, dst, 0), -L4_EPERM);
	KT_EQ(kt_valid(TASK, dst), 0);
	KT_EQ(map_cap_from(c.with, dst, 0), 0);
	KT_EQ(kt_equal(TASK, dst, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_valid(v, VICTIM_SLOT), 1);
}

KTEST(task_grant_capability_source_task_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t v, dst = kt_cap_alloc();
	struct copies c;
	KT_EQ(victim_task(&v), 0);
	KT_EQ(copies_of(&c, v, L4_CAP_FPAGE_S), 0);
	KT_EQ(map_cap_from(c.ro, dst, L4_MAP_ITEM_GRANT), -L4_EPERM);
	KT_EQ(map_cap_from(c.without, dst, L4_MAP_ITEM_GRANT), -L4_EPERM);
	KT_EQ(kt_valid(TASK, dst), 0);
	KT_EQ(kt_valid(v, VICTIM_SLOT), 1);
	KT_EQ(map_cap_from(c.with, dst, L4_MAP_ITEM_GRANT), 0);
	KT_EQ(kt_equal(TASK, dst, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_valid(v, VICTIM_SLOT), 0);
}

/* Whether a page arrived is seen at root addresses that had their own page before. */
KTEST(task_map_and_grant_memory_source_task_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t v;
	struct copies c;
	l4_addr_t pv = ram_page(), pa = ram_page(), pb = ram_page(), pc = ram_page();
	l4_addr_t x = va_page();
	KT_ASSERT(pv && pa && pb && pc && x);
	KT_EQ(kt_task_create_empty(&v), 0);
	KT_EQ(
	    l4_error(l4_task_map(v, TASK, l4_fpage(pv, 12, L4_FPAGE_RW), l4_map_control(x, 0, 0))),
	    0);
	KT_EQ(copies_of(&c, v, L4_CAP_FPAGE_S), 0);
	KT_EQ(map_page_from(c.ro, x, pa, 0), -L4_EPERM);
	KT_EQ(map_page_from(c.without, x, pa, 0), -L4_EPERM);
	KT_EQ(map_page_from(c.without, x, pb, L4_MAP_ITEM_GRANT), -L4_EPERM);
	KT_EQ(peek(pa), pat(pa));
	KT_EQ(peek(pb), pat(pb));
	/* With S: the victim's page appears at pa, then moves to pb. */
	KT_EQ(map_page_from(c.with, x, pa, 0), 0);
	KT_EQ(peek(pa), pat(pv));
	KT_EQ(map_page_from(c.with, x, pb, L4_MAP_ITEM_GRANT), 0);
	KT_EQ(peek(pb), pat(pv));
	KT_EQ(map_page_from(v, x, pc, 0), 0);
	KT_EQ(peek(pc), pat(pc));
}

/* ---- task: UNMAP with L4_FP_DELETE_OBJ, each capability of the flexpage ---- */

KTEST(task_unmap_delete_needs_d)
{
	KT_SCOPE();
	l4_cap_idx_t g;
	struct copies c;
	KT_EQ(kt_gate_create(&g, L4_INVALID_CAP, LABEL1), 0);
	KT_EQ(copies_of(&c, g, L4_CAP_FPAGE_D), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, c.ro)), -L4_EPERM);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, c.without)), -L4_EPERM);
	KT_EQ(kt_valid(TASK, g), 1);
	KT_EQ(kt_valid(TASK, c.without), 1);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, c.with)), 0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(TASK, c.ro), 0);
}

/* ---- thread: CONTROL with BIND_TASK ---- */

KTEST(thread_bind_task_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t v, t = kt_cap_alloc();
	struct copies c;
	KT_EQ(kt_task_create_empty(&v), 0);
	KT_EQ(l4_error(l4_factory_create_thread(FACTORY, t)), 0);
	kt_own(t);
	KT_EQ(copies_of(&c, v, L4_CAP_FPAGE_S), 0);
	KT_EQ(bind_task(t, c.ro), -L4_EPERM);
	KT_EQ(bind_task(t, c.without), -L4_EPERM);
	/* Still unbound: ex_regs refuses it. */
	KT_EQ(l4_error(l4_thread_ex_regs(t, ~0UL, ~0UL, 0)), -L4_EINVAL);
	KT_EQ(bind_task(t, c.with), 0);
	KT_EQ(l4_error(l4_thread_ex_regs(t, ~0UL, ~0UL, 0)), 0);
}

/* ---- thread: CONTROL with SET_PAGER (and SET_EXC_HANDLER) ---- */

static volatile int touched;

/* Write to a page nobody mapped: a page fault to the pager. */
static void touch_unmapped(void *arg)
{
	*(volatile l4_umword_t *)arg = 1;
	touched = 1;
}

/* The pager (and exception handler) is a slot of the thread's own task that the kernel
 * calls at each fault: IPC, which needs no right, so a read-only capability will do. */
KTEST(thread_pager_needs_no_right)
{
	KT_SCOPE();
	l4_cap_idx_t pager, t;
	l4_addr_t v = va_page();
	KT_ASSERT(v);
	touched = 0;
	KT_EQ(one_shot_server(&srv1, &pager), 0);
	l4_cap_idx_t ro = kt_copy(pager, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	KT_EQ(kt_thread_create(&t, TASK, touch_unmapped, (void *)v), 0);
	l4_thread_control_start();
	l4_thread_control_pager(ro);
	l4_thread_control_exc_handler(ro);
	KT_EQ(l4_error(l4_thread_control_commit(t)), 0);
	KT_EQ(kt_thread_run(t, SRV_PRIO), 0);
	KT_ASSERT(kt_wait_ge(&srv1.count, 1, KT_SAFETY_US));
	KT_EQ(srv1.tag_label, L4_PROTO_PAGE_FAULT);
	KT_EQ(srv1.mr[0] & ~7UL, v);
	KT_EQ(touched, 0);
	/* Gone before its pager, so that it is not left stopped by its pager's end. */
	KT_EQ(kt_thread_kill(t), 0);
}

/* ---- IPC gate: BIND, thread ---- */

KTEST(gate_bind_thread_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t th1, th2, gate;
	struct copies c;
	l4_umword_t label;
	KT_EQ(server(&srv1, &th1, &gate, LABEL1), 0);
	KT_EQ(server(&srv2, &th2, NULL, 0), 0);
	KT_EQ(copies_of(&c, th2, L4_CAP_FPAGE_S), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(gate, c.ro, LABEL2)), -L4_EPERM);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(gate, c.without, LABEL2)), -L4_EPERM);
	/* Neither the label nor the receiver changed. */
	KT_EQ(gate_label(gate, &label), 0);
	KT_EQ(label, LABEL1);
	KT_EQ(ping(gate), 0);
	KT_EQ(srv1.count, 1);
	KT_EQ(srv2.count, 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(gate, c.with, LABEL2)), 0);
	KT_EQ(gate_label(gate, &label), 0);
	KT_EQ(label, LABEL2);
	KT_EQ(ping(gate), 0);
	KT_EQ(srv2.count, 1);
	KT_EQ(srv2.label & ~3UL, LABEL2);
}

/* ---- factory: create an IPC gate bound to a thread ---- */

KTEST(factory_gate_bound_to_thread_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t th, f, slot = kt_cap_alloc();
	struct copies c;
	long stop;
	KT_EQ(server(&srv1, &th, NULL, 0), 0);
	KT_EQ(copies_of(&c, th, L4_CAP_FPAGE_S), 0);
	KT_EQ(kt_factory_create(&f, 8 * 1024), 0);
	unsigned before = kt_count_creatable(f, KT_OBJ_GATE, &stop);
	KT_ASSERT(before > 0);
	KT_EQ(l4_error(l4_factory_create_gate(f, slot, c.ro, LABEL1)), -L4_EPERM);
	KT_EQ(l4_error(l4_factory_create_gate(f, slot, c.without, LABEL1)), -L4_EPERM);
	/* No gate appeared, none was paid for. */
	KT_EQ(kt_valid(TASK, slot), 0);
	KT_EQ(kt_count_creatable(f, KT_OBJ_GATE, &stop), before);
	KT_EQ(l4_error(l4_factory_create_gate(f, slot, c.with, LABEL1)), 0);
	kt_own(slot);
	KT_EQ(ping(slot), 0);
	KT_EQ(srv1.count, 1);
	KT_EQ(srv1.label & ~3UL, LABEL1);
}

/* ---- factory: create scheduler, the parent scheduler ---- */

/* A new scheduler made from a parent needs W on it, the right run_thread needs: a
 * read-only scheduler capability must not yield a usable one. */
KTEST(factory_scheduler_from_parent_needs_w)
{
	KT_SCOPE();
	l4_cap_idx_t f, slot = kt_cap_alloc();
	struct copies c;
	KT_EQ(copies_of(&c, SCHED, L4_CAP_FPAGE_W), 0);
	KT_EQ(kt_factory_create(&f, 8 * 1024), 0);
	KT_EQ(l4_error(l4_factory_create_scheduler(f, slot, c.ro, 80, 10)), -L4_EPERM);
	KT_EQ(l4_error(l4_factory_create_scheduler(f, slot, c.without, 80, 10)), -L4_EPERM);
	KT_EQ(kt_valid(TASK, slot), 0); /* nothing was made */
	KT_EQ(l4_error(l4_factory_create_scheduler(f, slot, c.with, 80, 10)), 0);
	kt_own(slot);
	KT_EQ(kt_valid(TASK, slot), 1);
}

/* ---- IRQ: BIND, thread ---- */

KTEST(irq_bind_thread_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t th1, th2, irq;
	struct copies c;
	KT_EQ(one_shot_server(&srv1, &th1), 0);
	KT_EQ(one_shot_server(&srv2, &th2), 0);
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, th1, LABEL1)), 0);
	KT_EQ(copies_of(&c, th2, L4_CAP_FPAGE_S), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, c.ro, LABEL2)), -L4_EPERM);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, c.without, LABEL2)), -L4_EPERM);
	/* It still goes to the first thread, with the first label. */
	KT_EQ(l4_error(l4_irq_trigger(irq)), 0);
	KT_ASSERT(kt_wait_ge(&srv1.count, 1, KT_SAFETY_US));
	KT_EQ(srv1.tag_label, 0); /* an interrupt's tag is 0 */
	KT_EQ(srv1.label, LABEL1);
	KT_EQ(srv2.count, 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, c.with, LABEL2)), 0);
	KT_EQ(l4_error(l4_irq_trigger(irq)), 0);
	KT_ASSERT(kt_wait_ge(&srv2.count, 1, KT_SAFETY_US));
	KT_EQ(srv2.label, LABEL2);
}

/* ---- ICU: BIND and UNBIND, IRQ ---- */

KTEST(icu_bind_irq_needs_w)
{
	KT_SCOPE();
	l4_cap_idx_t a, b;
	struct copies c;
	KT_EQ(irq_create(&a), 0);
	KT_EQ(irq_create(&b), 0);
	KT_EQ(copies_of(&c, a, L4_CAP_FPAGE_W), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, c.ro)), -L4_EPERM);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, c.without)), -L4_EPERM);
	/* The line is still free. */
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), 0);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, b)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, c.with)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), -L4_EBUSY);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, a)), 0);
}

KTEST(icu_unbind_irq_needs_w)
{
	KT_SCOPE();
	l4_cap_idx_t a, b;
	struct copies c;
	KT_EQ(irq_create(&a), 0);
	KT_EQ(irq_create(&b), 0);
	KT_EQ(copies_of(&c, a, L4_CAP_FPAGE_W), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, a)), 0);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, c.ro)), -L4_EPERM);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, c.without)), -L4_EPERM);
	/* Still bound. */
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), -L4_EBUSY);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, c.with)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), 0);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, b)), 0);
}

/* ---- scheduler: RUN_THREAD, thread ---- */

static volatile int ran;

static void mark_ran(void *arg)
{
	(void)arg;
	ran = 1;
}

KTEST(scheduler_run_thread_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	struct copies c;
	l4_kernel_clock_t us = 1;
	ran = 0;
	KT_EQ(kt_thread_create(&t, TASK, mark_ran, NULL), 0);
	KT_EQ(copies_of(&c, t, L4_CAP_FPAGE_S), 0);
	l4_sched_param_t top = l4_sched_param(254, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, c.ro, &top)), -L4_EPERM);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, c.without, &top)), -L4_EPERM);
	/* Above the caller it would have run before the call returned. */
	KT_EQ(ran, 0);
	KT_EQ(l4_error(l4_thread_stats_time(t, &us)), 0);
	KT_EQ(us, 0);
	l4_sched_param_t sp = l4_sched_param(SRV_PRIO, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, c.with, &sp)), 0);
	KT_ASSERT(kt_wait_ge(&ran, 1, KT_SAFETY_US));
}

/* ---- IPC items: the sender's own capability; the receiver gets no more ---- */

/* In the server: the return item after the words. */
static void save_return_item(struct kt_server *s)
{
	s->ext[0] = (long)l4_utcb_mr()->mr[s->words];
	s->ext[1] = (long)l4_utcb_mr()->mr[s->words + 1];
}

/* One word and one capability item through gate; returns the IPC error. */
static long send_cap(l4_cap_idx_t gate, l4_umword_t ctl, l4_cap_idx_t cap, unsigned rights)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = 0;
	mr->mr[1] = ctl;
	mr->mr[2] = l4_obj_fpage(cap, 0, (unsigned char)rights).raw;
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 1, 1, 0), kt_safety_timeout());
	return l4_ipc_error(tag, l4_utcb());
}

KTEST(ipc_cap_item_needs_no_right_and_adds_none)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, g;
	l4_umword_t label;
	kt_server_init(&srv1);
	srv1.rcv_cap = kt_cap_alloc();
	srv1.on_msg = save_return_item;
	KT_EQ(kt_server_start(&srv1, &th, &gate, LABEL1, SRV_PRIO), 0);
	/* A read-only log sent with every right: the receiver's copy is read-only. */
	l4_cap_idx_t ro = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RO);
	KT_EQ(
	    send_cap(gate, l4_map_control(0, L4_FPAGE_C_OBJ_RIGHTS >> 4, 0), ro, L4_CAP_FPAGE_RWSD),
	    0);
	KT_EQ(srv1.ext[0] & 0x3e, L4_RCV_ITEM_CAP_RECEIVED);
	KT_EQ(srv1.ext[1] & 0xf, L4_CAP_FPAGE_RO);
	KT_EQ(kt_equal(TASK, srv1.rcv_cap, L4_BASE_LOG_CAP), 1);
	KT_EQ(l4_vcon_write(srv1.rcv_cap, "", 0), -L4_EPERM);
	/* Granted: the same, and the sender's slot is empty. */
	KT_EQ(send_cap(gate, l4_map_control(0, 0, L4_MAP_ITEM_GRANT), ro, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(kt_valid(TASK, ro), 0);
	KT_EQ(srv1.ext[1] & 0xf, L4_CAP_FPAGE_RO);
	KT_EQ(l4_vcon_write(srv1.rcv_cap, "", 0), -L4_EPERM);
	/* A gate without the server right, sent with it: the receiver cannot get_info. */
	KT_EQ(kt_gate_create(&g, L4_INVALID_CAP, LABEL2), 0);
	l4_cap_idx_t client = kt_copy(g, L4_CAP_FPAGE_RWSD);
	KT_EQ(gate_label(client, &label), -L4_EPERM);
	KT_EQ(send_cap(gate, l4_map_control(0, L4_FPAGE_C_IPCGATE_SVR >> 4, 0), client,
		       L4_CAP_FPAGE_RWSD),
	      0);
	KT_EQ(gate_label(srv1.rcv_cap, &label), -L4_EPERM);
	/* The allowed case: the gate with the server right, passed on with it. */
	KT_EQ(
	    send_cap(gate, l4_map_control(0, L4_FPAGE_C_IPCGATE_SVR >> 4, 0), g, L4_CAP_FPAGE_RWSD),
	    0);
	KT_EQ(gate_label(srv1.rcv_cap, &label), 0);
	KT_EQ(label, LABEL2);
}

/* A receiver in the root task: takes one memory item into its window, reads the page
 * and writes it; a write the page does not allow goes to its pager. */
struct mem_rcv {
	l4_addr_t win;
	volatile long err;
	volatile l4_umword_t val;
	volatile int wrote;
};

static struct mem_rcv mrcv[2];

static void mem_rcv_fn(void *arg)
{
	struct mem_rcv *r = arg;
	l4_umword_t label = 0;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = l4_fpage(r->win, 12, 0).raw | L4_ITEM_MAP;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	l4_utcb_br()->br[0] = 0;
	r->err = l4_ipc_error(tag, l4_utcb());
	if (r->err)
		return;
	r->val = peek(r->win);
	*(volatile l4_umword_t *)(r->win + 8) = 0x77;
	r->wrote = 1;
}

/* Send the page at src with rights fp_rights as a memory item to a new receiver r
 * (*rcv) whose pager is the one-shot server pager. Return: the IPC error. */
static long send_page(struct mem_rcv *r, l4_cap_idx_t *rcv, struct kt_server *pager, l4_addr_t src,
		      unsigned fp_rights)
{
	l4_cap_idx_t pager_th;
	r->err = -1;
	long err = one_shot_server(pager, &pager_th);
	if (!err)
		err = kt_thread_create(rcv, TASK, mem_rcv_fn, r);
	if (!err) {
		l4_thread_control_start();
		l4_thread_control_pager(pager_th);
		err = l4_error(l4_thread_control_commit(*rcv));
	}
	if (!err)
		err = kt_thread_run(*rcv, SRV_PRIO);
	if (err)
		return err;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_control(0, 0, 0);
	mr->mr[1] = l4_fpage(src, 12, (unsigned char)fp_rights).raw;
	l4_msgtag_t tag = l4_ipc_send(*rcv, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_safety_timeout());
	return l4_ipc_error(tag, l4_utcb());
}

KTEST(ipc_memory_item_gets_page_and_flexpage_rights)
{
	KT_SCOPE();
	l4_cap_idx_t rcv;
	l4_addr_t p = ram_page(), q = ram_page(), y = va_page();
	mrcv[0].win = va_page();
	mrcv[1].win = va_page();
	KT_ASSERT(p && q && y && mrcv[0].win && mrcv[1].win);
	/* The sender holds p read-only at y and sends it with every right. */
	KT_EQ(l4_error(
		  l4_task_map(TASK, TASK, l4_fpage(p, 12, L4_FPAGE_RO), l4_map_control(y, 0, 0))),
	      0);
	KT_EQ(send_page(&mrcv[0], &rcv, &srv1, y, L4_FPAGE_RWX), 0);
	KT_ASSERT(kt_wait_ge(&srv1.count, 1, KT_SAFETY_US));
	KT_EQ(mrcv[0].err, 0);
	KT_EQ(mrcv[0].val, pat(p));
	KT_EQ(mrcv[0].wrote, 0);
	KT_EQ(srv1.tag_label, L4_PROTO_PAGE_FAULT);
	KT_EQ(srv1.mr[0] & ~7UL, mrcv[0].win + 8);
	KT_ASSERT(srv1.mr[0] & 2); /* a write */
	KT_EQ(peek(p + 8), 0);
	/* Gone before its pager, so that it is not left stopped by its pager's end. */
	KT_EQ(kt_thread_kill(rcv), 0);
	/* The allowed case: a writable page, sent writable. */
	KT_EQ(send_page(&mrcv[1], &rcv, &srv2, q, L4_FPAGE_RW), 0);
	KT_ASSERT(kt_wait_ge(&mrcv[1].wrote, 1, KT_SAFETY_US));
	KT_EQ(mrcv[1].val, pat(q));
	KT_EQ(peek(q + 8), 0x77);
	KT_EQ(srv2.count, 0);
}

/* ---- a loaded program with read-only capabilities ---- */

KTEST(loaded_program_cannot_use_read_only_arguments)
{
	KT_SCOPE();
	l4_cap_idx_t v, victim_thread, th1, th2, gate, irq;
	l4_umword_t label;
	l4_kernel_clock_t us = 1;
	const char *why = NULL;
	l4_addr_t pv = ram_page();
	KT_ASSERT(pv);
	ran = 0;
	KT_EQ(victim_task(&v), 0);
	KT_EQ(l4_error(l4_task_map(v, TASK, l4_fpage(pv, 12, L4_FPAGE_RW),
				   l4_map_control(ATTACK_VICTIM_VA, 0, 0))),
	      0);
	KT_EQ(kt_thread_create(&victim_thread, TASK, mark_ran, NULL), 0);
	KT_EQ(server(&srv1, &th1, &gate, LABEL1), 0);
	KT_EQ(one_shot_server(&srv2, &th2), 0);
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, th2, LABEL2)), 0);

	struct loader_cap caps[] = {
	    {"task", v, L4_CAP_FPAGE_RO, 0},
	    {"thread", victim_thread, L4_CAP_FPAGE_RO, 0},
	    {"gate", gate, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR, 0},
	    {"irq", irq, L4_CAP_FPAGE_RW, 0},
	};
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = 256 * 1024,
				.caps = caps,
				.cap_count = sizeof(caps) / sizeof(caps[0])};
	KT_EQ(loader_init(), 0);
	struct loader_program *p = loader_start_opts("rights_child", &o, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	long err =
	    loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 13)));
	loader_kill(p);
	KT_EQ(err, 0);
	KT_EQ(status, 0);
	/* And nothing happened to the victims. */
	KT_EQ(kt_valid(v, VICTIM_SLOT), 1);
	KT_EQ(gate_label(gate, &label), 0);
	KT_EQ(label, LABEL1);
	KT_EQ(ping(gate), 0);
	KT_EQ(srv1.count, 1);
	KT_EQ(l4_error(l4_irq_trigger(irq)), 0);
	KT_ASSERT(kt_wait_ge(&srv2.count, 1, KT_SAFETY_US));
	KT_EQ(srv2.label, LABEL2);
	KT_EQ(ran, 0);
	KT_EQ(l4_error(l4_thread_stats_time(victim_thread, &us)), 0);
	KT_EQ(us, 0);
}
