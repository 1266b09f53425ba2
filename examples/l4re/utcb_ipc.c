/* utcb_ipc.c - two threads exchange whole UTCB messages; L4Re's sys/utcb-ipc. */
/*
 * Keel's own program, written the way L4Re's example uses the calls (L4Re's code is
 * not copied): the main thread makes a second thread by hand (a capability slot from
 * the allocator, the factory, thread control with the region mapper as pager and
 * exception handler, the first free UTCB, ex_regs, the scheduler) and sends it ten
 * messages of L4_UTCB_GENERIC_DATA_SIZE words; the second thread receives each from
 * the main thread only (a closed wait) and prints it. Unlike L4Re's, whose threads run
 * until the program is stopped, the second thread checks every word, says when it
 * has all ten, and the program ends.
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/util/thread.h>

#include <stdio.h>
#include <string.h>

#define ROUNDS 10

static unsigned char stack2[8 << 10];
static l4_cap_idx_t thread1_cap, thread2_cap;

/* The character word @j of message @i holds (printable ASCII from 'A' on). */
static char expected_char(int i, int j)
{
	return (char)('A' + (i + j) % ('~' - 'A' + 1));
}

static void thread1(void)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	l4_msgtag_t tag;
	int i, j;

	printf("Thread1 up (%p)\n", (void *)l4_utcb());

	for (i = 0; i < ROUNDS; i++) {
		for (j = 0; j < L4_UTCB_GENERIC_DATA_SIZE; j++)
			mr->mr[j] = (l4_umword_t)expected_char(i, j);
		tag = l4_msgtag(0, L4_UTCB_GENERIC_DATA_SIZE, 0, 0);
		if (l4_msgtag_has_error(l4_ipc_send(thread2_cap, l4_utcb(), tag, L4_IPC_NEVER)))
			printf("IPC-send error\n");
	}
}

L4UTIL_THREAD_STATIC_FUNC(thread2)
{
	l4_msgtag_t tag;
	l4_msg_regs_t mr;
	unsigned i;
	int good = 0;

	printf("Thread2 up (%p)\n", (void *)l4_utcb());

	for (int round = 0; round < ROUNDS; round++) {
		if (l4_msgtag_has_error(tag = l4_ipc_receive(thread1_cap, l4_utcb(), L4_IPC_NEVER)))
			printf("IPC receive error\n");
		memcpy(&mr, l4_utcb_mr(), sizeof(mr));
		char text[L4_UTCB_GENERIC_DATA_SIZE + 1];
		int same = l4_msgtag_words(tag) == L4_UTCB_GENERIC_DATA_SIZE;
		for (i = 0; i < l4_msgtag_words(tag) && i < L4_UTCB_GENERIC_DATA_SIZE; i++) {
			text[i] = (char)mr.mr[i];
			same = same && text[i] == expected_char(round, (int)i);
		}
		text[i] = '\0';
		printf("Thread2 receive (%u): %s\n", l4_msgtag_words(tag), text);
		good += same;
	}

	/* Keel's addition: tell the main thread how many messages were as sent. */
	l4_utcb_mr()->mr[0] = (l4_umword_t)good;
	l4_ipc_send(thread1_cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
	for (;;)
		l4_ipc_receive(thread1_cap, l4_utcb(), L4_IPC_NEVER);
}

int main(void)
{
	l4_msgtag_t tag;

	thread1_cap = l4re_env()->main_thread;
	thread2_cap = l4re_util_cap_alloc();

	if (l4_is_invalid_cap(thread2_cap))
		return 1;

	tag = l4_factory_create_thread(l4re_env()->factory, thread2_cap);
	if (l4_error(tag))
		return 1;

	l4_thread_control_start();
	l4_thread_control_pager(l4re_env()->rm);
	l4_thread_control_exc_handler(l4re_env()->rm);
	l4_thread_control_bind((l4_utcb_t *)l4re_env()->first_free_utcb, L4RE_THIS_TASK_CAP);
	tag = l4_thread_control_commit(thread2_cap);
	if (l4_error(tag))
		return 2;

	tag = l4_thread_ex_regs(thread2_cap, (l4_umword_t)thread2,
				(l4_umword_t)(stack2 + sizeof(stack2)), 0);
	if (l4_error(tag))
		return 3;

	l4_sched_param_t sp = l4_sched_param(1, 0);
	tag = l4_scheduler_run_thread(l4re_env()->scheduler, thread2_cap, &sp);
	if (l4_error(tag))
		return 4;

	thread1();

	tag = l4_ipc_receive(thread2_cap, l4_utcb(), L4_IPC_NEVER);
	if (l4_ipc_error(tag, l4_utcb()))
		return 5;
	/* Taken out before printf, whose writes to the log are IPC too. */
	l4_umword_t good = l4_utcb_mr()->mr[0];
	printf("utcb-ipc: %lu of %d messages arrived as sent\n", good, ROUNDS);
	return good == ROUNDS ? 0 : 6;
}
