/* bench_irq.c - a hardware interrupt to its user handler, counted in instructions (test kernel). */
#include "ktest_util.h"
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <stdio.h>

/*
 * Run under QEMU with -icount shift=0 (scripts/bench): the cycle counter counts guest
 * instructions. A test kernel (its hook makes a line pending at the GIC); an image of
 * its own, so that bench_ipc's lines are the plain kernel's.
 */
static inline uint32_t cycles(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
}

static void report(const char *what, uint64_t sum, unsigned n, uint32_t overhead)
{
	printf("bench: %-40s %6lu instructions\n", what, (unsigned long)(sum / n - overhead));
}

/* ---- a hardware interrupt to its handler ---- */

#define IRQ_LINE      (32 + 100) /* an SPI no QEMU virt device drives */
#define IRQ_IDLE_LINE (32 + 104) /* never bound: pending there, it is never taken */

static volatile uint32_t irq_seen;
static l4_cap_idx_t irq_obj;

static void irq_handler(void *arg)
{
	(void)arg;
	for (;;) {
		l4_umword_t label;
		l4_irq_wait(irq_obj, &label, L4_IPC_NEVER);
		irq_seen = cycles();
	}
}

/* Make @line pending at the GIC (the test kernel's hook); Return: counter after. */
static long pend(unsigned line)
{
	l4_utcb_mr()->mr[0] = L4_ICU_OP_KEEL_TEST_PEND;
	l4_utcb_mr()->mr[1] = line;
	return l4_error(l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 2, 0, 0),
				    L4_IPC_NEVER));
}

/*
 * From the interrupt to the first instruction of its handler thread (above this one)
 * after its l4_irq_wait(): the line is made pending by a system call (test kernel), and
 * the interrupt is taken as that call returns to user mode; the same call on a line
 * that is never taken is subtracted.
 */
static void bench_irq(void)
{
	enum { N = 200 };
	l4_cap_idx_t th;
	irq_obj = kt_cap_alloc();
	if (l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq_obj)) ||
	    l4_error(l4_icu_bind(L4_BASE_ICU_CAP, IRQ_LINE, irq_obj)) ||
	    kt_thread_create(&th, L4_BASE_TASK_CAP, irq_handler, NULL) ||
	    l4_error(l4_rcv_ep_bind_thread(irq_obj, th, 0x10)) ||
	    kt_thread_run(th, KT_MAIN_PRIO + 20)) {
		printf("bench: cannot set up the interrupt handler\n");
		return;
	}
	uint64_t taken = 0, idle = 0;
	for (int i = 0; i < N + 10; i++) {
		irq_seen = 0;
		uint32_t t0 = cycles();
		long err = pend(IRQ_LINE);
		if (err || !irq_seen) {
			printf("bench: the interrupt did not arrive (%ld)\n", err);
			return;
		}
		uint32_t t1 = cycles();
		pend(IRQ_IDLE_LINE);
		uint32_t t2 = cycles();
		if (i >= 10) {
			taken += irq_seen - t0;
			idle += t2 - t1;
		}
	}
	report("hardware IRQ -> user handler running", taken - idle, N, 0);
	/* A bound IRQ is a wakeup the kernel waits for: without it, idle=exit ends QEMU. */
	l4_task_delete_obj(L4_BASE_TASK_CAP, irq_obj);
	kt_thread_kill(th);
}

int main(void)
{
	bench_irq();
	printf("bench: done\n");
	return 0;
}
