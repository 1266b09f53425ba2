/* ipc_server.c - squares numbers for callers of its named gate; L4Re's sys/ipc server. */
/*
 * Keel's own program, written the way L4Re's client/server version of the example
 * uses the calls: the loader's configuration gives the server the channel (an IPC
 * gate) with the server right under the name "channel"; the server binds it to its
 * main thread with a label and answers each call with the square of its word. It
 * serves until the system stops, as L4Re's does.
 */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>

#include <stdio.h>

#define LABEL 0x1230UL

int main(void)
{
	l4_msgtag_t tag;
	l4_umword_t label;
	int ipc_error;
	long err;

	l4_cap_idx_t server = l4re_env_get_cap("channel");
	if (l4_is_invalid_cap(server)) {
		printf("ipc_server: no IPC gate named channel\n");
		return 1;
	}

	err = l4_error(l4_rcv_ep_bind_thread(server, l4re_env()->main_thread, LABEL));
	if (err) {
		printf("ipc_server: cannot bind the channel: %ld\n", err);
		return 1;
	}
	printf("ipc_server: serving the channel\n");

	tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		ipc_error = l4_ipc_error(tag, l4_utcb());
		if (ipc_error) {
			fprintf(stderr, "ipc_server: IPC error: %x\n", ipc_error);
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		/* The word, taken out before printf, whose writes to the log are IPC too;
		 * the gate's label, the low two bits the caller's rights on it. */
		l4_umword_t value = l4_utcb_mr()->mr[0];
		printf("ipc_server: call through label %#lx: %lu\n", label & ~3UL, value);

		l4_utcb_mr()->mr[0] = value * value;
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
	}
}
