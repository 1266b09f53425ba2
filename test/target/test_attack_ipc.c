/*
 * test_attack_ipc.c - issue 12 findings 1 and 2 tried as an attacker would: message tags
 * that do not fit the UTCB under every flag combination, the other lengths, counts and
 * indices of the IPC path (items, buffers, absolute timeouts, factory arguments, log
 * writes), a chain of threads that call each other with send-and-wait, nested factories
 * freed at once; and the same overlong reply from a loaded program (attack_ipc_child).
 */
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/env.h>
#include <stdio.h>
#include <string.h>

#define TASK	    L4_BASE_TASK_CAP
#define HELPER_PRIO (KT_MAIN_PRIO + 1)

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

/* One invocation with any flags and tag, both timeouts zero (nothing may block). */
static l4_msgtag_t invoke(l4_cap_idx_t cap, unsigned flags, l4_msgtag_t tag)
{
	return l4_ipc_invoke(cap | flags, tag, L4_IPC_BOTH_TIMEOUT_0, NULL);
}

/* ---- finding 1: the tag of a reply without the send flag ---- */

/* A caller that calls the main thread again and again and counts the replies. */
static volatile int replies;

static void caller_fn(void *arg)
{
	(void)arg;
	for (;;) {
		l4_msgtag_t tag = l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(),
					      l4_msgtag(0x11, 0, 0, 0), L4_IPC_NEVER);
		if (!l4_msgtag_has_error(tag))
			replies++;
	}
}

#define CANARY(i) (0xc0de0000u + (i))

static void fill_canary(l4_addr_t utcb)
{
	for (unsigned i = 0; i < L4_UTCB_OFFSET / sizeof(l4_umword_t); i++)
		((volatile l4_umword_t *)utcb)[i] = CANARY(i);
}

/* The number of words of the UTCB at @utcb that no longer hold their canary. */
static unsigned canary_damage(l4_addr_t utcb)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < L4_UTCB_OFFSET / sizeof(l4_umword_t); i++)
		if (((volatile l4_umword_t *)utcb)[i] != CANARY(i))
			bad++;
	return bad;
}

/*
 * The main thread holds the reply capability of a caller whose UTCB is followed by a
 * UTCB nobody uses (filled with a canary). Every way of replying with a tag whose words
 * and items do not fit (words + 2 * items > 63) fails with SEMSGCUT before anything is
 * written: the caller gets no reply, the next UTCB stays untouched. Before the fix, the
 * flags REPLY without SEND skipped the check and transfer() wrote up to 126 words past
 * the caller's UTCB (here: zeroed most of the canary).
 */
KTEST(reply_with_overlong_tag_is_refused_for_every_flag_combination)
{
	KT_SCOPE();
	static const unsigned flags[] = {
	    L4_SYSF_REPLY,
	    L4_SYSF_REPLY | L4_SYSF_RECV,
	    L4_SYSF_REPLY | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
	    L4_SYSF_REPLY | L4_SYSF_SEND,
	    L4_SYSF_REPLY | L4_SYSF_SEND | L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
	    L4_SYSF_REPLY | L4_SYSF_OPEN_WAIT,
	};
	static const unsigned sizes[][2] = {{63, 63}, {0, 32}, {2, 31}, {5, 30}, {62, 1}};
	l4_cap_idx_t caller;
	replies = 0;
	KT_EQ(kt_thread_new(&caller, TASK), 0);
	l4_addr_t next = kt_utcb_reserve();
	KT_EQ(next, kt_thread_utcb(caller) + L4_UTCB_OFFSET);
	fill_canary(next);
	KT_EQ(kt_thread_set_entry(caller, caller_fn, NULL), 0);
	KT_EQ(kt_thread_run(caller, HELPER_PRIO), 0); /* it calls at once and waits */
	l4_umword_t label;
	KT_EQ(ipc_err(l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout())), 0);
	for (unsigned f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			l4_msgtag_t tag = l4_msgtag(0, sizes[s][0], sizes[s][1], 0);
			/* Through the invalid capability and through a thread capability. */
			KT_EQ(ipc_err(invoke(L4_INVALID_CAP, flags[f], tag)), L4_IPC_SEMSGCUT);
			KT_EQ(ipc_err(invoke(caller, flags[f], tag)), L4_IPC_SEMSGCUT);
			KT_EQ(canary_damage(next), 0);
			KT_EQ(replies, 0);
		}
	}
	/* The reply capability is still there: the largest message that fits is delivered. */
	l4_msgtag_t fits = l4_msgtag(0, 1, 31, 0);
	memset(l4_utcb_mr()->mr, 0, sizeof(l4_utcb_mr()->mr)); /* items without the map bit */
	KT_EQ(ipc_err(invoke(L4_INVALID_CAP, L4_SYSF_REPLY | L4_SYSF_SEND, fits)), 0);
	KT_EQ(replies, 1);
	KT_EQ(canary_damage(next), 0);
}

/* A send (and so an object invocation) with a tag that does not fit fails the same way,
 * whatever the object: the tag is checked before the object sees the message. */
KTEST(object_invocation_with_overlong_tag_is_refused)
{
	KT_SCOPE();
	l4_cap_idx_t slot = kt_cap_alloc();
	l4_utcb_mr()->mr[0] = L4_PROTO_THREAD;
	l4_utcb_br()->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
	l4_msgtag_t tag = l4_msgtag(L4_PROTO_FACTORY, 3, 31, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_FACTORY_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
	KT_EQ(kt_valid(TASK, slot), 0);
	tag = l4_msgtag(L4_PROTO_LOG, 63, 1, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_LOG_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
	tag = l4_msgtag(L4_PROTO_THREAD, 6, 29, 0);
	KT_EQ(ipc_err(invoke(L4_BASE_THREAD_CAP, L4_SYSF_CALL, tag)), L4_IPC_SEMSGCUT);
}

/* ---- finding 1: the other lengths, counts and indices ---- */

/* A receiver that waits with br[0] = buf and records what arrived. */
struct rcv {
	l4_umword_t buf;
	volatile int count;
	volatile long err;
	volatile unsigned items;
	volatile l4_umword_t w0, w1;
};

static struct rcv rcv;

static void rcv_fn(void *arg)
{
	struct rcv *r = arg;
	for (;;) {
		l4_umword_t label;
		l4_utcb_br()->bdr = 0;
		l4_utcb_br()->br[0] = r->buf;
		l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		r->err = l4_ipc_error(tag, l4_utcb());
		r->items = l4_msgtag_items(tag);
		r->w0 = l4_utcb_mr()->mr[0];
		r->w1 = l4_utcb_mr()->mr[1];
		r->count++;
	}
}

/* Send one item (w0, w1) to a receiver waiting with br[0] = buf: the sender's error. */
static long send_item(l4_cap_idx_t to, l4_umword_t w0, l4_umword_t w1)
{
	l4_utcb_mr()->mr[0] = w0;
	l4_utcb_mr()->mr[1] = w1;
	return ipc_err(l4_ipc_send(to, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_safety_timeout()));
}

/* Make the receiver (waiting again after each message) use br[0] = @buf from now on. */
static void rcv_set_buffer(l4_cap_idx_t th, l4_umword_t buf)
{
	rcv.buf = buf;
	l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_safety_timeout());
}

/*
 * Items name slots, orders and addresses the receiver and sender control: a capability
 * buffer beyond the 65536 slots, a capability flexpage of order > 0, memory flexpages
 * of orders outside 12-31, receive windows and send bases that put the pages in the
 * kernel's half, the KIP or the UTCB area. Each fails the item (SEMAPFAILED for the
 * sender, REMAPFAILED for the receiver), nothing arrives, the receiver keeps working.
 */
KTEST(items_with_bad_slots_orders_and_addresses_fail)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	memset(&rcv, 0, sizeof(rcv));
	rcv.buf = 0xfffff000u | L4_RCV_ITEM_SINGLE_CAP; /* slot 0xfffff: beyond the table */
	KT_EQ(kt_thread_start(&th, rcv_fn, &rcv, HELPER_PRIO), 0);
	l4_umword_t cap_w0 = l4_map_obj_control(0, 0);
	KT_EQ(send_item(th, cap_w0, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW).raw),
	      L4_IPC_SEMAPFAILED);
	KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	/* A good buffer, but capability flexpages of order 1 and 16. */
	l4_cap_idx_t slot = kt_cap_alloc();
	rcv_set_buffer(th, slot | L4_RCV_ITEM_SINGLE_CAP);
	for (unsigned order = 1; order <= 16; order += 15) {
		KT_EQ(send_item(th, cap_w0, l4_obj_fpage(0, order, L4_CAP_FPAGE_RW).raw),
		      L4_IPC_SEMAPFAILED);
		KT_EQ(kt_valid(TASK, slot), 0);
	}
	/* Memory items into the whole address space. */
	rcv_set_buffer(th, l4_fpage_all().raw | L4_ITEM_MAP);
	static const struct {
		l4_umword_t base;
		unsigned order;
	} bad[] = {
	    {0x20000000, 11},		 /* below a page */
	    {0x20000000, 32},		 /* larger than the address space */
	    {0x20000000, 63},		 /* the largest order a flexpage can say */
	    {0xc0000000, 12},		 /* the kernel's half */
	    {0xfffff000, 12},		 /* the top page */
	    {L4_KIP_ADDR, 12},		 /* the KIP */
	    {KT_UTCB_AREA + 0x1000, 12}, /* the receiver's UTCB area */
	};
	l4_addr_t page = (l4_addr_t)&rcv & L4_PAGEMASK;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int before = rcv.count;
		KT_EQ(send_item(th, l4_map_control(bad[i].base, 0, 0),
				l4_fpage(page, bad[i].order, L4_FPAGE_RO).raw),
		      L4_IPC_SEMAPFAILED);
		KT_EQ(rcv.count, before + 1);
		KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	}
	/* Receive windows in the kernel's half, and a send base whose offset in a 2 GiB
	 * window lands there. */
	static const struct {
		l4_umword_t win;
		unsigned order;
		l4_umword_t base;
	} windows[] = {{0xc0000000, 12, 0}, {0xc0000000, 20, 0x5000}, {0x80000000, 31, 0x7ffff000}};
	for (unsigned i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		rcv_set_buffer(th, l4_fpage(windows[i].win, windows[i].order, 0).raw | L4_ITEM_MAP);
		KT_EQ(send_item(th, l4_map_control(windows[i].base, 0, 0),
				l4_fpage(page, 12, L4_FPAGE_RO).raw),
		      L4_IPC_SEMAPFAILED);
		KT_EQ(rcv.err, L4_IPC_REMAPFAILED);
	}
	/* And it still receives. */
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(rcv.err, 0);
}

/*
 * Absolute timeouts name a buffer register pair i, i + 1 with 6 bits (0-63): 57 and
 * above are beyond the 58 buffer registers and read as a time long past, so the
 * receive ends at once with RETIMEOUT; nothing beyond them is read.
 */
KTEST(absolute_timeout_index_beyond_the_buffers_is_long_past)
{
	KT_SCOPE();
	for (unsigned i = 56; i < 64; i++) {
		l4_timeout_s abs = {.t = (l4_uint16_t)(0x8000 | i)};
		if (i == 56) {
			/* br 56, 57: a real time, already past. */
			l4_utcb_br()->br[56] = 1;
			l4_utcb_br()->br[57] = 0;
		}
		l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(),
						 l4_timeout(L4_IPC_TIMEOUT_NEVER, abs));
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
	}
}

/* Create with the first typed argument (header type | size << 16, then the value). */
static long create_with_arg(long proto, l4_cap_idx_t slot, l4_umword_t hdr, l4_umword_t value,
			    unsigned words)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = (l4_umword_t)proto;
	mr->mr[1] = hdr;
	mr->mr[2] = value;
	l4_utcb_br()->bdr = 0;
	l4_utcb_br()->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
	return l4_error(l4_ipc_call(L4_BASE_FACTORY_CAP, l4_utcb(),
				    l4_msgtag(L4_PROTO_FACTORY, words, 0, 0), kt_safety_timeout()));
}

#define UMWORD_HDR(size) (L4_VARG_TYPE_UMWORD | ((l4_umword_t)(size) << 16))

/*
 * Factory arguments are typed (type | size << 16): the kernel reads only one-word
 * values, and refuses an argument whose size is not one word or that does not fit in
 * the message (-L4_EINVAL), for factories, gates and tasks alike. Before, the size was
 * ignored: a string or a 64 KiB "word" was read as its first word.
 */
KTEST(factory_arguments_are_checked_against_their_size)
{
	KT_SCOPE();
	l4_cap_idx_t slot = kt_cap_alloc();
	KT_EQ(create_with_arg(L4_PROTO_FACTORY, slot, UMWORD_HDR(4), 4096, 3), 0);
	l4_task_delete_obj(TASK, slot);
	static const l4_umword_t bad_hdr[] = {UMWORD_HDR(0),
					      UMWORD_HDR(8),
					      UMWORD_HDR(0xffff),
					      L4_VARG_TYPE_STRING | (4 << 16),
					      L4_VARG_TYPE_STRING | (0xffffu << 16),
					      L4_VARG_TYPE_UMWORD | L4_VARG_TYPE_SIGN | (4 << 16)};
	for (unsigned i = 0; i < sizeof(bad_hdr) / sizeof(bad_hdr[0]); i++) {
		KT_EQ(create_with_arg(L4_PROTO_FACTORY, slot, bad_hdr[i], 4096, 3), -L4_EINVAL);
		KT_EQ(create_with_arg(0, slot, bad_hdr[i], 0x40, 3), -L4_EINVAL);
		KT_EQ(kt_valid(TASK, slot), 0);
	}
	/* The header without its value word. */
	KT_EQ(create_with_arg(L4_PROTO_FACTORY, slot, UMWORD_HDR(4), 4096, 2), -L4_EINVAL);
	KT_EQ(create_with_arg(0, slot, UMWORD_HDR(4), 0x40, 2), -L4_EINVAL);
	/* A task's UTCB area is a flexpage argument: one word too. */
	l4_umword_t area = l4_fpage(KT_UTCB_AREA, 12, L4_FPAGE_RW).raw;
	KT_EQ(create_with_arg(L4_PROTO_TASK, slot, L4_VARG_TYPE_FPAGE | (8 << 16), area, 3),
	      -L4_EINVAL);
	KT_EQ(create_with_arg(L4_PROTO_TASK, slot, L4_VARG_TYPE_FPAGE | (4 << 16), area, 3), 0);
	l4_task_delete_obj(TASK, slot);
	/* A gate without arguments has label 0 (l4_factory_create_gate always sends one). */
	KT_EQ(create_with_arg(0, slot, 0, 0, 1), 0);
	l4_task_delete_obj(TASK, slot);
}

/* The log writes at most the bytes the message carries: a size beyond 244 or beyond
 * the words sent is refused, whatever its value. */
KTEST(log_write_size_is_checked)
{
	KT_SCOPE();
	l4_msg_regs_t *mr = l4_utcb_mr();
	static const struct {
		l4_umword_t size;
		unsigned words;
		long result;
	} cases[] = {
	    {245, 63, -L4_EINVAL},
	    {0xffffffffu, 63, -L4_EINVAL},
	    {0x80000000u, 63, -L4_EINVAL},
	    {9, 4, -L4_EMSGTOOSHORT},
	    {1, 2, -L4_EMSGTOOSHORT},
	    {0, 1, -L4_EMSGTOOSHORT},
	    {8, 4, 0},
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mr->mr[0] = L4_VCON_WRITE_OP;
		mr->mr[1] = cases[i].size;
		memcpy(&mr->mr[2], "[log ok]", 8);
		l4_msgtag_t tag =
		    l4_ipc_call(L4_BASE_LOG_CAP, l4_utcb(),
				l4_msgtag(L4_PROTO_LOG, cases[i].words, 0, 0), kt_safety_timeout());
		KT_EQ(l4_error(tag), cases[i].result);
	}
	printf("\n");
}

/* ---- finding 2: recursion that user space can make as deep as it likes ---- */

/*
 * A link of the chain: sp holds the capability (with SEND | RECV | OPEN_WAIT) to
 * send-and-wait to, with no words and no timeouts; then it sleeps for ever. No stack,
 * no TLS: a thousand of them cost only their thread objects.
 */
__attribute__((naked)) static void chain_link(void)
{
	__asm__ volatile("mov r2, sp\n\t"
			 "movs r0, #0\n\t"
			 "movs r3, #0\n\t"
			 "movs r4, #0\n\t"
			 "movs r5, #0\n\t"
			 "svc #0\n\t"
			 "1:\n\t"
			 "mvn r2, #0\n\t" /* L4_INVALID_CAP | L4_SYSF_RECV: sleep */
			 "lsl r2, r2, #11\n\t"
			 "orr r2, r2, #2\n\t"
			 "movs r0, #0\n\t"
			 "movs r3, #0\n\t"
			 "movs r5, #0\n\t"
			 "svc #0\n\t"
			 "b 1b\n\t");
}

#define CHAIN_LINKS	2000
#define CHAIN_PER_TASK	KT_UTCB_COUNT
#define CHAIN_TASKS	((CHAIN_LINKS + CHAIN_PER_TASK - 1) / CHAIN_PER_TASK)
#define CHAIN_SLOT(i)	((l4_cap_idx_t)(0x4000 + (i)) << L4_CAP_SHIFT)
#define FACTORY_SLOT(i) ((l4_cap_idx_t)(0x8000 + (i)) << L4_CAP_SHIFT)

/*
 * Link i (1..n) of the chain, a thread of task (i - 1) / 128, sends-and-waits to link
 * i - 1, which its task holds in CHAIN_SLOT(i - 1); link 0 is the main thread. Each
 * link starts above main's priority and queues at once, as its partner is itself
 * queued. Then main waits: it takes link 1's message, which makes link 1 receive and
 * take link 2's, and so on. Before the fix, receive() -> after_send() -> receive()
 * recursed once per link and ran off the 16 KiB kernel stack.
 */
static int chain_build(l4_cap_idx_t *tasks, unsigned n)
{
	for (unsigned t = 0; t < (n + CHAIN_PER_TASK - 1) / CHAIN_PER_TASK; t++)
		if (kt_task_create(&tasks[t]))
			return -1;
	for (unsigned i = 1; i <= n; i++) {
		l4_cap_idx_t task = tasks[(i - 1) / CHAIN_PER_TASK];
		l4_addr_t utcb = KT_UTCB_AREA + ((i - 1) % CHAIN_PER_TASK) * L4_UTCB_OFFSET;
		l4_cap_idx_t prev = i == 1 ? L4_BASE_THREAD_CAP : CHAIN_SLOT(i - 1);
		if (l4_error(l4_task_map(task, TASK, l4_obj_fpage(prev, 0, L4_CAP_FPAGE_RWS),
					 l4_map_obj_control(CHAIN_SLOT(i - 1), 0))) ||
		    l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, CHAIN_SLOT(i))))
			return -2;
		l4_thread_control_start();
		l4_thread_control_bind((l4_utcb_t *)utcb, task);
		if (l4_error(l4_thread_control_commit(CHAIN_SLOT(i))) ||
		    l4_error(l4_thread_ex_regs(CHAIN_SLOT(i), (l4_addr_t)chain_link,
					       CHAIN_SLOT(i - 1) | L4_SYSF_SEND_AND_WAIT, 0)) ||
		    kt_thread_run(CHAIN_SLOT(i), HELPER_PRIO))
			return -3;
	}
	return 0;
}

static void chain_delete(unsigned n)
{
	for (unsigned i = 1; i <= n; i++)
		l4_task_delete_obj(TASK, CHAIN_SLOT(i));
}

KTEST(send_and_wait_chain_of_2000_threads)
{
	KT_SCOPE();
	static l4_cap_idx_t tasks[CHAIN_TASKS];
	int built = chain_build(tasks, CHAIN_LINKS);
	if (built) {
		chain_delete(CHAIN_LINKS);
		KT_EQ(built, 0);
	}
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	/* Every link got its message: the last one now waits openly for anyone. */
	tag = l4_ipc_send(CHAIN_SLOT(CHAIN_LINKS), l4_utcb(), l4_msgtag(0, 0, 0, 0),
			  L4_IPC_BOTH_TIMEOUT_0);
	long err = ipc_err(tag);
	chain_delete(CHAIN_LINKS);
	KT_EQ(err, 0);
}

/*
 * Factory i + 1 is made by factory i and holds a reference to it. Deleting them in
 * order 0, 1, ... leaves each one's memory held by the next until the last goes: then
 * every factory's memory is freed at once. Before the fix maybe_free() and kobj_put()
 * recursed once per factory.
 */
#define NESTED_FACTORIES 2000
#define FACTORY_STEP	 4096 /* a page: each factory's object is charged to its maker by the page */

KTEST(nested_factories_2000_deep_freed_at_once)
{
	KT_SCOPE();
	unsigned long first = NESTED_FACTORIES * FACTORY_STEP + 8192;
	l4_cap_idx_t outer;
	KT_EQ(kt_factory_create(&outer, first + 4096), 0);
	l4_cap_idx_t parent = outer;
	unsigned long limit = first;
	unsigned made = 0;
	for (; made < NESTED_FACTORIES; made++) {
		if (l4_error(l4_factory_create_factory(parent, FACTORY_SLOT(made), limit)))
			break;
		parent = FACTORY_SLOT(made);
		limit -= FACTORY_STEP;
	}
	long stop;
	unsigned creatable = kt_count_creatable(parent, KT_OBJ_GATE, &stop);
	for (unsigned i = 0; i < made; i++)
		l4_task_delete_obj(TASK, FACTORY_SLOT(i));
	KT_EQ(made, NESTED_FACTORIES);
	KT_ASSERT(creatable > 0);
	/* Every factory's memory and limit went back to the outer factory. */
	l4_cap_idx_t again = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_factory(outer, again, first)), 0);
	kt_own(again);
}

/* ---- the same attack from a loaded program ---- */

/*
 * attack_ipc_child holds only what a loaded program holds. It makes a thread on the
 * last UTCB of its 4 KiB UTCB area (so that what lies after it is kernel memory) call
 * its main thread, and replies with overlong tags and the flags REPLY without SEND.
 * Before the fix this wrote into the kernel page after the UTCB area. Its exit status
 * is the number of attacks that were not refused (plus 1 if the proper reply failed).
 */
KTEST(loaded_program_overlong_reply)
{
	KT_SCOPE();
	KT_EQ(loader_init(), 0);
	const char *why = NULL;
	/* Its caller thread runs one above its main thread (prio_max allows that). */
	struct loader_opts o = {
	    .prio = KT_MAIN_PRIO - 10, .prio_max = KT_MAIN_PRIO - 9, .kmem_limit = 64 * 1024};
	struct loader_program *p = loader_start_opts("attack_ipc_child", &o, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	long err =
	    loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 10)));
	loader_kill(p);
	KT_EQ(err, 0);
	KT_EQ(status, 0);
}
