/* echo_client.c - the tutorial's client: sends a few lines to echo_server, prints the replies. */
#include "echo.h"
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <stdio.h>
#include <string.h>

/*
 * Send @text through @gate and wait for the reply, which goes to @out (ECHO_MAX + 1
 * bytes). Return its length, or a negative error: an IPC error (-(L4_EIPC_LO + code),
 * e.g. the server is gone) or the error label the server replied with.
 */
static long echo(l4_cap_idx_t gate, const char *text, char *out)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_umword_t n = strlen(text);
	if (n > ECHO_MAX)
		return -L4_EINVAL;
	mr->mr[0] = n;
	memcpy(&mr->mr[1], text, n);
	l4_msgtag_t tag =
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(ECHO_PROTO, ECHO_WORDS(n), 0, 0), L4_IPC_NEVER);
	long err = l4_error(tag);
	if (err < 0)
		return err;
	/* The reply's length is the server's word: check it as the server checks ours. */
	n = mr->mr[0];
	if (n > ECHO_MAX || ECHO_WORDS(n) > l4_msgtag_words(tag))
		return -L4_EMSGTOOSHORT;
	memcpy(out, &mr->mr[1], n);
	out[n] = 0;
	return (long)n;
}

int main(void)
{
	/* The same gate as the server's, but without the server right: we can only call. */
	l4_cap_idx_t gate = l4re_env_get_cap("echo");
	if (l4_is_invalid_cap(gate)) {
		printf("echo_client: no capability 'echo'\n");
		return 1;
	}
	static const char *const lines[] = {"hello, keel", "capabilities, not names",
					    "ipc is a rendezvous"};
	char reply[ECHO_MAX + 1];
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		long n = echo(gate, lines[i], reply);
		if (n < 0) {
			printf("echo_client: '%s' failed: %ld\n", lines[i], n);
			return 2;
		}
		printf("echo_client: '%s' -> '%s'\n", lines[i], reply);
	}
	/* A protocol the server does not speak: it must refuse, not guess. */
	long err = l4_error(
	    l4_ipc_call(gate, l4_utcb(), l4_msgtag(ECHO_PROTO + 1, 1, 0, 0), L4_IPC_NEVER));
	printf("echo_client: a wrong protocol label gets %ld (-L4_EBADPROTO is %d)\n", err,
	       -L4_EBADPROTO);
	return err == -L4_EBADPROTO ? 0 : 3;
}
