/*
 * test_irq.c - interrupts: IRQ objects (software trigger), the ICU (bind, unbind,
 * info, mode, rights) and hardware interrupts through the real GIC path, made
 * pending by the test kernel's hook (ICU op L4_ICU_OP_KEEL_TEST_PEND).
 */
#include "ktest_util.h"
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <string.h>

#define TASK	L4_BASE_TASK_CAP
#define FACTORY L4_BASE_FACTORY_CAP
#define ICU	L4_BASE_ICU_CAP
/* Lines no QEMU device drives (virt: SPI 100 and 101; versatilepb: VIC 20 and 21), the
 * kernel's timer (virt: the virtual timer's PPI 27; versatilepb: VIC line 4): the
 * board's, from the ICU's line count (ktest_util.h). */
#define LINE	   (kt_irq_lines()->spare)
#define LINE2	   (kt_irq_lines()->spare2)
#define TIMER_LINE (kt_irq_lines()->kernel[0])
#define LABEL	   0x4a0
#define SETTLE_US  5000

/* A handler thread: acknowledges and waits on its IRQ, counts what arrives. */
struct handler {
	l4_cap_idx_t irq;
	l4_cap_idx_t thread;
	volatile int ready;
	volatile int count;
	volatile int errors;
	volatile int hold;	    /* do not acknowledge while non-zero */
	volatile unsigned work_us;  /* busy time per event */
	volatile int seen_seq;	    /* pend_seq when the last event arrived */
	volatile l4_umword_t label; /* of the last event */
	volatile long tag_label;
};

static struct handler h1;
static volatile int pend_seq;

static void handler_fn(void *arg)
{
	struct handler *h = arg;
	h->ready = 1;
	for (;;) {
		l4_umword_t label = 0;
		l4_msgtag_t tag = l4_irq_wait(h->irq, &label, L4_IPC_NEVER);
		if (l4_ipc_error(tag, l4_utcb())) {
			h->errors++;
			kt_sleep_us(1000);
			continue;
		}
		h->seen_seq = pend_seq;
		h->label = label;
		h->tag_label = l4_msgtag_label(tag);
		h->count++;
		if (h->work_us)
			kt_spin_us(h->work_us);
		while (h->hold)
			kt_sleep_us(500);
	}
}

/* A new IRQ object in a fresh slot, deleted at the end of the test. */
static long irq_create(l4_cap_idx_t *irq)
{
	*irq = kt_cap_alloc();
	long err = l4_error(l4_factory_create_irq(FACTORY, *irq));
	if (err == 0)
		kt_own(*irq);
	return err;
}

/* An IRQ (bound to hardware line unless 0) and a handler thread at prio waiting on it. */
static long handler_start(struct handler *h, unsigned line, unsigned prio)
{
	memset(h, 0, sizeof(*h));
	long err = irq_create(&h->irq);
	if (err == 0 && line)
		err = l4_error(l4_icu_bind(ICU, line, h->irq));
	if (err == 0)
		err = kt_thread_create(&h->thread, TASK, handler_fn, h);
	if (err == 0)
		err = l4_error(l4_rcv_ep_bind_thread(h->irq, h->thread, LABEL));
	if (err == 0)
		err = kt_thread_run(h->thread, prio);
	if (err == 0 && !kt_wait_ge(&h->ready, 1, KT_SAFETY_US))
		err = -L4_EIO;
	kt_sleep_us(2000); /* until it waits */
	return err;
}

/* Make a hardware line pending at the GIC (test kernels only). */
static long pend(unsigned line)
{
	pend_seq++;
	l4_utcb_mr()->mr[0] = L4_ICU_OP_KEEL_TEST_PEND;
	l4_utcb_mr()->mr[1] = line;
	return l4_error(
	    l4_ipc_call(ICU, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), L4_IPC_NEVER));
}

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

/* ---- software IRQs ---- */

KTEST(sw_trigger_delivers_label)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, 0, KT_MAIN_PRIO + 1), 0);
	KT_EQ(l4_error(l4_irq_trigger(h1.irq)), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(h1.label, LABEL);
	KT_EQ(h1.tag_label, 0); /* Fiasco's interrupt tag: 0 */
	KT_EQ(h1.errors, 0);
}

KTEST(sw_triggers_while_busy_coalesce)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, 0, KT_MAIN_PRIO + 1), 0);
	h1.hold = 1;
	KT_EQ(l4_error(l4_irq_trigger(h1.irq)), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_irq_trigger(h1.irq)), 0);
	KT_EQ(l4_error(l4_irq_trigger(h1.irq)), 0);
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 1);
	h1.hold = 0;
	KT_ASSERT(kt_wait_ge(&h1.count, 2, KT_SAFETY_US));
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 2);
}

KTEST(irq_receive_and_detach)
{
	KT_SCOPE();
	l4_cap_idx_t irq;
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, LABEL)), 0);
	KT_EQ(l4_error(l4_irq_trigger(irq)), 0);
	l4_msgtag_t tag = l4_irq_receive(irq, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(tag.raw, 0); /* Fiasco's interrupt tag: 0 */
	KT_EQ(l4_error(l4_irq_detach(irq)), 0);
	KT_EQ(l4_error(l4_irq_trigger(irq)), 0);
	tag = l4_irq_receive(irq, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(2000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
}

/* ---- the ICU object ---- */

KTEST(icu_info)
{
	l4_icu_info_t info = {~0u, 0, ~0u};
	KT_EQ(l4_error(l4_icu_info(ICU, &info)), 0);
	KT_EQ(info.features, 0);
	KT_EQ(info.nr_msis, 0);
	KT_ASSERT(info.nr_irqs > LINE2 && info.nr_irqs <= 1020 && info.nr_irqs % 32 == 0);
	KT_EQ(info.nr_irqs, kt_irq_lines()->count);
}

KTEST(icu_protocol_errors)
{
	l4_utcb_mr()->mr[0] = 0x33;
	l4_msgtag_t tag =
	    l4_ipc_call(ICU, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_ENOSYS);
	l4_utcb_mr()->mr[0] = L4_ICU_OP_INFO;
	tag = l4_ipc_call(ICU, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_EBADPROTO);
	tag = l4_ipc_call(ICU, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 0, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
	l4_utcb_mr()->mr[0] = L4_ICU_OP_BIND;
	tag = l4_ipc_call(ICU, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
}

KTEST(icu_set_mode)
{
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_POS_EDGE)), 0);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_EDGE)), 0);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_LEVEL)), 0);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_LEVEL_HIGH)), 0);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_NEG_EDGE)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_BOTH_EDGE)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_LEVEL_LOW)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, 0x100)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, TIMER_LINE, L4_IRQ_F_LEVEL_HIGH)), -L4_EPERM);
	KT_EQ(l4_error(l4_icu_set_mode(ICU, 5000, L4_IRQ_F_LEVEL_HIGH)), -L4_EINVAL);
}

KTEST(icu_bind_bad_numbers)
{
	KT_SCOPE();
	l4_cap_idx_t irq;
	KT_EQ(irq_create(&irq), 0);
	l4_icu_info_t info = {0, 0, 0};
	KT_EQ(l4_error(l4_icu_info(ICU, &info)), 0);
	const struct kt_irq_lines *lines = kt_irq_lines();
	/* The kernel's timer; on versatilepb also the secondary controller's cascade. */
	for (unsigned i = 0; i < 2; i++)
		KT_EQ(l4_error(l4_icu_bind(ICU, lines->kernel[i], irq)), -L4_EPERM);
	/* Below the first device line: virt's SGI 5 and PPI 30, versatilepb's line 0. */
	for (unsigned i = 0; i < 2; i++)
		KT_EQ(l4_error(l4_icu_bind(ICU, lines->not_device[i], irq)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_bind(ICU, info.nr_irqs, irq)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_bind(ICU, ~0u, irq)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, L4_BASE_LOG_CAP)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, kt_cap_alloc())), -L4_EINVAL);
	KT_EQ(pend(TIMER_LINE), -L4_EPERM);
	KT_EQ(pend(info.nr_irqs), -L4_EINVAL);
}

KTEST(icu_double_bind_ebusy)
{
	KT_SCOPE();
	l4_cap_idx_t a, b;
	KT_EQ(irq_create(&a), 0);
	KT_EQ(irq_create(&b), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, a)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, a)), 0); /* again: no change */
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), -L4_EBUSY);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE2, a)), -L4_EBUSY);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, b)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE2, a)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, a)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, b)), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE2, a)), 0);
}

KTEST(icu_mask_unmask_need_bound_line)
{
	KT_SCOPE();
	l4_cap_idx_t irq;
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_icu_unmask(ICU, LINE, NULL, L4_IPC_NEVER)), -L4_EINVAL);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, irq)), 0);
	KT_EQ(l4_error(l4_icu_unmask(ICU, LINE, NULL, L4_IPC_NEVER)), 0);
	KT_EQ(l4_error(l4_icu_mask(ICU, LINE, NULL, L4_IPC_NEVER)), 0);
	KT_EQ(l4_error(l4_icu_mask(ICU, TIMER_LINE, NULL, L4_IPC_NEVER)), -L4_EPERM);
}

/* ---- who may bind ---- */

struct child_result {
	unsigned line; /* set by the root: the child cannot ask the ICU */
	volatile int done;
	volatile long no_icu;	 /* bind through the empty ICU slot */
	volatile long via_irq;	 /* ICU protocol sent to the IRQ object itself */
	volatile long read_only; /* bind through an ICU cap without W */
	volatile long info;	 /* info through it */
	volatile long check;	 /* the self-check, from a task that is not the root */
};

static struct child_result child;

/* The test kernel's self-check (L4_ICU_OP_KEEL_TEST_SELF_CHECK) through @icu. */
static long self_check(l4_cap_idx_t icu)
{
	l4_utcb_mr()->mr[0] = L4_ICU_OP_KEEL_TEST_SELF_CHECK;
	return l4_error(
	    l4_ipc_call(icu, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER));
}

KTEST(self_check_from_the_root_finds_nothing)
{
	KT_EQ(self_check(ICU), 0);
}
#define CHILD_IRQ    (0x30UL << L4_CAP_SHIFT)
#define CHILD_ICU_RO (0x31UL << L4_CAP_SHIFT)

static void child_fn(void *arg)
{
	(void)arg;
	l4_icu_info_t info = {0, 0, 0};
	child.no_icu = l4_error(l4_icu_bind(L4_BASE_ICU_CAP, child.line, CHILD_IRQ));
	child.via_irq = l4_error(l4_icu_bind(CHILD_IRQ, child.line, CHILD_IRQ));
	child.read_only = l4_error(l4_icu_bind(CHILD_ICU_RO, child.line, CHILD_IRQ));
	child.info = l4_error(l4_icu_info(CHILD_ICU_RO, &info));
	child.check = self_check(CHILD_ICU_RO);
	child.done = 1;
}

KTEST(only_icu_holders_with_w_can_bind)
{
	KT_SCOPE();
	l4_cap_idx_t task, th, irq;
	KT_EQ(kt_task_create(&task), 0);
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(kt_map(task, TASK, irq, CHILD_IRQ, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(kt_map(task, TASK, ICU, CHILD_ICU_RO, L4_CAP_FPAGE_RS), 0);
	memset((void *)&child, 0, sizeof(child));
	child.line = LINE;
	KT_EQ(kt_task_thread_start(task, &th, child_fn, NULL, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&child.done, 1, KT_SAFETY_US));
	KT_EQ(child.no_icu, l4_ipc_to_errno(L4_IPC_ENOT_EXISTENT));
	KT_EQ(child.via_irq, -L4_ENOSYS);
	KT_EQ(child.read_only, -L4_EPERM);
	KT_EQ(child.info, 0);
	KT_EQ(child.check, -L4_EPERM); /* only the root may stall the kernel with it */
	/* The line is still free. */
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, irq)), 0);
}

/* ---- hardware interrupts ---- */

KTEST(hw_pend_delivers_label)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(h1.label, LABEL);
	KT_EQ(h1.tag_label, 0); /* Fiasco's interrupt tag: 0 */
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 1);
	KT_EQ(h1.errors, 0);
}

/* An interrupt for a handler above the interrupted thread: the handler runs before the
 * interrupted thread's next instruction (the direct switch after an interrupt). */
KTEST(hw_handler_above_runs_before_interrupted_goes_on)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	KT_EQ(pend(LINE), 0);
	int count_after = h1.count; /* the first thing this thread does after the call */
	KT_EQ(count_after, 1);
	KT_EQ(h1.seen_seq, pend_seq);
}

/* A handler at the interrupted thread's own priority queues behind it, as any thread
 * made ready does: the interrupted thread goes on until it blocks. */
KTEST(hw_handler_of_same_priority_waits_its_turn)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO), 0);
	KT_EQ(pend(LINE), 0);
	int count_after = h1.count;
	KT_EQ(count_after, 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US)); /* its turn when this one waits */
	KT_EQ(h1.errors, 0);
}

KTEST(hw_edge_mode_delivers)
{
	KT_SCOPE();
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_POS_EDGE)), 0);
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 2, KT_SAFETY_US));
	KT_EQ(l4_error(l4_icu_set_mode(ICU, LINE, L4_IRQ_F_LEVEL_HIGH)), 0);
}

KTEST(hw_masked_until_eoi)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	h1.hold = 1;
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(pend(LINE), 0);
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 1); /* masked: not delivered before the EOI */
	h1.hold = 0;
	KT_ASSERT(kt_wait_ge(&h1.count, 2, KT_SAFETY_US)); /* and not lost */
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 2);
}

KTEST(hw_event_kept_until_receive)
{
	KT_SCOPE();
	l4_cap_idx_t irq;
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, irq)), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, LABEL)), 0);
	KT_EQ(l4_error(l4_irq_unmask(irq)), 0);
	KT_EQ(pend(LINE), 0); /* arrives while this thread is not receiving */
	kt_spin_us(1000);
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(tag.raw, 0); /* Fiasco's interrupt tag: 0 */
	KT_EQ(label, LABEL);
	/* Acknowledged through the ICU this time, with a wait for the next one. */
	KT_EQ(pend(LINE), 0);
	tag = l4_icu_unmask(ICU, LINE, &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(label, LABEL);
}

KTEST(hw_storm_nothing_lost_at_end)
{
	KT_SCOPE();
	/* Below this thread: it is busy (not waiting) during most of the storm. */
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO - 1), 0);
	h1.work_us = 50;
	for (int i = 0; i < 1000; i++) {
		KT_EQ(pend(LINE), 0);
		if (i % 100 == 99)
			kt_sleep_us(1000);
	}
	KT_ASSERT(kt_wait_ge(&h1.seen_seq, pend_seq, KT_SAFETY_US));
	kt_sleep_us(SETTLE_US);
	int count = h1.count;
	KT_ASSERT(count >= 2 && count <= 1000);
	KT_EQ(h1.errors, 0);
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, count);
	KT_EQ(pend(LINE), 0); /* the line still works */
	KT_ASSERT(kt_wait_ge(&h1.count, count + 1, KT_SAFETY_US));
}

KTEST(hw_unbind_while_pending)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	h1.hold = 1;
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(pend(LINE), 0); /* pending at the masked line */
	KT_EQ(l4_error(l4_icu_unbind(ICU, LINE, h1.irq)), 0);
	h1.hold = 0;
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 1); /* released with the line: dropped */
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, h1.irq)), 0);
	KT_EQ(l4_error(l4_irq_trigger(h1.irq)), 0); /* one EOI by the handler */
	KT_ASSERT(kt_wait_ge(&h1.count, 2, KT_SAFETY_US));
	kt_sleep_us(SETTLE_US);
	KT_EQ(h1.count, 2); /* nothing stale */
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 3, KT_SAFETY_US));
}

KTEST(hw_delete_irq_while_pending)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	h1.hold = 1;
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(pend(LINE), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, h1.irq)), 0);
	h1.hold = 0;
	/* The line is free again, and nothing stale arrives through a new IRQ. */
	l4_cap_idx_t irq;
	KT_EQ(irq_create(&irq), 0);
	KT_EQ(l4_error(l4_icu_bind(ICU, LINE, irq)), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, LABEL + 1)), 0);
	l4_msgtag_t tag =
	    l4_irq_receive(irq, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(3000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
	KT_EQ(pend(LINE), 0);
	l4_umword_t label = 0;
	tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(label, LABEL + 1);
}

KTEST(hw_delete_handler_thread_while_pending)
{
	KT_SCOPE();
	KT_EQ(handler_start(&h1, LINE, KT_MAIN_PRIO + 1), 0);
	h1.hold = 1;
	KT_EQ(pend(LINE), 0);
	KT_ASSERT(kt_wait_ge(&h1.count, 1, KT_SAFETY_US));
	KT_EQ(pend(LINE), 0);
	KT_EQ(kt_thread_kill(h1.thread), 0);
	KT_EQ(l4_error(l4_irq_unmask(h1.irq)), 0); /* fires with nobody bound: kept */
	kt_spin_us(1000);
	KT_EQ(pend(LINE), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(h1.irq, L4_BASE_THREAD_CAP, LABEL + 2)), 0);
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(label, LABEL + 2);
	tag = l4_irq_receive(h1.irq, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0); /* the pend made while it was masked */
	tag = l4_irq_receive(h1.irq, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(3000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
}

/* ---- l4_irq_receive: a closed receive from one IRQ, as on Fiasco ---- */

/* Another IRQ's pending event does not end it; its own does, at once if pending. */
KTEST(irq_receive_takes_only_its_irq)
{
	KT_SCOPE();
	l4_cap_idx_t a, b;
	KT_EQ(irq_create(&a), 0);
	KT_EQ(irq_create(&b), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(a, L4_BASE_THREAD_CAP, LABEL)), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(b, L4_BASE_THREAD_CAP, LABEL + 4)), 0);
	KT_EQ(l4_error(l4_irq_trigger(b)), 0);
	l4_msgtag_t tag = l4_irq_receive(a, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(2000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
	tag = l4_irq_receive(b, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(tag.raw, 0);
	/* b's event was taken: an open wait finds nothing now. */
	l4_umword_t label = 0;
	tag = l4_ipc_wait(l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(2000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
}

struct closed_rx {
	l4_cap_idx_t irq;
	volatile int started, done;
	volatile long err;
};

/* Round after round: wait in l4_irq_receive, count what ended it. */
static void closed_rx_fn(void *arg)
{
	struct closed_rx *r = arg;
	for (;;) {
		r->started++;
		r->err = ipc_err(l4_irq_receive(r->irq, L4_IPC_NEVER));
		r->done++;
	}
}

/* A thread waiting in l4_irq_receive (above the main thread: each step below runs it
 * to its next wait at once): a trigger ends the wait; a detach ends it with
 * REABORTED (nothing could end it any more); so does a bind to another thread. */
KTEST(irq_receive_ended_by_trigger_detach_or_rebind)
{
	KT_SCOPE();
	static struct closed_rx r;
	l4_cap_idx_t th;
	memset((void *)&r, 0, sizeof(r));
	KT_EQ(irq_create(&r.irq), 0);
	KT_EQ(kt_thread_create(&th, TASK, closed_rx_fn, &r), 0);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(r.irq, th, LABEL)), 0);
	KT_EQ(kt_thread_run(th, KT_MAIN_PRIO + 1), 0);
	KT_EQ(r.started, 1);
	KT_EQ(l4_error(l4_irq_trigger(r.irq)), 0);
	KT_EQ(r.done, 1);
	KT_EQ(r.err, 0);
	KT_EQ(r.started, 2);
	KT_EQ(l4_error(l4_irq_detach(r.irq)), 0);
	KT_EQ(r.done, 2);
	KT_EQ(r.err, L4_IPC_REABORTED);
	/* Now it waits on an IRQ bound to nobody: a cancel ends that; bound again, its
	 * next wait is ended by a bind to the main thread. */
	KT_EQ(r.started, 3);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(r.irq, th, LABEL)), 0);
	KT_EQ(r.done, 2);
	KT_EQ(l4_error(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL)), 0);
	KT_EQ(r.done, 3);
	KT_EQ(r.err, L4_IPC_RECANCELED);
	KT_EQ(r.started, 4);
	KT_EQ(l4_error(l4_rcv_ep_bind_thread(r.irq, L4_BASE_THREAD_CAP, LABEL)), 0);
	KT_EQ(r.done, 4);
	KT_EQ(r.err, L4_IPC_REABORTED);
}
