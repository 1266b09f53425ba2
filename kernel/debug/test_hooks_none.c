/* test_hooks_none.c - production kernels: no test hooks. */
#include "debug/test_hooks.h"
#include <l4/sys/err.h>

void test_hooks_run(const char *cmdline)
{
	(void)cmdline;
}

long test_hooks_irq_pend(unsigned irq)
{
	(void)irq;
	return -L4_ENOSYS;
}

void test_hooks_preempt_point(void)
{
}

long test_hooks_self_check(struct thread *caller)
{
	(void)caller;
	return -L4_ENOSYS;
}
