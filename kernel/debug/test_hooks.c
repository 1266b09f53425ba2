/* test_hooks.c - test kernels only: deliberate kernel faults and stack overflow, interrupts on
 * demand. */
#include "debug/test_hooks.h"
#include "plat.h"
#include "boot/cmdline.h"
#include "lib/printk.h"
#include "debug/self_check.h"
#include "object/task.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <stdint.h>

/* Two real frames, so the panic's call trace has something to show. */
__attribute__((noinline)) static int read_bad_pointer(volatile int *p)
{
	return *p + 1;
}

/* Kept in a variable so the compiler cannot see the address is bad. */
static volatile uintptr_t bad_address = 0x10;

__attribute__((noinline)) static int deliberate_kernel_fault(void)
{
	kprintf("keel: test hook: faulting in kernel mode on purpose\n");
	return read_bad_pointer((volatile int *)bad_address) + 1;
}

/* The line test=preempt_irq=N makes pending at each preemption point (0: none). */
static unsigned preempt_irq;

/*
 * Recursion with a 256-byte frame until the kernel stack runs into its guard page:
 * the panic must say so. The bound is never reached (the stack is 16 KiB); it keeps
 * the compiler from calling the recursion infinite.
 */
__attribute__((noinline)) static unsigned recurse(volatile unsigned *depth)
{
	volatile char frame[256];
	frame[0] = (char)*depth;
	if (++*depth > 1000000)
		return 0;
	return recurse(depth) + (unsigned)frame[0];
}

void test_hooks_run(const char *cmdline)
{
	char value[8];
	if (cmdline_has(cmdline, "test=kernel_fault"))
		kprintf("keel: result %d\n", deliberate_kernel_fault());
	if (cmdline_has(cmdline, "test=stack_overflow")) {
		volatile unsigned depth = 0;
		kprintf("keel: test hook: overflowing the kernel stack on purpose\n");
		kprintf("keel: result %u\n", recurse(&depth));
	}
	if (cmdline_value(cmdline, "test=preempt_irq", value, sizeof(value)))
		for (const char *c = value; *c >= '0' && *c <= '9'; c++)
			preempt_irq = preempt_irq * 10 + (unsigned)(*c - '0');
}

void test_hooks_preempt_point(void)
{
	if (preempt_irq)
		plat_irq_set_pending(preempt_irq, true);
}

/**
 * test_hooks_irq_pend() - set @irq pending in the interrupt controller (on the GIC:
 * the distributor's set-pending register), so the hardware path of an interrupt
 * (controller, kernel entry, IRQ object, IPC) runs without a device.
 * Return: 0.
 */
long test_hooks_irq_pend(unsigned irq)
{
	plat_irq_set_pending(irq, true);
	return 0;
}

long test_hooks_self_check(struct thread *caller)
{
	if (caller->task->id != 1)
		return -L4_EPERM; /* only the root task: a fuzzer must not stall the kernel */
	return kernel_self_check() ? -L4_EIO : 0;
}
