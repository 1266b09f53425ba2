/*
 * test_gate.c - IPC gates: label information, (re)binding, the server right and how
 * mapping carries it, calls through unbound gates.
 */
#include "ktest_util.h"
#include <string.h>

#define TASK L4_BASE_TASK_CAP

static struct kt_server srv, srv2;

static l4_msgtag_t call(l4_cap_idx_t dst, l4_timeout_t to)
{
	return l4_ipc_call(dst, l4_utcb(), l4_msgtag(0, 0, 0, 0), to);
}

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

static long get_label(l4_cap_idx_t gate, l4_umword_t *label)
{
	return l4_error(l4_ipc_gate_get_infos(gate, label));
}

KTEST(get_infos_returns_label)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x5670, KT_MAIN_PRIO + 1), 0);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x5670);
}

KTEST(get_infos_of_unbound_gate)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x40);
}

KTEST(bind_changes_thread_and_label)
{
	KT_SCOPE();
	l4_cap_idx_t th1, th2, gate;
	kt_server_init(&srv);
	kt_server_init(&srv2);
	KT_EQ(kt_server_start(&srv, &th1, &gate, 0x100, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_server_start(&srv2, &th2, NULL, 0, KT_MAIN_PRIO + 1), 0);
	KT_EQ(ipc_err(call(gate, kt_safety_timeout())), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, 0x103);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(gate, th2, 0x200)), 0);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x200);
	KT_EQ(ipc_err(call(gate, kt_safety_timeout())), 0);
	KT_EQ(srv2.count, 1);
	KT_EQ(srv2.label, 0x203);
	KT_EQ(srv.count, 1);
}

KTEST(bind_unbound_gate)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(gate, th, 0x300)), 0);
	KT_EQ(ipc_err(call(gate, kt_safety_timeout())), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, 0x303);
}

KTEST(bind_to_non_thread_einval)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(gate, L4_BASE_LOG_CAP, 0x50)), -L4_EINVAL);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x40);
}

KTEST(gate_unknown_opcode_enosys)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_utcb_mr()->mr[0] = 0x7f;
	l4_msgtag_t tag =
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_ENOSYS);
}

/* ---- the server right ---- */

KTEST(bind_without_server_right_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x100, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t copy = kt_copy(gate, L4_CAP_FPAGE_RWSD); /* map attributes 0 */
	KT_ASSERT(l4_is_valid_cap(copy));
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(copy, th, 0x900)), -L4_EPERM);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x100);
}

KTEST(get_infos_without_server_right_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_cap_idx_t copy = kt_copy(gate, L4_CAP_FPAGE_RWSD);
	KT_ASSERT(l4_is_valid_cap(copy));
	l4_umword_t label = 0;
	KT_EQ(get_label(copy, &label), -L4_EPERM);
}

KTEST(map_with_server_attribute_keeps_right)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x100, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t copy = kt_cap_alloc();
	KT_EQ(kt_map_obj_rights(TASK, TASK, gate, copy, L4_CAP_FPAGE_RWS, L4_FPAGE_C_IPCGATE_SVR),
	      0);
	l4_umword_t label = 0;
	KT_EQ(get_label(copy, &label), 0);
	KT_EQ(label, 0x100);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(copy, th, 0x500)), 0);
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x500);
}

/* The server right is independent of W: a read-only copy with it may get the label. */
KTEST(server_right_without_w)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_cap_idx_t copy = kt_cap_alloc();
	KT_EQ(kt_map_obj_rights(TASK, TASK, gate, copy, L4_CAP_FPAGE_RO, L4_FPAGE_C_IPCGATE_SVR),
	      0);
	l4_umword_t label = 0;
	KT_EQ(get_label(copy, &label), 0);
	KT_EQ(label, 0x40);
}

/* A copy without the server right cannot pass it on, whatever the attributes say. */
KTEST(server_right_not_regained)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_cap_idx_t plain = kt_copy(gate, L4_CAP_FPAGE_RWSD);
	KT_ASSERT(l4_is_valid_cap(plain));
	l4_cap_idx_t again = kt_cap_alloc();
	KT_EQ(
	    kt_map_obj_rights(TASK, TASK, plain, again, L4_CAP_FPAGE_RWSD, L4_FPAGE_C_IPCGATE_SVR),
	    0);
	KT_EQ(kt_equal(TASK, again, gate), 1);
	l4_umword_t label = 0;
	KT_EQ(get_label(again, &label), -L4_EPERM);
}

KTEST(server_right_through_other_task)
{
	KT_SCOPE();
	l4_cap_idx_t b;
	KT_EQ(kt_task_create_empty(&b), 0);
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_cap_idx_t in_b = kt_cap_alloc(), back = kt_cap_alloc();
	KT_EQ(kt_map_obj_rights(b, TASK, gate, in_b, L4_CAP_FPAGE_RWS, L4_FPAGE_C_IPCGATE_SVR), 0);
	KT_EQ(kt_map_obj_rights(TASK, b, in_b, back, L4_CAP_FPAGE_RWS, L4_FPAGE_C_IPCGATE_SVR), 0);
	l4_umword_t label = 0;
	KT_EQ(get_label(back, &label), 0);
	KT_EQ(label, 0x40);
}

/* The receiver's label: the gate label with the low two bits replaced by W and S. */
KTEST(label_low_bits_replaced_by_rights)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x1237, KT_MAIN_PRIO + 1), 0);
	l4_cap_idx_t ro = kt_copy(gate, L4_CAP_FPAGE_RO);
	l4_cap_idx_t rs = kt_copy(gate, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(ro) && l4_is_valid_cap(rs));
	KT_EQ(ipc_err(call(ro, kt_safety_timeout())), 0);
	KT_EQ(srv.label, 0x1234);
	KT_EQ(ipc_err(call(rs, kt_safety_timeout())), 0);
	KT_EQ(srv.label, 0x1236);
}

/* ---- unbound gates: a call waits for a thread to be bound, or times out ---- */

KTEST(call_unbound_gate_zero_timeout)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	l4_msgtag_t tag = call(gate, L4_IPC_SEND_TIMEOUT_0);
	KT_ASSERT(l4_msgtag_has_error(tag));
	KT_EQ(ipc_err(tag), L4_IPC_SETIMEOUT);
}

KTEST(call_unbound_gate_relative_timeout)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	/* The upper bound is a sanity check, of the best of three tries: a loaded host may
	 * stop QEMU for a while during any one. */
	uint64_t best = ~0ULL;
	for (int i = 0; i < 3 && best >= 500000; i++) {
		uint64_t t0 = kt_now_us();
		l4_msgtag_t tag = call(gate, l4_timeout(kt_timeout_us(3000), L4_IPC_TIMEOUT_NEVER));
		uint64_t took = kt_now_us() - t0;
		KT_EQ(ipc_err(tag), L4_IPC_SETIMEOUT);
		KT_ASSERT(took >= 3000);
		best = took < best ? took : best;
	}
	KT_ASSERT(best < 500000);
}

struct client {
	l4_cap_idx_t gate;
	volatile int done;
	volatile long err;
};

static struct client client;

static void client_fn(void *arg)
{
	struct client *c = arg;
	l4_msgtag_t tag = l4_ipc_call(c->gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	c->err = l4_ipc_error(tag, l4_utcb());
	c->done = 1;
}

KTEST(call_waits_until_gate_bound)
{
	KT_SCOPE();
	l4_cap_idx_t gate, ct, th;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	memset(&client, 0, sizeof(client));
	client.gate = gate;
	KT_EQ(kt_thread_start(&ct, client_fn, &client, KT_MAIN_PRIO + 1), 0);
	kt_sleep_us(2000);
	KT_EQ(client.done, 0);
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(gate, th, 0x500)), 0);
	KT_ASSERT(kt_wait_ge(&client.done, 1, KT_SAFETY_US));
	KT_EQ(client.err, 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, 0x503);
}

KTEST(deleting_gate_aborts_waiting_callers)
{
	KT_SCOPE();
	l4_cap_idx_t gate, ct;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x40), 0);
	memset(&client, 0, sizeof(client));
	client.gate = gate;
	KT_EQ(kt_thread_start(&ct, client_fn, &client, KT_MAIN_PRIO + 1), 0);
	KT_EQ(client.done, 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, gate)), 0);
	KT_ASSERT(kt_wait_ge(&client.done, 1, KT_SAFETY_US));
	KT_EQ(client.err, L4_IPC_SEABORTED);
}

/* A gate whose thread is deleted survives, orphaned: calls fail at once (a server's
 * clients must not hang on it), whatever the timeout, until a thread is bound again. */
KTEST(gate_orphaned_when_thread_deleted)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x100, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_thread_kill(th), 0);
	KT_EQ(kt_valid(TASK, gate), 1);
	l4_umword_t label = 0;
	KT_EQ(get_label(gate, &label), 0);
	KT_EQ(label, 0x100);
	KT_EQ(ipc_err(call(gate, L4_IPC_SEND_TIMEOUT_0)), L4_IPC_ENOT_EXISTENT);
	KT_EQ(ipc_err(call(gate, L4_IPC_NEVER)), L4_IPC_ENOT_EXISTENT);
	KT_EQ(ipc_err(l4_ipc_send(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER)),
	      L4_IPC_ENOT_EXISTENT);
}

/* Binding an orphaned gate to a new thread (a restarted server) makes it work again. */
KTEST(orphaned_gate_works_when_bound_again)
{
	KT_SCOPE();
	l4_cap_idx_t th, th2, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x100, KT_MAIN_PRIO + 1), 0);
	KT_EQ(kt_thread_kill(th), 0);
	KT_EQ(ipc_err(call(gate, L4_IPC_NEVER)), L4_IPC_ENOT_EXISTENT);
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th2, NULL, 0, KT_MAIN_PRIO + 1), 0);
	KT_EQ(l4_error(l4_ipc_gate_bind_thread(gate, th2, 0x200)), 0);
	KT_EQ(ipc_err(call(gate, kt_safety_timeout())), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(srv.label, 0x203);
}
