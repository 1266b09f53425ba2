/* echo_server.c - the tutorial's server: answers each request with its bytes upper-cased. */
#include "echo.h"
#include <ctype.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <stdio.h>

/*
 * The label we give our gate when binding it. The kernel hands it to us with every
 * message that comes through the gate, ORed with the sender's W and S rights in
 * bits 0-1, so it must be a multiple of 4. A server with several gates tells them
 * apart by their labels.
 */
#define GATE_LABEL 0x10

/*
 * Answer one request: @tag is what the client sent, its words are in @mr. The reply
 * is built in the same registers and its tag returned. The client chose both the
 * word count and mr0: trust neither, and read no register it did not send.
 */
static l4_msgtag_t echo(l4_msgtag_t tag, l4_msg_regs_t *mr)
{
	if (l4_msgtag_label(tag) != ECHO_PROTO)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	unsigned words = l4_msgtag_words(tag);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	l4_umword_t n = mr->mr[0];
	if (n > ECHO_MAX) /* first: ECHO_WORDS() of a huge n would overflow */
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (ECHO_WORDS(n) > words)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	unsigned char *bytes = (unsigned char *)&mr->mr[1];
	for (l4_umword_t i = 0; i < n; i++)
		bytes[i] = (unsigned char)toupper(bytes[i]);
	/* mr0 still holds n: the reply is mr0 and the bytes, changed in place. */
	return l4_msgtag(0, ECHO_WORDS(n), 0, 0);
}

int main(void)
{
	/* The root task gave us the gate, with the server right, under the name "echo". */
	l4_cap_idx_t gate = l4re_env_get_cap("echo");
	if (l4_is_invalid_cap(gate)) {
		printf("echo_server: no capability 'echo'\n");
		return 1;
	}
	/* From now on messages sent through the gate come to this thread. Callers that
	 * came before the bind have been waiting at the gate; they are served now. */
	if (l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, GATE_LABEL)) < 0) {
		printf("echo_server: cannot bind the gate (no server right?)\n");
		return 2;
	}
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, u)) {
			/* The receive failed (e.g. the sender was cancelled): no one to answer. */
			tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
			continue;
		}
		/* Only what came through our gate is a request (bits 0-1: the sender's
		 * rights); a message sent straight to our thread is refused. */
		l4_msgtag_t reply = l4_msgtag(-L4_EINVAL, 0, 0, 0);
		if ((label & ~3UL) == GATE_LABEL)
			reply = echo(tag, l4_utcb_mr_u(u));
		/* Answer this caller and wait for the next one, in one system call. */
		tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_NEVER);
	}
}
