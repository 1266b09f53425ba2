/* crash_server.c - a session server that crashes on request (test_restart). */
#include "crash_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>
#include <stdlib.h>

#define LABEL_FACTORY  8
#define LABEL_SESSION0 16
#define MAX_SESSIONS   8

static l4_cap_idx_t sessions[MAX_SESSIONS];
static unsigned session_count;

/* FACTORY create (protocol CRASH_PROTO): a new session gate, mapped in the reply. */
static l4_msgtag_t create_session(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	if (l4_msgtag_label(tag) != L4_PROTO_FACTORY || l4_msgtag_words(tag) < 1 ||
	    (long)mr->mr[0] != CRASH_PROTO)
		return l4_msgtag(-L4_ENODEV, 0, 0, 0);
	if (session_count == MAX_SESSIONS)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	l4_cap_idx_t gate = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_gate(l4re_env()->factory, gate, l4re_env()->main_thread,
					    LABEL_SESSION0 + 4 * session_count)) < 0)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	sessions[session_count++] = gate;
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW).raw;
	return l4_msgtag(0, 0, 1, 0);
}

static l4_msgtag_t session_request(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	if (l4_msgtag_label(tag) != CRASH_PROTO || l4_msgtag_words(tag) < 1)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	switch (mr->mr[0]) {
	case CRASH_ECHO:
		mr->mr[0] = mr->mr[1] + 1;
		return l4_msgtag(0, 1, 0, 0);
	case CRASH_FAULT:
		printf("crash_server: writing to address 0\n");
		// cppcheck-suppress nullPointer ; on purpose
		*(volatile int *)0 = 1;
		break;
	case CRASH_ABORT:
		printf("crash_server: abort\n");
		abort();
	case CRASH_UNDEF:
		printf("crash_server: undefined instruction\n");
		__builtin_trap();
	default:
		break;
	}
	return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
}

int main(void)
{
	l4_cap_idx_t srv = l4re_env_get_cap("srv");
	if (l4_is_invalid_cap(srv) ||
	    l4_error(l4_rcv_ep_bind_thread(srv, l4re_env()->main_thread, LABEL_FACTORY)) < 0) {
		printf("crash_server: needs the server side of a gate 'srv'\n");
		return 1;
	}
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		label &= ~3UL;
		if (l4_ipc_error(tag, u))
			reply = l4_msgtag(-L4_EIO, 0, 0, 0);
		else if (label == LABEL_FACTORY)
			reply = create_session(tag);
		else if (label >= LABEL_SESSION0 && label < LABEL_SESSION0 + 4 * session_count)
			reply = session_request(tag);
		tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_NEVER);
	}
}
