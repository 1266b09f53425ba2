/*
 * test_ipc.c - IPC: call/reply through gates and thread capabilities, labels, timeouts,
 * cancellation, capability items, IPC between tasks, aborted partners, sender order.
 */
#include "ktest_util.h"
#include <string.h>

#define TASK L4_BASE_TASK_CAP

/* Shared between the main thread and helper threads: static, never on a test's stack. */
static struct kt_server srv;

static l4_msgtag_t call(l4_cap_idx_t dst, l4_msgtag_t tag)
{
	return l4_ipc_call(dst, l4_utcb(), tag, kt_safety_timeout());
}

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

static void nothing(void *arg)
{
	(void)arg;
}

/* A thread that is never ready to receive (it sleeps for ever). */
static int start_sleeper(l4_cap_idx_t *cap)
{
	return kt_thread_start(cap, nothing, NULL, KT_MAIN_PRIO + 1);
}

/* Call an echo server with n words; check both directions. */
static void echo_words(unsigned n)
{
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < n; i++)
		mr->mr[i] = 0xa5000000u + i * 0x10101u;
	l4_msgtag_t tag = call(gate, l4_msgtag(0x55, n, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(l4_msgtag_words(tag), n);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.words, n);
	KT_EQ(srv.tag_label, 0x55);
	for (unsigned i = 0; i < n; i++) {
		KT_EQ(srv.mr[i], 0xa5000000u + i * 0x10101u);
		KT_EQ(mr->mr[i], ~(0xa5000000u + i * 0x10101u));
	}
}

KTEST(call_gate_zero_words)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	srv.reply_label = 0x77;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	l4_msgtag_t tag = call(gate, l4_msgtag(0x55, 0, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(l4_msgtag_label(tag), 0x77);
	KT_EQ(l4_msgtag_words(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.words, 0);
	KT_EQ(srv.tag_label, 0x55);
}

KTEST(call_gate_one_word)
{
	KT_SCOPE();
	echo_words(1);
}

KTEST(call_gate_63_words)
{
	KT_SCOPE();
	echo_words(L4_UTCB_GENERIC_DATA_SIZE);
}

KTEST(ping_pong_500_calls)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	for (unsigned i = 0; i < 500; i++) {
		l4_utcb_mr()->mr[0] = i;
		l4_msgtag_t tag = call(gate, l4_msgtag(0, 1, 0, 0));
		KT_EQ(ipc_err(tag), 0);
		KT_EQ(l4_utcb_mr()->mr[0], ~(l4_umword_t)i);
	}
	KT_EQ(srv.count, 500);
	KT_EQ(srv.errors, 0);
}

/* The receiver's label: (gate label & ~3) | the W and S rights of the caller's cap. */
static void label_via(unsigned rights, l4_umword_t expect)
{
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x1230, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t via = rights == L4_CAP_FPAGE_RWSD ? gate : kt_copy(gate, rights);
	KT_ASSERT(l4_is_valid_cap(via));
	l4_msgtag_t tag = call(via, l4_msgtag(0, 0, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, expect);
}

KTEST(gate_label_creator_cap)
{
	KT_SCOPE();
	label_via(L4_CAP_FPAGE_RWSD, 0x1233);
}

KTEST(gate_label_rw_copy)
{
	KT_SCOPE();
	label_via(L4_CAP_FPAGE_RW, 0x1231);
}

KTEST(gate_label_rs_copy)
{
	KT_SCOPE();
	label_via(L4_CAP_FPAGE_RS, 0x1232);
}

KTEST(gate_label_ro_copy)
{
	KT_SCOPE();
	label_via(L4_CAP_FPAGE_RO, 0x1230);
}

/* A tag label other than L4_PROTO_THREAD makes an invocation of a thread cap IPC. */
KTEST(direct_ipc_to_thread)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	l4_utcb_mr()->mr[0] = 0x1234;
	l4_msgtag_t tag = call(th, l4_msgtag(0x55, 1, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(l4_utcb_mr()->mr[0], ~0x1234UL);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.tag_label, 0x55);
	KT_EQ(srv.mr[0], 0x1234);
	KT_EQ(srv.label, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
}

/*
 * Calls without a receive timeout to a server waiting openly take the kernel's fast
 * path; with a receive timeout they take the slow path. Alternated (and through caps
 * with different rights), both must give the same words, labels and reply.
 */
static void calls_fast_and_slow(l4_cap_idx_t full, l4_umword_t full_label, l4_cap_idx_t ro,
				l4_umword_t ro_label)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < 40; i++) {
		unsigned words = i % 4;
		for (unsigned k = 0; k < words; k++)
			mr->mr[k] = i * 16 + k;
		l4_timeout_t to = (i & 1) ? kt_safety_timeout() : L4_IPC_NEVER;
		l4_cap_idx_t via = (i & 2) ? ro : full;
		l4_msgtag_t tag = l4_ipc_call(via, l4_utcb(), l4_msgtag(0x55 + i, words, 0, 0), to);
		KT_EQ(ipc_err(tag), 0);
		KT_EQ(l4_msgtag_label(tag), 0x77);
		KT_EQ(l4_msgtag_words(tag), words);
		KT_EQ(srv.count, (int)i + 1);
		KT_EQ(srv.tag_label, 0x55 + (long)i);
		KT_EQ(srv.words, words);
		KT_EQ(srv.label, (i & 2) ? ro_label : full_label);
		for (unsigned k = 0; k < words; k++) {
			KT_EQ(srv.mr[k], i * 16 + k);
			KT_EQ(mr->mr[k], ~(l4_umword_t)(i * 16 + k));
		}
	}
	KT_EQ(srv.errors, 0);
}

KTEST(call_fast_and_slow_path_gate)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	srv.reply_label = 0x77;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x1230, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t ro = kt_copy(gate, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	calls_fast_and_slow(gate, 0x1233, ro, 0x1230);
}

KTEST(call_fast_and_slow_path_thread)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	kt_server_init(&srv);
	srv.reply_label = 0x77;
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t ro = kt_copy(th, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	calls_fast_and_slow(th, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S, ro, 0);
}

KTEST(direct_ipc_label_from_ro_copy)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t ro = kt_copy(th, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	l4_msgtag_t tag = call(ro, l4_msgtag(0, 0, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, 0);
}

KTEST(send_zero_timeout_not_receiving)
{
	KT_SCOPE();
	l4_cap_idx_t sl;
	KT_EQ(start_sleeper(&sl), 0);
	l4_msgtag_t tag = l4_ipc_send(sl, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KT_ASSERT(l4_msgtag_has_error(tag));
	KT_EQ(ipc_err(tag), L4_IPC_SETIMEOUT);
}

KTEST(send_relative_timeout)
{
	KT_SCOPE();
	l4_cap_idx_t sl;
	KT_EQ(start_sleeper(&sl), 0);
	/* The upper bound is a sanity check, of the best of three tries: a loaded host may
	 * stop QEMU for a while during any one. */
	uint64_t best = ~0ULL;
	for (int i = 0; i < 3 && best >= 500000; i++) {
		uint64_t t0 = kt_now_us();
		l4_msgtag_t tag =
		    l4_ipc_send(sl, l4_utcb(), l4_msgtag(0, 0, 0, 0),
				l4_timeout(kt_timeout_us(5000), L4_IPC_TIMEOUT_NEVER));
		uint64_t took = kt_now_us() - t0;
		KT_EQ(ipc_err(tag), L4_IPC_SETIMEOUT);
		KT_ASSERT(took >= 5000);
		best = took < best ? took : best;
	}
	KT_ASSERT(best < 500000);
}

KTEST(receive_relative_timeout)
{
	uint64_t best = ~0ULL; /* of three tries, as above */
	for (int i = 0; i < 3 && best >= 500000; i++) {
		l4_umword_t label = 0;
		uint64_t t0 = kt_now_us();
		l4_msgtag_t tag = l4_ipc_wait(
		    l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(2000)));
		uint64_t took = kt_now_us() - t0;
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		KT_ASSERT(took >= 2000);
		best = took < best ? took : best;
	}
	KT_ASSERT(best < 500000);
}

KTEST(receive_zero_timeout)
{
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_RECV_TIMEOUT_0);
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
}

/* A zero send timeout is fine when the partner is waiting; its reply finds no caller. */
KTEST(send_zero_timeout_to_receiver)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	l4_utcb_mr()->mr[0] = 0x4242;
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KT_EQ(ipc_err(tag), 0);
	KT_ASSERT(kt_wait_ge(&srv.count, 1, KT_SAFETY_US));
	KT_EQ(srv.mr[0], 0x4242);
	/* The server's reply went nowhere and it is receiving again. */
	tag = call(th, l4_msgtag(0, 0, 0, 0));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 2);
	KT_EQ(srv.errors, 0);
}

KTEST(reply_without_caller_skipped)
{
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label,
						l4_timeout(L4_IPC_TIMEOUT_0, kt_timeout_us(1000)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
}

struct blocked {
	l4_cap_idx_t target;
	volatile int done;
	volatile long err;
};

static struct blocked blk;

static void blocked_wait(void *arg)
{
	struct blocked *b = arg;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	b->err = l4_ipc_error(tag, l4_utcb());
	b->done = 1;
}

static void blocked_send(void *arg)
{
	struct blocked *b = arg;
	l4_msgtag_t tag = l4_ipc_send(b->target, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	b->err = l4_ipc_error(tag, l4_utcb());
	b->done = 1;
}

static void blocked_call(void *arg)
{
	struct blocked *b = arg;
	l4_msgtag_t tag = l4_ipc_call(b->target, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	b->err = l4_ipc_error(tag, l4_utcb());
	b->done = 1;
}

static long cancel(l4_cap_idx_t th)
{
	return l4_error(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL));
}

KTEST(cancel_blocked_receive)
{
	KT_SCOPE();
	memset(&blk, 0, sizeof(blk));
	l4_cap_idx_t th;
	KT_EQ(kt_thread_start(&th, blocked_wait, &blk, KT_MAIN_PRIO + 1), 0);
	KT_EQ(blk.done, 0);
	KT_EQ(cancel(th), 0);
	KT_ASSERT(kt_wait_ge(&blk.done, 1, KT_SAFETY_US));
	KT_EQ(blk.err, L4_IPC_RECANCELED);
}

KTEST(cancel_blocked_send)
{
	KT_SCOPE();
	memset(&blk, 0, sizeof(blk));
	l4_cap_idx_t sl, th;
	KT_EQ(start_sleeper(&sl), 0);
	blk.target = sl;
	KT_EQ(kt_thread_start(&th, blocked_send, &blk, KT_MAIN_PRIO + 1), 0);
	KT_EQ(blk.done, 0);
	KT_EQ(cancel(th), 0);
	KT_ASSERT(kt_wait_ge(&blk.done, 1, KT_SAFETY_US));
	KT_EQ(blk.err, L4_IPC_SECANCELED);
}

KTEST(cancel_call_waiting_for_reply)
{
	KT_SCOPE();
	l4_cap_idx_t srv_th, gate, th;
	kt_server_init(&srv);
	srv.no_reply = 1;
	KT_EQ(kt_server_start(&srv, &srv_th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	memset(&blk, 0, sizeof(blk));
	blk.target = gate;
	KT_EQ(kt_thread_start(&th, blocked_call, &blk, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&srv.count, 1, KT_SAFETY_US));
	KT_EQ(blk.done, 0);
	KT_EQ(cancel(th), 0);
	KT_ASSERT(kt_wait_ge(&blk.done, 1, KT_SAFETY_US));
	KT_EQ(blk.err, L4_IPC_RECANCELED);
}

struct partner {
	volatile int done;
	volatile l4_umword_t got;
	volatile long err;
};

static struct partner partner;

/* Receive one word and send it + 1 to the main thread (L4_BASE_THREAD_CAP). */
static void partner_fn(void *arg)
{
	struct partner *p = arg;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	p->got = l4_utcb_mr()->mr[0];
	l4_utcb_mr()->mr[0] = p->got + 1;
	tag = l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(0x66, 1, 0, 0),
			  kt_safety_timeout());
	p->err = l4_ipc_error(tag, l4_utcb());
	p->done = 1;
}

KTEST(send_and_wait)
{
	KT_SCOPE();
	memset(&partner, 0, sizeof(partner));
	l4_cap_idx_t th;
	KT_EQ(kt_thread_start(&th, partner_fn, &partner, KT_MAIN_PRIO + 1), 0);
	l4_utcb_mr()->mr[0] = 41;
	l4_umword_t label = 0;
	l4_msgtag_t tag =
	    l4_ipc_send_and_wait(th, l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, kt_safety_timeout());
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(l4_msgtag_label(tag), 0x66);
	KT_EQ(l4_msgtag_words(tag), 1);
	KT_EQ(l4_utcb_mr()->mr[0], 42);
	KT_EQ(label, L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
	KT_ASSERT(kt_wait_ge(&partner.done, 1, KT_SAFETY_US));
	KT_EQ(partner.got, 41);
	KT_EQ(partner.err, 0);
}

/* ---- capability items ---- */

/* A thread in another task sends its log capability to other_gate. */
static l4_cap_idx_t other_gate;
static void send_log_from_other(void *arg)
{
	(void)arg;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = 0xabc;
	mr->mr[1] = l4_map_obj_control(0, 0);
	mr->mr[2] = l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW).raw;
	l4_ipc_call(other_gate, l4_utcb(), l4_msgtag(0, 1, 1, 0), L4_IPC_NEVER);
}

/* In the server: what arrived in its receive slot. */
static void check_rcv_cap(struct kt_server *s)
{
	s->ext[0] = kt_valid(L4_BASE_TASK_CAP, s->rcv_cap);
	s->ext[1] = l4_vcon_write(s->rcv_cap, "", 0);
}

static int start_cap_server(l4_cap_idx_t *gate, int with_buffer)
{
	l4_cap_idx_t th;
	kt_server_init(&srv);
	srv.rcv_cap = with_buffer ? kt_cap_alloc() : L4_INVALID_CAP;
	srv.on_msg = check_rcv_cap;
	return kt_server_start(&srv, &th, gate, 0x10, KT_MAIN_PRIO + 1);
}

/* One untyped word (0xabc) and one map item. */
static l4_msgtag_t send_item(l4_cap_idx_t gate, l4_umword_t ctl, l4_fpage_t fp)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = 0xabc;
	mr->mr[1] = ctl;
	mr->mr[2] = fp.raw;
	return call(gate, l4_msgtag(0, 1, 1, 0));
}

KTEST(item_maps_capability)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 1), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.items, 1);
	KT_EQ(srv.words, 1);
	KT_EQ(srv.mr[0], 0xabc);
	KT_EQ(srv.ext[0], 1);
	KT_EQ(srv.ext[1], 0);
	KT_EQ(kt_equal(TASK, srv.rcv_cap, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_LOG_CAP), 1);
}

/* In the server: the return item after the words. */
static void save_return_item(struct kt_server *s)
{
	s->ext[2] = (long)l4_utcb_mr()->mr[s->words];
	s->ext[3] = (long)l4_utcb_mr()->mr[s->words + 1];
	check_rcv_cap(s); /* its calls overwrite the MRs */
}

static int start_id_server(l4_cap_idx_t *gate, int local_id)
{
	l4_cap_idx_t th;
	kt_server_init(&srv);
	srv.rcv_cap = kt_cap_alloc() | (local_id ? L4_RCV_ITEM_LOCAL_ID : 0);
	srv.on_msg = save_return_item;
	return kt_server_start(&srv, &th, gate, 0x10, KT_MAIN_PRIO + 1);
}

KTEST(item_return_says_capability_received)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_id_server(&gate, 0), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.ext[2] & 0x3e, L4_RCV_ITEM_CAP_RECEIVED);
	KT_EQ(srv.ext[0], 1);
}

KTEST(local_id_buffer_gets_label_of_own_gate)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_id_server(&gate, 1), 0);
	/* The server's own gate comes back as its label (| W of this item), unmapped. */
	l4_msgtag_t tag =
	    send_item(gate, l4_map_obj_control(0, 0), l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.items, 1);
	KT_EQ(srv.ext[2] & 0x3e, L4_RCV_ITEM_ID_RECEIVED);
	KT_EQ(srv.ext[3], 0x10 | L4_CAP_FPAGE_W);
	KT_EQ(srv.ext[0], 0);
}

KTEST(local_id_buffer_in_same_task_gets_index)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_id_server(&gate, 1), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.ext[2] & 0x3e, L4_RCV_ITEM_LOCAL_ID_RECEIVED);
	KT_EQ(srv.ext[3] & L4_CAP_MASK, L4_BASE_LOG_CAP);
	KT_EQ(srv.ext[0], 0);
}

KTEST(local_id_buffer_from_other_task_still_maps)
{
	KT_SCOPE();
	l4_cap_idx_t gate, task, th;
	KT_EQ(start_id_server(&gate, 1), 0);
	/* A thread of another task sends the log: not local, so it is mapped. */
	KT_EQ(kt_task_create(&task), 0);
	KT_EQ(kt_map(task, TASK, gate, 0x30UL << L4_CAP_SHIFT, L4_CAP_FPAGE_RWS), 0);
	other_gate = 0x30UL << L4_CAP_SHIFT;
	KT_EQ(kt_task_thread_start(task, &th, send_log_from_other, NULL, KT_MAIN_PRIO + 2), 0);
	KT_ASSERT(kt_wait_ge(&srv.count, 1, KT_SAFETY_US));
	KT_EQ(srv.ext[2] & 0x3e, L4_RCV_ITEM_CAP_RECEIVED);
	KT_EQ(srv.ext[0], 1);
}

KTEST(item_reduces_rights)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 1), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RO));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.ext[0], 1);
	KT_EQ(srv.ext[1], -L4_EPERM);
}

KTEST(item_grant_empties_sender_slot)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 1), 0);
	l4_cap_idx_t a = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWS);
	KT_ASSERT(l4_is_valid_cap(a));
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, L4_MAP_ITEM_GRANT),
				    l4_obj_fpage(a, 0, L4_CAP_FPAGE_RWS));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.ext[0], 1);
	KT_EQ(kt_valid(TASK, a), 0);
	KT_EQ(kt_equal(TASK, srv.rcv_cap, L4_BASE_LOG_CAP), 1);
}

KTEST(item_without_receive_buffer_semapfailed)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 0), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW));
	KT_ASSERT(l4_msgtag_has_error(tag));
	KT_EQ(ipc_err(tag), L4_IPC_SEMAPFAILED);
	/* The receiver learns it too (and waits again). */
	KT_ASSERT(kt_wait_ge(&srv.errors, 1, KT_SAFETY_US));
	KT_EQ(srv.last_error, L4_IPC_REMAPFAILED);
	KT_EQ(srv.count, 0);
}

KTEST(item_naming_empty_slot_maps_nothing)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 1), 0);
	l4_msgtag_t tag = send_item(gate, l4_map_obj_control(0, 0),
				    l4_obj_fpage(kt_cap_alloc(), 0, L4_CAP_FPAGE_RWS));
	KT_EQ(ipc_err(tag), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.mr[0], 0xabc);
	KT_EQ(srv.ext[0], 0);
}

KTEST(item_order_too_large_semapfailed)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(start_cap_server(&gate, 1), 0);
	l4_msgtag_t tag =
	    send_item(gate, l4_map_obj_control(0, 0), l4_obj_fpage(0, 17, L4_CAP_FPAGE_RWS));
	KT_EQ(ipc_err(tag), L4_IPC_SEMAPFAILED);
}

/* 63 words and an item do not fit in the 63 message registers. */
KTEST(overlong_message_fails)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	l4_msgtag_t tag = call(gate, l4_msgtag(0, L4_UTCB_GENERIC_DATA_SIZE, 1, 0));
	KT_ASSERT(l4_msgtag_has_error(tag));
	KT_EQ(ipc_err(tag), L4_IPC_SEMSGCUT);
	KT_EQ(srv.count, 0);
}

/* ---- between tasks ---- */

struct child_call {
	l4_cap_idx_t gate; /* in the child task */
	volatile int done;
	volatile long err;
	volatile l4_umword_t reply;
};

static struct child_call cc;

static void child_caller(void *arg)
{
	struct child_call *c = arg;
	l4_utcb_mr()->mr[0] = 0x99;
	l4_msgtag_t tag = l4_ipc_call(c->gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	c->err = l4_ipc_error(tag, l4_utcb());
	c->reply = l4_utcb_mr()->mr[0];
	c->done = 1;
}

KTEST(ipc_between_tasks)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, child, ct;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x4440, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_task_create(&child), 0);
	memset(&cc, 0, sizeof(cc));
	cc.gate = kt_cap_alloc();
	KT_EQ(kt_map(child, TASK, gate, cc.gate, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_task_thread_start(child, &ct, child_caller, &cc, 90), 0);
	KT_ASSERT(kt_wait_ge(&cc.done, 1, KT_SAFETY_US));
	KT_EQ(cc.err, 0);
	KT_EQ(cc.reply, ~0x99UL);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.mr[0], 0x99);
	KT_EQ(srv.label, 0x4443);
}

/* The child's slots are its own: the root's slot number means nothing there. */
KTEST(child_task_lacks_root_caps)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, child, ct;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x4440, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_task_create(&child), 0);
	memset(&cc, 0, sizeof(cc));
	cc.gate = gate; /* not mapped into the child */
	KT_EQ(kt_task_thread_start(child, &ct, child_caller, &cc, 90), 0);
	KT_ASSERT(kt_wait_ge(&cc.done, 1, KT_SAFETY_US));
	KT_EQ(cc.err, L4_IPC_ENOT_EXISTENT);
	KT_EQ(srv.count, 0);
}

KTEST(thread_unknown_opcode_enosys)
{
	KT_SCOPE();
	l4_cap_idx_t sl;
	KT_EQ(start_sleeper(&sl), 0);
	l4_utcb_mr()->mr[0] = 0x77;
	l4_msgtag_t tag = call(sl, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0));
	KT_EQ(l4_error(tag), -L4_ENOSYS);
}

KTEST(send_to_deleted_thread_not_existent)
{
	KT_SCOPE();
	l4_cap_idx_t sl;
	KT_EQ(start_sleeper(&sl), 0);
	KT_EQ(kt_thread_kill(sl), 0);
	l4_msgtag_t tag = l4_ipc_send(sl, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KT_EQ(ipc_err(tag), L4_IPC_ENOT_EXISTENT);
}

/*
 * Sleep until the CPU was idle: every thread but this one was blocked at some time.
 * How a test knows that threads it cannot see have blocked (in an IPC, say) without
 * a fixed sleep, which a host that stops QEMU can cut short. 1 if it was.
 */
static int wait_idle(void)
{
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
	l4_kernel_clock_t t0 = 0, t = 0;
	if (l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpus, &t0)))
		return 0;
	for (int i = 0; i < 1000 && t <= t0; i++) {
		kt_sleep_us(1000);
		if (l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpus, &t)))
			return 0;
	}
	return t > t0;
}

/* ---- partners deleted during a call ---- */

struct killer {
	l4_cap_idx_t victim;
	volatile int *flag; /* wait for *flag >= 1 first, if set */
	int after_idle;	    /* wait until the others are blocked first, if set */
	volatile int done;
	volatile long err;
};

static struct killer killer;

static void killer_fn(void *arg)
{
	struct killer *k = arg;
	if (k->flag)
		kt_wait_ge(k->flag, 1, KT_SAFETY_US);
	if (k->after_idle)
		wait_idle();
	k->err = l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, k->victim));
	k->done = 1;
}

KTEST(call_aborted_after_receive)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, kth;
	kt_server_init(&srv);
	srv.no_reply = 1;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	memset(&killer, 0, sizeof(killer));
	killer.victim = th;
	killer.flag = &srv.count;
	KT_EQ(kt_thread_start(&kth, killer_fn, &killer, KT_MAIN_PRIO + 2), 0);
	l4_msgtag_t tag = call(gate, l4_msgtag(0, 0, 0, 0));
	KT_EQ(ipc_err(tag), L4_IPC_REABORTED);
	KT_ASSERT(kt_wait_ge(&killer.done, 1, KT_SAFETY_US));
	KT_EQ(killer.err, 0);
	KT_EQ(srv.count, 1);
}

KTEST(call_aborted_while_queued)
{
	KT_SCOPE();
	l4_cap_idx_t sl, gate, kth;
	KT_EQ(start_sleeper(&sl), 0);
	KT_EQ(kt_gate_create(&gate, sl, 0x10), 0);
	memset(&killer, 0, sizeof(killer));
	killer.victim = sl;
	killer.after_idle = 1; /* main is queued at sl then */
	KT_EQ(kt_thread_start(&kth, killer_fn, &killer, KT_MAIN_PRIO + 2), 0);
	l4_msgtag_t tag = call(gate, l4_msgtag(0, 0, 0, 0));
	KT_EQ(ipc_err(tag), L4_IPC_SEABORTED);
	KT_ASSERT(kt_wait_ge(&killer.done, 1, KT_SAFETY_US));
	KT_EQ(killer.err, 0);
}

/* ---- order of queued senders ---- */

struct client {
	l4_cap_idx_t gate;
	l4_umword_t id;
	volatile int done;
	volatile long err;
};

static struct client clients[3];

static void client_fn(void *arg)
{
	struct client *c = arg;
	l4_utcb_mr()->mr[0] = c->id;
	l4_msgtag_t tag = l4_ipc_call(c->gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	c->err = l4_ipc_error(tag, l4_utcb());
	c->done = 1;
}

/* Clients at prio[i] with id[i] queue on a held server's gate in this order (each
 * blocks there before the next starts), then it serves them. */
static void queue_clients(const unsigned *prio, const l4_umword_t *id)
{
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	srv.hold = 1;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 1), 0);
	memset(clients, 0, sizeof(clients));
	for (int i = 0; i < 3; i++) {
		l4_cap_idx_t c;
		clients[i].gate = gate;
		clients[i].id = id[i];
		KT_EQ(kt_thread_start(&c, client_fn, &clients[i], prio[i]), 0);
		KT_ASSERT(wait_idle()); /* it runs now and blocks on the gate */
	}
	KT_EQ(srv.count, 0);
	srv.hold = 0;
	KT_ASSERT(kt_wait_ge(&srv.count, 3, KT_SAFETY_US));
	for (int i = 0; i < 3; i++) {
		KT_ASSERT(kt_wait_ge(&clients[i].done, 1, KT_SAFETY_US));
		KT_EQ(clients[i].err, 0);
	}
}

KTEST(senders_served_in_priority_order)
{
	KT_SCOPE();
	static const unsigned prio[3] = {60, 80, 70};
	static const l4_umword_t id[3] = {60, 80, 70};
	queue_clients(prio, id);
	KT_EQ(srv.log[0], 80);
	KT_EQ(srv.log[1], 70);
	KT_EQ(srv.log[2], 60);
}

KTEST(equal_priority_senders_fifo)
{
	KT_SCOPE();
	static const unsigned prio[3] = {60, 60, 60};
	static const l4_umword_t id[3] = {1, 2, 3};
	queue_clients(prio, id);
	KT_EQ(srv.log[0], 1);
	KT_EQ(srv.log[1], 2);
	KT_EQ(srv.log[2], 3);
}
