/* session.c - opening a session on a server's factory gate, retried while it restarts. */
#include <l4/re/c/util/session.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>

/* How long one request may wait for a server that is busy but alive. */
#define SESSION_CALL_TIMEOUT l4_timeout(l4_timeout_rel(1000, 10), L4_IPC_TIMEOUT_NEVER)

long l4re_util_session_open(l4_cap_idx_t srv, long proto, const char *tag, l4_cap_idx_t slot,
			    unsigned tries)
{
	long err = -L4_EINVAL;
	for (unsigned i = 0; i < tries; i++) {
		l4_utcb_t *u = l4_utcb();
		l4_msgtag_t t = l4_factory_create_start_u(proto, slot, u);
		if (tag && !l4_factory_create_add_str_u(tag, &t, u))
			return -L4_E2BIG;
		l4_msgtag_t r = l4_ipc_call(srv, u, t, SESSION_CALL_TIMEOUT);
		err = l4_error(r);
		if (l4_ipc_error(r, u) != L4_IPC_ENOT_EXISTENT)
			return err;
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 0)));
	}
	return err;
}
