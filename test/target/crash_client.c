/* crash_client.c - a crash_server client that re-establishes its session (test_restart). */
#include "crash_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/session.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ROUNDS 4000

static l4_timeout_t ms(unsigned n)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(n, 10)); /* n < 1024 */
}

/* Echo @n through @session. Return: n + 1, or a negative error (IPC or server). */
static long echo(l4_cap_idx_t session, long n)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CRASH_ECHO;
	mr->mr[1] = (l4_umword_t)n;
	l4_msgtag_t tag =
	    l4_ipc_call(session, l4_utcb(), l4_msgtag(CRASH_PROTO, 2, 0, 0), ms(1000));
	long err = l4_error(tag);
	return err < 0 ? err : (long)mr->mr[0];
}

/* Tell the parent through its gate @ready (if it gave one) that the first echo worked. */
static void note_ready(l4_cap_idx_t ready)
{
	if (l4_is_invalid_cap(ready))
		return;
	l4_utcb_mr()->mr[0] = 1;
	l4_ipc_call(ready, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
}

/*
 * Echo through a session until @wanted calls have worked after the server was lost
 * at least once. Whenever a call fails, the session is opened again (the factory
 * gate answers again once the parent has restarted the server). The parent learns
 * through the gate "ready" when the first echo worked.
 */
int main(int argc, char **argv)
{
	l4_cap_idx_t srv = l4re_env_get_cap("srv");
	l4_cap_idx_t ready = l4re_env_get_cap("ready");
	long wanted = argc > 1 ? atol(argv[1]) : 20;
	l4_cap_idx_t session = l4re_util_cap_alloc();
	unsigned losses = 0;
	long good = 0, good_after_loss = 0;
	bool open = false;
	if (l4_is_invalid_cap(srv))
		return 1;
	for (long round = 0; round < MAX_ROUNDS; round++) {
		if (!open) {
			open = l4re_util_session_open(srv, CRASH_PROTO, NULL, session, 1) == 0;
			if (!open) {
				l4_ipc_sleep(ms(2));
				continue;
			}
		}
		long r = echo(session, round);
		if (r == round + 1) {
			if (!good++)
				note_ready(ready);
			if (losses && ++good_after_loss == wanted) {
				printf("crash_client: working again after %u lost session(s)\n",
				       losses);
				return 0;
			}
		} else {
			printf("crash_client: session lost (%ld), opening a new one\n", r);
			l4_task_release_cap(L4_BASE_TASK_CAP, session);
			open = false;
			losses++;
		}
		l4_ipc_sleep(ms(1));
	}
	return 2;
}
