/* capdl_crasher.c - opens a session of crash_server ("srv") and makes the server crash once. */
#include "crash_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/session.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <stdio.h>

int main(void)
{
	l4_cap_idx_t srv = l4re_env_get_cap("srv");
	l4_cap_idx_t session = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(srv) ||
	    l4re_util_session_open(srv, CRASH_PROTO, NULL, session, 1000) != 0) {
		printf("capdl_crasher: no session\n");
		return 1;
	}
	printf("capdl_crasher: crashing the server\n");
	l4_utcb_mr()->mr[0] = CRASH_FAULT;
	/* The server dies in the call: the call fails (the reply never comes). */
	l4_ipc_call(session, l4_utcb(), l4_msgtag(CRASH_PROTO, 1, 0, 0), L4_IPC_NEVER);
	return 0;
}
