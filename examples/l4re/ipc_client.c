/* ipc_client.c - has its server square numbers over a named gate; L4Re's sys/ipc client. */
/*
 * Keel's own program, written the way L4Re's client/server version of the example
 * uses the calls: the channel comes from the loader's configuration as a named
 * capability (l4re_env_get_cap), each call carries one word and gets its square
 * back, with a second's sleep between calls. L4Re's client counts on for ever; this
 * one stops after three calls and checks the squares.
 */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>

#include <stdio.h>
#include <unistd.h>

#define ROUNDS 3

int main(void)
{
	l4_msgtag_t tag;
	int ipc_error;
	unsigned long value = 1;
	int right = 0;

	l4_cap_idx_t server = l4re_env_get_cap("channel");
	if (l4_is_invalid_cap(server)) {
		printf("ipc_client: no IPC gate named channel\n");
		return 1;
	}

	for (int i = 0; i < ROUNDS; i++) {
		printf("ipc_client: sending %lu\n", value);
		l4_utcb_mr()->mr[0] = value;
		tag = l4_ipc_call(server, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
		ipc_error = l4_ipc_error(tag, l4_utcb());
		if (ipc_error) {
			fprintf(stderr, "ipc_client: IPC error: %x\n", ipc_error);
		} else {
			/* Taken out before printf, whose writes to the log are IPC too. */
			l4_umword_t square = l4_utcb_mr()->mr[0];
			printf("ipc_client: received %lu\n", square);
			right += square == value * value;
		}
		sleep(1);
		value++;
	}
	printf("ipc_client: %d of %d squares right\n", right, ROUNDS);
	return right == ROUNDS ? 0 : 2;
}
