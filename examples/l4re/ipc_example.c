/* ipc_example.c - a pthread squares what the main thread sends; L4Re's sys/ipc/ipc_example.c. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: a pthread
 * serves (l4_ipc_wait, then l4_ipc_reply_and_wait), the main thread calls it through
 * pthread_l4_cap() with one word and sleeps a second between calls. L4Re's client
 * counts on for ever; this one stops after three calls and checks the squares.
 */
#include <l4/sys/ipc.h>

#include <pthread-l4.h>
#include <stdio.h>
#include <unistd.h>

#define ROUNDS 3

static pthread_t t2;

/* The client: sends a value, gets its square back. Returns how many came back right. */
static int thread1_fn(void)
{
	l4_msgtag_t tag;
	int ipc_error;
	unsigned long value = 1;
	int right = 0;

	for (int i = 0; i < ROUNDS; i++) {
		printf("Sending:  %lu\n", value);

		l4_utcb_mr()->mr[0] = value;
		tag =
		    l4_ipc_call(pthread_l4_cap(t2), l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
		ipc_error = l4_ipc_error(tag, l4_utcb());
		if (ipc_error) {
			fprintf(stderr, "thread1: IPC error: %x\n", ipc_error);
		} else {
			/* Taken out before printf, whose writes to the log are IPC too. */
			l4_umword_t square = l4_utcb_mr()->mr[0];
			printf("Received: %lu\n", square);
			right += square == value * value && l4_msgtag_words(tag) == 1;
		}

		sleep(1);
		value++;
	}
	return right;
}

/* The server: waits for any caller, replies with the square of its word. */
static void *thread2_fn(void *arg)
{
	l4_msgtag_t tag;
	l4_umword_t label;
	int ipc_error;
	(void)arg;

	tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		ipc_error = l4_ipc_error(tag, l4_utcb());
		if (ipc_error) {
			fprintf(stderr, "thread2: IPC error: %x\n", ipc_error);
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}

		l4_utcb_mr()->mr[0] = l4_utcb_mr()->mr[0] * l4_utcb_mr()->mr[0];

		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
	}
	return NULL;
}

int main(void)
{
	if (pthread_create(&t2, NULL, thread2_fn, NULL)) {
		fprintf(stderr, "Thread creation failed\n");
		return 1;
	}

	int right = thread1_fn();
	printf("ipc: %d of %d squares right\n", right, ROUNDS);
	return right == ROUNDS ? 0 : 2;
}
